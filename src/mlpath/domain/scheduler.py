"""The review scheduler: the fsrs package (the Free Spaced Repetition Scheduler), on days.

Imported only by the commands that schedule a review (`done`, `review`, `import`);
`status` and the other reads work from the stored due dates (domain/reviews.py).

fsrs schedules flashcards in minutes at first (its learning steps). A topic is
reviewed in days, so the scheduler here has no learning or relearning steps: every
rating gives a whole number of days. Its random fuzz is off, so the same reviews
always give the same dates, here, after an undo and after an import. Marking a topic
done is its first recall, rated good: its first review comes after the scheduler's
first interval for that (two days at the default retention of 0.9).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

from mlpath.domain import reviews
from mlpath.domain.limits import MAX_REVIEW_INTERVAL_DAYS
from mlpath.domain.model import ReviewItem

# fsrs numbers its cards by the time they are made (and sleeps a millisecond to keep
# them apart); a topic's id names its card here, so the number is the same for all.
_CARD_ID = 1


def _scheduler(retention: float) -> Scheduler:
    return Scheduler(
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAX_REVIEW_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def _moment(day: date) -> datetime:
    """A day as fsrs takes it: a moment in UTC (midnight: intervals are whole days)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def first_item(topic_id: str, done_on: date, retention: float) -> ReviewItem:
    """A topic just done, in review: due after the scheduler's first interval."""
    card, _ = _scheduler(retention).review_card(
        Card(card_id=_CARD_ID, due=_moment(done_on)), Rating.Good, review_datetime=_moment(done_on)
    )
    return ReviewItem(topic_id, _stored(card), card.due.date())


def reviewed(item: ReviewItem, rating: reviews.Rating, on: date, retention: float) -> ReviewItem:
    """The item once reviewed on `on` with `rating`: the scheduler's new state and due day."""
    card = Card.from_dict(item.card)  # type: ignore[arg-type]
    last = card.last_review.date() if card.last_review else None
    after, _ = _scheduler(retention).review_card(
        card, Rating(rating.grade), review_datetime=_moment(on)
    )
    due = reviews.next_due(
        on=on, rating=rating, scheduled=item.due, last_review=last, computed=after.due.date()
    )
    after.due = _moment(due)
    return item._replace(card=_stored(after), due=due, last_review=on)


def _stored(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def interval(item: ReviewItem) -> int:
    """The days from the item's latest review (or its topic's done day) to its due day."""
    last = item.card.get("last_review")
    if not last:
        return 0
    return (item.due - datetime.fromisoformat(last).date()).days
