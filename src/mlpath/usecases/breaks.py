"""Use cases on planned breaks: adding and removing them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mlpath.domain.breaks import check_new_break
from mlpath.domain.model import Break, Snapshot
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer


def add_break(
    *, writer: Writer, snapshot: Snapshot, first: date, last: date, note: str | None
) -> Break:
    check_new_break(first, last, existing=writer.breaks(), start_date=snapshot.settings.start_date)
    added = writer.add_break(Break(first, last, note or None))
    writer.describe(f"break #{added.id}: {first.isoformat()} to {last.isoformat()}")
    return added


def delete_break(*, writer: Writer, break_id: int) -> Break:
    removed = writer.delete_break(break_id)
    if removed is None:
        raise InvalidInput(
            f"there is no break #{break_id}", hint="`mlpath break` lists them with ids"
        )
    writer.describe(f"delete break #{break_id}")
    return removed
