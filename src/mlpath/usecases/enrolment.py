"""Enrolment: setting the learner up on a roadmap, and bringing a changed roadmap in.

`start` creates the learner's record or changes its options; given a roadmap
that differs from the one loaded (a newer bundled one, or the learner's own
file), it brings the roadmap tables in step while every topic keeps its progress,
hours and notes by id, through renames (`aliases`) and removals (kept as retired).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, select

from mlpath.domain.model import Settings, Status
from mlpath.errors import InvalidInput
from mlpath.storage.database import (
    EntryRow,
    NoteRow,
    PhaseRow,
    ProgressRow,
    SettingsRow,
    SourceRow,
    TopicRow,
)
from mlpath.storage.journal import Journal, rename_topic

if TYPE_CHECKING:  # loading a roadmap is the caller's job; its models cost an import
    from mlpath.formats.roadmap_file import Roadmap


def _settings(row: SettingsRow) -> Settings:
    return Settings(
        start_date=row.start_date,
        track=row.track,
        hours_per_week=row.hours_per_week,
        skipped_phases=frozenset(row.skipped_phases),
    )


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
    now = datetime.now(UTC)
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
    rename_topic(session, old_id, new_id)
    # Its whole history now belongs to the new id; the old row would be an empty ghost.
    session.delete(session.get(TopicRow, old_id))
    session.flush()
