"""Every view at 60, 80 and 120 columns: nothing wider than the terminal, nothing cut.

One learner's year (started 2025-11-24, a year before the pinned TODAY) is built
once through the CLI; each test gets its own copy of the database. Rich reads the
width from COLUMNS, as it does when stdout is not a terminal; `--help` runs in a
subprocess, because Typer's test runner pins Click's help to 80 columns.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

# The app run as conftest runs it, so that this file follows it wherever it moves.
from conftest import TODAY, invoke

START = date(2025, 11, 24)  # a Monday, a year and a day before TODAY
WIDTHS = (60, 80, 120)
NARROW = 70  # below this, tables drop a column (status's bars, plan's start, topics' kind)
PAST_BREAK = ("2026-08-03", "2026-08-16", "summer holiday")
NEXT_BREAK = ("2026-12-21", "2027-01-03", "winter holidays")
LINK = "https://github.com/ada-learns/numpy-drills"
NOTE = "Broadcasting finally clicked after redoing the exercises by hand"
DONE = [  # (day, topics): phase 0, most of phase 1, the start of phase 2
    ("2025-12-01", ["recommended-learning-path", "programming-fundamentals"]),
    ("2025-12-10", ["csv-statistics-program", "basic-mathematics-check", "statistical-thinking"]),
    ("2025-12-12", ["object-oriented-programming", "networking"]),
    ("2026-02-20", ["linear-algebra"]),
    ("2026-04-30", ["multivariable-calculus"]),
    ("2026-07-15", ["probability-statistics", "discrete-mathematics"]),
    ("2026-09-20", ["python-environments-jupyter", "ml-libraries-to-master"]),
]
STUDYING = [  # from which day the learner's hours went to which topic
    (date(2025, 11, 24), "programming-fundamentals"),
    (date(2025, 12, 11), "linear-algebra"),
    (date(2026, 2, 21), "multivariable-calculus"),
    (date(2026, 5, 1), "probability-statistics"),
    (date(2026, 7, 16), "discrete-mathematics"),
    (date(2026, 9, 21), "numpy"),
    (date(2026, 10, 29), "pandas"),
]
HOURS = (2, 3.5, 5, 6.5, 4, 1.5, 7, 3)


@dataclass(frozen=True)
class Year:
    db: Path
    facts: dict[str, Any]  # the views' --json, which no width changes


def _build(db: Path) -> Year:
    runner = CliRunner()
    env = {
        "MLPATH_DB": str(db),
        "MLPATH_TODAY": TODAY,
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "FORCE_COLOR": None,
        "MLPATH_DEBUG": None,
    }

    def run(*args: str) -> str:
        result = invoke(runner, args, env=env)
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.stdout

    run("start", "--date", START.isoformat())
    for day, topics in DONE:
        run("done", *topics, "--date", day)
    run("done", "numpy", "--date", "2026-10-28", "--link", LINK)
    run("note", "numpy", NOTE, "--date", "2026-10-29")
    run("doing", "pandas")
    for first, last, why in (PAST_BREAK, NEXT_BREAK):
        run("break", "--from", first, "--to", last, "--note", why)
    day, i = START, 0
    while day < date.fromisoformat(TODAY):
        if not PAST_BREAK[0] <= day.isoformat() <= PAST_BREAK[1]:
            args = ["log", f"{HOURS[i % len(HOURS)]:g}", "--date", day.isoformat()]
            if i % 4:  # most entries name a topic, some a note too
                args += ["--topic", [t for since, t in STUDYING if since <= day][-1]]
            if i % 9 == 0:
                args += ["--note", "revision and exercises"]
            run(*args)
        i += 1
        day += timedelta(days=3)
    facts = {
        name: json.loads(run(*args, "--json"))
        for name, args in {
            "status": ["status"],
            "plan": ["plan"],
            "plan25": ["plan", "--hours", "25", "--by", "2027-12-31"],
            "topics": ["topics"],
            "topics2": ["topics", "--phase", "2"],
            "find": ["find", "regression"],
            "hours": ["hours"],
            "entries": ["hours", "--entries"],
            "calendar": ["calendar"],
            "breaks": ["break"],
            "history": ["history"],
        }.items()
    }
    return Year(db, facts)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Year:
    return _build(tmp_path_factory.mktemp("year") / "mlpath.db")


@pytest.fixture
def learner(year: Year, db_path: Path, mlpath: Any) -> Any:
    """The year's database, copied to this test's own MLPATH_DB."""
    with closing(sqlite3.connect(year.db)) as source, closing(sqlite3.connect(db_path)) as copy:
        source.backup(copy)
    return mlpath


def test_the_year_is_realistic(year):
    facts = year.facts
    assert len(facts["history"]) == 20  # the latest changes of many
    assert facts["status"]["topics_done"] == 13 and facts["status"]["current_phase"] == 1
    assert [b["note"] for b in facts["breaks"]] == [PAST_BREAK[2], NEXT_BREAK[2]]
    assert facts["calendar"]["study_days"] > 80
    with closing(sqlite3.connect(year.db)) as conn:
        entries, with_topic = conn.execute("SELECT count(*), count(topic_id) FROM entry").fetchone()
    assert entries >= 100 and 0 < with_topic < entries


# --- what each view must show, whatever the width -------------------------------------


@dataclass(frozen=True)
class Shown:
    text: str
    width: int
    facts: dict[str, Any] = field(repr=False)

    @property
    def lines(self) -> list[str]:
        return self.text.rstrip("\n").split("\n")

    @property
    def flat(self) -> str:
        """The text with every run of spaces and line breaks as one space: what
        survives wrapping at word boundaries."""
        return " ".join(self.text.split())

    @property
    def wide(self) -> bool:
        return self.width >= NARROW

    def has_line(self, pattern: str) -> bool:
        return re.search(pattern, self.text, re.MULTILINE) is not None


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%a %d %b %Y")


def _shortened(cell: str, title: str) -> bool:
    """Whether a table's cell is `title`, or the start of it cut with an ellipsis."""
    cell = cell.strip()
    return cell == title or (cell.endswith("…") and title.startswith(cell[:-1].rstrip()))


