"""Topics: marking their state (`done`, `doing`, `undone`, `skip`), listing and showing."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common

TopicNames = Annotated[
    list[str],
    typer.Argument(
        metavar="TOPIC",
        help="Topic ids or titles; any unique part of one will do.",
        autocompletion=common.complete_topic,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="When (default today): 2026-03-01, yesterday..."),
]


def _set_status(
    ctx: typer.Context,
    names: list[str],
    status: str,  # a Status value: the domain is imported by the command that runs, not by --help
    when: str | None,
    link: str | None = None,
    *,
    json: bool = False,
) -> None:
    from mlpath import clock
    from mlpath.cli.parsing import parse_link, parse_past_date
    from mlpath.domain import progress
    from mlpath.domain.model import Status
    from mlpath.render import topics as view
    from mlpath.usecases import topics as use

    today = clock.today()
    on = parse_past_date(when, today=today) if when else today
    evidence = parse_link(link) if link is not None else None
    with common.writing(ctx) as (writer, snapshot):
        changes = use.set_status(
            writer=writer,
            queries=names,
            status=Status(status),
            on=on,
            snapshot=snapshot,
            link=evidence,
        )
    after = use.after_changes(snapshot, changes)
    phases = progress.phase_progress(after.phases, after.settings)
    if json:
        from mlpath import render

        render.print_json(view.status_changes_json(changes, phases, evidence))
        return
    view.status_changes(changes, phases)
    if evidence is not None:
        view.noted(changes[0].topic, "link", evidence)


def done(
    ctx: typer.Context,
    topics: TopicNames,
    date: DateOption = None,
    link: Annotated[
        str | None,
        typer.Option(
            "--link", metavar="URL", help="Evidence of the work: a repository, notebook, write-up."
        ),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """Mark topics done: mlpath done "linear algebra" numpy."""
    _set_status(ctx, topics, "done", date, link, json=json)


def note(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC", help="A topic id or title.", autocompletion=common.complete_topic
        ),
    ],
    text: Annotated[
        str,
        typer.Argument(metavar="TEXT", help="What you learned, found hard, or want to revisit."),
    ],
    date: DateOption = None,
    json: common.JsonFlag = False,
) -> None:
    """Add a note to a topic's learning journal (`show` lists them)."""
    from mlpath import clock
    from mlpath.cli.parsing import parse_note, parse_past_date
    from mlpath.render import topics as view
    from mlpath.usecases import topics as use

    today = clock.today()
    day = parse_past_date(date, today=today) if date else today
    entry = parse_note(text)
    with common.writing(ctx) as (writer, snapshot):
        found, item = use.add_note(
            writer=writer, snapshot=snapshot, topic_query=topic, text=entry, day=day
        )
    if json:
        from mlpath import render

        render.print_json(view.noted_json(found, item))
        return
    view.noted(found, "note", entry)


