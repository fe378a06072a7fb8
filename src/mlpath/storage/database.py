"""Storage: the SQLModel tables, the engine, sessions, and applying migrations.

The schema is owned by these models and created only by the Alembic migrations in
`migrations/`; a test proves the two agree. Alembic is imported only when a
migration is actually pending, so everyday commands do not pay for it. Read
commands do not come here at all (see sqlite_file.py and queries.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column, Engine, Index, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Field, Session, SQLModel, create_engine

from mlpath.errors import Busy, DatabaseError, NotStarted
from mlpath.paths import migrations_dir, sqlite_path
from mlpath.storage import sqlite_file


class _Table(SQLModel):
    """The base of every table: pydantic builds a table's validator when first used.

    Built up front, as pydantic does by default, each table costs ~3 ms more to
    define, and every write command defines all of them; most use none of the
    validators (undo and import do).
    """

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


class SettingsRow(_Table, table=True):
    __tablename__ = "settings"

    id: int = Field(default=1, primary_key=True)
    start_date: date
    hours_per_week: float | None = None
    track: str
    skipped_phases: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The roadmap's recommended range of weekly hours (20-30 for the bundled one).
    weekly_min: float
    weekly_max: float
    roadmap_id: str
    roadmap_version: str
    roadmap_file: str | None = None  # None: the roadmap bundled with mlpath
    created_at: datetime
    updated_at: datetime


class PhaseRow(_Table, table=True):
    __tablename__ = "phase"

    id: str = Field(primary_key=True)
    number: int = Field(unique=True)
    title: str
    summary: str = ""
    weeks_min: float
    weeks_max: float
    weekly_hours: float
    retired: bool = False


class TopicRow(_Table, table=True):
    __tablename__ = "topic"

    id: str = Field(primary_key=True)
    phase_id: str = Field(foreign_key="phase.id", index=True)
    position: int
    title: str
    kind: str
    hours: float
    summary: str = ""
    track: str | None = None
    optional: bool = False
    # Content that only `show` and exports read; kept as JSON so richer roadmaps
    # need no schema change.
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    resources: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    retired: bool = False  # gone from the current roadmap; kept so its history stays


class SourceRow(_Table, table=True):
    """A public roadmap the bundled content was built from, named by topics' `sources`."""

    __tablename__ = "source"

    id: str = Field(primary_key=True)
    title: str
    url: str | None = None


class ProgressRow(_Table, table=True):
    __tablename__ = "progress"

    topic_id: str = Field(primary_key=True, foreign_key="topic.id")
    status: str
    started_on: date | None = None
    done_on: date | None = None
    updated_at: datetime


