"""A mentor's view of a group: one line a learner, from that learner's status report."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from mlpath.domain.reports import StatusReport

# A learner with no study logged for this many days is flagged.
QUIET_DAYS = 14


class CohortRow(NamedTuple):
    learner: str
    phase: int | None  # the current phase's number (None: every phase is done)
    phase_title: str | None
    topics_done: int
    topics_total: int
    percent_hours: float  # of the required hours, as `status` reports it
    hours_7: float
    target_7: float
    hours_28: float
    target_28: float
    last_logged: date | None
    recent_finish: date | None  # at the learner's recent pace (None: too little history)
    quiet: bool  # no study in the last QUIET_DAYS days


def window(
    hours_by_day: Mapping[date, float],
    target: Callable[[date], float],
    *,
    today: date,
    days: int,
    start: date,
    off: Collection[date],
) -> tuple[float, float]:
    """Hours logged over the `days` days up to today, and the hours planned for them.

    A day's share of the plan is a seventh of its week's target; days before the start
    and days of a planned break are planned at nothing, as the weekly targets have them.
    """
    first = today - timedelta(days=days - 1)
    span = [first + timedelta(days=i) for i in range(days)]
    logged = sum(hours_by_day.get(day, 0.0) for day in span)
    planned = sum(target(day) / 7 for day in span if day >= start and day not in off)
    return logged, planned


def row(
    learner: str,
    report: StatusReport,
    hours_by_day: Mapping[date, float],
    target: Callable[[date], float],
    *,
    off: Collection[date],
) -> CohortRow:
    today, start = report.today, report.snapshot.settings.start_date
    week = window(hours_by_day, target, today=today, days=7, start=start, off=off)
    month = window(hours_by_day, target, today=today, days=28, start=start, off=off)
    studied = [day for day, hours in hours_by_day.items() if hours > 0 and day <= today]
    last = max(studied, default=None)
    quiet_since = max(start, today - timedelta(days=QUIET_DAYS - 1))
    current = report.current
    recent = report.recent
    return CohortRow(
        learner=learner,
        phase=current.phase.number if current else None,
        phase_title=current.phase.title if current else None,
        topics_done=report.topics_done,
        topics_total=report.topics_total,
        percent_hours=report.percent_hours,
        hours_7=week[0],
        target_7=week[1],
        hours_28=month[0],
        target_28=month[1],
        last_logged=last,
        recent_finish=recent.finish if recent is not None else None,
        # Flagged once there were QUIET_DAYS days to study in, with none of them used.
        quiet=(today - start).days >= QUIET_DAYS - 1 and (last is None or last < quiet_since),
    )
