"""Study hours: `log` records them, `hours` reports them week by week."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.domain.limits import MAX_ROW_ID


def log(
    ctx: typer.Context,
    hours: Annotated[
        str | None,
        typer.Argument(metavar="HOURS", help="Hours studied: 1.5, 2h, 1h30m, 90min, 45m."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="The day (default today): 2026-03-01, yesterday."
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="What you studied.",
            autocompletion=common.complete_topic,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note for the entry.")
    ] = None,
    practice: Annotated[
        bool,
        typer.Option(
            "--practice",
            help="Hands-on work: code, exercises, projects (default on exercises and projects).",
        ),
    ] = False,
    theory: Annotated[
        bool,
        typer.Option(
            "--theory", help="Reading, lectures, maths on paper (default on other topics)."
        ),
    ] = False,
    edit: Annotated[
        int | None,
        typer.Option(
            "--edit",
            metavar="ID",
            callback=common.within(1, MAX_ROW_ID),
            help="Correct entry ID (hours, --date, --topic, --note).",
        ),
    ] = None,
    delete: Annotated[
        int | None,
        typer.Option(
            "--delete",
            metavar="ID",
            callback=common.within(1, MAX_ROW_ID),
            help="Delete entry ID.",
        ),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """Record study hours, or fix an entry with --edit or --delete."""
    from mlpath import clock, render
    from mlpath.cli.parsing import parse_entry_note, parse_hours, parse_past_date
    from mlpath.domain import reports, weekly
    from mlpath.errors import InvalidInput
    from mlpath.render import hours as view
    from mlpath.usecases import hours as study

    today = clock.today()
    amount = parse_hours(hours) if hours is not None else None
    day = parse_past_date(date, today=today) if date else None
    note = parse_entry_note(note) if note is not None else None
    if edit is not None and delete is not None:
        raise InvalidInput("--edit and --delete cannot be used together")
    if practice and theory:
        raise InvalidInput(
            "an entry is theory or practice, not both", hint="give --practice or --theory"
        )
    kind = True if practice else False if theory else None
    if delete is not None:
        if amount is not None or day or topic is not None or note is not None or kind is not None:
            raise InvalidInput("--delete takes only the entry's id", hint="mlpath log --delete 17")
        with common.writing(ctx) as (writer, _):
            removed = study.delete_entry(writer=writer, entry_id=delete)
        if json:
            render.print_json(view.edited_json(removed))
        else:
            view.edited(removed)
        return
    if edit is not None:
        with common.writing(ctx) as (writer, snapshot):
            changed = study.edit_entry(
                writer=writer,
                snapshot=snapshot,
                entry_id=edit,
                hours=amount,
                day=day,
                topic_query=topic,
                note=note,
                practice=kind,
            )
        if json:
            render.print_json(view.edited_json(changed))
        else:
            view.edited(changed)
        return
    if amount is None:
        raise InvalidInput("how many hours?", hint="e.g. mlpath log 1.5, or mlpath log 1h30m")
    with common.writing(ctx) as (writer, snapshot):
        result = study.log_hours(
            writer=writer,
            snapshot=snapshot,
            hours=amount,
            day=day or today,
            topic_query=topic,
            note=note,
            practice=kind,
        )
        # The reply shows this week against its target: this week's days are enough.
        this_monday = weekly.week_start(today)
        reader = writer.read()
        by_day = reader.hours_by_day(since=this_monday)
        planned = reader.breaks()
    weeks = reports.weeks(snapshot, by_day, today, planned, since=this_monday)
    if json:
        render.print_json(view.logged_json(result, weeks[-1] if weeks else None))
    else:
        view.logged(result, weeks[-1] if weeks else None)


def hours_report(
    ctx: typer.Context,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            metavar="N",
            callback=common.within(1, 1000),
            help="How many weeks (default 8, or 12 with --chart).",
        ),
    ] = None,
    entries: Annotated[
        bool, typer.Option("--entries", help="List the entries themselves, with their ids.")
    ] = False,
    chart: Annotated[
        bool,
        typer.Option("--chart", help="A bar chart: hours, target and the plan's band per week."),
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """Hours per week against your target, with the running balance."""
    from datetime import timedelta

    from mlpath import clock, render
    from mlpath.domain import reports, weekly
    from mlpath.errors import InvalidInput
    from mlpath.render import hours as view

    if chart and entries:
        raise InvalidInput(
            "--chart draws weeks, --entries lists entries: choose one",
            hint="mlpath hours --chart, or mlpath hours --entries",
        )
    # A chart reads at a glance, so it can show a quarter where the table shows two months.
    weeks = weeks or (12 if chart else 8)
    reader, snapshot = common.snapshot(ctx)
    if entries:
        since = weekly.week_start(clock.today()) - timedelta(weeks=weeks - 1)
        found = reader.entries(since=since)
        if json:
            render.print_json(view.entries_json(found))
        else:
            view.entries_table(found)
        return
    from mlpath.domain import balance, progress

    today = clock.today()
    by_day = reader.hours_by_day()
    shown = reports.weeks(snapshot, by_day, today, reader.breaks())[-weeks:]
    split = reader.theory_and_practice_by_day(since=shown[0].start if shown else today)
    from mlpath.domain.papers import read_by_week

    read = read_by_week(reader.papers_read_days(since=shown[0].start if shown else today))
    if json:
        render.print_json(
            view.hours_json(shown, snapshot.weekly_range, balance.split_by_week(split), read)
        )
        return
    if chart:
        from mlpath.render import charts

        charts.hours_chart(shown, snapshot.weekly_range)
        return
    low, high = snapshot.weekly_range
    view.hours_table(shown, weekly.adherence(shown, low, high), snapshot.weekly_range, read)
    current = progress.current_phase(progress.phase_progress(snapshot.phases, snapshot.settings))
    phase = current.phase if current else snapshot.phases[-1]
    view.balance(balance.balance(split, today, phase.number))
