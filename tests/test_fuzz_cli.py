"""Hostile and random input for every command: mlpath answers with a documented exit
code, never a traceback, and a command that fails leaves the database as it was.

Each test function starts one database (start, a couple of entries, a topic done)
and Hypothesis drives the real CLI in-process against it, example after example;
the examples' successful changes pile up, as a learner's would.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import dump, invoke

DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6}

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no slow "explain" phase
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- strategies --------------------------------------------------------------------
#
# Every value is usually one a learner would type (so commands get past their first
# check and write, and later commands read back what was written), often an edge
# case picked on purpose, and sometimes anything at all.


def _pick(*weighted: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of the strategies, with weights (Hypothesis leans to the first: the usual)."""
    slots = [strategy for weight, strategy in weighted for _ in range(weight)]
    return st.integers(0, len(slots) - 1).flatmap(lambda i: slots[i])


# Any character but NUL (which no command line can carry) and lone surrogates.
_CHARS = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
_SHORT = st.text(_CHARS, max_size=24)
_CONTROL = st.text(
    st.characters(min_codepoint=1, max_codepoint=31)
    | st.sampled_from("\x7f\x85\u202e\u200b\ufeff\u2028"),
    min_size=1,
    max_size=8,
)
_LONG = st.builds(
    lambda piece, n: (piece * n)[:5000],
    st.text(_CHARS, min_size=1, max_size=12),
    st.integers(200, 5000),
)
_DASHED = st.builds(lambda s: "-" + s, _SHORT) | st.sampled_from(
    ["-", "--", "---", "-1", "--x", "-n", "--help=x", "--json"]
)

TEXT = st.one_of(_SHORT, _CONTROL, _LONG, _DASHED)
_HUGE_INTS = st.one_of(
    st.integers(2**62, 2**80),
    st.integers(-(2**80), -(2**62)),
    st.sampled_from([2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**100]),
).map(str)

TOPIC_NAMES = _pick(
    (
        4,
        st.sampled_from(
            [
                "numpy",
                "pandas",
                "linear-algebra",
                "Linear Algebra",
                "LINEAR ALGEBRA",
                "ear alg",
                "transformers-attention",
                "rag",
                "multivariable",
            ]
        ),
    ),
    (
        1,
        st.sampled_from(
            [
                "linear",
                "lineer algebra",
                "a",
                "%",
                "_",
                "' OR 1=1 --",
                "numpy; DROP TABLE entry",
                "",
                " ",
            ]
        ),
    ),
    (1, TEXT),
)

NUMBERS = _pick(
    (4, st.sampled_from(["0.05", "0.5", "1", "1.5", ".25", "2h", "1h30m", "90min", "45m", "1:15"])),
    (
        2,
        st.sampled_from(
            [
                "0",
                "-0",
                "-1",
                "0.0",
                "00",
                "24",
                "25",
                "112",
                "113",
                "1e3",
                "1e309",
                "-1e309",
                "1e-309",
                "1e-300",
                "0.0001",
                "0.0000001",
                "nan",
                "NaN",
                "-nan",
                "inf",
                "-inf",
                "Infinity",
                "99999999999999999999",
                "999999h",
                "999999:59",
                "1:60",
                "0x10",
                "1_000",
                "١٢",
                "１２",
                "½",
                "5.",
                "1,5",
                " 3 ",
                "3\n",
            ]
        ),
    ),
    (1, _HUGE_INTS),
    (1, st.floats(allow_nan=True, allow_infinity=True).map(repr)),
    (1, TEXT),
)

WEEKLY = _pick(
    (3, st.sampled_from(["20", "25", "30", "22.5", "1", "112", "0.5"])),
    (1, st.sampled_from(["0.001", "0.0001", "1e-9", "1e-300", "5e-324", "112.0001", "1e2"])),
    (1, st.floats(min_value=0, max_value=113, allow_subnormal=True).map(repr)),
    (1, NUMBERS),
)

_PAST_DAYS = st.integers(0, 23).map(lambda n: date.fromordinal(date(2026, 11, 2).toordinal() + n))

DATES = _pick(
    (
        4,
        st.one_of(
            _PAST_DAYS.map(date.isoformat), st.sampled_from(["today", "yesterday", "3 Nov 2026"])
        ),
    ),
    (
        2,
        st.sampled_from(
            [
                "2026-11-26",
                "tomorrow",
                "2026-02-30",
                "2026-13-01",
                "0001-01-01",
                "0001-01-02",
                "9999-12-31",
                "9999-12-25",
                "10000-01-01",
                "1900-01-01",
                "1970-01-01",
                "March 3",
                "25/11/2026",
                "2026-W48",
                "20261125",
                "0",
                "-1",
                "99999999999999999999",
                "now",
                "2026-11-25T23:59:59",
                "2026-11-25 25:00",
                "29 Feb 2025",
                " ",
                "",
            ]
        ),
    ),
    (1, st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)),
    (1, TEXT),
)

