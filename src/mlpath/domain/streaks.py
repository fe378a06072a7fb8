"""Streaks: runs of study days, and of weeks that met their target.

Plain functions over plain data. Planned breaks are neutral everywhere: a break
day (or a week wholly on break, whose target is 0) neither counts nor ends a run,
so a holiday does not cost a learner the streak they built before it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from mlpath.domain.weekly import Week, on_target


class Streak(NamedTuple):
    length: int  # study days, or weeks
    first: date | None  # the first day (or Monday) of the run; None when length is 0
    last: date | None


NO_STREAK = Streak(0, None, None)


class Streaks(NamedTuple):
    current: Streak
    longest: Streak


def study_streaks(
    hours_by_day: Mapping[date, float],
    *,
    today: date,
    breaks: Collection[date] = frozenset(),
) -> Streaks:
    """Runs of consecutive days with hours logged, up to today.

    A break day is neutral: it neither counts (even if hours were logged on it) nor
    ends a run. The current streak is the run still alive today; today itself is
    excused while it has no hours, since the day is not over. Of equally long runs
    the latest is the longest, so the current streak is the longest when it ties.

    It walks the study days in order, and only the break days inside a gap, so
    years of data cost a sort, not a loop over every calendar day.
    """
    off = frozenset(breaks)
    days = sorted(d for d, h in hours_by_day.items() if h > 0 and d <= today and d not in off)
    longest = run = NO_STREAK
    for day in days:
        if run.last is not None and _bridged(run.last, day, off):
            run = Streak(run.length + 1, run.first, day)
        else:
            run = Streak(1, day, day)
        if run.length >= longest.length:
            longest = run
    alive = run.last is not None and _bridged(run.last, today, off)
    return Streaks(current=run if alive else NO_STREAK, longest=longest)


def current_streak(
    hours_by_day: Mapping[date, float],
    *,
    today: date,
    breaks: Collection[date] = frozenset(),
) -> Streak:
    """The run of study days alive today: study_streaks(...).current, for less.

    It walks back from today only as far as the run goes, so a learner with years
    of entries pays for the length of their streak, not for their whole history.
    """
    length, first, last = 0, None, None
    day = today
    while day > date.min:
        if day in breaks:
            pass  # neutral: neither counts nor ends the run
        elif hours_by_day.get(day, 0.0) > 0:
            length, first, last = length + 1, day, last or day
        elif day != today:  # today is excused while it has no hours: it is not over
            break
        day -= timedelta(days=1)
    return Streak(length, first, last) if length else NO_STREAK


def _bridged(before: date, after: date, breaks: frozenset[date]) -> bool:
    """Whether every day strictly between the two is a break day."""
    day = before
    for _ in range((after - before).days - 1):  # stops at the first day that is no break
        day += timedelta(days=1)
        if day not in breaks:
            return False
    return True


def week_streaks(weeks: Sequence[Week]) -> Streaks:
    """Runs of consecutive weeks on target, in weeks; first and last are Mondays.

    `weeks` are consecutive, oldest first, as weekly.weekly_report gives them, and
    on target as weekly.on_target says. A week wholly on break (target 0) is
    neutral. The running week joins the current run once it is on target (has the
    hours due so far), and never ends it: it still has days to catch up.
    """
    longest = run = NO_STREAK
    for week in weeks:
        if on_target(week):
            first = run.first if run.length else week.start
            run = Streak(run.length + 1, first, week.start)
            if run.length >= longest.length:
                longest = run
        elif week.complete and week.target > 0:
            run = NO_STREAK
    return Streaks(current=run, longest=longest)
