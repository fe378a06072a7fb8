"""mlpath in a real terminal: the installed program in a 100x40 pseudo-terminal.

pexpect gives the program a pty of that size (no COLUMNS: the width comes from the
terminal, as for a learner), and pyte plays the output onto a screen of the same
size, so the tests check what the screen shows, colours included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from conftest import image_of, place, run_at

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows has no pseudo-terminals")

COLS, ROWS = 100, 40
SGR = re.compile(r"\x1b\[([0-9;]*)m")
ESCAPE = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07\x1b]*(\x07|\x1b\\))")
PHASES = [
    "Prerequisites & Assessment",
    "Mathematics Foundations",
    "Python for Data Science & Engineering",
    "Classical Machine Learning",
    "Deep Learning Fundamentals",
    "Transformers, LLMs & Specialisations",
    "Production ML & Systems Design",
    "Portfolio Projects & Career Positioning",
]


@pytest.fixture(scope="module")
def learner_image(tmp_path_factory: pytest.TempPathFactory, started_image: bytes) -> bytes:
    """Phase 0 done, phase 1 begun, hours on most days of the last four weeks."""
    db = tmp_path_factory.mktemp("learner") / "mlpath.db"
    place(db, started_image)
    run_at(
        db, "done", "recommended-learning-path", "programming-fundamentals", "--date", "2026-11-03"
    )
    run_at(db, "done", "csv-statistics-program", "basic-mathematics-check", "statistical-thinking")
    run_at(db, "done", "object-oriented-programming", "networking")
    run_at(db, "doing", "linear-algebra")
    for day in range(2, 25):
        if day % 7 != 1:  # Sundays off
            hours, on = str(2 + day % 4), f"2026-11-{day:02d}"
            run_at(db, "log", hours, "--date", on, "--topic", "linear-algebra")
    return image_of(db)


@pytest.fixture
def learner(learner_image: bytes, db_path: Path) -> None:
    """The learner's database, copied to this test's own MLPATH_DB."""
    place(db_path, learner_image)


def _program() -> list[str]:
    # The console script pip installed beside this interpreter, as a shell runs it.
    script = Path(sys.executable).with_name("mlpath")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mlpath"]


def _env(**extra: str) -> dict[str, str]:
    """The test's environment (MLPATH_DB, MLPATH_TODAY) as a terminal would hold it."""
    unset = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return env | {"TERM": "xterm-256color"} | extra


def _in_terminal(*args: str, **env: str) -> str:
    """Everything the program wrote to its terminal, once it has exited."""
    import pexpect

    program, *first = _program()
    child = pexpect.spawn(
        program,
        [*first, *args],
        env=_env(**env),
        dimensions=(ROWS, COLS),
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def _screen(raw: str) -> Any:
    import pyte

    screen = pyte.Screen(COLS, ROWS)
    pyte.Stream(screen).feed(raw)
    return screen


def _lines(raw: str) -> list[str]:
    """The output's lines as written, escape codes removed."""
    return ESCAPE.sub("", raw).replace("\r\n", "\n").rstrip("\n").split("\n")


def _colours(raw: str) -> set[str]:
    """The SGR parameters that set a colour: 30-38, 40-48, 90-97, 100-107."""
    found = set()
    for params in SGR.findall(raw):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 48 or 90 <= int(p) <= 107):
                found.add(p)
    return found


def _row(screen: Any, text: str) -> int:
    return next(y for y, line in enumerate(screen.display) if text in line)


def test_status_in_a_real_terminal_is_in_colour_and_fits(learner):
    raw = _in_terminal("status")
    assert _colours(raw), "no colour in a terminal"
    lines = _lines(raw)
    assert max(map(cell_len, lines)) <= COLS
    screen = _screen(raw)
    shown = [line.rstrip() for line in screen.display]
    assert shown[: len(lines)] == [line.rstrip() for line in lines]  # nothing wrapped

    header = next(line for line in shown if line.startswith("#"))
    assert header.split() == ["#", "Phase", "Topics", "Done", "Hours", "Plan", "State"]
    # Rich took the terminal's width, not the 80 columns it assumes without one:
    # every title has room, and the table is as wide as they need.
    rule = next(line for line in shown if line.startswith("───"))
    assert 80 < len(rule) <= COLS
    for number, title in enumerate(PHASES):
        assert re.search(
            rf"^{number} +{re.escape(title)} +\d+/\d+ +[█░]{{5}} ", "\n".join(shown), re.M
        )
    done = _row(screen, PHASES[0])
    assert shown[done].split()[4:7] == ["6/6", "█████", "100%"]
    assert "current" in shown[_row(screen, PHASES[1])]
    assert shown[0].startswith("██") and "topics" in shown[0]  # the overall bar

    # the bars are green on screen; the text beside them keeps the terminal's colour
    bar = shown[done].index("█████")
    assert {screen.buffer[done][x].fg for x in range(bar, bar + 5)} == {"green"}
    assert screen.buffer[done][0].fg == "default"
    assert "Projected finish:" in "\n".join(shown)


def test_no_color_in_a_real_terminal(learner):
    coloured = _screen(_in_terminal("status"))
    raw = _in_terminal("status", NO_COLOR="1")
    # NO_COLOR (no-color.org) takes the colour away; bold and dim text may stay.
    assert not _colours(raw)
    assert {p for params in SGR.findall(raw) for p in params.split(";")} <= {"", "0", "1", "2"}
    screen = _screen(raw)
    assert screen.display == coloured.display  # the same text, only without colour
    cells = [cell for y in range(ROWS) for cell in screen.buffer[y].values()]
    assert {cell.fg for cell in cells} == {"default"} and {cell.bg for cell in cells} == {"default"}


def test_chart_in_a_real_terminal_takes_its_width(learner):
    raw = _in_terminal("hours", "--chart")
    assert _colours(raw)
    shown = [line.rstrip() for line in _screen(raw).display]
    axis = next(y for y, line in enumerate(shown) if line.startswith(" "))
    rows = shown[1:axis]  # a week a row: label, bar and hours, the terminal's full width
    assert [row[:6] for row in rows] == ["02 Nov", "09 Nov", "16 Nov", "23 Nov"]
    assert all(len(row) == COLS for row in rows)
    assert rows[-1].startswith("23 Nov ") and rows[-1].endswith(" so far")
    assert max(map(cell_len, _lines(raw))) <= COLS


def test_piped_output_is_plain(learner):
    """Not a terminal: no escape codes even without NO_COLOR, and Rich's 80 columns."""
    result = subprocess.run(
        [*_program(), "status"],
        capture_output=True,
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "\x1b" not in text
    lines = text.rstrip("\n").split("\n")
    assert max(map(cell_len, lines)) <= 80
    for number, title in enumerate(PHASES):
        assert re.search(rf"^{number} +{re.escape(title.split()[0])}", text, re.M)
