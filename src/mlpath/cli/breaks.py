"""Planned breaks: `break` adds, lists and removes days off that the plan works around."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.domain.limits import MAX_ROW_ID


def plan_break(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="First day off: 2026-12-21, today, monday..."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help="Last day off (default: the --from day)."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Why: holiday, exams...")
    ] = None,
    delete: Annotated[
        int | None,
        typer.Option(
            "--delete",
            metavar="ID",
            callback=common.within(1, MAX_ROW_ID),
            help="Remove break ID.",
        ),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """Plan a break (holiday, exams); without --from, list the breaks.

    Break days have no weekly target, do not end a streak, do not lower your
    recent pace, and push the plan's dates out.
    """
    from mlpath import clock, render
    from mlpath.cli.parsing import parse_date_within, parse_note
    from mlpath.errors import InvalidInput
    from mlpath.render import breaks as view
    from mlpath.usecases import breaks as planning

    today = clock.today()
    if delete is not None:
        if first or last or note:
            raise InvalidInput("--delete takes only the break's id", hint="mlpath break --delete 2")
        with common.writing(ctx) as (writer, _):
            removed = planning.delete_break(writer=writer, break_id=delete)
        if json:
            render.print_json(view.break_changed_json(removed, added=False))
        else:
            view.break_changed(removed, added=False)
        return
    if first is None:
        if last or note:
            raise InvalidInput("a break needs its first day", hint="mlpath break --from 2026-12-21")
        reader, _ = common.snapshot(ctx)
        found = reader.breaks()
        if json:
            render.print_json(view.breaks_json(found))
        else:
            view.breaks_table(found, today)
        return
    begin = parse_date_within(first, today=today, years_back=30, years_ahead=10)
    end = parse_date_within(last, today=today, years_back=30, years_ahead=10) if last else begin
    why = parse_note(note) if note is not None else None
    with common.writing(ctx) as (writer, snapshot):
        added = planning.add_break(
            writer=writer, snapshot=snapshot, first=begin, last=end, note=why
        )
    if json:
        render.print_json(view.break_changed_json(added, added=True))
    else:
        view.break_changed(added, added=True)