def _rows_between(lines: list[str], first: str, last: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith(first)) + 1
    return lines[start : next(i for i in range(start, len(lines)) if lines[i].startswith(last))]


def check_status(out: Shown) -> None:
    status = out.facts["status"]
    done, total = status["topics_done"], status["topics_total"]
    assert out.lines[0].endswith(f"  {done}/{total} topics ({status['percent']:.0f}%)")
    assert set(out.lines[0].split()[0]) == {"█", "░"}  # the overall bar, 30 cells
    header = next(line for line in out.lines if line.startswith("#"))
    # One line a phase at every width: a title too long for its column is cut.
    rows = _rows_between(out.lines, "───", "Next in phase")
    assert len(rows) == len(status["phases"]), rows
    for phase, row in zip(status["phases"], rows, strict=True):
        cells = re.match(r"^(\d) +(.+?) +\d+/\d+ ", row)
        assert cells and cells[1] == str(phase["number"]), row
        assert _shortened(cells[2], phase["title"]), (row, phase["title"])
    if out.wide:  # the bars' column
        assert "Done" in header.split()
        assert out.has_line(r"^0 +Prerequisites & Assessment +6/6 +█████ 100%")
    else:
        assert "Done" not in header.split() and "Topics" in header.split()
        assert out.has_line(r"^2 +Python for Data Science &?… +3/13 ")
    if out.width == 120:
        for phase in status["phases"]:
            assert out.has_line(rf"^{phase['number']} +{re.escape(phase['title'])} ")
    # Each date says which pace it comes from (issue 12, point 3): it was
    # "Projected finish: <schedule's date> (mlpath plan for details)."
    recent, forecast = status["recent_pace"], status["forecast_finish"]
    assert (
        f"Projected finish: {_day(status['finish'])} on the roadmap's schedule (each phase's "
        f"planned hours); {_day(recent['finish'])} at your recent pace "
        f"({recent['hours_per_week']:.1f} h/week)."
    ) in out.flat
    assert f"the roadmap by {_day(forecast['p80'])} (mlpath plan for details)." in out.flat
    week = status["week"]
    assert f"This week: {week['hours']:g} of {week['target']:g} h." in out.flat
    assert "Pace: behind by" in out.flat


