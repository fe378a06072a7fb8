"""Files mlpath writes for the learner (an export, a calendar, a card): whole or not at all.

The data goes to a temporary file beside the target, then replaces it in one step,
so a crash or a full disk never leaves half a file where a good one was. These
files hold private notes and history, so they are owner-only (0600) like the
database, whatever the umask, also when they replace a file that was not. Nothing
is written over the database, its journal, WAL or backups, nor over anything that
is not a regular file: replacing a device node would leave a world-writable
regular file in its place.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mlpath.errors import InvalidInput
from mlpath.paths import DB_COMPANIONS

# What SQLite and mlpath keep beside the database file; writing over one of them
# loses data as surely as writing over the database.
_BACKUP_MARK = ".backup-"


def write_atomic(path: Path, data: bytes, *, database: Path | None = None) -> None:
    """Write `data` to `path`, or raise InvalidInput saying why it cannot be written.

    `database` is the learner's database file: neither it nor its companions may be
    the target.
    """
    path = path.expanduser()
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        raise InvalidInput(
            f"cannot write {path}: it is a symlink loop", hint="choose another path"
        ) from None
    if database is not None:
        _refuse_database(path, resolved, database)
    try:
        mode: int | None = Path(resolved).stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise InvalidInput(f"cannot write {path}: it is a folder", hint="give a file name in it")
    if mode is not None and not stat.S_ISREG(mode):
        from mlpath.paths import file_kind

        raise InvalidInput(
            f"cannot write {path}: it is {file_kind(mode)}, not a regular file",
            hint="give a file name, or `-` for stdout",
        )
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"cannot write {path}: folder {folder} does not exist",
            hint="create it first, or choose another path",
        )
    try:
        # mkstemp creates the file 0600 whatever the umask: the mode it keeps.
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    replaced = False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before it takes the name, or a crash empties it
        Path(temporary).replace(path)
        replaced = True
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if not replaced:
            Path(temporary).unlink(missing_ok=True)


def _refuse_database(path: Path, resolved: Path, database: Path) -> None:
    """Raise InvalidInput when `path` is the database, its journal, WAL or a backup."""
    try:
        db = database.expanduser().resolve()
    except (OSError, RuntimeError):
        db = Path(os.path.abspath(database.expanduser()))  # noqa: PTH100 - normalises '..' without resolving links
    protected = [db, *(db.with_name(db.name + suffix) for suffix in DB_COMPANIONS)]
    named = resolved in protected or (
        resolved.parent == db.parent
        # a backup, or a backup or restore being made (a hidden name beginning with it)
        and resolved.name.startswith((db.name + _BACKUP_MARK, f".{db.name}."))
    )
    if not named and resolved.exists():
        # Another name for the same file: a hard link, or a case-insensitive disk.
        named = any(_same(resolved, other) for other in protected) or any(
            _same(resolved, other)
            for other in _listing(db.parent)
            if other.name.startswith(db.name + _BACKUP_MARK)
        )
    if named:
        raise InvalidInput(
            f"cannot write {path}: it is your mlpath database or one of its files ({db.name})",
            hint="choose another file name; nothing was written",
        )


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _same(a: Path, b: Path) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:
        return False
