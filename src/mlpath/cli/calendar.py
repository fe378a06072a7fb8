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
            callback=common.within(EARLIEST_DAY.year, LATEST_DAY.year),
            help="The year to show (default this year).",
        ),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """A year of study days as a grid, with your streaks.

    The streaks are of days studied and of weeks on target.
    """
    from datetime import date

    from mlpath import clock, render
    from mlpath.domain import reports
    from mlpath.render import charts

    today = clock.today()
    shown = year or today.year
    reader, snapshot = common.snapshot(ctx)
    view = reports.calendar_year(
        snapshot,
        reader.hours_by_day(),
        year=shown,
        today=today,
        breaks=reader.breaks(),
        review_days={r.day for r in reader.reviews(since=date(shown, 1, 1))},
        review_items=reader.review_items(),
        paper_days=reader.papers_read_days(since=date(shown, 1, 1), until=date(shown, 12, 31)),
    )
    if json:
        render.print_json(charts.calendar_json(view))
    else:
        charts.calendar(view)
