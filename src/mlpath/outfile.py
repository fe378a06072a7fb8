"""Files mlpath writes for the learner (an export, a calendar, a card): whole or not at all.

The data goes to a temporary file beside the target, then replaces it in one step,
so a crash or a full disk never leaves half a file where a good one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mlpath.errors import InvalidInput


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path`, or raise InvalidInput saying why it cannot be written."""
    path = path.expanduser()
    if path.is_dir():
        raise InvalidInput(f"cannot write {path}: it is a folder", hint="give a file name in it")
    folder = path.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"cannot write {path}: folder {folder} does not exist",
            hint="create it first, or choose another path",
        )
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    replaced = False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before it takes the name, or a crash empties it
        # mkstemp makes the file private; the learner's file gets the usual permissions.
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
        replaced = True
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if not replaced:
            Path(temporary).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777  # a file being replaced keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)  # reading the umask means setting it: put it straight back
        os.umask(umask)
        return 0o666 & ~umask