IDS = _pick(
    (3, st.integers(1, 8).map(str)),
    (1, st.sampled_from(["0", "-1", "1.5", "one", "", "9223372036854775807"])),
    (2, _HUGE_INTS),
    (1, TEXT),
)

INTS = _pick(
    (3, st.integers(1, 10).map(str)),
    (
        1,
        st.sampled_from(
            ["0", "-1", "1e3", "nan", "2.5", "50", "51", "1000", "1001", "10000", "10001"]
        ),
    ),
    (1, _HUGE_INTS),
    (1, TEXT),
)

TRACKS = _pick(
    (3, st.sampled_from(["nlp", "cv", "rl", "causal"])),
    (1, st.sampled_from(["NLP", "", "vision"])),
    (1, TEXT),
)

NOTES = st.one_of(
    TEXT, st.sampled_from(["chain rule", "", "--", "%s %d {0}", "[bold]x[/]", "\x1b[31mred"])
)


def _option(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [name, v]))


def _flag(name: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [name]])


@st.composite
def _command(
    draw: Any,
    name: str,
    positionals: st.SearchStrategy[list[str]],
    *options: st.SearchStrategy[list[str]],
) -> list[str]:
    given_options = [part for option in options for part in draw(option)]
    given_positionals = draw(positionals)
    if given_positionals and draw(st.booleans()):
        # "--" lets positionals that start with '-' through to the command itself
        return [name, *given_options, "--", *given_positionals]
    return [name, *given_positionals, *given_options]


def _some(values: st.SearchStrategy[str], low: int = 0, high: int = 1) -> Any:
    return st.lists(values, min_size=low, max_size=high)


NOTHING = st.one_of(st.just([]), st.just([]), st.just([]), _some(TEXT, 1, 1))  # a stray argument

TOPIC_STATE = st.one_of(
    _command("done", _some(TOPIC_NAMES, 1, 3), _option("--date", DATES)),
    _command("doing", _some(TOPIC_NAMES, 1, 3), _option("--date", DATES)),
    _command("undone", _some(TOPIC_NAMES, 1, 3)),
    _command("skip", _some(TOPIC_NAMES, 1, 3)),
    _command("done", _some(TOPIC_NAMES, 0, 0)),  # no topic at all
)

LOG = _command(
    "log",
    _pick((3, _some(NUMBERS, 1, 1)), (1, _some(NUMBERS, 0, 2))),
    _option("--date", DATES),
    _option("--topic", TOPIC_NAMES),
    _option("--note", NOTES),
)

LOG_EDIT_DELETE = st.one_of(
    _command(
        "log",
        _some(NUMBERS, 0, 1),
        _option("--edit", IDS).filter(bool),
        _option("--date", DATES),
        _option("--topic", st.one_of(st.just(""), TOPIC_NAMES)),
        _option("--note", NOTES),
    ),
    _command(
        "log",
        _pick((3, st.just([])), (1, _some(NUMBERS, 1, 1))),
        _option("--delete", IDS).filter(bool),
    ),
    _command("log", _some(NUMBERS, 0, 1), _option("--edit", IDS), _option("--delete", IDS)),
    _command("undo", NOTHING),
)

REPORTS = st.one_of(
    _command("hours", NOTHING, _option("--weeks", INTS), _flag("--entries"), _flag("--json")),
    _command("status", NOTHING, _flag("--json")),
    _command(
        "plan",
        NOTHING,
        _option("--hours", WEEKLY),
        _option("--from", DATES),
        _option(
            "--by",
            _pick((1, st.sampled_from(["2027-06-01", "2028-01-01", "2030-12-31"])), (1, DATES)),
        ),
        _flag("--json"),
    ),
    _command(
        "topics",
        NOTHING,
        _option("--phase", _pick((1, st.integers(0, 7).map(str)), (1, INTS))),
        _flag("--todo"),
        _flag("--all-tracks"),
    ),
    _command("show", _pick((3, _some(TOPIC_NAMES, 1, 1)), (1, _some(TEXT, 0, 2))), _flag("--json")),
    _command(
        "find",
        _pick(
            (1, st.sampled_from([["attention"], ["linear", "algebra"], ["numpy"]])),
            (1, _some(TEXT, 0, 2)),
        ),
    ),
    _command("next", NOTHING, _option("-n", INTS)),
    _command("hours", NOTHING, _flag("--chart"), _option("--weeks", INTS)),
    _command("calendar", NOTHING, _option("--year", INTS), _flag("--json")),
    _command("share", NOTHING, _option("--format", st.sampled_from(["markdown", "svg", "pdf"]))),
    _command("history", NOTHING, _option("--limit", INTS)),
)

