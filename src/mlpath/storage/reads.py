"""Read-only SQL over a DB-API connection to the SQLite database.

The read commands run on the standard library's sqlite3 alone; the write path
hands in its session's own connection, so both see the data through this one
module. Aggregates are computed in SQL (GROUP BY, indexed by day), so the number
of queries and of rows returned does not grow with the number of entries.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from typing import NamedTuple

from mlpath.domain.model import (
    Break,
    Entry,
    Note,
    Phase,
    Resource,
    Settings,
    Snapshot,
    Source,
    Status,
    Topic,
)
from mlpath.errors import NotStarted


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_snapshot(conn: sqlite3.Connection) -> Snapshot:
    settings = conn.execute(
        "SELECT start_date, hours_per_week, track, skipped_phases, weekly_min, weekly_max,"
        " roadmap_id, roadmap_version, roadmap_file FROM settings WHERE id = 1"
    ).fetchone()
    if settings is None:
        raise NotStarted()
    start, per_week, track, skipped, low, high, roadmap_id, version, own_file = settings
    phase_rows = conn.execute(
        "SELECT id, number, title, weekly_hours, weeks_min, weeks_max FROM phase ORDER BY number"
    ).fetchall()
    number_of = {row[0]: row[1] for row in phase_rows}
    topics: dict[str, list[Topic]] = {}
    rows = conn.execute(
        "SELECT t.id, t.phase_id, t.title, t.kind, t.hours, t.track, t.optional, t.aliases,"
        " t.retired, t.summary, t.sources, t.resources, p.status, p.done_on"
        " FROM topic t LEFT JOIN progress p ON p.topic_id = t.id ORDER BY t.position"
    )
    for (topic_id, phase_id, title, kind, hours, topic_track, optional, aliases, retired,
         summary, sources, resources, status, done_on) in rows:  # fmt: skip
        topics.setdefault(phase_id, []).append(
            Topic(
                id=topic_id,
                title=title,
                phase=number_of[phase_id],
                kind=kind,
                hours=hours,
                track=topic_track,
                optional=bool(optional),
                status=Status(status) if status else Status.TODO,
                done_on=_day(done_on),
                aliases=tuple(json.loads(aliases)),
                retired=bool(retired),
                summary=summary,
                sources=tuple(json.loads(sources)),
                resources=tuple(Resource(**r) for r in json.loads(resources)),
            )
        )
    phases = tuple(
        Phase(
            id=phase_id,
            number=number,
            title=title,
            weekly_hours=weekly,
            weeks_min=weeks_min,
            weeks_max=weeks_max,
            topics=tuple(topics.get(phase_id, ())),
        )
        for phase_id, number, title, weekly, weeks_min, weeks_max in phase_rows
    )
    source_rows = conn.execute("SELECT id, title, url FROM source ORDER BY id")
    return Snapshot(
        settings=Settings(
            start_date=date.fromisoformat(start),
            track=track,
            hours_per_week=per_week,
            skipped_phases=frozenset(json.loads(skipped)),
        ),
        phases=phases,
        roadmap_id=roadmap_id,
        roadmap_version=version,
        weekly_range=(low, high),
        sources=tuple(Source(*row) for row in source_rows),
        roadmap_file=own_file,
    )


def hours_by_day(conn: sqlite3.Connection, *, since: date | None = None) -> dict[date, float]:
    """Hours logged per day (from `since` on, if given)."""
    rows = conn.execute(
        "SELECT day, sum(hours) FROM entry WHERE day >= ? GROUP BY day",
        ((since or date.min).isoformat(),),
    )
    return {date.fromisoformat(day): total for day, total in rows}


def hours_by_day_and_topic(conn: sqlite3.Connection) -> list[Entry]:
    rows = conn.execute("SELECT day, topic_id, sum(hours) FROM entry GROUP BY day, topic_id")
    # Positional: a day of ten years each, and keywords cost a third more.
    return [Entry(date.fromisoformat(day), total, topic) for day, topic, total in rows]


def hours_on_topic(conn: sqlite3.Connection, topic_id: str) -> float:
    row = conn.execute("SELECT sum(hours) FROM entry WHERE topic_id = ?", (topic_id,))
    return float(row.fetchone()[0] or 0)


def entries(conn: sqlite3.Connection, *, since: date | None = None) -> list[Entry]:
    """Logged entries, oldest first, with their ids (from `since` on, if given)."""
    rows = conn.execute(
        "SELECT id, day, hours, topic_id, note FROM entry WHERE day >= ? ORDER BY day, id",
        ((since or date.min).isoformat(),),
    )
    return [
        Entry(day=date.fromisoformat(day), hours=hours, topic_id=topic, note=note, id=entry_id)
        for entry_id, day, hours, topic, note in rows
    ]


def breaks(conn: sqlite3.Connection) -> list[Break]:
    rows = conn.execute(
        "SELECT id, first_day, last_day, note FROM study_break ORDER BY first_day, id"
    )
    return [
        Break(date.fromisoformat(first), date.fromisoformat(last), note, break_id)
        for break_id, first, last, note in rows
    ]


def notes(conn: sqlite3.Connection, topic_id: str) -> list[Note]:
    rows = conn.execute(
        "SELECT id, day, kind, text FROM topic_note WHERE topic_id = ? ORDER BY day, id",
        (topic_id,),
    )
    return [
        Note(topic_id, date.fromisoformat(day), kind, text, note_id)
        for note_id, day, kind, text in rows
    ]


class Change(NamedTuple):
    id: int
    at: datetime
    summary: str
    undoes: int | None
    undone: bool


def changes(conn: sqlite3.Connection, *, limit: int) -> list[Change]:
    """The latest changes, newest first, each marked if a later undo reverted it."""
    rows = conn.execute(
        "SELECT c.id, c.at, c.summary, c.undoes,"
        " EXISTS (SELECT 1 FROM change u WHERE u.undoes = c.id)"
        " FROM change c ORDER BY c.id DESC LIMIT ?",
        (limit,),
    )
    return [
        Change(i, datetime.fromisoformat(at), summary, undoes, bool(undone))
        for i, at, summary, undoes, undone in rows
    ]
