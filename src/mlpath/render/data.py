"""Files in and out (export, import, cards) and the findings of `doctor`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, literal, make_console
from mlpath.render.text import plural

if TYPE_CHECKING:
    from pathlib import Path

    from mlpath.storage.doctor import Finding
    from mlpath.usecases.exchange import Imported


def exported(path: Path, kind: str) -> None:
    echo(f"Exported ({kind}) to {path}")


def card_written(path: Path, kind: str) -> None:
    echo(f"Progress card ({kind}) written to {path}")


def imported(result: Imported, path: Path) -> None:
    if result.fresh:
        echo(
            f"Restored {path}: {plural(result.entries_added, 'entry', 'entries')}, "
            f"{plural(result.topics_updated, 'topic state')}, with their history."
        )
    else:
        echo(
            f"Merged {path}: {plural(result.entries_added, 'entry', 'entries')} added, "
            f"{result.entries_skipped} already there, "
            f"{plural(result.topics_updated, 'topic state')} updated (mlpath undo reverts)."
        )


def findings_json(found: Sequence[Finding]) -> dict[str, Any]:
    """What `doctor --json` says: each check, and whether all passed."""
    return {
        "ok": all(f.ok for f in found),
        "problems": sum(1 for f in found if not f.ok),
        "checks": [
            {"check": f.check, "ok": f.ok, "detail": f.detail, "advice": f.advice or None}
            for f in found
        ],
    }


def findings(found: Sequence[Finding]) -> None:
    from rich.text import Text

    console = make_console()
    indent = 13  # "✓ " and the check's name: the details line up after it
    for f in found:
        mark = Text("✓", style="green") if f.ok else Text("✗", style="red")
        # Long details wrap under themselves; a path longer than the room is folded, not cut.
        room = max(20, console.width - indent)
        lines = literal(f.detail).wrap(console, room, overflow="fold")
        for i, line in enumerate(lines):
            head = Text.assemble(mark, f" {f.check:<11}") if i == 0 else Text(" " * indent)
            line.rstrip()
            console.print(head.append_text(line), no_wrap=True, overflow="fold")
        if f.advice:
            console.print(f"  → {f.advice}", markup=False, overflow="fold")
    bad = sum(1 for f in found if not f.ok)
    console.print("All good." if not bad else f"{bad} problem{'s' if bad > 1 else ''} found.")
