"""Where mlpath's files live. Everything is resolved when asked, never at import."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

DB_ENV_VAR = "MLPATH_DB"
DB_OPTION = "--db"  # the one option before the command, and the only one with a value
_PACKAGE_DIR = Path(__file__).resolve().parent


def default_db_path() -> Path:
    # platformdirs knows each platform's convention (XDG on Linux, Application
    # Support on macOS, AppData on Windows); imported here to keep startup lean.
    from platformdirs import user_data_path

    return user_data_path("mlpath", appauthor=False) / "mlpath.db"


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL of the learner's database.

    `db` is what the learner gave through --db or MLPATH_DB (Typer resolves both
    into one value): a file path, or already a URL for another engine.
    """
    location = db or os.environ.get(DB_ENV_VAR) or str(default_db_path())
    if "://" in location:
        return location
    return "sqlite:///" + str(Path(location).expanduser().resolve())


def sqlite_file(url: str) -> Path | None:
    """The file behind an SQLite URL, or None for any other engine or memory."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or url.endswith(":memory:"):
        return None
    return Path(url[len(prefix) :])


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
        with path.open(encoding="utf-8") as file:
            head = file.read(8192)
    except OSError:
        return None
    match = _VERSION_LINE.search(head)
    return match.group(1).strip() if match else None