class EntryRow(_Table, table=True):
    __tablename__ = "entry"
    # Covers the reports' GROUP BY day, topic_id with sum(hours) from the index
    # alone, so a status over 200,000 entries reads no table rows.
    __table_args__ = (Index("ix_entry_day_topic_hours", "day", "topic_id", "hours"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date
    hours: float
    topic_id: str | None = Field(default=None, foreign_key="topic.id", index=True)
    note: str | None = None
    created_at: datetime


class BreakRow(_Table, table=True):
    """A planned break (holiday, exams): its days count for nothing and against nothing."""

    __tablename__ = "study_break"

    id: int | None = Field(default=None, primary_key=True)
    first_day: date
    last_day: date
    note: str | None = None
    created_at: datetime


class NoteRow(_Table, table=True):
    """One journal item of a topic: a note, or a link to evidence of the work."""

    __tablename__ = "topic_note"

    id: int | None = Field(default=None, primary_key=True)
    topic_id: str = Field(foreign_key="topic.id", index=True)
    day: date
    kind: str  # "note" or "link"
    text: str
    created_at: datetime


class ChangeRow(_Table, table=True):
    """One change a command made, in an append-only record that undo walks back.

    `rows` holds, for every row the change touched, its table, primary key and its
    image before the change (null: it did not exist), enough to put it back.
    """

    __tablename__ = "change"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    summary: str
    rows: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    undoes: int | None = Field(default=None, foreign_key="change.id", index=True)


def open_engine(url: str, *, create: bool = False, back_up_first: bool = True) -> Engine:
    """An engine on a database at the current schema, migrating it if needed.

    With create=False a missing database raises NotStarted and nothing is written.
    back_up_first=False: a private copy being upgraded needs no backup of its own.
    """
    file = sqlite_path(url)
    if file is not None:
        sqlite_file.prepare(file, create=create)
        version = sqlite_file.schema_version(file)
        if version is None and not create:
            raise NotStarted(str(file))
        if version is not None:
            sqlite_file.check_whole(file)
    else:
        version = None  # other engines: let Alembic find out
    engine = _make_engine(url)
    if version != sqlite_file.SCHEMA_HEAD:
        if file is not None and version is not None and back_up_first:
            # An upgrade rewrites tables: keep the learner's data as it was, first.
            sqlite_file.back_up(file, f"schema-{version}")
        _migrate(engine, url)
    return engine


def _make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin,
        # so that schema changes in a migration are transactional too.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        _busy_timeout(dbapi_connection, sqlite_file.BUSY_TIMEOUT_SECONDS)
        # Write-ahead logging: reads go on while a long write (an import, an undo of
        # one) runs, and a write that is killed leaves nothing to roll back; readers
        # simply ignore what it had not committed. The mode stays with the file.
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL").fetchall()
        except sqlite3.OperationalError:
            pass  # a file we may not write: it stays as it is, and the write is refused

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write takes the write lock up front: two processes that each read and
        # then write would otherwise deadlock, and SQLite fails one at once.
        options = conn.get_execution_options()
        if not options.get("mlpath_write", False):
            conn.exec_driver_sql("BEGIN")
            return
        _begin_writing(conn, options.get("mlpath_on_wait"))

    return engine


def _busy_timeout(dbapi_connection: Any, seconds: float) -> None:
    dbapi_connection.execute(f"PRAGMA busy_timeout = {seconds * 1000:.0f}")


# A write that finds another under way waits this long before saying so.
_QUIET_WAIT_SECONDS = 0.5


def _begin_writing(conn: Any, on_wait: Callable[[float], None] | None) -> None:
    """Take the write lock; if another command holds it, say so and wait for it."""
    dbapi_connection = conn.connection.dbapi_connection
    _busy_timeout(dbapi_connection, _QUIET_WAIT_SECONDS)
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise
    finally:
        _busy_timeout(dbapi_connection, sqlite_file.BUSY_TIMEOUT_SECONDS)
    if on_wait is not None:
        on_wait(sqlite_file.WRITE_WAIT_SECONDS)
    _busy_timeout(dbapi_connection, sqlite_file.WRITE_WAIT_SECONDS)
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        if "locked" not in str(exc.orig):
            raise
        raise Busy(
            f"another mlpath command has been writing for over "
            f"{sqlite_file.WRITE_WAIT_SECONDS:g} s; nothing was changed",
            hint="run this again once it has finished",
        ) from None
    finally:
        _busy_timeout(dbapi_connection, sqlite_file.BUSY_TIMEOUT_SECONDS)


def _migrate(engine: Engine, url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    try:
        with engine.execution_options(mlpath_write=True).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as exc:  # a failed upgrade is rolled back; say so plainly
        raise DatabaseError(
            f"could not upgrade the database schema: {exc}",
            hint="the database was left as it was; please report this",
        ) from exc


@contextmanager
def writing(engine: Engine, *, on_wait: Callable[[float], None] | None = None) -> Iterator[Session]:
    """One transaction: everything inside commits together or not at all.

    `on_wait(seconds)` is told when the write must wait for another one to finish.
    """
    bound = engine.execution_options(mlpath_write=True, mlpath_on_wait=on_wait)
    with Session(bound) as session, session.begin():
        yield session


@contextmanager
def transaction(
    url: str, *, create: bool = False, on_wait: Callable[[float], None] | None = None
) -> Iterator[Session]:
    """Open the database, run one transaction in it, and close it.

    Closing the last connection folds the write-ahead log back into the file, so a
    database at rest is one file that a copy takes whole.
    """
    engine = open_engine(url, create=create)
    try:
        with writing(engine, on_wait=on_wait) as session:
            yield session
    finally:
        engine.dispose()


def raw_connection(session: Session) -> Any:
    """The session's own DB-API connection, inside its transaction, for queries.py."""
    return session.connection().connection.dbapi_connection
