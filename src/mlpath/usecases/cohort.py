"""The cohort view: every learner a mentor may see, one line each."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mlpath.domain.cohort import CohortRow, row
from mlpath.errors import InvalidInput, NotStarted

if TYPE_CHECKING:
    from mlpath.storage.reads import Reader


def needs_server() -> InvalidInput:
    """Why there is no cohort in an SQLite file: it holds one learner."""
    return InvalidInput(
        "the cohort view needs a PostgreSQL database that several learners share;"
        " this is a file of one",
        hint="point --db or MLPATH_DB at the group's postgresql:// URL "
        "(`mlpath status` shows your own progress)",
    )


def cohort(*, reader: Reader, today: date) -> list[CohortRow]:
    """A row for each learner enrolled in the database (those this role may read)."""
    from mlpath.domain import reports, weekly
    from mlpath.domain.breaks import break_days

    rows = []
    for name in reader.learners():
        theirs = reader.of(name)
        try:
            snapshot = theirs.snapshot()
        except NotStarted:
            continue  # enrolled and since undone: nothing to show yet
        entries = theirs.hours_by_day_and_topic()
        by_day = weekly.daily_totals(entries)
        breaks = theirs.breaks()
        report = reports.status_report(
            snapshot, hours_by_day=by_day, entries=entries, today=today, breaks=breaks
        )
        rows.append(row(name, report, by_day, reports.target_for(snapshot), off=break_days(breaks)))
    return rows
