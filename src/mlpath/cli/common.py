"""What several commands share: opening the database and reading the learner's data.

Read commands take the light path (a storage Reader: the standard library's sqlite3
only); write commands open a storage Writer, one transaction for the whole command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli.app import SAVED, learner_of_command, url_of_command

__all__ = [
    "SAVED",
    "url_of_command",
    "learner_of_command",
    "location",
    "snapshot",
    "status_report",
    "transaction",
    "writing",
]

if TYPE_CHECKING:
    from datetime import date

    from mlpath.domain.model import Snapshot
    from mlpath.domain.reports import StatusReport
    from mlpath.storage.handle import Database
    from mlpath.storage.reads import Reader
    from mlpath.storage.writes import Writer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout ('-': stdout)."
    ),
]
STDOUT = "-"


def within(low: int, high: int) -> Callable[[typer.CallbackParam, int | None], int | None]:
    """An option's check that it is a whole number from `low` to `high`, said plainly.

    In place of Typer's min/max, which print `[1<=x<=9223372036854775807]` in the help
    and answer "Input should be greater than or equal to 1".
    """

    def check(param: typer.CallbackParam, value: int | None) -> int | None:
        if value is None:
            return value
        from mlpath.errors import InvalidInput

        name = max(param.opts, key=len) if param.opts else str(param.name)
        if value < low:
            raise InvalidInput(f"{name} must be at least {low}", hint=f"e.g. {name} {low}")
        if value > high:
            raise InvalidInput(f"{name} must be at most {high}")
        return value

    return check


def is_stdout(output: Path) -> bool:
    """Whether an output file given is `-`, stdout."""
    return str(output) == STDOUT


def write_output(ctx: typer.Context, output: Path, data: bytes) -> None:
    """Write a file the learner asked for, never over the database or its files."""
    from mlpath.formats.output_file import write_atomic
    from mlpath.paths import sqlite_path

    write_atomic(output, data, database=sqlite_path(url_of_command(ctx)))


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
def transaction(ctx: typer.Context, *, create: bool = False) -> Iterator[Writer]:
    """One unit of work on the learner's database; when it has committed, the command
    is marked as having saved a change (so a failure to print after it says so)."""
    from mlpath.render import waiting
    from mlpath.storage.writes import open_writer

    with open_writer(
        url_of_command(ctx), create=create, on_wait=waiting, learner=learner_of_command(ctx)
    ) as writer:
        yield writer
    ctx.find_root().meta[SAVED] = True


def database(ctx: typer.Context) -> Database:
    """The learner's database, for a use case that opens what it needs itself."""
    from mlpath.render import waiting
    from mlpath.storage.handle import Database

    return Database(url_of_command(ctx), on_wait=waiting, learner=learner_of_command(ctx))


def location(ctx: typer.Context) -> str:
    """Where the database is, as the learner may be shown it (never its password)."""
    from mlpath.paths import sqlite_path

    url = url_of_command(ctx)
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from mlpath.storage.failures import shown

    return shown(url)


def snapshot(ctx: typer.Context) -> tuple[Reader, Snapshot]:
    """A reader and the learner's data, for the read commands."""
    from mlpath.errors import NotStarted
    from mlpath.storage.reads import open_reader
    from mlpath.usecases import refresh

    try:
        reader = open_reader(url_of_command(ctx), learner=learner_of_command(ctx))
    except NotStarted:
        raise NotStarted(location(ctx)) from None
    # Closed with the command: the last connection out folds the log into the file.
    ctx.call_on_close(reader.close)
    try:
        current = reader.snapshot()
    except NotStarted:
        raise NotStarted(location(ctx)) from None
    except Exception:
        # A damaged page met here: closed now, before the error's advice looks at the
        # files beside the database (a connection still open keeps its log there).
        reader.close()
        raise
    if refresh.newer_bundled(current) is not None:
        from mlpath.errors import Busy, DatabaseError

        try:
            with writing(ctx):
                pass  # writing() brings the newer roadmap in, in its own transaction
        except (DatabaseError, Busy):
            # A read-only or busy database still reads; the roadmap comes in later.
            return reader, current
        current = reader.snapshot()
    return reader, current


def status_report(ctx: typer.Context) -> tuple[StatusReport, dict[date, float]]:
    """The status report and the hours by day it was made from (`status`, `share`)."""
    report, by_day, _ = status_report_and_reader(ctx)
    return report, by_day


def status_report_and_reader(
    ctx: typer.Context,
) -> tuple[StatusReport, dict[date, float], Reader]:
    """The status report, the hours by day it was made from, and the reader it used."""
    from mlpath import clock
    from mlpath.domain import reports, weekly

    reader, current = snapshot(ctx)
    entries = reader.hours_by_day_and_topic()  # one pass over the index serves both
    by_day = weekly.daily_totals(entries)
    today = clock.today()
    report = reports.status_report(
        current,
        hours_by_day=by_day,
        entries=entries,
        today=today,
        breaks=reader.breaks(),
        review_dues=reader.review_dues(until=today),
    )
    from mlpath.domain import balance

    split = reader.theory_and_practice_by_day(since=balance.window_start(today))
    phase = report.current.phase if report.current else current.phases[-1]
    report = report._replace(balance=balance.balance(split, today, phase.number))
    from mlpath.domain import papers

    # The week's papers are counted (one indexed query) only where the advice holds.
    number = report.current.phase.number if report.current else None
    read = None
    if papers.specialising(number, current.phases):
        read = reader.papers_read_days(since=weekly.week_start(today), until=today)
    report = report._replace(papers=papers.reading_week(read, today, number, current.phases))
    return report, by_day, reader


@contextmanager
def writing(ctx: typer.Context) -> Iterator[tuple[Writer, Snapshot]]:
    """One unit of work, with the learner's data as read inside it.

    A newer bundled roadmap is brought in first, in a transaction of its own that
    commits before it is reported: what the command does next cannot take it back.
    """
    from mlpath import clock
    from mlpath.render import setup as view
    from mlpath.usecases import refresh

    with transaction(ctx) as writer:
        current = _load(ctx, writer)
        if refresh.newer_bundled(current) is None:
            yield writer, current
            return
    from mlpath.errors import AccessDenied

    try:
        with transaction(ctx) as writer:
            result = refresh.bring_in_bundled(writer=writer, today=clock.today())
    except AccessDenied:
        pass  # a shared database's roadmap is its owner's to bring in (`mlpath admin`)
    else:
        view.roadmap_refreshed(current.roadmap_version, result)
    with transaction(ctx) as writer:
        yield writer, _load(ctx, writer)


def _load(ctx: typer.Context, writer: Writer) -> Snapshot:
    from mlpath.errors import NotStarted

    try:
        return writer.snapshot()
    except NotStarted:
        raise NotStarted(location(ctx)) from None
