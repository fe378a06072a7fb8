"""Checking a database and saying how to recover: the checks behind `mlpath doctor`.

On an SQLite file: on the standard library but for the import's models that
history records are held to: it must work on exactly the files that the other
commands refuse. It never changes them, except to roll back a write that a killed
process left half done, as every command (and SQLite itself) does before reading.

On PostgreSQL the server keeps its own pages sound and enforces the references, so
there is no file, integrity check or backup to look at: doctor checks the
connection, the schema's version, orphaned rows, days over 24 hours and the
history, and points at `mlpath export` and `pg_dump` for copies.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.errors import DatabaseError
from mlpath.storage import sqlite_file
from mlpath.storage.sql import Queries


class Finding(NamedTuple):
    check: str
    ok: bool
    detail: str
    advice: str = ""


# What every SQLite database file begins with.
SQLITE_HEADER = b"SQLite format 3\x00"


def examine(path: Path, *, bundled_version: str | None) -> list[Finding]:
    if not path.exists():
        return [Finding("file", False, f"no database at {path}", "run `mlpath start`")]
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if size == 0:
        return [
            Finding("file", False, f"{path} is empty", "`mlpath start` makes it a new database")
        ]
    if head != SQLITE_HEADER:
        return [
            Finding(
                "file",
                False,
                f"{path} is not an SQLite database ({size // 1024} KiB); it was left as it is",
                "point --db or MLPATH_DB at your mlpath database",
            )
        ]
    found = [Finding("file", True, f"{path} ({size // 1024} KiB)")]
    try:
        # What any command would do first; the file is then as the last complete
        # write left it, which is what the checks below are about.
        if sqlite_file.recover(path, tell=False):
            found.append(Finding("recovery", True, sqlite_file.ROLLED_BACK))
    except DatabaseError as exc:
        return [*found, Finding("recovery", False, exc.message, exc.hint or "")]
    try:
        version = sqlite_file.schema_version(path)
    except DatabaseError as exc:
        return [*found, Finding("schema", False, exc.message, exc.hint or ""), _backups(path)]
    try:
        with closing(sqlite_file.connect_readonly(path)) as conn:
            found += _integrity(conn)
            found += _contents(Queries(conn), version, bundled_version)
    except sqlite3.DatabaseError as exc:
        found.append(
            Finding(
                "integrity",
                False,
                f"the file is damaged ({exc})",
                "copy back the newest backup, or import your latest export",
            )
        )
    found.append(_backups(path))
    return found


def _integrity(conn: sqlite3.Connection) -> list[Finding]:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity == ["ok"]:
        return [Finding("integrity", True, "SQLite integrity check: ok")]
    return [
        Finding(
            "integrity",
            False,
            "; ".join(integrity[:3]),
            "copy back the newest backup, or import your latest export",
        )
    ]


def _contents(q: Queries, version: str | None, bundled_version: str | None) -> list[Finding]:
    found: list[Finding] = []
    if version is None:
        found.append(Finding("schema", False, "an empty database", "run `mlpath start`"))
        return found
    if version == sqlite_file.SCHEMA_HEAD:
        found.append(Finding("schema", True, f"schema {version}, current"))
    elif q.engine == "postgresql":
        found.append(
            Finding(
                "schema",
                False,
                f"schema {version}; this mlpath needs {sqlite_file.SCHEMA_HEAD}",
                "run `mlpath start` to upgrade it (keep a copy first: `pg_dump`)",
            )
        )
        return found
    else:
        found.append(
            Finding(
                "schema",
                True,
                f"schema {version}, upgraded on next use to "
                f"{sqlite_file.SCHEMA_HEAD} (a backup is made first)",
            )
        )
    # The roadmap is the database's: any learner's settings say which one it is.
    settings = q.one(
        "SELECT roadmap_id, roadmap_version, roadmap_file FROM settings ORDER BY id LIMIT 1"
    )
    if settings is None:
        found.append(
            Finding("settings", False, "mlpath was never started here", "run `mlpath start`")
        )
        return found
    roadmap_id, roadmap_version, roadmap_file = settings
    if roadmap_file and not Path(roadmap_file).is_file():
        found.append(
            Finding(
                "roadmap",
                False,
                f"your roadmap file {roadmap_file} is missing",
                "restore it, or `mlpath start --roadmap bundled`",
            )
        )
    elif roadmap_file is None and bundled_version and bundled_version != roadmap_version:
        found.append(
            Finding(
                "roadmap",
                True,
                f"{roadmap_id} {roadmap_version}; the bundled "
                f"{bundled_version} comes in on next use",
            )
        )
    else:
        found.append(Finding("roadmap", True, f"{roadmap_id} {roadmap_version}"))
    orphans = _orphans(q)
    if orphans:
        found.append(
            Finding(
                "references",
                False,
                "1 row refers to missing rows"
                if orphans == 1
                else f"{orphans} rows refer to missing rows",
                "export, then import into a new database",
            )
        )
    else:
        found.append(Finding("references", True, "no orphaned rows"))
    by_day = "learner, day" if version == sqlite_file.SCHEMA_HEAD else "day"
    over = list(
        q.run(
            # Each learner's day (a schema from before learners had the one).
            f"SELECT day, sum(hours) FROM entry GROUP BY {by_day} HAVING sum(hours) > ?"  # noqa: S608
            " ORDER BY day",
            (MAX_HOURS_PER_DAY + HOURS_TOLERANCE,),
        )
    )
    if over:
        found.append(
            Finding(
                "entries",
                False,
                f"{len(over)} days hold more than {MAX_HOURS_PER_DAY:g} h (first {over[0][0]})",
                "correct them with `mlpath log --edit`",
            )
        )
    else:
        count, total = q.one("SELECT count(*), coalesce(sum(hours), 0) FROM entry") or (0, 0)
        noun = "entry" if count == 1 else "entries"
        found.append(Finding("entries", True, f"{count} {noun}, {total:g} h"))
    found.append(_history(q))
    return found


# Each reference of the learner's tables, as (table, column, the table it names).
_REFERENCES = (
    ("topic", "phase_id", "phase"),
    ("progress", "topic_id", "topic"),
    ("entry", "topic_id", "topic"),
    ("topic_note", "topic_id", "topic"),
    ("review_item", "topic_id", "topic"),
    ("review", "topic_id", "topic"),
    ("study_timer", "topic_id", "topic"),
    ("estimate", "topic_id", "topic"),
    ("paper", "topic_id", "topic"),
    ("paper_note", "paper_id", "paper"),
    ("portfolio_check", "topic_id", "topic"),
    ("change", "undoes", "change"),
)


def _orphans(q: Queries) -> int:
    """How many rows name a row that is not there."""
    if q.engine == "sqlite":
        return len(list(q.run("PRAGMA foreign_key_check")))
    # The server enforces the references; this finds rows that came in around them
    # (a constraint dropped or made NOT VALID, a replica fed by hand).
    total = 0
    for table, column, target in _REFERENCES:
        row = q.one(
            f"SELECT count(*) FROM {table} r WHERE r.{column} IS NOT NULL"  # noqa: S608 - fixed names
            f" AND NOT EXISTS (SELECT 1 FROM {target} t WHERE t.id = r.{column})"
        )
        total += row[0] if row else 0
    return total


def _history(q: Queries) -> Finding:
    """Whether undo could put back every change it can still reach."""
    from mlpath.formats import export_file

    topics = {row[0] for row in q.run("SELECT id FROM topic")}
    pending = q.run(
        "SELECT id, rows FROM change WHERE undoes IS NULL AND id NOT IN"
        " (SELECT undoes FROM change WHERE undoes IS NOT NULL) ORDER BY id DESC"
    )
    bad: list[tuple[int, str]] = []
    count = 0
    for change_id, rows in pending:
        count += 1
        try:
            problem = export_file.change_problem(q.doc(rows), topics)
        except ValueError:
            problem = "its records are not JSON"
        if problem is not None:
            bad.append((change_id, problem))
    if bad:
        change_id, problem = bad[0]
        more = f" ({len(bad)} changes in all)" if len(bad) > 1 else ""
        return Finding(
            "history",
            False,
            f"change #{change_id} cannot be undone: {problem}{more}",
            "undo stops there; export, then import into a new database after removing "
            "that change from the file's history",
        )
    noun = "change" if count == 1 else "changes"
    return Finding("history", True, f"{count} {noun} can be undone")


def _backups(path: Path) -> Finding:
    kept = sqlite_file.backups(path)
    if not kept:
        return Finding("backups", True, "none yet (one is made before each schema upgrade)")
    return Finding("backups", True, f"{len(kept)} kept, newest {kept[0]}")


def examine_server(url: str, *, bundled_version: str | None) -> list[Finding]:
    """The checks of a PostgreSQL database (a server that cannot be reached, or that
    refuses the login, raises its own error)."""
    from mlpath.storage import postgres
    from mlpath.storage.failures import shown
    from mlpath.storage.sql import PostgresQueries

    conn = postgres.connect(url)
    try:
        found = [
            Finding(
                "connection",
                True,
                f"PostgreSQL {postgres.server_version(conn)} at {shown(url)}",
            )
        ]
        try:
            version = postgres.schema_version(conn, url)
        except DatabaseError as exc:
            return [*found, Finding("schema", False, exc.message, exc.hint or ""), _no_backups()]
        found += _contents(PostgresQueries(conn), version, bundled_version)
    finally:
        conn.close()
    found.append(_no_backups())
    return found


def _no_backups() -> Finding:
    return Finding(
        "backups",
        True,
        "mlpath keeps no copies on a server: `mlpath export` or `pg_dump` makes one",
    )
