"""The study timer: start it, and stop it to log the time as `log` would (issue 19).

One timer runs at a time, stored with the learner's data so that it outlives the
terminal. Stopping it logs one entry per local day it ran on, under `log`'s rules.
Practice or theory is kept on the timer only: entries have no place for it yet.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain import timer as clockwork
from mlpath.domain.limits import LONG_TIMER_HOURS
from mlpath.domain.model import Snapshot, Timer, Topic
from mlpath.errors import InvalidInput
from mlpath.usecases import hours as study

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer

KINDS = ("practice", "theory")


class Running(NamedTuple):
    timer: Timer
    topic: Topic | None
    minutes: int  # whole minutes so far


class Stopped(NamedTuple):
    timer: Timer
    topic: Topic | None
    minutes: int
    logged: list[study.Logged]  # one a day, in order


def topic_of(timer: Timer, snapshot: Snapshot) -> Topic | None:
    if timer.topic_id is None:
        return None
    topics = snapshot.topics(include_retired=True)
    return next((t for t in topics if t.id == timer.topic_id), None)


def running(timer: Timer, snapshot: Snapshot, now: datetime) -> Running:
    return Running(timer, topic_of(timer, snapshot), clockwork.whole_minutes(timer.started_at, now))


def is_long(minutes: int) -> bool:
    return minutes > LONG_TIMER_HOURS * 60


def _about(topic: Topic | None, kind: str | None) -> str:
    about = f" on {topic.id}" if topic else ""
    return about + (f" ({kind})" if kind else "")


def _at(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def no_timer() -> InvalidInput:
    return InvalidInput("no timer is running", hint="start one: mlpath timer start [TOPIC]")


def start(
    *,
    writer: Writer,
    snapshot: Snapshot,
    now: datetime,
    topic_query: str | None = None,
    kind: str | None = None,
) -> Running:
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not practice or theory")
    current = writer.timer()
    if current is not None:
        about = _about(topic_of(current, snapshot), current.kind)
        raise InvalidInput(
            f"a timer is already running{about}, since {_at(current.started_at)}",
            hint="`mlpath timer stop` logs it, `mlpath timer cancel` drops it",
        )
    topic = matching.find_topic(topic_query, snapshot.topics()) if topic_query else None
    study.check_started_by(snapshot, now.date())
    timer = Timer(now, topic.id if topic else None, kind)
    writer.start_timer(timer)
    writer.describe(f"timer start{_about(topic, kind)} at {_at(now)}")
    return Running(timer, topic, 0)


def stop(
    *,
    writer: Writer,
    snapshot: Snapshot,
    end: datetime,
    note: str | None = None,
    long_ok: bool = False,
) -> Stopped:
    """Log the running timer's time up to `end`, one entry a day, and take it away.

    A timer that ran over LONG_TIMER_HOURS is logged only with `long_ok`: it was
    most likely left running.
    """
    timer = writer.timer()
    if timer is None:
        raise no_timer()
    since = _at(timer.started_at)
    if end < timer.started_at:
        raise InvalidInput(
            f"the timer started at {since}, later than {_at(end)}",
            hint="give a later --at, or `mlpath timer cancel` drops the timer",
        )
    minutes = clockwork.whole_minutes(timer.started_at, end)
    if minutes < 1:
        raise InvalidInput(
            f"the timer has run less than a minute (since {since}): nothing to log",
            hint="keep it running, or `mlpath timer cancel` drops it",
        )
    if is_long(minutes) and not long_ok:
        raise long_timer(minutes, since)
    topic = topic_of(timer, snapshot)
    logged = [
        study.add_entry(
            writer=writer,
            snapshot=snapshot,
            hours=round(part / 60, 4),
            day=day,
            topic=topic,
            note=note,
            # The timer's --practice/--theory, else the topic's kind decides, as for log.
            practice=None if timer.kind is None else timer.kind == "practice",
        )
        # The days are the learner's local days; the timer is stored in UTC.
        for day, part in clockwork.by_day(timer.started_at.astimezone(), end)
    ]
    writer.clear_timer()
    ids = ", ".join(f"#{item.entry.id}" for item in logged)
    writer.describe(
        f"timer stop: {minutes / 60:.4g} h{_about(topic, timer.kind)} from {since}, logged as {ids}"
    )
    return Stopped(timer, topic, minutes, logged)


def long_timer(minutes: int, since: str) -> InvalidInput:
    return InvalidInput(
        f"the timer has run {minutes // 60} h {minutes % 60} m since {since}, over "
        f"{LONG_TIMER_HOURS:g} h: was it left running?",
        hint="`mlpath timer stop --at TIME` logs it up to when you stopped, "
        "`mlpath timer stop --yes` logs it all",
    )


def cancel(*, writer: Writer, snapshot: Snapshot) -> Running:
    """Take the running timer away, logging nothing."""
    timer = writer.timer()
    if timer is None:
        raise no_timer()
    topic = topic_of(timer, snapshot)
    writer.clear_timer()
    writer.describe(f"timer cancel{_about(topic, timer.kind)}: started {_at(timer.started_at)}")
    return Running(timer, topic, 0)
