"""The database file as SQLite itself sees it, with the standard library only.

Checking that a file is an mlpath database at the current schema, and opening it
read-only, needs neither SQLAlchemy nor Alembic; so read commands never import
them, and the write path imports them only to write. The schema itself is owned by
the SQLModel tables in store.py and created by the migrations.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from mlpath.errors import DatabaseError, NotStarted
from mlpath.paths import check_database_file

# Every revision in migrations/versions, oldest first; a test asserts it matches
# Alembic's own history.
SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
BUSY_TIMEOUT_SECONDS = 10.0
BACKUPS_KEPT = 3


def prepare(path: Path, *, create: bool) -> None:
    """Make sure `path` can hold the database; create it (owner-only) if asked."""
    check_database_file(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if path.exists():
        return
    if not create:
        raise NotStarted(str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A learner's study record is private: readable by its owner only.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise DatabaseError(f"cannot create the database {path}: {exc.strerror}") from None


def connect_readonly(path: Path) -> sqlite3.Connection:
    # mode=ro: reading never writes, so it also works on a read-only file or folder.
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )


def schema_version(path: Path) -> str | None:
    """The Alembic revision stamped in the file, None for an empty file.

    Raises DatabaseError for anything that is not an mlpath database this version
    of mlpath can read, without changing the file.
    """
    try:
        with connect_readonly(path) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseError(
                        f"{path} is an SQLite database, but not one of mlpath's",
                        hint="point --db or MLPATH_DB at another file",
                    )
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path} cannot be read as a database ({exc}); it was left as it is",
            hint=recovery_hint(path),
        ) from None
    version = row[0] if row else None
    if version is not None and version not in SCHEMA_REVISIONS:
        raise DatabaseError(
            f"{path} was written by a newer mlpath (schema {version})",
            hint="upgrade mlpath (pip install -U mlpath); your data was not touched",
        )
    return version


def check_whole(path: Path) -> None:
    """Refuse to write into a damaged file: SQLite's quick check reads every page.

    Reads skip this (its cost grows with the file); a damaged page they need still
    fails them, and `mlpath doctor` runs the full check.
    """
    try:
        with closing(connect_readonly(path)) as conn:
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        detail = " ".join(verdict.replace("*** in database main ***", "").split())
        raise DatabaseError(
            f"{path} is damaged ({detail}); it was left as it is", hint=recovery_hint(path)
        )


def open_reader(url: str) -> sqlite3.Connection:
    """A read-only connection to a started database at the current schema.

    Only a database whose schema is behind pays for SQLAlchemy and Alembic, once.
    """
    from mlpath.paths import sqlite_file

    path = sqlite_file(url)
    if path is None:
        raise DatabaseError(f"{url}: only SQLite databases are supported so far")
    prepare(path, create=False)
    version = schema_version(path)
    if version is None:
        raise NotStarted(str(path))
    if version != SCHEMA_HEAD:
        from mlpath.store import open_engine

        open_engine(url).dispose()
    return connect_readonly(path)


def backups(path: Path) -> list[Path]:
    """The backups made next to the database before schema upgrades, newest first."""
    return sorted(path.parent.glob(f"{path.name}.backup-*"), reverse=True)


def back_up(path: Path, label: str) -> Path:
    """Copy the database beside itself (SQLite's online backup: a consistent copy),
    keeping the newest BACKUPS_KEPT copies."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.backup-{stamp}-{label}")
    try:
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        with closing(connect_readonly(path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)
        raise DatabaseError(
            f"cannot back up {path} before upgrading its schema ({exc})",
            hint="nothing was changed; check that its folder is writable",
        ) from None
    for old in backups(path)[BACKUPS_KEPT:]:
        old.unlink()
    return target


def recovery_hint(path: Path) -> str:
    found = backups(path)
    if found:
        return (
            f"move it aside and copy back the newest backup, {found[0]}"
            + (f" ({len(found)} kept)" if len(found) > 1 else "")
            + "; `mlpath doctor` checks a file"
        )
    return "move it aside, then `mlpath start` and `mlpath import` your latest export"
