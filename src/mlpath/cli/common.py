"""What several commands share: opening the database and reading the learner's data.

Read commands take the light path (dbfile + queries, standard library only); write
commands open an SQLModel session, one transaction for the whole command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli.app import SAVED, database_url

__all__ = [
    "SAVED",
    "database_url",
    "location",
    "snapshot",
    "status_report",
    "transaction",
    "writing",
]

if TYPE_CHECKING:
    import sqlite3
    from datetime import date

    from sqlmodel import Session

    from mlpath.domain.model import Snapshot
    from mlpath.domain.reports import StatusReport
    from mlpath.usecases.enrolment import StartResult

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout ('-': stdout)."
    ),
]
STDOUT = "-"


def is_stdout(output: Path) -> bool:
    """Whether an output file given is `-`, stdout."""
    return str(output) == STDOUT


def write_output(ctx: typer.Context, output: Path, data: bytes) -> None:
    """Write a file the learner asked for, never over the database or its files."""
    from mlpath.formats.output_file import write_atomic
    from mlpath.paths import sqlite_path

    write_atomic(output, data, database=sqlite_path(database_url(ctx)))


def complete_topic(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Topic ids for shell completion (mlpath.cli.completion; usually answered before Typer).

    Completion does not run the app's callback, so --db is read from the root's params.
    """
    from rich.markup import escape

    from mlpath.cli.completion import topic_candidates
    from mlpath.safetext import shown

    # Typer reads each title as Rich markup before the shell shows it: it must read
    # as the title itself, and hold no control character for the shell's menu.
    found = topic_candidates(ctx.find_root().params.get("db"), incomplete)
    return [(value, escape(shown(title))) for value, title in found]


@contextmanager
def transaction(ctx: typer.Context, *, create: bool = False) -> Iterator[Session]:
    """One transaction on the learner's database; when it has committed, the command
    is marked as having saved a change (so a failure to print after it says so)."""
    from mlpath.render import waiting
    from mlpath.storage import database

    with database.transaction(database_url(ctx), create=create, on_wait=waiting) as session:
        yield session
    ctx.find_root().meta[SAVED] = True


def location(ctx: typer.Context) -> str:
    from mlpath.paths import sqlite_path

    url = database_url(ctx)
    return str(sqlite_path(url) or url)


def snapshot(ctx: typer.Context) -> tuple[sqlite3.Connection, Snapshot]:
    """A read-only connection and the learner's data, for the read commands."""
    from mlpath.errors import NotStarted
    from mlpath.storage import reads, sqlite_file

    try:
        conn = sqlite_file.open_reader(database_url(ctx))
    except NotStarted:
        raise NotStarted(location(ctx)) from None
    # Closed with the command: the last connection out folds the log into the file.
    ctx.call_on_close(conn.close)
    try:
        current = reads.load_snapshot(conn)
    except NotStarted:
        raise NotStarted(location(ctx)) from None
    if _bundled_update(current) is not None:
        from sqlalchemy.exc import OperationalError

        from mlpath.errors import Busy, DatabaseError

        try:
            with writing(ctx):
                pass  # writing() brings the newer roadmap in, in its own transaction
        except (OperationalError, DatabaseError, Busy):
            # A read-only or busy database still reads; the roadmap comes in later.
            return conn, current
        current = reads.load_snapshot(conn)
    return conn, current


def status_report(ctx: typer.Context) -> tuple[StatusReport, dict[date, float]]:
    """The status report and the hours by day it was made from (`status`, `share`)."""
    from mlpath import clock
    from mlpath.domain import reports, weekly
    from mlpath.storage import reads

    conn, current = snapshot(ctx)
    entries = reads.hours_by_day_and_topic(conn)  # one pass over the index serves both
    by_day = weekly.daily_totals(entries)
    report = reports.status_report(
        current,
        hours_by_day=by_day,
        entries=entries,
        today=clock.today(),
        breaks=reads.breaks(conn),
    )
    return report, by_day


@contextmanager
def writing(ctx: typer.Context) -> Iterator[tuple[Session, Snapshot]]:
    """One transaction, with the learner's data as read inside it.

    A newer bundled roadmap is brought in first, in a transaction of its own that
    commits before it is reported: what the command does next cannot take it back.
    """
    from mlpath.render import setup as view

    with transaction(ctx) as session:
        current = _load(ctx, session)
        if _bundled_update(current) is None:
            yield session, current
            return
        result = _bring_in_bundled(session)
    view.roadmap_refreshed(current.roadmap_version, result)
    with transaction(ctx) as session:
        yield session, _load(ctx, session)


def _load(ctx: typer.Context, session: Session) -> Snapshot:
    from mlpath.errors import NotStarted
    from mlpath.storage import database, reads

    try:
        return reads.load_snapshot(database.raw_connection(session))
    except NotStarted:
        raise NotStarted(location(ctx)) from None


def _bundled_update(current: Snapshot) -> str | None:
    """The version of a newer bundled roadmap the learner follows, if mlpath has one."""
    if current.roadmap_file is not None:
        return None
    from mlpath.paths import bundled_roadmap, peek_version

    version = peek_version(bundled_roadmap())
    return version if version not in (None, current.roadmap_version) else None


def _bring_in_bundled(session: Session) -> StartResult:
    from mlpath import clock
    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap
    from mlpath.usecases import enrolment

    return enrolment.start(
        session=session,
        roadmap=load_roadmap(bundled_roadmap()),
        roadmap_file=None,
        today=clock.today(),
    )
