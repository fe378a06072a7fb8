"""Forecast ranges from the learner's own record: a Monte Carlo over past weeks and estimates."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlpath.domain.breaks import break_days
from mlpath.domain.forecast import (
    LIKELIHOODS,
    METHOD,
    MIN_RECORD,
    MIN_WEEKS_OF_HISTORY,
    RUNS,
    Finish,
    Forecast,
    PhaseWork,
    estimate_ratios,
    forecast,
)
from mlpath.domain.model import Break
from mlpath.domain.plan import HORIZON_DAYS, Load, TooSlow, project

MONDAY = date(2026, 1, 5)
SRC = Path(__file__).resolve().parents[1] / "src"


def work(*phases: list[float]) -> list[PhaseWork]:
    return [PhaseWork(i + 1, tuple(hours)) for i, hours in enumerate(phases)]


def run(phases, weeks, record=(), start=MONDAY, breaks=frozenset()) -> Forecast:
    result = forecast(phases, past_weeks=weeks, record=record, start=start, breaks=breaks)
    assert result is not None
    return result


def plan_finishes(phases, per_week, start, off) -> list[date | None]:
    """plan.project's finish of each phase at `per_week`, None past its horizon."""
    loads = [
        Load(p.number, f"p{p.number}", f"Phase {p.number}", math.fsum(p.topic_hours), per_week)
        for p in phases
    ]
    finishes: list[date | None] = []
    for count in range(1, len(loads) + 1):
        try:
            finishes.append(project(loads[:count], start, off)[-1].finish)
        except TooSlow:
            finishes.append(None)
    return finishes


def triple(finish: Finish) -> tuple[date | None, ...]:
    return (finish.p50, finish.p80, finish.p95)


def later_or_equal(a: date | None, b: date | None) -> bool:
    """a >= b, where None (past the horizon) is later than any date."""
    return a is None or (b is not None and a >= b)


# --- worked examples -------------------------------------------------------------


def test_fewer_than_four_complete_weeks_give_no_forecast():
    phases = work([10.0, 20.0])
    assert MIN_WEEKS_OF_HISTORY == 4
    assert forecast(phases, past_weeks=[20, 20, 20], record=[], start=MONDAY) is None
    assert forecast(phases, past_weeks=[20, 20, 20, 20], record=[], start=MONDAY) is not None


def test_nothing_left_to_do_gives_no_forecast():
    assert forecast([], past_weeks=[20] * 8, record=[], start=MONDAY) is None


def test_every_week_at_the_same_hours_is_the_plan_at_that_pace():
    # 25 h then 30 h at 20 h/week: the plan's worked example (day 9, then day 20).
    result = run(work([10.0, 15.0], [30.0]), [20.0] * 6)
    day9, day20 = MONDAY + timedelta(days=8), MONDAY + timedelta(days=19)
    assert [(p.number, triple(p.finish)) for p in result.phases] == [
        (1, (day9, day9, day9)),
        (2, (day20, day20, day20)),
    ]
    assert result.finish == result.phases[-1].finish
    assert (result.weeks_of_history, result.estimate_ratio, result.runs) == (6, 1.0, RUNS)


def test_the_dates_are_the_shares_of_the_runs_finished_by_then():
    # Three weeks in four had 20 h, one had none. A 20-hour phase is done in the first
    # week with 20 h: in week 1 for 3/4 of the runs, by week 2 for 15/16, by week 3 for 63/64.
    result = run(work([20.0]), [0.0, 20.0, 20.0, 20.0])
    end_of_week = [MONDAY + timedelta(days=7 * k + 6) for k in range(4)]
    assert result.finish.p50 == end_of_week[0]
    assert result.finish.p80 == end_of_week[1]
    assert result.finish.p95 in end_of_week[1:3]


def test_more_than_256_past_weeks_are_all_drawn_from():
    # The same record as above, repeated: 300 weeks take the other way of drawing.
    result = run(work([20.0]), [0.0, 20.0, 20.0, 20.0] * 75)
    assert result.weeks_of_history == 300
    assert result.finish.p50 == MONDAY + timedelta(days=6)
    assert result.finish.p80 == MONDAY + timedelta(days=13)


def test_the_estimate_ratio_scales_the_remaining_hours():
    # Every done topic took twice its estimate: 30 h left are 60 h, three weeks at 20 h.
    record = [(10.0, 20.0), (4.0, 8.0), (25.0, 50.0)]
    result = run(work([10.0, 20.0]), [20.0] * 5, record=record)
    assert result.estimate_ratio == 2.0
    assert triple(result.finish) == (MONDAY + timedelta(days=20),) * 3


def test_the_estimate_ratio_is_the_mean_of_the_record_and_1_below_three_topics():
    assert MIN_RECORD == 3
    phases, weeks = work([10.0]), [10.0] * 4
    # Topics without logged hours (or without an estimate) are not in the record.
    two = [(10.0, 15.0), (10.0, 5.0), (8.0, 0.0), (0.0, 3.0)]
    assert estimate_ratios(two) == []
    assert run(phases, weeks, record=two).estimate_ratio == 1.0
    three = [(10.0, 15.0), (10.0, 5.0), (4.0, 6.0)]
    assert estimate_ratios(three) == [1.5, 0.5, 1.5]
    # An estimate of next to nothing gives no ratio to draw from.
    assert estimate_ratios([*three[:2], (1e-320, 5.0)]) == []
    assert run(phases, weeks, record=three).estimate_ratio == pytest.approx(3.5 / 3)


