"""Study hours week by week (ISO weeks, Monday first) against the plan.

Two statements about a week, each defined here once and used by every view:
*on target* (its hours reach what the week owes: its own target, pro-rated) and
*in range* (its hours lie within the roadmap's weekly range, say 20-30 h, pro-rated
the same way). A week can be one and not the other: 20 hours against a target of
25 are in range but not on target.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from mlpath.domain.breaks import study_days
from mlpath.domain.model import Entry


def daily_totals(entries: Iterable[Entry]) -> dict[date, float]:
    """Hours per day from entries already grouped by day and topic."""
    totals: dict[date, float] = {}
    for entry in entries:
        totals[entry.day] = totals.get(entry.day, 0.0) + entry.hours
    return totals


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Hours within this of a target or of the range's edge count as reaching it: the
# tables show hours to one decimal, and a verdict should not disagree with them.
TOLERANCE = 0.05


class Week(NamedTuple):
    start: date
    hours: float
    target: float  # the whole week's target (a first, partial or break week gets its share)
    balance: float  # hours ahead (+) or behind (-) the plan, from the start to this week
    complete: bool  # False for the week that is still running
    days: int = 7  # its study days: fewer in the first week and around breaks, 0 on a break
    days_so_far: int | None = None  # its study days up to today; None: all of them
    due: float | None = None  # the target of its study days up to today; None: all of it

    @property
    def difference(self) -> float:
        return self.hours - self.target

    @property
    def due_days(self) -> int:
        """The study days the week is judged on: those so far, for the running week."""
        return self.days if self.days_so_far is None else min(self.days_so_far, self.days)

    @property
    def owed(self) -> float:
        """The hours due by today: the target, or for the running week its days' share."""
        if self.due is not None:
            return self.due
        return self.target * self.due_days / self.days if self.days else 0.0


def on_target(week: Week) -> bool:
    """Its hours reach what it owes (Week.owed). A week that owes nothing yet (wholly on
    break, or starting later) is neither on target nor off it."""
    return week.owed > 0 and week.hours >= week.owed - TOLERANCE


BELOW, IN_RANGE, ABOVE = "below", "in range", "above"


def range_of(week: Week, low: float, high: float) -> str | None:
    """Where its hours fall against the roadmap's low-high hours a week, held to the
    share of its days that are due (Week.due_days); None when no day is."""
    share = week.due_days / 7
    if not share:
        return None
    if week.hours < low * share - TOLERANCE:
        return BELOW
    if week.hours > high * share + TOLERANCE:
        return ABOVE
    return IN_RANGE


def in_range(week: Week, low: float, high: float) -> bool:
    return range_of(week, low, high) == IN_RANGE


def weekly_report(
    *,
    hours_by_day: Mapping[date, float],
    start_date: date,
    today: date,
    target_for: Callable[[date], float],
    breaks: Collection[date] = frozenset(),
    since: date | None = None,
) -> list[Week]:
    """Every week from the start date's week to today's, oldest first.

    `target_for(day)` gives the weekly hours planned on that day (the settings in
    force that day decide them), a seventh of which is that day's target; so a week
    in which the learner changed their hours gets each part at its own rate, and
    no change made later alters a week before it.
    The first week counts only the days from the start date; the running week
    counts, for the balance, only the days up to today, so a Monday does not look
    25 hours behind; break days have no target at all.

    With `since`, the weeks begin at the one holding that day (if after the start),
    and their balance counts from there: for a caller that wants the recent weeks'
    hours and targets, not ten years of them.
    """
    weeks: list[Week] = []
    balance = 0.0
    monday = week_start(max(start_date, since) if since else start_date)
    this_monday = week_start(today)
    while monday <= this_monday:
        sunday = monday + timedelta(days=6)
        first_day = max(monday, start_date)
        hours = 0.0
        target = due = 0.0
        days = days_so_far = 0
        day = first_day
        while day <= sunday:
            hours += hours_by_day.get(day, 0.0)
            if day not in breaks:
                rate = target_for(day)  # summed whole, then divided once: no rounding drift
                target += rate
                days += 1
                if day <= today:
                    due += rate
                    days_so_far += 1
            day += timedelta(days=1)
        target, due = target / 7, due / 7
        balance += hours - due
        complete = sunday < today
        weeks.append(
            Week(
                monday,
                hours,
                target,
                balance,
                complete,
                days,
                days if sunday <= today else days_so_far,
                None if sunday <= today else due,
            )
        )
        monday += timedelta(days=7)
    return weeks


