"""Use cases on study hours: logging, correcting and deleting entries."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain.balance import is_practice
from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.domain.model import Entry, Snapshot, Topic
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer


class Logged(NamedTuple):
    entry: Entry
    day_total: float
    topic: Topic | None
    on_break: bool = False  # the day is a planned break day (its hours still count)


def log_hours(
    *,
    writer: Writer,
    snapshot: Snapshot,
    hours: float,
    day: date,
    topic_query: str | None = None,
    note: str | None = None,
    practice: bool | None = None,
) -> Logged:
    """Log hours; `practice` None: practice on an exercise or project, else theory."""
    topic = matching.find_topic(topic_query, snapshot.topics()) if topic_query else None
    logged = add_entry(
        writer=writer,
        snapshot=snapshot,
        hours=hours,
        day=day,
        topic=topic,
        note=note,
        practice=practice,
    )
    about = f" on {topic.id}" if topic else ""
    writer.describe(f"log #{logged.entry.id}: {hours:g} h{about} for {day.isoformat()}")
    return logged


def add_entry(
    *,
    writer: Writer,
    snapshot: Snapshot,
    hours: float,
    day: date,
    topic: Topic | None,
    note: str | None,
    practice: bool | None = None,
) -> Logged:
    """Add one entry under `log`'s rules (within the day's 24 h, not before the start
    date), leaving the change for the caller to describe."""
    already = writer.hours_on_day(day)
    _check_day(snapshot, day, hours, already)
    if practice is None:
        practice = is_practice(topic.kind if topic else None)
    entry = writer.add_entry(
        Entry(day, hours, topic.id if topic else None, note or None, practice=practice)
    )
    on_break = any(b.first <= day <= b.last for b in writer.breaks())
    return Logged(entry, already + hours, topic, on_break)


def check_started_by(snapshot: Snapshot, day: date) -> None:
    """Refuse a day before the start date: nothing is logged before it."""
    if day < snapshot.settings.start_date:
        raise InvalidInput(
            f"{day.isoformat()} is before your start date {snapshot.settings.start_date}",
            hint="to move the start earlier: mlpath start --date YYYY-MM-DD",
        )


def _check_day(snapshot: Snapshot, day: date, hours: float, already: float) -> None:
    check_started_by(snapshot, day)
    if already + hours > MAX_HOURS_PER_DAY + HOURS_TOLERANCE:
        raise InvalidInput(
            f"{hours:g} h would make {already + hours:g} h on {day.isoformat()}, "
            f"more than the {MAX_HOURS_PER_DAY:g} hours a day has",
            hint=f"{already:g} h are already logged that day" if already else None,
        )


def _existing_entry(writer: Writer, entry_id: int) -> Entry:
    found = writer.entry(entry_id)
    if found is None:
        raise InvalidInput(
            f"there is no entry #{entry_id}", hint="`mlpath hours --entries` lists them with ids"
        )
    return found


class Edited(NamedTuple):
    before: Entry
    after: Entry | None  # None: deleted


def edit_entry(
    *,
    writer: Writer,
    snapshot: Snapshot,
    entry_id: int,
    hours: float | None = None,
    day: date | None = None,
    topic_query: str | None = None,
    note: str | None = None,
    practice: bool | None = None,
) -> Edited:
    """Correct a logged entry; only the fields given change. A new topic without
    `practice` brings its kind's default (practice on an exercise or project)."""
    before = _existing_entry(writer, entry_id)
    new_day = day or before.day
    new_hours = hours if hours is not None else before.hours
    _check_day(snapshot, new_day, new_hours, writer.hours_on_day(new_day, leaving_out=entry_id))
    after = before._replace(day=new_day, hours=new_hours)
    if topic_query is not None:
        topic = matching.find_topic(topic_query, snapshot.topics()) if topic_query else None
        after = after._replace(
            topic_id=topic.id if topic else None,
            practice=is_practice(topic.kind if topic else None),
        )
    if note is not None:
        after = after._replace(note=note or None)
    if practice is not None:
        after = after._replace(practice=practice)
    if after == before:
        raise InvalidInput(
            f"entry #{entry_id} already has those values; nothing was changed",
            hint='give new hours, --date, --topic or --note (`--topic ""` removes the topic)',
        )
    stored = writer.replace_entry(after)
    writer.describe(f"edit #{entry_id}")
    return Edited(before, stored)


def delete_entry(*, writer: Writer, entry_id: int) -> Edited:
    before = _existing_entry(writer, entry_id)
    writer.delete_entry(entry_id)
    writer.describe(f"delete #{entry_id}: {before.hours:g} h for {before.day.isoformat()}")
    return Edited(before, None)
