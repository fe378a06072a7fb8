"""`mlpath timer`: a study timer that outlives the terminal and logs its time as `log`
does, one entry a day (issue 19)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
from typer.testing import CliRunner

from conftest import dump, invoke, query

ENTRIES = "SELECT day, hours, topic_id, note FROM entry ORDER BY day, id"


@pytest.fixture(autouse=True)
def _zone(monkeypatch):
    """A zone behind UTC: the timer is stored in UTC, and its days must be local days."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def at(monkeypatch):
    """Set the clock (local time) for the commands that follow."""

    def set_clock(moment: str) -> None:
        monkeypatch.setenv("MLPATH_NOW", moment)

    return set_clock


def test_start_status_and_stop_log_the_time_as_one_entry(started, db_path, at, run_json):
    at("2026-11-25T09:10")
    out = started("timer", "start", "numpy", "--practice").stdout
    assert "Timer started at 2026-11-25 09:10 on NumPy Mastery (numpy), practice." in out
    at("2026-11-25T10:55:59")
    assert "since 2026-11-25 09:10 on NumPy Mastery (numpy), practice: 1 h 45 m so far" in (
        started("timer", "status").stdout
    )
    status = run_json("timer", "status")
    assert status["running"] is True
    assert (status["topic"], status["kind"], status["minutes"]) == ("numpy", "practice", 105)
    out = started("timer", "stop", "--note", "broadcasting").stdout
    assert "Timer stopped after 1 h 45 m" in out
    assert "Logged 1.75 h for 2026-11-25 (entry #1; 1.75 h that day)." in out
    assert query(db_path, ENTRIES) == [("2026-11-25", 1.75, "numpy", "broadcasting")]
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(0,)]
    assert "No timer is running" in started("timer", "status").stdout
    assert run_json("timer", "status")["running"] is False


def test_a_timer_entry_is_a_log_entry_in_the_week(started, at, run_json):
    at("2026-11-25T08:00")
    started("timer", "start")
    at("2026-11-25T10:30")
    stopped = run_json("timer", "stop")
    assert stopped["minutes"] == 150
    assert [(e["day"], e["hours"], e["topic"]) for e in stopped["entries"]] == [
        ("2026-11-25", 2.5, None)
    ]
    assert run_json("hours")[-1]["hours"] == 2.5


def test_a_timer_across_midnight_logs_an_entry_on_each_day(started, db_path, at, run_json):
    at("2026-11-23T22:30")  # local: 03:30 UTC on the 24th
    started("timer", "start", "linear algebra")
    at("2026-11-24T01:15")
    stopped = run_json("timer", "stop")
    assert stopped["minutes"] == 165
    assert query(db_path, ENTRIES) == [
        ("2026-11-23", 1.5, "linear-algebra", None),
        ("2026-11-24", 1.25, "linear-algebra", None),
    ]


def test_a_timer_of_seconds_past_midnight_gives_that_day_nothing(started, db_path, at):
    at("2026-11-23T23:58:30")
    started("timer", "start")
    at("2026-11-24T00:00:20")
    started("timer", "stop")
    assert query(db_path, ENTRIES) == [("2026-11-23", round(1 / 60, 4), None, None)]


def test_a_timer_over_twelve_hours_is_refused_without_yes_and_logged_with_it(started, db_path, at):
    at("2026-11-24T20:00")
    started("timer", "start", "numpy")
    at("2026-11-25T09:30")
    before = dump(db_path)
    error = started("timer", "stop", code=1).stderr
    assert "the timer has run 13 h 30 m since 2026-11-24 20:00, over 12 h" in error
    assert "mlpath timer stop --at TIME" in error and "mlpath timer stop --yes" in error
    assert dump(db_path) == before
    started("timer", "stop", "--yes")
    assert query(db_path, ENTRIES) == [
        ("2026-11-24", 4.0, "numpy", None),
        ("2026-11-25", 9.5, "numpy", None),
    ]


@pytest.mark.parametrize(("answer", "logged"), [("y\n", True), ("n\n", False), ("", False)])
def test_at_a_terminal_a_long_timer_is_asked_about(
    started, db_path, at, monkeypatch, answer, logged
):
    from mlpath.render import timer as view

    at("2026-11-24T08:00")
    started("timer", "start")
    at("2026-11-24T21:00")
    monkeypatch.setattr(view, "interactive", lambda: True)
    result = invoke(CliRunner(), ["timer", "stop"], input=answer)
    assert "The timer has run 13 h 0 m since 2026-11-24 08:00" in result.stderr
    if logged:
        assert result.exit_code == 0, result.output
        assert query(db_path, ENTRIES) == [("2026-11-24", 13.0, None, None)]
    else:
        assert result.exit_code == 1, result.output
        assert "nothing was logged: the timer is still running" in result.stderr
        assert "mlpath timer stop --at TIME" in result.stderr
        assert query(db_path, ENTRIES) == []
        assert query(db_path, "SELECT count(*) FROM study_timer") == [(1,)]


