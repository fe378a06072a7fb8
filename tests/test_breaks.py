"""Planned breaks in the domain: which days are study days, and how the plan skips the rest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpath.domain.breaks import break_days, check_new_break, nth_study_day, study_days
from mlpath.domain.model import Break
from mlpath.domain.plan import Load, project
from mlpath.domain.weekly import actual_pace
from mlpath.errors import InvalidInput

MONDAY = date(2026, 1, 5)

offsets = st.sets(st.integers(min_value=0, max_value=120), max_size=60)


def _days(offs: set[int]) -> list[date]:
    return sorted(MONDAY + timedelta(days=o) for o in offs)


@given(offsets, st.integers(min_value=0, max_value=200))
def test_nth_study_day_is_the_nth_day_that_is_not_a_break(offs, n):
    off = _days(offs)
    walk = (MONDAY + timedelta(days=i) for i in range(400))
    expected = [d for d in walk if d not in set(off)][n]
    assert nth_study_day(MONDAY, n, off) == expected


@given(offsets, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_study_days_count_the_days_outside_breaks(offs, a, b):
    off = frozenset(_days(offs))
    first, last = MONDAY + timedelta(days=a), MONDAY + timedelta(days=a + b)
    assert study_days(first, last, off) == sum(
        1 for i in range(b + 1) if first + timedelta(days=i) not in off
    )


def test_break_days_cover_each_break_inclusively():
    breaks = [
        Break(date(2026, 12, 31), date(2027, 1, 2)),
        Break(date(2027, 3, 1), date(2027, 3, 1)),
    ]
    assert sorted(break_days(breaks)) == [
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 2),
        date(2027, 3, 1),
    ]


@given(offsets, st.lists(st.floats(min_value=1, max_value=300), min_size=1, max_size=5))
def test_breaks_never_bring_a_finish_forward_and_move_it_by_the_days_skipped(offs, hours):
    loads = [Load(i, f"p{i}", f"P{i}", h, 25.0) for i, h in enumerate(hours)]
    plain = project(loads, MONDAY)
    off = _days(offs)
    paused = project(loads, MONDAY, frozenset(off))
    for without, with_breaks in zip(plain, paused, strict=True):
        assert with_breaks.finish >= without.finish
        assert with_breaks.finish not in off
        skipped = sum(1 for d in off if d <= with_breaks.finish)
        assert with_breaks.finish == without.finish + timedelta(days=skipped)


def test_a_break_after_the_finish_changes_nothing():
    loads = [Load(1, "p1", "P1", 25.0, 25.0)]
    later = frozenset(MONDAY + timedelta(days=30 + i) for i in range(10))
    assert project(loads, MONDAY, later) == project(loads, MONDAY)


def test_the_actual_pace_passes_over_a_week_wholly_on_break():
    today = MONDAY + timedelta(weeks=5, days=2)
    by_day = {MONDAY + timedelta(weeks=w): 21.0 for w in (0, 1, 2, 4)}
    holiday = frozenset(MONDAY + timedelta(weeks=3, days=i) for i in range(7))
    assert actual_pace(by_day, start_date=MONDAY, today=today) == pytest.approx(63 / 4)
    assert actual_pace(by_day, start_date=MONDAY, today=today, breaks=holiday) == 21.0


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (date(2026, 2, 10), date(2026, 2, 9), "ends (2026-02-09) before it begins"),
        (date(2026, 2, 1), date(2027, 2, 3), "longer than a year"),
        (date(2025, 12, 30), date(2026, 1, 2), "before your start date"),
        (date(2026, 3, 3), date(2026, 3, 10), "overlaps break #4 (2026-03-01 to 2026-03-03)"),
        (date(2026, 2, 20), date(2026, 3, 1), "overlaps break #4"),
    ],
)
def test_new_breaks_that_make_no_sense_are_refused(first, last, message):
    existing = [Break(date(2026, 3, 1), date(2026, 3, 3), None, 4)]
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_new_break(first, last, existing=existing, start_date=MONDAY)


def test_a_break_next_to_another_is_fine():
    existing = [Break(date(2026, 3, 1), date(2026, 3, 3), None, 4)]
    check_new_break(date(2026, 3, 4), date(2026, 3, 8), existing=existing, start_date=MONDAY)
