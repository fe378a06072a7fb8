"""Study hours: `log` records them, `hours` reports them week by week."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.cli.app import app


@app.command()
def log(
    ctx: typer.Context,
    hours: Annotated[str, typer.Argument(help="Hours studied: 1.5, 2h, 1h30m, 90min, 45m.")],
    date: Annotated[
        str | None, typer.Option("--date", help="The day (default today): 2026-03-01, yesterday.")
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="What you studied.", autocompletion=common.complete_topic),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note for the entry.")] = None,
) -> None:
    """Record study hours."""
    from mlpath import clock, queries, render, reports, store, tracker
    from mlpath.parsing import parse_hours, parse_past_date

    today = clock.today()
    amount = parse_hours(hours)
    day = parse_past_date(date, today=today) if date else today
    with common.writing(ctx) as (session, snapshot):
        result = tracker.log_hours(
            session=session, snapshot=snapshot, hours=amount, day=day, topic_query=topic, note=note
        )
        by_day = queries.hours_by_day(store.raw_connection(session))
    weeks = reports.weeks(snapshot, by_day, today)
    render.logged(result, weeks[-1] if weeks else None)


@app.command("hours")
def hours_report(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=1000, help="How many weeks.")] = 8,
    json: common.JsonFlag = False,
) -> None:
    """Hours per week against your target, with the running balance."""
    from mlpath import clock, queries, render, reports, weekly

    conn, snapshot = common.snapshot(ctx)
    by_day = queries.hours_by_day(conn)
    shown = reports.weeks(snapshot, by_day, clock.today())[-weeks:]
    if json:
        render.print_json(render.hours_json(shown))
        return
    low, high = snapshot.weekly_range
    render.hours_table(shown, weekly.adherence(shown, low, high), snapshot.weekly_range)
