"""Bringing in a newer roadmap bundled with mlpath, keeping the learner's progress."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mlpath.domain.model import Snapshot
    from mlpath.storage.writes import Writer
    from mlpath.usecases.enrolment import StartResult


class Refreshed(NamedTuple):
    before: str  # the roadmap version the learner had
    result: StartResult


def newer_bundled(current: Snapshot) -> str | None:
    """The version of a newer bundled roadmap the learner follows, if mlpath has one."""
    if current.roadmap_file is not None:
        return None
    from mlpath.paths import bundled_roadmap, peek_version

    version = peek_version(bundled_roadmap())
    return version if version not in (None, current.roadmap_version) else None


def bring_in_bundled(*, writer: Writer, today: date) -> StartResult:
    """Load the bundled roadmap into the learner's database, as `start` would.

    The caller commits this on its own, before the command that found it runs, and
    reports it only then: what that command does next cannot take it back.
    """
    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap
    from mlpath.usecases import enrolment

    return enrolment.start(
        writer=writer, roadmap=load_roadmap(bundled_roadmap()), roadmap_file=None, today=today
    )
