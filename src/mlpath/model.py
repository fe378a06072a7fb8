"""The domain's vocabulary: plain, immutable data shared by every pure function.

Storage turns its rows into these; planning, progress and matching never see SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


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


@dataclass(frozen=True)
class Resource:
    title: str
    kind: str
    url: str | None = None
    free: bool | None = None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Topic:
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

    @property
    def finished(self) -> bool:
        """Done or deliberately skipped: either way no hours remain for it."""
        return self.status in (Status.DONE, Status.SKIPPED)


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    title: str
    weekly_hours: float
    weeks_min: float
    weeks_max: float
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True)
class Settings:
    start_date: date
    track: str
    hours_per_week: float | None = None  # None: each phase's own planned hours
    skipped_phases: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Entry:
    day: date
    hours: float
    topic_id: str | None = None
    note: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Break:
    """Planned days off, first to last inclusive."""

    first: date
    last: date
    note: str | None = None
    id: int | None = None

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Note:
    """A journal item of a topic: kind "note" (text) or "link" (evidence URL)."""

    topic_id: str
    day: date
    kind: str
    text: str
    id: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """Everything the commands know about the learner, as domain objects."""

    settings: Settings
    phases: tuple[Phase, ...]
    roadmap_id: str
    roadmap_version: str
    weekly_range: tuple[float, float]
    sources: tuple[Source, ...] = ()
    roadmap_file: str | None = None  # None: the roadmap bundled with mlpath

    def topics(self, *, include_retired: bool = False) -> list[Topic]:
        return [t for p in self.phases for t in p.topics if include_retired or not t.retired]

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)
