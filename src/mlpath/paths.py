"""Where mlpath's files live. Everything is resolved when asked, never at import."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import quote, unquote

DB_ENV_VAR = "MLPATH_DB"
# The files SQLite keeps beside a database while it works: a write's rollback
# journal (older databases), or the write-ahead log and its index (WAL mode).
DB_COMPANIONS = ("-journal", "-wal", "-shm")
DB_OPTION = "--db"  # an option before the command, and the only one with a value
NO_PAGER_OPTION = "--no-pager"  # the other option before the command (a flag)
_PACKAGE_DIR = Path(__file__).resolve().parent


def default_db_path() -> Path:
    # platformdirs knows each platform's convention (XDG on Linux, Application
    # Support on macOS, AppData on Windows); imported here to keep startup lean.
    from platformdirs import user_data_path

    return user_data_path("mlpath", appauthor=False) / "mlpath.db"


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL of the learner's database.

    `db` is what the learner gave through --db or MLPATH_DB (Typer resolves both
    into one value): a URL when it starts with a scheme and `://`, else a file path
    taken literally (`file:x.db?mode=rw` is a file of that name). A PostgreSQL URL
    (`postgresql://`, `postgres://`) is given the psycopg driver. Never raises: a
    path or URL that cannot be used is refused when opened.
    """
    location = db or os.environ.get(DB_ENV_VAR) or str(default_db_path())
    if _URL.match(location):
        return _with_driver(location)
    path = Path(location).expanduser()
    try:
        path = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: refused when the file is opened
        path = Path(os.path.abspath(path))  # noqa: PTH100 - normalises '..' without resolving links
    # Percent-encoded, so that SQLAlchemy takes no `?` or `#` of the name for a query
    # and opens exactly the file that sqlite_path() names.
    return "sqlite:///" + quote(str(path), safe="/", errors="surrogateescape")


# PostgreSQL is reached through one driver, psycopg 3: the URL forms a learner may
# give (`postgres://` is what many hosting services print) all name it.
POSTGRES_PREFIX = "postgresql+psycopg://"
_POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def _with_driver(url: str) -> str:
    for scheme in _POSTGRES_SCHEMES:
        if url.lower().startswith(scheme):
            return POSTGRES_PREFIX + url[len(scheme) :]
    return url


def is_postgres(url: str) -> bool:
    """Whether `url` names a PostgreSQL database (through any driver)."""
    scheme = url.partition("://")[0].lower()
    return scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+")


def sqlite_path(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for any other engine or memory.

    Read as SQLAlchemy reads it: the path ends at `?` and is percent-decoded.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or url.endswith(":memory:"):
        return None
    name = unquote(url[len(prefix) :].partition("?")[0], errors="surrogateescape")
    return Path(name) if name else None


def check_database_file(path: Path) -> None:
    """Refuse a database path that names no regular file, without opening it.

    A missing file is fine (reads report "not started", `start` creates it); a
    symlink loop, a folder, a FIFO (opening one waits for a writer forever), a device
    or a socket is refused.
    """
    from mlpath.errors import DatabaseError

    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(
            f"cannot use {path} as the database: {exc.strerror or exc}",
            hint="point --db or MLPATH_DB at a database file",
        ) from None
    if stat.S_ISDIR(mode):
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not stat.S_ISREG(mode):
        raise DatabaseError(
            f"{path} is {file_kind(mode)}, not a database file",
            hint="point --db or MLPATH_DB at a database file",
        )


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for a message."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


class TooLarge(Exception):
    """A file read by `read_capped` holds more than its limit."""


def read_capped(path: Path, limit: int) -> bytes:
    """The whole content of a regular file or a pipe, refused beyond `limit` bytes.

    The limit is enforced while reading, not from the size a stat reports: a pipe
    reports none and a device (/dev/zero) reports 0 and never ends. Devices,
    folders and sockets are refused unread. Raises OSError (strerror says why) or
    TooLarge.
    """
    mode = Path(path).stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise OSError(0, f"it is {file_kind(mode)}, not a file")
    with path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path)
    return data


def _shipped(name: str) -> Path:
    # In a wheel the build copies data/ and migrations/ into the package; in a
    # source checkout (editable install, tests) they sit at the repo's top.
    inside = _PACKAGE_DIR / name
    if inside.exists():
        return inside
    return _PACKAGE_DIR.parent.parent / name


def bundled_roadmap() -> Path:
    return _shipped("data") / "roadmap.yaml"


def migrations_dir() -> Path:
    return _shipped("migrations")


_VERSION_LINE = re.compile(r"""^version:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$""", re.MULTILINE)


def peek_version(path: Path) -> str | None:
    """The `version:` of a roadmap file, read without parsing it (cheap enough for
    every command to notice that an upgrade of mlpath brought a newer roadmap)."""
    try:
        if not stat.S_ISREG(Path(path).stat().st_mode):
            return None  # opening a FIFO would wait for a writer
        with path.open(encoding="utf-8", errors="replace") as file:
            head = file.read(8192)
    except OSError:
        return None
    match = _VERSION_LINE.search(head)
    return match.group(1).strip() if match else None
