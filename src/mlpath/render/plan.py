"""The plan: when each phase finishes on the roadmap's schedule, at the learner's recent
pace, and how likely by when (the forecast)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpath.domain.limits import MAX_HOURS_PER_WEEK
from mlpath.domain.progress import OPEN_TOPIC_FLOOR
from mlpath.domain.reports import Basis
from mlpath.domain.reviews import LOAD_WEEKS
from mlpath.render import echo, make_console
from mlpath.render.text import (
    SCHEDULE,
    at_recent_pace,
    background,
    h,
    likely,
    long_date,
    no_forecast,
    one_line,
    plural,
)

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from rich.console import Console

    from mlpath.domain.forecast import Finish, Forecast
    from mlpath.domain.model import Baseline
    from mlpath.domain.reports import Pace, PlanReport


def plan(report: PlanReport) -> None:
    from rich.table import Table
    from rich.text import Text

    console = make_console()
    if not report.phases:
        console.print("Nothing left to plan: every phase is done or skipped.")
        return
    # The answer to --by comes first when the plan is made at its hours; after the
    # plan when the learner chose the hours (--hours).
    answer_first = report.basis is not Basis.SCHEDULE
    if answer_first:
        _by(report, console)
    pace = (
        f"{h(report.hours_per_week)} h/week"
        if report.hours_per_week
        else "each phase's planned hours"
    )
    # Dates are never cut. Narrow terminals lose the Start column (a phase starts
    # where the one above it finishes), so that the phase titles keep room to read.
    roomy = console.width >= 70
    table = Table(
        title=f"Plan from {report.start.isoformat()} at {pace} · "
        f"background {background(report.profile)}",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("Phase", ratio=1)
    table.add_column("Left (h)", justify="right")
    table.add_column("h/week", justify="right")
    if roomy:
        table.add_column("Start", no_wrap=True)
    table.add_column("Finish", no_wrap=True)
    for p in report.phases:
        table.add_row(
            str(p.load.number),
            one_line(p.load.title),
            h(p.load.remaining_hours),
            h(p.load.hours_per_week),
            *([p.start.isoformat()] if roomy else []),
            p.finish.isoformat(),
        )
    console.print(table)
    basis = SCHEDULE if report.basis is Basis.SCHEDULE else f"at {pace}"
    console.print(
        Text.assemble(
            "Finish: ",
            (long_date(report.finish), "bold"),
            f" {basis} ({h(report.remaining_hours)} h to go).",
        )
    )
    if report.review_hours >= 0.05:
        console.print(
            f"Reviews: {h(report.review_hours)} h a week go to reviewing done topics (your "
            f"average over the last {plural(LOAD_WEEKS, 'complete week')}); the h/week column "
            "is what is left of each week for new topics.",
            markup=False,
        )
    if report.credited_hours >= 0.05:
        console.print(
            f"Credit: {h(report.credited_hours)} h logged on open topics come off the hours "
            f"left (an open topic keeps at least {OPEN_TOPIC_FLOOR:.0%} of its estimate "
            "until it is done).",
            markup=False,
        )
    if report.break_days:
        days = plural(report.break_days, "planned break day")
        console.print(f"The dates leave out {days}.", markup=False)
    if report.actual is not None:
        weeks = plural(report.recent_weeks, "complete week")
        console.print(
            f"At your recent pace ({h(report.actual.hours_per_week)} h/week over the last "
            f"{weeks}): {long_date(report.actual.finish)}.",
            markup=False,
        )
    if report.forecast is not None:
        _forecast(report, report.forecast, console)
    elif report.outlook is not None and (note := no_forecast(report.outlook)):
        console.print(note, markup=False)
    if not answer_first:
        _by(report, console)


def _forecast(report: PlanReport, found: Forecast, console: Console) -> None:
    from rich.table import Table

    from mlpath.domain.forecast import MIN_RECORD

    titles = {p.load.number: p.load.title for p in report.phases}
    table = Table(
        title="Forecast from your record: each phase done by these dates, this likely",
        title_justify="left",
    )
    table.add_column("#", justify="right")
    table.add_column("Phase", ratio=1)
    for percent in ("50%", "80%", "95%"):
        table.add_column(percent, no_wrap=True)
    for phase in found.phases:
        table.add_row(
            str(phase.number),
            one_line(titles.get(phase.number, "")),
            *(_cell(day) for day in phase.finish),
        )
    console.print(table)
    console.print(f"The roadmap: {likely(found.finish)}.", markup=False)
    weeks = plural(found.weeks_of_history, "past complete week")
    on_record = report.outlook.topics_on_record if report.outlook else 0
    if on_record:
        ratios = (
            f"the hours your {plural(on_record, 'done topic')} took against their estimates "
            f"({found.estimate_ratio:.2f} times, on average)"
        )
    else:
        ratios = (
            f"the estimates as they stand (your own ratios count from {MIN_RECORD} done "
            "topics with hours logged)"
        )
    console.print(
        f"{found.runs:,} simulated futures from your {weeks} and {ratios}; "
        "mlpath plan --help explains the method.",
        markup=False,
    )


def _cell(day: date | None) -> str:
    # "-": that share of the simulated futures does not finish within a century.
    return day.isoformat() if day else "-"


def _by(report: PlanReport, console: Console) -> None:
    """The answer to --by: the weekly hours it takes, or that no week holds them."""
    needed, by = report.needed_hours_per_week, report.by
    if needed is None or by is None:
        return
    if report.feasible:
        then = " The plan at those hours:" if report.basis is Basis.NEEDED else ""
        console.print(f"To finish by {by.isoformat()}: {needed:.1f} h/week.{then}", markup=False)
        return
    low, high = report.weekly_range
    line = (
        f"{by.isoformat()} cannot be reached: it takes {needed:.1f} h/week, more than the "
        f"{MAX_HOURS_PER_WEEK:g} h a week ({MAX_HOURS_PER_WEEK / 7:g} hours a day, every day) "
        "a plan can hold."
    )
    earliest = []
    if report.at_range_top is not None:
        earliest.append(
            f"{long_date(report.at_range_top.finish)} at {h(high)} h/week (the top of the "
            f"roadmap's {h(low)}-{h(high)} h/week)"
        )
    if report.actual is not None:
        earliest.append(
            f"{long_date(report.actual.finish)} {at_recent_pace(report.actual.hours_per_week)}"
        )
    if earliest:
        line += " The earliest you finish: " + "; ".join(earliest) + "."
    if report.basis is Basis.RANGE_TOP:
        line += f" The plan at {h(high)} h/week:"
    console.print(line, markup=False)


def calendar_written(path: Path, events: int) -> None:
    echo(f"Calendar: {plural(events, 'phase finish', 'phase finishes')} written to {path}")


def plan_json(report: PlanReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "from": report.start,
        "hours_per_week": round(report.hours_per_week, 2) if report.hours_per_week else None,
        "background": report.profile.id if report.profile else None,
        "finish": report.finish,
        "remaining_hours": round(report.remaining_hours, 2),
        "break_days": report.break_days,
        "review_hours_per_week": round(report.review_hours, 2),
        "phases": [
            {
                "number": p.load.number,
                "id": p.load.id,
                "title": p.load.title,
                "remaining_hours": round(p.load.remaining_hours, 2),
                "credited_hours": round(report.credited_of(p.load.number), 2),
                "hours_per_week": round(p.load.hours_per_week, 2),
                "start": p.start,
                "finish": p.finish,
                "baseline_finish": (report.baseline_finishes or {}).get(p.load.number),
            }
            for p in report.phases
        ],
        "baseline": report.baseline_on,
        "actual_pace": _pace(report.actual),
        "basis": report.basis.value,
        "forecast": _forecast_json(report.forecast),
        "no_forecast": report.outlook.missing.value
        if report.outlook and report.outlook.missing
        else None,
    }
    if report.by is not None:
        data["by"] = report.by
        data["needed_hours_per_week"] = round(report.needed_hours_per_week or 0.0, 2)
        data["feasible"] = bool(report.feasible)
        data["earliest"] = (
            None
            if report.feasible
            else {
                "at_range_top": _pace(report.at_range_top),
                "at_recent_pace": _pace(report.actual),
            }
        )
    return data


def _pace(pace: Pace | None) -> dict[str, Any] | None:
    if pace is None:
        return None
    return {"hours_per_week": round(pace.hours_per_week, 2), "finish": pace.finish}


def _forecast_json(found: Forecast | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "weeks_of_history": found.weeks_of_history,
        "estimate_ratio": round(found.estimate_ratio, 3),
        "runs": found.runs,
        "finish": _finish(found.finish),
        "phases": [{"number": p.number, **_finish(p.finish)} for p in found.phases],
    }


def _finish(finish: Finish) -> dict[str, Any]:
    return {"p50": finish.p50, "p80": finish.p80, "p95": finish.p95}


def rebaselined(made: Baseline) -> None:
    """On stderr, so that --json output stays clean."""
    last = made.finishes[-1][1].isoformat() if made.finishes else "no remaining phase"
    make_console(stderr=True).print(
        f"Baseline: the plan of {made.made_on.isoformat()} (finish {last}) is now what the "
        "pace verdict compares against; `mlpath undo` restores the one before.",
        markup=False,
        soft_wrap=True,
    )