LINKS = _pick(
    (3, st.sampled_from(["https://github.com/ada/numpy", "http://example.org/a?b=c#d"])),
    (1, st.sampled_from(["https://", "ftp://x.org", "javascript:alert(1)", "README.md", "~"])),
    (1, TEXT),
)
AHEAD = _pick(
    (2, DATES),
    (2, st.sampled_from(["2026-12-24", "2027-01-01", "2027-06-30", "next monday"])),
)

JOURNAL_AND_BREAKS = st.one_of(
    _command(
        "note",
        st.builds(lambda t, n: t + n, _some(TOPIC_NAMES, 0, 1), _some(NOTES, 0, 2)),
        _option("--date", DATES),
    ),
    _command("done", _some(TOPIC_NAMES, 1, 2), _option("--link", LINKS), _option("--date", DATES)),
    _command(
        "break",
        NOTHING,
        _option("--from", AHEAD),
        _option("--to", AHEAD),
        _option("--note", NOTES),
        _option("--delete", IDS),
        _flag("--json"),
    ),
)

START_AGAIN = _command(
    "start",
    NOTHING,
    _option("--hours", WEEKLY),
    _option("--track", TRACKS),
    _option("--date", DATES),
)

ANY_COMMAND = st.one_of(TOPIC_STATE, LOG, LOG_EDIT_DELETE, JOURNAL_AND_BREAKS, REPORTS, START_AGAIN)

# --- the property ------------------------------------------------------------------


WRITES = {"done", "doing", "undone", "skip", "log", "undo", "start", "note", "break"}
# What a learner reads after a change: stored notes, topics, dates and settings come
# back out through every report.
READ_BACK = [["hours", "--entries"], ["history", "--limit", "5"], ["status"], ["show", "numpy"]]


@pytest.fixture
def check(started: Callable[..., Any], db_path: Path) -> Callable[..., None]:
    """A started database with a little history, and the check every call must pass.

    The database is made once per test function; each example starts from a copy of
    it, so that an example fails on its own and Hypothesis can replay and shrink it.
    """
    for day, hours in [("2026-11-03", "2"), ("2026-11-05", "1h30m"), ("2026-11-10", "3")]:
        started("log", hours, "--date", day, "--topic", "numpy", "--note", f"arrays {day}")
    started("log", "45m", "--date", "2026-11-24")
    started("done", "linear algebra")
    started("doing", "multivariable")
    baseline = db_path.read_bytes()
    runner = CliRunner()

    def call(args: list[str]) -> Any:
        result = invoke(runner, args)
        details = (
            f"mlpath {args!r} exited {result.exit_code}\n"
            f"output:\n{result.output[:3000]}\nexception: {result.exception!r}"
        )
        # An exception the CLI let escape shows in CliRunner as exit 1, not 70.
        assert result.exception is None or isinstance(result.exception, SystemExit), details
        assert result.exit_code in DOCUMENTED_EXIT_CODES, details
        assert "Traceback" not in result.output, details
        return result, details

    def run(*commands: list[str]) -> None:
        db_path.write_bytes(baseline)
        for args in commands:
            before = dump(db_path)
            result, details = call(args)
            if result.exit_code != 0:
                assert dump(db_path) == before, "a failing command changed the data\n" + details
            elif args[0] in WRITES and "--help" not in args:
                for reading in READ_BACK:
                    after, details = call(reading)
                    assert after.exit_code == 0, f"after mlpath {args!r}:\n{details}"

    return run


@FUZZ
@given(args=TOPIC_STATE)
def test_fuzz_done_doing_undone_skip(check, args):
    check(args)


@FUZZ
@given(args=LOG)
def test_fuzz_log(check, args):
    check(args)


@settings(FUZZ, max_examples=60)
@given(args=LOG_EDIT_DELETE)
@example(args=["log", "--edit", "9223372036854775808", "1"])  # 2**63: past SQLite's integers
@example(args=["log", "--delete", "-9223372036854775809"])
def test_fuzz_log_edit_delete_undo(check, args):
    check(args)


@settings(FUZZ, max_examples=60)
@given(args=JOURNAL_AND_BREAKS)
def test_fuzz_note_link_break(check, args):
    check(args)


@settings(FUZZ, max_examples=100)  # reads are quick
@given(args=REPORTS)
@example(args=["plan", "--hours", "0.0001"])  # would finish after the year 9999
@example(args=["plan", "--hours", "1e-300"])
@example(args=["plan", "--from", "9999-01-01"])
def test_fuzz_reports(check, args):
    check(args)


@settings(FUZZ, max_examples=25)  # each start reloads the roadmap: the slowest command
@given(args=START_AGAIN)
@example(args=["start", "--hours", "0.001"])  # once stored, it broke status and plan
def test_fuzz_start_again(check, args):
    check(args)


@settings(FUZZ, max_examples=30)
@given(commands=st.lists(ANY_COMMAND, min_size=1, max_size=4))
def test_fuzz_any_sequence_of_commands(check, commands):
    check(*commands)
