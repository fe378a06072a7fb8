"""Use cases: each takes an open session, does one job, returns plain data.

The CLI opens the session (one transaction for a write) and renders what comes
back; everything a learner can get wrong is raised as an MlpathError before
anything is changed.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import func
from sqlmodel import Session, select

from mlpath import matching
from mlpath.breaks import check_new_break
from mlpath.errors import InvalidInput
from mlpath.history import Journal
from mlpath.model import Break, Entry, Note, Settings, Snapshot, Status, Topic
from mlpath.parsing import MAX_HOURS_PER_DAY
from mlpath.store import (
    BreakRow,
    EntryRow,
    NoteRow,
    PhaseRow,
    ProgressRow,
    SettingsRow,
    SourceRow,
    TopicRow,
)

if TYPE_CHECKING:  # loading a roadmap is the caller's job; its models cost an import
    from mlpath.roadmap import Roadmap


def _now() -> datetime:
    return datetime.now(UTC)


def _settings(row: SettingsRow) -> Settings:
    return Settings(
        start_date=row.start_date,
        track=row.track,
        hours_per_week=row.hours_per_week,
        skipped_phases=frozenset(row.skipped_phases),
    )


# --- start -----------------------------------------------------------------


@dataclass
class StartResult:
    created: bool
    settings: Settings
    roadmap_title: str
    roadmap_version: str
    phases: int
    topics: int
    changes: list[str] = field(default_factory=list)
    added_topics: list[str] = field(default_factory=list)
    retired_topics: list[str] = field(default_factory=list)
    moved_topics: list[tuple[str, str]] = field(default_factory=list)
    topics_done: int = 0
    hours_logged: float = 0.0


def check_start_options(
    roadmap: Roadmap, *, track: str | None, skip_phases: Sequence[int] | None
) -> None:
    track_ids = [t.id for t in roadmap.tracks]
    if track is not None and track not in track_ids:
        close = difflib.get_close_matches(track, track_ids, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        raise InvalidInput(
            f"unknown track '{track}'",
            hint=(hint + " " if hint else "") + "tracks: " + (", ".join(track_ids) or "none"),
        )
    numbers = {p.number for p in roadmap.phases}
    for number in skip_phases or ():
        if number not in numbers:
            raise InvalidInput(
                f"there is no phase {number} to skip",
                hint=f"phases are numbered {min(numbers)}-{max(numbers)}",
            )


def start(
    *,
    session: Session,
    roadmap: Roadmap,
    roadmap_file: str | None,
    today: date,
    start_date: date | None = None,
    hours_per_week: float | None = None,
    track: str | None = None,
    skip_phases: Sequence[int] | None = None,
    per_phase_hours: bool = False,
) -> StartResult:
    """Create the learner's record, or update it: options not given stay as they are."""
    check_start_options(roadmap, track=track, skip_phases=skip_phases)
    track_ids = [t.id for t in roadmap.tracks]
    row = session.get(SettingsRow, 1)
    created = row is None
    now = _now()
    changes: list[str] = []
    if row is None:
        row = SettingsRow(
            start_date=start_date or today,
            hours_per_week=hours_per_week,
            track=track or roadmap.default_track or (track_ids[0] if track_ids else "none"),
            skipped_phases=sorted(set(skip_phases or ())),
            weekly_min=roadmap.weekly_hours.min,
            weekly_max=roadmap.weekly_hours.max,
            roadmap_id=roadmap.id,
            roadmap_version=roadmap.version,
            roadmap_file=roadmap_file,
            created_at=now,
            updated_at=now,
        )
    else:
        journal = Journal(session)
        journal.before("settings", 1)
        if start_date is not None and start_date != row.start_date:
            first = session.exec(select(func.min(EntryRow.day))).one()
            if first is not None and start_date > first:
                raise InvalidInput(
                    f"hours are logged from {first.isoformat()}, before {start_date.isoformat()}",
                    hint="choose a start date on or before your first logged day",
                )
            changes.append(f"start date {row.start_date} -> {start_date}")
            row.start_date = start_date
        if per_phase_hours and row.hours_per_week is not None:
            changes.append(f"weekly hours {row.hours_per_week:g} -> each phase's own")
            row.hours_per_week = None
        elif hours_per_week is not None and hours_per_week != row.hours_per_week:
            before = f"{row.hours_per_week:g}" if row.hours_per_week else "each phase's own"
            changes.append(f"weekly hours {before} -> {hours_per_week:g}")
            row.hours_per_week = hours_per_week
        if track is not None and track != row.track:
            changes.append(f"track {row.track} -> {track}")
            row.track = track
        if skip_phases is not None and sorted(set(skip_phases)) != sorted(row.skipped_phases):
            changes.append(
                f"skipped phases {row.skipped_phases or 'none'} -> "
                f"{sorted(set(skip_phases)) or 'none'}"
            )
            row.skipped_phases = sorted(set(skip_phases))
        if roadmap_file != row.roadmap_file:
            changes.append(
                f"roadmap file {row.roadmap_file or 'bundled'} -> {roadmap_file or 'bundled'}"
            )
        learner_changes = list(changes)  # the roadmap's own update is not undone
        if roadmap.version != row.roadmap_version or roadmap.id != row.roadmap_id:
            changes.append(
                f"roadmap {row.roadmap_id} {row.roadmap_version} -> {roadmap.id} {roadmap.version}"
            )
        row.roadmap_id, row.roadmap_version = roadmap.id, roadmap.version
        row.weekly_min, row.weekly_max = roadmap.weekly_hours.min, roadmap.weekly_hours.max
        row.roadmap_file = roadmap_file
        if changes:
            row.updated_at = now
            session.add(row)
            session.flush()
            if learner_changes:
                journal.record("settings: " + "; ".join(learner_changes))
    session.add(row)
    result = StartResult(
        created=created,
        settings=_settings(row),
        roadmap_title=roadmap.title,
        roadmap_version=roadmap.version,
        phases=len(roadmap.phases),
        topics=len(roadmap.topics()),
        changes=changes,
    )
    _refresh_roadmap(session, roadmap, result)
    if not created:
        result.topics_done = session.exec(
            select(func.count()).select_from(ProgressRow).where(ProgressRow.status == "done")
        ).one()
        result.hours_logged = float(session.exec(select(func.sum(EntryRow.hours))).one() or 0)
    return result


