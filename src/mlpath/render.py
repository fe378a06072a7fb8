"""The only place that prints: Rich views for people, JSON for scripts.

Rich is told nothing about colour: it already honours NO_COLOR, FORCE_COLOR and a
non-terminal stdout. Bars are drawn with characters, so they read without colour.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Rich is imported by the functions that draw, keeping --help lean
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mlpath.doctor import Finding
    from mlpath.importing import Imported
    from mlpath.model import Break, Entry, Note, Phase, Resource, Snapshot, Topic
    from mlpath.progress import PhaseProgress
    from mlpath.queries import Change
    from mlpath.reports import PlanReport, StatusReport, Verdict
    from mlpath.search import Hit
    from mlpath.tracker import Edited, Logged, StartResult, StatusChange
    from mlpath.weekly import Adherence, Week

STATE_STYLE = {"done": "green", "current": "bold cyan", "upcoming": "dim", "skipped": "dim"}
STATUS_MARK = {"done": "✓", "doing": "▸", "todo": "·", "skipped": "–"}


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str, hint: str | None = None) -> None:
    line = f"Error: {message}" + (f" — {hint}" if hint else "")
    _console(stderr=True).print(line, style="red", markup=False, soft_wrap=True)


def warning(message: str) -> None:
    _console(stderr=True).print(f"Warning: {message}", style="yellow", markup=False, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _filled(fraction: float, width: int) -> int:
    return round(min(max(fraction, 0.0), 1.0) * width)


def bar(fraction: float, width: int = 20) -> Text:
    from rich.text import Text

    filled = _filled(fraction, width)
    text = Text("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    return text


def _list_table() -> Table:
    """The borderless table of the list views (find, history, entries)."""
    from rich.table import Table

    return Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))


def _echo(line: str = "") -> None:
    # The write commands print a few plain lines; leaving Rich out of them keeps
    # `done` and `log` from paying for its import on every call.
    sys.stdout.write(line + "\n")


def _plain_bar(fraction: float, width: int) -> str:
    filled = _filled(fraction, width)
    return "█" * filled + "░" * (width - filled)


def _h(hours: float) -> str:
    return f"{hours:.1f}".rstrip("0").rstrip(".") if hours % 1 else f"{hours:.0f}"


def _signed(hours: float) -> str:
    return ("+" if hours > 0.05 else "") + (_h(hours) if abs(hours) >= 0.05 else "0")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _day(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "—"


# --- start -------------------------------------------------------------------


def started(result: StartResult, location: str) -> None:
    console = _console()
    s = result.settings
    pace = f"{_h(s.hours_per_week)} h/week" if s.hours_per_week else "each phase's planned hours"
    skipped = ", ".join(str(n) for n in sorted(s.skipped_phases)) or "none"
    if result.created:
        console.print(
            f"[bold]Started[/] {result.roadmap_title} ({result.roadmap_version}): "
            f"{result.phases} phases, {result.topics} topics."
        )
    else:
        console.print(
            f"[bold]Already started[/] on {s.start_date.isoformat()}: "
            f"{_plural(result.topics_done, 'topic')} done, {_h(result.hours_logged)} h logged "
            "— all kept."
        )
        for change in result.changes:
            console.print(f"  changed: {change}", markup=False)
        if result.added_topics:
            console.print(f"  roadmap: {len(result.added_topics)} new topics", markup=False)
        for old, new in result.moved_topics:
            console.print(f"  roadmap: progress of '{old}' moved to '{new}'", markup=False)
        if result.retired_topics:
            console.print(
                f"  roadmap: retired (history kept): {', '.join(result.retired_topics)}",
                markup=False,
            )
        if not (
            result.changes or result.added_topics or result.retired_topics or result.moved_topics
        ):
            console.print("  nothing changed.")
    console.print(
        f"  start date  {s.start_date.isoformat()}\n  pace        {pace}\n"
        f"  track       {s.track}\n  skipped     {skipped}\n  database    {location}",
        markup=False,
    )
    console.print(
        "Next: [bold]mlpath status[/], [bold]mlpath done TOPIC[/], [bold]mlpath log HOURS[/]."
    )


def roadmap_refreshed(before: str, result: StartResult) -> None:
    """On stderr, so that --json output stays clean."""
    parts = [f"{_plural(len(result.added_topics), 'new topic')}"]
    if result.moved_topics:
        parts.append(f"{len(result.moved_topics)} renamed")
    if result.retired_topics:
        parts.append(f"{len(result.retired_topics)} retired")
    _console(stderr=True).print(
        f"Roadmap updated from {before} to {result.roadmap_version} ({', '.join(parts)}); "
        "your progress is kept.",
        markup=False,
        soft_wrap=True,
    )


# --- topic states --------------------------------------------------------------


def status_changes(changes: Sequence[StatusChange], phases: Sequence[PhaseProgress]) -> None:
    for change in changes:
        t = change.topic
        if not change.changed:
            _echo(f"{t.title} ({t.id}) is already {change.after.value}; unchanged.")
            continue
        when = f" on {change.on.isoformat()}" if change.on else ""
        mark = STATUS_MARK[change.after.value]
        _echo(f"{mark} {t.title} ({t.id}): {change.before.value} → {change.after.value}{when}")
    shown = {c.topic.phase for c in changes}
    for p in phases:
        if p.phase.number in shown:
            _echo(
                f"{_plain_bar(p.percent / 100, 10)}  Phase {p.phase.number} · {p.phase.title}: "
                f"{p.done}/{p.total} topics ({p.percent:.0f}%)"
            )


# --- hours -------------------------------------------------------------------


def logged(result: Logged, week: Week | None) -> None:
    about = f" on {result.topic.title}" if result.topic else ""
    _echo(
        f"Logged {_h(result.entry.hours)} h{about} for {result.entry.day.isoformat()} "
        f"(entry #{result.entry.id}; {_h(result.day_total)} h that day)."
    )
    if week is not None:
        _echo(
            f"This week: {_h(week.hours)} of {_h(week.target)} h "
            f"({_signed(week.hours - week.target)})."
        )


def hours_table(weeks: Sequence[Week], adherence: Adherence, band: tuple[float, float]) -> None:
    from rich.table import Table

    console = _console()
    if not weeks:
        console.print("No weeks yet: your start date is in the future.")
        return
    # Narrow terminals lose the bars, so that the weeks and numbers keep their room.
    roomy = console.width >= 70
    table = Table(title="Study hours by week", title_justify="left")
    table.add_column("Week of", no_wrap=True)
    table.add_column("Hours", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Diff", justify="right")
    table.add_column("Balance", justify="right")
    if roomy:
        table.add_column("", no_wrap=True)
    for w in weeks:
        diff_style = "green" if w.difference >= -0.05 else "red"
        label = w.start.isoformat() + ("" if w.complete else " (now)")
        label += "" if w.days else " (break)"
        table.add_row(
            label,
            _h(w.hours),
            _h(w.target),
            f"[{diff_style}]{_signed(w.difference)}[/]",
            _signed(w.balance),
            *([bar(w.hours / w.target if w.target else 0, 12)] if roomy else []),
        )
    console.print(table)
    low, high = band
    if adherence.weeks:
        console.print(
            f"{adherence.in_range} of the last {adherence.weeks} complete weeks kept "
            f"to the {_h(low)}-{_h(high)} h/week plan ({adherence.below} below, "
            f"{adherence.above} above).",
            markup=False,
        )
    else:
        console.print("No complete week yet.")


def hours_json(weeks: Sequence[Week]) -> list[dict[str, Any]]:
    return [
        {
            "week_start": w.start,
            "hours": round(w.hours, 2),
            "target": round(w.target, 2),
            "difference": round(w.difference, 2),
            "balance": round(w.balance, 2),
            "complete": w.complete,
            "study_days": w.days,
        }
        for w in weeks
    ]


# --- status ------------------------------------------------------------------


def status(report: StatusReport, console: Console | None = None) -> None:
    """The status view, on stdout or on a given console (share records it as SVG)."""
    from rich import box
    from rich.table import Table

    console = console or _console()
    s = report.snapshot.settings
    head = bar(report.percent / 100, 30)
    head.append(
        f"  {report.topics_done}/{report.topics_total} topics ({report.percent:.0f}%)", style=""
    )
    console.print(head)
    pace = f"{_h(s.hours_per_week)} h/week" if s.hours_per_week else "each phase's planned hours"
    console.print(
        f"{_h(report.hours_logged)} h logged since {s.start_date.isoformat()} · "
        f"track {s.track} · pace {pace}",
        markup=False,
    )
    # Narrow terminals lose the bars first, so every row stays on one or two lines.
    roomy = console.width >= 70
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("#", justify="right")
    table.add_column("Phase", min_width=16)
    table.add_column("Topics", justify="right", no_wrap=True)
    if roomy:
        table.add_column("Done", no_wrap=True)
    table.add_column("Hours", justify="right", no_wrap=True)
    table.add_column("Plan", justify="right", no_wrap=True)
    table.add_column("State", no_wrap=True)
    over = {o.phase: o for o in report.overruns}
    for p in report.phases:
        style = STATE_STYLE[p.state.value]
        done = bar(p.percent / 100, 5).append(f" {p.percent:3.0f}%", style="")
        flag = "!" if p.phase.number in over else ""
        table.add_row(
            str(p.phase.number),
            p.phase.title,
            f"{p.done}/{p.total}",
            *([done] if roomy else []),
            _h(report.hours_by_phase.get(p.phase.number, 0.0)) + flag,
            _h(p.hours_planned),
            f"[{style}]{p.state.value}[/]",
        )
    console.print(table)
    if report.current is not None:
        names = ", ".join(t.title for t in report.current.next_topics[:3])
        console.print(f"Next in phase {report.current.phase.number}: {names}", markup=False)
    for o in report.overruns:
        console.print(
            f"! Phase {o.phase}: {_h(o.logged)} h logged on its done topics, "
            f"{o.percent_over:.0f}% over their {_h(o.estimate)} h estimate.",
            markup=False,
        )
    if report.week is not None:
        w = report.week
        console.print(f"This week: {_h(w.hours)} of {_h(w.target)} h.", markup=False)
    if report.streak.length:
        console.print(
            f"Streak: {_plural(report.streak.length, 'study day')} in a row, "
            f"since {_day(report.streak.first)}.",
            markup=False,
        )
    if report.verdict is not None:
        console.print(_verdict_line(report.verdict), markup=False)
    if report.finish is not None:
        console.print(
            f"Projected finish: {_day(report.finish)} (mlpath plan for details).", markup=False
        )
    else:
        console.print("Every phase is done. Congratulations!")


def _verdict_line(v: Verdict) -> str:
    late = abs(v.days_late)
    how = "on track" if v.word == "on track" else f"{v.word} by {_plural(late, 'day')}"
    return (
        f"Pace: {how}. Phase {v.phase} was planned to end {_day(v.planned)}; "
        f"at your pace it ends {_day(v.projected)}."
    )


def status_json(report: StatusReport) -> dict[str, Any]:
    s = report.snapshot.settings
    return {
        "start_date": s.start_date,
        "track": s.track,
        "hours_per_week": s.hours_per_week,
        "skipped_phases": sorted(s.skipped_phases),
        "topics_done": report.topics_done,
        "topics_total": report.topics_total,
        "percent": round(report.percent, 1),
        "hours_logged": round(report.hours_logged, 2),
        "current_phase": report.current.phase.number if report.current else None,
        "phases": [
            {
                "number": p.phase.number,
                "id": p.phase.id,
                "title": p.phase.title,
                "topics_done": p.done,
                "topics_total": p.total,
                "hours_logged": round(report.hours_by_phase.get(p.phase.number, 0.0), 2),
                "hours_planned": round(p.hours_planned, 2),
                "state": p.state.value,
            }
            for p in report.phases
        ],
        "next_topics": [t.id for t in report.current.next_topics[:3]] if report.current else [],
        "week": {
            "start": report.week.start,
            "hours": round(report.week.hours, 2),
            "target": round(report.week.target, 2),
        }
        if report.week
        else None,
        "finish": report.finish,
        "streak_days": report.streak.length,
        "pace": {
            "verdict": report.verdict.word,
            "days_late": report.verdict.days_late,
            "phase": report.verdict.phase,
            "planned_end": report.verdict.planned,
            "projected_end": report.verdict.projected,
        }
        if report.verdict
        else None,
        "over_estimate": [
            {
                "phase": o.phase,
                "hours_logged": round(o.logged, 2),
                "hours_estimated": round(o.estimate, 2),
            }
            for o in report.overruns
        ],
    }


# --- plan --------------------------------------------------------------------


def plan(report: PlanReport) -> None:
    from rich.table import Table

    console = _console()
    if not report.phases:
        console.print("Nothing left to plan: every phase is done or skipped.")
        return
    pace = (
        f"{_h(report.hours_per_week)} h/week"
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
            _h(p.load.remaining_hours),
            _h(p.load.hours_per_week),
            *([p.start.isoformat()] if roomy else []),
            p.finish.isoformat(),
        )
    console.print(table)
    console.print(f"Finish: [bold]{_day(report.finish)}[/] ({_h(report.remaining_hours)} h to go).")
    if report.break_days:
        console.print(f"The dates leave out {_plural(report.break_days, 'planned break day')}.")
    if report.actual is not None:
        console.print(
            f"At your actual pace ({_h(report.actual.hours_per_week)} h/week over the "
            f"last complete weeks): {_day(report.actual.finish)}."
        )
    if report.needed_hours_per_week is not None and report.by is not None:
        console.print(
            f"To finish by {report.by.isoformat()}: {report.needed_hours_per_week:.1f} h/week."
        )


def calendar_written(path: Path, events: int) -> None:
    _echo(f"Calendar: {_plural(events, 'phase finish', 'phase finishes')} written to {path}")


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
                "hours_per_week": p.load.hours_per_week,
                "start": p.start,
                "finish": p.finish,
            }
            for p in report.phases
        ],
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


# --- topics ------------------------------------------------------------------


def topics_table(topics: Sequence[Topic], snapshot: Snapshot) -> None:

    console = _console()
    if not topics:
        console.print("No topics match.")
        return
    # Beside the ids and titles: the mark, Ph, Kind, Hours, Status and the rules.
    ids = _ids_beside(console, topics, 41)
    kinds = console.width >= 70  # narrow terminals lose the kind first
    columns = [("", {}), *([("Id", {})] if ids else [])]
    columns += [("Title" if ids else "Title / id", {"overflow": "fold"}), ("Ph", _RIGHT)]
    columns += [*([("Kind", {})] if kinds else []), ("Hours", _RIGHT), ("Status", {})]
    rows = []
    for t in topics:
        title = t.title + (f" [{t.track}]" if t.track else "")
        rows.append(
            [
                STATUS_MARK[t.status.value],
                *([t.id] if ids else []),
                title if ids else f"{title}\n{t.id}",
                str(t.phase),
                *([t.kind] if kinds else []),
                _h(t.hours),
                t.status.value + (" (retired)" if t.retired else ""),
            ]
        )
    console.print(_sized_table(console.width, columns, rows, fold=2 if ids else 1))
    console.print(f"{len(topics)} topics · track {snapshot.settings.track}", markup=False)


_RIGHT = {"justify": "right"}


def _sized_table(
    width: int,
    columns: Sequence[tuple[str, dict[str, Any]]],
    rows: Sequence[Sequence[str]],
    *,
    fold: int,
) -> Table:
    """A long table of plain-text cells, each column given its width up front.

    It looks as Table(show_edge=False, pad_edge=False) filled with the same text
    would. Left to itself, Rich measures every cell to size the columns, then lays
    out every cell (pad, wrap, justify, crop) to draw it: about a millisecond a row.
    These cells are plain text, so their widths are known. Every column gets its
    content's width; the `fold` column gets the room left if that is less, and only
    its cells that do not fit (or have more than one line) are laid out by Rich.
    The others are drawn as they are, their padding (one space each side of the
    rules) written into them rather than added by Rich to every cell.
    """
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    widths = [
        max(cell_len(name), *(cell_len(line) for r in rows for line in r[i].split("\n")))
        for i, (name, _) in enumerate(columns)
    ]
    room = width - (sum(widths) - widths[fold]) - 3 * (len(columns) - 1)  # " │ " between
    fits = widths[fold] <= room
    widths[fold] = min(widths[fold], max(room, 1))
    last = len(columns) - 1
    pads = [(0, 0 if i == last else 1, 0, 0 if i == 0 else 1) for i in range(len(columns))]
    table = Table(show_edge=False, pad_edge=False, padding=0)
    for i, (name, options) in enumerate(columns):
        table.add_column(
            Padding(name, pads[i]),
            width=widths[i] + pads[i][1] + pads[i][3],
            no_wrap=fits or i != fold,
            **options,
        )
    for r in rows:
        # Text, never markup, so that titles such as "Transformers [nlp]" print as they are.
        table.add_row(
            *(
                Padding(Text(cell), pads[i])
                if i == fold and ("\n" in cell or cell_len(cell) > widths[i])
                else _Plain(cell, pads[i][3], pads[i][1])
                for i, cell in enumerate(r)
            )
        )
    return table


class _Plain:
    """A one-line cell of plain text that fits its column, drawn without layout."""

    __slots__ = ("text", "left", "right")

    def __init__(self, text: str, left: int, right: int) -> None:
        self.text, self.left, self.right = text, left, right

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.segment import Segment

        # Rich pads each line to the column's width: only right-justified text needs
        # the space before it worked out here.
        if options.justify == "right":
            gap = options.max_width - cell_len(self.text) - self.right
            yield Segment(" " * gap + self.text + " " * self.right)
        else:
            yield Segment(" " * self.left + self.text)


TITLE_ROOM = 20  # the cells a column of titles needs to stay readable


def _ids_beside(console: Console, topics: Sequence[Topic], others: int) -> bool:
    """Whether the ids get a column of their own beside the titles (`others` is the
    width of the table's other columns): only while the titles keep TITLE_ROOM.
    Otherwise each id goes under its title, where it is never cut."""
    return console.width >= max(len(t.id) for t in topics) + others + TITLE_ROOM


def topics_json(topics: Sequence[Topic]) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "title": t.title,
            "phase": t.phase,
            "kind": t.kind,
            "hours": t.hours,
            "status": t.status.value,
            "track": t.track,
            "optional": t.optional,
            "done_on": t.done_on,
            "retired": t.retired,
            "summary": t.summary,
            "sources": list(t.sources),
            "resources": [
                {k: v for k, v in r._asdict().items() if v is not None} for r in t.resources
            ],
        }
        for t in topics
    ]


def _resource_line(r: Resource) -> str:
    from rich.markup import escape

    free = {True: " (free)", False: " (paid)"}.get(r.free, "") if r.free is not None else ""
    title = escape(r.title)
    if r.url:
        # A hyperlink where the terminal supports one; the address stays visible for the rest.
        return f"[link={r.url}]{title}[/link] — {r.kind}{free} <{escape(r.url)}>"
    return f"{title} — {r.kind}{free}"


def topic(t: Topic, snapshot: Snapshot, hours_logged: float, journal: Sequence[Note] = ()) -> None:
    from rich.markup import escape

    console = _console()
    console.print(f"[bold]{escape(t.title)}[/]  ({t.id})")
    track = f" · track {t.track}" if t.track else ""
    optional = " · optional" if t.optional else ""
    phase = snapshot.phase(t.phase).title
    console.print(f"Phase {t.phase} · {phase} · {t.kind}{track}{optional}", markup=False)
    done = f" on {t.done_on.isoformat()}" if t.done_on else ""
    console.print(
        f"Status: {t.status.value}{done}" + (" (retired)" if t.retired else ""), markup=False
    )
    console.print(f"Hours: {_estimate(hours_logged, t.hours)}", markup=False)
    if t.summary:
        console.print()
        console.print(t.summary, markup=False)
    if journal:
        console.print("\nJournal:")
        for item in journal:
            label = "evidence: " if item.kind == "link" else ""
            console.print(f"  {item.day.isoformat()}  {label}{item.text}", markup=False)
    if t.resources:
        console.print("\nResources:")
        for r in t.resources:
            console.print("  • " + _resource_line(r))
    if t.sources:
        titles = {s.id: s.title for s in snapshot.sources}
        console.print("\nSources:")
        for source in t.sources:
            console.print(f"  • {titles.get(source, source)}", markup=False)


def _estimate(logged: float, estimate: float) -> str:
    line = f"{_h(logged)} logged of {_h(estimate)} estimated"
    if estimate and logged:
        share = logged / estimate
        line += f" ({share:.0%})" if share <= 1 else f" ({share - 1:.0%} over)"
    return line


def noted(t: Topic, kind: str, text: str) -> None:
    what = "Evidence linked" if kind == "link" else "Noted"
    _echo(f"{what} on {t.id}: {text}")


def notes_json(journal: Sequence[Note]) -> list[dict[str, Any]]:
    return [{"id": n.id, "day": n.day, "kind": n.kind, "text": n.text} for n in journal]


def _span(b: Break) -> str:
    days = _plural(b.days, "day")
    if b.first == b.last:
        return f"{b.first.isoformat()} ({days})"
    return f"{b.first.isoformat()} to {b.last.isoformat()} ({days})"


def break_changed(b: Break, *, added: bool) -> None:
    why = f": {b.note}" if b.note else ""
    if added:
        _echo(f"Break #{b.id} planned, {_span(b)}{why}.")
        _echo("Those days have no target, keep your streak, and move the plan's dates out.")
    else:
        _echo(f"Break #{b.id} removed ({_span(b)}{why}). `mlpath undo` brings it back.")


def breaks_table(found: Sequence[Break], today: date) -> None:
    from rich.markup import escape

    console = _console()
    if not found:
        console.print("No breaks planned. Add one: mlpath break --from 2026-12-21 --to 2027-01-03")
        return
    table = _list_table()
    for name in ("#", "From", "To", "Days", "When", "Note"):
        table.add_column(name, justify="right" if name in ("#", "Days") else "left")
    for b in found:
        when = "past" if b.last < today else "now" if b.first <= today else "ahead"
        table.add_row(
            str(b.id),
            b.first.isoformat(),
            b.last.isoformat(),
            str(b.days),
            when,
            escape(b.note or ""),
        )
    console.print(table)


def breaks_json(found: Sequence[Break]) -> list[dict[str, Any]]:
    return [
        {"id": b.id, "from": b.first, "to": b.last, "days": b.days, "note": b.note} for b in found
    ]


def hits(found: Sequence[Hit], text: str) -> None:

    console = _console()
    if not found:
        console.print(f"Nothing in the roadmap matches '{text}'.", markup=False)
        return
    # Beside the ids and titles: the mark, Ph, a short Found in and the gaps.
    ids = _ids_beside(console, [hit.topic for hit in found], 19)
    table = _list_table()
    table.add_column("", no_wrap=True)
    if ids:
        table.add_column("Id", no_wrap=True)
    table.add_column("Title" if ids else "Title / id", overflow="fold")
    table.add_column("Ph", justify="right")
    table.add_column("Found in")
    for hit in found:
        t = hit.topic
        where = f"resource: {hit.detail}" if hit.detail else hit.field
        name = t.title if ids else f"{t.title}\n{t.id}"
        table.add_row(
            STATUS_MARK[t.status.value], *([t.id] if ids else []), name, str(t.phase), where
        )
    console.print(table)
    console.print(f"{_plural(len(found), 'topic')} · mlpath show TOPIC for more", markup=False)


def hits_json(found: Sequence[Hit]) -> list[dict[str, Any]]:
    return [
        topics_json([hit.topic])[0] | {"found_in": hit.field, "resource": hit.detail or None}
        for hit in found
    ]


def next_up(upcoming: Sequence[Topic], phase: Phase | None) -> None:
    from rich.markup import escape

    console = _console()
    if phase is None:
        console.print("Nothing left: every phase is done or skipped.")
        return
    console.print(f"[bold]Phase {phase.number} · {escape(phase.title)}[/]")
    for t in upcoming:
        mark = STATUS_MARK[t.status.value]
        console.print(f"{mark} {t.title} ({t.id}) — {t.kind}, {_h(t.hours)} h", markup=False)
        for r in t.resources[:2]:
            console.print("    " + _resource_line(r))


# --- history and entries -------------------------------------------------------


def undone(summary: str) -> None:
    _echo(f"Undone: {summary}")


def changes(found: Sequence[Change]) -> None:

    console = _console()
    if not found:
        console.print("No changes yet.")
        return
    table = _list_table()
    table.add_column("#", justify="right")
    table.add_column("When", no_wrap=True)
    table.add_column("What")
    for c in found:
        when = c.at.astimezone().strftime("%Y-%m-%d %H:%M")
        what = c.summary + (" (undone)" if c.undone else "")
        table.add_row(str(c.id), when, what, style="dim" if c.undone else "")
    console.print(table)


def changes_json(found: Sequence[Change]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "at": c.at.isoformat(),
            "summary": c.summary,
            "undoes": c.undoes,
            "undone": c.undone,
        }
        for c in found
    ]


def entries_table(found: Sequence[Entry]) -> None:

    console = _console()
    if not found:
        console.print("No entries in these weeks.")
        return
    table = _list_table()
    table.add_column("#", justify="right")
    table.add_column("Day", no_wrap=True)
    table.add_column("Hours", justify="right")
    table.add_column("Topic")
    table.add_column("Note")
    for e in found:
        table.add_row(str(e.id), e.day.isoformat(), _h(e.hours), e.topic_id or "", e.note or "")
    console.print(table)
    console.print(
        f"{_plural(len(found), 'entry', 'entries')}, {_h(sum(e.hours for e in found))} h",
        markup=False,
    )


def entries_json(found: Sequence[Entry]) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "day": e.day, "hours": e.hours, "topic": e.topic_id, "note": e.note}
        for e in found
    ]


def edited(result: Edited) -> None:
    before, after = result.before, result.after
    if after is None:
        _echo(
            f"Deleted entry #{before.id}: {_h(before.hours)} h on {before.day.isoformat()} "
            "(mlpath undo brings it back)."
        )
        return
    topic = f" ({after.topic_id})" if after.topic_id else ""
    _echo(
        f"Entry #{after.id}: {_h(before.hours)} h on {before.day.isoformat()} → "
        f"{_h(after.hours)} h on {after.day.isoformat()}{topic}"
    )


# --- export and import ---------------------------------------------------------


def raw(text: str) -> None:
    sys.stdout.write(text)


def exported(path: Path, kind: str) -> None:
    _echo(f"Exported ({kind}) to {path}")


def card_written(path: Path, kind: str) -> None:
    _echo(f"Progress card ({kind}) written to {path}")


def imported(result: Imported, path: Path) -> None:
    if result.fresh:
        _echo(
            f"Restored {path}: {_plural(result.entries_added, 'entry', 'entries')}, "
            f"{_plural(result.topics_updated, 'topic state')}, with their history."
        )
    else:
        _echo(
            f"Merged {path}: {_plural(result.entries_added, 'entry', 'entries')} added, "
            f"{result.entries_skipped} already there, "
            f"{_plural(result.topics_updated, 'topic state')} updated (mlpath undo reverts)."
        )


def findings(found: Sequence[Finding]) -> None:
    from rich.text import Text

    console = _console()
    indent = 13  # "✓ " and the check's name: the details line up after it
    for f in found:
        mark = Text("✓", style="green") if f.ok else Text("✗", style="red")
        # Long details wrap under themselves; a path longer than the room is folded, not cut.
        room = max(20, console.width - indent)
        lines = Text(f.detail).wrap(console, room, overflow="fold")
        for i, line in enumerate(lines):
            head = Text.assemble(mark, f" {f.check:<11}") if i == 0 else Text(" " * indent)
            line.rstrip()
            console.print(head.append_text(line), no_wrap=True, overflow="fold")
        if f.advice:
            console.print(f"  → {f.advice}", markup=False, overflow="fold")
    bad = sum(1 for f in found if not f.ok)
    console.print("All good." if not bad else f"{bad} problem{'s' if bad > 1 else ''} found.")
