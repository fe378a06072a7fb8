"""The append-only record of changes: what each command changed, and undoing it.

A command notes the image of every row it is about to touch (a Journal); the
images are stored with a summary as one change. Undo puts the rows of the latest
change not yet undone back as they were, and is itself recorded as a change that
names the one it undid, so the record only ever grows.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, SQLModel, col, select

from mlpath.domain.balance import PRACTICE_KINDS
from mlpath.errors import DatabaseError
from mlpath.storage.schema import (
    BaselineRow,
    BreakRow,
    ChangeRow,
    EntryRow,
    EstimateRow,
    NoteRow,
    PaperNoteRow,
    PaperRow,
    PortfolioCheckRow,
    ProgressRow,
    ReviewItemRow,
    ReviewRow,
    SettingsPeriodRow,
    SettingsRow,
    TimerRow,
    TopicRow,
)

# The learner's own data; the roadmap tables are content, refreshed from its file.
_TABLES: dict[str, type[SQLModel]] = {
    "settings": SettingsRow,
    "progress": ProgressRow,
    "entry": EntryRow,
    "study_break": BreakRow,
    "topic_note": NoteRow,
    "settings_period": SettingsPeriodRow,
    "baseline": BaselineRow,
    "review_item": ReviewItemRow,
    "review": ReviewRow,
    "study_timer": TimerRow,
    "estimate": EstimateRow,
    "paper": PaperRow,
    "paper_note": PaperNoteRow,
    "portfolio_check": PortfolioCheckRow,
}


# How a record names the learner's one settings row, whatever its id in a database
# of several learners (1: the id it always had when there was one).
SETTINGS_KEY = 1
# How a record names the learner's one study timer (its key is the learner, which
# records never name).
TIMER_KEY = 1
# The tables that hold one row a learner, named in records by a constant key.
_ONE_A_LEARNER = {"settings": SETTINGS_KEY, "study_timer": TIMER_KEY}


class Journal:
    """The before-images of the rows one command touches."""

    def __init__(self, session: Session, learner: str) -> None:
        self.session = session
        self.learner = learner
        self.rows: list[dict[str, Any]] = []
        self._seen: set[tuple[str, str]] = set()

    def before(self, table: str, key: Any) -> None:
        """Note a row's current state (or absence) before it changes; first note wins."""
        key = _ONE_A_LEARNER.get(table, key)
        if (table, repr(key)) in self._seen:
            return
        self._seen.add((table, repr(key)))
        row = _get(self.session, table, key, self.learner)
        # The change is the learner's: its images name no learner, as an export has them.
        image = row.model_dump(mode="json", exclude={"learner"}) if row is not None else None
        if table == "settings" and image is not None:
            image["id"] = SETTINGS_KEY
        self.rows.append({"table": table, "key": key, "before": image})

    def created(self, table: str, key: Any) -> None:
        """Note a row this command inserted: undoing the command removes it."""
        key = _ONE_A_LEARNER.get(table, key)
        self._seen.add((table, repr(key)))
        self.rows.append({"table": table, "key": key, "before": None})

    def record(self, summary: str, *, undoes: int | None = None) -> ChangeRow | None:
        if not self.rows:
            return None
        change = ChangeRow(
            learner=self.learner,
            at=datetime.now(UTC),
            summary=summary,
            rows=self.rows,
            undoes=undoes,
        )
        self.session.add(change)
        self.session.flush()
        return change


# Which roadmap is loaded is the roadmap tables' state, not a choice to undo: a
# settings row comes back with the learner's options but the current roadmap.
_ROADMAP_STATE = ("roadmap_id", "roadmap_version", "weekly_min", "weekly_max")


# The learner's rows keyed by topic (with their learner), not by an id of their own.
_BY_TOPIC = ("progress", "review_item", "estimate")


def _get(session: Session, table: str, key: Any, learner: str) -> Any:
    """The row a record names by `key`, as the learner's: a topic's progress is keyed
    by its learner too, and the settings are the learner's one row (records name the
    topic alone, and the settings by the id 1 that was once the only one)."""
    if table == "settings":
        return session.exec(select(SettingsRow).where(SettingsRow.learner == learner)).first()
    if table == "study_timer":
        return session.get(TimerRow, learner)
    return session.get(_TABLES[table], (learner, key) if table in _BY_TOPIC else key)


