"""The plan as an iCalendar file: one all-day event on each phase's projected finish.

Each event's UID is the phase id and a key of the learner's database, so importing a
newer plan into a calendar moves the events it already has instead of adding a
second set, and two learners' plans in one calendar (a mentor's) stay apart.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from mlpath import __version__
from mlpath.render.text import RECENT, SCHEDULE, h

if TYPE_CHECKING:
    from mlpath.domain.forecast import Finish
    from mlpath.domain.reports import PlanReport

PRODID = f"-//mlpath//mlpath {__version__}//EN"


def phase_uid(phase_id: str, learner: str) -> str:
    return f"{phase_id}.{learner}@mlpath"


def learner_key(enrolled_at: datetime | None) -> str:
    """A short key that stays with one learner's database: from when `start` made it
    (an export and import keep that time)."""
    import hashlib

    stamp = enrolled_at.isoformat() if enrolled_at else ""
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def plan_calendar(report: PlanReport, *, learner: str = "", now: datetime | None = None) -> bytes:
    """The projected phase finishes of `report` as an iCalendar (RFC 5545) file."""
    # icalendar is needed by `plan --ics` alone; every other command skips its import.
    from icalendar import Calendar, Event

    from mlpath.domain.reports import Basis

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "mlpath plan")  # the name Apple and Google calendars show
    recent = {p.load.number: p.finish for p in report.actual.phases} if report.actual else {}
    found = report.forecast
    ranges = {p.number: p.finish for p in found.phases} if found else {}
    basis = {
        Basis.SCHEDULE: SCHEDULE,
        Basis.NEEDED: f"at the hours that finish by {report.by}",
        Basis.RANGE_TOP: "at the top of the roadmap's weekly range",
    }[report.basis]
    for p in report.phases:
        load = p.load
        event = Event()
        event.add("uid", phase_uid(load.id, learner or learner_key(None)))
        event.add("dtstamp", stamp)
        event.add("dtstart", p.finish)
        event.add("dtend", p.finish + timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("summary", f"mlpath: Phase {load.number} · {load.title} done")
        description = _description(load.remaining_hours, load.hours_per_week, p.start, basis)
        if report.actual is not None and load.number in recent:
            description += (
                f" {RECENT.capitalize()} ({h(report.actual.hours_per_week)} h/week): "
                f"{recent[load.number].isoformat()}."
            )
        if load.number in ranges:
            description += " " + _likely(ranges[load.number])
        event.add("description", description)
        event.add("transp", "TRANSPARENT")  # a milestone, not time taken from the day
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _description(remaining: float, hours_per_week: float, start: date, basis: str) -> str:
    return (
        f"Projected by mlpath plan {basis}: {h(remaining)} h left at {h(hours_per_week)} "
        f"h/week, starting {start.isoformat()}."
    )


def _likely(finish: Finish) -> str:
    days = [(day.isoformat() if day else "not within a century") for day in finish]
    return f"Forecast from your record: done by {days[0]} (50%), {days[1]} (80%), {days[2]} (95%)."
