"""Planning arithmetic: when each remaining phase starts and finishes at a pace."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mlpath.domain.plan import HORIZON_DAYS, Load, PhasePlan, TooSlow, finish, hours_needed, project

MONDAY = date(2026, 1, 5)


def load(remaining: float, per_week: float, number: int = 1) -> Load:
    return Load(
        number=number,
        id=f"phase-{number}",
        title=f"Phase {number}",
        remaining_hours=remaining,
        hours_per_week=per_week,
    )


def loads_at(remainings: list[float], per_week: float) -> list[Load]:
    return [load(r, per_week, i + 1) for i, r in enumerate(remainings)]


def dates(plans: list[PhasePlan]) -> list[tuple[date, date]]:
    return [(p.start, p.finish) for p in plans]


# --- worked examples -------------------------------------------------------------


def test_one_week_of_hours_at_that_pace_finishes_on_the_seventh_day():
    plans = project([load(25, 25)], MONDAY)
    assert dates(plans) == [(MONDAY, date(2026, 1, 11))]


def test_a_fractional_day_rounds_the_finish_up_to_the_day_it_is_done():
    # 30 h at 20 h/week is 10.5 days: done during day 11.
    plans = project([load(30, 20)], MONDAY)
    assert dates(plans) == [(MONDAY, date(2026, 1, 15))]


def test_phases_run_one_after_another():
    # 25 h then 30 h at 20 h/week: 8.75 days, then 10.5 more (19.25 in all).
    plans = project(loads_at([25, 30], 20), MONDAY)
    assert dates(plans) == [
        (MONDAY, MONDAY + timedelta(days=8)),  # done during day 9
        (MONDAY + timedelta(days=8), MONDAY + timedelta(days=19)),  # starts day 9, ends day 20
    ]


def test_a_phase_after_a_whole_number_of_days_starts_the_next_day():
    plans = project(loads_at([25, 25], 25), MONDAY)
    assert dates(plans) == [
        (MONDAY, date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 18)),
    ]


def test_each_phase_keeps_its_own_pace():
    plans = project([load(10, 10, 1), load(20, 20, 2)], MONDAY)
    assert dates(plans) == [
        (MONDAY, date(2026, 1, 11)),
        (date(2026, 1, 12), date(2026, 1, 18)),
    ]


def test_the_plan_keeps_each_load():
    loads = loads_at([5, 6, 7], 10)
    assert [p.load for p in project(loads, MONDAY)] == loads


def test_float_noise_does_not_push_a_finish_a_day_later():
    # 0.1 + 0.2 hours a day's worth each: 0.1*7/0.7 + 0.2*7/0.7 is 3 days, give or take.
    plans = project([load(0.1, 0.7, 1), load(0.2, 0.7, 2)], MONDAY)
    assert plans[-1].finish == MONDAY + timedelta(days=2)


def test_a_phase_with_nothing_left_finishes_where_it_starts():
    plans = project([load(0, 20)], MONDAY)
    assert dates(plans) == [(MONDAY, MONDAY)]


def test_a_phase_with_nothing_left_between_two_others_takes_no_days():
    plans = project(loads_at([25, 0, 25], 25), MONDAY)
    first, empty, last = plans
    assert (first.start, first.finish) == (MONDAY, date(2026, 1, 11))
    assert (last.start, last.finish) == (date(2026, 1, 12), date(2026, 1, 18))
    assert empty.start == empty.finish
    assert first.finish <= empty.start <= last.start


def test_a_last_phase_with_nothing_left_does_not_delay_the_finish():
    # All the work is done on Sunday 11 January; an empty phase after it adds no day.
    plans = project(loads_at([25, 0], 25), MONDAY)
    assert finish(plans) == date(2026, 1, 11)


def test_no_loads_means_no_plan_and_no_finish():
    assert project([], MONDAY) == []
    assert finish([]) is None


def test_finish_is_the_last_phase_finish():
    plans = project(loads_at([25, 30], 20), MONDAY)
    assert finish(plans) == plans[-1].finish == MONDAY + timedelta(days=19)


@pytest.mark.parametrize("per_week", [0, -5])
def test_a_pace_that_is_not_positive_is_refused(per_week):
    with pytest.raises(ValueError, match="positive"):
        project([load(10, per_week)], MONDAY)


def test_hours_needed_spreads_the_hours_over_every_day_including_both_ends():
    # Monday to Sunday is 7 days: 25 hours need 25 hours a week.
    assert hours_needed(25, MONDAY, date(2026, 1, 11)) == pytest.approx(25)
    # 14 days: half the hours each week.
    assert hours_needed(25, MONDAY, date(2026, 1, 18)) == pytest.approx(12.5)


def test_hours_needed_for_a_single_day():
    assert hours_needed(3, MONDAY, MONDAY) == pytest.approx(21)


def test_hours_needed_refuses_a_target_before_the_start():
    with pytest.raises(ValueError):
        hours_needed(25, MONDAY, MONDAY - timedelta(days=1))


def test_hours_needed_pace_lands_exactly_on_the_target_date():
    by = date(2026, 6, 30)
    pace = hours_needed(400, MONDAY, by)
    assert finish(project(loads_at([120, 180, 100], pace), MONDAY)) == by


def test_a_plan_past_the_horizon_is_refused_and_one_just_inside_is_made():
    weeks = HORIZON_DAYS // 7
    assert finish(project([load(weeks * 10, 10)], MONDAY)) <= MONDAY + timedelta(HORIZON_DAYS)
    with pytest.raises(TooSlow, match="outruns a century"):
        project([load(weeks * 10, 10), load(20, 10, 2)], MONDAY)


# --- properties --------------------------------------------------------------------

paces = st.floats(min_value=0.5, max_value=112, allow_nan=False, allow_infinity=False)
# At most 300 h a phase: eight of them at the slowest pace (0.5 h a week) then end
# within plan.HORIZON_DAYS; past it, project raises TooSlow (tested above).
# No subnormal floats (below 1e-308): no roadmap or entry has such hours, and dividing
# them by a week's days loses the precision a finish date is computed from.
remainings = st.floats(
    min_value=0, max_value=300, allow_nan=False, allow_infinity=False, allow_subnormal=False
)
remaining_lists = st.lists(remainings, min_size=1, max_size=8)
starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(remaining_lists, paces, paces, starts)
def test_more_hours_a_week_never_finishes_later(remaining, pace_a, pace_b, start):
    slow, fast = sorted((pace_a, pace_b))
    slow_plan = project(loads_at(remaining, slow), start)
    fast_plan = project(loads_at(remaining, fast), start)
    for s, f in zip(slow_plan, fast_plan, strict=True):
        assert f.start <= s.start
        assert f.finish <= s.finish
    assert finish(fast_plan) <= finish(slow_plan)


@given(st.lists(st.tuples(remainings, paces), min_size=1, max_size=8), st.data(), starts)
def test_a_faster_pace_in_one_phase_never_makes_any_finish_later(phases, data, start):
    loads = [load(r, p, i + 1) for i, (r, p) in enumerate(phases)]
    index = data.draw(st.integers(0, len(loads) - 1), label="phase")
    faster = data.draw(
        st.floats(min_value=loads[index].hours_per_week, max_value=112), label="faster pace"
    )
    sped_up = list(loads)
    sped_up[index] = load(loads[index].remaining_hours, faster, index + 1)
    before, after = project(loads, start), project(sped_up, start)
    for b, a in zip(before, after, strict=True):
        assert a.finish <= b.finish


@given(remaining_lists, paces, st.data(), starts)
def test_marking_a_topic_done_removes_its_hours_and_never_delays(remaining, pace, data, start):
    index = data.draw(st.integers(0, len(remaining) - 1), label="phase")
    estimate = data.draw(st.floats(min_value=0, max_value=remaining[index]), label="topic hours")
    after_remaining = list(remaining)
    after_remaining[index] = remaining[index] - estimate

    before = project(loads_at(remaining, pace), start)
    after = project(loads_at(after_remaining, pace), start)

    total_before = sum(p.load.remaining_hours for p in before)
    total_after = sum(p.load.remaining_hours for p in after)
    assert total_before - total_after == pytest.approx(estimate, abs=1e-6)
    for b, a in zip(before, after, strict=True):
        assert a.start <= b.start
        assert a.finish <= b.finish


@given(st.lists(st.tuples(remainings, paces), min_size=1, max_size=8), starts)
def test_phases_are_in_order_and_each_starts_before_it_finishes(phases, start):
    plans = project([load(r, p, i + 1) for i, (r, p) in enumerate(phases)], start)
    assert len(plans) == len(phases)
    assert plans[0].start == start
    for plan in plans:
        assert start <= plan.start <= plan.finish
    for previous, current in zip(plans, plans[1:], strict=False):
        assert previous.finish <= current.finish
        assert previous.start <= current.start
        # No gap: a phase starts on the day the previous one finished or the day after.
        assert current.start - previous.finish in (timedelta(0), timedelta(days=1))


@given(st.lists(st.tuples(remainings, paces), min_size=1, max_size=8), starts)
def test_finish_matches_the_cumulative_days_formula(phases, start):
    plans = project([load(r, p, i + 1) for i, (r, p) in enumerate(phases)], start)
    elapsed = 0.0
    for plan, (remaining, pace) in zip(plans, phases, strict=True):
        expected_start = start + timedelta(days=math.floor(elapsed + 1e-9))
        elapsed += remaining * 7 / pace
        expected_finish = start + timedelta(days=max(math.ceil(elapsed - 1e-9) - 1, 0))
        # a phase with (next to) nothing left ends with the one before it
        assert plan.start == min(expected_start, expected_finish)
        assert plan.finish == expected_finish


@given(
    remaining_lists,
    starts,
    st.integers(min_value=0, max_value=3 * 365),
)
def test_the_pace_hours_needed_gives_finishes_by_the_target_date(remaining, start, days):
    by = start + timedelta(days=days)
    pace = hours_needed(sum(remaining), start, by)
    assume(pace > 0)
    assert finish(project(loads_at(remaining, pace), start)) <= by


@given(
    st.floats(min_value=0.5, max_value=4000),
    starts,
    st.integers(min_value=0, max_value=3 * 365),
)
def test_a_slower_pace_than_needed_misses_the_target_date(total, start, days):
    by = start + timedelta(days=days)
    pace = hours_needed(total, start, by)
    assert finish(project([load(total, pace * 0.9)], start)) > by
