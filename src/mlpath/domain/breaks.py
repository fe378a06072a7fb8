"""Planned breaks (holidays, exams): which days they cover, and which new ones make sense.

A break day is neutral everywhere: it has no target, it neither extends nor ends a
streak, it is left out of the recent pace and the forecast, and the plan does not study on it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta

from mlpath.domain.model import Break
from mlpath.errors import InvalidInput

# A pause longer than a year is a new start, not a break.
MAX_BREAK_DAYS = 366


def break_days(breaks: Iterable[Break]) -> frozenset[date]:
    return frozenset(
        b.first + timedelta(days=i) for b in breaks for i in range((b.last - b.first).days + 1)
    )


def study_days(first: date, last: date, off: Collection[date]) -> int:
    """Days from `first` to `last` inclusive that are not break days (a short span)."""
    span = (last - first).days + 1
    if not off:  # most learners plan no breaks: ten years of weeks need no day-by-day walk
        return max(span, 0)
    return sum(1 for i in range(span) if first + timedelta(days=i) not in off)


def nth_study_day(start: date, n: int, off: Sequence[date]) -> date:
    """The n-th (from 0) day on or after `start` that is not a break day.

    `off` holds the break days on or after `start`, sorted. The answer d satisfies
    d = start + n + (break days up to d); iterating from below reaches the least such d.
    """
    skipped = 0
    day = start + timedelta(days=n)
    while (up_to := bisect_right(off, day)) != skipped:
        day += timedelta(days=up_to - skipped)
        skipped = up_to
    return day


def check_new_break(
    first: date, last: date, *, existing: Sequence[Break], start_date: date
) -> None:
    """Raise InvalidInput unless first..last is a break the learner can plan."""
    if last < first:
        raise InvalidInput(
            f"the break ends ({last.isoformat()}) before it begins ({first.isoformat()})",
            hint="--from is the first day off, --to the last",
        )
    days = (last - first).days + 1
    if days > MAX_BREAK_DAYS:
        raise InvalidInput(
            f"a break of {days} days is longer than a year",
            hint="for a longer pause, restart later with: mlpath start --date YYYY-MM-DD",
        )
    if first < start_date:
        raise InvalidInput(
            f"the break begins before your start date {start_date.isoformat()}",
            hint="breaks are days off within your roadmap",
        )
    for other in existing:
        if first <= other.last and other.first <= last:
            raise InvalidInput(
                f"it overlaps break #{other.id} ({other.first.isoformat()} to "
                f"{other.last.isoformat()})",
                hint=f"remove that one first: mlpath break --delete {other.id}",
            )
