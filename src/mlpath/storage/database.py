"""The engine: opening a database at the current schema, migrating it, one transaction.

The tables are in schema.py and created only by the Alembic migrations in
`migrations/`. Alembic is imported only when a migration is actually pending, so
everyday commands do not pay for it. Read commands do not come here at all (see
sqlite_file.py and reads.py); writes come through writes.py.

On PostgreSQL (postgres.py) only `start` creates or upgrades the schema: there is
no file to back up first, and a schema that several machines share should change
when its learner says so, not on whichever command happens to run first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from mlpath.errors import Busy, DatabaseError, NotStarted
from mlpath.paths import is_postgres, migrations_dir, sqlite_path
from mlpath.storage import learners, sqlite_file


def open_engine(
    url: str, *, create: bool = False, upgrade: bool = False, back_up_first: bool = True
) -> Engine:
    """An engine on a database at the current schema, migrating it if needed.

    With create=False a missing (or empty) database raises NotStarted and nothing is
    written. An SQLite file is always upgraded (after a backup; back_up_first=False:
    a private copy being upgraded needs no backup of its own); a PostgreSQL schema
    only with create or upgrade, else the command is refused with what to run.
    """
    if is_postgres(url):
        return _open_postgres(url, create=create, upgrade=upgrade)
    file = sqlite_path(url)
    if file is None:
        from mlpath.storage.failures import unsupported

        raise unsupported(url)
    sqlite_file.prepare(file, create=create)
    version = sqlite_file.schema_version(file)
    if version is None and not create:
        raise NotStarted(str(file))
    if version is not None:
        sqlite_file.check_whole(file)
    engine = _make_engine(url)
    if version != sqlite_file.SCHEMA_HEAD:
        if version is not None and back_up_first:
            # An upgrade rewrites tables: keep the learner's data as it was, first.
            sqlite_file.back_up(file, f"schema-{version}")
        _migrate(engine, url)
        if version is None:
            # The migrations rebuild tables as they go; a new file need not keep the
            # pages they left free.
            with engine.connect() as connection:
                _outside_transaction(connection, "VACUUM")
    return engine


def _open_postgres(url: str, *, create: bool, upgrade: bool) -> Engine:
    from sqlalchemy.exc import DBAPIError

    from mlpath.storage import postgres
    from mlpath.storage.failures import shown

    postgres.check_url(url)
    postgres.driver()
    engine = _make_engine(url)
    try:
        try:
            with engine.connect() as probe:
                version = postgres.schema_version(probe.connection.dbapi_connection, url)
        except DBAPIError as exc:
            raise postgres.failure(exc.orig or exc, url) from None
        if version is None and not create:
            raise NotStarted(shown(url))
        if version != sqlite_file.SCHEMA_HEAD:
            if version is not None and not (create or upgrade):
                raise postgres.behind(url, version)
            _migrate(engine, url)
    except BaseException:
        # Not handled here, only cleaned up: the caller never gets the engine, so its
        # connections must close on any way out (an error, Ctrl-C), then it goes on up.
        engine.dispose()
        raise
    return engine


def _make_engine(url: str) -> Engine:
    if is_postgres(url):
        return _postgres_engine(url)
    engine = create_engine(url)

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
        # A file we may not write stays as it is, and the write is refused.
        with suppress(sqlite3.OperationalError):
            dbapi_connection.execute("PRAGMA journal_mode = WAL").fetchall()

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


def _postgres_engine(url: str) -> Engine:
    from mlpath.storage import postgres

    engine = create_engine(url, connect_args=postgres.connect_args(url))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        postgres.on_connect(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get("mlpath_write", False):
            conn.info["mlpath_learner"] = postgres.begin_writing(
                conn, options.get("mlpath_on_wait"), options.get("mlpath_learner")
            )

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
        with engine.connect() as connection:
            on_sqlite = not is_postgres(url)
            if on_sqlite:
                # A migration that rebuilds a table others refer to cannot drop the old
                # one while references are enforced; they are checked before commit
                # instead. The pragma is a no-op inside a transaction: set it first.
                _outside_transaction(connection, "PRAGMA foreign_keys = OFF")
            try:
                with connection.execution_options(mlpath_write=True).begin():
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if on_sqlite:
                        _check_references(connection)
            finally:
                if on_sqlite:
                    _outside_transaction(connection, "PRAGMA foreign_keys = ON")
    except (DatabaseError, Busy):
        raise
    except Exception as exc:  # a failed upgrade is rolled back; say so plainly
        if is_postgres(url):
            from mlpath.storage import failures, postgres

            if failures.is_engine_error(exc) and postgres.is_connection_lost(exc):
                raise postgres.failure(exc, url) from exc
            detail = failures.first_line(exc)
        else:
            detail = str(exc)
        raise DatabaseError(
            f"could not upgrade the database schema: {detail}",
            hint="the database was left as it was; please report this",
        ) from exc


def _outside_transaction(connection: Any, statement: str) -> None:
    """Run an SQLite statement outside any transaction (one through SQLAlchemy begins one)."""
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # an open connection
    dbapi_connection.execute(statement)


def _check_references(connection: Any) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseError(
            f"could not upgrade the database schema: rows of {', '.join(tables)} refer to"
            " rows that do not exist",
            hint="the database was left as it was; `mlpath doctor` lists them",
        )


@contextmanager
def writing(
    engine: Engine,
    *,
    on_wait: Callable[[float], None] | None = None,
    learner: str | None = None,
) -> Iterator[Session]:
    """One transaction: everything inside commits together or not at all.

    `on_wait(seconds)` is told when the write must wait for another one to finish;
    `learner` is whose data it writes (see learner_of).
    """
    on_file = engine.dialect.name != "postgresql"
    if on_file:
        learner = learners.for_file(learner)
    bound = engine.execution_options(
        mlpath_write=True, mlpath_on_wait=on_wait, mlpath_learner=learner
    )
    with Session(bound) as session, session.begin():
        connection = session.connection()  # begins: on PostgreSQL, names the learner
        if on_file:
            connection.info["mlpath_learner"] = learner
        yield session


def learner_of(session: Session) -> str:
    """The learner a write transaction is for, as its start settled it."""
    return str(session.connection().info["mlpath_learner"])


@contextmanager
def transaction(
    url: str,
    *,
    create: bool = False,
    on_wait: Callable[[float], None] | None = None,
    learner: str | None = None,
) -> Iterator[Session]:
    """Open the database, run one transaction in it, and close it.

    Closing the last connection folds the write-ahead log back into the file, so a
    database at rest is one file that a copy takes whole.
    """
    engine = open_engine(url, create=create)
    try:
        with writing(engine, on_wait=on_wait, learner=learner) as session:
            yield session
    finally:
        engine.dispose()


def raw_connection(session: Session) -> Any:
    """The session's own DB-API connection, inside its transaction, for the Reader."""
    return session.connection().connection.dbapi_connection
