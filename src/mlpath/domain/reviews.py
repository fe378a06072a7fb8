"""Spaced review of done topics: when a review is shown as due, what is overdue, in what
order, and what to recall.

The scheduler that sets the due dates is the fsrs package's (domain/scheduler.py,
imported only by the commands that schedule). Everything here is pure and needs no
fsrs, so that `status`, `next`, `calendar` and `plan` work from the stored due dates
alone.

A planned break holds no reviews: a review due during one is shown as due the day
after it ends, and the break's days do not count as days overdue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from mlpath.domain.breaks import break_days, study_days
from mlpath.domain.limits import MAX_REVIEW_INTERVAL_DAYS
from mlpath.domain.model import Break, Review, ReviewItem, Status, Topic


class Rating(StrEnum):
    """How well a topic was recalled, as the scheduler grades it (again worst)."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"

    @property
    def grade(self) -> int:
        """1 (again) to 4 (easy): the scheduler's own numbers."""
        return list(Rating).index(self) + 1


# A review this many days overdue (study days) comes before new topics in `next`.
LATE_DAYS = 3

# The complete weeks whose review hours `plan` averages (as its recent pace does).
LOAD_WEEKS = 4


def shown_due(due: date, breaks: Iterable[Break]) -> date:
    """The day a review is shown as due: `due`, or the day after the planned break it
    falls in (and after the next, where one break follows another)."""
    day = due
    for b in sorted(breaks, key=lambda b: b.first):
        if b.first <= day <= b.last:
            day = b.last + timedelta(days=1)
    return day


def on_break(day: date, breaks: Iterable[Break]) -> bool:
    return any(b.first <= day <= b.last for b in breaks)


def overdue_days(due: date, today: date, breaks: Sequence[Break]) -> int | None:
    """The study days a review has waited past its day (0: due today); None when it is
    not due today: still to come, or today is a break day."""
    shown = shown_due(due, breaks)
    if shown > today or on_break(today, breaks):
        return None
    if shown == today:
        return 0
    return study_days(shown, today - timedelta(days=1), break_days(breaks))


def count_due(dues: Iterable[date], today: date, breaks: Sequence[Break]) -> int:
    """How many of the reviews scheduled on `dues` are due today or overdue."""
    return sum(1 for due in dues if overdue_days(due, today, breaks) is not None)


class DueReview(NamedTuple):
    topic: Topic
    item: ReviewItem
    due: date  # the day it is shown as due (after a break it fell in)
    overdue: int  # study days past that day


def reviewable(item: ReviewItem, topic: Topic | None) -> bool:
    """Whether an item is in review: its topic is done and it was not taken out."""
    return topic is not None and topic.status is Status.DONE and not item.off


def due_reviews(
    items: Iterable[ReviewItem], topics: Sequence[Topic], today: date, breaks: Sequence[Break]
) -> list[DueReview]:
    """The reviews due today or overdue, most overdue first (then by due day, then in
    roadmap order)."""
    by_id = {t.id: (i, t) for i, t in enumerate(topics)}
    found: list[tuple[int, DueReview]] = []
    for item in items:
        position, topic = by_id.get(item.topic_id, (len(by_id), None))
        if topic is None or not reviewable(item, topic):
            continue
        late = overdue_days(item.due, today, breaks)
        if late is not None:
            found.append((position, DueReview(topic, item, shown_due(item.due, breaks), late)))
    found.sort(key=lambda pair: (-pair[1].overdue, pair[1].due, pair[0]))
    return [review for _, review in found]


def after_break(
    items: Iterable[ReviewItem], topics: Sequence[Topic], today: date, breaks: Sequence[Break]
) -> tuple[date, int] | None:
    """On a break day: the day after the break, and how many reviews are due by then
    (they wait for it); None when today is not a break day."""
    current = next((b for b in breaks if b.first <= today <= b.last), None)
    if current is None:
        return None
    back = shown_due(current.last, breaks)  # past a break that follows this one, too
    by_id = {t.id: t for t in topics}
    waiting = sum(
        1
        for item in items
        if reviewable(item, by_id.get(item.topic_id)) and shown_due(item.due, breaks) <= back
    )
    return back, waiting


