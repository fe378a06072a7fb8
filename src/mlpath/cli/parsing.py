"""Turning what the learner types into dates and hours, with clear refusals."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from mlpath.domain.limits import (
    DEFAULT_RETENTION,
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_ENTRY_NOTE_CHARS,
    MAX_HOURS_PER_WEEK,
    MAX_LINK_CHARS,
    MAX_NOTE_CHARS,
    MAX_PAPER_TITLE_CHARS,
    MAX_RETENTION,
    MAX_TOPIC_HOURS,
    MIN_ENTRY_HOURS,
    MIN_HOURS_PER_WEEK,
    MIN_RETENTION,
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
    if hours < MIN_ENTRY_HOURS - 1e-9:
        raise InvalidInput(f"'{text}' is less than a minute", hint="log at least 1m (0.02 h)")
    return round(hours, 4)


def negative_hours(text: str) -> InvalidInput:
    """The refusal of hours typed with a minus: most likely a correction."""
    return InvalidInput(
        f"'{text}' is negative: logging takes no hours back",
        hint="`mlpath undo`, or `mlpath log --edit ID HOURS` / `--delete ID` "
        "(`mlpath hours --entries` lists the ids)",
    )


def parse_topic_hours(text: str) -> float:
    """A topic's estimated hours: positive and at most MAX_TOPIC_HOURS."""
    try:
        hours = float(text)
    except ValueError:
        raise InvalidInput(
            f"cannot read '{text}' as hours", hint="give the topic's hours as a number, e.g. 40"
        ) from None
    if not math.isfinite(hours) or not 0 < hours <= MAX_TOPIC_HOURS:
        raise InvalidInput(
            f"{text} h is not an estimate a topic can have",
            hint=f"give more than 0 and at most {MAX_TOPIC_HOURS:g} hours",
        )
    return round(hours, 2)


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


def parse_retention(text: str) -> float:
    """The reviews' target retention: a share from MIN_RETENTION to MAX_RETENTION (or a
    percentage: 85%)."""
    word = text.strip()
    percent = word.endswith("%")
    try:
        value = float(word.rstrip("%")) / (100 if percent else 1)
    except ValueError:
        value = math.nan
    hint = (
        f"a share of reviews recalled, from {MIN_RETENTION:g} to {MAX_RETENTION:g} "
        f"(default {DEFAULT_RETENTION:g})"
    )
    if not math.isfinite(value):
        raise InvalidInput(f"cannot read '{text}' as a retention", hint=f"give {hint}")
    if not MIN_RETENTION <= round(value, 6) <= MAX_RETENTION:
        raise InvalidInput(f"a retention of {text} is out of range", hint=f"give {hint}")
    return round(value, 6)


RATINGS = ("again", "hard", "good", "easy")


def parse_rating(text: str) -> str:
    """A review's rating: again, hard, good or easy (or its first letter, or 1-4)."""
    word = text.strip().lower()
    for number, name in enumerate(RATINGS, start=1):
        if word in (name, name[0], str(number)):
            return name
    raise InvalidInput(
        f"'{text}' is not a rating", hint="rate the review again, hard, good or easy (or 1-4)"
    )


