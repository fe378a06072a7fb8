"""Use cases of the portfolio: the learner's projects against the roadmap's criteria."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain import portfolio as domain
from mlpath.domain.model import Criterion, PortfolioCheck, Snapshot, Topic
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.reads import Reader
    from mlpath.storage.writes import Writer


class Portfolio(NamedTuple):
    projects: list[domain.Project]
    criteria: list[Criterion]


def portfolio(reader: Reader, snapshot: Snapshot) -> Portfolio:
    """The learner's projects with their evidence, hours and the criteria they meet."""
    from mlpath.domain import progress

    criteria = reader.criteria()
    hours = progress.hours_by_topic(reader.hours_by_day_and_topic())
    found = domain.projects(
        snapshot.topics(),
        snapshot.settings.track,
        criteria=criteria,
        checks=reader.portfolio_checks(),
        links=reader.links(),
        hours_by_topic=hours,
    )
    return Portfolio(found, criteria)


class Checked(NamedTuple):
    project: Topic
    criterion: Criterion
    checked: bool  # True: now recorded as met; False: no longer
    changed: bool  # False: it was so already, and nothing was written
    day: date | None  # the day it is recorded from (None once unchecked)


def check(
    *,
    writer: Writer,
    snapshot: Snapshot,
    project_query: str,
    criterion_query: str,
    on: date,
    uncheck: bool = False,
) -> Checked:
    """Record (or take back) that a project meets a criterion; one undoable change."""
    criteria = writer.read().criteria()
    if not criteria:
        raise InvalidInput(
            "this roadmap defines no portfolio criteria",
            hint="a roadmap file lists them under `criteria` (see data/roadmap.yaml)",
        )
    project = matching.find_topic(project_query, snapshot.topics())
    if not domain.is_project(project):
        raise InvalidInput(
            f"{project.id} is a{'n' if project.kind[0] in 'aeiou' else ''} {project.kind},"
            " not a project",
            hint="mlpath portfolio lists your projects",
        )
    criterion = domain.find_criterion(criterion_query, criteria)
    if criterion is None:
        raise InvalidInput(
            f"no criterion matches '{criterion_query}'",
            hint="one of: " + ", ".join(c.id for c in criteria),
        )
    if on < snapshot.settings.start_date:
        raise InvalidInput(
            f"{on.isoformat()} is before your start date {snapshot.settings.start_date}",
            hint="give a date since you started",
        )
    since = writer.checked_on(project.id, criterion.id)
    if uncheck:
        if since is None:
            return Checked(project, criterion, False, False, None)
        writer.remove_check(project.id, criterion.id)
        writer.describe(f"portfolio: {project.id} no longer meets {criterion.id}")
        return Checked(project, criterion, False, True, None)
    if since is not None:
        return Checked(project, criterion, True, False, since)
    writer.add_check(PortfolioCheck(project.id, criterion.id, on))
    writer.describe(f"portfolio: {project.id} meets {criterion.id}")
    return Checked(project, criterion, True, True, on)
