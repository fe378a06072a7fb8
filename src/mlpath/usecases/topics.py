"""Use cases on topics: setting their state, and their learning journal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain.model import Note, Snapshot, Status, Topic, TopicState
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer


class StatusChange(NamedTuple):
    topic: Topic
    before: Status
    after: Status
    on: date | None
    other_track: str | None = None  # the learner's track, when the topic is of another
    review_due: date | None = None  # a topic just done: when its first review is due

    @property
    def changed(self) -> bool:
        return self.before is not self.after


def _next_state(before: TopicState | None, status: Status, on: date) -> TopicState:
    """A topic's stored state once it is set to `status` on day `on`."""
    started = before.started_on if before else None
    if status is Status.DOING:
        started = on
    elif status is Status.TODO:
        started = None
    return TopicState(status, started, on if status is Status.DONE else None)


def set_status(
    *,
    writer: Writer,
    queries: Sequence[str],
    status: Status,
    on: date,
    snapshot: Snapshot,
    link: str | None = None,
) -> list[StatusChange]:
    """Set the status of every named topic, or of none if any name is wrong.

    `snapshot` is the learner's data as read at the start of this transaction.
    A `link` (evidence of the work, for one topic) joins its journal in the same change.
    """
    if on < snapshot.settings.start_date and status in (Status.DONE, Status.DOING):
        raise InvalidInput(
            f"{on.isoformat()} is before your start date {snapshot.settings.start_date}",
            hint="to move the start earlier: mlpath start --date YYYY-MM-DD",
        )
    topics = snapshot.topics()
    chosen: list[Topic] = []
    for query in queries:
        topic = matching.find_topic(query, topics)
        if topic not in chosen:
            chosen.append(topic)
    if link is not None and len(chosen) != 1:
        raise InvalidInput("--link belongs to one topic", hint="mark the topics one by one")
    changes: list[StatusChange] = []
    for topic in chosen:
        stored = writer.topic_state(topic.id)
        before = stored.status if stored else Status.TODO
        track = snapshot.settings.track
        other = track if topic.track not in (None, track) else None
        change = StatusChange(topic, before, status, on if status is Status.DONE else None, other)
        if before is not status:
            writer.put_topic_state(topic.id, _next_state(stored, status, on))
            if status is Status.DONE:
                from mlpath.usecases.reviews import start_reviews

                # In the same change as the topic's state: undo takes both back.
                item = start_reviews(writer, topic.id, on, snapshot.retention)
                change = change._replace(review_due=None if item.off else item.due)
        changes.append(change)
    changed = [c.topic.id for c in changes if c.changed]
    summary = f"{status.value}: {', '.join(changed)}"
    if link is not None:
        writer.add_note(Note(chosen[0].id, on, "link", link))
        summary = f"{summary} (link {link})" if changed else f"link for {chosen[0].id}: {link}"
    writer.describe(summary)
    return changes


def after_changes(snapshot: Snapshot, changes: Sequence[StatusChange]) -> Snapshot:
    """The snapshot as it stands once `changes` are made (no second read needed)."""
    new = {c.topic.id: c for c in changes if c.changed}
    if not new:
        return snapshot
    phases = tuple(
        phase._replace(
            topics=tuple(
                t._replace(status=new[t.id].after, done_on=new[t.id].on) if t.id in new else t
                for t in phase.topics
            )
        )
        for phase in snapshot.phases
    )
    return snapshot._replace(phases=phases)


def add_note(
    *, writer: Writer, snapshot: Snapshot, topic_query: str, text: str, day: date
) -> tuple[Topic, Note]:
    topic = matching.find_topic(topic_query, snapshot.topics())
    note = writer.add_note(Note(topic.id, day, "note", text))
    writer.describe(f"note #{note.id} on {topic.id}")
    return topic, note


class Estimated(NamedTuple):
    topic: Topic
    before: float | None  # the learner's estimate before (None: the roadmap's held)
    after: float | None  # None: cleared, the roadmap's estimate holds again


def set_estimate(
    *, writer: Writer, snapshot: Snapshot, topic_query: str, hours: float | None
) -> Estimated:
    """The learner's own estimate of a topic's hours, or (None) back to the roadmap's."""
    topic = matching.find_topic(topic_query, snapshot.topics())
    if hours is None and topic.estimate is None:
        raise InvalidInput(
            f"{topic.id} has no estimate of yours to clear: the roadmap's {topic.hours:g} h holds",
            hint=f"mlpath estimate {topic.id} HOURS sets one",
        )
    if hours is not None and hours == topic.estimate:
        raise InvalidInput(
            f"your estimate of {topic.id} is {hours:g} h already", hint="nothing was changed"
        )
    writer.put_estimate(topic.id, hours)
    if hours is None:
        writer.describe(f"estimate of {topic.id} cleared (the roadmap's {topic.hours:g} h)")
    else:
        writer.describe(f"estimate of {topic.id}: {hours:g} h")
    return Estimated(topic, topic.estimate, hours)