def _check_plan(out: Shown, plan: dict[str, Any]) -> None:
    header = next(line for line in out.lines if "Phase" in line)
    assert ("Start" in header) is out.wide
    rows = _rows_between(out.lines, "┡", "└")  # the plan's table, one line a phase
    assert len(rows) == len(plan["phases"]), rows
    for phase, row in zip(plan["phases"], rows, strict=True):
        # dates are never cut, and each phase's row begins with its number and title
        cells = [cell.strip() for cell in row.split("│")[1:-1]]
        assert cells[0] == str(phase["number"]), row
        assert _shortened(cells[1], phase["title"]), (row, phase["title"])
        assert cells[-1] == phase["finish"]
        if out.wide:
            assert cells[-2] == phase["start"]
    assert f"Finish: {_day(plan['finish'])}" in out.flat
    assert "The dates leave out 14 planned break days." in out.flat


def check_plan(out: Shown) -> None:
    _check_plan(out, out.facts["plan"])
    assert out.lines[0].startswith("Plan from 2026-11-25 at each phase's planned hours")


def check_plan_by(out: Shown) -> None:
    plan = out.facts["plan25"]
    _check_plan(out, plan)
    assert out.lines[0].startswith("Plan from 2026-11-25 at 25 h/week")
    assert f"To finish by 2027-12-31: {plan['needed_hours_per_week']:.1f} h/week." in out.flat


def _check_topics(out: Shown, topics: list[dict[str, Any]]) -> None:
    words = out.text.split()
    for t in topics:
        assert t["id"] in words, t["id"]  # whole, never folded nor cut
        assert t["title"].split()[0] in out.text
    # Every column is named; the ids beside the titles, one line a topic, when the
    # titles keep room (cut short if need be); under them otherwise.
    header = [cell.strip() for cell in out.lines[0].split("┃")]
    assert all(header) and header[-1] == "Status", out.lines[0]
    numpy = next(i for i, line in enumerate(out.lines) if "NumPy Mastery" in line)
    if "Title / id" in out.lines[0]:
        assert out.lines[numpy + 1].split()[0] == "numpy"
    else:
        assert header[:2] == ["Id", "Title"]
        assert out.lines[numpy].split()[:2] == ["numpy", "│"]
        rows = [line for line in out.lines[2:] if "│" in line]  # under the header's rule
        assert len(rows) == len(topics), rows
        for t, row in zip(topics, rows, strict=True):
            cells = [cell.strip() for cell in row.split("│")]
            assert cells[0] == t["id"], row
            title = t["title"] + (f" [{t['track']}]" if t["track"] else "")
            shown = cells[1].removesuffix(f" [{t['track']}]") if t["track"] else cells[1]
            assert _shortened(shown, t["title"]) or cells[1] == title, row
    assert ("Kind" in header) is (out.width >= 100)
    if any(t["track"] for t in topics):
        assert "[nlp]" in words  # the track's topics are marked
    # The count line, wrapped at words if need be, ends with what the plan leaves out.
    assert out.flat.endswith(f"{len(topics)} topics · track nlp · {_in_your_plan(out, topics)}")


