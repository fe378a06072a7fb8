"""The paper log: papers added, read and reproduced, and the week's reading against the
source roadmap's advice.

The backbone's specialisation phase asks for "2-3 papers a week", read actively and
their code run (reproduced) as the last step. The specialisation phase is found in the
roadmap's data rather than named by number (see `specialisation_phases`), so a
roadmap of its own keeps the advice where its paper reading or its tracks are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from mlpath.domain.model import Phase, Topic
from mlpath.domain.weekly import week_start

PAPERS_PER_WEEK_MIN = 2
PAPERS_PER_WEEK_MAX = 3
# The roadmap topic that `paper read --hours` logs on when the paper names none: the
# specialisation phase's paper-reading exercise, by its id or one of its aliases.
READING_TOPIC = "paper-reading"


class Paper(NamedTuple):
    id: int
    title: str
    added_on: date
    url: str | None = None
    topic_id: str | None = None
    read_on: date | None = None
    reproduced_on: date | None = None  # its code run: the source's last reading step

    @property
    def state(self) -> str:
        if self.reproduced_on is not None:
            return "reproduced"
        return "read" if self.read_on is not None else "to read"


class PaperNote(NamedTuple):
    paper_id: int
    day: date
    text: str
    id: int | None = None


class ReadingWeek(NamedTuple):
    """The papers read in the week of `start` (a Monday), against the advice, which
    holds while the learner is in the specialisation phase (`phase`)."""

    start: date
    phase: int | None  # the learner's current phase (None: every phase is done)
    in_specialisation: bool
    read: int | None  # None: not counted, outside the specialisation phase
    target_min: int = PAPERS_PER_WEEK_MIN
    target_max: int = PAPERS_PER_WEEK_MAX


def specialisation_phases(phases: Sequence[Phase]) -> frozenset[int]:
    """The phase of the advice (the bundled roadmap's 5): the one that holds the
    paper-reading exercise, or else the first whose topics carry a track (where the
    specialisation begins; a later phase's track projects apply it, as phase 7's do)."""
    for phase in phases:
        if reading_topic(phase.topics) is not None:
            return frozenset({phase.number})
    first = next((p.number for p in phases if any(t.track for t in p.topics)), None)
    return frozenset() if first is None else frozenset({first})


def specialising(current_phase: int | None, phases: Sequence[Phase]) -> bool:
    """Whether the learner's current phase is a specialisation phase."""
    return current_phase is not None and current_phase in specialisation_phases(phases)


def read_by_week(read_days: Iterable[date]) -> dict[date, int]:
    """How many papers were read in each Monday-to-Sunday week, by its Monday."""
    weeks: dict[date, int] = {}
    for day in read_days:
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + 1
    return weeks


def reading_week(
    read_days: Iterable[date] | None,
    today: date,
    current_phase: int | None,
    phases: Sequence[Phase],
) -> ReadingWeek:
    """This week's papers read (of `read_days`, any days; None: not read, as outside
    the specialisation phase) and whether the advice holds."""
    monday = week_start(today)
    special = specialising(current_phase, phases)
    read = None
    if special and read_days is not None:
        read = sum(1 for day in read_days if monday <= day <= today)
    return ReadingWeek(monday, current_phase, special, read)


def reading_topic(topics: Sequence[Topic]) -> Topic | None:
    """The roadmap's paper-reading topic, by its id or an alias, if the roadmap has one."""
    return next(
        (t for t in topics if t.id == READING_TOPIC or READING_TOPIC in t.aliases),
        None,
    )
