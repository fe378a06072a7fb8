"""`calendar`: a year of study days as a grid, with the learner's streaks."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.domain.limits import EARLIEST_DAY, LATEST_DAY


def calendar(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            min=EARLIEST_DAY.year,
            max=LATEST_DAY.year,
            help="The year to show (default this year).",
        ),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """A year of study days as a grid, with your streaks of days and of weeks on target."""
    from mlpath import clock, render
    from mlpath.domain import breaks, reports, streaks
    from mlpath.render import charts

    today = clock.today()
    reader, snapshot = common.snapshot(ctx)
    by_day = reader.hours_by_day()
    planned = reader.breaks()
    off = breaks.break_days(planned)
    view = charts.year_of(
        by_day,
        year or today.year,
        today=today,
        study_days=streaks.study_streaks(by_day, today=today, breaks=off),
        # Weeks on target over the whole history: a streak does not stop at New Year.
        weeks_on_target=streaks.week_streaks(reports.weeks(snapshot, by_day, today, planned)),
        breaks=off,
    )
    if json:
        render.print_json(charts.calendar_json(view))
    else:
        charts.calendar(view)