def _in_your_plan(out: Shown, topics: list[dict[str, Any]]) -> str:
    """What `topics` says of the listed topics' phases: as `status` counts them."""
    if len({t["phase"] for t in topics}) == 1:  # one phase: its own count
        [phase] = [p for p in out.facts["status"]["phases"] if p["number"] == topics[0]["phase"]]
        return f"{phase['topics_total']} topics in your plan"
    left_out = out.facts["status"]["topics_left_out"]
    assert left_out == {"other_tracks": 19, "optional": 12, "in_skipped_phases": 0, "skipped": 0}
    planned = out.facts["status"]["topics_total"]
    return f"{planned} topics in your plan; left out: 19 on other tracks, 12 optional"


def check_topics(out: Shown) -> None:
    _check_topics(out, out.facts["topics"])
    assert ("Title / id" in out.lines[0]) is (out.width < 80)  # the longest id is 34


def check_topics_phase(out: Shown) -> None:
    _check_topics(out, out.facts["topics2"])
    assert "exercise" in out.text.split() or "Kind" not in out.lines[0]


def check_show(out: Shown) -> None:
    assert out.lines[0] == "NumPy Mastery  (numpy)"
    assert "Status: done on 2026-10-28" in out.lines
    assert out.has_line(rf"^\s*{re.escape(LINK)}$|evidence: {re.escape(LINK)}$")
    assert NOTE in out.flat
    assert "Resources:" in out.lines and "Sources:" in out.lines


def check_find(out: Shown) -> None:
    found = out.facts["find"]
    words = out.text.split()
    # Every column is named; each title begins with its status's mark.
    header = out.lines[0].split()
    assert header[:2] in (["Id", "Title"], ["Title", "/"]) and header[-2:] == ["Found", "in"]
    for hit in found:
        assert hit["id"] in words
    mark = {"done": "✓", "doing": "▸", "todo": "·", "skipped": "–"}
    if header[0] == "Id":  # one line a topic, a title cut short if need be
        rows = out.lines[1:-1]
        assert len(rows) == len(found), rows
        for hit, row in zip(found, rows, strict=True):
            name, title = re.split(r"  +", row)[:2]
            assert name == hit["id"], row
            assert _shortened(title, f"{mark[hit['status']]} {hit['title']}"), row
    else:
        for hit in found:
            assert set(hit["title"].split()) <= set(words)  # wrapped, never cut
            assert f"{mark[hit['status']]} {hit['title'].split()[0]}" in out.text
    assert out.lines[-1] == f"{len(found)} topics · mlpath show TOPIC for more"


def check_next(out: Shown) -> None:
    # The learner's topics done weeks ago are overdue for review: they come first.
    assert out.lines[0] == "Reviews overdue"
    assert "↻ Recommended Learning Path (recommended-learning-path) — review," in out.flat
    assert "Phase 1 · Mathematics Foundations" in out.lines
    assert "· Optimisation: Convex, Constrained & Lagrange Multipliers" in out.flat
    assert "(optimisation-theory) — topic, 15 h" in out.flat


def check_hours(out: Shown) -> None:
    weeks = out.facts["hours"]
    assert out.lines[0].startswith("Study hours by week")
    for week in weeks[:-1]:
        assert out.has_line(rf"^│ {week['week_start']} +│")
    assert out.has_line(rf"^│ {weeks[-1]['week_start']} \(now\) │")
    rows = [line for line in out.lines if line.startswith("│ 20")]
    assert len(rows) == len(weeks)  # one line a week: nothing wraps
    header = next(line for line in out.lines if "Week of" in line)
    assert all(cell.strip() for cell in header.split("┃")[1:-1]), header  # each column named
    assert all(("█" in row or "░" in row) is out.wide for row in rows)
    assert "of the last 7 complete weeks reached their target." in out.flat
    assert "were within the roadmap's 20-30 h/week" in out.flat


def check_chart(out: Shown) -> None:
    mondays = [date.fromisoformat(TODAY) - timedelta(days=2, weeks=k) for k in range(12)]
    labels = [m.strftime("%d %b") for m in reversed(mondays)]
    assert [line[:6] for line in out.lines[1:13]] == labels
    assert out.lines[12].endswith(" so far")
    assert set(out.lines[13].strip()) == {"─", "┴"}
    assert out.lines[14].split()[-1] == "h" and "20" in out.lines[14]
    assert out.lines[15] == "█ hours  ┃ week's target  ░░ the plan's 20-30 h/week"
    assert all(cell_len(line) == out.width for line in out.lines[1:13])  # bars fill the width