def test_cancel_logs_nothing(started, db_path, at):
    at("2026-11-25T09:00")
    started("timer", "start", "numpy", "--theory")
    at("2026-11-25T11:00")
    out = started("timer", "cancel").stdout
    assert "Cancelled the timer started at 2026-11-25 09:00 on NumPy Mastery" in out
    assert "nothing was logged" in out
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(0,)]
    assert "no timer is running" in started("timer", "cancel", code=1).stderr


def test_undo_of_stop_takes_the_entries_back_and_the_timer_runs_again(
    started, db_path, at, run_json
):
    at("2026-11-24T23:00")
    started("timer", "start", "numpy", "--practice")
    at("2026-11-25T00:30")
    started("timer", "stop")
    assert len(query(db_path, ENTRIES)) == 2
    assert "Undone: timer stop: 1.5 h on numpy (practice)" in started("undo").stdout
    assert query(db_path, ENTRIES) == []
    status = run_json("timer", "status")
    assert (status["running"], status["topic"], status["kind"]) == (True, "numpy", "practice")
    assert status["started_at"].startswith("2026-11-24T23:00")
    at("2026-11-25T01:00")  # the timer ran on meanwhile: stopping it again counts it all
    assert run_json("timer", "stop")["minutes"] == 120


def test_undo_of_start_and_of_cancel(started, db_path, at, run_json):
    at("2026-11-25T09:00")
    started("timer", "start")
    started("undo")
    assert run_json("timer", "status")["running"] is False
    started("timer", "start", "numpy")
    started("timer", "cancel")
    started("undo")
    status = run_json("timer", "status")
    assert (status["running"], status["topic"]) == (True, "numpy")


def test_a_second_timer_is_refused_with_a_hint(started, db_path, at):
    at("2026-11-25T09:00")
    started("timer", "start", "numpy")
    before = dump(db_path)
    at("2026-11-25T09:30")
    error = started("timer", "start", "linear-algebra", code=1).stderr
    assert "a timer is already running on numpy, since 2026-11-25 09:00" in error
    assert "`mlpath timer stop` logs it, `mlpath timer cancel` drops it" in error
    assert dump(db_path) == before


