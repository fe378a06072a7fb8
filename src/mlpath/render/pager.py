"""Output taller than the terminal goes through the learner's pager, as git's does.

Only when stdout is a terminal: the command's output is held while it runs (it is
written as the terminal would get it: colours, widths), then shown as it is if it
fits on the screen, or given to the pager if it does not. MLPATH_PAGER, else PAGER,
names the pager (empty: none); the default is `less`, with LESS=FRX when LESS is
unset, as git sets it: quit at once if it fits, keep colours, leave the text on
the screen.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

PAGER_ENV_VAR = "MLPATH_PAGER"
DEFAULT_PAGER = "less"
NOT_FOUND = 127  # what a POSIX shell exits with when it cannot find the command


def pager_command(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """The pager to run, or None when the learner turned paging off."""
    for name in (PAGER_ENV_VAR, "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return command or None
    return DEFAULT_PAGER


@contextmanager
def paging(enabled: bool) -> Iterator[None]:
    """Hold what is printed to stdout within, and page it if it is taller than the
    terminal. Nothing is held when paging is off or stdout is not a terminal."""
    command = pager_command() if enabled else None
    real = sys.stdout
    if command is None or not _is_terminal(real):
        yield
        return
    held = _Held(real)
    sys.stdout = held
    try:
        yield
    finally:
        sys.stdout = real
        # Shown even when the command failed part-way: its error line comes after.
        _show(held.text(), command, real)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Held(io.TextIOWrapper):
    """stdout while a command runs: text held in memory, looking like the terminal
    (Rich then colours and sizes the output for it)."""

    def __init__(self, terminal: TextIO) -> None:
        super().__init__(io.BytesIO(), encoding=terminal.encoding or "utf-8", newline="\n")
        self._terminal = terminal

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._terminal.fileno()

    def text(self) -> str:
        self.flush()
        data = self.buffer.getvalue()  # type: ignore[attr-defined]  # a BytesIO
        return bytes(data).decode(self.encoding, errors="replace")


def _show(text: str, command: str, terminal: TextIO) -> None:
    if not text:
        return
    if text.count("\n") < _height(terminal) or not _paged(text, command, terminal):
        terminal.write(text)
        terminal.flush()


def _height(terminal: TextIO) -> int:
    try:
        return os.get_terminal_size(terminal.fileno()).lines or 24
    except (OSError, ValueError):
        return 24


def _paged(text: str, command: str, terminal: TextIO) -> bool:
    """Whether the pager showed `text` (False: it could not be run)."""
    import signal
    import subprocess

    env = os.environ.copy()
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")  # lv, a pager some systems have as their PAGER, keeps colours
    terminal.flush()
    try:
        # Through the shell, as git runs it: PAGER may hold options (`less -S`).
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    # Ctrl-C belongs to the pager while it runs (less uses it), not to mlpath.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            pager.stdin.write(text.encode(terminal.encoding or "utf-8", errors="replace"))
            pager.stdin.close()
        except BrokenPipeError:
            pass  # the learner quit the pager before the end: nothing more to show
        code = pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return code != NOT_FOUND
