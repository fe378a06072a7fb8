"""Spaced review: the reviews due, one topic's recall prompts, the rating asked for in a
terminal, and what a review scheduled next."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, literal, make_console
from mlpath.render.text import duration, list_table, long_date, plural

if TYPE_CHECKING:
    from mlpath.domain.model import ReviewItem, Topic
    from mlpath.domain.reviews import DueReview, Rating, Recall
    from mlpath.usecases.reviews import Reviewed


def _late(days: int) -> str:
    return "due today" if days == 0 else plural(days, "day")


def due_table(
    due: Sequence[DueReview],
    today: date,
    ahead: tuple[date, Topic] | None,
    on_break: tuple[date, int] | None = None,
) -> None:
    """`on_break`: today is a break day; the day after the break, and the reviews that
    wait for it."""
    console = make_console()
    if on_break is not None:
        back, waiting = on_break
        console.print(
            f"You are on a planned break: no review is due until it ends; "
            f"{plural(waiting, 'review')} {'waits' if waiting == 1 else 'wait'} for "
            f"{long_date(back)}.",
            markup=False,
        )
    if not due:
        if on_break is None:
            console.print("No reviews due today.", markup=False)
        if ahead is not None:
            day, topic = ahead
            console.print(
                literal(f"Next: {topic.title} ({topic.id}) on {long_date(day)}."), markup=False
            )
        return
    console.print(
        f"Reviews due on {today.isoformat()}: {len(due)}, most overdue first", markup=False
    )
    table = list_table()
    table.add_column("Topic", overflow="fold")
    table.add_column("Ph", justify="right")
    table.add_column("Last review", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Overdue", no_wrap=True)
    for r in due:
        last = r.item.last_review.isoformat() if r.item.last_review else "—"
        table.add_row(
            f"{r.topic.title} ({r.topic.id})",
            str(r.topic.phase),
            last,
            r.due.isoformat(),
            _late(r.overdue),
        )
    console.print(table)
    console.print(
        "Review one: mlpath review TOPIC (or --rating good to record it at once).", markup=False
    )


def due_json(due: Sequence[DueReview]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.topic.id,
            "title": r.topic.title,
            "phase": r.topic.phase,
            "last_review": r.item.last_review,
            "due": r.due,
            "overdue_days": r.overdue,
        }
        for r in due
    ]


def in_review(topic: Topic, *, in_review: bool, changed: bool) -> None:
    where = "in review" if in_review else "out of review"
    if not changed:
        echo(f"{topic.title} ({topic.id}) is already {where}; unchanged.")
        return
    more = "its reviews come due again" if in_review else "it comes up for review no more"
    echo(f"{topic.title} ({topic.id}) is now {where}: {more}.")


def interactive() -> bool:
    """Whether the learner is at a terminal to be asked for a rating."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _head(topic: Topic, item: ReviewItem) -> str:
    done = f" · done {topic.done_on.isoformat()}" if topic.done_on else ""
    return (
        f"Review: {topic.title} ({topic.id}) · phase {topic.phase}{done} · "
        f"due {item.due.isoformat()}"
    )


def _questions(prompts: Recall) -> list[str]:
    return [f"  {i}. {q}" for i, q in enumerate(prompts.questions, start=1)]


def _points(prompts: Recall) -> list[str]:
    return [f"  • {point}" for point in prompts.points]


def recall_sheet(topic: Topic, item: ReviewItem, prompts: Recall) -> None:
    """Not at a terminal: the questions, then the points to check, then how to record."""
    lines = [_head(topic, item), "Recall, then check:", *_questions(prompts)]
    if prompts.points:
        lines += ["Key points:", *_points(prompts)]
    lines.append(f"Record it: mlpath review {topic.id} --rating again|hard|good|easy [--hours H]")
    for line in lines:
        echo(line)


_ANSWERS = {"a": "again", "h": "hard", "g": "good", "e": "easy", "1": "again"}
_ANSWERS |= {"2": "hard", "3": "good", "4": "easy"}


def ask(topic: Topic, item: ReviewItem, prompts: Recall) -> Rating | None:
    """At a terminal: the questions first, the key points once the learner is ready, then
    the rating. None when they leave without one (an empty answer, or end of input)."""
    from mlpath.domain.reviews import Rating

    for line in [_head(topic, item), "Recall before you look:", *_questions(prompts)]:
        echo(line)
    try:
        if prompts.points:
            input("Press Enter to see the key points... ")
            for line in _points(prompts):
                echo(line)
        while True:
            answer = input("How well did you recall it? again, hard, good or easy [a/h/g/e]: ")
            word = answer.strip().lower()
            if not word:
                break
            chosen = word if word in {r.value for r in Rating} else _ANSWERS.get(word)
            if chosen is not None:
                return Rating(chosen)
            echo(f"'{answer.strip()}' is not a rating: type a, h, g or e (Enter alone: none).")
    except EOFError:
        echo()
    echo("Nothing was recorded.")
    return None


def reviewed(done: Reviewed, today: date) -> None:
    t, after = done.topic, done.after
    days = (after.due - today).days
    when = f"in {plural(days, 'day')}" if days > 0 else "today" if days == 0 else "already due"
    echo(
        f"Reviewed {t.title} ({t.id}) on {done.review.day.isoformat()}: {done.review.rating}. "
        f"Next review {long_date(after.due)} ({when})."
    )
    if done.logged is not None:
        entry = done.logged.entry
        echo(
            f"Logged {duration(entry.hours)} on {t.id} for {entry.day.isoformat()} "
            f"(entry #{entry.id}): it counts in the week's hours."
        )
