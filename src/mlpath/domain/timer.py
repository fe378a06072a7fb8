"""The study timer's arithmetic: how long it ran, and on which days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

_MINUTE = timedelta(minutes=1)


def whole_minutes(start: datetime, end: datetime) -> int:
    """The whole minutes from `start` to `end` (0 if `end` is not later)."""
    return max(0, int((end - start) // _MINUTE))


def by_day(start: datetime, end: datetime) -> list[tuple[date, int]]:
    """The whole minutes from `start` to `end` on each local day they cover, in order.

    Both are aware times in the learner's zone. The minutes are counted from `start`
    and each day gets those that end on it, so the days add up to the whole run's
    minutes; a day left with none (seconds past midnight) gets no part.
    """
    parts: list[tuple[date, int]] = []
    moment, counted = start, 0
    while moment < end:
        next_day = moment.date() + timedelta(days=1)
        midnight = datetime(next_day.year, next_day.month, next_day.day, tzinfo=moment.tzinfo)
        until = min(end, midnight)
        so_far = whole_minutes(start, until)
        if so_far > counted:
            parts.append((moment.date(), so_far - counted))
        moment, counted = until, so_far
    return parts
