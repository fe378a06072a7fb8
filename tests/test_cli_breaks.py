"""`mlpath break`: planned days off that count for nothing and against nothing."""

from __future__ import annotations

import pytest

from conftest import query


def test_a_break_is_planned_listed_and_removed(started, db_path, run_json):
    result = started("break", "--from", "2026-12-21", "--to", "2027-01-03", "--note", "holiday")
    assert "Break #1 planned, 2026-12-21 to 2027-01-03 (14 days): holiday." in result.stdout
    started("break", "--from", "2027-03-01")  # one day off
    assert run_json("break") == [
        {"id": 1, "from": "2026-12-21", "to": "2027-01-03", "days": 14, "note": "holiday"},
        {"id": 2, "from": "2027-03-01", "to": "2027-03-01", "days": 1, "note": None},
    ]
    listing = started("break").stdout
    assert "2026-12-21  2027-01-03    14  ahead  holiday" in listing
    assert "Break #2 removed" in started("break", "--delete", "2").stdout
    assert query(db_path, "SELECT id FROM study_break") == [(1,)]
    started("undo")
    assert query(db_path, "SELECT id FROM study_break ORDER BY id") == [(1,), (2,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-12-10", "--to", "2026-12-01"], "ends (2026-12-01) before it begins"),
        (["--from", "2026-12-22", "--to", "2026-12-23"], "overlaps break #1"),
        (["--from", "2026-10-01", "--to", "2026-10-05"], "before your start date"),
        (["--from", "2027-01-01", "--to", "2028-06-01"], "longer than a year"),
        (["--from", "someday"], "cannot read 'someday' as a date"),
        (["--to", "2027-01-01"], "a break needs its first day"),
        (["--delete", "9"], "there is no break #9"),
        (["--delete", "1", "--from", "2027-01-01"], "--delete takes only the break's id"),
        (["--from", "2027-02-01", "--note", "   "], "the note is empty"),
    ],
)
def test_bad_breaks_are_refused_and_change_nothing(started, db_path, args, message):
    started("break", "--from", "2026-12-21", "--to", "2027-01-03")
    result = started("break", *args, code=1)
    assert message in result.stderr
    assert query(db_path, "SELECT first_day, last_day FROM study_break") == [
        ("2026-12-21", "2027-01-03")
    ]


def test_break_days_have_no_target_in_the_weekly_report(started, run_json):
    # START is Monday 2026-11-02; the week of 11-09 had its last three days off.
    started("break", "--from", "2026-11-13", "--to", "2026-11-15")
    started("break", "--from", "2026-11-16", "--to", "2026-11-22")  # a whole week off
    started("log", "10", "--date", "2026-11-10")
    weeks = {w["week_start"]: w for w in run_json("hours")}
    assert weeks["2026-11-02"]["target"] == 20
    assert weeks["2026-11-09"]["target"] == round(20 * 4 / 7, 2)
    assert weeks["2026-11-16"]["target"] == 0
    # On a week wholly on break, no hours are owed: the balance does not move.
    assert weeks["2026-11-16"]["balance"] == weeks["2026-11-09"]["balance"]


def test_a_break_ahead_pushes_the_plan_out_by_its_length(started, run_json):
    before = run_json("plan", "--hours", "25")
    started("break", "--from", "2026-12-21", "--to", "2027-01-03")
    after = run_json("plan", "--hours", "25")
    assert after["break_days"] == 14
    for old, new in zip(before["phases"], after["phases"], strict=True):
        if old["finish"] < "2026-12-21":
            assert new["finish"] == old["finish"]
        else:
            assert _days_between(old["finish"], new["finish"]) == 14
    assert "The dates leave out 14 planned break days." in started("plan", "--hours", "25").stdout


def test_a_break_does_not_drag_the_actual_pace_down(started, run_json):
    # 20 h in each of the three complete weeks, except the one spent on holiday.
    for day in ("2026-11-03", "2026-11-10"):
        started("log", "20", "--date", day)
    pace_with_gap = run_json("plan")["actual_pace"]["hours_per_week"]
    started("break", "--from", "2026-11-16", "--to", "2026-11-22")
    assert pace_with_gap == round(40 / 3, 2)
    assert run_json("plan")["actual_pace"]["hours_per_week"] == pytest.approx(20)


def _days_between(a: str, b: str) -> int:
    from datetime import date

    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def test_a_week_on_break_is_marked_and_not_counted_below_the_plan(started):
    started("break", "--from", "2026-11-16", "--to", "2026-11-22")
    for day in ("2026-11-03", "2026-11-10"):
        started("log", "22", "--date", day)
    shown = started("hours").stdout
    assert "2026-11-16 (break)" in shown
    assert "On target: 2 of the last 2 complete weeks reached their target." in shown
    assert "In range: 2 of them were within the roadmap's 20-30 h/week" in shown
