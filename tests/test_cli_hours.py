"""`mlpath log` and `mlpath hours`: recording study time and comparing it with the plan."""

from __future__ import annotations

import pytest

from conftest import START, TODAY, dump, query


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("3", 3.0),
        ("1.5", 1.5),
        ("1h30m", 1.5),
        ("90min", 1.5),
        ("45m", 0.75),
        ("2h", 2.0),
        ("1:15", 1.25),
    ],
)
def test_log_reads_hours_and_durations(started, db_path, text, hours):
    result = started("log", text)
    assert f"for {TODAY}" in result.stdout
    assert query(db_path, "SELECT day, hours, topic_id, note FROM entry") == [
        (TODAY, hours, None, None)
    ]


def test_log_with_date_topic_and_note(started, db_path):
    result = started(
        "log", "2", "--date", "yesterday", "--topic", "linear algebra", "--note", "eigenvectors"
    )
    assert "on Linear Algebra for 2026-11-24" in result.stdout
    assert query(db_path, "SELECT day, hours, topic_id, note FROM entry") == [
        ("2026-11-24", 2.0, "linear-algebra", "eigenvectors")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["0"], "not a positive amount"),
        (["0m"], "not a positive amount"),
        (["--", "-2"], "'-2' is negative: logging takes no hours back"),
        # Click reads these as unknown options; they are still hours with a minus.
        (["-2h"], "'-2h' is negative: logging takes no hours back"),
        (["-1.5", "--note", "oops"], "'-1.5' is negative"),
        (["abc"], "cannot read 'abc' as a duration"),
        (["1h90m"], "ambiguous"),
        (["25"], "more than the 24 hours a day has"),
        (["2", "--date", "2027-01-01"], "is in the future"),
        (["2", "--date", "someday"], "cannot read 'someday' as a date"),
        (["2", "--date", "Nov 2026"], "'Nov 2026' names no day of the month"),
        (["2", "--date", "2026-10-01"], "before your start date"),
        (["2", "--topic", "quantum gravity"], "no topic matches"),
    ],
)
def test_bad_log_input_is_refused_and_nothing_is_stored(started, db_path, args, message):
    before = dump(db_path)
    result = started("log", *args, code=4 if "--topic" in args else 1)
    assert message in result.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "2", "--nte", "x"], "No such option: --nte"),
        (["hours", "-3"], "No such option: -3"),  # hours takes no number: Click's word stands
    ],
)
def test_other_unknown_options_are_left_to_click(started, db_path, args, message):
    before = dump(db_path)
    result = started(*args, code=2)
    assert message in result.stderr and "Usage: mlpath" in result.stderr
    assert dump(db_path) == before


def test_a_day_holds_at_most_24_hours_across_entries(started, db_path):
    started("log", "20", "--date", "2026-11-20")
    result = started("log", "5", "--date", "2026-11-20", code=1)
    assert "25 h on 2026-11-20" in result.stderr and "20 h are already logged" in result.stderr
    started("log", "4", "--date", "2026-11-20")
    assert query(db_path, "SELECT sum(hours) FROM entry") == [(24.0,)]


def _log_four_weeks(mlpath):
    # start 2026-11-02 (Mon), today 2026-11-25 (Wed); phase 0 plans 20 h a week
    for day, hours in [
        ("2026-11-03", "12"),
        ("2026-11-04", "10"),
        ("2026-11-10", "15"),
        ("2026-11-24", "5"),
    ]:
        mlpath("log", hours, "--date", day)


def test_hours_report_weeks_targets_and_balance(started, run_json):
    _log_four_weeks(started)
    weeks = run_json("hours")
    assert [(w["week_start"], w["hours"], w["target"]) for w in weeks] == [
        ("2026-11-02", 22.0, 20.0),
        ("2026-11-09", 15.0, 20.0),
        ("2026-11-16", 0.0, 20.0),
        ("2026-11-23", 5.0, 20.0),
    ]
    # the running week owes only its first three days: 20 * 3/7
    assert [w["balance"] for w in weeks] == [2.0, -3.0, -23.0, round(-23 + 5 - 60 / 7, 2)]
    assert [w["complete"] for w in weeks] == [True, True, True, False]


def test_hours_table_says_how_many_weeks_were_on_target_and_in_range(started):
    _log_four_weeks(started)
    text = started("hours").stdout
    assert "2026-11-23 (now)" in text
    # Issue 12: "kept to the plan" mixed the week's target with the roadmap's range.
    assert "On target: 1 of the last 3 complete weeks reached their target." in text
    assert "In range: 1 of them were within the roadmap's 20-30 h/week (2 below, 0 above)." in text
    assert len(started("hours", "--weeks", "2", "--json").stdout.split("week_start")) == 3


def test_weekly_target_follows_the_learners_hours(mlpath, run_json):
    mlpath("start", "--date", START, "--hours", "28")
    assert {w["target"] for w in run_json("hours")} == {28.0}
    mlpath("start", "--hours", "21")  # from today, a Wednesday: earlier days keep 28
    assert [w["target"] for w in run_json("hours")] == [28.0, 28.0, 28.0, 23.0]


