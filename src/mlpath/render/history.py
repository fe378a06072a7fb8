"""The record of changes, and what `undo` says."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, make_console
from mlpath.render.text import list_table

if TYPE_CHECKING:
    from mlpath.storage.reads import Change


def undone(summary: str) -> None:
    echo(f"Undone: {summary}")


def undone_json(change: int, summary: str) -> dict[str, Any]:
    """What `undo --json` says: the change taken back, as `history` lists it."""
    return {"undone": {"id": change, "summary": summary}}


def changes(found: Sequence[Change]) -> None:
    console = make_console()
    if not found:
        console.print("No changes yet.")
        return
    table = list_table()
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
