"""Theory and practice: the share of practice in the learner's recent hours, against the
source roadmap's advice for their phase.

The backbone's FAQ answers "theory or practice?" with "both, weighted 30% theory and
70% practice early on, shifting to 50/50 once you are comfortable implementing
algorithms from scratch"; its tips line says "70/30 early, shifting to 50/50", which
we read the same way (70% practice). "Early" is ours to place: the roadmap has the
learner implement the classical algorithms from scratch through phase 3 (Classical
Machine Learning), so phases up to EARLY_LAST_PHASE aim at 70% practice and the
later ones at half.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import NamedTuple

BALANCE_WEEKS = 4  # the share is measured over the last four weeks, today included
EARLY_LAST_PHASE = 3
EARLY_PRACTICE_SHARE = 0.7
LATER_PRACTICE_SHARE = 0.5
PRACTICE_KINDS = frozenset({"exercise", "project"})


def is_practice(topic_kind: str | None) -> bool:
    """An entry's kind when the learner does not say: by its topic's (none: theory)."""
    return topic_kind in PRACTICE_KINDS


def target_practice_share(phase: int) -> float:
    return EARLY_PRACTICE_SHARE if phase <= EARLY_LAST_PHASE else LATER_PRACTICE_SHARE


class Balance(NamedTuple):
    theory_hours: float
    practice_hours: float
    phase: int  # the phase whose advice holds (the current one)
    weeks: int = BALANCE_WEEKS

    @property
    def target_practice_share(self) -> float:
        return target_practice_share(self.phase)

    @property
    def practice_share(self) -> float | None:
        """None: no hours in the window to take a share of."""
        total = self.theory_hours + self.practice_hours
        return self.practice_hours / total if total > 0 else None


def window_start(today: date) -> date:
    return today - timedelta(days=7 * BALANCE_WEEKS - 1)


def balance(split_by_day: Mapping[date, tuple[float, float]], today: date, phase: int) -> Balance:
    """The theory and practice hours (by day: (theory, practice)) of the last four
    weeks up to `today`, against the advice for `phase`."""
    first = window_start(today)
    theory = practice = 0.0
    for day, (t, p) in split_by_day.items():
        if first <= day <= today:
            theory += t
            practice += p
    return Balance(theory, practice, phase)


def split_by_week(
    split_by_day: Mapping[date, tuple[float, float]],
) -> dict[date, tuple[float, float]]:
    """The (theory, practice) hours of each Monday-to-Sunday week, by its Monday."""
    weeks: dict[date, tuple[float, float]] = {}
    for day, (t, p) in split_by_day.items():
        monday = day - timedelta(days=day.weekday())
        theory, practice = weeks.get(monday, (0.0, 0.0))
        weeks[monday] = (theory + t, practice + p)
    return weeks
