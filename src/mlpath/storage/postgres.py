"""PostgreSQL: reaching the server, the schema's version there, and the write lock.

Imported only for a PostgreSQL URL; the psycopg driver itself only when a
connection is made, so a learner on SQLite never needs it installed. Reads connect
through psycopg directly (no SQLAlchemy); writes go through SQLAlchemy's engine
(database.py), which calls `on_connect` and `begin_writing` here.

Every connection works in UTC (`on_connect`): the timestamp columns are
`timestamptz`, and a session in the learner's own time zone would hand back times
that no longer compare with what SQLite stores.

Every write takes its learner's transaction-level advisory lock, which serialises
that learner's writers as SQLite's `BEGIN IMMEDIATE` does, so two commands can
never both pass a check (24 hours a day) that each of them alone would pass. The
key is derived from the learner's name: learners do not wait on one another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from mlpath.errors import (
    AccessDenied,
    Busy,
    DatabaseError,
    DriverMissing,
    LoginRefused,
    NotStarted,
    ServerUnreachable,
)
from mlpath.paths import POSTGRES_PREFIX

if TYPE_CHECKING:
    from types import ModuleType

    from mlpath.storage.reads import Reader

CONNECT_TIMEOUT_SECONDS = 10
# Set on every connection mlpath makes (reads and writes alike).
SESSION_SETTINGS = "SET TIME ZONE 'UTC'"
READ_ONLY = "SET default_transaction_read_only = on"
# The tables of mlpath's schema, for telling an empty database from someone else's.
TABLES = (
    "settings", "phase", "topic", "source", "profile", "progress", "entry", "study_break",
    "topic_note", "change", "settings_period", "baseline", "review_item", "review",
    "learner", "study_timer", "estimate", "criterion", "paper", "paper_note", "portfolio_check",
)  # fmt: skip
# The tables whose ids come from a sequence (a restore inserts ids of its own).
SERIAL_TABLES = (
    "entry", "study_break", "topic_note", "change", "settings_period", "baseline", "review",
    "paper", "paper_note", "portfolio_check",
)  # fmt: skip


def write_lock_key(learner: str) -> int:
    """The advisory-lock key a learner's writes take: 64 bits of a hash of the name.

    Advisory locks belong to one database, so two mlpath databases on one server
    never wait for each other either.
    """
    digest = hashlib.sha256(f"mlpath write lock:{learner}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


# --- reaching the server ---------------------------------------------------------


def driver() -> ModuleType:
    """The psycopg module, or why it cannot be used."""
    try:
        import psycopg
    except ImportError:
        raise DriverMissing(
            "a PostgreSQL database needs the psycopg driver, which is not installed",
            hint='install it with: pip install "mlpath[postgres]"',
        ) from None
    return psycopg


def check_url(url: str) -> None:
    """Refuse a PostgreSQL URL that names another driver than psycopg 3."""
    if not url.startswith(POSTGRES_PREFIX):
        from mlpath.storage.failures import shown

        driver_name = url.partition("://")[0].partition("+")[2]
        raise DatabaseError(
            f"{shown(url)}: mlpath reaches PostgreSQL through psycopg 3, not {driver_name}",
            hint="write the URL as postgresql://user@host/database",
        )


def conninfo(url: str) -> str:
    """The libpq connection URI of mlpath's URL (the same text, without the driver)."""
    return "postgresql://" + url[len(POSTGRES_PREFIX) :]


def connect_args(url: str) -> dict[str, Any]:
    """What psycopg is given beside the URL: a time limit, unless the URL sets one."""
    if "connect_timeout=" in url:
        return {}
    return {"connect_timeout": CONNECT_TIMEOUT_SECONDS}


def connect(url: str, *, read_only: bool = True) -> Any:
    """A psycopg connection in autocommit mode, in UTC (and read-only, by default)."""
    check_url(url)
    psycopg = driver()
    try:
        conn = psycopg.connect(conninfo(url), autocommit=True, **connect_args(url))
    except psycopg.Error as exc:
        raise failure(exc, url) from None
    try:
        conn.execute(SESSION_SETTINGS + (f"; {READ_ONLY}" if read_only else ""))
    except psycopg.Error as exc:
        conn.close()
        raise failure(exc, url) from None
    return conn


