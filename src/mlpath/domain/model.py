"""The domain's vocabulary: plain, immutable data shared by every pure function.

Storage turns its rows into these; planning, progress and matching never see SQL.

Records here and across the domain are NamedTuples rather than frozen dataclasses:
on Python 3.11 a frozen dataclass costs about 0.9 ms to define and a NamedTuple
about 0.2 ms, and a command defines twenty to thirty of them before it does any
work. They are built several thousand at a time too (a day of ten years each), and
a NamedTuple is also quicker to build.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    SKIPPED = "skipped"


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"
    SKIPPED = "skipped"


class Resource(NamedTuple):
    title: str
    kind: str
    url: str | None = None
    free: bool | None = None


class Source(NamedTuple):
    id: str
    title: str
    url: str | None = None


class Topic(NamedTuple):
    id: str
    title: str
    phase: int
    kind: str
    hours: float
    track: str | None = None
    optional: bool = False
    status: Status = Status.TODO
    done_on: date | None = None
    aliases: tuple[str, ...] = ()
    retired: bool = False
    summary: str = ""
    sources: tuple[str, ...] = ()
    resources: tuple[Resource, ...] = ()
    estimate: float | None = None  # the learner's own estimate of its hours (`estimate`)

    @property
    def finished(self) -> bool:
        """Done or deliberately skipped: either way no hours remain for it."""
        return self.status in (Status.DONE, Status.SKIPPED)


class Phase(NamedTuple):
    id: str
    number: int
    title: str
    weekly_hours: float
    weeks_min: float
    weeks_max: float
    topics: tuple[Topic, ...] = ()


class Adjustment(NamedTuple):
    """How a background profile changes one phase (by number): one of the three."""

    phase: int
    hours_factor: float = 1.0  # on each of its topics' hours
    extra_weeks: float = 0.0  # more weeks at the phase's own weekly hours
    skip: bool = False


class Profile(NamedTuple):
    """A background the roadmap defines (roadmap file `profiles`)."""

    id: str
    title: str
    description: str
    adjustments: tuple[Adjustment, ...] = ()


class Criterion(NamedTuple):
    """A quality of a strong portfolio project (roadmap file `criteria`)."""

    id: str
    title: str
    description: str


class PortfolioCheck(NamedTuple):
    """The learner's record that one project meets one criterion, from `day`."""

    topic_id: str
    criterion: str  # a criterion's id; the roadmap may since have dropped it
    day: date


class Settings(NamedTuple):
    start_date: date
    track: str
    hours_per_week: float | None = None  # None: each phase's own planned hours
    skipped_phases: frozenset[int] = frozenset()
    profile: str | None = None  # a background profile's id; None: the roadmap as written
    # The profile's adjustments, resolved against the roadmap by whoever reads the
    # settings (the stored settings keep only the id).
    adjustments: tuple[Adjustment, ...] = ()


class Entry(NamedTuple):
    day: date
    hours: float
    topic_id: str | None = None
    note: str | None = None
    id: int | None = None
    practice: bool = False  # practice (exercises, projects, code) or else theory


class Timer(NamedTuple):
    """The learner's running study timer: since when, on what (if said), and whether
    practice or theory (if said)."""

    started_at: datetime  # aware
    topic_id: str | None = None
    kind: str | None = None  # "practice" or "theory"


class Break(NamedTuple):
    """Planned days off, first to last inclusive."""

    first: date
    last: date
    note: str | None = None
    id: int | None = None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


class Note(NamedTuple):
    """A journal item of a topic: kind "note" (text) or "link" (evidence URL)."""

    topic_id: str
    day: date
    kind: str
    text: str
    id: int | None = None


class SettingsPeriod(NamedTuple):
    """Settings that were in force from `first_day` to `last_day`, before a change."""

    first_day: date
    last_day: date
    settings: Settings


class Baseline(NamedTuple):
    """The plan's phase finishes as made on a day of record (`plan --rebaseline`)."""

    made_on: date
    finishes: tuple[tuple[int, date], ...]  # (phase number, finish), in phase order


class Snapshot(NamedTuple):
    """Everything the commands know about the learner, as domain objects."""

    settings: Settings
    phases: tuple[Phase, ...]
    roadmap_id: str
    roadmap_version: str
    weekly_range: tuple[float, float]
    sources: tuple[Source, ...] = ()
    roadmap_file: str | None = None  # None: the roadmap bundled with mlpath
    # Settings in force before the current ones, oldest first; the current ones
    # (`settings`) hold from the day after the last of these ends.
    settings_history: tuple[SettingsPeriod, ...] = ()
    baseline: Baseline | None = None  # None: the plan from the start date
    enrolled_at: datetime | None = None  # when `start` first ran here: names this database
    retention: float = 0.9  # the reviews' target retention (limits.DEFAULT_RETENTION)
    profiles: tuple[Profile, ...] = ()  # the backgrounds the roadmap defines

    @property
    def settings_since(self) -> date:
        """The first day the current settings are in force."""
        if not self.settings_history:
            return self.settings.start_date
        return self.settings_history[-1].last_day + timedelta(days=1)

    def topics(self, *, include_retired: bool = False) -> list[Topic]:
        return [t for p in self.phases for t in p.topics if include_retired or not t.retired]

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)


class Enrolment(NamedTuple):
    """The learner's stored choices and the roadmap they follow (the settings record)."""

    start_date: date
    track: str
    hours_per_week: float | None
    skipped_phases: tuple[int, ...]
    weekly_min: float  # the roadmap's recommended weekly range
    weekly_max: float
    roadmap_id: str
    roadmap_version: str
    roadmap_file: str | None  # None: the roadmap bundled with mlpath
    retention: float = 0.9  # the reviews' target retention (limits.DEFAULT_RETENTION)
    profile: str | None = None  # the background profile's id

    @property
    def settings(self) -> Settings:
        return Settings(
            start_date=self.start_date,
            track=self.track,
            hours_per_week=self.hours_per_week,
            skipped_phases=frozenset(self.skipped_phases),
            profile=self.profile,
        )


class TopicState(NamedTuple):
    """Where the learner is with one topic, as stored."""

    status: Status
    started_on: date | None = None
    done_on: date | None = None


class ReviewItem(NamedTuple):
    """A done topic in spaced review: the scheduler's state of it and when it is due.

    `card` is the fsrs scheduler's card as its `to_dict` gives it, kept as stored so
    that undo and import put it back exactly; `due` is the day the scheduler set
    (a planned break may move the day it is shown as due: domain/reviews.py).
    """

    topic_id: str
    card: dict[str, Any]
    due: date
    off: bool = False  # taken out of review by the learner (`review --off`)
    last_review: date | None = None  # the day of its latest review, if any


class Review(NamedTuple):
    """One review of a topic, as recorded: its day, rating and the time it took."""

    topic_id: str
    day: date
    rating: str  # a domain.reviews.Rating value
    hours: float | None = None
    id: int | None = None
