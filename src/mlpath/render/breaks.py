"""Planned breaks: what `break` says, and the list of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, make_console
from mlpath.render.text import list_table, plural

if TYPE_CHECKING:
    from mlpath.domain.model import Break


def _span(b: Break) -> str:
    days = plural(b.days, "day")
    if b.first == b.last:
        return f"{b.first.isoformat()} ({days})"
    return f"{b.first.isoformat()} to {b.last.isoformat()} ({days})"


def break_changed(b: Break, *, added: bool) -> None:
    why = f": {b.note}" if b.note else ""
    if added:
        echo(f"Break #{b.id} planned, {_span(b)}{why}.")
        echo("Those days have no target, keep your streak, and move the plan's dates out.")
    else:
        echo(f"Break #{b.id} removed ({_span(b)}{why}). `mlpath undo` brings it back.")


def breaks_table(found: Sequence[Break], today: date) -> None:
    console = make_console()
    if not found:
        console.print("No breaks planned. Add one: mlpath break --from 2026-12-21 --to 2027-01-03")
        return
    table = list_table()
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
            b.note or "",
        )
    console.print(table)


def breaks_json(found: Sequence[Break]) -> list[dict[str, Any]]:
    return [_break_json(b) for b in found]


def _break_json(b: Break) -> dict[str, Any]:
    return {"id": b.id, "from": b.first, "to": b.last, "days": b.days, "note": b.note}


def break_changed_json(b: Break, *, added: bool) -> dict[str, Any]:
    """What `break --from` (added) and `break --delete` (removed) say with --json."""
    return {"action": "added" if added else "removed", "break": _break_json(b)}