def on_connect(dbapi_connection: Any) -> None:
    """Set up a connection SQLAlchemy has just made (it is in a transaction of its own)."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute(SESSION_SETTINGS)
    dbapi_connection.commit()


# What libpq says when it reached the server and the server turned the login down.
_LOGIN_SIGNS = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "role ",
    "permission denied for database",
    "password is required",
)
_SERVER_GONE_SIGNS = (
    "connection refused",
    "no such file or directory",
    "could not connect",
    "could not translate host name",
    "timeout expired",
    "server closed the connection",
    "connection is bad",
    "connection is closed",
    "the database system is starting up",
    "the database system is shutting down",
    "terminating connection",
    "consuming input failed",
    "network is unreachable",
    "no route to host",
    "name or service not known",
)


# SQLSTATE of a privilege or row-level-security refusal.
_INSUFFICIENT_PRIVILEGE = "42501"


def failure(exc: BaseException, url: str) -> DatabaseError:
    """The learner's view of an error psycopg raised on the database at `url`."""
    from mlpath.storage.failures import first_line, shown

    where = shown(url)
    text = _detail(first_line(exc))
    lowered = text.lower()
    state = getattr(exc, "sqlstate", None) or getattr(getattr(exc, "orig", None), "sqlstate", None)
    if state == _INSUFFICIENT_PRIVILEGE and "fatal" not in first_line(exc).lower():
        return AccessDenied(
            f"{where} does not let this role do that ({text}); nothing was changed",
            hint="a learner changes only their own data and a mentor only reads; "
            "--learner names whose data (your own role's, unless you are a mentor)",
        )
    if "does not exist" in lowered and "database " in lowered:
        database = unquote(url.partition("?")[0].rpartition("/")[2]) or "the database"
        return DatabaseError(
            f"{where}: {text}",
            hint=f"create it first, e.g. `createdb {database}`, then run `mlpath start`",
        )
    if any(sign in lowered for sign in _LOGIN_SIGNS) and "fatal" in first_line(exc).lower():
        return LoginRefused(
            f"the PostgreSQL server refused the login for {where} ({text})",
            hint="check the user and password in --db / MLPATH_DB (or ~/.pgpass)",
        )
    if any(sign in lowered for sign in _SERVER_GONE_SIGNS):
        return ServerUnreachable(
            f"cannot reach the PostgreSQL server of {where} ({text})",
            hint="start the server, or check the host and port in --db / MLPATH_DB; "
            "nothing was changed",
        )
    return DatabaseError(
        f"database error in {where}: {text}",
        hint="nothing was changed; `mlpath doctor` checks the database",
    )


def _detail(text: str) -> str:
    """libpq's message without its prefixes ("connection failed: ...: FATAL:  ...")."""
    for prefix in ("connection failed: ", "connection is bad: "):
        text = text.removeprefix(prefix)
    if "FATAL:" in text:
        text = text.partition("FATAL:")[2]
    return " ".join(text.split())


def is_connection_lost(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return type(orig).__name__ == "OperationalError" and type(orig).__module__.startswith("psycopg")


# --- the schema ----------------------------------------------------------------------


def schema_version(dbapi_connection: Any, url: str) -> str | None:
    """The Alembic revision of mlpath's schema in the database, None if it has none.

    Raises DatabaseError for tables of mlpath's names without a version (not mlpath's
    schema) and for a revision this mlpath does not know (a newer mlpath's).
    """
    from mlpath.storage.failures import shown
    from mlpath.storage.sqlite_file import SCHEMA_REVISIONS

    with dbapi_connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename = ANY(%s)",
            (["alembic_version", *TABLES],),
        )
        tables = {row[0] for row in cursor.fetchall()}
        if "alembic_version" not in tables:
            if tables:
                raise DatabaseError(
                    f"{shown(url)} holds tables named like mlpath's ({', '.join(sorted(tables))}),"
                    " but not mlpath's schema",
                    hint="point --db or MLPATH_DB at another database (or schema)",
                )
            return None
        cursor.execute("SELECT version_num FROM alembic_version")
        row = cursor.fetchone()
    version = row[0] if row else None
    if version is not None and version not in SCHEMA_REVISIONS:
        raise DatabaseError(
            f"{shown(url)} was written by a newer mlpath (schema {version})",
            hint="upgrade mlpath (pip install -U mlpath); your data was not touched",
        )
    return version