def _refresh_roadmap(session: Session, roadmap: Roadmap, result: StartResult) -> None:
    """Make the roadmap tables match `roadmap`, keeping all progress by topic id.

    Topics that left the roadmap are kept as retired (their history stays); a
    topic that names a former id in `aliases` takes over that topic's progress and
    logged hours.
    """
    wanted_sources = {source.id: source for source in roadmap.sources}
    for source_row in session.exec(select(SourceRow)):
        if source_row.id not in wanted_sources:
            session.delete(source_row)
    for source in roadmap.sources:
        session.merge(SourceRow(id=source.id, title=source.title, url=source.url))
    old_phases = {p.id: p for p in session.exec(select(PhaseRow))}
    old_topics = {t.id: t for t in session.exec(select(TopicRow))}
    # Phase numbers are unique: move old ones out of the way before renumbering.
    for offset, phase_row in enumerate(old_phases.values()):
        phase_row.number = -1 - offset
        session.add(phase_row)
    session.flush()

    seen_phases: set[str] = set()
    seen_topics: set[str] = set()
    position = 0
    for phase in roadmap.phases:
        phase_row = old_phases.get(phase.id) or PhaseRow(
            id=phase.id, number=phase.number, title="", weeks_min=0, weeks_max=0, weekly_hours=0
        )
        phase_row.number = phase.number
        phase_row.title = phase.title
        phase_row.summary = phase.summary
        phase_row.weeks_min, phase_row.weeks_max = phase.weeks.min, phase.weeks.max
        phase_row.weekly_hours = phase.weekly_hours
        phase_row.retired = False
        session.add(phase_row)
        seen_phases.add(phase.id)
        session.flush()
        for topic in phase.topics:
            topic_row = old_topics.get(topic.id)
            if topic_row is None:
                topic_row = TopicRow(
                    id=topic.id, phase_id=phase.id, position=0, title="", kind="topic", hours=1
                )
                if not result.created and not any(a in old_topics for a in topic.aliases):
                    result.added_topics.append(topic.id)
            topic_row.phase_id = phase.id
            topic_row.position = position
            topic_row.title = topic.title
            topic_row.kind = topic.kind
            topic_row.hours = topic.hours
            topic_row.summary = topic.summary
            topic_row.track = topic.track
            topic_row.optional = topic.optional
            topic_row.aliases = list(topic.aliases)
            topic_row.sources = list(topic.sources)
            topic_row.resources = [r.model_dump(exclude_none=True) for r in topic.resources]
            topic_row.retired = False
            session.add(topic_row)
            seen_topics.add(topic.id)
            position += 1
        session.flush()
        for topic in phase.topics:
            for alias in topic.aliases:
                if alias in old_topics and alias not in seen_topics:
                    _move_history(session, alias, topic.id)
                    del old_topics[alias]
                    result.moved_topics.append((alias, topic.id))

    for topic_id, topic_row in old_topics.items():
        if topic_id not in seen_topics and not topic_row.retired:
            topic_row.retired = True
            topic_row.position = position
            position += 1
            session.add(topic_row)
            result.retired_topics.append(topic_id)
    for offset, (phase_id, phase_row) in enumerate(old_phases.items()):
        if phase_id not in seen_phases:
            phase_row.retired = True
            phase_row.number = 1000 + offset  # after every live phase
            session.add(phase_row)
    session.flush()


_RANK = {Status.TODO: 0, Status.DOING: 1, Status.SKIPPED: 2, Status.DONE: 3}


def _move_history(session: Session, old_id: str, new_id: str) -> None:
    for entry in session.exec(select(EntryRow).where(EntryRow.topic_id == old_id)):
        entry.topic_id = new_id
        session.add(entry)
    for note in session.exec(select(NoteRow).where(NoteRow.topic_id == old_id)):
        note.topic_id = new_id
        session.add(note)
    old = session.get(ProgressRow, old_id)
    if old is not None:
        new = session.get(ProgressRow, new_id)
        if new is None:
            session.add(
                ProgressRow(
                    topic_id=new_id,
                    status=old.status,
                    started_on=old.started_on,
                    done_on=old.done_on,
                    updated_at=old.updated_at,
                )
            )
        elif _RANK[Status(old.status)] > _RANK[Status(new.status)]:
            # Two topics merged: the further-along state wins, so nothing done is lost.
            new.status, new.started_on, new.done_on = old.status, old.started_on, old.done_on
            session.add(new)
        session.delete(old)
        session.flush()
    # Its whole history now belongs to the new id; the old row would be an empty ghost.
    session.delete(session.get(TopicRow, old_id))
    session.flush()


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
    if already + hours > MAX_HOURS_PER_DAY + 1e-9:
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
