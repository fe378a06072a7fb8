"""Where the learner stands and where they are heading: `status` and `plan`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mlpath.cli import common
from mlpath.cli.base import Command

if TYPE_CHECKING:
    from mlpath.domain.model import Snapshot


def status(ctx: typer.Context, json: common.JsonFlag = False) -> None:
    """Progress by phase, this week's hours, and the projected finish."""
    from mlpath import render
    from mlpath.render import status as view

    report, _ = common.status_report(ctx)
    if json:
        render.print_json(view.status_json(report))
    else:
        view.status(report)


class PlanCommand(Command):
    """`plan`, whose help explains the forecast in the words of the forecast itself."""

    # Any: the types are those of the Click that Typer bundles, which it does not export.
    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        super().format_help_text(ctx, formatter)
        from mlpath.domain.forecast import METHOD  # only when help is shown

        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(METHOD)


def plan(
    ctx: typer.Context,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours", metavar="H", help="Hours per week to plan with (default: your settings)."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day of the plan (default today)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="DATE",
            help="Finish by DATE: the weekly hours it takes, and the plan at those hours.",
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Also write each phase's finish to an iCalendar FILE ('-': stdout, instead).",
        ),
    ] = None,
    rebaseline: Annotated[
        bool,
        typer.Option(
            "--rebaseline",
            help="Make today's plan the one the pace verdict compares against (undoable).",
        ),
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """Project the finish date of every remaining phase.

    It gives each phase's dates on the roadmap's schedule (your --hours, or each phase's
    planned hours) and at your recent pace (the average of your last four complete weeks,
    breaks left out); from four complete weeks of study on, the forecast adds the dates by
    which you finish each phase with 50%, 80% and 95% likelihood.
    """
    from mlpath import clock, render
    from mlpath.cli.parsing import parse_date_within, parse_weekly_hours
    from mlpath.domain import progress, reports
    from mlpath.domain import weekly as weekly_hours
    from mlpath.domain.limits import MAX_HOURS_PER_WEEK
    from mlpath.render import plan as view

    to_stdout = ics is not None and common.is_stdout(ics)
    if to_stdout and json:
        from mlpath.errors import InvalidInput

        raise InvalidInput("--ics - and --json both print to stdout", hint="choose one")
    today = clock.today()
    weekly = parse_weekly_hours(hours) if hours else None
    first_day = (
        parse_date_within(start, today=today, years_back=30, years_ahead=10) if start else None
    )
    target = parse_date_within(by, today=today, years_back=30, years_ahead=100) if by else None

    def planned_now() -> tuple[Snapshot, reports.PlanReport]:
        from datetime import timedelta

        from mlpath.domain import reviews

        reader, snapshot = common.snapshot(ctx)
        # One pass over the entries, as `status` makes: hours by topic for the credit
        # of open topics, and by day for the recent pace and the forecast.
        entries = reader.hours_by_day_and_topic()
        since = today - timedelta(weeks=reviews.LOAD_WEEKS + 1)
        review_hours = reviews.weekly_load(
            reader.reviews(since=since), today=today, start_date=snapshot.settings.start_date
        )
        return snapshot, reports.plan_report(
            snapshot,
            hours_by_day=weekly_hours.daily_totals(entries),
            today=today,
            start=first_day,
            hours_per_week=weekly,
            by=target,
            breaks=reader.breaks(),
            hours_by_topic=progress.hours_by_topic(entries),
            review_hours=review_hours,
        )

    # The plan is made (and every option checked) before a new baseline is written:
    # input that is refused changes nothing.
    snapshot, report = planned_now()
    if rebaseline:
        from mlpath.render import plan as plan_view
        from mlpath.usecases import planning

        with common.writing(ctx) as (writer, current):
            made = planning.rebaseline(writer=writer, snapshot=current, today=today)
        plan_view.rebaselined(made)
        snapshot, report = planned_now()
    if ics is not None and not to_stdout:
        from mlpath.formats import ics as calendar

        # Written before anything is printed: a path that fails leaves only the error.
        common.write_output(
            ctx,
            ics,
            calendar.plan_calendar(report, learner=calendar.learner_key(snapshot.enrolled_at)),
        )
    low, high = snapshot.weekly_range
    if weekly is not None and not low <= weekly <= high:
        render.warning(
            f"{weekly:g} h/week is outside the roadmap's recommended {low:g}-{high:g} h/week."
        )
    needed = report.needed_hours_per_week
    if report.phases and needed is not None and report.by is not None:
        by = report.by.isoformat()
        if not report.feasible:
            render.warning(
                f"{by} cannot be reached: finishing by then takes {needed:.1f} h/week, more "
                f"than the {MAX_HOURS_PER_WEEK:g} h a week a plan can hold."
            )
        elif not low <= round(needed, 1) <= high:
            render.warning(
                f"finishing by {by} takes {needed:.1f} h/week, outside the roadmap's "
                f"recommended {low:g}-{high:g} h/week."
            )
    if to_stdout:
        from mlpath.formats import ics as calendar

        render.raw_bytes(
            calendar.plan_calendar(report, learner=calendar.learner_key(snapshot.enrolled_at))
        )  # the calendar, instead of the table
        return
    if json:
        render.print_json(view.plan_json(report))
    else:
        view.plan(report)
        if ics is not None:
            view.calendar_written(ics, len(report.phases))
