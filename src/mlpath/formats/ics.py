"""The plan as an iCalendar file: one all-day event on each phase's projected finish.

Each event's UID is the phase id, so importing a newer plan into a calendar moves
the events it already has instead of adding a second set.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from mlpath import __version__
from mlpath.render.text import h

if TYPE_CHECKING:
    from mlpath.domain.reports import PlanReport

PRODID = f"-//mlpath//mlpath {__version__}//EN"


def phase_uid(phase_id: str) -> str:
    return f"{phase_id}@mlpath"


def plan_calendar(report: PlanReport, *, now: datetime | None = None) -> bytes:
    """The projected phase finishes of `report` as an iCalendar (RFC 5545) file."""
    # icalendar is needed by `plan --ics` alone; every other command skips its import.
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "mlpath plan")  # the name Apple and Google calendars show
    for p in report.phases:
        load = p.load
        event = Event()
        event.add("uid", phase_uid(load.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", p.finish)
        event.add("dtend", p.finish + timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("summary", f"mlpath: Phase {load.number} · {load.title} done")
        event.add("description", _description(load.remaining_hours, load.hours_per_week, p.start))
        event.add("transp", "TRANSPARENT")  # a milestone, not time taken from the day
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


def _description(remaining: float, hours_per_week: float, start: date) -> str:
    return (
        f"Projected by mlpath plan: {h(remaining)} h left at {h(hours_per_week)} h/week, "
        f"starting {start.isoformat()}."
    )
