"""Turning what the learner types into dates and hours, with clear refusals."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from mlpath.domain.limits import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_ENTRY_NOTE_CHARS,
    MAX_HOURS_PER_WEEK,
    MAX_LINK_CHARS,
    MAX_NOTE_CHARS,
    MIN_HOURS_PER_WEEK,
)
from mlpath.errors import InvalidInput

_DURATION = re.compile(
    r"""^\s*(?:
        (?P<decimal>\d{1,6}(?:\.\d{1,6})?|\.\d{1,6})\s*(?:h|hr|hrs|hour|hours)?
      | (?P<hours>\d{1,6})\s*(?:h|hr|hrs|hour|hours)\s*
        (?P<minutes_after>\d{1,6})\s*(?:m|min|mins|minutes?)?
      | (?P<minutes>\d{1,6}(?:\.\d{1,6})?)\s*(?:m|min|mins|minutes?)
      | (?P<clock_h>\d{1,6}):(?P<clock_m>[0-5]\d)
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


def parse_hours(text: str) -> float:
    """Hours from `1.5`, `2h`, `1h30m`, `1h 30`, `90min`, `45m` or `1:30`.

    Returns a positive number of hours; zero, negative or unreadable input raises.
    """
    if text.strip().startswith("-"):
        raise negative_hours(text)
    match = _DURATION.match(text)
    if not match:
        raise InvalidInput(
            f"cannot read '{text}' as a duration",
            hint="use hours like 1.5, or a duration like 1h30m, 90min or 45m",
        )
    groups = match.groupdict()
    if groups["decimal"] is not None:
        hours = float(groups["decimal"])
    elif groups["hours"] is not None:
        minutes = int(groups["minutes_after"])
        if minutes >= 60:
            raise InvalidInput(
                f"'{text}' is ambiguous: {minutes} minutes after whole hours",
                hint="write the minutes below 60, e.g. 2h30m",
            )
        hours = int(groups["hours"]) + minutes / 60
    elif groups["minutes"] is not None:
        hours = float(groups["minutes"]) / 60
    else:
        hours = int(groups["clock_h"]) + int(groups["clock_m"]) / 60
    if hours <= 0 or not math.isfinite(hours):
        raise InvalidInput(f"'{text}' is not a positive amount of time", hint="log at least 1m")
    return round(hours, 4)


def negative_hours(text: str) -> InvalidInput:
    """The refusal of hours typed with a minus: most likely a correction."""
    return InvalidInput(
        f"'{text}' is negative: logging takes no hours back",
        hint="`mlpath undo`, or `mlpath log --edit ID HOURS` / `--delete ID` "
        "(`mlpath hours --entries` lists the ids)",
    )


def parse_weekly_hours(text: str) -> float:
    """Hours per week for a plan: positive and at most MAX_HOURS_PER_WEEK."""
    try:
        hours = float(text)
    except ValueError:
        raise InvalidInput(
            f"cannot read '{text}' as hours per week", hint="give a number, e.g. --hours 25"
        ) from None
    if not math.isfinite(hours) or hours <= 0:
        raise InvalidInput(
            f"hours per week must be more than 0, not {text}", hint="the roadmap plans 20-30"
        )
    if hours < MIN_HOURS_PER_WEEK:
        raise InvalidInput(
            f"{text} hours a week is less than {MIN_HOURS_PER_WEEK:g}",
            hint="the roadmap plans 20-30 hours a week",
        )
    if hours > MAX_HOURS_PER_WEEK:
        raise InvalidInput(
            f"{text} hours a week is more than {MAX_HOURS_PER_WEEK:g} (16 hours every day)",
            hint="the roadmap plans 20-30 hours a week",
        )
    return hours


def parse_date(text: str, *, today: date) -> date:
    """A date from ISO (2026-03-01), `today`, `yesterday`, or anything dateutil reads."""
    word = text.strip().lower()
    if word[:1] in ("-", "+"):
        # dateutil reads "-1" as the 1st of this month: a count of days back is
        # what the learner meant, and mlpath does not guess how many.
        raise InvalidInput(
            f"cannot read '{text}' as a date",
            hint="use YYYY-MM-DD, e.g. 2026-03-01, or 'today' / 'yesterday'",
        )
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    try:
        return date.fromisoformat(word)
    except ValueError:
        pass
    from dateutil import parser as dateutil_parser

    try:
        # Missing parts (a bare "March 3") default to today's year, not 1900.
        default = dateutil_parser.parse(today.isoformat())
        day = dateutil_parser.parse(text, default=default, dayfirst=False).date()
    except (ValueError, OverflowError):
        raise InvalidInput(
            f"cannot read '{text}' as a date",
            hint="use YYYY-MM-DD, e.g. 2026-03-01, or 'today' / 'yesterday'",
        ) from None
    # dateutil fills a missing day of the month from the default, so "March 2026"
    # would quietly become today's day of March, and "32 Feb" (no such day) the
    # year 2032. A weekday name stands for a day of its own.
    named = {int(n) for n in _NUMBER.findall(text)}
    if day.day not in named and not _WEEKDAY.search(text):
        month = f"{day:%B %Y}"
        reading = "" if month.lower() == text.strip().lower() else f" (it reads as {month})"
        raise InvalidInput(
            f"'{text}' names no day of the month{reading}",
            hint="give the day too, e.g. 3 March 2026, or use YYYY-MM-DD",
        )
    return day


_NUMBER = re.compile(r"\d+")
_WEEKDAY = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)", re.IGNORECASE)


