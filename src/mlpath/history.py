"""The append-only record of changes: what each command changed, and undoing it.

A command notes the image of every row it is about to touch (a Journal); the
images are stored with a summary as one change. Undo puts the rows of the latest
change not yet undone back as they were, and is itself recorded as a change that
names the one it undid, so the record only ever grows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from mlpath.errors import InvalidInput
from mlpath.store import BreakRow, ChangeRow, EntryRow, NoteRow, ProgressRow, SettingsRow

# The learner's own data; the roadmap tables are content, refreshed from its file.
_TABLES: dict[str, type[SQLModel]] = {
    "settings": SettingsRow,
    "progress": ProgressRow,
    "entry": EntryRow,
    "study_break": BreakRow,
    "topic_note": NoteRow,
}


class Journal:
    """The before-images of the rows one command touches."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str]] = set()

    def before(self, table: str, key: Any) -> None:
        """Note a row's current state (or absence) before it changes; first note wins."""
        if (table, repr(key)) in self._seen:
            return
        self._seen.add((table, repr(key)))
        row = self.session.get(_TABLES[table], key)
        image = row.model_dump(mode="json") if row is not None else None
        self.rows.append({"table": table, "key": key, "before": image})

    def created(self, table: str, key: Any) -> None:
        """Note a row this command inserted: undoing the command removes it."""
        self._seen.add((table, repr(key)))
        self.rows.append({"table": table, "key": key, "before": None})

    def record(self, summary: str, *, undoes: int | None = None) -> ChangeRow | None:
        if not self.rows:
            return None
        change = ChangeRow(at=datetime.now(UTC), summary=summary, rows=self.rows, undoes=undoes)
        self.session.add(change)
        self.session.flush()
        return change


# Which roadmap is loaded is the roadmap tables' state, not a choice to undo: a
# settings row comes back with the learner's options but the current roadmap.
_ROADMAP_STATE = ("roadmap_id", "roadmap_version", "weekly_min", "weekly_max")


def _restore(session: Session, image: dict[str, Any]) -> None:
    model = _TABLES[image["table"]]
    current = session.get(model, image["key"])
    before = image["before"]
    if image["table"] == "settings" and before is not None and current is not None:
        before = before | {key: getattr(current, key) for key in _ROADMAP_STATE}
    if before is None:
        if current is not None:
            session.delete(current)
    else:
        session.merge(model.model_validate(before))


def undo(session: Session) -> ChangeRow:
    """Undo the latest change not yet undone; raise when there is none."""
    undone = select(ChangeRow.undoes).where(col(ChangeRow.undoes).is_not(None))
    target = session.exec(
        select(ChangeRow)
        .where(col(ChangeRow.undoes).is_(None), col(ChangeRow.id).not_in(undone))
        .order_by(col(ChangeRow.id).desc())
    ).first()
    if target is None:
        raise InvalidInput("nothing to undo", hint="`mlpath history` lists what was done")
    journal = Journal(session)
    images = list(reversed(target.rows))
    # A few hundred rows at a time: an undo of a merge of 200,000 entries read and
    # wrote each row on its own (400,000 queries, over two minutes), and all at once
    # it held every row in memory.
    for first in range(0, len(images), _BATCH):
        batch = images[first : first + _BATCH]
        loaded = _load(session, batch)  # the session itself keeps only weak references
        for image in batch:
            journal.before(image["table"], image["key"])
        for image in batch:
            _restore(session, image)
        # The learner's tables refer only to roadmap rows and to changes, which undo
        # never touches, so the order of the rows within a flush cannot matter.
        session.flush()
        del loaded
    journal.record(f"undo: {target.summary}", undoes=target.id)
    return target


_BATCH = 500


def _load(session: Session, images: list[dict[str, Any]]) -> list[SQLModel]:
    """The rows the images name, read with one query a table."""
    keys: dict[str, list[Any]] = {}
    for image in images:
        keys.setdefault(image["table"], []).append(image["key"])
    rows: list[SQLModel] = []
    for table, wanted in keys.items():
        model = _TABLES[table]
        (key_column,) = model.__table__.primary_key.columns  # type: ignore[attr-defined]
        rows.extend(session.exec(select(model).where(key_column.in_(wanted))))
    return rows
