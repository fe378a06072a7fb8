"""The study timer: `timer start`, `stop`, `status` and `cancel` (issue 19)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli import common

if TYPE_CHECKING:
    from datetime import datetime


class Action(StrEnum):
    START = "start"
    STOP = "stop"
    STATUS = "status"
    CANCEL = "cancel"


def timer(
    ctx: typer.Context,
    action: Annotated[
        Action,
        typer.Argument(
            metavar="ACTION",
            help="start [TOPIC]: start timing; stop: log the time as entries (one a day); "
            "status: how long so far; cancel: drop the timer, logging nothing.",
        ),
    ],
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="With start: what you study.",
            autocompletion=common.complete_topic,
            show_default=False,
        ),
    ] = None,
    practice: Annotated[
        bool, typer.Option("--practice", help="With start: practice (exercises, a project).")
    ] = False,
    theory: Annotated[
        bool, typer.Option("--theory", help="With start: theory (reading, lectures).")
    ] = False,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="With stop: a note for the entries."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="With stop: when you stopped studying (18:30, yesterday 18:30), for a "
            "timer you forgot; logged without asking.",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="With stop: log a timer that ran over 12 hours without asking."
        ),
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """Time a study session: start it, stop it, and the time is logged."""
    from mlpath import clock, render
    from mlpath.errors import InvalidInput
    from mlpath.render import timer as view
    from mlpath.usecases import timer as stopwatch

    now = clock.now()
    if action is not Action.START and (topic is not None or practice or theory):
        raise InvalidInput(
            "a topic, --practice and --theory go with `timer start`",
            hint="mlpath timer start numpy --practice",
        )
    if action is not Action.STOP and (note is not None or yes or at is not None):
        raise InvalidInput(
            "--note, --at and --yes go with `timer stop`",
            hint='mlpath timer stop --note "broadcasting"',
        )
    if action is Action.STATUS:
        reader, snapshot = common.snapshot(ctx)
        found = reader.timer()
        result = stopwatch.running(found, snapshot, now) if found else None
        if json:
            render.print_json(view.status_json(result))
        else:
            view.status(result)
        return
    if action is Action.START:
        if practice and theory:
            raise InvalidInput("choose --practice or --theory, not both")
        kind = "practice" if practice else "theory" if theory else None
        with common.writing(ctx) as (writer, snapshot):
            result = stopwatch.start(
                writer=writer, snapshot=snapshot, now=now, topic_query=topic, kind=kind
            )
        if json:
            render.print_json(view.status_json(result))
        else:
            view.started(result)
        return
    if action is Action.CANCEL:
        with common.writing(ctx) as (writer, snapshot):
            result = stopwatch.cancel(writer=writer, snapshot=snapshot)
        if json:
            render.print_json(view.status_json(result) | {"running": False})
        else:
            view.cancelled(result)
        return
    _stop(ctx, now=now, at=at, note=note, yes=yes, json=json)


def _stop(
    ctx: typer.Context, *, now: datetime, at: str | None, note: str | None, yes: bool, json: bool
) -> None:
    from mlpath import render
    from mlpath.cli.parsing import parse_entry_note, parse_past_time
    from mlpath.domain.timer import whole_minutes
    from mlpath.errors import InvalidInput
    from mlpath.render import timer as view
    from mlpath.usecases import timer as stopwatch

    note = parse_entry_note(note) if note is not None else None
    # An end given is the learner's own word on how long it ran: nothing to ask.
    end = parse_past_time(at, now=now) if at is not None else now
    long_ok = yes or at is not None
    if not long_ok and view.interactive():
        # At a terminal a timer left running is asked about, rather than refused.
        reader, _ = common.snapshot(ctx)
        found = reader.timer()
        if found is not None and stopwatch.is_long(whole_minutes(found.started_at, now)):
            if not view.confirm_long(whole_minutes(found.started_at, now), found.started_at):
                raise InvalidInput(
                    "nothing was logged: the timer is still running",
                    hint="`mlpath timer stop --at TIME` logs it up to when you stopped; "
                    "`mlpath timer cancel` drops it",
                )
            long_ok = True
    with common.writing(ctx) as (writer, snapshot):
        result = stopwatch.stop(
            writer=writer, snapshot=snapshot, end=end, note=note, long_ok=long_ok
        )
    if json:
        render.print_json(view.stopped_json(result))
    else:
        view.stopped(result)