def parse_past_date(text: str, *, today: date) -> date:
    day = parse_date(text, today=today)
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future", hint="only days up to today can be recorded"
        )
    return day


def parse_date_within(text: str, *, today: date, years_back: int, years_ahead: int) -> date:
    """A date no further than the given number of years before or after today."""
    day = parse_date(text, today=today)
    # Never beyond the days an import accepts, so that an export of it imports.
    earliest = max(_years_from(today, -years_back), EARLIEST_DAY)
    latest = min(_years_from(today, years_ahead), LATEST_DAY)
    if not earliest <= day <= latest:
        raise InvalidInput(
            f"{day.isoformat()} is too far from today",
            hint=f"give a date between {earliest.isoformat()} and {latest.isoformat()}",
        )
    return day


def _years_from(today: date, years: int) -> date:
    year = min(max(today.year + years, date.min.year), date.max.year)
    return today.replace(year=year, day=min(today.day, 28))


def plain_text(text: str, what: str) -> str:
    """`text` as typed, refused if it holds a control character (mlpath.safetext):
    shown later, it would drive the terminal instead of reading as text."""
    from mlpath import safetext

    char = safetext.find(text)
    if char is not None:
        raise InvalidInput(
            f"{what} holds the control character {safetext.describe(char)}",
            hint="type it as plain text: control characters could rewrite the terminal",
        )
    return text


def parse_note(text: str) -> str:
    # Whitespace of every kind (CR, form feed...) becomes one space, then the rest is refused.
    note = plain_text(" ".join(text.split()), "the note")
    if not note:
        raise InvalidInput(
            "the note is empty", hint='mlpath note numpy "broadcasting finally clicked"'
        )
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            f"the note has {len(note)} characters, more than {MAX_NOTE_CHARS}",
            hint="put a long write-up in a file and link it: mlpath done TOPIC --link URL",
        )
    return note


def parse_entry_note(text: str) -> str:
    """An entry's note, as typed (empty: no note)."""
    text = plain_text(text, "the note")
    if len(text) > MAX_ENTRY_NOTE_CHARS:
        raise InvalidInput(
            f"the note has {len(text)} characters, more than {MAX_ENTRY_NOTE_CHARS}",
            hint="put a long write-up in a file and link it: mlpath done TOPIC --link URL",
        )
    return text


def parse_link(text: str) -> str:
    """Evidence of work: a web address (http or https), or a file that exists here."""
    from pathlib import Path
    from urllib.parse import urlsplit

    link = plain_text(text.strip(), "the link")
    if len(link) > MAX_LINK_CHARS:
        raise InvalidInput(
            f"the link has {len(link)} characters, more than {MAX_LINK_CHARS}", hint=_LINK_HINT
        )
    parts = urlsplit(link)
    if parts.scheme in ("http", "https"):
        if not parts.hostname or any(c.isspace() for c in link):
            raise InvalidInput(f"'{text}' is not a valid web address", hint=_LINK_HINT)
        return link
    if parts.scheme and len(parts.scheme) > 1:  # "C:" is a drive, not a scheme
        raise InvalidInput(f"mlpath keeps http(s) links, not {parts.scheme}:", hint=_LINK_HINT)
    path = Path(link).expanduser()
    if link and path.is_file():
        return str(path.resolve())
    raise InvalidInput(f"'{text}' is neither a web address nor a file here", hint=_LINK_HINT)


_LINK_HINT = "e.g. --link https://github.com/you/project or --link notebooks/numpy.ipynb"
