"""Where the learner stands: pure functions over phases, topics and settings.

A topic *counts* for a learner when it is required (not optional), still in the
roadmap, and either common to everyone or on the learner's track. Skipped topics
and phases leave the totals; done topics stay in them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from mlpath.model import Entry, Phase, PhaseState, Settings, Status, Topic


def counts(topic: Topic, track: str) -> bool:
    return not topic.optional and not topic.retired and topic.track in (None, track)


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    state: PhaseState
    done: int
    total: int
    hours_planned: float
    remaining_hours: float
    next_topics: tuple[Topic, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0


def phase_progress(phases: Sequence[Phase], settings: Settings) -> list[PhaseProgress]:
    result: list[PhaseProgress] = []
    current_found = False
    for phase in phases:
        topics = [t for t in phase.topics if counts(t, settings.track)]
        planned = [t for t in topics if t.status is not Status.SKIPPED]
        open_topics = tuple(t for t in planned if t.status is not Status.DONE)
        if phase.number in settings.skipped_phases:
            state = PhaseState.SKIPPED
        elif not open_topics:
            state = PhaseState.DONE
        elif not current_found:
            state, current_found = PhaseState.CURRENT, True
        else:
            state = PhaseState.UPCOMING
        result.append(
            PhaseProgress(
                phase=phase,
                state=state,
                done=len(planned) - len(open_topics),
                total=len(planned),
                hours_planned=sum(t.hours for t in planned),
                remaining_hours=sum(t.hours for t in open_topics),
                next_topics=open_topics,
            )
        )
    return result


def current_phase(progress: Sequence[PhaseProgress]) -> PhaseProgress | None:
    return next((p for p in progress if p.state is PhaseState.CURRENT), None)


def phase_on(day: date, phases: Sequence[Phase], settings: Settings) -> Phase:
    """The phase the learner was working in on `day`, judged by when topics were done.

    It is the first phase (not skipped) with a counted topic still open that day;
    a topic finished on `day` itself still holds the learner in its phase.
    """
    for phase in phases:
        if phase.number in settings.skipped_phases:
            continue
        for topic in phase.topics:
            if not counts(topic, settings.track) or topic.status is Status.SKIPPED:
                continue
            finished_before = (
                topic.status is Status.DONE and topic.done_on is not None and topic.done_on < day
            )
            if not finished_before:
                return phase
    return phases[-1]


def hours_by_phase(
    entries: Iterable[Entry], phases: Sequence[Phase], settings: Settings
) -> dict[int, float]:
    """Logged hours per phase number: by the entry's topic, else by the phase of its day."""
    phase_of_topic = {t.id: p.number for p in phases for t in p.topics}
    totals = {p.number: 0.0 for p in phases}
    phase_of_day: dict[date, int] = {}
    for entry in entries:
        number = phase_of_topic.get(entry.topic_id) if entry.topic_id else None
        if number is None:
            if entry.day not in phase_of_day:
                phase_of_day[entry.day] = phase_on(entry.day, phases, settings).number
            number = phase_of_day[entry.day]
        totals[number] += entry.hours
    return totals


def weekly_target(phase: Phase, settings: Settings) -> float:
    """The learner's own weekly hours, or else the planned hours of the phase."""
    return settings.hours_per_week if settings.hours_per_week else phase.weekly_hours
