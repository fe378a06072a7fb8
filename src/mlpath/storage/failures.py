"""What a database engine's own errors mean to the learner, as mlpath's errors."""

from __future__ import annotations

from pathlib import Path

from mlpath.errors import DatabaseError

_DAMAGE = ("malformed", "not a database", "disk i/o", "corrupt")


def is_engine_error(exc: BaseException) -> bool:
    """Whether `exc` comes from the database engine or its driver (not from mlpath)."""
    return type(exc).__module__.startswith(("sqlalchemy", "sqlite3"))


def describe(exc: BaseException, location: str) -> DatabaseError:
    """The learner's view of an engine error met on the database at `location`."""
    text = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
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
