"""The paper log: `paper add`, `read`, `note`, `show` and `remove`, and `papers`."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli import common

if TYPE_CHECKING:
    from datetime import date


class Action(StrEnum):
    ADD = "add"
    READ = "read"
    NOTE = "note"
    SHOW = "show"
    REMOVE = "remove"


def paper(
    ctx: typer.Context,
    action: Annotated[
        Action,
        typer.Argument(
            metavar="ACTION",
            help="add TITLE: a paper to read; read ID: you read it (--reproduced: you ran "
            "its code too); note ID TEXT: a note on it; show ID: it and its notes; "
            "remove ID: take it out of the log.",
        ),
    ],
    what: Annotated[
        str | None,
        typer.Argument(metavar="TITLE|ID", help="The paper's title (add) or its id (the rest)."),
    ] = None,
    text: Annotated[
        str | None, typer.Argument(metavar="TEXT", help="With note: what you took from it.")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="With add: where it is (http or https)."),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help="With add: the roadmap topic it is for.",
            autocompletion=common.complete_topic,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="With add, read or note: the day (default today)."
        ),
    ] = None,
    reproduced: Annotated[
        bool,
        typer.Option("--reproduced", help="With read: you ran its code (the last reading step)."),
    ] = False,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours",
            metavar="HOURS",
            help="With read: the time it took (1.5, 90m), logged as theory on its topic.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="With read: a note on it.")
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """Keep a log of the papers you read: add one, read it, note it."""
    from mlpath import clock
    from mlpath.cli.parsing import parse_past_date
    from mlpath.errors import InvalidInput

    today = clock.today()
    _check_options(action, what, text, url, topic, date, reproduced, hours, note)
    day = parse_past_date(date, today=today) if date else today
    assert what is not None  # checked
    if action is Action.ADD:
        _add(ctx, what, url, topic, day, json=json)
        return
    paper_id = _paper_id(what)
    if action is Action.READ:
        _read(ctx, paper_id, day, reproduced, hours, note, json=json)
    elif action is Action.NOTE:
        if text is None:
            raise InvalidInput(
                "what is the note?", hint=f'mlpath paper note {paper_id} "the key idea"'
            )
        _note(ctx, paper_id, text, day, json=json)
    elif action is Action.SHOW:
        _show(ctx, paper_id, json=json)
    else:
        _remove(ctx, paper_id, json=json)


# The options each action takes, beside --json.
_TAKES = {
    Action.ADD: {"--url", "--topic", "--date"},
    Action.READ: {"--date", "--reproduced", "--hours", "--note"},
    Action.NOTE: {"--date", "TEXT"},
    Action.SHOW: set(),
    Action.REMOVE: set(),
}
_EXAMPLE = {
    Action.ADD: 'mlpath paper add "Attention Is All You Need" --url https://arxiv.org/abs/1706.03762',
    Action.READ: "mlpath paper read 3 --hours 2",
    Action.NOTE: 'mlpath paper note 3 "multi-head attention is several views of one sequence"',
    Action.SHOW: "mlpath paper show 3",
    Action.REMOVE: "mlpath paper remove 3",
}


def _check_options(
    action: Action,
    what: str | None,
    text: str | None,
    url: str | None,
    topic: str | None,
    date: str | None,
    reproduced: bool,
    hours: str | None,
    note: str | None,
) -> None:
    from mlpath.errors import InvalidInput

    given = {
        name
        for name, value in (
            ("TEXT", text),
            ("--url", url),
            ("--topic", topic),
            ("--date", date),
            ("--hours", hours),
            ("--note", note),
        )
        if value is not None
    } | ({"--reproduced"} if reproduced else set())
    extra = sorted(given - _TAKES[action])
    if extra:
        what_it_is = "a note's text" if extra[0] == "TEXT" else extra[0]
        raise InvalidInput(f"`paper {action.value}` takes no {what_it_is}", hint=_EXAMPLE[action])
    if what is None:
        needed = "title" if action is Action.ADD else "id"
        raise InvalidInput(f"which paper? give its {needed}", hint=_EXAMPLE[action])


def _paper_id(text: str) -> int:
    from mlpath.domain.limits import MAX_ROW_ID
    from mlpath.errors import InvalidInput

    word = text.strip().removeprefix("#")
    if not word.isascii() or not word.isdigit() or not 1 <= int(word) <= MAX_ROW_ID:
        raise InvalidInput(
            f"'{text}' is not a paper's id", hint="`mlpath papers` lists them with ids"
        )
    return int(word)


def _add(
    ctx: typer.Context,
    title: str,
    url: str | None,
    topic: str | None,
    day: date,
    *,
    json: bool,
) -> None:
    from mlpath import render
    from mlpath.cli.parsing import parse_paper_title, parse_web_address
    from mlpath.render import papers as view
    from mlpath.usecases import papers as log

    name = parse_paper_title(title)
    where = parse_web_address(url) if url is not None else None
    with common.writing(ctx) as (writer, snapshot):
        added = log.add_paper(
            writer=writer, snapshot=snapshot, title=name, day=day, url=where, topic_query=topic
        )
    if json:
        render.print_json(view.changed_json("added", added.paper))
    else:
        view.added(added)


def _read(
    ctx: typer.Context,
    paper_id: int,
    day: date,
    reproduced: bool,
    hours: str | None,
    note: str | None,
    *,
    json: bool,
) -> None:
    from mlpath import clock, render
    from mlpath.cli.parsing import parse_hours, parse_note
    from mlpath.domain import papers, progress, weekly
    from mlpath.render import papers as view
    from mlpath.usecases import papers as log

    spent = parse_hours(hours) if hours is not None else None
    words = parse_note(note) if note is not None else None
    today = clock.today()
    with common.writing(ctx) as (writer, snapshot):
        done = log.read_paper(
            writer=writer,
            snapshot=snapshot,
            paper_id=paper_id,
            day=day,
            reproduced=reproduced,
            hours=spent,
            note=words,
        )
        current = progress.current_phase(
            progress.phase_progress(snapshot.phases, snapshot.settings)
        )
        number = current.phase.number if current else None
        read = None
        if papers.specialising(number, snapshot.phases):
            read = writer.read().papers_read_days(since=weekly.week_start(today), until=today)
    week = papers.reading_week(read, today, number, snapshot.phases)
    if json:
        render.print_json(view.read_json(done, week))
    else:
        view.read(done, week)


def _note(ctx: typer.Context, paper_id: int, text: str, day: date, *, json: bool) -> None:
    from mlpath import render
    from mlpath.cli.parsing import parse_note
    from mlpath.render import papers as view
    from mlpath.usecases import papers as log

    words = parse_note(text)
    with common.writing(ctx) as (writer, _):
        found, written = log.note_paper(writer=writer, paper_id=paper_id, text=words, day=day)
    if json:
        render.print_json(view.noted_json(found, written))
    else:
        view.noted(found, written)


def _show(ctx: typer.Context, paper_id: int, *, json: bool) -> None:
    from mlpath import render
    from mlpath.errors import InvalidInput
    from mlpath.render import papers as view

    reader, snapshot = common.snapshot(ctx)
    found = reader.paper(paper_id)
    if found is None:
        raise InvalidInput(
            f"there is no paper #{paper_id}", hint="`mlpath papers` lists them with ids"
        )
    notes = reader.paper_notes(paper_id)
    if json:
        render.print_json(view.paper_json(found) | {"notes": view.notes_json(notes)})
    else:
        titles = {t.id: t.title for t in snapshot.topics(include_retired=True)}
        view.paper(found, notes, titles.get(found.topic_id or ""))


def _remove(ctx: typer.Context, paper_id: int, *, json: bool) -> None:
    from mlpath import render
    from mlpath.render import papers as view
    from mlpath.usecases import papers as log

    with common.writing(ctx) as (writer, _):
        removed, notes = log.remove_paper(writer=writer, paper_id=paper_id)
    if json:
        render.print_json(view.changed_json("removed", removed) | {"notes_removed": notes})
    else:
        view.removed(removed, notes)


def papers(
    ctx: typer.Context,
    unread: Annotated[
        bool, typer.Option("--unread", help="Only the papers still to read.")
    ] = False,
    json: common.JsonFlag = False,
) -> None:
    """List the papers in your log: to read, read, reproduced."""
    from mlpath import render
    from mlpath.render import papers as view

    reader, _ = common.snapshot(ctx)
    found = [p for p in reader.papers() if not unread or p.read_on is None]
    if json:
        render.print_json([view.paper_json(p) for p in found])
    else:
        view.papers_table(found, unread=unread)
