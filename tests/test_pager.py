"""Long output through the pager, as git pages it: only on a terminal, only when it is
taller than the screen, never for --json, never with --no-pager or MLPATH_PAGER=.

The program runs in a real pseudo-terminal of 80x24 (Python's pty module); the pager
is a shell command that records what it was given, so a test sees whether it ran.
"""

from __future__ import annotations

import fcntl
import os
import shlex
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no pseudo-terminals")

ROWS, COLS = 24, 80


def _program() -> list[str]:
    script = Path(sys.executable).with_name("mlpath")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mlpath"]


def _env(**extra: str | None) -> dict[str, str]:
    """The test's environment as a terminal holds it: the size comes from the pty."""
    unset = ("COLUMNS", "LINES", "PAGER", "MLPATH_PAGER", "LESS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {"TERM": "xterm-256color"}
    for name, value in extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _in_terminal(
    args: list[str], env: dict[str, str], tty: bool = True, rows: int = ROWS
) -> tuple[int, str]:
    """Run mlpath with stdout (and stdin, stderr) on a pty, or on pipes when not `tty`:
    its exit code and what reached the terminal."""
    if not tty:
        done = subprocess.run(
            [*_program(), *args], capture_output=True, text=True, env=env, timeout=60
        )
        return done.returncode, done.stdout
    main, side = os.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", rows, COLS, 0, 0))
    child = subprocess.Popen(
        [*_program(), *args], stdin=side, stdout=side, stderr=side, env=env, close_fds=True
    )
    os.close(side)
    shown = b""
    try:
        while True:  # read as it comes: a pty holds only a few KiB
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the program closed its end
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    return child.wait(timeout=60), shown.decode("utf-8", errors="replace")


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it is given, and where."""
    record = tmp_path / "paged.txt"
    return f"cat > {shlex.quote(str(record))}", record


def test_tall_output_on_a_terminal_goes_through_the_pager(started, pager):
    command, record = pager
    code, shown = _in_terminal(["topics"], _env(PAGER=command))
    assert code == 0
    paged = record.read_text(encoding="utf-8")
    assert paged.count("\n") > ROWS and "linear-algebra" in paged
    assert "topics · track nlp" in paged
    assert "linear-algebra" not in shown  # the pager had it all; the terminal none
    # Written as for the terminal: its width, and colours for `less -R`.
    assert "\x1b[" in paged
    assert max(len(line) for line in _plain(paged).splitlines()) <= COLS


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "", text)


def test_mlpath_pager_comes_before_pager(started, pager, tmp_path):
    command, record = pager
    other = tmp_path / "other.txt"
    env = _env(MLPATH_PAGER=command, PAGER=f"cat > {shlex.quote(str(other))}")
    assert _in_terminal(["topics"], env)[0] == 0
    assert "linear-algebra" in record.read_text(encoding="utf-8")
    assert not other.exists()


def _paged(
    record: Path, args: list[str], env: dict[str, str], tty: bool = True, rows: int = ROWS
) -> bool:
    """Whether running `args` went through the pager (which records to `record`)."""
    record.unlink(missing_ok=True)
    code, shown = _in_terminal(args, env, tty, rows)
    assert code == 0, shown
    paged = record.exists()
    # What the pager did not get, the terminal did.
    assert paged or ("linear-algebra" if "topics" in args else "Phase ") in shown
    return paged


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["--no-pager", "topics"], {}),
        (["topics"], {"MLPATH_PAGER": ""}),  # empty: paging off, whatever PAGER says
        (["topics"], {"PAGER": ""}),
        (["topics", "--json"], {}),  # for a program
        (["next"], {}),  # fits on the screen
    ],
    ids=["no-pager", "empty-MLPATH_PAGER", "empty-PAGER", "json", "short"],
)
def test_no_paging(started, pager, args, extra):
    command, record = pager
    assert _paged(record, ["topics"], _env(PAGER=command))  # as it is without the change
    assert not _paged(record, args, _env(PAGER=command) | extra)


def test_no_paging_when_stdout_is_not_a_terminal(started, pager):
    command, record = pager
    assert _paged(record, ["topics"], _env(PAGER=command))
    assert not _paged(record, ["topics"], _env(PAGER=command), tty=False)


def test_no_pager_before_no_command_shows_the_status(started, pager):
    command, record = pager
    # The status is taller than a screen of 10 rows: paged, unless --no-pager.
    assert _paged(record, [], _env(PAGER=command), rows=10)
    assert not _paged(record, ["--no-pager"], _env(PAGER=command), rows=10)


def test_a_pager_that_cannot_be_found_leaves_the_output_on_the_terminal(started, tmp_path):
    missing = tmp_path / "no-such-pager"
    code, shown = _in_terminal(["topics"], _env(PAGER=str(missing)))
    assert code == 0
    assert "not found" in shown  # the shell's word: the pager was tried
    assert "linear-algebra" in shown and "topics · track nlp" in _plain(shown)


def test_less_gets_frx_unless_the_learner_set_less(started, tmp_path):
    seen = tmp_path / "less.txt"
    command = f'echo "$LESS" > {shlex.quote(str(seen))}; cat > /dev/null'
    assert _in_terminal(["topics"], _env(PAGER=command))[0] == 0
    assert seen.read_text(encoding="utf-8").strip() == "FRX"
    assert _in_terminal(["topics"], _env(PAGER=command, LESS="-S"))[0] == 0
    assert seen.read_text(encoding="utf-8").strip() == "-S"