def test_a_first_partial_week_gets_its_share_of_the_target(mlpath, run_json):
    mlpath("start", "--date", "2026-11-19")  # a Thursday: 4 days of its week
    assert run_json("hours")[0] == {
        "week_start": "2026-11-16",
        "hours": 0.0,
        "target": round(20 * 4 / 7, 2),
        "difference": round(-20 * 4 / 7, 2),
        "balance": round(-20 * 4 / 7, 2),
        "complete": True,
        "study_days": 4,
        "due": round(20 * 4 / 7, 2),
        "on_target": False,
        "in_range": False,
        "theory_hours": 0.0,
        "practice_hours": 0.0,
        "papers_read": 0,
    }


def test_log_reads_a_weekday_as_the_latest_and_counts_days_back(started, db_path):
    started("log", "1", "--date", "monday")  # TODAY is a Wednesday: two days ago
    started("log", "1", "--date", "-1")  # yesterday
    started("log", "1", "--date", "3 days ago")
    assert query(db_path, "SELECT day FROM entry ORDER BY id") == [
        ("2026-11-23",),
        ("2026-11-24",),
        ("2026-11-22",),
    ]


def test_log_refuses_a_date_that_reads_both_ways_and_changes_nothing(started, db_path, monkeypatch):
    monkeypatch.delenv("MLPATH_DATE_ORDER", raising=False)
    before = dump(db_path)
    result = started("log", "1", "--date", "11/02/2026", code=1)
    assert "'11/02/2026' could be 11 February 2026 or 2 November 2026" in result.stderr
    assert dump(db_path) == before
    monkeypatch.setenv("MLPATH_DATE_ORDER", "mdy")
    started("log", "1", "--date", "11/02/2026")
    assert query(db_path, "SELECT day FROM entry") == [("2026-11-02",)]


def test_an_entry_is_shown_exactly_as_logged(started):
    assert started("log", "1.25").stdout.startswith("Logged 1.25 h for 2026-11-25")
    assert started("log", "1h20m").stdout.startswith("Logged 1 h 20 m for 2026-11-25")
    assert "Logged 1 m" in started("log", "1m").stdout


def test_log_refuses_less_than_a_minute_as_it_refuses_nothing(started, db_path):
    for hours in ("0", "0.01"):
        result = started("log", hours, code=1)
        assert "log at least 1m" in result.stderr
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]


def test_an_edit_that_changes_nothing_is_refused_and_not_recorded(started, db_path):
    started("log", "2", "--topic", "numpy")
    before = dump(db_path)
    result = started("log", "--edit", "1", code=1)
    assert "entry #1 already has those values; nothing was changed" in result.stderr
    started("log", "--edit", "1", "2", code=1)  # the same hours: no change either
    assert dump(db_path) == before


def test_an_edit_that_removes_the_topic_says_so(started):
    started("log", "2", "--topic", "numpy")
    said = started("log", "--edit", "1", "--topic", "").stdout
    assert "(no longer on numpy)" in said


def test_hours_logged_on_a_planned_break_day_count_and_it_is_said(started, run_json):
    started("break", "--from", "2026-11-23", "--to", "2026-11-24", "--note", "trip")
    said = started("log", "3", "--date", "2026-11-24").stdout
    assert "2026-11-24 is a planned break day: the hours count" in said
    assert run_json("hours")[-1]["hours"] == 3


def test_one_complete_week_is_told_in_the_singular(mlpath):
    mlpath("start", "--date", "2026-11-16")  # one complete week before TODAY's
    said = " ".join(mlpath("hours").stdout.split())
    assert "On target: 0 of the last complete week reached its target." in said


def test_every_column_of_the_hours_table_has_a_name(started):
    header = next(line for line in started("hours").stdout.splitlines() if "Week of" in line)
    assert header.split("┃")[1:-1] and all(cell.strip() for cell in header.split("┃")[1:-1])
    assert "Against target" in header


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["hours", "--weeks", "0"], "--weeks must be at least 1"),
        (["hours", "--weeks", "1001"], "--weeks must be at most 1000"),
        (["log", "--edit", "0"], "--edit must be at least 1"),
        (["history", "--limit", "0"], "--limit must be at least 1"),
        (["next", "-n", "0"], "--count must be at least 1"),
        (["calendar", "--year", "1900"], "--year must be at least 1990"),
    ],
)
def test_a_number_out_of_range_is_refused_in_plain_words(started, args, said):
    assert f"Error: {said}" in started(*args, code=1).stderr


@pytest.mark.parametrize("command", ["log", "hours", "history", "next", "calendar", "break"])
def test_help_shows_no_range_internals(mlpath, command):
    text = mlpath(command, "--help").stdout
    assert "<=x<=" not in text and "9223372036854775807" not in text