def test_a_record_of_mixed_ratios_spreads_the_dates():
    # Half the topics took half their estimate, half took one and a half: ten 10-hour
    # topics need 100 h on average, so the 50% date is near five weeks at 20 h.
    record = [(10.0, 5.0), (10.0, 15.0)] * 3
    result = run(work([10.0] * 10), [20.0] * 4, record=record)
    assert result.estimate_ratio == 1.0
    p50, p80, p95 = triple(result.finish)
    assert p50 < p95
    assert abs((p50 - (MONDAY + timedelta(days=34))).days) <= 2


def test_a_planned_break_moves_the_later_dates_by_its_days():
    phases, weeks = work([20.0], [40.0]), [20.0] * 4
    plain = run(phases, weeks)
    holiday = break_days([Break(MONDAY + timedelta(days=14), MONDAY + timedelta(days=27))])
    paused = run(phases, weeks, breaks=holiday)
    assert triple(paused.phases[0].finish) == triple(plain.phases[0].finish)  # before it
    assert triple(paused.finish) == tuple(d + timedelta(days=14) for d in triple(plain.finish))


def test_no_hours_at_all_never_finishes_and_returns_at_once():
    result = run(work([10.0], [0.0]), [0.0] * 8)
    assert [triple(p.finish) for p in result.phases] == [(None, None, None)] * 2


def test_a_phase_with_nothing_left_finishes_on_day_one():
    result = run(work([0.0], [], [7.0]), [0.0, 0.0, 0.0, 0.0])
    assert triple(result.phases[0].finish) == (MONDAY,) * 3
    assert triple(result.phases[1].finish) == (MONDAY,) * 3
    assert triple(result.phases[2].finish) == (None,) * 3


def test_a_phase_past_the_horizon_is_none_and_the_ones_before_keep_their_dates():
    # At 0.5 h/week a century holds about 2,614 h: the first phase fits, the second not.
    phases = work([1000.0], [2000.0])
    result = run(phases, [0.5] * 4)
    assert plan_finishes(phases, 0.5, MONDAY, frozenset()) == [
        result.phases[0].finish.p50,
        None,
    ]
    assert result.phases[0].finish.p95 is not None
    assert triple(result.finish) == (None, None, None)
    assert HORIZON_DAYS == 100 * 366


def test_a_horizon_reached_by_some_runs_only_leaves_the_later_quantiles_none():
    # Weeks of 0 or 1 h (0.75 h on average, 0.43 h apart): a century of study days
    # holds 3,921 h give or take 31, so about two runs in three finish 3,909 h in it.
    result = run(work([600.0], [3309.0]), [0.0, 1.0, 1.0, 1.0])
    first, second = result.phases
    assert None not in triple(first.finish)
    assert second.finish.p50 is not None
    assert second.finish.p50 > MONDAY + timedelta(days=HORIZON_DAYS - 366)
    assert (second.finish.p80, second.finish.p95) == (None, None)
    # The same hours in one phase: a run past the horizon has no date for any phase.
    alone = run(work([3909.0]), [0.0, 1.0, 1.0, 1.0])
    assert alone.finish.p50 is not None
    assert (alone.finish.p80, alone.finish.p95) == (None, None)


@pytest.mark.parametrize(
    "weeks, topics",
    [([20.0, -1.0, 20.0, 20.0], [5.0]), ([20.0, math.nan, 20.0, 20.0], [5.0])],
)
def test_hours_that_are_not_a_finite_positive_number_are_refused(weeks, topics):
    with pytest.raises(ValueError):
        forecast(work(topics), past_weeks=weeks, record=[], start=MONDAY)
    with pytest.raises(ValueError):
        forecast(work([-1.0]), past_weeks=[20.0] * 4, record=[], start=MONDAY)


def test_the_same_data_give_the_same_forecast_in_another_process():
    # The seed is derived from the data, never from hash(), which differs per process.
    code = (
        "from datetime import date\n"
        "from mlpath.domain.forecast import PhaseWork, forecast\n"
        "print(forecast([PhaseWork(1, (30.0, 12.5)), PhaseWork(2, (40.0,))],"
        " past_weeks=[3.0, 25.0, 18.5, 0.0, 30.0], record=[(10, 12), (5, 9), (8, 4)],"
        " start=date(2026, 1, 5)))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ | {"PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)},
        ).stdout
        for seed in ("1", "2")
    }
    here = forecast(
        [PhaseWork(1, (30.0, 12.5)), PhaseWork(2, (40.0,))],
        past_weeks=[3.0, 25.0, 18.5, 0.0, 30.0],
        record=[(10, 12), (5, 9), (8, 4)],
        start=MONDAY,
    )
    assert outputs == {f"{here}\n"}
    assert here is not None and here.finish.p50 != here.finish.p95  # a real range


