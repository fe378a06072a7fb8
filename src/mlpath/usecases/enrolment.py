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
from datetime import date, timedelta
from typing import TYPE_CHECKING

from mlpath.domain.limits import DEFAULT_RETENTION
from mlpath.domain.model import Enrolment, Settings, SettingsPeriod
from mlpath.errors import AccessDenied, InvalidInput

if TYPE_CHECKING:  # loading a roadmap is the caller's job; its models cost an import
    from mlpath.formats.roadmap_file import Roadmap
    from mlpath.storage.writes import Writer


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
    # The first day the changed weekly hours, track or skipped phases count from
    # (None: none of them changed); the weeks before keep the settings they had.
    effective_from: date | None = None


def check_start_options(
    roadmap: Roadmap,
    *,
    track: str | None,
    skip_phases: Sequence[int] | None,
    profile: str | None = None,
) -> None:
    track_ids = [t.id for t in roadmap.tracks]
    if track is not None and track not in track_ids:
        close = difflib.get_close_matches(track, track_ids, n=1)
        hint = f"did you mean '{close[0]}'?" if close else ""
        raise InvalidInput(
            f"unknown track '{track}'",
            hint=(hint + " " if hint else "") + "tracks: " + (", ".join(track_ids) or "none"),
        )
    profile_ids = [p.id for p in roadmap.profiles]
    if profile is not None and profile not in profile_ids:
        close = difflib.get_close_matches(profile, profile_ids, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InvalidInput(
            f"unknown background '{profile}'",
            hint=hint
            + (
                "backgrounds: " + ", ".join(profile_ids)
                if profile_ids
                else "this roadmap defines no backgrounds"
            ),
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
    writer: Writer,
    roadmap: Roadmap,
    roadmap_file: str | None,
    today: date,
    start_date: date | None = None,
    hours_per_week: float | None = None,
    track: str | None = None,
    skip_phases: Sequence[int] | None = None,
    per_phase_hours: bool = False,
    retention: float | None = None,
    profile: str | None = None,
) -> StartResult:
    """Create the learner's record, or update it: options not given stay as they are.

    A new learner without a background follows the roadmap's `default` profile, if
    it defines one.
    """
    check_start_options(roadmap, track=track, skip_phases=skip_phases, profile=profile)
    if roadmap_file is not None and not writer.owns_roadmap():
        raise AccessDenied(
            "the roadmap of a database several learners share is its owner's to choose;"
            " nothing was changed",
            hint="start without --roadmap to follow the database's roadmap",
        )
    track_ids = [t.id for t in roadmap.tracks]
    old = writer.enrolment()
    created = old is None
    changes: list[str] = []
    learner_changes: list[str] = []
    effective_from: date | None = None
    if old is None:
        record = Enrolment(
            start_date=start_date or today,
            track=track or roadmap.default_track or (track_ids[0] if track_ids else "none"),
            hours_per_week=hours_per_week,
            skipped_phases=tuple(sorted(set(skip_phases or ()))),
            weekly_min=roadmap.weekly_hours.min,
            weekly_max=roadmap.weekly_hours.max,
            roadmap_id=roadmap.id,
            roadmap_version=roadmap.version,
            roadmap_file=roadmap_file,
            retention=retention if retention is not None else DEFAULT_RETENTION,
            profile=profile or default_profile(roadmap),
        )
    else:
        record = old
        if start_date is not None and start_date != old.start_date:
            first = writer.first_entry_day()
            if first is not None and start_date > first:
                raise InvalidInput(
                    f"hours are logged from {first.isoformat()}, before {start_date.isoformat()}",
                    hint="choose a start date on or before your first logged day",
                )
            changes.append(f"start date {old.start_date} -> {start_date}")
            record = record._replace(start_date=start_date)
        if per_phase_hours and old.hours_per_week is not None:
            changes.append(f"weekly hours {old.hours_per_week:g} -> each phase's own")
            record = record._replace(hours_per_week=None)
        elif hours_per_week is not None and hours_per_week != old.hours_per_week:
            before = f"{old.hours_per_week:g}" if old.hours_per_week else "each phase's own"
            changes.append(f"weekly hours {before} -> {hours_per_week:g}")
            record = record._replace(hours_per_week=hours_per_week)
        if track is not None and track != old.track:
            changes.append(f"track {old.track} -> {track}")
            record = record._replace(track=track)
        if skip_phases is not None and sorted(set(skip_phases)) != sorted(old.skipped_phases):
            changes.append(
                f"skipped phases {sorted(old.skipped_phases) or 'none'} -> "
                f"{sorted(set(skip_phases)) or 'none'}"
            )
            record = record._replace(skipped_phases=tuple(sorted(set(skip_phases))))
        if profile is not None and profile != old.profile:
            changes.append(f"background {old.profile or 'none'} -> {profile}")
            record = record._replace(profile=profile)
        if retention is not None and retention != old.retention:
            # Reviews already scheduled keep their days; the next ones aim at the new target.
            changes.append(f"review retention {old.retention:g} -> {retention:g}")
            record = record._replace(retention=retention)
        if roadmap_file != old.roadmap_file:
            changes.append(
                f"roadmap file {old.roadmap_file or 'bundled'} -> {roadmap_file or 'bundled'}"
            )
        learner_changes = list(changes)  # the roadmap's own update is not undone
        effective_from = _keep_settings_history(writer, old, record, today)
        if roadmap.version != old.roadmap_version or roadmap.id != old.roadmap_id:
            changes.append(
                f"roadmap {old.roadmap_id} {old.roadmap_version} -> {roadmap.id} {roadmap.version}"
            )
        record = record._replace(
            roadmap_id=roadmap.id,
            roadmap_version=roadmap.version,
            weekly_min=roadmap.weekly_hours.min,
            weekly_max=roadmap.weekly_hours.max,
            roadmap_file=roadmap_file,
        )
    if created or changes:
        writer.save_enrolment(record, undoable=bool(learner_changes))
    if learner_changes:
        writer.describe("settings: " + "; ".join(learner_changes))
    result = StartResult(
        created=created,
        settings=record.settings,
        roadmap_title=roadmap.title,
        roadmap_version=roadmap.version,
        phases=len(roadmap.phases),
        topics=len(roadmap.topics()),
        changes=changes,
        effective_from=effective_from,
    )
    synced = writer.sync_roadmap(roadmap, created=created)
    result.added_topics, result.retired_topics = synced.added, synced.retired
    result.moved_topics = synced.moved
    if not created:
        result.topics_done = writer.topics_done()
        result.hours_logged = writer.hours_logged()
    return result


def default_profile(roadmap: Roadmap) -> str | None:
    return "default" if any(p.id == "default" for p in roadmap.profiles) else None


def _keep_settings_history(
    writer: Writer, old: Enrolment, new: Enrolment, today: date
) -> date | None:
    """Close the period of the settings in force so far, if they change today.

    A week's target comes from the settings of its own days, so the days before
    today keep what they had. Returns the day the new settings count from.
    """
    history = writer.settings_history()
    if new.start_date != old.start_date and history:
        if new.start_date > history[0].last_day:
            raise InvalidInput(
                f"your settings changed on {history[0].last_day + timedelta(days=1)}, "
                f"before {new.start_date.isoformat()}",
                hint="choose a start date before your first change of settings",
            )
        writer.move_first_period_start(new.start_date)
    if old.settings._replace(start_date=new.start_date) == new.settings:
        return None
    since = history[-1].last_day + timedelta(days=1) if history else new.start_date
    if since < today:
        writer.add_settings_period(SettingsPeriod(since, today - timedelta(days=1), old.settings))
        return today
    return since  # changed again the same day (or before the start): it holds from then