def check_entries(out: Shown) -> None:
    entries = out.facts["entries"]
    assert out.lines[0].split() == ["#", "Day", "Hours", "Topic", "Note"]
    for entry in entries:
        assert out.has_line(rf"^ *{entry['id']}  {entry['day']} ")
    total = sum(e["hours"] for e in entries)
    assert out.lines[-1] == f"{len(entries)} entries, {total:g} h"


def check_calendar(out: Shown) -> None:
    cal = out.facts["calendar"]
    assert out.lines[0] == "Study days in 2026"
    assert out.lines[1].split()[-3:] == ["Oct", "Nov", "Dec"]
    grid = out.lines[2:9]
    assert [row[:3] for row in grid] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    cell = 2 if out.width >= 115 else 1  # two characters a day on wide terminals
    # Every week of the year on one line: the Monday row runs to 28 Dec, a day of the
    # planned winter break (days still to come show only breaks).
    assert len(grid[0]) == 4 + 52 * cell + 1 and grid[0].endswith("-")
    assert "-" in "".join(grid)  # the summer's break days
    assert out.lines[9].split()[:2] == ["-", "break"]
    assert f"2026: {cal['total_hours']:g} h on {cal['study_days']} study days." in out.flat
    assert "study days" in out.flat and "weeks on target" in out.flat


def check_breaks(out: Shown) -> None:
    assert out.lines[0].split() == ["#", "From", "To", "Days", "When", "Note"]
    assert out.lines[1].split() == ["1", *PAST_BREAK[:2], "14", "past", *PAST_BREAK[2].split()]
    assert out.lines[2].split() == ["2", *NEXT_BREAK[:2], "14", "ahead", *NEXT_BREAK[2].split()]


def check_history(out: Shown) -> None:
    changes = out.facts["history"]
    assert out.lines[0].split() == ["#", "When", "What"]
    for change in changes:
        assert change["summary"] in out.flat
        assert out.has_line(rf"^ *{change['id']}  \d{{4}}-\d\d-\d\d \d\d:\d\d  ")


def check_share(out: Shown) -> None:
    # A Markdown document for GitHub, the same at any width: its table rows are
    # never wrapped, so they may pass a 60-column terminal (they stay within 80).
    assert out.lines[0] == f"## Machine-learning roadmap: progress on {TODAY}"
    rows = [line for line in out.lines if re.match(r"\| \d \|", line)]
    assert len(rows) == 8 and rows[0].startswith("| 0 | Prerequisites & Assessment |")
    assert all(cell_len(line) <= 80 for line in out.lines)
    # At the recent pace, with the forecast: the schedule's date is not what a reader
    # should take away (issue 12, point 3). It was the schedule's date.
    status = out.facts["status"]
    recent = status["recent_pace"]
    assert (
        f"- Projected finish: {_day(recent['finish'])} at the recent pace "
        f"({recent['hours_per_week']:.1f} h/week)"
    ) in out.lines
    forecast = status["forecast_finish"]
    assert f"- Forecast: 80% likely to finish by {_day(forecast['p80'])}" in out.lines


def check_doctor(out: Shown) -> None:
    checks = [
        "file",
        "integrity",
        "schema",
        "roadmap",
        "references",
        "entries",
        "history",
        "backups",
    ]
    assert [line[2:].split()[0] for line in out.lines if line.startswith("✓ ")] == checks
    assert out.lines[-1] == "All good."
    assert "none yet (one is made before each schema upgrade)" in out.flat
    # a detail too long for the line goes on under itself
    assert all(line.startswith(("✓ ", " " * 13, "All good.")) for line in out.lines)


