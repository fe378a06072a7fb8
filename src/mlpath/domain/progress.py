"""Where the learner stands: pure functions over phases, topics and settings.

A topic *counts* for a learner when it is required (not optional), still in the
roadmap, and either common to everyone or on the learner's track. Skipped topics
and phases leave the totals; done topics stay in them.

Hours logged on an open topic are credit: they come off what it has left to study
(remaining_hours), so the plan does not wait for a topic to be marked done before
the work put into it counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from mlpath.domain.model import Entry, Phase, PhaseState, Settings, Status, Topic


def counts(topic: Topic, track: str) -> bool:
    return not topic.optional and not topic.retired and topic.track in (None, track)


# An open topic keeps at least this share of its estimate to do, however many hours
# it has: hours beyond the estimate say the estimate was short, not that it is done.
OPEN_TOPIC_FLOOR = 0.10


def remaining_hours(topic: Topic, logged: float) -> float:
    """The hours a topic still needs: none once done or skipped; for an open one, its
    estimate less the hours logged on it, but never under OPEN_TOPIC_FLOOR of it."""
    if topic.finished:
        return 0.0
    return min(topic.hours, max(topic.hours - logged, topic.hours * OPEN_TOPIC_FLOOR))


def skipped_phases(settings: Settings) -> frozenset[int]:
    """The phases left out of the plan: the learner's own choice and the profile's."""
    by_profile = {a.phase for a in settings.adjustments if a.skip}
    return settings.skipped_phases | by_profile if by_profile else settings.skipped_phases


def adjusted(phase: Phase, settings: Settings) -> Phase:
    """The phase with its topics' hours as the learner plans them.

    A topic the learner estimated (`estimate`) takes their hours as they are. The
    background profile's factor scales every other topic's hours, and its extra weeks
    become extra hours (weeks times the phase's weekly hours) spread over the other
    planned topics in proportion to their hours, so that the hours logged on a topic
    still come off its own estimate.
    """
    adjustment = next((a for a in settings.adjustments if a.phase == phase.number), None)
    factor = 1.0
    if adjustment is not None and not adjustment.skip:
        factor = adjustment.hours_factor
        if adjustment.extra_weeks:
            planned = sum(
                t.hours
                for t in phase.topics
                if counts(t, settings.track)
                and t.status is not Status.SKIPPED
                and t.estimate is None
            )
            if planned > 0:
                factor += adjustment.extra_weeks * phase.weekly_hours / planned
    if factor == 1.0 and all(t.estimate is None for t in phase.topics):
        return phase
    return phase._replace(
        topics=tuple(
            t._replace(hours=t.hours * factor if t.estimate is None else t.estimate)
            for t in phase.topics
        )
    )


class TopicCount(NamedTuple):
    """The roadmap's topics (retired ones aside), by whether the learner's plan counts them.

    Each topic is in one group, the first that fits in this order.
    """

    planned: int  # what status counts: required, on the track, not skipped
    other_tracks: int
    optional: int
    in_skipped_phases: int
    skipped: int  # skipped by the learner, topic by topic

    @property
    def roadmap(self) -> int:
        return sum(self)


def topic_count(topics: Iterable[Topic], settings: Settings) -> TopicCount:
    other = optional = in_skipped = skipped = planned = 0
    skipped_numbers = skipped_phases(settings)
    for t in topics:
        if t.retired:
            continue
        if t.track not in (None, settings.track):
            other += 1
        elif t.optional:
            optional += 1
        elif t.phase in skipped_numbers:
            in_skipped += 1
        elif t.status is Status.SKIPPED:
            skipped += 1
        else:
            planned += 1
    return TopicCount(planned, other, optional, in_skipped, skipped)


class PhaseProgress(NamedTuple):
    phase: Phase
    state: PhaseState
    done: int
    total: int
    hours_planned: float
    remaining_hours: float  # of the open topics, less their credit (remaining_hours)
    next_topics: tuple[Topic, ...]
    credited_hours: float = 0.0  # what the hours logged on open topics took off

    @property
    def percent(self) -> float:
        return 100.0 * self.done / self.total if self.total else 100.0

    @property
    def percent_hours(self) -> float:
        """The share of the planned hours done: done topics' estimates and the credit."""
        if not self.hours_planned:
            return 100.0
        return 100.0 * (self.hours_planned - self.remaining_hours) / self.hours_planned


def phase_progress(
    phases: Sequence[Phase], settings: Settings, logged: Mapping[str, float] | None = None
) -> list[PhaseProgress]:
    """Each phase's state and totals; `logged` (hours by topic id) credits open topics."""
    logged = logged or {}
    result: list[PhaseProgress] = []
    current_found = False
    skipped_numbers = skipped_phases(settings)
    for phase in phases:
        phase = adjusted(phase, settings)
        topics = [t for t in phase.topics if counts(t, settings.track)]
        planned = [t for t in topics if t.status is not Status.SKIPPED]
        open_topics = tuple(t for t in planned if t.status is not Status.DONE)
        if phase.number in skipped_numbers:
            state = PhaseState.SKIPPED
        elif not open_topics:
            state = PhaseState.DONE
        elif not current_found:
            state, current_found = PhaseState.CURRENT, True
        else:
            state = PhaseState.UPCOMING
        left = [remaining_hours(t, logged.get(t.id, 0.0)) for t in open_topics]
        credit = [t.hours - r for t, r in zip(open_topics, left, strict=True)]
        result.append(
            PhaseProgress(
                phase=phase,
                state=state,
                done=len(planned) - len(open_topics),
                total=len(planned),
                hours_planned=sum(t.hours for t in planned),
                remaining_hours=sum(left, 0.0),
                next_topics=open_topics,
                credited_hours=sum(credit, 0.0),
            )
        )
    return result


def current_phase(progress: Sequence[PhaseProgress]) -> PhaseProgress | None:
    return next((p for p in progress if p.state is PhaseState.CURRENT), None)


def phase_calendar(phases: Sequence[Phase], settings: Settings) -> Callable[[date], Phase]:
    """A function giving the phase the learner was working in on a day.

    It is the first phase (not skipped) with a counted topic still open that day;
    a topic finished on the day itself still holds the learner in its phase. Each
    phase's closing day is worked out once, so asking for every day of ten years
    costs a few comparisons a day.
    """
    closing: list[tuple[Phase, date | None]] = []  # None: still open
    skipped_numbers = skipped_phases(settings)
    for phase in phases:
        if phase.number in skipped_numbers:
            continue
        topics = [
            t for t in phase.topics if counts(t, settings.track) and t.status is not Status.SKIPPED
        ]
        if not topics:
            continue
        done_days = [t.done_on for t in topics if t.status is Status.DONE]
        if len(done_days) < len(topics) or None in done_days:
            closing.append((phase, None))
            break  # no later phase can be current while this one is open
        closing.append((phase, max(d for d in done_days if d is not None)))
    fallback = phases[-1]

    def phase_on(day: date) -> Phase:
        for phase, closed in closing:
            if closed is None or closed >= day:
                return phase
        return fallback

    return phase_on


def phase_on(day: date, phases: Sequence[Phase], settings: Settings) -> Phase:
    """The phase the learner was working in on `day` (see phase_calendar)."""
    return phase_calendar(phases, settings)(day)


def hours_by_phase(
    entries: Iterable[Entry], phases: Sequence[Phase], settings: Settings
) -> dict[int, float]:
    """Logged hours per phase number: by the entry's topic, else by the phase of its day."""
    phase_of_topic = {t.id: p.number for p in phases for t in p.topics}
    totals = {p.number: 0.0 for p in phases}
    calendar = phase_calendar(phases, settings)
    for entry in entries:
        number = phase_of_topic.get(entry.topic_id) if entry.topic_id else None
        if number is None:
            number = calendar(entry.day).number
        totals[number] += entry.hours
    return totals


def weekly_target(phase: Phase, settings: Settings) -> float:
    """The learner's own weekly hours, or else the planned hours of the phase."""
    return settings.hours_per_week if settings.hours_per_week else phase.weekly_hours


OVERRUN_MARGIN = 0.25  # logged hours this far over the estimate mean the estimate misleads


class Overrun(NamedTuple):
    phase: int
    logged: float  # hours logged against the phase's done topics
    estimate: float  # those topics' estimated hours

    @property
    def percent_over(self) -> float:
        return 100.0 * (self.logged / self.estimate - 1)


def overruns(
    progress: Sequence[PhaseProgress], hours_by_topic: Mapping[str, float], track: str
) -> list[Overrun]:
    """Phases whose done topics took more than OVERRUN_MARGIN over their estimate.

    Only hours logged against a done topic count, so time spent on a topic still in
    progress does not make a phase look slow before it is fair to say so.
    """
    found: list[Overrun] = []
    for p in progress:
        done = [
            t for t in p.phase.topics if counts(t, track) and t.status is Status.DONE and t.hours
        ]
        estimate = sum(t.hours for t in done)
        logged = sum(hours_by_topic.get(t.id, 0.0) for t in done)
        if estimate and logged > estimate * (1 + OVERRUN_MARGIN) + 1e-9:
            found.append(Overrun(p.phase.number, logged, estimate))
    return found


def hours_by_topic(entries: Iterable[Entry]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for entry in entries:
        if entry.topic_id:
            totals[entry.topic_id] = totals.get(entry.topic_id, 0.0) + entry.hours
    return totals