def estimate(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC", help="A topic id or title.", autocompletion=common.complete_topic
        ),
    ],
    hours: Annotated[
        str | None,
        typer.Argument(metavar="HOURS", help="The hours you expect it to take in all."),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Drop your estimate: the roadmap's holds again.")
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """Your own estimate of a topic's hours, which the plan then uses."""
    from mlpath.cli.parsing import parse_topic_hours
    from mlpath.errors import InvalidInput
    from mlpath.render import topics as view
    from mlpath.usecases import topics as use

    if (hours is None) == (not clear):
        raise InvalidInput(
            "give HOURS or --clear" if hours is None else "give HOURS or --clear, not both",
            hint="mlpath estimate linear-algebra 100, or mlpath estimate linear-algebra --clear",
        )
    wanted = parse_topic_hours(hours) if hours is not None else None
    with common.writing(ctx) as (writer, snapshot):
        done = use.set_estimate(writer=writer, snapshot=snapshot, topic_query=topic, hours=wanted)
    if json:
        from mlpath import render

        render.print_json(view.estimated_json(done))
        return
    view.estimated(done)


def doing(
    ctx: typer.Context, topics: TopicNames, date: DateOption = None, json: common.JsonFlag = False
) -> None:
    """Mark topics as in progress."""
    _set_status(ctx, topics, "doing", date, json=json)


def undone(ctx: typer.Context, topics: TopicNames, json: common.JsonFlag = False) -> None:
    """Mark topics as not started (todo) again."""
    _set_status(ctx, topics, "todo", None, json=json)


def skip(ctx: typer.Context, topics: TopicNames, json: common.JsonFlag = False) -> None:
    """Skip topics you know already; they leave the plan's hours."""
    _set_status(ctx, topics, "skipped", None, json=json)


def list_topics(
    ctx: typer.Context,
    phase: Annotated[
        int | None, typer.Option("--phase", metavar="N", help="Only this phase.")
    ] = None,
    todo: Annotated[bool, typer.Option("--todo", help="Only topics not done or skipped.")] = False,
    doing: Annotated[bool, typer.Option("--doing", help="Only topics in progress.")] = False,
    done: Annotated[bool, typer.Option("--done", help="Only topics done.")] = False,
    all_tracks: Annotated[
        bool, typer.Option("--all-tracks", help="Include the other tracks' topics.")
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """List the roadmap's topics with their status."""
    from mlpath import render
    from mlpath.domain import reports
    from mlpath.domain.model import Status
    from mlpath.render import topics as view

    # --doing and --done together list both; either with --todo lists what it names.
    statuses = [s for s, wanted in ((Status.DOING, doing), (Status.DONE, done)) if wanted]
    if statuses and todo and Status.DONE in statuses:
        from mlpath.errors import InvalidInput

        raise InvalidInput("--todo leaves done topics out: --done lists them", hint="choose one")
    _, snapshot = common.snapshot(ctx)
    listed = reports.topic_list(
        snapshot, phase=phase, todo=todo, all_tracks=all_tracks, statuses=statuses
    )
    if json:
        render.print_json(view.topics_json(listed.topics))
    else:
        view.topics_table(listed.topics, snapshot, listed.counted)


def show(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC",
            help="A topic id or title, or a unique part of one.",
            autocompletion=common.complete_topic,
        ),
    ],
    json: common.JsonFlag = False,
) -> None:
    """Show a topic: summary, hours, status, journal, resources."""
    from mlpath import render
    from mlpath.domain import matching
    from mlpath.render import topics as view

    reader, snapshot = common.snapshot(ctx)
    found = matching.find_topic(topic, snapshot.topics(include_retired=True))
    logged = reader.hours_on_topic(found.id)
    journal = reader.notes(found.id)
    if json:
        render.print_json(
            view.topics_json([found], {found.id: logged})[0] | {"journal": view.notes_json(journal)}
        )
    else:
        view.topic(found, snapshot, logged, journal)


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for.")],
    json: common.JsonFlag = False,
) -> None:
    """Search topic titles, summaries and resources."""
    from mlpath import render
    from mlpath.domain import search
    from mlpath.render import topics as view

    _, snapshot = common.snapshot(ctx)
    hits = search.search(text, snapshot.topics())
    if json:
        render.print_json(view.hits_json(hits))
    else:
        view.hits(hits, text)


def next_topics(
    ctx: typer.Context,
    count: Annotated[
        int,
        typer.Option("--count", "-n", metavar="N", callback=common.within(1, 50), help="How many."),
    ] = 3,
    json: common.JsonFlag = False,
) -> None:
    """What to study next: overdue reviews, then your phase's topics."""
    from mlpath import clock, render
    from mlpath.domain import progress, reviews
    from mlpath.render import topics as view

    today = clock.today()
    reader, snapshot = common.snapshot(ctx)
    due = reviews.due_reviews(reader.review_items(), snapshot.topics(), today, reader.breaks())
    # Reviews more than a few days overdue come first (up to N of them, beside the N
    # topics): a topic half forgotten costs more to relearn the longer it waits.
    first = reviews.late(due)[:count]
    current = progress.current_phase(progress.phase_progress(snapshot.phases, snapshot.settings))
    upcoming = list(current.next_topics[:count]) if current else []
    logged = progress.hours_by_topic(reader.hours_by_day_and_topic()) if upcoming else {}
    if json:
        render.print_json(view.reviews_json(first) + view.topics_json(upcoming, logged))
    else:
        view.next_up(upcoming, current.phase if current else None, logged, first, len(due))
