"""The plan: when each phase finishes, at the chosen pace and at the real one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlpath.domain.progress import OPEN_TOPIC_FLOOR
from mlpath.render import echo, make_console
from mlpath.render.text import h, long_date, plural

if TYPE_CHECKING:
    from pathlib import Path

    from mlpath.domain.model import Baseline
    from mlpath.domain.reports import PlanReport


def plan(report: PlanReport) -> None:
    from rich.table import Table
    from rich.text import Text

    console = make_console()
    if not report.phases:
        console.print("Nothing left to plan: every phase is done or skipped.")
        return
    pace = (
        f"{h(report.hours_per_week)} h/week"
        if report.hours_per_week
        else "each phase's planned hours"
    )
    # Dates are never cut. Narrow terminals lose the Start column (a phase starts
    # where the one above it finishes), so that the phase titles keep room to read.
    roomy = console.width >= 70
    table = Table(title=f"Plan from {report.start.isoformat()} at {pace}", title_justify="left")
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
            p.load.title,
            h(p.load.remaining_hours),
            h(p.load.hours_per_week),
            *([p.start.isoformat()] if roomy else []),
            p.finish.isoformat(),
        )
    console.print(table)
    console.print(
        Text.assemble(
            "Finish: ",
            (long_date(report.finish), "bold"),
            f" ({h(report.remaining_hours)} h to go).",
        )
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
        console.print(
            f"At your actual pace ({h(report.actual.hours_per_week)} h/week over the "
            f"last complete weeks): {long_date(report.actual.finish)}."
        )
    if report.needed_hours_per_week is not None and report.by is not None:
        console.print(
            f"To finish by {report.by.isoformat()}: {report.needed_hours_per_week:.1f} h/week."
        )


def calendar_written(path: Path, events: int) -> None:
    echo(f"Calendar: {plural(events, 'phase finish', 'phase finishes')} written to {path}")


def plan_json(report: PlanReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "from": report.start,
        "hours_per_week": report.hours_per_week,
        "finish": report.finish,
        "remaining_hours": round(report.remaining_hours, 2),
        "break_days": report.break_days,
        "phases": [
            {
                "number": p.load.number,
                "id": p.load.id,
                "title": p.load.title,
                "remaining_hours": round(p.load.remaining_hours, 2),
                "credited_hours": round(report.credited_of(p.load.number), 2),
                "hours_per_week": p.load.hours_per_week,
                "start": p.start,
                "finish": p.finish,
                "baseline_finish": (report.baseline_finishes or {}).get(p.load.number),
            }
            for p in report.phases
        ],
        "baseline": report.baseline_on,
        "actual_pace": {
            "hours_per_week": round(report.actual.hours_per_week, 2),
            "finish": report.actual.finish,
        }
        if report.actual
        else None,
    }
    if report.by is not None:
        data["by"] = report.by
        data["needed_hours_per_week"] = round(report.needed_hours_per_week or 0.0, 2)
    return data


def rebaselined(made: Baseline) -> None:
    """On stderr, so that --json output stays clean."""
    last = made.finishes[-1][1].isoformat() if made.finishes else "no remaining phase"
    make_console(stderr=True).print(
        f"Baseline: the plan of {made.made_on.isoformat()} (finish {last}) is now what the "
        "pace verdict compares against; `mlpath undo` restores the one before.",
        markup=False,
        soft_wrap=True,
    )
