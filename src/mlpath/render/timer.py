"""The study timer: what `timer start`, `status`, `stop` and `cancel` say."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mlpath.render import echo
from mlpath.render.text import duration

if TYPE_CHECKING:
    from mlpath.domain.model import Topic
    from mlpath.usecases.timer import Running, Stopped


def _at(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _on(topic: Topic | None, kind: str | None) -> str:
    about = f" on {topic.title} ({topic.id})" if topic else ""
    return about + (f", {kind}" if kind else "")


def _ran(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest} m" if whole else f"{rest} m"


def started(result: Running) -> None:
    timer = result.timer
    echo(f"Timer started at {_at(timer.started_at)}{_on(result.topic, timer.kind)}.")
    echo("`mlpath timer stop` logs the time; `mlpath timer status` shows it so far.")


def status(result: Running | None) -> None:
    if result is None:
        echo("No timer is running. Start one: mlpath timer start [TOPIC]")
        return
    timer = result.timer
    echo(
        f"Timer running since {_at(timer.started_at)}{_on(result.topic, timer.kind)}: "
        f"{_ran(result.minutes)} so far."
    )


def stopped(result: Stopped) -> None:
    timer = result.timer
    echo(
        f"Timer stopped after {_ran(result.minutes)}, since {_at(timer.started_at)}"
        f"{_on(result.topic, timer.kind)}."
    )
    for item in result.logged:
        echo(
            f"Logged {duration(item.entry.hours)} for {item.entry.day.isoformat()} "
            f"(entry #{item.entry.id}; {duration(item.day_total)} that day)."
        )
        if item.on_break:
            echo(
                f"{item.entry.day.isoformat()} is a planned break day: the hours count, "
                "and the day still owes nothing."
            )


def cancelled(result: Running) -> None:
    timer = result.timer
    echo(
        f"Cancelled the timer started at {_at(timer.started_at)}"
        f"{_on(result.topic, timer.kind)}; nothing was logged."
    )


def _timer_json(result: Running | Stopped) -> dict[str, Any]:
    timer = result.timer
    return {
        "started_at": timer.started_at.astimezone().isoformat(),
        "topic": timer.topic_id,
        "kind": timer.kind,
        "minutes": result.minutes,
    }


def status_json(result: Running | None) -> dict[str, Any]:
    if result is None:
        return {"running": False, "started_at": None, "topic": None, "kind": None, "minutes": None}
    return {"running": True} | _timer_json(result)


def stopped_json(result: Stopped) -> dict[str, Any]:
    return {
        "running": False,
        **_timer_json(result),
        "entries": [
            {
                "id": item.entry.id,
                "day": item.entry.day,
                "hours": item.entry.hours,
                "topic": item.entry.topic_id,
                "note": item.entry.note,
                "day_total": round(item.day_total, 4),
                "on_break": item.on_break,
            }
            for item in result.logged
        ],
    }


def interactive() -> bool:
    """Whether the learner is at a terminal to be asked."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def confirm_long(minutes: int, since: datetime) -> bool:
    """Ask whether to log a timer that ran very long; on stderr, so --json stays clean."""
    sys.stderr.write(
        f"The timer has run {_ran(minutes)} since {_at(since)}: was it left running?\n"
        "Log all of it? [y/N] "
    )
    sys.stderr.flush()
    try:
        answer = input()
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")
