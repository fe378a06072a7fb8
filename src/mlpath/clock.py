"""Today's date, in one place, so every command agrees on it."""

from __future__ import annotations

import os
from datetime import date

from mlpath.domain.limits import EARLIEST_DAY, LATEST_DAY
from mlpath.errors import InvalidInput

TODAY_ENV_VAR = "MLPATH_TODAY"


def today() -> date:
    # MLPATH_TODAY (YYYY-MM-DD) lets a learner ask "what if it were that day?" and
    # lets tests pin the calendar.
    pinned = os.environ.get(TODAY_ENV_VAR)
    if not pinned:
        return date.today()
    try:
        day = date.fromisoformat(pinned)
    except ValueError:
        raise InvalidInput(
            f"{TODAY_ENV_VAR}={pinned} is not a date", hint="use YYYY-MM-DD or unset it"
        ) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(
            f"{TODAY_ENV_VAR}={pinned} is out of range",
            hint=f"give a day from {EARLIEST_DAY} to {LATEST_DAY}, or unset it",
        )
    return day
