"""Reading the learner's data: the Reader, over a DB-API connection (sqlite3 or psycopg).

Read commands on SQLite run on the standard library's sqlite3 alone (no SQLAlchemy,
no Alembic unless the schema is behind); on PostgreSQL on psycopg alone. A write
reads through the same Reader over its own transaction's connection
(storage/writes.py), so both see the data through this one module. Its SQL is
written once; storage/sql.py runs it on either driver and gives back the same
values. Aggregates are computed in SQL (GROUP BY, indexed by day), so the number
of queries and of rows returned does not grow with the number of entries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mlpath.domain.model import (
    Adjustment,
    Baseline,
    Break,
    Criterion,
    Entry,
    Note,
    Phase,
    PortfolioCheck,
    Profile,
    Resource,
    Review,
    ReviewItem,
    Settings,
    SettingsPeriod,
    Snapshot,
    Source,
    Status,
    Timer,
    Topic,
)
from mlpath.errors import DatabaseError, NotStarted
from mlpath.storage import sqlite_file
from mlpath.storage.learners import LOCAL_LEARNER, for_file
from mlpath.storage.sql import queries

if TYPE_CHECKING:
    from mlpath.domain.papers import Paper, PaperNote

# The columns of the learner's own tables as the reader and the export see them,
# in one place; a test checks each list against the table's model in schema.py.
COLUMNS: dict[str, tuple[str, ...]] = {
    "settings": (
        "start_date", "hours_per_week", "track", "skipped_phases", "weekly_min",
        "weekly_max", "roadmap_id", "roadmap_version", "roadmap_file", "created_at",
        "updated_at", "retention", "profile",
    ),
    "progress": ("topic_id", "status", "started_on", "done_on", "updated_at"),
    "entry": ("id", "day", "hours", "topic_id", "note", "created_at", "practice"),
    "study_break": ("id", "first_day", "last_day", "note", "created_at"),
    "topic_note": ("id", "topic_id", "day", "kind", "text", "created_at"),
    "change": ("id", "at", "summary", "rows", "undoes"),
    "settings_period": (
        "id", "first_day", "last_day", "hours_per_week", "track", "skipped_phases", "profile",
    ),
    "baseline": ("id", "made_on", "finishes", "created_at"),
    "review_item": ("topic_id", "card", "due", "off", "updated_at"),
    "review": ("id", "topic_id", "day", "rating", "hours", "created_at"),
    "study_timer": ("topic_id", "kind", "started_at", "created_at"),
    "estimate": ("topic_id", "hours", "updated_at"),
    "paper": (
        "id", "title", "url", "topic_id", "added_on", "read_on", "reproduced_on", "created_at",
    ),
    "paper_note": ("id", "paper_id", "day", "text", "created_at"),
    "portfolio_check": ("id", "topic_id", "criterion", "day", "created_at"),
}  # fmt: skip
# Columns that hold JSON text.
JSON_COLUMNS = frozenset(
    {"skipped_phases", "rows", "aliases", "sources", "resources", "finishes", "card", "adjustments"}
)
# Columns that hold booleans (SQLite keeps them as 0 and 1).
BOOLEAN_COLUMNS = frozenset({"off", "practice"})
# A paper's columns as the Reader makes a Paper of them.
_PAPER = "id, title, added_on, url, topic_id, read_on, reproduced_on"
# How each table's rows are ordered in an export.
_EXPORT_ORDER = {
    "progress": "topic_id",
    "settings": "id",
    "review_item": "topic_id",
    "estimate": "topic_id",
}


def open_reader(url: str, *, upgrade: bool = False, learner: str | None = None) -> Reader:
    """A Reader on a started database at the current schema; the caller closes it.

    Only a database whose schema is behind pays for SQLAlchemy and Alembic, once. An
    SQLite file is upgraded then (after a backup); a PostgreSQL schema only when
    `upgrade` is asked (by `start`), else the reader refuses and says what to run.
    `learner`: whose data to read (None: the file's one learner, or the server's role).
    """
    from mlpath.paths import is_postgres, sqlite_path

    if is_postgres(url):
        from mlpath.storage import postgres

        return postgres.open_reader(url, upgrade=upgrade, learner=learner)
    name = for_file(learner)
    path = sqlite_path(url)
    if path is None:
        from mlpath.storage.failures import unsupported

        raise unsupported(url)
    sqlite_file.prepare(path, create=False)
    version = sqlite_file.schema_version(path)
    if version is None:
        raise NotStarted(str(path))
    if version != sqlite_file.SCHEMA_HEAD:
        from mlpath.storage.database import open_engine

        try:
            open_engine(url).dispose()
        except DatabaseError:
            if _can_write(path):
                raise
            return Reader(_read_upgraded_copy(path, version), learner=name)
    return Reader(sqlite_file.connect_readonly(path), learner=name)


def _can_write(path: Path) -> bool:
    """Whether this process may write the database and create files beside it."""
    import tempfile

    try:
        with path.open("r+b"), tempfile.TemporaryFile(dir=path.parent):
            return True
    except OSError:
        return False


def _read_upgraded_copy(path: Path, version: str) -> sqlite3.Connection:
    """Read an older schema on read-only storage: through a private copy, upgraded.

    The file itself cannot be upgraded (nor backed up beside itself) there; the copy
    lives in a temporary folder for this command only.
    """
    import atexit
    import shutil
    import tempfile

    from mlpath.paths import database_url
    from mlpath.storage.database import open_engine

    folder = Path(tempfile.mkdtemp(prefix="mlpath-read-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    copy = folder / path.name
    with (
        closing(sqlite_file.connect_readonly(path)) as source,
        closing(sqlite3.connect(copy)) as target,
    ):
        source.backup(target)
    open_engine(database_url(str(copy)), back_up_first=False).dispose()
    sqlite_file.NOTICES.append(
        f"{path} is read-only and at schema {version}: read through an upgraded copy; "
        "to write, make it and its folder writable (mlpath then upgrades it, backing it up "
        "first)"
    )
    return sqlite_file.connect_readonly(copy)


class Change(NamedTuple):
    id: int
    at: datetime
    summary: str
    undoes: int | None
    undone: bool


class Reader:
    """The learner's data, read over one DB-API connection (a read's, or a write's)."""

    def __init__(
        self, conn: sqlite3.Connection | Any, engine: str = "sqlite", learner: str = LOCAL_LEARNER
    ) -> None:
        self._conn = conn
        self._engine = engine
        self._q = queries(conn, engine)
        self.learner = learner

    def of(self, learner: str) -> Reader:
        """A Reader of another learner's data over the same connection (a mentor's view)."""
        return Reader(self._conn, self._engine, learner)

    def learners(self) -> list[str]:
        """Every learner enrolled here, by name (those this role may see)."""
        return [name for (name,) in self._q.run("SELECT name FROM learner ORDER BY name")]

    def close(self) -> None:
        self._conn.close()

    def snapshot(self) -> Snapshot:
        q = self._q
        day, doc = q.day, q.doc
        settings = q.one(
            "SELECT start_date, hours_per_week, track, skipped_phases, weekly_min, weekly_max,"
            " roadmap_id, roadmap_version, roadmap_file, created_at, retention, profile"
            " FROM settings"
            " WHERE learner = ?",
            (self.learner,),
        )
        if settings is None:
            raise NotStarted()
        (start, per_week, track, skipped, low, high, roadmap_id, version, own_file,
         created, retention, profile) = settings  # fmt: skip
        phase_rows = list(
            q.run(
                "SELECT id, number, title, weekly_hours, weeks_min, weeks_max FROM phase"
                " ORDER BY number"
            )
        )
        number_of = {row[0]: row[1] for row in phase_rows}
        topics: dict[str, list[Topic]] = {}
        rows = q.run(
            "SELECT t.id, t.phase_id, t.title, t.kind, t.hours, t.track, t.optional, t.aliases,"
            " t.retired, t.summary, t.sources, t.resources, p.status, p.done_on, e.hours"
            " FROM topic t LEFT JOIN progress p ON p.topic_id = t.id AND p.learner = ?"
            " LEFT JOIN estimate e ON e.topic_id = t.id AND e.learner = ?"
            " ORDER BY t.position",
            (self.learner, self.learner),
        )
        for (topic_id, phase_id, title, kind, hours, topic_track, optional, aliases, retired,
             summary, sources, resources, status, done_on, own) in rows:  # fmt: skip
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
                    done_on=day(done_on) if done_on else None,
                    aliases=tuple(doc(aliases)),
                    retired=bool(retired),
                    summary=summary,
                    sources=tuple(doc(sources)),
                    resources=tuple(Resource(**r) for r in doc(resources)),
                    estimate=own,
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
        profiles = tuple(
            Profile(
                id=profile_id,
                title=title,
                description=description,
                adjustments=tuple(
                    Adjustment(
                        phase=number_of[item["phase"]],
                        hours_factor=item.get("hours_factor") or 1.0,
                        extra_weeks=item.get("extra_weeks") or 0.0,
                        skip=bool(item.get("skip")),
                    )
                    for item in doc(adjustments)
                    if item.get("phase") in number_of
                ),
            )
            for profile_id, title, description, adjustments in q.run(
                "SELECT id, title, description, adjustments FROM profile ORDER BY position"
            )
        )
        by_id = {p.id: p.adjustments for p in profiles}
        # Read out at once: a statement left open would keep the connection from closing
        # (and folding its log back) should a later query fail.
        sources = tuple(
            Source(*row) for row in q.run("SELECT id, title, url FROM source ORDER BY id")
        )
        history = tuple(
            SettingsPeriod(
                day(first),
                day(last),
                Settings(
                    start_date=day(start),
                    track=period_track,
                    hours_per_week=period_hours,
                    skipped_phases=frozenset(doc(period_skipped)),
                    profile=period_profile,
                    adjustments=by_id.get(period_profile or "", ()),
                ),
            )
            for first, last, period_hours, period_track, period_skipped, period_profile in q.run(
                "SELECT first_day, last_day, hours_per_week, track, skipped_phases, profile"
                " FROM settings_period WHERE learner = ? ORDER BY first_day",
                (self.learner,),
            )
        )
        latest = q.one(
            "SELECT made_on, finishes FROM baseline WHERE learner = ? ORDER BY id DESC LIMIT 1",
            (self.learner,),
        )
        baseline = (
            Baseline(
                day(latest[0]),
                tuple(
                    (item["number"], date.fromisoformat(item["finish"])) for item in doc(latest[1])
                ),
            )
            if latest
            else None
        )
        return Snapshot(
            settings_history=history,
            baseline=baseline,
            settings=Settings(
                start_date=day(start),
                track=track,
                hours_per_week=per_week,
                skipped_phases=frozenset(doc(skipped)),
                profile=profile,
                adjustments=by_id.get(profile or "", ()),
            ),
            phases=phases,
            profiles=profiles,
            roadmap_id=roadmap_id,
            roadmap_version=version,
            weekly_range=(low, high),
            sources=sources,
            roadmap_file=own_file,
            enrolled_at=q.moment(created),
            retention=retention,
        )

    def hours_by_day(self, *, since: date | None = None) -> dict[date, float]:
        """Hours logged per day (from `since` on, if given)."""
        day = self._q.day
        rows = self._q.run(
            "SELECT day, sum(hours) FROM entry WHERE learner = ? AND day >= ? GROUP BY day",
            (self.learner, since or date.min),
        )
        return {day(on): total for on, total in rows}

    def theory_and_practice_by_day(
        self, *, since: date | None = None
    ) -> dict[date, tuple[float, float]]:
        """(theory, practice) hours per day, from `since` on if given."""
        day = self._q.day
        found: dict[date, tuple[float, float]] = {}
        for on, practice, hours in self._q.run(
            "SELECT day, practice, sum(hours) FROM entry WHERE learner = ? AND day >= ?"
            " GROUP BY day, practice",
            (self.learner, since or date.min),
        ):
            theory, done = found.get(day(on), (0.0, 0.0))
            found[day(on)] = (theory, done + hours) if practice else (theory + hours, done)
        return found

    def hours_by_day_and_topic(self) -> list[Entry]:
        day = self._q.day
        rows = self._q.run(
            "SELECT day, topic_id, sum(hours) FROM entry WHERE learner = ? GROUP BY day, topic_id",
            (self.learner,),
        )
        # Positional: a day of ten years each, and keywords cost a third more.
        return [Entry(day(on), total, topic) for on, topic, total in rows]

    def hours_on_topic(self, topic_id: str) -> float:
        row = self._q.one(
            "SELECT sum(hours) FROM entry WHERE learner = ? AND topic_id = ?",
            (self.learner, topic_id),
        )
        return float((row and row[0]) or 0)

    def entries(self, *, since: date | None = None) -> list[Entry]:
        """Logged entries, oldest first, with their ids (from `since` on, if given)."""
        day = self._q.day
        rows = self._q.run(
            "SELECT id, day, hours, topic_id, note, practice FROM entry"
            " WHERE learner = ? AND day >= ? ORDER BY day, id",
            (self.learner, since or date.min),
        )
        return [
            Entry(
                day=day(on),
                hours=hours,
                topic_id=topic,
                note=note,
                id=entry_id,
                practice=bool(practice),
            )
            for entry_id, on, hours, topic, note, practice in rows
        ]

    def breaks(self) -> list[Break]:
        day = self._q.day
        rows = self._q.run(
            "SELECT id, first_day, last_day, note FROM study_break WHERE learner = ?"
            " ORDER BY first_day, id",
            (self.learner,),
        )
        return [
            Break(day(first), day(last), note, break_id) for break_id, first, last, note in rows
        ]

    def timer(self) -> Timer | None:
        """The learner's running study timer, if one is running."""
        rows = self._q.run(
            "SELECT started_at, topic_id, kind FROM study_timer WHERE learner = ?",
            (self.learner,),
        )
        found = next(iter(rows), None)
        return Timer(self._q.moment(found[0]), found[1], found[2]) if found else None

    def notes(self, topic_id: str) -> list[Note]:
        day = self._q.day
        rows = self._q.run(
            "SELECT id, day, kind, text FROM topic_note WHERE learner = ? AND topic_id = ?"
            " ORDER BY day, id",
            (self.learner, topic_id),
        )
        return [Note(topic_id, day(on), kind, text, note_id) for note_id, on, kind, text in rows]

    # --- the paper log ------------------------------------------------------------

    def papers(self) -> list[Paper]:
        """Every paper in the learner's log, in the order they were added."""
        rows = self._q.run(
            f"SELECT {_PAPER} FROM paper WHERE learner = ? ORDER BY id",  # noqa: S608 - fixed
            (self.learner,),
        )
        return [self._paper(row) for row in rows]

    def paper(self, paper_id: int) -> Paper | None:
        row = self._q.one(
            f"SELECT {_PAPER} FROM paper WHERE learner = ? AND id = ?",  # noqa: S608 - fixed
            (self.learner, paper_id),
        )
        return self._paper(row) if row else None

    def _paper(self, row: Any) -> Paper:
        from mlpath.domain.papers import Paper

        day = self._q.day
        paper_id, title, added, url, topic_id, read, reproduced = row
        return Paper(
            paper_id,
            title,
            day(added),
            url,
            topic_id,
            day(read) if read else None,
            day(reproduced) if reproduced else None,
        )

    def paper_notes(self, paper_id: int) -> list[PaperNote]:
        from mlpath.domain.papers import PaperNote

        day = self._q.day
        rows = self._q.run(
            "SELECT id, day, text FROM paper_note WHERE learner = ? AND paper_id = ?"
            " ORDER BY day, id",
            (self.learner, paper_id),
        )
        return [PaperNote(paper_id, day(on), text, note_id) for note_id, on, text in rows]

    def papers_read_days(self, *, since: date, until: date | None = None) -> list[date]:
        """The day each paper read from `since` (to `until`) was read: one query over
        the index of read days, for `status`, `hours` and `calendar`."""
        day = self._q.day
        rows = self._q.run(
            "SELECT read_on FROM paper WHERE learner = ? AND read_on >= ? AND read_on <= ?",
            (self.learner, since, until or date.max),
        )
        return [day(on) for (on,) in rows]

    def links(self) -> list[Note]:
        """Every topic's evidence links (`done --link`), oldest first."""
        day = self._q.day
        rows = self._q.run(
            "SELECT id, topic_id, day, text FROM topic_note WHERE learner = ? AND kind = 'link'"
            " ORDER BY day, id",
            (self.learner,),
        )
        return [Note(topic, day(on), "link", text, note_id) for note_id, topic, on, text in rows]

    # --- the portfolio --------------------------------------------------------------

    def criteria(self) -> list[Criterion]:
        """The roadmap's portfolio criteria, in its order."""
        rows = self._q.run("SELECT id, title, description FROM criterion ORDER BY position")
        return [Criterion(*row) for row in rows]

    def portfolio_checks(self) -> list[PortfolioCheck]:
        day = self._q.day
        rows = self._q.run(
            "SELECT topic_id, criterion, day FROM portfolio_check WHERE learner = ?"
            " ORDER BY topic_id, criterion",
            (self.learner,),
        )
        return [PortfolioCheck(topic, criterion, day(on)) for topic, criterion, on in rows]

    # --- spaced review ------------------------------------------------------------

    def review_items(self) -> list[ReviewItem]:
        """Every done topic's review item (taken out ones too), with its latest review."""
        day, doc = self._q.day, self._q.doc
        rows = self._q.run(
            "SELECT r.topic_id, r.card, r.due, r.off,"
            " (SELECT max(v.day) FROM review v WHERE v.learner = r.learner"
            " AND v.topic_id = r.topic_id)"
            " FROM review_item r JOIN progress p ON p.learner = r.learner"
            " AND p.topic_id = r.topic_id"
            " WHERE r.learner = ? AND p.status = ? ORDER BY r.due, r.topic_id",
            (self.learner, Status.DONE.value),
        )
        return [
            ReviewItem(topic, doc(card), day(due), bool(off), day(last) if last else None)
            for topic, card, due, off, last in rows
        ]

    def review_dues(self, *, until: date) -> list[date]:
        """The scheduled days of the reviews in review and due by `until` (of topics still
        in the roadmap): one indexed query, for `status` (a break can only move a day
        later, never earlier)."""
        day = self._q.day
        rows = self._q.run(
            "SELECT r.due FROM review_item r JOIN progress p ON p.learner = r.learner"
            " AND p.topic_id = r.topic_id JOIN topic t ON t.id = r.topic_id"
            " WHERE r.learner = ? AND r.due <= ? AND r.off = ? AND p.status = ?"
            " AND t.retired = ?",
            (self.learner, until, False, Status.DONE.value, False),
        )
        return [day(due) for (due,) in rows]

    def reviews(self, *, since: date | None = None, topic_id: str | None = None) -> list[Review]:
        """Recorded reviews, oldest first (from `since` on, of one topic, if given)."""
        day = self._q.day
        sql = "SELECT id, topic_id, day, rating, hours FROM review WHERE learner = ? AND day >= ?"
        params: list[Any] = [self.learner, since or date.min]
        if topic_id is not None:
            sql += " AND topic_id = ?"
            params.append(topic_id)
        rows = self._q.run(sql + " ORDER BY day, id", params)
        return [
            Review(topic, day(on), rating, hours, review_id)
            for review_id, topic, on, rating, hours in rows
        ]

    def changes(self, *, limit: int) -> list[Change]:
        """The latest changes, newest first, each marked if a later undo reverted it
        (their times in UTC)."""
        moment = self._q.moment
        rows = self._q.run(
            "SELECT c.id, c.at, c.summary, c.undoes,"
            " EXISTS (SELECT 1 FROM change u WHERE u.undoes = c.id)"
            " FROM change c WHERE c.learner = ? ORDER BY c.id DESC LIMIT ?",
            (self.learner, limit),
        )
        return [
            Change(i, moment(at), summary, undoes, bool(undone))
            for i, at, summary, undoes, undone in rows
        ]

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every row of one of the learner's tables, as SQLite stores it (dates and times
        as ISO text, JSON decoded), in id order."""
        columns = COLUMNS[table]
        order = _EXPORT_ORDER.get(table, "id")
        text, doc = self._q.text, self._q.doc
        cursor = self._q.run(
            f"SELECT {', '.join(columns)} FROM {table} WHERE learner = ?"  # noqa: S608 - fixed names
            f" ORDER BY {order}",
            (self.learner,),
        )
        for values in cursor:
            row = dict(zip(columns, map(text, values), strict=True))
            for key in JSON_COLUMNS.intersection(row):
                row[key] = doc(row[key])
            for key in BOOLEAN_COLUMNS.intersection(row):
                row[key] = bool(row[key])
            yield row

    def retired_topics_with_history(self) -> list[dict[str, Any]]:
        """Topics that left the roadmap but still hold progress, hours, notes, reviews or
        papers."""
        rows = self._q.run(
            "SELECT id, title, kind, hours FROM topic WHERE retired = ? AND (id IN"
            " (SELECT topic_id FROM progress WHERE learner = ?)"
            " OR id IN (SELECT topic_id FROM entry WHERE learner = ?)"
            " OR id IN (SELECT topic_id FROM topic_note WHERE learner = ?)"
            " OR id IN (SELECT topic_id FROM review_item WHERE learner = ?)"
            " OR id IN (SELECT topic_id FROM review WHERE learner = ?)"
            " OR id IN (SELECT topic_id FROM paper WHERE learner = ?))"
            " ORDER BY id",
            (True, *[self.learner] * 6),
        )
        return [
            {"id": i, "title": title, "kind": kind, "hours": hours}
            for i, title, kind, hours in rows
        ]