def test_the_timer_outlives_the_process_that_started_it(started, db_path, at):
    at("2026-11-25T09:00")
    started("timer", "start", "numpy")
    env = os.environ | {"MLPATH_NOW": "2026-11-25T09:40"}
    status = subprocess.run(
        [sys.executable, "-m", "mlpath", "timer", "status", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["minutes"] == 40
    stop = subprocess.run(
        [sys.executable, "-m", "mlpath", "timer", "stop"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert stop.returncode == 0, stop.stderr
    assert query(db_path, ENTRIES) == [("2026-11-25", round(40 / 60, 4), "numpy", None)]


NOW = "2026-11-25T09:00"


@pytest.mark.parametrize(
    ("args", "now", "code", "message"),
    [
        (["stop"], NOW, 1, "no timer is running"),
        (["status", "numpy"], NOW, 1, "a topic, --practice and --theory go with"),
        (["start", "--note", "x"], NOW, 1, "--note, --at and --yes go with `timer stop`"),
        (["cancel", "--at", "08:00"], NOW, 1, "--note, --at and --yes go with `timer stop`"),
        (["start", "--practice", "--theory"], NOW, 1, "not both"),
        (["start", "quantum gravity"], NOW, 4, "no topic matches"),
        (["start"], "2026-10-01T09:00", 1, "before your start date"),
        (["start"], "half past nine", 1, "MLPATH_NOW=half past nine is not a date and time"),
        (["pause"], NOW, 2, "'pause'"),
    ],
)
def test_bad_timer_input_is_refused_and_nothing_changes(
    started, db_path, at, args, now, code, message
):
    at(now)
    before = dump(db_path)
    result = started("timer", *args, code=code)
    assert message in result.stderr
    assert dump(db_path) == before


def test_a_timer_of_under_a_minute_logs_nothing(started, db_path, at):
    at("2026-11-25T09:00")
    started("timer", "start")
    at("2026-11-25T09:00:45")
    assert "less than a minute" in started("timer", "stop", code=1).stderr
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(1,)]


def test_a_stop_past_the_days_24_hours_is_refused(started, db_path, at):
    started("log", "23", "--date", "2026-11-24")
    at("2026-11-24T21:00")
    started("timer", "start")
    at("2026-11-24T23:30")
    assert "more than the 24 hours a day has" in started("timer", "stop", code=1).stderr
    assert query(db_path, "SELECT count(*) FROM entry") == [(1,)]
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(1,)]


def test_exports_leave_the_timer_out_and_its_history_still_undoes(
    started, db_path, at, tmp_path, monkeypatch, run_json
):
    at("2026-11-25T08:00")
    started("timer", "start", "numpy", "--theory")
    at("2026-11-25T09:00")
    started("timer", "stop")
    at("2026-11-25T09:30")
    started("timer", "start")  # running when exported
    assert "All good." in started("doctor").stdout  # the records of the timer check out
    backup = tmp_path / "backup.json"
    started("export", "-o", str(backup))
    exported = json.loads(backup.read_text())
    assert not any("timer" in key for key in exported)
    monkeypatch.setenv("MLPATH_DB", str(tmp_path / "new.db"))
    started("import", str(backup))
    assert run_json("timer", "status")["running"] is False
    started("undo")  # the start: no timer here to take away
    assert "Undone: timer stop" in started("undo").stdout
    status = run_json("timer", "status")
    assert (status["running"], status["topic"], status["kind"]) == (True, "numpy", "theory")
    assert query(tmp_path / "new.db", "SELECT count(*) FROM entry") == [(0,)]


def test_a_record_of_a_timer_that_is_not_one_is_not_undone(started, db_path, at):
    at("2026-11-25T08:00")
    started("timer", "start")
    started("timer", "cancel")
    forged = '[{"table": "study_timer", "key": 1, "before": {"kind": "naps", "topic_id": null}}]'
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE change SET rows = ? WHERE summary LIKE 'timer cancel%'", (forged,))
    error = started("undo", code=5).stderr
    assert "cannot be undone" in error and "study_timer 1" in error
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(0,)]


def test_timer_start_completes_topic_names(started):
    env = os.environ | {
        "_MLPATH_COMPLETE": "complete_bash",
        "COMP_WORDS": "mlpath timer start nump",
        "COMP_CWORD": "3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mlpath"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.split() == ["numpy"], result.stderr


def test_a_running_timer_follows_its_topic_through_a_rename(mlpath, db_path, at, tmp_path):
    from test_history_limits import ALPHA2, _roadmap

    roadmap = _roadmap(tmp_path / "mine.yaml")
    mlpath("start", "--roadmap", str(roadmap), "--date", "2026-11-02")
    at("2026-11-25T08:00")
    mlpath("timer", "start", "alpha")
    mlpath("timer", "cancel")
    mlpath("undo")  # running again, on alpha; the cancel's record names alpha
    _roadmap(roadmap, version="2", alpha=ALPHA2)
    mlpath("start", "--roadmap", str(roadmap))
    assert query(db_path, "SELECT topic_id FROM study_timer") == [("alpha2",)]
    at("2026-11-25T09:00")
    mlpath("timer", "stop")
    assert query(db_path, ENTRIES) == [("2026-11-25", 1.0, "alpha2", None)]
    mlpath("undo")  # the stop: the timer comes back on the topic's new id
    assert query(db_path, "SELECT topic_id FROM study_timer") == [("alpha2",)]


def test_stop_at_logs_up_to_the_time_given_without_asking(started, db_path, at):
    at("2026-11-24T19:00")
    started("timer", "start", "numpy")
    at("2026-11-25T09:30")  # left running overnight
    started("timer", "stop", "--at", "yesterday 21:15")
    assert query(db_path, ENTRIES) == [("2026-11-24", 2.25, "numpy", None)]


def test_stop_at_a_clock_time_is_its_latest_one(started, db_path, at):
    at("2026-11-24T22:00")
    started("timer", "start")
    at("2026-11-25T00:40")
    started("timer", "stop", "--at", "23:30")  # not yet today: last night's
    assert query(db_path, ENTRIES) == [("2026-11-24", 1.5, None, None)]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("8:61", "cannot read '8:61' as a time"),
        ("25:00", "cannot read '25:00' as a time"),
        ("soon", "cannot read 'soon' as a time"),
        ("today 23:00", "2026-11-25 23:00 is in the future"),
        ("08:30", "the timer started at 2026-11-25 09:00, later than 2026-11-25 08:30"),
    ],
)
def test_a_bad_stop_time_is_refused(started, db_path, at, when, message):
    at(NOW)
    started("timer", "start")
    at("2026-11-25T10:00")
    before = dump(db_path)
    assert message in started("timer", "stop", "--at", when, code=1).stderr
    assert dump(db_path) == before


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no pseudo-terminals")
@pytest.mark.parametrize(("answer", "logged"), [("y", True), ("n", False)])
def test_in_a_real_terminal_a_long_timer_asks_first(started, db_path, at, answer, logged):
    import pexpect

    at("2026-11-24T07:00")
    started("timer", "start")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mlpath", "timer", "stop"],
        env=env | {"MLPATH_NOW": "2026-11-24T20:00"},
        encoding="utf-8",
        timeout=60,
    )
    try:
        child.expect_exact("Log all of it? [y/N] ")
        child.sendline(answer)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == (0 if logged else 1), child.before
    expected = [("2026-11-24", 13.0, None, None)] if logged else []
    assert query(db_path, ENTRIES) == expected


@pytest.mark.parametrize(
    ("flags", "practice"),
    [(["--practice"], 1), (["--theory"], 0), ([], 0)],  # numpy is a topic: theory
    ids=["practice", "theory", "by its topic's kind"],
)
def test_the_timers_practice_or_theory_goes_to_its_entries(started, db_path, at, flags, practice):
    at("2026-11-24T23:00")
    started("timer", "start", "numpy", *flags)
    at("2026-11-25T01:00")
    started("timer", "stop")
    assert query(db_path, "SELECT day, practice FROM entry ORDER BY day") == [
        ("2026-11-24", practice),
        ("2026-11-25", practice),
    ]
