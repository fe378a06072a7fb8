"""Use cases that write an export into a database: restore it into a new one, or merge it.

The export was checked whole by transfer.read_export before either runs; both run
inside the caller's one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, inspect
from sqlmodel import Session, SQLModel, col, select

from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.errors import InvalidInput
from mlpath.storage.database import (
    BreakRow,
    EntryRow,
    NoteRow,
    PhaseRow,
    ProgressRow,
    SettingsRow,
    TopicRow,
)
from mlpath.storage.journal import Journal
from mlpath.usecases.enrolment import start

if TYPE_CHECKING:
    from mlpath.formats.roadmap_file import Roadmap


_BATCH = 1000  # rows inserted per flush


class Imported(NamedTuple):
    fresh: bool  # True: restored into a new database; False: merged into one in use
    entries_added: int
    entries_skipped: int  # already there
    topics_updated: int


def _keep_topics(session: Session, data: Any, *, history: bool = False) -> None:
    """Give every topic the import refers to a row, retired if the roadmap lacks it."""
    from mlpath.formats.export_file import image_topics

    known = {t.id for t in session.exec(select(TopicRow))}
    wanted = (
        {p.topic_id for p in data.progress}
        | {e.topic_id for e in data.entries if e.topic_id}
        | {n.topic_id for n in data.notes}
    )
    if history:  # what undo may put back; the import checked these records whole
        wanted |= {t for c in data.history for image in c.rows for t in image_topics(image)}
    last_phase = session.exec(select(PhaseRow).order_by(col(PhaseRow.number).desc())).first()
    assert last_phase is not None  # a started database always has its roadmap
    details = {t.id: t for t in data.retired_topics}
    position = 100_000
    for topic_id in sorted(wanted - known):
        about = details.get(topic_id)
        session.add(
            TopicRow(
                id=topic_id,
                phase_id=last_phase.id,
                position=position,
                title=about.title if about else topic_id,
                kind=about.kind if about else "topic",
                hours=about.hours if about else 1.0,
                retired=True,
            )
        )
        position += 1
    session.flush()


def restore_into_new(
    *, session: Session, data: Any, roadmap: Roadmap, roadmap_file: str | None, today: date
) -> Imported:
    """Fill a new database with an export: the same settings, progress, entries, breaks,
    notes and history."""
    from mlpath.storage.database import ChangeRow

    s = data.settings
    start(
        session=session,
        roadmap=roadmap,
        roadmap_file=roadmap_file,
        today=today,
        start_date=s.start_date,
        hours_per_week=s.hours_per_week,
        skip_phases=[n for n in s.skipped_phases if n in {p.number for p in roadmap.phases}],
    )
    row = session.get(SettingsRow, 1)
    for key, value in s.model_dump().items():
        setattr(row, key, value)
    session.add(row)
    _keep_topics(session, data, history=True)
    for model, items in (
        (ProgressRow, data.progress),
        (EntryRow, data.entries),
        (BreakRow, data.breaks),
        (NoteRow, data.notes),
        (ChangeRow, data.history),
    ):
        _insert(session, model, [item.model_dump() for item in items])
    return Imported(True, len(data.entries), 0, len(data.progress))


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[Any]:
    """Insert rows a thousand at a time, and return their ids.

    A flush per row made a merge of 200,000 entries take a minute; one flush for
    all held every row object at once (a gigabyte).
    """
    ids: list[Any] = []
    for first in range(0, len(rows), _BATCH):
        batch = [model(**row) for row in rows[first : first + _BATCH]]
        session.add_all(batch)
        session.flush()
        ids.extend(inspect(row).identity[0] for row in batch)
    return ids


def merge_into(*, session: Session, data: Any, name: str) -> Imported:
    """Add an export's progress and entries to a database in use, without duplicates.

    Entries already present (same day, hours, topic, note and time of logging) are
    skipped; a topic's state is taken from the import when it was changed later
    there. Settings and history stay as they are. The whole merge is one change
    that undo can revert.
    """
    journal = Journal(session)
    _keep_topics(session, data)
    updated = 0
    for p in data.progress:
        row = session.get(ProgressRow, p.topic_id)
        if row is not None and row.updated_at.replace(tzinfo=None) >= p.updated_at.replace(
            tzinfo=None
        ):
            continue
        journal.before("progress", p.topic_id)
        session.merge(ProgressRow(**p.model_dump()))
        updated += 1
    session.flush()
    existing = {
        (r.day, r.hours, r.topic_id, r.note, r.created_at.replace(tzinfo=None))
        for r in session.exec(select(EntryRow))
    }
    new = []
    for e in data.entries:
        key = (e.day, e.hours, e.topic_id, e.note, e.created_at.replace(tzinfo=None))
        if key not in existing:
            existing.add(key)
            new.append(e)
    settings = session.get(SettingsRow, 1)
    assert settings is not None  # merging is into a started database
    early = min((e.day for e in new), default=None)
    if early is not None and early < settings.start_date:
        # As `log` refuses, so that the merged data exports and imports again.
        raise InvalidInput(
            f"the import has hours on {early}, before your start date {settings.start_date}",
            hint=f"nothing was imported; to keep them: mlpath start --date {early}, then import",
        )
    for entry_id in _insert(session, EntryRow, [e.model_dump(exclude={"id"}) for e in new]):
        journal.created("entry", entry_id)
    added, skipped = len(new), len(data.entries) - len(new)
    over = session.exec(
        select(col(EntryRow.day), func.sum(EntryRow.hours))
        .group_by(col(EntryRow.day))
        .having(func.sum(EntryRow.hours) > MAX_HOURS_PER_DAY + HOURS_TOLERANCE)
    ).first()
    if over is not None:
        raise InvalidInput(
            f"importing would put {over[1]:g} h on {over[0]}, more than a day has",
            hint="nothing was imported; fix the entries of that day first",
        )
    _merge_journal(session, journal, data)
    journal.record(f"import {name}: {added} entries, {updated} topics")
    return Imported(False, added, skipped, updated)


def _merge_journal(session: Session, journal: Journal, data: Any) -> None:
    """Add the import's notes and the breaks that overlap none already planned."""
    notes = {(n.topic_id, n.day, n.kind, n.text) for n in session.exec(select(NoteRow))}
    for n in data.notes:
        if (n.topic_id, n.day, n.kind, n.text) not in notes:
            notes.add((n.topic_id, n.day, n.kind, n.text))
            row = NoteRow(**n.model_dump(exclude={"id"}))
            session.add(row)
            session.flush()
            journal.created("topic_note", row.id)
    planned = [(r.first_day, r.last_day) for r in session.exec(select(BreakRow))]
    for b in data.breaks:
        # The same break, or one that clashes with the learner's own: theirs stands.
        if any(b.first_day <= last and first <= b.last_day for first, last in planned):
            continue
        planned.append((b.first_day, b.last_day))
        planned_break = BreakRow(**b.model_dump(exclude={"id"}))
        session.add(planned_break)
        session.flush()
        journal.created("study_break", planned_break.id)
