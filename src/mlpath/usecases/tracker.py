"""Everyday use cases: topic states, notes, breaks and hours (setting up is enrolment's).

Each takes an open session, does one job, and returns plain data.

The CLI opens the session (one transaction for a write) and renders what comes
back; everything a learner can get wrong is raised as an MlpathError before
anything is changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, select

from mlpath.domain import matching
from mlpath.domain.breaks import check_new_break
from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.domain.model import Break, Entry, Note, Snapshot, Status, Topic
from mlpath.errors import InvalidInput
from mlpath.storage.database import (
    BreakRow,
    EntryRow,
    NoteRow,
    ProgressRow,
)
from mlpath.storage.journal import Journal


def _now() -> datetime:
    return datetime.now(UTC)


# --- topic states ------------------------------------------------------------


class StatusChange(NamedTuple):
    topic: Topic
    before: Status
    after: Status
    on: date | None

    @property
    def changed(self) -> bool:
        return self.before is not self.after


def set_status(
    *,
    session: Session,
    queries: Sequence[str],
    status: Status,
    on: date,
    snapshot: Snapshot,
    link: str | None = None,
) -> list[StatusChange]:
    """Set the status of every named topic, or of none if any name is wrong.

    `snapshot` is the learner's data as read at the start of this transaction.
    A `link` (evidence of the work, for one topic) joins its journal in the same change.
    """
    if on < snapshot.settings.start_date and status in (Status.DONE, Status.DOING):
        raise InvalidInput(
            f"{on.isoformat()} is before your start date {snapshot.settings.start_date}",
            hint="to move the start earlier: mlpath start --date YYYY-MM-DD",
        )
    topics = snapshot.topics()
    chosen: list[Topic] = []
    for query in queries:
        topic = matching.find_topic(query, topics)
        if topic not in chosen:
            chosen.append(topic)
    changes: list[StatusChange] = []
    now = _now()
    journal = Journal(session)
    for topic in chosen:
        row = session.get(ProgressRow, topic.id)
        before = Status(row.status) if row else Status.TODO
        changes.append(StatusChange(topic, before, status, on if status is Status.DONE else None))
        if before is status:
            continue
        journal.before("progress", topic.id)
        if row is None:
            row = ProgressRow(topic_id=topic.id, status=status.value, updated_at=now)
        row.status = status.value
        row.updated_at = now
        row.done_on = on if status is Status.DONE else None
        if status is Status.DOING:
            row.started_on = on
        elif status is Status.TODO:
            row.started_on = None
        session.add(row)
    session.flush()
    changed = [c.topic.id for c in changes if c.changed]
    summary = f"{status.value}: {', '.join(changed)}"
    if link is not None:
        if len(chosen) != 1:
            raise InvalidInput("--link belongs to one topic", hint="mark the topics one by one")
        _add_note(session, journal, chosen[0], on, "link", link)
        summary = f"{summary} (link {link})" if changed else f"link for {chosen[0].id}: {link}"
    journal.record(summary)
    return changes


# --- the learning journal ----------------------------------------------------------


def _add_note(
    session: Session, journal: Journal, topic: Topic, day: date, kind: str, text: str
) -> Note:
    row = NoteRow(topic_id=topic.id, day=day, kind=kind, text=text, created_at=_now())
    session.add(row)
    session.flush()
    journal.created("topic_note", row.id)
    return Note(row.topic_id, row.day, row.kind, row.text, row.id)


def add_note(
    *, session: Session, snapshot: Snapshot, topic_query: str, text: str, day: date
) -> tuple[Topic, Note]:
    topic = matching.find_topic(topic_query, snapshot.topics())
    journal = Journal(session)
    note = _add_note(session, journal, topic, day, "note", text)
    journal.record(f"note #{note.id} on {topic.id}")
    return topic, note


# --- planned breaks ----------------------------------------------------------------


def _break(row: BreakRow) -> Break:
    return Break(row.first_day, row.last_day, row.note, row.id)


def add_break(
    *, session: Session, snapshot: Snapshot, first: date, last: date, note: str | None
) -> Break:
    existing = [_break(r) for r in session.exec(select(BreakRow))]
    check_new_break(first, last, existing=existing, start_date=snapshot.settings.start_date)
    row = BreakRow(first_day=first, last_day=last, note=note or None, created_at=_now())
    session.add(row)
    session.flush()
    journal = Journal(session)
    journal.created("study_break", row.id)
    journal.record(f"break #{row.id}: {first.isoformat()} to {last.isoformat()}")
    return _break(row)


def delete_break(*, session: Session, break_id: int) -> Break:
    row = session.get(BreakRow, break_id)
    if row is None:
        raise InvalidInput(
            f"there is no break #{break_id}", hint="`mlpath break` lists them with ids"
        )
    removed = _break(row)
    journal = Journal(session)
    journal.before("study_break", row.id)
    session.delete(row)
    session.flush()
    journal.record(f"delete break #{break_id}")
    return removed


# --- study hours -------------------------------------------------------------


class Logged(NamedTuple):
    entry: Entry
    day_total: float
    topic: Topic | None


def log_hours(
    *,
    session: Session,
    snapshot: Snapshot,
    hours: float,
    day: date,
    topic_query: str | None = None,
    note: str | None = None,
) -> Logged:
    topic = matching.find_topic(topic_query, snapshot.topics()) if topic_query else None
    already = _hours_that_day(session, day)
    _check_day(snapshot, day, hours, already)
    row = EntryRow(
        day=day,
        hours=hours,
        topic_id=topic.id if topic else None,
        note=note or None,
        created_at=_now(),
    )
    session.add(row)
    session.flush()
    journal = Journal(session)
    journal.created("entry", row.id)
    about = f" on {topic.id}" if topic else ""
    journal.record(f"log #{row.id}: {hours:g} h{about} for {day.isoformat()}")
    return Logged(_entry(row), already + hours, topic)


def _entry(row: EntryRow) -> Entry:
    return Entry(day=row.day, hours=row.hours, topic_id=row.topic_id, note=row.note, id=row.id)


def _hours_that_day(session: Session, day: date, *, leaving_out: int | None = None) -> float:
    query = select(func.sum(EntryRow.hours)).where(EntryRow.day == day)
    if leaving_out is not None:
        query = query.where(EntryRow.id != leaving_out)
    return float(session.exec(query).one() or 0)


def _check_day(snapshot: Snapshot, day: date, hours: float, already: float) -> None:
    if day < snapshot.settings.start_date:
        raise InvalidInput(
            f"{day.isoformat()} is before your start date {snapshot.settings.start_date}",
            hint="to move the start earlier: mlpath start --date YYYY-MM-DD",
        )
    if already + hours > MAX_HOURS_PER_DAY + HOURS_TOLERANCE:
        raise InvalidInput(
            f"{hours:g} h would make {already + hours:g} h on {day.isoformat()}, "
            f"more than the {MAX_HOURS_PER_DAY:g} hours a day has",
            hint=f"{already:g} h are already logged that day" if already else None,
        )


def _existing_entry(session: Session, entry_id: int) -> EntryRow:
    row = session.get(EntryRow, entry_id)
    if row is None:
        raise InvalidInput(
            f"there is no entry #{entry_id}", hint="`mlpath hours --entries` lists them with ids"
        )
    return row


class Edited(NamedTuple):
    before: Entry
    after: Entry | None  # None: deleted


def edit_entry(
    *,
    session: Session,
    snapshot: Snapshot,
    entry_id: int,
    hours: float | None = None,
    day: date | None = None,
    topic_query: str | None = None,
    note: str | None = None,
) -> Edited:
    """Correct a logged entry; only the fields given change."""
    row = _existing_entry(session, entry_id)
    before = _entry(row)
    new_day = day or row.day
    new_hours = hours if hours is not None else row.hours
    _check_day(snapshot, new_day, new_hours, _hours_that_day(session, new_day, leaving_out=row.id))
    journal = Journal(session)
    journal.before("entry", row.id)
    if topic_query is not None:
        row.topic_id = (
            matching.find_topic(topic_query, snapshot.topics()).id if topic_query else None
        )
    if note is not None:
        row.note = note or None
    row.day, row.hours = new_day, new_hours
    session.add(row)
    session.flush()
    journal.record(f"edit #{row.id}")
    return Edited(before, _entry(row))


def delete_entry(*, session: Session, entry_id: int) -> Edited:
    row = _existing_entry(session, entry_id)
    before = _entry(row)
    journal = Journal(session)
    journal.before("entry", row.id)
    session.delete(row)
    session.flush()
    journal.record(f"delete #{entry_id}: {before.hours:g} h for {before.day.isoformat()}")
    return Edited(before, None)
