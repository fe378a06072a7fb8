"""`mlpath status` and `mlpath plan`: where the learner stands and when they finish."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from conftest import START, TODAY, dump

TOTAL_HOURS = 1470  # the bundled roadmap's phase budgets, for one track


def _counted(topics):
    return [t for t in topics if t["track"] in (None, "nlp") and not t["optional"]]


def test_status_json_on_a_fresh_start(started, run_json):
    status = run_json("status")
    topics = _counted(run_json("topics"))
    assert status["start_date"] == START and status["track"] == "nlp"
    assert status["hours_per_week"] is None
    assert (status["topics_done"], status["topics_total"]) == (0, len(topics))
    assert status["percent"] == 0 and status["hours_logged"] == 0
    assert status["current_phase"] == 0
    assert [p["state"] for p in status["phases"]] == ["current"] + ["upcoming"] * 7
    assert sum(p["hours_planned"] for p in status["phases"]) == TOTAL_HOURS
    assert status["week"] == {"start": "2026-11-23", "hours": 0, "target": 20}
    assert {
        "number",
        "id",
        "title",
        "topics_done",
        "topics_total",
        "hours_logged",
        "hours_planned",
        "state",
    } <= set(status["phases"][0])


def test_status_follows_progress_and_hours(started, run_json):
    phase0 = run_json("topics", "--phase", "0")
    started("done", *[t["id"] for t in phase0], "--date", "2026-11-10")
    started("done", "linear algebra")
    started("log", "6", "--date", "2026-11-05")  # phase 0 then
    started("log", "4", "--date", "2026-11-24")  # phase 1 now
    started("log", "2", "--topic", "numpy", "--date", "2026-11-24")
    status = run_json("status")
    assert status["current_phase"] == 1
    # Done optional topics are the learner's extras: the count is of the plan's topics.
    assert status["topics_done"] == sum(not t["optional"] for t in phase0) + 1
    assert [p["state"] for p in status["phases"][:3]] == ["done", "current", "upcoming"]
    assert [p["hours_logged"] for p in status["phases"][:3]] == [6, 4, 2]
    assert status["hours_logged"] == 12
    assert status["week"] == {"start": "2026-11-23", "hours": 6, "target": 25}


def test_skipped_phases_show_as_skipped_and_leave_the_totals(mlpath, run_json):
    mlpath("start", "--skip-phase", "0", "--skip-phase", "1")
    status = run_json("status")
    assert [p["state"] for p in status["phases"][:3]] == ["skipped", "skipped", "current"]
    assert status["current_phase"] == 2
    assert status["topics_total"] == sum(p["topics_total"] for p in status["phases"][2:])
    assert [p["number"] for p in run_json("plan")["phases"]] == [2, 3, 4, 5, 6, 7]


def test_status_table_for_people(started, run_json):
    first = run_json("next")[0]["title"]
    started("done", "linear algebra")
    text = started("status").stdout
    assert "1/" in text and "topics" in text
    for title in [
        "Prerequisites & Assessment",
        "Mathematics Foundations",
        "Portfolio Projects & Career Positioning",
    ]:
        assert title in text
    assert f"Next in phase 0: {first}" in text
    assert "This week: 0 of 20 h." in text
    assert "Projected finish:" in text


def test_plan_at_25_hours_a_week(started, run_json):
    plan = run_json("plan", "--hours", "25")
    today = date.fromisoformat(TODAY)
    assert plan["from"] == TODAY and plan["hours_per_week"] == 25
    assert plan["remaining_hours"] == TOTAL_HOURS
    first, second = plan["phases"][:2]
    # 30 h at 25 h/week take 8.4 days: the ninth day, Thursday 3 December
    assert (first["start"], first["finish"]) == (TODAY, "2026-12-03")
    assert second["start"] == "2026-12-03"
    days = math.ceil(TOTAL_HOURS * 7 / 25)
    assert plan["finish"] == (today + timedelta(days=days - 1)).isoformat()
    assert [p["hours_per_week"] for p in plan["phases"]] == [25] * 8
    finishes = [p["finish"] for p in plan["phases"]]
    assert finishes == sorted(finishes)


def test_plan_without_hours_uses_each_phases_own_schedule(started, run_json):
    plan = run_json("plan")
    assert plan["hours_per_week"] is None
    assert [p["hours_per_week"] for p in plan["phases"]] == [20, 25, 25, 25, 30, 30, 25, 20]


def test_marking_a_topic_done_brings_the_finish_closer(started, run_json):
    before = run_json("plan", "--hours", "25")
    started("done", "linear algebra")
    after = run_json("plan", "--hours", "25")
    hours = next(t["hours"] for t in run_json("topics") if t["id"] == "linear-algebra")
    assert after["remaining_hours"] == before["remaining_hours"] - hours
    assert after["finish"] < before["finish"]


def test_plan_from_and_by(started, run_json):
    plan = run_json("plan", "--hours", "25", "--from", "2027-01-04", "--by", "2027-12-31")
    assert plan["phases"][0]["start"] == "2027-01-04"
    days = (date(2027, 12, 31) - date(2027, 1, 4)).days + 1
    assert plan["needed_hours_per_week"] == round(TOTAL_HOURS * 7 / days, 2)
    text = started("plan", "--by", "2027-11-24").stdout
    assert f"To finish by 2027-11-24: {TOTAL_HOURS * 7 / 365:.1f} h/week." in text


def test_plan_shows_the_actual_pace_of_the_last_complete_weeks(started, run_json):
    assert run_json("plan")["actual_pace"] is None
    for day, hours in [
        ("2026-11-03", "12"),
        ("2026-11-04", "10"),
        ("2026-11-10", "15"),
        ("2026-11-24", "5"),
    ]:
        started("log", hours, "--date", day)
    actual = run_json("plan")["actual_pace"]
    pace = (22 + 15 + 0) / 3  # three complete weeks since the start; this week not yet
    assert actual["hours_per_week"] == round(pace, 2)
    days = math.ceil(TOTAL_HOURS * 7 / pace - 1e-9)
    assert actual["finish"] == (date.fromisoformat(TODAY) + timedelta(days=days - 1)).isoformat()
    # Named for the pace it is (issue 12, point 3): it was "At your actual pace".
    assert "At your recent pace (12.3 h/week over the last 3 complete weeks)" in " ".join(
        started("plan").stdout.split()
    )


def test_a_trickle_of_hours_projects_no_actual_pace_rather_than_a_date_centuries_away(
    started, run_json
):
    started("log", "15m", "--date", "2026-11-03")  # 0.08 h/week over three weeks
    report = run_json("plan")
    assert report["actual_pace"] is None
    assert report["phases"]  # the plan at the learner's own pace still stands
    assert "recent pace" not in started("plan").stdout


def test_plan_warns_outside_the_recommended_range(started):
    result = started("plan", "--hours", "15")
    assert "outside the roadmap's recommended 20-30 h/week" in result.stderr
    assert "Finish:" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours", "0"], "more than 0"),
        (["--hours", "-3"], "more than 0"),
        (["--hours", "113"], "more than 112"),
        (["--hours", "0.5"], "less than 1"),
        (["--from", "3026-01-01"], "too far from today"),
        (["--by", "9999-12-31"], "too far from today"),
        (["--hours", "inf"], "more than 0"),
        (["--from", "soon"], "cannot read 'soon' as a date"),
        (["--by", "2026-11-01"], "before the plan starts"),
    ],
)
def test_bad_plan_input(started, db_path, args, message):
    before = dump(db_path)
    assert message in started("plan", *args, code=1).stderr
    assert dump(db_path) == before


# --- pace verdict and streak ---------------------------------------------------------


def test_a_learner_starting_today_is_on_track(mlpath, run_json):
    mlpath("start")  # today, 2026-11-25
    pace = run_json("status")["pace"]
    assert (pace["verdict"], pace["days_late"], pace["phase"]) == ("on track", 0, 0)
    assert "Pace: on track. Phase 0 was planned to end" in mlpath("status").stdout


def test_the_verdict_counts_the_days_lost_and_gained(started, run_json):
    # Started 2026-11-02 at phase 0's 20 h/week: its 30 h were due by 2026-11-12.
    pace = run_json("status")["pace"]
    assert pace["planned_end"] == "2026-11-12"
    assert pace["verdict"] == "behind" and pace["days_late"] == 23  # due again from today
    phase0 = [t["id"] for t in run_json("topics", "--phase", "0")]
    started("done", *phase0)
    phase1 = [t["id"] for t in run_json("topics", "--phase", "1")]
    started("done", *phase1[:-1])  # all but the last topic of phase 1, in three weeks
    pace = run_json("status")["pace"]
    assert pace["phase"] == 1 and pace["verdict"] == "ahead" and pace["days_late"] < -3
    shown = started("status").stdout
    assert f"Pace: ahead by {-pace['days_late']} days. Phase 1 was planned" in shown


def test_status_shows_the_current_streak_of_study_days(started, run_json):
    for day in ("2026-11-20", "2026-11-22", "2026-11-23", "2026-11-24"):
        started("log", "2", "--date", day)
    assert run_json("status")["streak_days"] == 3  # today is not over yet
    assert "Streak: 3 study days in a row, since Sun 22 Nov 2026." in started("status").stdout
    started("break", "--from", "2026-11-21")  # the gap was a planned day off
    assert run_json("status")["streak_days"] == 4
    started("log", "1")  # today
    assert run_json("status")["streak_days"] == 5