def late(due: Sequence[DueReview]) -> list[DueReview]:
    """Those more than LATE_DAYS overdue: `next` puts them before new topics."""
    return [r for r in due if r.overdue > LATE_DAYS]


def upcoming(
    items: Iterable[ReviewItem], topics: Sequence[Topic], after: date, breaks: Sequence[Break]
) -> list[tuple[date, Topic]]:
    """The reviews shown as due after `after`, soonest first: (day, topic)."""
    by_id = {t.id: t for t in topics}
    ahead = [
        (shown_due(item.due, breaks), topic)
        for item in items
        if (topic := by_id.get(item.topic_id)) is not None and reviewable(item, topic)
    ]
    return sorted(((day, t) for day, t in ahead if day > after), key=lambda pair: pair[0])


def next_due(
    *, on: date, rating: Rating, scheduled: date, last_review: date | None, computed: date
) -> date:
    """The next due day of a review on `on`, from the scheduler's `computed` one.

    A topic recalled well (good or easy) on or after its due day is put off longer
    than the interval it has just come through, by a day at least: a review at the
    same interval again would teach nothing new (the scheduler can round a short
    interval back to itself at a high target retention). The floor is the same for
    good and easy, so an easier rating never gives an earlier day.
    """
    day = computed
    if rating in (Rating.GOOD, Rating.EASY) and last_review is not None and on >= scheduled:
        previous = (scheduled - last_review).days
        day = max(day, on + timedelta(days=previous + 1))
    return min(day, on + timedelta(days=MAX_REVIEW_INTERVAL_DAYS))


def weekly_load(reviews: Iterable[Review], *, today: date, start_date: date) -> float:
    """The hours a week spent on reviews: their average over the last LOAD_WEEKS complete
    weeks (fewer when the learner started more recently; 0 before one week is complete)."""
    monday = today - timedelta(days=today.weekday())
    first_monday = start_date - timedelta(days=start_date.weekday())
    weeks = min(LOAD_WEEKS, (monday - first_monday).days // 7)
    if weeks <= 0:
        return 0.0
    since = monday - timedelta(weeks=weeks)
    total = sum(r.hours or 0.0 for r in reviews if since <= r.day < monday)
    return total / weeks


class Recall(NamedTuple):
    """What a review asks the learner to recall, and the key points to check against."""

    questions: tuple[str, ...]
    points: tuple[str, ...]


_ASIDE = re.compile(r"\s*\((?:about|roughly|around)\b[^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A comma outside parentheses: "operations (multiplication, the transpose)" is one item.
_TOP_LEVEL_COMMA = re.compile(r",(?![^()]*\))")


def recall(topic: Topic) -> Recall:
    """Questions from a topic's title and summary, and the summary's key points.

    The first sentence of a summary lists what the topic covers: its items are the
    points to name. Each further sentence (why it matters) is a point of its own.
    """
    text = _ASIDE.sub("", " ".join(topic.summary.split()))
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    if not sentences:
        return Recall(
            (f"What do you remember of {topic.title}? Name its key ideas and explain one.",),
            (),
        )
    first, *rest = sentences
    parts = _TOP_LEVEL_COMMA.split(first.rstrip(".!?"))
    if len(parts) > 1 and " and " in parts[-1]:  # "a, b and c": the list's last two
        parts[-1:] = parts[-1].rsplit(" and ", 1)
    items = [_item(part) for part in parts]
    points = [item for item in items if item] + rest
    named = len(points) - len(rest)
    questions = [
        f"What does {topic.title} cover? Name its {named} key ideas."
        if named > 1
        else f"What is {topic.title} about?"
    ]
    if rest:
        questions.append(f"Why does {topic.title} matter for what comes after it?")
    questions.append("Explain one of its ideas in your own words, with an example.")
    return Recall(tuple(questions), tuple(points))


def _item(part: str) -> str:
    part = part.strip()
    if part.lower().startswith("and "):
        part = part[4:]
    return part[:1].upper() + part[1:]
