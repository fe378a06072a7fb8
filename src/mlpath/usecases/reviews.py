"""Use cases of spaced review: recording a review, taking a topic out of review (and back),
and giving done topics their review items.

The scheduler (domain/scheduler.py, over the fsrs package) is imported inside the
functions that schedule, so that a command importing this module for its checks
alone does not load it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain.model import Review, ReviewItem, Snapshot, Status, Topic
from mlpath.domain.reviews import Rating
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer
    from mlpath.usecases.hours import Logged

# The note of the entry that logs a review's time: `hours --entries` shows it.
REVIEW_NOTE = "review"


def check_reviewable(topic: Topic, item: ReviewItem | None) -> None:
    if topic.status is not Status.DONE or item is None:
        raise InvalidInput(
            f"{topic.id} is not done: only done topics are reviewed",
            hint=f"mlpath done {topic.id}",
        )
    if item.off:
        raise InvalidInput(
            f"{topic.id} is out of review",
            hint=f"to review it again: mlpath review --on {topic.id}",
        )


def topic_of(snapshot: Snapshot, query: str) -> Topic:
    return matching.find_topic(query, snapshot.topics())


class Reviewed(NamedTuple):
    topic: Topic
    review: Review
    before: ReviewItem
    after: ReviewItem
    logged: Logged | None  # the entry that logs the review's hours, if any


def record_review(
    *,
    writer: Writer,
    snapshot: Snapshot,
    topic_query: str,
    rating: Rating,
    day: date,
    hours: float | None = None,
) -> Reviewed:
    """Record one review: the scheduler's new state of the topic, the review, and (with
    `hours`) an entry on the topic that day, so the time counts in the week's hours.
    All in one change, which undo takes back whole."""
    from mlpath.domain import scheduler

    topic = topic_of(snapshot, topic_query)
    item = writer.review_item(topic.id)
    check_reviewable(topic, item)
    assert item is not None  # checked
    if topic.done_on is not None and day < topic.done_on:
        raise InvalidInput(
            f"{day.isoformat()} is before {topic.id} was done ({topic.done_on.isoformat()})",
            hint="a review comes after the topic is done",
        )
    last = max((d for d in (item.last_review, _card_day(item)) if d is not None), default=None)
    if last is not None and day < last:
        raise InvalidInput(
            f"{topic.id} was last reviewed on {last.isoformat()}, after {day.isoformat()}",
            hint="reviews are recorded in order: give a later --date",
        )
    after = scheduler.reviewed(item, rating, day, snapshot.retention)
    writer.put_review_item(after)
    review = writer.add_review(Review(topic.id, day, rating.value, hours))
    logged = None
    if hours is not None:
        from mlpath.usecases.hours import log_hours

        logged = log_hours(
            writer=writer,
            snapshot=snapshot,
            hours=hours,
            day=day,
            topic_query=topic.id,
            note=REVIEW_NOTE,
        )
    spent = f", {hours:g} h (entry #{logged.entry.id})" if logged is not None else ""
    writer.describe(
        f"review #{review.id}: {topic.id} {rating.value} on {day.isoformat()}{spent}, "
        f"next {after.due.isoformat()}"
    )
    return Reviewed(topic, review, item, after, logged)


def _card_day(item: ReviewItem) -> date | None:
    """The day of the scheduler's latest review of the item (its topic's done day, before
    any review was recorded)."""
    last = item.card.get("last_review")
    return date.fromisoformat(str(last)[:10]) if last else None


def set_in_review(
    *, writer: Writer, snapshot: Snapshot, topic_query: str, in_review: bool
) -> tuple[Topic, bool]:
    """Take a done topic out of review, or put it back; (topic, whether it changed)."""
    topic = topic_of(snapshot, topic_query)
    item = writer.review_item(topic.id)
    if topic.status is not Status.DONE or item is None:
        raise InvalidInput(
            f"{topic.id} is not done: only done topics are in review",
            hint=f"mlpath done {topic.id}",
        )
    if item.off is not in_review:
        return topic, False
    writer.put_review_item(item._replace(off=not in_review))
    writer.describe(f"review {'on' if in_review else 'off'}: {topic.id}")
    return topic, True


def start_reviews(writer: Writer, topic_id: str, done_on: date, retention: float) -> ReviewItem:
    """A topic just marked done enters review afresh from its done day (kept out of it
    if the learner took it out before)."""
    from mlpath.domain import scheduler

    before = writer.review_item(topic_id)
    item = scheduler.first_item(topic_id, done_on, retention)
    item = item._replace(off=before.off if before is not None else False)
    writer.put_review_item(item)
    return item


def schedule_done_topics(writer: Writer, retention: float, *, undoable: bool = True) -> int:
    """Give every done topic without a review item one, from its done day, as the
    migration to reviews did for the topics done before it (for imports of exports
    made before reviews, and topics a merge marks done). Returns how many."""
    missing = writer.done_without_review_item()
    if not missing:
        return 0
    from mlpath.domain import scheduler

    for topic_id, done_on in missing:
        writer.put_review_item(
            scheduler.first_item(topic_id, done_on, retention), undoable=undoable
        )
    return len(missing)