def test_the_method_is_explained_in_two_sentences():
    assert METHOD.count(". ") == 1 and METHOD.endswith(".")
    assert all(f"{p}%" in METHOD for p in LIKELIHOODS)


# --- properties --------------------------------------------------------------------

# No subnormal floats: no roadmap or entry has such hours (see test_plan).
topic_hours = st.floats(min_value=0, max_value=40, allow_subnormal=False)
phase_lists = st.lists(st.lists(topic_hours, max_size=5), min_size=1, max_size=6)
week_hours = st.floats(min_value=0, max_value=50, allow_subnormal=False)
# At least a few hours a week on average, so that an example simulates years, not a century.
histories = st.lists(week_hours, min_size=4, max_size=12).filter(lambda w: sum(w) >= 3 * len(w))
estimates = st.floats(min_value=0, max_value=40, allow_subnormal=False)
records = st.lists(st.tuples(estimates, estimates), max_size=8)
starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
offsets = st.sets(st.integers(min_value=0, max_value=400), max_size=40)
slow = settings(deadline=None, max_examples=60)


def as_phases(hours: list[list[float]]) -> list[PhaseWork]:
    return work(*hours)


def days_off(start: date, offs: set[int]) -> frozenset[date]:
    return frozenset(start + timedelta(days=o) for o in offs)


@slow
@given(phase_lists, histories, records, starts, offsets)
def test_quantiles_are_ordered_and_phases_finish_in_order(hours, weeks, record, start, offs):
    off = days_off(start, offs)
    result = run(as_phases(hours), weeks, record, start, off)
    assert len(result.phases) == len(hours)
    assert result.finish == result.phases[-1].finish
    previous: tuple[date | None, ...] = (start, start, start)
    for phase in result.phases:
        dates = triple(phase.finish)
        assert later_or_equal(dates[1], dates[0]) and later_or_equal(dates[2], dates[1])
        for day, before in zip(dates, previous, strict=True):
            assert later_or_equal(day, before)
            assert day not in off
        previous = dates


@slow
@given(
    phase_lists,
    st.floats(min_value=0.5, max_value=112),
    st.integers(min_value=4, max_value=20),
    st.sampled_from(["none", "too few", "all 1.0"]),
    starts,
    offsets,
)
def test_every_week_at_h_hours_and_a_ratio_of_1_is_the_plan_at_h(
    hours, per_week, count, kind, start, offs
):
    record = {
        "none": [],
        "too few": [(10.0, 30.0), (5.0, 1.0)],
        "all 1.0": [(10.0, 10.0), (3.5, 3.5), (8.0, 8.0)],
    }[kind]
    off = days_off(start, offs)
    phases = as_phases(hours)
    result = run(phases, [per_week] * count, record, start, off)
    assert result.estimate_ratio == 1.0
    expected = plan_finishes(phases, per_week, start, off)
    assert [triple(p.finish) for p in result.phases] == [(day, day, day) for day in expected]


@slow
@given(phase_lists, histories, records, starts, st.floats(min_value=0.01, max_value=20))
def test_more_hours_every_past_week_never_gives_a_later_date(hours, weeks, record, start, more):
    phases = as_phases(hours)
    before = run(phases, weeks, record, start)
    after = run(phases, [w + more for w in weeks], record, start)
    for b, a in zip(before.phases, after.phases, strict=True):
        assert later_or_equal(b.finish.p80, a.finish.p80)
        for slower, faster in zip(triple(b.finish), triple(a.finish), strict=True):
            assert later_or_equal(slower, faster)


@slow
@given(phase_lists, histories, records, starts, offsets)
def test_planned_breaks_never_bring_a_date_earlier(hours, weeks, record, start, offs):
    phases = as_phases(hours)
    plain = run(phases, weeks, record, start)
    paused = run(phases, weeks, record, start, days_off(start, offs))
    for without, with_breaks in zip(plain.phases, paused.phases, strict=True):
        for a, b in zip(triple(with_breaks.finish), triple(without.finish), strict=True):
            assert later_or_equal(a, b)


@slow
@given(phase_lists, histories, records, starts)
def test_the_same_inputs_give_the_same_forecast(hours, weeks, record, start):
    phases = as_phases(hours)
    first = run(phases, weeks, record, start)
    assert run(phases, list(weeks), list(record), start) == first
    assert first.weeks_of_history == len(weeks)
    assert forecast(phases, past_weeks=weeks[:3], record=record, start=start) is None


@slow
@given(phase_lists, histories, starts)
def test_doubling_every_estimate_ratio_never_gives_an_earlier_date(hours, weeks, start):
    phases = as_phases(hours)
    exact = run(phases, weeks, [(10.0, 10.0)] * 3, start)
    double = run(phases, weeks, [(10.0, 20.0)] * 3, start)
    assume(exact.phases)
    for a, b in zip(double.phases, exact.phases, strict=True):
        for slower, faster in zip(triple(a.finish), triple(b.finish), strict=True):
            assert later_or_equal(slower, faster)
