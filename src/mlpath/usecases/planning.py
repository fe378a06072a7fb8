"""Use cases on the plan itself: recording a new baseline."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mlpath.domain import reports
from mlpath.domain.model import Baseline, Snapshot

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer


def rebaseline(*, writer: Writer, snapshot: Snapshot, today: date) -> Baseline:
    """Make the plan as it stands today the baseline the pace verdict compares against."""
    reader = writer.read()
    made = reports.rebaseline(
        snapshot, today=today, entries=reader.hours_by_day_and_topic(), breaks=reader.breaks()
    )
    writer.add_baseline(made)
    writer.describe(f"rebaseline: the plan of {today.isoformat()}")
    return made