def _restore(
    session: Session, image: dict[str, Any], before: dict[str, Any] | None, learner: str
) -> None:
    """Put one row back as `before` (the record's checked image) has it."""
    model = _TABLES[image["table"]]
    current = _get(session, image["table"], image["key"], learner)
    if current is not None and current.learner != learner:
        raise DatabaseError(
            "a change record names a row of another learner; nothing was undone",
            hint="`mlpath doctor` checks the history",
        )
    if before is not None:
        # Records made before learners existed have no learner in their images.
        before = before | {"learner": learner}
        if image["table"] == "settings":
            before["id"] = current.id if current is not None else None
    if image["table"] == "entry" and before is not None and before.get("practice") is None:
        # Recorded before entries were theory or practice: the topic's kind decides.
        topic = session.get(TopicRow, before["topic_id"]) if before.get("topic_id") else None
        before = before | {"practice": topic is not None and topic.kind in PRACTICE_KINDS}
    if image["table"] == "settings" and before is not None and current is not None:
        before = before | {key: getattr(current, key) for key in _ROADMAP_STATE}
    if before is None:
        if current is not None:
            session.delete(current)
    else:
        session.merge(model.model_validate(before))


def latest_undoable(session: Session, learner: str) -> ChangeRow | None:
    """The learner's latest change that is not an undo and that no undo has reverted."""
    undone = select(ChangeRow.undoes).where(
        ChangeRow.learner == learner, col(ChangeRow.undoes).is_not(None)
    )
    return session.exec(
        select(ChangeRow)
        .where(
            ChangeRow.learner == learner,
            col(ChangeRow.undoes).is_(None),
            col(ChangeRow.id).not_in(undone),
        )
        .order_by(col(ChangeRow.id).desc())
    ).first()


def revert(
    session: Session, journal: Journal, images: list[tuple[dict[str, Any], dict[str, Any] | None]]
) -> set[date]:
    """Put back each (record, checked row image) of a change, in the order given,
    noting each row in `journal`; return the days whose entries came back."""
    # A few hundred rows at a time: an undo of a merge of 200,000 entries read and
    # wrote each row on its own (400,000 queries, over two minutes), and all at once
    # it held every row in memory.
    days: set[date] = set()
    for first in range(0, len(images), _BATCH):
        batch = images[first : first + _BATCH]
        loaded = _load(session, [image for image, _ in batch], journal.learner)  # weak refs
        for image, _ in batch:
            journal.before(image["table"], image["key"])
        for image, before in batch:
            _restore(session, image, before, journal.learner)
            if image["table"] == "entry" and before is not None:
                days.add(date.fromisoformat(str(before["day"])))
        # The learner's tables refer only to roadmap rows and to changes, which undo
        # never touches, so the order of the rows within a flush cannot matter.
        session.flush()
        del loaded
    return days


def rename_topic(session: Session, old_id: str, new_id: str) -> None:
    """Make the history's records of topic `old_id` name `new_id`, which took it over.

    The roadmap's refresh moves a renamed topic's rows; the records must follow,
    or undoing them would bring back rows of a topic that is gone.
    """
    needle = json.dumps(old_id)  # how the id appears in the stored JSON
    bind = session.get_bind()
    # SQLite's instr(); PostgreSQL's strpos() over the JSON column's text.
    found = (
        "strpos(CAST(change.rows AS text), :needle) > 0"
        if bind.dialect.name == "postgresql"
        else "instr(change.rows, :needle) > 0"
    )
    changes = session.exec(select(ChangeRow).where(text(found).bindparams(needle=needle)))
    for change in changes:
        rows = [_renamed(image, old_id, new_id) for image in change.rows]
        if rows != change.rows:
            change.rows = rows  # a new list: the JSON column sees only reassignment
            session.add(change)
    session.flush()


def _renamed(image: dict[str, Any], old_id: str, new_id: str) -> dict[str, Any]:
    if not isinstance(image, dict):
        return image
    before = image.get("before")
    if image.get("table") in _BY_TOPIC and image.get("key") == old_id:
        image = image | {"key": new_id}
        before = before | {"topic_id": new_id} if isinstance(before, dict) else before
    elif isinstance(before, dict) and before.get("topic_id") == old_id:
        before = before | {"topic_id": new_id}
    return image | {"before": before} if "before" in image else image


_BATCH = 500


def _load(session: Session, images: list[dict[str, Any]], learner: str) -> list[SQLModel]:
    """The rows the images name, read with one query a table."""
    keys: dict[str, list[Any]] = {}
    for image in images:
        keys.setdefault(image["table"], []).append(image["key"])
    rows: list[SQLModel] = []
    for table, wanted in keys.items():
        model = _TABLES[table]
        if table in _ONE_A_LEARNER:
            continue  # one row, read where it is restored
        if table in _BY_TOPIC:
            mine = select(model).where(
                model.learner == learner,  # type: ignore[attr-defined]
                model.topic_id.in_(wanted),  # type: ignore[attr-defined]
            )
            rows.extend(session.exec(mine))
            continue
        (key_column,) = model.__table__.primary_key.columns  # type: ignore[attr-defined]
        rows.extend(session.exec(select(model).where(key_column.in_(wanted))))
    return rows