class Adherence(NamedTuple):
    weeks: int  # complete weeks considered
    in_range: int
    below: int
    above: int


def adherence(weeks: Sequence[Week], low: float, high: float) -> Adherence:
    """How many complete weeks were in the roadmap's low-high hours a week (range_of).

    A week with fewer study days (the first one, or one with break days) is held to
    its share of the range; a week wholly on break is not held to anything.
    """
    found = [range_of(w, low, high) for w in weeks if w.complete and w.days]
    return Adherence(len(found), found.count(IN_RANGE), found.count(BELOW), found.count(ABOVE))


def weeks_on_target(weeks: Sequence[Week]) -> int:
    """How many of the complete weeks were on target."""
    return sum(1 for w in weeks if w.complete and on_target(w))


def pace_weeks(
    *,
    start_date: date,
    today: date,
    weeks: int = 4,
    breaks: Collection[date] = frozenset(),
) -> list[tuple[date, int]]:
    """The weeks actual_pace averages, latest first: each Monday, with its study days.

    The last `weeks` complete weeks before today that lie wholly after the start
    date, so a late start does not look like a slow pace. A week wholly on break is
    passed over for the one before it. Which weeks these are depends on the dates
    alone, so a caller can read just their hours.
    """
    found: list[tuple[date, int]] = []
    monday = week_start(today) - timedelta(days=7)
    while len(found) < weeks and monday >= start_date:
        available = study_days(monday, monday + timedelta(days=6), breaks)
        if available:
            found.append((monday, available))
        monday -= timedelta(days=7)
    return found


def past_weeks(
    hours_by_day: Mapping[date, float],
    *,
    start_date: date,
    today: date,
    breaks: Collection[date] = frozenset(),
) -> list[float]:
    """The hours of every complete week wholly after the start date, oldest first.

    The weeks pace_weeks walks back through, all of them, each as a week of seven
    study days as actual_pace counts it: a week wholly on break is left out, and a
    week partly on break is scaled up from its study days (hours * 7 / days), so a
    holiday is neither a week of nothing nor a reason for a low week to look lower.
    This is the record the forecast replays.
    """
    first = week_start(start_date)
    if first < start_date:
        first += timedelta(days=7)
    count = max((week_start(today) - first).days // 7, 0)
    totals = [0.0] * count
    # One pass over the days with hours, not a lookup for every day of ten years.
    for day, hours in hours_by_day.items():
        offset = (day - first).days
        if 0 <= offset < 7 * count:
            totals[offset // 7] += hours
    days = [7] * count
    for day in breaks:
        offset = (day - first).days
        if 0 <= offset < 7 * count:
            days[offset // 7] -= 1
    return [hours * 7 / n if n < 7 else hours for hours, n in zip(totals, days, strict=True) if n]


def actual_pace(
    hours_by_day: Mapping[date, float],
    *,
    start_date: date,
    today: date,
    weeks: int = 4,
    breaks: Collection[date] = frozenset(),
) -> float | None:
    """Average hours a week over the weeks of pace_weeks.

    Break days are left out, so a holiday does not drag the pace down: a
    partly-off week counts as the fraction of it that was not. None until there is
    one such week with hours in it.
    """
    window = pace_weeks(start_date=start_date, today=today, weeks=weeks, breaks=breaks)
    total = sum(
        hours_by_day.get(monday + timedelta(days=i), 0.0) for monday, _ in window for i in range(7)
    )
    days = sum(available for _, available in window)
    return total * 7 / days if total > 0 else None
