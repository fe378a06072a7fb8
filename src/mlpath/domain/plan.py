"""Planning arithmetic: when each remaining phase finishes at a given pace.

Pure functions over plain numbers and dates. Phases run one after another from
the first day; the weekly hours are spread evenly over the seven days, so a
phase finishes on the day its cumulative remaining hours are done. Planned
break days are not study days: the dates after a break move out by its length.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from datetime import date
from typing import NamedTuple

from mlpath.domain.breaks import nth_study_day, study_days

# Float sums such as 0.1 + 0.2 must not push a finish a whole day later.
_EPSILON = 1e-9
HORIZON_DAYS = 100 * 366  # a projection further out than a century is not a plan


class TooSlow(ValueError):
    """The pace would not finish within HORIZON_DAYS."""


class Load(NamedTuple):
    """One phase still to do: its remaining hours at a pace in hours per week."""

    number: int
    id: str
    title: str
    remaining_hours: float
    hours_per_week: float


class PhasePlan(NamedTuple):
    load: Load
    start: date
    finish: date


def project(
    loads: Sequence[Load], start: date, breaks: Collection[date] = frozenset()
) -> list[PhasePlan]:
    """The start and finish date of each phase, in order, from `start` (day one)."""
    off = sorted(day for day in breaks if day >= start)
    plans: list[PhasePlan] = []
    elapsed = 0.0  # days of study used so far, fractional
    for load in loads:
        if load.hours_per_week <= 0:
            raise ValueError("hours per week must be positive")
        begin = nth_study_day(start, math.floor(elapsed + _EPSILON), off)
        elapsed += load.remaining_hours * 7 / load.hours_per_week
        if elapsed > HORIZON_DAYS:
            raise TooSlow(f"at {load.hours_per_week:g} h/week the plan outruns a century")
        end = nth_study_day(start, finishing_day(elapsed), off)
        # A phase with (next to) nothing left is over as soon as the one before it.
        plans.append(PhasePlan(load, min(begin, end), end))
    return plans


def finishing_day(elapsed: float) -> int:
    """The study day (from 0) during which `elapsed` study days of work are done."""
    return max(math.ceil(elapsed - _EPSILON) - 1, 0)


def finish(plans: Sequence[PhasePlan]) -> date | None:
    return plans[-1].finish if plans else None


def hours_needed(
    total_remaining: float, start: date, by: date, breaks: Collection[date] = frozenset()
) -> float:
    """The even weekly hours that finish `total_remaining` hours on or before `by`."""
    if by < start:
        raise ValueError("the target date is before the start")
    days = study_days(start, by, breaks)
    if days == 0:
        raise ValueError("every day until the target date is a break")
    return total_remaining * 7 / days