def check_help(out: Shown) -> None:
    assert out.lines[0] == "Usage: mlpath [OPTIONS] COMMAND [ARGS]..."
    for command in ("start", "done", "log", "hours", "calendar", "status", "plan", "share"):
        assert out.has_line(rf"^  {command} +\S")
    assert "Track your way through a 12-18 month machine-learning roadmap." in out.flat


def check_status_help(out: Shown) -> None:
    assert out.lines[0] == "Usage: mlpath status [--json]"
    assert out.has_line(r"^  --json +Print JSON for scripts\.$")
    assert "Progress by phase, this week's hours, and the projected finish." in out.flat


VIEWS: dict[str, tuple[tuple[str, ...], Callable[[Shown], None]]] = {
    "status": (("status",), check_status),
    "plan": (("plan",), check_plan),
    "plan-by": (("plan", "--hours", "25", "--by", "2027-12-31"), check_plan_by),
    "topics": (("topics",), check_topics),
    "topics-phase": (("topics", "--phase", "2"), check_topics_phase),
    "show": (("show", "numpy"), check_show),
    "find": (("find", "regression"), check_find),
    "next": (("next",), check_next),
    "hours": (("hours",), check_hours),
    "chart": (("hours", "--chart"), check_chart),
    "entries": (("hours", "--entries"), check_entries),
    "calendar": (("calendar",), check_calendar),
    "breaks": (("break",), check_breaks),
    "history": (("history",), check_history),
    "share": (("share",), check_share),
    "doctor": (("doctor",), check_doctor),
    "help": (("--help",), check_help),
    "status-help": (("status", "--help"), check_status_help),
}


def _help(args: tuple[str, ...], width: int) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "mlpath", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ | {"COLUMNS": str(width)},
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_view_fits_the_width(learner, year, monkeypatch, view, width):
    args, check = VIEWS[view]
    monkeypatch.setenv("COLUMNS", str(width))
    text = _help(args, width) if "--help" in args else learner(*args).stdout
    out = Shown(text, width, year.facts)
    assert "\x1b" not in text  # NO_COLOR, and stdout is not a terminal
    assert text.strip(), "nothing shown"
    too_wide = [line for line in out.lines if cell_len(line) > width]
    if view == "share" and width < 80:
        too_wide = []  # a document, not a view: see check_share
    assert not too_wide, f"{len(too_wide)} lines wider than {width}:\n" + "\n".join(too_wide)
    check(out)


# --- wide terminals are used ------------------------------------------------------------


def _at(mlpath: Any, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    return mlpath(*args).stdout.rstrip("\n").split("\n")


def test_wider_terminals_get_longer_chart_bars(learner, monkeypatch):
    def longest_bar(width: int) -> int:
        rows = _at(learner, monkeypatch, width, "hours", "--chart")[1:13]
        return max(len(re.sub(r"[^█┃░]", "", row)) for row in rows)

    assert longest_bar(60) < longest_bar(80) < longest_bar(120)


def test_rows_stay_on_one_line_from_80_columns(learner, monkeypatch):
    """From 80 columns on, no row of status, plan, topics or find wraps (a title too
    long for its column is cut); status and plan keep to it at 60 too, where topics
    and find put each id under its title."""
    tables = {  # the table's rows, each as long as its lines
        ("status",): (8, lambda lines: _rows_between(lines, "───", "Next in phase")),
        ("plan",): (7, lambda lines: _rows_between(lines, "┡", "└")),
        ("topics", "--phase", "2"): (13, lambda lines: lines[2:-1]),
        ("find", "regression"): (7, lambda lines: lines[1:-1]),
    }
    for args, (rows, body) in tables.items():
        for width in (80, 120):
            assert len(body(_at(learner, monkeypatch, width, *args))) == rows, (args, width)
        narrow = len(body(_at(learner, monkeypatch, 60, *args)))
        assert narrow == rows if args[0] in ("status", "plan") else narrow > rows, args