DATE_ORDER_ENV_VAR = "MLPATH_DATE_ORDER"  # dmy or mdy: how to read 06/10/2026
DATES_ACCEPTED = (
    "YYYY-MM-DD, today, yesterday, a weekday (the latest one), 'last friday', "
    "'3 days ago', -2d, -1w, or a date in words (3 March 2026)"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAYS_BACK = re.compile(r"^-(\d{1,5})([dw]?)$")  # -1, -2d, -1w
_AGO = re.compile(r"^(\d{1,5}) +(day|days|week|weeks) +ago$")
_LAST = re.compile(r"^last +([a-z]+)$")
_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$")


def _weekday(word: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from a name or its first three letters."""
    for number, name in enumerate(_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return number
    return None


def _cannot_read(text: str) -> InvalidInput:
    return InvalidInput(f"cannot read '{text}' as a date", hint=f"use {DATES_ACCEPTED}")


def parse_date(text: str, *, today: date, weekdays_back: bool = False) -> date:
    """A date from ISO (2026-03-01), a word (`today`, `yesterday`, a weekday, `last
    friday`), a count of days or weeks back (`3 days ago`, `-2d`, `-1w`, `-1`), or a
    date in words that dateutil reads.

    A weekday name alone is the next such day, or with `weekdays_back` the latest
    one (today included), as a day being recorded is. A numeric date whose day and
    month could be either way round (06/10/2026) is read only when the learner has
    said which order they write (MLPATH_DATE_ORDER=dmy or mdy).
    """
    word = " ".join(text.strip().lower().split())
    relative = _relative_day(word, today, weekdays_back=weekdays_back)
    if relative is not None:
        return relative
    if word[:1] in ("-", "+"):
        raise _cannot_read(text)
    try:
        return date.fromisoformat(word)
    except ValueError:
        pass
    numeric = _NUMERIC.match(word)
    if numeric:
        return _numeric_date(text, *(int(part) for part in numeric.groups()))
    from dateutil import parser as dateutil_parser

    try:
        # Missing parts (a bare "March 3") default to today's year, not 1900.
        default = dateutil_parser.parse(today.isoformat())
        day = dateutil_parser.parse(text, default=default, dayfirst=False).date()
    except (ValueError, OverflowError):
        raise _cannot_read(text) from None
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


def _relative_day(word: str, today: date, *, weekdays_back: bool) -> date | None:
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    back = _DAYS_BACK.match(word) or _AGO.match(word)
    if back:
        count, unit = int(back.group(1)), back.group(2)
        days = count * 7 if unit.startswith("w") else count
        if days > (today - EARLIEST_DAY).days:
            raise InvalidInput(f"'{word}' goes back before {EARLIEST_DAY.year}")
        return today - timedelta(days=days)
    last = _LAST.match(word)
    if last:
        weekday = _weekday(last.group(1))
        if weekday is None:
            return None
        # The latest such day before today: `last monday` on a Monday is a week ago.
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if weekdays_back:
        weekday = _weekday(word)
        if weekday is not None:
            return today - timedelta(days=(today.weekday() - weekday) % 7)
    return None


def _numeric_date(text: str, first: int, second: int, year: int) -> date:
    """06/10/2026, 13.10.2026, 10-13-26: the day and month by the learner's order, or
    by the one reading that is a date; refused when both are and no order is set."""
    import os

    if year < 100:  # 26 is 2026: two-digit years are this century's
        year = year + 2000
    order = os.environ.get(DATE_ORDER_ENV_VAR, "").strip().lower()
    if order not in ("", "dmy", "mdy"):
        raise InvalidInput(
            f"{DATE_ORDER_ENV_VAR}={order} is not a date order",
            hint="set it to dmy (06/10/2026 is 6 October) or mdy (10 June), or unset it",
        )
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    if not readings:
        raise _cannot_read(text)
    if len(set(readings)) == 1:
        return readings[0]
    if order == "dmy":
        return readings[0]
    if order == "mdy":
        return readings[1]
    either = " or ".join(f"{r.day} {r:%B %Y}" for r in readings)
    raise InvalidInput(
        f"'{text}' could be {either}",
        hint=f"write it as YYYY-MM-DD, or set {DATE_ORDER_ENV_VAR}=dmy (or mdy)",
    )


_NUMBER = re.compile(r"\d+")
_WEEKDAY = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)", re.IGNORECASE)


def parse_past_date(text: str, *, today: date) -> date:
    day = parse_date(text, today=today, weekdays_back=True)
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future", hint="only days up to today can be recorded"
        )
    return day


_CLOCK = re.compile(r"^(?:(?P<day>.*?)[\sT]+)?(?P<hour>\d{1,2}):(?P<minute>[0-5]\d)$")


def parse_past_time(text: str, *, now: datetime) -> datetime:
    """A local time no later than `now`: `18:30` (the latest 18:30: today's, or
    yesterday's if that is still to come), `yesterday 18:30`, `2026-11-24 18:30`."""
    match = _CLOCK.match(text.strip())
    if not match or int(match["hour"]) > 23:
        raise InvalidInput(
            f"cannot read '{text}' as a time",
            hint="use HH:MM (24-hour), or a day and a time: yesterday 18:30, 2026-11-24 18:30",
        )
    hour, minute = int(match["hour"]), int(match["minute"])
    today = now.date()
    day = parse_past_date(match["day"], today=today) if match["day"] else today
    moment = datetime(day.year, day.month, day.day, hour, minute).astimezone()
    if moment > now:
        if match["day"]:
            raise InvalidInput(
                f"{moment.strftime('%Y-%m-%d %H:%M')} is in the future",
                hint="give a time up to now",
            )
        moment = datetime(day.year, day.month, day.day, hour, minute) - timedelta(days=1)
        moment = moment.astimezone()
    return moment


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


def parse_paper_title(text: str) -> str:
    """A paper's title as typed, on one line (every run of whitespace one space)."""
    title = plain_text(" ".join(text.split()), "the title")
    if not title:
        raise InvalidInput(
            "the title is empty", hint='mlpath paper add "Attention Is All You Need"'
        )
    if len(title) > MAX_PAPER_TITLE_CHARS:
        raise InvalidInput(
            f"the title has {len(title)} characters, more than {MAX_PAPER_TITLE_CHARS}",
            hint="give the paper's title; a note can hold the rest",
        )
    return title


def parse_web_address(text: str) -> str:
    """A web address (http or https), as `--link` takes one: the paper log keeps no files."""
    from urllib.parse import urlsplit

    hint = "e.g. --url https://arxiv.org/abs/1706.03762"
    address = plain_text(text.strip(), "the address")
    if len(address) > MAX_LINK_CHARS:
        raise InvalidInput(
            f"the address has {len(address)} characters, more than {MAX_LINK_CHARS}", hint=hint
        )
    try:
        parts = urlsplit(address)
    except ValueError:  # an unclosed IPv6 bracket
        raise InvalidInput(f"'{text}' is not a valid web address", hint=hint) from None
    if parts.scheme not in ("http", "https"):
        raise InvalidInput(f"'{text}' is not an http(s) address", hint=hint)
    if not parts.hostname or any(c.isspace() for c in address):
        raise InvalidInput(f"'{text}' is not a valid web address", hint=hint)
    return address