def behind(url: str, version: str) -> DatabaseError:
    """A schema older than this mlpath's, which only `start` upgrades."""
    from mlpath.storage.failures import shown
    from mlpath.storage.sqlite_file import SCHEMA_HEAD

    return DatabaseError(
        f"{shown(url)} is at schema {version}; this mlpath needs {SCHEMA_HEAD}, and nothing "
        "was changed",
        hint="run `mlpath start` to upgrade it (keep a copy first: `mlpath export` with the "
        "mlpath that wrote it, or `pg_dump`)",
    )


def open_reader(url: str, *, upgrade: bool, learner: str | None = None) -> Reader:
    """A Reader on a started PostgreSQL database at the current schema."""
    from mlpath.storage.failures import shown
    from mlpath.storage.reads import Reader
    from mlpath.storage.sqlite_file import SCHEMA_HEAD

    conn = connect(url)
    try:
        version = schema_version(conn, url)
        if version is None:
            raise NotStarted(shown(url))
        if version != SCHEMA_HEAD:
            if not upgrade:
                raise behind(url, version)
            from mlpath.storage.database import open_engine

            open_engine(url, upgrade=True).dispose()
        from mlpath.storage.learners import on_server

        name = on_server(conn, learner)
    except BaseException:
        # Not handled here, only cleaned up: no Reader owns the connection yet, so it
        # must close on any way out (an error, Ctrl-C) before the error goes on up.
        conn.close()
        raise
    return Reader(conn, "postgresql", name)


# --- writing ------------------------------------------------------------------------


def begin_writing(conn: Any, on_wait: Callable[[float], None] | None, learner: str | None) -> str:
    """Take the learner's write lock for this transaction; if another command holds it,
    say so and wait for it, as long as a write waits on SQLite. Returns the learner
    (None: the role that connected)."""
    from sqlalchemy.exc import OperationalError

    from mlpath.storage.sqlite_file import WRITE_WAIT_SECONDS

    if learner is None:
        learner = str(conn.exec_driver_sql("SELECT current_user").scalar())
    key = write_lock_key(learner)
    if conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({key})").scalar():
        return learner
    if on_wait is not None:
        on_wait(WRITE_WAIT_SECONDS)
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITE_WAIT_SECONDS:g}s'")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({key})")
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise Busy(
            f"another mlpath command has been writing for over {WRITE_WAIT_SECONDS:g} s; "
            "nothing was changed",
            hint="run this again once it has finished",
        ) from None
    conn.exec_driver_sql("SET LOCAL lock_timeout TO DEFAULT")
    return learner


def advance_sequences(connection: Any, table: str) -> None:
    """Move a table's id sequence past its highest id (after rows came with their ids).

    Only ever forward: under row-level security a learner sees only their own rows,
    and a sequence set back to those would hand out ids that others' rows hold.
    """
    from sqlalchemy import text

    if table not in SERIAL_TABLES:
        return
    top = connection.execute(text(f"SELECT max(id) FROM {table}")).scalar()  # noqa: S608
    if top is not None and top > highest_id(connection, table):
        connection.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :top)"),
            {"top": top},
        )


def highest_id(connection: Any, table: str) -> int:
    """An id at least as high as any the table holds, whoever's row it is.

    The sequence knows, where the rows a learner may see would not: it is never
    behind the table (advance_sequences keeps it so).
    """
    from sqlalchemy import text

    sequence = connection.execute(
        text(f"SELECT pg_get_serial_sequence('{table}', 'id')")
    ).scalar_one()
    last, called = connection.execute(
        text(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - a catalogue name
    ).one()
    return int(last) if called else int(last) - 1


def server_version(dbapi_connection: Any) -> str:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    return str(row[0]).split()[0] if row else "?"
