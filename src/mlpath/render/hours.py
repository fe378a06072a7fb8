"""Hours: what `log` says, the weeks against the plan, the entries themselves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, make_console
from mlpath.render.text import (
    balance_line,
    bar,
    duration,
    h,
    list_table,
    plural,
    signed,
    this_week,
)

if TYPE_CHECKING:
    from datetime import date

    from mlpath.domain.balance import Balance
    from mlpath.domain.model import Entry
    from mlpath.domain.weekly import Adherence, Week
    from mlpath.usecases.hours import Edited, Logged


def logged(result: Logged, week: Week | None) -> None:
    about = f" on {result.topic.title}" if result.topic else ""
    echo(
        f"Logged {duration(result.entry.hours)}{about} for {result.entry.day.isoformat()} "
        f"(entry #{result.entry.id}, {_kind(result.entry)}; "
        f"{duration(result.day_total)} that day)."
    )
    if result.on_break:
        echo(
            f"{result.entry.day.isoformat()} is a planned break day: the hours count, "
            "and the day still owes nothing."
        )
    if week is not None:
        echo(this_week(week))


def hours_table(
    weeks: Sequence[Week],
    adherence: Adherence,
    band: tuple[float, float],
    papers: Mapping[date, int] | None = None,
) -> None:
    """`papers`: the papers read in each week (by its Monday); a column when any was."""
    from rich.table import Table
    from rich.text import Text

    from mlpath.domain.weekly import on_target, weeks_on_target

    console = make_console()
    if not weeks:
        console.print("No weeks yet: your start date is in the future.")
        return
    papers = {w.start: papers[w.start] for w in weeks if papers and papers.get(w.start)}
    # Narrow terminals lose the bars, then the papers' column (a line says them), so
    # that the weeks and numbers keep their room.
    column = bool(papers) and console.width >= _NARROW
    roomy = console.width >= _NARROW + (_PAPERS_COLUMN if column else 0)
    table = Table(title="Study hours by week", title_justify="left")
    table.add_column("Week of", no_wrap=True)
    table.add_column("Hours", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Diff", justify="right")
    table.add_column("Balance", justify="right")
    if column:
        table.add_column("Papers", justify="right")
    if roomy:
        table.add_column("Against target", no_wrap=True)
    for w in weeks:
        diff_style = "green" if on_target(w) else "red"
        label = w.start.isoformat() + ("" if w.complete else " (now)")
        label += "" if w.days else " (break)"
        table.add_row(
            label,
            h(w.hours),
            h(w.target),
            Text(signed(w.difference), style=diff_style),
            signed(w.balance),
            *([str(papers.get(w.start, ""))] if column else []),
            *([bar(w.hours / w.target if w.target else 0, 12)] if roomy else []),
        )
    console.print(table)
    if papers and not column:
        console.print(
            f"Papers read: {sum(papers.values())} in these weeks, "
            f"{papers.get(weeks[-1].start, 0)} in the last.",
            markup=False,
        )
    low, high = band
    # Two statements, in their own words: the week's own target, and the roadmap's range.
    if adherence.weeks:
        last = (
            "the last complete week"
            if adherence.weeks == 1
            else f"the last {adherence.weeks} complete weeks"
        )
        reached = weeks_on_target(weeks)
        console.print(
            f"On target: {reached} of {last} reached {'its' if adherence.weeks == 1 else 'their'}"
            " target.",
            markup=False,
        )
        console.print(
            f"In range: {adherence.in_range} of them were within the roadmap's "
            f"{h(low)}-{h(high)} h/week ({adherence.below} below, {adherence.above} above).",
            markup=False,
        )
    else:
        console.print("No complete week yet.")
    if not weeks[-1].complete:
        console.print(this_week(weeks[-1]), markup=False)


_NARROW = 70  # below this the table has no bars
_PAPERS_COLUMN = 9  # the cells the Papers column takes, with its rule and padding


def balance(b: Balance) -> None:
    make_console().print(balance_line(b), markup=False)


def hours_json(
    weeks: Sequence[Week],
    band: tuple[float, float],
    split: Mapping[date, tuple[float, float]] | None = None,
    papers: Mapping[date, int] | None = None,
) -> list[dict[str, Any]]:
    """`due`: the hours owed by today (the target, for a complete week); `split`: the
    (theory, practice) hours by week (its Monday); `papers`: the papers read by week."""
    from mlpath.domain.weekly import in_range, on_target

    split = split or {}
    papers = papers or {}

    return [
        {
            "week_start": w.start,
            "hours": round(w.hours, 2),
            "target": round(w.target, 2),
            "difference": round(w.difference, 2),
            "balance": round(w.balance, 2),
            "complete": w.complete,
            "study_days": w.days,
            "due": round(w.owed, 2),
            "on_target": on_target(w),
            "in_range": in_range(w, *band),
            "theory_hours": round(split.get(w.start, (0.0, 0.0))[0], 2),
            "practice_hours": round(split.get(w.start, (0.0, 0.0))[1], 2),
            "papers_read": papers.get(w.start, 0),
        }
        for w in weeks
    ]


def entries_table(found: Sequence[Entry]) -> None:
    console = make_console()
    if not found:
        console.print("No entries in these weeks.")
        return
    table = list_table()
    table.add_column("#", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("Hours", justify="right")
    table.add_column("Topic")
    table.add_column("Note")
    for e in found:
        table.add_row(
            str(e.id), e.day.isoformat(), duration(e.hours), e.topic_id or "", e.note or ""
        )
    console.print(table)
    console.print(
        f"{plural(len(found), 'entry', 'entries')}, {h(sum(e.hours for e in found))} h",
        markup=False,
    )


def entries_json(found: Sequence[Entry]) -> list[dict[str, Any]]:
    return [_entry_json(e) for e in found]


def _kind(e: Entry) -> str:
    return "practice" if e.practice else "theory"


def _entry_json(e: Entry) -> dict[str, Any]:
    return {
        "id": e.id,
        "day": e.day,
        "hours": e.hours,
        "topic": e.topic_id,
        "note": e.note,
        "kind": _kind(e),
    }


def logged_json(result: Logged, week: Week | None) -> dict[str, Any]:
    """What `log --json` says of an entry logged; the same keys as for --edit and --delete."""
    return {
        "action": "logged",
        "entry": _entry_json(result.entry),
        "before": None,
        "day_total": round(result.day_total, 4),
        "on_break": result.on_break,
        "week": None
        if week is None
        else {
            "week_start": week.start,
            "hours": round(week.hours, 2),
            "target": round(week.target, 2),
            "due": round(week.owed, 2),
        },
    }


def edited_json(result: Edited) -> dict[str, Any]:
    """What `log --edit` and `log --delete` say with --json: the entry before and after."""
    after = result.after
    return {
        "action": "deleted" if after is None else "edited",
        "entry": None if after is None else _entry_json(after),
        "before": _entry_json(result.before),
        "day_total": None,
        "on_break": None,
        "week": None,
    }


def edited(result: Edited) -> None:
    before, after = result.before, result.after
    if after is None:
        echo(
            f"Deleted entry #{before.id}: {duration(before.hours)} on {before.day.isoformat()} "
            "(mlpath undo brings it back)."
        )
        return
    topic = f" ({after.topic_id})" if after.topic_id else ""
    if before.topic_id and not after.topic_id:
        topic = f" (no longer on {before.topic_id})"
    echo(
        f"Entry #{after.id}: {duration(before.hours)} on {before.day.isoformat()} → "
        f"{duration(after.hours)} on {after.day.isoformat()}{topic}"
    )
