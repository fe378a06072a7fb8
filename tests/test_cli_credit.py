"""Issue 12, points 1 and 7: hours on open topics count, and progress is told by hours.

The learner of the issue: phase 0 done, 75 hours into the 80-hour Linear Algebra
topic, which is not marked done yet.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest
from icalendar import Calendar

TOTAL_HOURS = 1470  # the bundled roadmap's phase budgets, for one track
PHASE0, PHASE1 = 30, 275
CREDIT = 72  # 75 h on an 80 h topic leave it 8 h: the floor, a tenth of its estimate


@pytest.fixture
def deep_in_linear_algebra(started, run_json):
    phase0 = [t["id"] for t in run_json("topics", "--phase", "0")]
    started("done", *phase0, "--date", "2026-11-06")
    for day in ("03", "05", "10", "12", "17", "19", "24"):
        started("log", "10", "--date", f"2026-11-{day}", "--topic", "linear-algebra")
    started("log", "5", "--topic", "linear-algebra")  # today: 75 h in all
    return started


def _phase(report, number):
    return next(p for p in report["phases"] if p["number"] == number)


def test_plan_credits_the_hours_logged_on_an_open_topic(deep_in_linear_algebra, run_json):
    plan = run_json("plan")
    first = _phase(plan, 1)
    assert first["remaining_hours"] == PHASE1 - CREDIT  # 195 h of other topics and 8 h
    assert first["credited_hours"] == CREDIT
    assert all(p["credited_hours"] == 0 for p in plan["phases"][1:])
    assert plan["remaining_hours"] == TOTAL_HOURS - PHASE0 - CREDIT
    text = deep_in_linear_algebra("plan").stdout
    assert re.search(r"│ 1 │ Mathematics Foundations +│ +203 │ +25 │", text), text
    assert (
        "Credit: 72 h logged on open topics come off the hours left (an open topic keeps "
        "at least 10% of its estimate until it is done)."
    ) in " ".join(text.split())


def test_marking_the_topic_done_moves_the_finish_by_days_not_weeks(
    deep_in_linear_algebra, run_json
):
    before, status_before = run_json("plan"), run_json("status")
    deep_in_linear_algebra("done", "linear-algebra")
    after, status_after = run_json("plan"), run_json("status")
    assert _phase(after, 1)["remaining_hours"] == PHASE1 - 80
    assert _phase(after, 1)["credited_hours"] == 0
    # Only the floor's 8 hours were left: at 25 h a week, two or three days.
    moved = (date.fromisoformat(before["finish"]) - date.fromisoformat(after["finish"])).days
    assert 0 <= moved <= math.ceil(8 * 7 / 25)
    assert status_before["finish"] == before["finish"] and status_after["finish"] == after["finish"]
    late_before, late_after = (s["pace"]["days_late"] for s in (status_before, status_after))
    assert 0 <= late_before - late_after <= math.ceil(8 * 7 / 25)


def test_the_pace_verdict_and_status_use_the_credit(deep_in_linear_algebra, run_json):
    status = run_json("status")
    plan = run_json("plan")
    assert status["pace"]["projected_end"] == _phase(plan, 1)["finish"]
    assert status["finish"] == plan["finish"]
    first = _phase(status, 1)
    assert first["credited_hours"] == CREDIT
    assert first["hours_remaining"] == PHASE1 - CREDIT
    assert first["percent_hours"] == round(100 * CREDIT / PHASE1, 1)


def test_an_overrun_topic_still_has_a_tenth_of_its_estimate_to_go(started, run_json):
    for day in ("03", "04", "05", "06", "09"):
        started("log", "20", "--date", f"2026-11-{day}", "--topic", "linear-algebra")
    assert _phase(run_json("plan"), 0)["credited_hours"] == 0  # phase 0 is still open
    assert _phase(run_json("plan"), 1)["remaining_hours"] == PHASE1 - CREDIT
    assert (
        "Hours: 100 logged of 80 estimated (25% over), 8 h left"
        in started("show", "linear-algebra").stdout
    )


def test_by_and_ics_use_the_credit(deep_in_linear_algebra, run_json, tmp_path):
    plan = run_json("plan", "--hours", "25", "--by", "2027-11-24")
    assert plan["needed_hours_per_week"] == round((TOTAL_HOURS - PHASE0 - CREDIT) * 7 / 365, 2)
    ics = tmp_path / "plan.ics"
    deep_in_linear_algebra("plan", "--ics", str(ics))
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    maths = next(e for e in events if str(e["uid"]).startswith("mathematics."))
    assert "203 h left at 25 h/week" in str(maths["description"])


def test_next_and_show_tell_the_hours_logged_beside_the_estimate(deep_in_linear_algebra, run_json):
    text = deep_in_linear_algebra("next").stdout
    assert "· Linear Algebra (linear-algebra) — topic, 80 h (75 of 80 h logged, 8 h left)" in text
    assert "· Multivariable Calculus (multivariable-calculus) — topic, 75 h\n" in text
    # (after the reviews long overdue, of the topics done in phase 0)
    first, second = [t for t in run_json("next") if "review" not in t][:2]
    assert (first["id"], first["hours_logged"], first["remaining_hours"]) == (
        "linear-algebra",
        75,
        8,
    )
    assert (second["hours_logged"], second["remaining_hours"]) == (0, 75)
    shown = deep_in_linear_algebra("show", "linear-algebra").stdout
    assert "Hours: 75 logged of 80 estimated (94%), 8 h left" in shown
    data = run_json("show", "linear-algebra")
    assert (data["hours_logged"], data["remaining_hours"]) == (75, 8)
    deep_in_linear_algebra("done", "linear-algebra")
    assert (
        "Hours: 75 logged of 80 estimated (94%)\n"
        in deep_in_linear_algebra("show", "linear-algebra").stdout
    )
    assert run_json("show", "linear-algebra")["remaining_hours"] == 0


# --- point 7: progress by hours, and one count of topics --------------------------------


def test_status_shows_the_share_of_the_required_hours_beside_the_topics(
    deep_in_linear_algebra, run_json
):
    status = run_json("status")
    share = round(100 * (PHASE0 + CREDIT) / TOTAL_HOURS, 1)
    assert status["percent_hours"] == share  # 6.9: 30 h done and 72 h of credit
    assert (status["topics_done"], status["percent"]) == (6, round(100 * 6 / 87, 1))
    assert _phase(status, 0)["percent_hours"] == 100
    assert [p["percent_hours"] for p in status["phases"][2:]] == [0] * 6
    head = deep_in_linear_algebra("status").stdout.splitlines()[0]
    assert head.endswith("  7% of the required hours  6/87 topics (7%)")
    card = deep_in_linear_algebra("share").stdout
    assert "- Topics done: 6 of 87 (7%), 7% of the required hours\n" in card


def test_skipped_phases_and_topics_leave_the_share_of_hours(mlpath, run_json):
    mlpath("start", "--skip-phase", "0")
    mlpath("skip", "linear-algebra")
    mlpath("done", "multivariable-calculus")
    status = run_json("status")
    assert status["percent_hours"] == round(100 * 75 / (TOTAL_HOURS - PHASE0 - 80), 1)
    assert _phase(status, 1)["percent_hours"] == round(100 * 75 / (PHASE1 - 80), 1)


LEFT_OUT = "left out: 19 on other tracks, 12 optional"


def test_start_status_and_topics_agree_on_the_topics_and_say_what_is_left_out(mlpath, run_json):
    started = mlpath("start", "--date", "2026-11-02").stdout
    assert "8 phases, 118 topics." in started
    assert "  topics      87 in your plan\n  left out    19 on other tracks, 12 optional\n" in (
        started
    )
    status = run_json("status")
    assert status["topics_total"] == 87 == 118 - 19 - 12
    assert status["topics_left_out"] == {
        "other_tracks": 19,
        "optional": 12,
        "in_skipped_phases": 0,
        "skipped": 0,
    }
    assert f"\n87 topics in your plan; {LEFT_OUT}.\n" in mlpath("status").stdout
    listed = mlpath("topics").stdout.rstrip("\n").splitlines()[-1]
    assert listed == f"99 topics · track nlp · 87 topics in your plan; {LEFT_OUT}"
    everything = mlpath("topics", "--all-tracks").stdout.rstrip("\n").splitlines()[-1]
    assert everything == f"118 topics · track nlp · 87 topics in your plan; {LEFT_OUT}"
    assert len(run_json("topics")) == 99 and len(run_json("topics", "--all-tracks")) == 118


def test_skips_are_counted_as_left_out_everywhere(mlpath, run_json):
    mlpath("start", "--date", "2026-11-02")
    mlpath("skip", "numpy")
    started = mlpath("start", "--skip-phase", "0").stdout
    left_out = "19 on other tracks, 12 optional, 6 in skipped phases, 1 skipped"
    assert f"  topics      80 in your plan\n  left out    {left_out}\n" in started
    assert run_json("status")["topics_total"] == 80
    assert f"\n80 topics in your plan; left out: {left_out}.\n" in mlpath("status").stdout
    phase2 = mlpath("topics", "--phase", "2").stdout.rstrip("\n").splitlines()[-1]
    assert phase2 == "13 topics · track nlp · 12 topics in your plan; left out: 1 skipped"


def test_a_fresh_start_has_no_credit(started, run_json):
    plan = run_json("plan")
    assert {p["credited_hours"] for p in plan["phases"]} == {0}
    assert "Credit:" not in started("plan").stdout
    assert run_json("status")["percent_hours"] == 0
    assert run_json("next")[0]["hours_logged"] == 0
