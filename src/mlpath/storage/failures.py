"""What a database engine's own errors mean to the learner, as mlpath's errors, and how
a database's location is shown (never with its password)."""

from __future__ import annotations

from pathlib import Path

from mlpath.errors import DatabaseError

_DAMAGE = ("malformed", "not a database", "disk i/o", "corrupt")


def shown(url: str) -> str:
    """Where the database at `url` is, as a message may say it: an SQLite file's path,
    or the URL with its password masked."""
    from mlpath.paths import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from urllib.parse import unquote

    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        # Unquoted for reading (a socket folder shows as itself, not %2Ftmp%2F...).
        return unquote(make_url(url).render_as_string(hide_password=True))
    except (ArgumentError, ValueError):
        scheme, _, rest = url.partition("://")
        # Not a URL SQLAlchemy can read: show no more than its scheme and host.
        return f"{scheme}://{rest.rpartition('@')[2].partition('/')[0]}" if rest else scheme


def first_line(exc: BaseException) -> str:
    return (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]


def unsupported(url: str) -> DatabaseError:
    return DatabaseError(
        f"{shown(url)}: mlpath keeps its data in an SQLite file or a PostgreSQL database",
        hint="give --db / MLPATH_DB a file path, or a postgresql://user@host/database URL",
    )


def is_engine_error(exc: BaseException) -> bool:
    """Whether `exc` comes from the database engine or its driver (not from mlpath)."""
    return type(exc).__module__.startswith(("sqlalchemy", "sqlite3", "psycopg"))


def describe(exc: BaseException, location: str, url: str | None = None) -> DatabaseError:
    """The learner's view of an engine error met on the database at `location`.

    `url`: the database's URL, when it is not an SQLite file (errors of its driver
    are told apart by what the driver says).
    """
    from mlpath.paths import is_postgres

    if url is not None and is_postgres(url):
        from mlpath.storage import postgres

        return postgres.failure(exc, url)
    text = first_line(exc)
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            f"{location} is read-only ({text})",
            hint="reading works; to write, make the file and its folder writable",
        )
    if any(sign in text.lower() for sign in _DAMAGE):
        from mlpath.storage.sqlite_file import recovery_hint

        return DatabaseError(
            f"{location} is damaged ({text}); it was left as it is",
            hint=recovery_hint(Path(location)),
        )
    return DatabaseError(
        f"database error in {location}: {text}",
        hint="nothing was changed; `mlpath doctor` checks the file",
    )
