"""Study hours week by week (ISO weeks, Monday first) against the plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpath.domain.weekly import (
    ABOVE,
    BELOW,
    IN_RANGE,
    Adherence,
    Week,
    actual_pace,
    adherence,
    in_range,
    on_target,
    pace_weeks,
    range_of,
    week_start,
    weekly_report,
    weeks_on_target,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def every(target: float):
    return lambda monday: target


# --- week_start ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, monday",
    [
        ("2026-11-02", "2026-11-02"),  # a Monday is its own week's start
        ("2026-11-04", "2026-11-02"),
        ("2026-11-08", "2026-11-02"),  # Sunday closes the ISO week
        ("2026-11-09", "2026-11-09"),
        ("2027-01-01", "2026-12-28"),  # across a year boundary
    ],
)
def test_week_start_is_the_monday_of_the_iso_week(day, monday):
    assert week_start(d(day)) == d(monday)


@given(st.dates())
def test_week_start_is_a_monday_at_most_six_days_back(day):
    monday = week_start(day)
    assert monday.weekday() == 0
    assert timedelta(0) <= day - monday <= timedelta(days=6)


# --- weekly_report -------------------------------------------------------------------


def test_weekly_report_worked_example():
    # Start on a Wednesday, today is a Wednesday two weeks later; 14 h/week = 2 h a day.
    hours = {
        d("2026-11-04"): 4.0,
        d("2026-11-08"): 2.0,
        d("2026-11-10"): 10.0,
        d("2026-11-15"): 6.0,
        d("2026-11-16"): 3.0,
        d("2026-11-17"): 3.0,
    }
    weeks = weekly_report(
        hours_by_day=hours, start_date=d("2026-11-04"), today=d("2026-11-18"), target_for=every(14)
    )
    assert [w.start for w in weeks] == [d("2026-11-02"), d("2026-11-09"), d("2026-11-16")]
    first, second, current = weeks

    # First week: only Wednesday to Sunday (5 days) are planned.
    assert first.hours == pytest.approx(6)
    assert first.target == pytest.approx(10)
    assert first.balance == pytest.approx(-4)
    assert first.difference == pytest.approx(-4)
    assert first.complete

    assert second.hours == pytest.approx(16)
    assert second.target == pytest.approx(14)
    assert second.balance == pytest.approx(-2)
    assert second.complete

    # The running week: its target is the whole week's, but only Monday to Wednesday
    # (3 days, 6 hours) are due for the balance.
    assert current.hours == pytest.approx(6)
    assert current.target == pytest.approx(14)
    assert current.balance == pytest.approx(-2)
    assert not current.complete


def test_a_monday_does_not_look_a_whole_week_behind():
    weeks = weekly_report(
        hours_by_day={}, start_date=d("2026-11-02"), today=d("2026-11-16"), target_for=every(21)
    )
    # Two complete weeks with nothing logged, then Monday of the third: one day due.
    assert [w.balance for w in weeks] == pytest.approx([-21, -42, -45])
    assert [w.complete for w in weeks] == [True, True, False]


def test_the_current_week_is_not_complete_even_on_its_sunday():
    weeks = weekly_report(
        hours_by_day={}, start_date=d("2026-11-02"), today=d("2026-11-08"), target_for=every(7)
    )
    assert len(weeks) == 1
    assert not weeks[0].complete
    assert weeks[0].balance == pytest.approx(-7)


def test_last_week_is_complete_on_the_next_monday():
    weeks = weekly_report(
        hours_by_day={}, start_date=d("2026-11-02"), today=d("2026-11-09"), target_for=every(7)
    )
    assert [w.complete for w in weeks] == [True, False]


def test_a_start_later_in_the_current_week_has_nothing_due_yet():
    weeks = weekly_report(
        hours_by_day={}, start_date=d("2026-11-06"), today=d("2026-11-04"), target_for=every(14)
    )
    assert len(weeks) == 1
    week = weeks[0]
    assert week.start == d("2026-11-02")
    assert week.target == pytest.approx(6)  # Friday to Sunday: 3/7 of 14
    assert week.balance == pytest.approx(0)


def test_today_in_an_earlier_week_than_the_start_gives_no_weeks():
    weeks = weekly_report(
        hours_by_day={d("2026-11-01"): 2.0},
        start_date=d("2026-11-10"),
        today=d("2026-11-01"),
        target_for=every(14),
    )
    assert weeks == []


def test_each_week_gets_its_own_target():
    asked: list[date] = []

    def target_for(day: date) -> float:
        asked.append(day)
        return 10.0 if day < d("2026-11-09") else 20.0

    weeks = weekly_report(
        hours_by_day={}, start_date=d("2026-11-02"), today=d("2026-11-15"), target_for=target_for
    )
    # Each day is asked for the rate in force on it, so a change can fall mid-week.
    assert asked == [d("2026-11-02") + timedelta(days=i) for i in range(14)]
    assert [w.target for w in weeks] == pytest.approx([10, 20])
    assert [w.balance for w in weeks] == pytest.approx([-10, -30])


def test_a_week_split_by_a_change_of_hours_is_pro_rated_by_days():
    # 25 h/week until Wednesday, 20 h/week from Thursday: 3 days at 25 and 4 at 20.
    weeks = weekly_report(
        hours_by_day={},
        start_date=d("2026-11-02"),
        today=d("2026-11-20"),
        target_for=lambda day: 25.0 if day < d("2026-11-12") else 20.0,
    )
    assert [w.target for w in weeks] == pytest.approx([25, 3 * 25 / 7 + 4 * 20 / 7, 20])
    running = weeks[-1]  # Friday of the third week: five days due at 20 h/week
    assert running.owed == pytest.approx(5 * 20 / 7)


def test_week_difference_is_hours_minus_target():
    week = Week(start=d("2026-11-02"), hours=12.5, target=20.0, balance=0.0, complete=True)
    assert week.difference == pytest.approx(-7.5)


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=70),
    target=st.floats(min_value=1, max_value=112),
    data=st.data(),
)
def test_final_balance_is_hours_logged_minus_the_days_due(start, days, target, data):
    today = start + timedelta(days=days)
    logged = data.draw(
        st.dictionaries(
            st.integers(0, days).map(lambda i: start + timedelta(days=i)),
            st.floats(min_value=0.25, max_value=16),
            max_size=30,
        ),
        label="hours by day",
    )
    weeks = weekly_report(
        hours_by_day=logged, start_date=start, today=today, target_for=every(target)
    )
    assert weeks[0].start == week_start(start)
    assert weeks[-1].start == week_start(today)
    gaps = {b.start - a.start for a, b in zip(weeks, weeks[1:], strict=False)}
    assert gaps <= {timedelta(days=7)}
    assert [w.complete for w in weeks] == [True] * (len(weeks) - 1) + [False]
    assert sum(w.hours for w in weeks) == pytest.approx(sum(logged.values()))
    due = target * (days + 1) / 7
    assert weeks[-1].balance == pytest.approx(sum(logged.values()) - due)


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=70),
    since=st.integers(min_value=-10, max_value=80),
    data=st.data(),
)
def test_weeks_since_a_day_are_the_full_reports_weeks_from_that_day_on(start, days, since, data):
    today = start + timedelta(days=days)
    logged = data.draw(
        st.dictionaries(
            st.integers(-7, days + 7).map(lambda i: start + timedelta(days=i)),
            st.floats(min_value=0.25, max_value=16),
            max_size=30,
        ),
        label="hours by day",
    )
    off = data.draw(st.frozensets(st.integers(0, days).map(lambda i: start + timedelta(days=i))))

    def report(**since_day: date) -> list[Week]:
        return weekly_report(
            hours_by_day=logged,
            start_date=start,
            today=today,
            target_for=every(20),
            breaks=off,
            **since_day,
        )

    full, recent = report(), report(since=start + timedelta(days=since))
    first = week_start(max(start, start + timedelta(days=since)))

    def without_balance(weeks: list[Week]) -> list[tuple]:
        return [(w.start, w.hours, w.target, w.complete, w.days) for w in weeks]

    assert without_balance(recent) == without_balance([w for w in full if w.start >= first])


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=70),
)
def test_logging_the_daily_share_every_day_keeps_the_balance_at_zero(start, days):
    today = start + timedelta(days=days)
    logged = {start + timedelta(days=i): 3.0 for i in range(days + 1)}
    weeks = weekly_report(hours_by_day=logged, start_date=start, today=today, target_for=every(21))
    assert [w.balance for w in weeks] == pytest.approx([0.0] * len(weeks), abs=1e-9)


# --- adherence -----------------------------------------------------------------------


def week(hours: float, complete: bool = True) -> Week:
    return Week(start=d("2026-11-02"), hours=hours, target=25.0, balance=0.0, complete=complete)


def test_adherence_sorts_complete_weeks_into_below_in_range_and_above():
    weeks = [week(10), week(20), week(25), week(30), week(31), week(50), week(0, complete=False)]
    assert adherence(weeks, low=20, high=30) == Adherence(weeks=6, in_range=3, below=1, above=2)


def test_adherence_ignores_the_running_week():
    assert adherence([week(0, complete=False)], low=20, high=30) == Adherence(0, 0, 0, 0)


def test_adherence_of_no_weeks():
    assert adherence([], low=20, high=30) == Adherence(0, 0, 0, 0)


# --- actual_pace ---------------------------------------------------------------------

TODAY = d("2026-11-25")  # a Wednesday; its week began on Monday 2026-11-23


def test_actual_pace_averages_complete_weeks_since_a_monday_start():
    hours = {
        d("2026-11-02"): 10.0,
        d("2026-11-08"): 5.0,  # Sunday of the first week
        d("2026-11-10"): 20.0,
        d("2026-11-22"): 12.0,  # Sunday before today's week
        d("2026-11-23"): 100.0,  # today's week: not complete, not counted
        d("2026-10-30"): 100.0,  # before the start: not counted
    }
    # Weeks of 2, 9 and 16 November: 15 + 20 + 12 = 47 hours over 3 weeks.
    assert actual_pace(hours, start_date=d("2026-11-02"), today=TODAY) == pytest.approx(47 / 3)


def test_actual_pace_skips_the_partial_week_of_a_mid_week_start():
    hours = {d("2026-11-05"): 40.0, d("2026-11-10"): 10.0, d("2026-11-17"): 20.0}
    pace = actual_pace(hours, start_date=d("2026-11-04"), today=TODAY)
    assert pace == pytest.approx(15)  # weeks of 9 and 16 November only


def test_actual_pace_uses_only_the_last_four_complete_weeks():
    start = d("2026-09-07")  # a Monday, many weeks back
    hours = {start + timedelta(days=i): 1.0 for i in range(0, 77)}  # 7 h a week for 11 weeks
    hours[d("2026-10-20")] = 50.0  # five weeks before today's week: outside the window
    hours[d("2026-10-27")] = 8.0  # four weeks back: inside
    assert actual_pace(hours, start_date=start, today=TODAY) == pytest.approx((7 * 4 + 7) / 4)


def test_actual_pace_window_can_be_changed():
    hours = {d("2026-11-16"): 10.0, d("2026-11-09"): 30.0}
    assert actual_pace(hours, start_date=d("2026-11-02"), today=TODAY, weeks=1) == 10
    assert actual_pace(hours, start_date=d("2026-11-02"), today=TODAY, weeks=2) == 20


def test_actual_pace_is_none_without_a_complete_week_since_the_start():
    hours = {d("2026-11-23"): 5.0, d("2026-11-16"): 5.0}
    assert actual_pace(hours, start_date=d("2026-11-17"), today=TODAY) is None


def test_actual_pace_is_none_when_no_hours_were_logged():
    assert actual_pace({}, start_date=d("2026-11-02"), today=TODAY) is None


def test_pace_weeks_are_the_last_complete_ones_passing_over_a_week_on_break():
    start = d("2026-09-07")
    holiday = frozenset(d("2026-11-09") + timedelta(days=i) for i in range(7))
    monday_off = frozenset({d("2026-11-16")})
    assert pace_weeks(start_date=start, today=TODAY, breaks=holiday | monday_off) == [
        (d("2026-11-16"), 6),
        (d("2026-11-02"), 7),
        (d("2026-10-26"), 7),
        (d("2026-10-19"), 7),
    ]
    assert pace_weeks(start_date=d("2026-11-10"), today=TODAY) == [(d("2026-11-16"), 7)]


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=120),
    data=st.data(),
)
def test_actual_pace_needs_no_day_before_its_first_week(start, days, data):
    today = start + timedelta(days=days)
    day = st.integers(-7, days).map(lambda i: start + timedelta(days=i))
    logged = data.draw(st.dictionaries(day, st.floats(0.25, 16), max_size=60), label="hours")
    off = data.draw(st.frozensets(day, max_size=40), label="breaks")
    window = pace_weeks(start_date=start, today=today, breaks=off)
    since = window[-1][0] if window else today
    recent = {day: hours for day, hours in logged.items() if day >= since}
    assert actual_pace(recent, start_date=start, today=today, breaks=off) == actual_pace(
        logged, start_date=start, today=today, breaks=off
    )


def test_adherence_holds_short_weeks_to_their_share_and_break_weeks_to_nothing():
    weeks = [
        Week(d("2026-11-02"), 0.0, 0.0, 0.0, complete=True, days=0),  # wholly on break
        Week(d("2026-11-09"), 12.0, 0.0, 0.0, complete=True, days=4),  # 20-30 h scaled: 11.4-17.1
        Week(d("2026-11-16"), 10.0, 0.0, 0.0, complete=True, days=4),  # below its share
    ]
    assert adherence(weeks, low=20, high=30) == Adherence(weeks=2, in_range=1, below=1, above=0)


# --- on target, in range (issue 12) ---------------------------------------------------


def test_twenty_hours_against_a_target_of_25_are_in_range_but_not_on_target():
    week = Week(d("2026-11-02"), 20.0, 25.0, 0.0, complete=True)
    assert not on_target(week)
    assert in_range(week, 20, 30) and range_of(week, 20, 30) == IN_RANGE
    assert on_target(week._replace(hours=25)) and on_target(week._replace(hours=24.96))
    assert range_of(week._replace(hours=32), 20, 30) == ABOVE and on_target(week._replace(hours=32))
    assert range_of(week._replace(hours=19.9), 20, 30) == BELOW


def test_the_running_week_is_judged_on_its_days_so_far():
    weeks = weekly_report(
        hours_by_day={d("2026-11-23"): 6.0, d("2026-11-24"): 5.0},
        start_date=d("2026-11-02"),
        today=d("2026-11-25"),  # a Wednesday: three days due
        target_for=every(25),
    )
    now = weeks[-1]
    assert (now.target, now.due_days) == (25, 3)
    assert now.owed == pytest.approx(25 * 3 / 7)
    assert on_target(now) and in_range(now, 20, 30)  # 11 h: 20-30 h/week held to 3/7
    assert not on_target(now._replace(hours=10))
    assert [w.owed for w in weeks[:-1]] == [25, 25, 25]


@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=120),
    weekly=st.sampled_from([10.0, 20.0, 25.0, 30.0, 40.0]),
    data=st.data(),
)
def test_on_target_and_in_range_over_a_report(start, days, weekly, data):
    today = start + timedelta(days=days)
    day = st.integers(-3, days).map(lambda i: start + timedelta(days=i))
    logged = data.draw(st.dictionaries(day, st.floats(0.25, 16), max_size=60), label="hours")
    off = data.draw(st.frozensets(day, max_size=30), label="breaks")
    weeks = weekly_report(
        hours_by_day=logged, start_date=start, today=today, target_for=every(weekly), breaks=off
    )
    balance = 0.0
    for w in weeks:
        balance += w.hours - w.owed
        assert w.balance == pytest.approx(balance, abs=1e-6)  # the balance owes what owed says
        assert 0 <= w.owed <= w.target + 1e-9
        if w.complete:
            assert w.owed == pytest.approx(w.target)
        assert on_target(w) is (w.owed > 0 and w.hours >= w.owed - 0.05)
        where = range_of(w, 20, 30)
        assert (where is None) is (w.due_days == 0)
        # A week that reaches a target within the range is never below the range.
        if on_target(w) and weekly >= 20:
            assert where != BELOW
        if on_target(w) is False and weekly <= 20 and w.due_days:
            assert where == BELOW
    counted = adherence(weeks, 20, 30)
    assert counted.in_range + counted.below + counted.above == counted.weeks
    assert counted.in_range == sum(1 for w in weeks if w.complete and in_range(w, 20, 30))
    assert weeks_on_target(weeks) <= counted.weeks
    assert weeks_on_target(weeks) == sum(1 for w in weeks if w.complete and on_target(w))
