"""Today's date and the time now, in one place, so every command agrees on them."""

from __future__ import annotations

import os
from datetime import date, datetime

from mlpath.domain.limits import EARLIEST_DAY, LATEST_DAY
from mlpath.errors import InvalidInput

TODAY_ENV_VAR = "MLPATH_TODAY"
NOW_ENV_VAR = "MLPATH_NOW"


def today() -> date:
    # MLPATH_TODAY (YYYY-MM-DD) lets a learner ask "what if it were that day?" and
    # lets tests pin the calendar. MLPATH_NOW, which pins the time too, names its day.
    if os.environ.get(NOW_ENV_VAR):
        return now().date()
    pinned = os.environ.get(TODAY_ENV_VAR)
    if not pinned:
        return date.today()
    try:
        day = date.fromisoformat(pinned)
    except ValueError:
        raise InvalidInput(
            f"{TODAY_ENV_VAR}={pinned} is not a date", hint="use YYYY-MM-DD or unset it"
        ) from None
    _check_range(TODAY_ENV_VAR, pinned, day)
    return day


def now() -> datetime:
    """The time now in the local time zone (aware), as the study timer measures it.

    MLPATH_NOW (an ISO date and time; without an offset, local time) pins it, for
    tests and "what if"; else MLPATH_TODAY, if set, gives the day at the clock's time.
    """
    pinned = os.environ.get(NOW_ENV_VAR)
    if not pinned:
        moment = datetime.now().astimezone()
        if os.environ.get(TODAY_ENV_VAR):
            day = today()
            moment = moment.replace(year=day.year, month=day.month, day=day.day)
        return moment
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        raise InvalidInput(
            f"{NOW_ENV_VAR}={pinned} is not a date and time",
            hint="use YYYY-MM-DDTHH:MM (local time) or unset it",
        ) from None
    _check_range(NOW_ENV_VAR, pinned, moment.date())
    return moment.astimezone()


def _check_range(name: str, pinned: str, day: date) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(
            f"{name}={pinned} is out of range",
            hint=f"give a day from {EARLIEST_DAY} to {LATEST_DAY}, or unset it",
        )
