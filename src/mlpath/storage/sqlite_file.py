"""The database file as SQLite itself sees it, with the standard library only.

Checking that a file is an mlpath database at the current schema, and opening it
read-only, needs neither SQLAlchemy nor Alembic; so read commands never import
them, and the write path imports them only to write. The schema itself is owned by
the SQLModel tables in schema.py and created by the migrations.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from mlpath.errors import DatabaseError, NotStarted
from mlpath.paths import DB_COMPANIONS, check_database_file

# Every revision in migrations/versions, oldest first; a test asserts it matches
# Alembic's own history.
SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012",
)  # fmt: skip
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
BUSY_TIMEOUT_SECONDS = 10.0
# How long a write waits for another mlpath command's write to finish (a merge of
# years of entries can take this long on a slow machine) before giving up.
WRITE_WAIT_SECONDS = 60.0
BACKUPS_KEPT = 3
COMPANIONS = DB_COMPANIONS

# What the CLI tells the learner once the command ends, e.g. that an interrupted
# write was rolled back; render prints them (storage never prints).
NOTICES: list[str] = []


def companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def recover(path: Path, *, tell: bool = True) -> bool:
    """Roll back a write that a killed process left in a hot rollback journal.

    A read-only connection cannot roll it back and would refuse the file as if it
    were damaged; a read-write one does it on first read, as SQLite does on its
    own, and the data is as it was before the interrupted write. (In WAL mode an
    interrupted write needs nothing: readers ignore its uncommitted frames.)
    Returns True when a journal was rolled back.
    """
    journal = companion(path, "-journal")
    try:
        if journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    try:
        with closing(
            sqlite3.connect(f"{_uri(path)}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        ) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path} has a write that was interrupted and must be rolled back first "
            f"({exc}); nothing was changed",
            hint=f"make {path} and its folder writable and run any mlpath command; "
            f"do not delete {journal.name}, it holds the data as it was",
        ) from None
    if journal.exists() and journal.stat().st_size > 0:
        return False  # another process's write in progress: not hot, nothing undone
    if tell:
        NOTICES.append(f"{path}: {ROLLED_BACK}")
    return True


ROLLED_BACK = (
    "a write that was interrupted (its process was killed, or the machine stopped) was "
    "rolled back; everything saved before it is intact"
)


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def prepare(path: Path, *, create: bool) -> None:
    """Make sure `path` can hold the database; create it (owner-only) if asked."""
    check_database_file(path)
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    if path.exists():
        recover(path)
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
    """A connection that only reads (query_only): no statement can change the data.

    It is opened read-write where the file allows, so that, as the last connection
    to close, it folds the write-ahead log back into the file and leaves nothing
    beside it, as any SQLite program does. Where the file or its folder may not be
    written, it reads read-only.
    """
    try:
        conn = _reader(f"{_uri(path)}?mode=rw")
        conn.execute("PRAGMA query_only = ON")
        return conn
    except sqlite3.OperationalError as exc:
        if not _cannot_write(exc):
            raise
    try:
        return _reader(f"{_uri(path)}?mode=ro")
    except sqlite3.OperationalError as exc:
        if not _wal_unreachable(path, exc):
            raise
    # A WAL database in a folder this user cannot write, with no log beside it:
    # everything is in the file itself, which no one here can change.
    return sqlite3.connect(f"{_uri(path)}?mode=ro&immutable=1", uri=True)


def _reader(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    try:
        # The first read is where SQLite opens the log and rolls back a hot journal.
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    text = str(exc)
    return "readonly" in text or "unable to open" in text or "read-only" in text


def _wal_unreachable(path: Path, exc: sqlite3.OperationalError) -> bool:
    """SQLite could not create the WAL index of a database it may only read."""
    if not _cannot_write(exc):
        return False
    # Anything in a log or journal would be ignored by an immutable read: never then.
    return all(_empty(companion(path, suffix)) for suffix in ("-wal", "-journal"))


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True


def schema_version(path: Path) -> str | None:
    """The Alembic revision stamped in the file, None for an empty file.

    Raises DatabaseError for anything that is not an mlpath database this version
    of mlpath can read, without changing the file.
    """
    try:
        with closing(connect_readonly(path)) as conn:
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


# A finished backup's name: the database's, then when and why it was made. A copy in
# progress has another name (see back_up), so a kill can never leave half a file
# that looks like a backup.
_BACKUP_NAME = r"\.backup-\d{8}T\d{12}Z-[a-z0-9]+(?:-[a-z0-9]+)*"
_PARTIAL = ".partial"
_PARTIAL_KEPT_SECONDS = 3600.0


def backups(path: Path) -> list[Path]:
    """The backups made next to the database before schema upgrades, newest first."""
    name = re.compile(re.escape(path.name) + _BACKUP_NAME)
    found = [
        p
        for p in path.parent.glob(f"{glob.escape(path.name)}.backup-*")
        # A backup opened in place gets a log or journal beside it: never one itself.
        if name.fullmatch(p.name) and not p.name.endswith(COMPANIONS)
    ]
    return sorted(found, reverse=True)


def sound(backup: Path) -> bool:
    """Whether a backup passes SQLite's integrity check (it is only ever read)."""
    try:
        with closing(connect_readonly(backup)) as conn:
            return [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
    except (OSError, sqlite3.Error):
        return False


def back_up(path: Path, label: str) -> Path:
    """Copy the database beside itself (SQLite's online backup: a consistent copy),
    keeping the newest BACKUPS_KEPT copies.

    The copy is made under a hidden temporary name, checked, and only then renamed
    to a backup's name: a process killed half-way leaves a `.partial` file that is
    never counted, named or restored, and is cleared by a later backup.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.backup-{stamp}-{label}")
    partial = path.with_name(f".{target.name}.{os.getpid()}{_PARTIAL}")
    try:
        _clear_partials(path)
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        with closing(connect_readonly(path)) as source, closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            # One self-contained file: a WAL-mode copy would need its -wal beside it.
            copy.execute("PRAGMA journal_mode = DELETE").fetchall()
            verdict = copy.execute("PRAGMA quick_check(1)").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"the copy failed its check: {verdict}")
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(target)
        _sync_folder(path.parent)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"cannot back up {path} before upgrading its schema ({exc})",
            hint="nothing was changed; check that its folder is writable",
        ) from None
    for old in backups(path)[BACKUPS_KEPT:]:
        old.unlink()
    return target


def _clear_partials(path: Path, pattern: str | None = None) -> None:
    """Remove copies that a killed backup (or restore) left, never one that a running
    process is still making (its id is in the name)."""
    for leftover in path.parent.glob(pattern or f".{glob.escape(path.name)}.backup-*{_PARTIAL}*"):
        try:
            if _maker_alive(leftover.name) and (
                time.time() - leftover.stat().st_mtime < _PARTIAL_KEPT_SECONDS
            ):
                continue
            leftover.unlink()
        except OSError:
            pass  # gone already, or not ours to remove: it is never read either way


def _maker_alive(name: str) -> bool:
    found = re.search(r"\.(\d+)" + re.escape(_PARTIAL), name)
    if found is None:
        return False
    try:
        os.kill(int(found.group(1)), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename still happened
    finally:
        os.close(handle)


def building_copy(target: Path) -> Path:
    """A hidden name beside `target` to build a new database under (see put_in_place)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the database {target}: {exc.strerror}") from None
    _clear_partials(target, pattern=f".{glob.escape(target.name)}.restoring-*{_PARTIAL}*")
    return target.with_name(f".{target.name}.restoring-{os.getpid()}{_PARTIAL}")


def put_in_place(built: Path, target: Path) -> None:
    """Give a database built whole (and closed) the target's name, in one step.

    The target holds no learner's data (the caller checked); the log and index it
    may have beside it belong to it, and would be read into the new file.
    """
    with built.open("rb") as written:
        os.fsync(written.fileno())
    for suffix in COMPANIONS:
        companion(target, suffix).unlink(missing_ok=True)
    built.replace(target)
    _sync_folder(target.parent)


def discard(built: Path) -> None:
    for leftover in (built, *(companion(built, s) for s in COMPANIONS)):
        leftover.unlink(missing_ok=True)


def recovery_hint(path: Path) -> str:
    """How to get the learner's data back from a damaged file, losing nothing.

    It never says to move or delete anything before it has been copied aside, and
    names only a backup that passes the integrity check.
    """
    present = [path.name] + [
        companion(path, s).name for s in COMPANIONS if companion(path, s).exists()
    ]
    keep = f"first copy {' and '.join(present)} to a safe place (cp -p), then"
    good = next((b for b in backups(path) if sound(b)), None)
    if good is not None:
        return (
            f"{keep} remove them and copy the newest sound backup, {good}, to {path}; "
            "`mlpath doctor` checks the result"
        )
    return (
        f"{keep} remove them and run `mlpath start` and `mlpath import` with your latest "
        "export (no sound backup is kept here); `mlpath doctor` checks the result"
    )
