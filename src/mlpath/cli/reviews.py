"""`review`: spaced review of done topics, on the fsrs scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common


def review(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="A done topic to review now (without it: the reviews due).",
            autocompletion=common.complete_topic,
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            metavar="RATING",
            help="How well you recalled it: again, hard, good or easy (asked in a terminal).",
        ),
    ] = None,
    hours: Annotated[
        str | None,
        typer.Option(
            "--hours", metavar="HOURS", help="Time the review took: 0.5, 20m (logged on the topic)."
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="The day of the review (default today)."),
    ] = None,
    off: Annotated[bool, typer.Option("--off", help="Take TOPIC out of review.")] = False,
    on: Annotated[bool, typer.Option("--on", help="Put TOPIC back in review.")] = False,
    json: common.JsonFlag = False,
) -> None:
    """Review what you finished: the reviews due, or one topic's review.

    Each done topic comes up for review on the days the fsrs scheduler sets: a few
    days after it is done, then further apart the better you recall it. A review due
    during a planned break comes the day after it.
    """
    from mlpath.errors import InvalidInput

    recording = rating is not None or hours is not None or date is not None
    if off and on:
        raise InvalidInput("--off and --on cannot be used together", hint="choose one")
    if (off or on) and (topic is None or recording or json):
        flag = "--off" if off else "--on"
        raise InvalidInput(f"{flag} takes a topic alone", hint=f"mlpath review {flag} numpy")
    if topic is None:
        if recording:
            raise InvalidInput(
                "which topic did you review?", hint="mlpath review numpy --rating good"
            )
        _due(ctx, json=json)
        return
    if json:
        raise InvalidInput("--json lists the reviews due", hint="mlpath review --json")
    if off or on:
        _in_review(ctx, topic, in_review=on)
        return
    _review_one(ctx, topic, rating, hours, date)


def _due(ctx: typer.Context, *, json: bool) -> None:
    from mlpath import clock, render
    from mlpath.domain import reviews
    from mlpath.render import reviews as view

    today = clock.today()
    reader, snapshot = common.snapshot(ctx)
    items = reader.review_items()
    breaks = reader.breaks()
    topics = snapshot.topics()  # a retired topic is not reviewed (nor found by its name)
    due = reviews.due_reviews(items, topics, today, breaks)
    if json:
        render.print_json(view.due_json(due))
        return
    ahead = reviews.upcoming(items, topics, today, breaks)
    view.due_table(
        due, today, ahead[0] if ahead else None, reviews.after_break(items, topics, today, breaks)
    )


def _in_review(ctx: typer.Context, query: str, *, in_review: bool) -> None:
    from mlpath.render import reviews as view
    from mlpath.usecases import reviews as use

    with common.writing(ctx) as (writer, snapshot):
        found, changed = use.set_in_review(
            writer=writer, snapshot=snapshot, topic_query=query, in_review=in_review
        )
    view.in_review(found, in_review=in_review, changed=changed)


def _review_one(
    ctx: typer.Context, query: str, rating: str | None, hours: str | None, when: str | None
) -> None:
    from mlpath import clock
    from mlpath.cli.parsing import parse_hours, parse_past_date, parse_rating
    from mlpath.domain import reviews
    from mlpath.render import reviews as view
    from mlpath.usecases import reviews as use

    today = clock.today()
    day = parse_past_date(when, today=today) if when else today
    chosen = reviews.Rating(parse_rating(rating)) if rating is not None else None
    spent = parse_hours(hours) if hours is not None else None
    if chosen is None:
        reader, snapshot = common.snapshot(ctx)
        found = use.topic_of(snapshot, query)
        item = next((i for i in reader.review_items() if i.topic_id == found.id), None)
        use.check_reviewable(found, item)
        assert item is not None  # checked
        prompts = reviews.recall(found)
        if not view.interactive():
            view.recall_sheet(found, item, prompts)
            return
        chosen = view.ask(found, item, prompts)
        if chosen is None:  # the learner left without rating: nothing is recorded
            return
    with common.writing(ctx) as (writer, snapshot):
        done = use.record_review(
            writer=writer, snapshot=snapshot, topic_query=query, rating=chosen, day=day, hours=spent
        )
    view.reviewed(done, today)
