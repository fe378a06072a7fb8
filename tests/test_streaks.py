"""Streaks of study days and of weeks on target: examples, and properties over random data."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mlpath.domain.streaks import (
    NO_STREAK,
    Streak,
    Streaks,
    current_streak,
    study_streaks,
    week_streaks,
)
from mlpath.domain.weekly import Week

BASE = date(2026, 3, 2)  # a Monday
TODAY = date(2026, 3, 25)  # a Wednesday


def d(offset: int) -> date:
    return BASE + timedelta(days=offset)


def studied(*offsets: int, hours: float = 2.0) -> dict[date, float]:
    return {d(o): hours for o in offsets}


# --- study days: examples --------------------------------------------------------------


def test_no_hours_no_streak():
    assert study_streaks({}, today=TODAY) == Streaks(NO_STREAK, NO_STREAK)


def test_current_counts_back_from_today_and_longest_is_the_longest_run():
    days = studied(0, 1, 2, 3, 4, 10, 11, 21, 22, 23)  # today is offset 23
    assert study_streaks(days, today=TODAY) == Streaks(
        current=Streak(3, d(21), d(23)), longest=Streak(5, d(0), d(4))
    )


def test_a_day_not_over_yet_does_not_end_the_streak():
    # At breakfast nothing is logged today, but yesterday's run is still alive.
    assert study_streaks(studied(20, 21, 22), today=TODAY).current == Streak(3, d(20), d(22))
    # Missing yesterday as well ends it.
    assert study_streaks(studied(20, 21), today=TODAY).current == NO_STREAK


def test_days_with_zero_hours_or_in_the_future_do_not_count():
    days = studied(21, 22) | {d(23): 0.0, d(24): 3.0}
    assert study_streaks(days, today=TODAY).current == Streak(2, d(21), d(22))


def test_break_days_neither_count_nor_end_a_run():
    days = studied(10, 11, 15, 16)
    holiday = {d(12), d(13), d(14)}
    assert study_streaks(days, today=TODAY, breaks=holiday).longest == Streak(4, d(10), d(16))
    # hours logged on a break day do not count either: the day is neutral
    with_hours = days | studied(13)
    assert study_streaks(with_hours, today=TODAY, breaks=holiday).longest.length == 4


def test_a_break_up_to_today_keeps_the_current_streak():
    days = studied(18, 19, 20)
    assert study_streaks(days, today=TODAY).current == NO_STREAK
    away = {d(21), d(22), d(23)}  # through today
    assert study_streaks(days, today=TODAY, breaks=away).current == Streak(3, d(18), d(20))


def test_equal_runs_the_latest_is_the_longest():
    assert study_streaks(studied(0, 1, 22, 23), today=TODAY).longest == Streak(2, d(22), d(23))


def test_the_whole_calendar_in_one_call():
    # Days thousands of years apart: only the study days are walked, not the gap.
    days = {date.min: 1.0, date(1, 1, 2): 1.0, date.max: 1.0}
    found = study_streaks(days, today=date.max)
    assert found == Streaks(
        current=Streak(1, date.max, date.max),
        longest=Streak(2, date.min, date(1, 1, 2)),
    )


# --- study days: properties ---------------------------------------------------------

OFFSETS = st.integers(min_value=0, max_value=40)
HOURS = st.dictionaries(OFFSETS, st.sampled_from([0.0, 0.25, 1.0, 3.5, 8.0]), max_size=35)
BREAKS = st.frozensets(OFFSETS, max_size=12)
TODAY_OFFSET = st.integers(min_value=0, max_value=45)


def _naive(hours: dict[date, float], today: date, breaks: frozenset[date]) -> Streaks:
    """Day by day over the whole calendar: slow, and obviously right."""
    study = {day for day, h in hours.items() if h > 0 and day <= today and day not in breaks}
    run: list[date] = []
    longest: list[date] = []
    day = min(study, default=today)
    while day <= today:
        if day in study:
            run.append(day)
        elif day not in breaks and day != today:
            run = []
        if run and len(run) >= len(longest):
            longest = list(run)
        day += timedelta(days=1)

    def streak(days: list[date]) -> Streak:
        return Streak(len(days), days[0], days[-1]) if days else NO_STREAK

    return Streaks(streak(run), streak(longest))


def _dated(offsets: dict[int, float]) -> dict[date, float]:
    return {d(o): h for o, h in offsets.items()}


@given(HOURS, BREAKS, TODAY_OFFSET)
def test_study_streaks_match_a_day_by_day_count(hours, breaks, today):
    days, off = _dated(hours), frozenset(d(o) for o in breaks)
    assert study_streaks(days, today=d(today), breaks=off) == _naive(days, d(today), off)


@given(HOURS, BREAKS, TODAY_OFFSET)
def test_the_current_streak_alone_is_the_one_study_streaks_finds(hours, breaks, today):
    days, off = _dated(hours), frozenset(d(o) for o in breaks)
    assert current_streak(days, today=d(today), breaks=off) == (
        study_streaks(days, today=d(today), breaks=off).current
    )


def test_the_current_streak_walks_back_over_breaks_and_an_empty_today():
    days = studied(18, 19, 20)
    away = {d(21), d(22)}
    assert current_streak(days, today=d(23), breaks=away) == Streak(3, d(18), d(20))
    assert current_streak(days, today=d(23)) == NO_STREAK
    assert current_streak(days, today=d(21)) == Streak(3, d(18), d(20))


@given(HOURS, BREAKS, TODAY_OFFSET)
def test_the_longest_streak_is_at_least_the_current_one(hours, breaks, today):
    found = study_streaks(_dated(hours), today=d(today), breaks={d(o) for o in breaks})
    assert found.longest.length >= found.current.length
    assert (found.current.length == 0) == (found.current.first is None)


@given(HOURS, BREAKS, TODAY_OFFSET, OFFSETS)
def test_adding_a_study_day_never_shortens_a_streak(hours, breaks, today, extra):
    off = frozenset(d(o) for o in breaks)
    before = study_streaks(_dated(hours), today=d(today), breaks=off)
    after = study_streaks(_dated(hours | {extra: 2.0}), today=d(today), breaks=off)
    assert after.longest.length >= before.longest.length
    assert after.current.length >= before.current.length


@given(HOURS, BREAKS, TODAY_OFFSET)
def test_break_days_are_as_if_taken_out_of_the_calendar(hours, breaks, today):
    # Squeeze the break days out: the remaining days, renumbered, make the same runs.
    index = {}
    for o in range(0, 46):
        if o not in breaks:
            index[o] = len(index)
    squeezed_today = sum(1 for o in range(today) if o not in breaks)
    # Days after today count in neither; squeezed, they could land on today itself.
    squeezed = {index[o]: h for o, h in hours.items() if o not in breaks and o <= today}
    with_breaks = study_streaks(_dated(hours), today=d(today), breaks={d(o) for o in breaks})
    without = study_streaks(_dated(squeezed), today=d(squeezed_today))
    assert with_breaks.current.length == without.current.length
    assert with_breaks.longest.length == without.longest.length


@given(HOURS, BREAKS, TODAY_OFFSET, OFFSETS)
def test_a_day_off_taken_as_a_break_never_shortens_a_streak(hours, breaks, today, extra):
    off = frozenset(d(o) for o in breaks)
    if hours.get(extra, 0) > 0:
        return  # turning a study day into a break takes it out of the count
    before = study_streaks(_dated(hours), today=d(today), breaks=off)
    after = study_streaks(_dated(hours), today=d(today), breaks=off | {d(extra)})
    assert after.longest.length >= before.longest.length
    assert after.current.length >= before.current.length


# --- weeks on target ----------------------------------------------------------------


def weeks(*rows: tuple[float, float], running: bool = False) -> list[Week]:
    """(hours, target) per week from BASE on; the last one running if asked."""
    return [
        Week(
            start=BASE + timedelta(weeks=i),
            hours=hours,
            target=target,
            balance=0.0,
            complete=not (running and i == len(rows) - 1),
        )
        for i, (hours, target) in enumerate(rows)
    ]


def monday(i: int) -> date:
    return BASE + timedelta(weeks=i)


def test_no_weeks_no_streak():
    assert week_streaks([]) == Streaks(NO_STREAK, NO_STREAK)


def test_weeks_on_target_in_a_row():
    found = week_streaks(weeks((25, 25), (26, 25), (30, 25), (10, 25), (25, 25), (24.99, 25)))
    assert found.longest == Streak(3, monday(0), monday(2))
    assert found.current == Streak(2, monday(4), monday(5))  # within the tolerance


def test_a_week_wholly_on_break_is_neutral_and_a_partial_one_has_its_own_target():
    found = week_streaks(weeks((25, 25), (0, 0), (3, 0), (12, 10.7), (25, 25)))
    assert found.current == found.longest == Streak(3, monday(0), monday(4))


def test_the_running_week_extends_the_streak_only_once_on_target():
    behind = week_streaks(weeks((25, 25), (25, 25), (5, 25), running=True))
    assert behind.current == Streak(2, monday(0), monday(1))  # not ended: days are left
    ahead = week_streaks(weeks((25, 25), (25, 25), (26, 25), running=True))
    assert ahead.current == ahead.longest == Streak(3, monday(0), monday(2))


def test_a_missed_week_ends_the_streak():
    found = week_streaks(weeks((25, 25), (25, 25), (0, 25)))
    assert found.current == NO_STREAK
    assert found.longest == Streak(2, monday(0), monday(1))


WEEK_ROWS = st.lists(
    st.tuples(st.sampled_from([0.0, 5.0, 19.96, 20.0, 25.0, 31.0]), st.sampled_from([0, 20, 25])),
    max_size=20,
)


@given(WEEK_ROWS, st.booleans())
def test_week_streak_properties(rows, running):
    found = week_streaks(weeks(*rows, running=running and bool(rows)))
    assert found.longest.length >= found.current.length
    # the current run is the on-target weeks since the last complete week that missed
    counted = 0
    for i, (hours, target) in enumerate(rows):
        last_running = running and i == len(rows) - 1
        if target > 0 and hours >= target - 0.05:
            counted += 1
        elif target > 0 and not last_running:
            counted = 0
    assert found.current.length == counted


@given(WEEK_ROWS, st.booleans(), st.integers(min_value=0, max_value=20))
def test_a_week_on_break_changes_no_streak_length(rows, running, where):
    where = min(where, len(rows))
    plain = week_streaks(weeks(*rows, running=running and bool(rows)))
    with_break = rows[:where] + [(7.0, 0)] + rows[where:]
    # a break placed last would itself be the running week: keep the same running week
    if running and rows and where == len(rows):
        with_break = rows[:-1] + [(7.0, 0)] + rows[-1:]
    broken = week_streaks(weeks(*with_break, running=running and bool(rows)))
    assert broken.current.length == plain.current.length
    assert broken.longest.length == plain.longest.length


@given(WEEK_ROWS, st.integers(min_value=0, max_value=19))
def test_more_hours_in_a_week_never_shortens_the_longest_streak(rows, which):
    if not rows:
        return
    which %= len(rows)
    more = list(rows)
    more[which] = (rows[which][0] + 10, rows[which][1])
    assert week_streaks(weeks(*more)).longest.length >= week_streaks(weeks(*rows)).longest.length
