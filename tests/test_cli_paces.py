"""Issue 12, points 3, 4 and 5: two paces, each named; forecast ranges; `plan --by`.

The learner: started on 5 January 2026 at 25 h/week, studies Monday to Friday in weeks
of 16, 20, 24 and 20 hours (so any four weeks in a row average 20 h: the recent pace),
took two weeks off in August (a planned break), and has finished topic after topic in
roadmap order, each after 1.25 times its estimated hours; the topic under way has part
of its hours logged.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from conftest import TODAY
from mlpath.render.text import h

START = date(2026, 1, 5)
WEEKS = (16.0, 20.0, 24.0, 20.0)
RATIO = 1.25
PAST_BREAK = (date(2026, 8, 3), date(2026, 8, 16))  # two whole weeks
WEEKS_OF_HISTORY = 46 - 2  # 5 Jan to 22 Nov, the break's weeks left out
NEXT_BREAK = ("2026-12-21", "2027-01-03")


def _year(mlpath, tmp_path, weeks=WEEKS, ratio=RATIO, hours="25"):
    """Import the learner's year (see the module's docstring) with these weeks and ratio."""
    mlpath("start", "--date", START.isoformat(), "--hours", hours)
    order = [
        (t["id"], t["hours"])
        for t in json.loads(mlpath("topics", "--json").stdout)
        if t["track"] in (None, "nlp") and not t["optional"]
    ]
    export = json.loads(mlpath("export").stdout)
    entries, progress = [], []
    current, spent, began = 0, 0.0, START
    day, today = START, date.fromisoformat(TODAY)
    while day < today:
        off = PAST_BREAK[0] <= day <= PAST_BREAK[1]
        left = 0.0 if off or day.weekday() > 4 else weeks[(day - START).days // 7 % len(weeks)] / 5
        while left > 1e-9:  # a day's hours go to topic after topic, each done at its ratio
            topic, estimate = order[current]
            take = min(left, estimate * ratio - spent)
            entries.append((day, take, topic))
            spent, left = spent + take, left - take
            if spent >= estimate * ratio - 1e-9:
                progress.append((topic, "done", began, day))
                current, spent, began = current + 1, 0.0, day
        day += timedelta(days=1)
    progress.append((order[current][0], "doing", began, None))
    moment = "2026-01-05T10:00:00+00:00"
    export["entries"] = [
        {"id": i, "day": d.isoformat(), "hours": h, "topic_id": t, "note": None,
         "created_at": moment}
        for i, (d, h, t) in enumerate(entries, start=1)
    ]  # fmt: skip
    export["progress"] = [
        {"topic_id": t, "status": s, "started_on": a.isoformat(),
         "done_on": d.isoformat() if d else None, "updated_at": moment}
        for t, s, a, d in progress
    ]  # fmt: skip
    export["breaks"] = [
        {"id": 1, "first_day": PAST_BREAK[0].isoformat(), "last_day": PAST_BREAK[1].isoformat(),
         "note": "summer", "created_at": moment}
    ]  # fmt: skip
    source = tmp_path / "year.json"
    source.write_text(json.dumps(export))
    mlpath("import", str(source))
    return mlpath


@pytest.fixture
def year(mlpath, tmp_path):
    return _year(mlpath, tmp_path)


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%a %d %b %Y")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _json(mlpath, *args):
    return json.loads(mlpath(*args, "--json").stdout)


def test_the_year_is_the_one_described(year):
    status, plan = _json(year, "status"), _json(year, "plan")
    assert plan["actual_pace"]["hours_per_week"] == 20  # any four weeks in a row
    assert 3 <= status["current_phase"] <= 4  # about 700 h of estimates done
    assert any(p["credited_hours"] > 0 for p in plan["phases"])  # the topic under way
    assert plan["forecast"]["weeks_of_history"] == WEEKS_OF_HISTORY


# --- point 3: two paces, each named ----------------------------------------------------


def test_status_gives_the_finish_on_the_schedule_and_at_the_recent_pace(year):
    status, plan = _json(year, "status"), _json(year, "plan")
    assert status["recent_pace"] == {"hours_per_week": 20, "finish": plan["actual_pace"]["finish"]}
    assert status["finish"] == plan["finish"]  # on the roadmap's schedule, as before
    text = year("status").stdout
    assert (
        f"Projected finish: {_day(status['finish'])} on the roadmap's schedule (25 h/week); "
        f"{_day(plan['actual_pace']['finish'])} at your recent pace (20 h/week)."
    ) in _flat(text)
    assert "schedule 25 h/week" in text.splitlines()[1]  # the settings line: not a "pace"
    # "your pace" labels nothing: each date says which pace it is at
    for command in ("status", "plan", "share"):
        assert "your pace" not in _flat(year(command).stdout), command


def test_the_verdict_compares_the_baseline_with_the_recent_pace(year):
    status = _json(year, "status")
    pace, current = status["pace"], status["current_phase"]
    at_20 = _json(year, "plan", "--hours", "20")
    projected = next(p["finish"] for p in at_20["phases"] if p["number"] == current)
    assert (pace["at"], pace["phase"], pace["projected_end"]) == ("recent pace", current, projected)
    baseline = next(p["baseline_finish"] for p in at_20["phases"] if p["number"] == current)
    assert pace["planned_end"] == baseline
    assert pace["days_late"] == (date.fromisoformat(projected) - date.fromisoformat(baseline)).days
    assert (
        f"Phase {current} was planned to end {_day(baseline)}; at your recent pace (20 h/week) "
        f"it ends {_day(projected)}."
    ) in _flat(year("status").stdout)


def test_without_four_complete_weeks_the_verdict_is_on_the_schedule_and_says_so(started):
    for day in ("2026-11-03", "2026-11-10", "2026-11-17"):
        started("log", "6", "--date", day)
    status = _json(started, "status")
    assert (status["recent_pace"], status["forecast_finish"]) == (None, None)
    assert status["no_forecast"] == "history"
    assert status["pace"]["at"] == "schedule"
    text = _flat(started("status").stdout)
    assert (
        f"on the roadmap's schedule (each phase's planned hours) it ends "
        f"{_day(status['pace']['projected_end'])}. (Your recent pace counts once there are "
        "4 complete weeks; 3 so far.)"
    ) in text
    assert (
        f"Projected finish: {_day(status['finish'])} on the roadmap's schedule (each phase's "
        "planned hours). See mlpath plan for details."
    ) in text
    plan = _json(started, "plan")
    assert (plan["forecast"], plan["no_forecast"]) == (None, "history")
    shown = _flat(started("plan").stdout)
    assert "At your recent pace (6 h/week over the last 3 complete weeks):" in shown
    assert "No forecast yet: it needs 4 complete weeks since your start (3 so far)." in shown
    card = started("share").stdout
    assert f"- Projected finish: {_day(status['finish'])} on the roadmap's schedule (each" in card


def test_share_gives_the_finish_at_the_recent_pace_and_the_forecast(year):
    plan = _json(year, "plan")
    card = year("share").stdout.splitlines()
    assert (
        f"- Projected finish: {_day(plan['actual_pace']['finish'])} at the recent pace (20 h/week)"
        in card
    )
    assert f"- Forecast: 80% likely to finish by {_day(plan['forecast']['finish']['p80'])}" in card
    assert _day(plan["finish"]) not in "\n".join(card)  # the schedule's date, optimistic


def test_the_calendar_says_which_pace_each_date_is_at(year, tmp_path):
    ics = tmp_path / "plan.ics"
    year("plan", "--ics", str(ics))
    plan, at_20 = _json(year, "plan"), _json(year, "plan", "--hours", "20")
    recent = {p["number"]: p["finish"] for p in at_20["phases"]}
    ranges = {p["number"]: p for p in plan["forecast"]["phases"]}
    events = {
        str(e["uid"]).split(".")[0]: e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    for phase in plan["phases"]:
        text = str(events[phase["id"]]["description"])
        assert text.startswith("Projected by mlpath plan on the roadmap's schedule: ")
        assert f"At your recent pace (20 h/week): {recent[phase['number']]}." in text
        r = ranges[phase["number"]]
        assert (
            f"Forecast from your record: done by {r['p50']} (50%), {r['p80']} (80%), "
            f"{r['p95']} (95%)."
        ) in text


# --- point 4: the forecast ---------------------------------------------------------------


def test_plan_json_gives_the_forecast_of_every_remaining_phase(year):
    plan = _json(year, "plan")
    found = plan["forecast"]
    assert set(found) >= {"weeks_of_history", "estimate_ratio", "finish", "phases"}
    assert found["weeks_of_history"] == WEEKS_OF_HISTORY
    assert found["estimate_ratio"] == RATIO  # every done topic took 1.25 times its estimate
    assert found["runs"] >= 1000
    assert [p["number"] for p in found["phases"]] == [p["number"] for p in plan["phases"]]
    for p in found["phases"]:
        assert TODAY <= p["p50"] <= p["p80"] <= p["p95"]
    last = found["phases"][-1]
    assert found["finish"] == {k: last[k] for k in ("p50", "p80", "p95")}
    assert last["p50"] < last["p95"]  # weeks of 16 to 24 h: a range, not one date
    # 1.25 times the hours left, at 20 h a week: later than the schedule's 25 h a week
    assert last["p50"] > plan["finish"]
    assert plan["no_forecast"] is None


def test_plan_shows_the_forecast_table_and_how_it_was_made(year):
    plan, status = _json(year, "plan"), _json(year, "status")
    text = year("plan").stdout
    assert "Forecast from your record: each phase done by these dates, this likely" in text
    for p in plan["forecast"]["phases"]:
        row = rf"│ {p['number']} │ .*│ {p['p50']} │ {p['p80']} │ {p['p95']} │"
        assert re.search(row, text), (row, text)
    f = plan["forecast"]["finish"]
    flat = _flat(text)
    assert (
        f"The roadmap: 50% likely by {_day(f['p50'])}, 80% by {_day(f['p80'])}, "
        f"95% by {_day(f['p95'])}."
    ) in flat
    assert (
        f"1,000 simulated futures from your {WEEKS_OF_HISTORY} past complete weeks and the "
        f"hours your {status['topics_done']} done topics took against their estimates "
        "(1.25 times, on average)"
    ) in flat


def test_status_shows_the_80_percent_dates_of_the_phase_and_the_roadmap_in_one_line(year):
    status, plan = _json(year, "status"), _json(year, "plan")
    found = plan["forecast"]
    assert status["forecast_finish"] == found["finish"]
    current = status["current_phase"]
    phase = next(p for p in found["phases"] if p["number"] == current)
    lines = [line for line in year("status").stdout.splitlines() if "80% likely" in line]
    assert lines == [  # one line, at 120 columns
        f"Forecast, 80% likely: phase {current} by {_day(phase['p80'])}, the roadmap by "
        f"{_day(found['finish']['p80'])} (mlpath plan for details)."
    ]


def test_every_week_the_same_and_estimates_that_held_give_the_plan_at_that_pace(mlpath, tmp_path):
    """With every week at 20 h and each topic done in its estimate, the forecast is the
    plan at 20 h/week: the same hours left, credit for the topic under way taken off."""
    _year(mlpath, tmp_path, weeks=(20.0,), ratio=1.0)
    plan, at_20 = _json(mlpath, "plan"), _json(mlpath, "plan", "--hours", "20")
    assert plan["forecast"]["estimate_ratio"] == 1.0
    assert sum(p["credited_hours"] for p in at_20["phases"]) > 0
    for ranges, planned in zip(plan["forecast"]["phases"], at_20["phases"], strict=True):
        assert ranges["number"] == planned["number"]
        assert ranges["p50"] == ranges["p80"] == ranges["p95"] == planned["finish"]


def test_a_planned_break_ahead_moves_the_forecast_dates_after_it(year):
    before = _json(year, "plan")["forecast"]["phases"]
    year("break", "--from", NEXT_BREAK[0], "--to", NEXT_BREAK[1])
    after = _json(year, "plan")["forecast"]["phases"]
    moved = 0
    for was, now in zip(before, after, strict=True):
        for key in ("p50", "p80", "p95"):
            day = date.fromisoformat(was[key])
            if day >= date.fromisoformat(NEXT_BREAK[0]):
                day += timedelta(days=14)
                moved += 1
            assert now[key] == day.isoformat()
    assert moved


@pytest.mark.parametrize(
    ("hours", "why", "note"),
    [
        (1.0, "too far", "No forecast: at your recent pace or your average week what is left"),
        (0.08, "too slow", "No forecast: at your recent pace (0.1 h/week) the plan outruns"),
    ],
)
def test_a_trickle_of_hours_gets_a_note_instead_of_a_forecast(mlpath, tmp_path, hours, why, note):
    _year(mlpath, tmp_path, weeks=(hours,))
    status, plan = _json(mlpath, "status"), _json(mlpath, "plan")
    assert (status["forecast_finish"], status["no_forecast"]) == (None, why)
    assert (plan["forecast"], plan["no_forecast"]) == (None, why)
    assert note in _flat(mlpath("status").stdout)
    assert note in _flat(mlpath("plan").stdout)
    if why == "too far":
        assert "takes more than 10 years, too far ahead for a range" in _flat(mlpath("plan").stdout)
    if why == "too slow":  # no date at that pace: the verdict is on the schedule
        assert status["recent_pace"] is None and status["pace"]["at"] == "schedule"
        assert "(There is no date at your recent pace.)" in _flat(mlpath("status").stdout)


def test_plan_help_explains_the_method(mlpath):
    from mlpath.domain.forecast import METHOD

    assert _flat(METHOD) in _flat(mlpath("plan", "--help").stdout)


# --- point 5: plan --by ------------------------------------------------------------------


def test_by_a_day_no_week_can_reach_says_so_and_gives_the_earliest_days(year):
    result = year("plan", "--by", "2026-12-05")
    plan = _json(year, "plan", "--by", "2026-12-05")
    at_30, recent = _json(year, "plan", "--hours", "30"), _json(year, "plan")["actual_pace"]
    needed = plan["needed_hours_per_week"]
    assert needed > 112 and plan["feasible"] is False
    assert plan["earliest"] == {
        "at_range_top": {"hours_per_week": 30, "finish": at_30["finish"]},
        "at_recent_pace": recent,
    }
    assert [p["finish"] for p in plan["phases"]] == [p["finish"] for p in at_30["phases"]]
    assert _flat(result.stdout).startswith(
        f"2026-12-05 cannot be reached: it takes {needed:.1f} h/week, more than the 112 h a "
        "week (16 hours a day, every day) a plan can hold. The earliest you finish: "
        f"{_day(at_30['finish'])} at 30 h/week (the top of the roadmap's 20-30 h/week); "
        f"{_day(recent['finish'])} at your recent pace (20 h/week). The plan at 30 h/week: "
        "Plan from 2026-11-25 at 30 h/week"
    )
    assert "To finish by" not in result.stdout
    assert "Warning: 2026-12-05 cannot be reached" in result.stderr


def test_the_issues_case_a_fresh_learner_asking_for_next_month(started):
    # It answered "To finish by 2026-12-05: 935.5 h/week." and nothing more.
    result = started("plan", "--by", "2026-12-05")
    assert "cannot be reached: it takes 935.5 h/week" in _flat(result.stdout)
    assert "at 30 h/week (the top of the roadmap's 20-30 h/week)." in _flat(result.stdout)
    assert "recent pace" not in result.stdout  # no complete week with hours yet
    plan = _json(started, "plan", "--by", "2026-12-05")
    assert plan["feasible"] is False and plan["earliest"]["at_recent_pace"] is None


def _by_for(mlpath, hours_per_week: float) -> str:
    left = _json(mlpath, "plan")["remaining_hours"]
    days = math.ceil(left * 7 / hours_per_week)
    return (date.fromisoformat(TODAY) + timedelta(days=days - 1)).isoformat()


def test_by_a_day_that_takes_more_than_the_range_warns_and_plans_at_those_hours(year):
    by = _by_for(year, 40)
    result = year("plan", "--by", by)
    plan = _json(year, "plan", "--by", by)
    needed = plan["needed_hours_per_week"]
    assert 39 < needed <= 40 and plan["feasible"] is True and plan["earliest"] is None
    assert {p["hours_per_week"] for p in plan["phases"]} == {needed}
    assert plan["hours_per_week"] == needed and plan["finish"] <= by
    lines = result.stdout.splitlines()
    # The text rounds the hours once, to one decimal; the JSON's two decimals may round
    # the other way (39.745 reads 39.7, its JSON 39.75), so the text is read back.
    said = re.fullmatch(
        rf"To finish by {by}: (\d+\.\d) h/week\. The plan at those hours:", lines[0]
    )
    assert said and abs(float(said[1]) - needed) <= 0.055, lines[0]
    shown = said[1]
    assert lines[1].startswith(f"Plan from {TODAY} at {h(float(shown))} h/week")
    assert f"Finish: {_day(plan['finish'])} at {h(float(shown))} h/week" in _flat(result.stdout)
    assert (
        f"Warning: finishing by {by} takes {shown} h/week, outside the roadmap's "
        "recommended 20-30 h/week."
    ) in _flat(result.stderr)


def test_by_a_day_within_the_range_plans_at_its_hours_without_a_warning(year):
    by = _by_for(year, 24)
    result = year("plan", "--by", by)
    assert result.stderr == ""
    plan = _json(year, "plan", "--by", by)
    assert plan["feasible"] is True and 23 < plan["needed_hours_per_week"] <= 24
    assert plan["basis"] == "needed"
