"""The views the read commands show, assembled from a snapshot by pure functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from mlpath import plan, progress, weekly
from mlpath.errors import InvalidInput
from mlpath.model import Entry, PhaseState, Snapshot


def _target_for(snapshot: Snapshot) -> Callable[[date], float]:
    calendar = progress.phase_calendar(snapshot.phases, snapshot.settings)

    def target(monday: date) -> float:
        return progress.weekly_target(calendar(monday), snapshot.settings)

    return target


def weeks(snapshot: Snapshot, hours_by_day: Mapping[date, float], today: date) -> list[weekly.Week]:
    return weekly.weekly_report(
        hours_by_day=hours_by_day,
        start_date=snapshot.settings.start_date,
        today=today,
        target_for=_target_for(snapshot),
    )


def loads(
    phases: Sequence[progress.PhaseProgress], snapshot: Snapshot, hours_per_week: float | None
) -> list[plan.Load]:
    """The phases still to do, each at the given pace or else at its own planned hours."""
    return [
        plan.Load(
            number=p.phase.number,
            id=p.phase.id,
            title=p.phase.title,
            remaining_hours=p.remaining_hours,
            hours_per_week=hours_per_week or progress.weekly_target(p.phase, snapshot.settings),
        )
        for p in phases
        if p.state in (PhaseState.CURRENT, PhaseState.UPCOMING)
    ]


@dataclass(frozen=True)
class StatusReport:
    snapshot: Snapshot
    phases: list[progress.PhaseProgress]
    hours_by_phase: dict[int, float]
    current: progress.PhaseProgress | None
    week: weekly.Week | None
    finish: date | None
    today: date

    @property
    def topics_done(self) -> int:
        return sum(p.done for p in self.phases if p.state is not PhaseState.SKIPPED)

    @property
    def topics_total(self) -> int:
        return sum(p.total for p in self.phases if p.state is not PhaseState.SKIPPED)

    @property
    def percent(self) -> float:
        return 100.0 * self.topics_done / self.topics_total if self.topics_total else 100.0

    @property
    def hours_logged(self) -> float:
        return sum(self.hours_by_phase.values())


def status_report(
    snapshot: Snapshot,
    *,
    hours_by_day: Mapping[date, float],
    entries: Sequence[Entry],
    today: date,
) -> StatusReport:
    phases = progress.phase_progress(snapshot.phases, snapshot.settings)
    all_weeks = weeks(snapshot, hours_by_day, today)
    start = max(today, snapshot.settings.start_date)
    plans = plan.project(loads(phases, snapshot, snapshot.settings.hours_per_week), start)
    return StatusReport(
        snapshot=snapshot,
        phases=phases,
        hours_by_phase=progress.hours_by_phase(entries, snapshot.phases, snapshot.settings),
        current=progress.current_phase(phases),
        week=all_weeks[-1] if all_weeks else None,
        finish=plan.finish(plans) or None,
        today=today,
    )


@dataclass(frozen=True)
class Pace:
    hours_per_week: float
    phases: list[plan.PhasePlan]

    @property
    def finish(self) -> date | None:
        return plan.finish(self.phases)


@dataclass(frozen=True)
class PlanReport:
    start: date
    hours_per_week: float | None  # None: each phase at its own planned hours
    phases: list[plan.PhasePlan]
    actual: Pace | None
    needed_hours_per_week: float | None
    by: date | None
    weekly_range: tuple[float, float]

    @property
    def finish(self) -> date | None:
        return plan.finish(self.phases)

    @property
    def remaining_hours(self) -> float:
        return sum(p.load.remaining_hours for p in self.phases)


def plan_report(
    snapshot: Snapshot,
    *,
    hours_by_day: Mapping[date, float],
    today: date,
    start: date | None = None,
    hours_per_week: float | None = None,
    by: date | None = None,
) -> PlanReport:
    start = start or max(today, snapshot.settings.start_date)
    pace = hours_per_week or snapshot.settings.hours_per_week
    phases = progress.phase_progress(snapshot.phases, snapshot.settings)
    projected = plan.project(loads(phases, snapshot, pace), start)
    actual_pace = weekly.actual_pace(
        hours_by_day, start_date=snapshot.settings.start_date, today=today
    )
    actual = None
    if actual_pace:
        try:
            actual = Pace(actual_pace, plan.project(loads(phases, snapshot, actual_pace), start))
        except plan.TooSlow:
            actual = None  # a trickle of hours projects nothing useful
    needed = None
    if by is not None:
        if by < start:
            raise InvalidInput(
                f"--by {by.isoformat()} is before the plan starts ({start.isoformat()})",
                hint="choose a later date",
            )
        needed = plan.hours_needed(sum(p.load.remaining_hours for p in projected), start, by)
    return PlanReport(
        start=start,
        hours_per_week=pace,
        phases=projected,
        actual=actual,
        needed_hours_per_week=needed,
        by=by,
        weekly_range=snapshot.weekly_range,
    )
