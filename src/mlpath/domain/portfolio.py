"""The portfolio: the learner's projects, their evidence and the criteria each meets.

The roadmap's criteria of a strong project are data (its `criteria`); the learner
records which a project meets (`portfolio check`). Plain functions over plain data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from mlpath.domain.model import Criterion, Note, PortfolioCheck, Status, Topic

PROJECT_KIND = "project"


class Project(NamedTuple):
    """One project topic as the portfolio shows it."""

    topic: Topic
    links: tuple[str, ...]  # evidence of the work, oldest first (`done --link`)
    hours_logged: float
    estimate: float  # the learner's own estimate if set, else the roadmap's
    met: tuple[str, ...]  # ids of the roadmap's criteria it meets, in the roadmap's order
    checked_on: Mapping[str, date]  # when each criterion met was recorded

    @property
    def done(self) -> bool:
        return self.topic.status is Status.DONE


def is_project(topic: Topic) -> bool:
    return topic.kind == PROJECT_KIND and not topic.retired


def projects(
    topics: Iterable[Topic],
    track: str,
    *,
    criteria: Sequence[Criterion],
    checks: Iterable[PortfolioCheck],
    links: Iterable[Note],
    hours_by_topic: Mapping[str, float],
) -> list[Project]:
    """The learner's projects, in roadmap order.

    Those of the learner's track and those common to every track, optional ones
    included (a portfolio is what was built, not only what the plan asks); another
    track's project only once the learner has worked on it or checked it.
    """
    checked: dict[str, dict[str, date]] = {}
    for check in checks:
        checked.setdefault(check.topic_id, {})[check.criterion] = check.day
    evidence: dict[str, list[str]] = {}
    for note in sorted(links, key=lambda n: (n.day, n.id or 0)):
        if note.kind == "link":
            evidence.setdefault(note.topic_id, []).append(note.text)
    order = [c.id for c in criteria]
    found: list[Project] = []
    for topic in topics:
        if not is_project(topic):
            continue
        logged = hours_by_topic.get(topic.id, 0.0)
        mine = topic.track is None or topic.track == track
        touched = topic.status is not Status.TODO or logged > 0 or topic.id in checked
        if not (mine or touched):
            continue
        on = checked.get(topic.id, {})
        found.append(
            Project(
                topic=topic,
                links=tuple(evidence.get(topic.id, ())),
                hours_logged=logged,
                estimate=topic.estimate if topic.estimate is not None else topic.hours,
                met=tuple(c for c in order if c in on),
                checked_on={c: on[c] for c in order if c in on},
            )
        )
    return found


def find_criterion(text: str, criteria: Sequence[Criterion]) -> Criterion | None:
    """The criterion `text` names: its id, its title in any case, or a unique prefix of
    either; None when it names none or more than one."""
    wanted = text.strip().casefold()
    for criterion in criteria:
        if wanted in (criterion.id, criterion.title.casefold()):
            return criterion
    prefixed = [
        c for c in criteria if c.id.startswith(wanted) or c.title.casefold().startswith(wanted)
    ]
    return prefixed[0] if len(prefixed) == 1 and wanted else None
