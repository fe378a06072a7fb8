"""How numbers, dates, bars and list tables look in every view (and in the card)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from mlpath.domain.balance import Balance
    from mlpath.domain.forecast import Finish
    from mlpath.domain.model import Profile
    from mlpath.domain.papers import ReadingWeek
    from mlpath.domain.progress import TopicCount
    from mlpath.domain.reports import Outlook
    from mlpath.domain.weekly import Week


# The colour of each phase state and the mark of each topic status, in every view.
STATE_STYLE = {"done": "green", "current": "bold cyan", "upcoming": "dim", "skipped": "dim"}


STATUS_MARK = {"done": "✓", "doing": "▸", "todo": "·", "skipped": "–"}


def filled(fraction: float, width: int) -> int:
    """How many of a bar's `width` cells `fraction` fills (clamped to 0-1)."""
    return round(min(max(fraction, 0.0), 1.0) * width)


def bar(fraction: float, width: int = 20) -> Text:
    from rich.text import Text

    full = filled(fraction, width)
    text = Text("█" * full, style="green")
    text.append("░" * (width - full), style="dim")
    return text


def plain_bar(fraction: float, width: int) -> str:
    full = filled(fraction, width)
    return "█" * full + "░" * (width - full)


def h(hours: float) -> str:
    """Hours as a learner writes them: 25, 2.5 (one decimal at most)."""
    return f"{hours:.1f}".rstrip("0").rstrip(".") if hours % 1 else f"{hours:.0f}"


def duration(hours: float) -> str:
    """A logged duration, exact enough to recognise: 1.25 h, 2 h, 1 h 20 m, 45 m.

    Hours with at most two decimals read as hours; a whole number of minutes that
    two decimals cannot hold (1h20m, 1m) reads in hours and minutes.
    """
    if abs(round(hours, 2) - hours) < 1e-9:
        return f"{hours:.2f}".rstrip("0").rstrip(".") + " h"
    minutes = round(hours * 60)
    if abs(minutes - hours * 60) < 0.01:  # entries keep four decimals of an hour
        whole, rest = divmod(minutes, 60)
        return f"{whole} h {rest} m" if whole else f"{rest} m"
    return f"{hours:.2f}".rstrip("0").rstrip(".") + " h"


def signed(hours: float) -> str:
    return ("+" if hours > 0.05 else "") + (h(hours) if abs(hours) >= 0.05 else "0")


def balance_line(b: Balance) -> str:
    """The share of practice in the recent hours against the advice for the phase."""
    advice = f"advised in phase {b.phase}: {b.target_practice_share:.0%}"
    share = b.practice_share
    if share is None:
        return f"Practice: no hours in the last {b.weeks} weeks ({advice})."
    total = b.theory_hours + b.practice_hours
    return f"Practice: {share:.0%} of the last {b.weeks} weeks' {h(total)} h ({advice})."


def papers_line(week: ReadingWeek) -> str:
    """The papers read this week against the source's advice for the specialisation phase."""
    return (
        f"Papers: {week.read or 0} read this week "
        f"(advised in phase {week.phase}: {week.target_min}-{week.target_max} a week)."
    )


def background(profile: Profile | None, *, titled: bool = False) -> str:
    """The background profile in force, as the read commands name it: its id (a title
    can be long), or with `titled` its title and id."""
    if profile is None:
        return "none"
    return f"{profile.title} ({profile.id})" if titled else profile.id


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def long_date(day: date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else "—"


def one_line(title: str) -> Text:
    """A title for a table cell that stays on one line, cut with an ellipsis when its
    column is narrow: a table keeps one row per item rather than wrapping the title."""
    from mlpath.render import literal

    text = literal(title)
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def ellipsized(text: str, width: int) -> str:
    """`text` in at most `width` cells: cut, with an ellipsis, if it is longer."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    return set_cell_size(text, width - 1).rstrip(" ,:;&-") + "…"


def list_table() -> Table:
    """The borderless table of the list views (find, history, entries)."""
    from rich.table import Table

    return Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))


def this_week(week: Week) -> str:
    """The running week against what it owes so far, the same words in log, hours and status."""
    from mlpath.domain.weekly import on_target

    line = f"This week: {h(week.hours)} of {h(week.target)} h."
    if week.owed <= 0:
        return line + " Nothing is due yet."
    verdict = "on target" if on_target(week) else "behind"
    return line + f" Due by today: {h(week.owed)} h ({signed(week.hours - week.owed)}), {verdict}."


def left_out(count: TopicCount) -> str:
    """The roadmap's topics the plan does not count, by why: '11 on other tracks, 3 optional'."""
    return ", ".join(
        f"{n} {why}"
        for n, why in (
            (count.other_tracks, "on other tracks"),
            (count.optional, "optional"),
            (count.in_skipped_phases, "in skipped phases"),
            (count.skipped, "skipped"),
        )
        if n
    )


def in_your_plan(count: TopicCount) -> str:
    """How many topics the plan counts and which it leaves out (status, topics; start
    shows the same two parts on lines of their own)."""
    line = f"{plural(count.planned, 'topic')} in your plan"
    return line + (f"; left out: {left_out(count)}" if left_out(count) else "")


# The two paces a projection can run at, named the same way in every view: a date
# always says which one it comes from.
SCHEDULE = "on the roadmap's schedule"
RECENT = "at your recent pace"


def schedule_hours(hours_per_week: float | None) -> str:
    """The hours the roadmap's schedule means: the learner's, or each phase's own."""
    return f"{h(hours_per_week)} h/week" if hours_per_week else "each phase's planned hours"


def on_schedule(hours_per_week: float | None) -> str:
    return f"{SCHEDULE} ({schedule_hours(hours_per_week)})"


def at_recent_pace(hours_per_week: float) -> str:
    return f"{RECENT} ({h(hours_per_week)} h/week)"


def by_date(day: date | None) -> str:
    """A forecast's date; None is a share of runs that does not finish within a century."""
    return long_date(day) if day else "not within a century"


def likely(finish: Finish) -> str:
    """'50% likely by ..., 80% by ..., 95% by ...'."""
    return (
        f"50% likely by {by_date(finish.p50)}, 80% by {by_date(finish.p80)}, "
        f"95% by {by_date(finish.p95)}"
    )


def no_forecast(outlook: Outlook) -> str | None:
    """Why there is no forecast, in a sentence; None when there is one, or nothing to plan."""
    from mlpath.domain.forecast import MIN_WEEKS_OF_HISTORY
    from mlpath.domain.reports import FORECAST_YEARS, NoForecast

    why = outlook.missing
    if why is NoForecast.HISTORY:
        return (
            f"No forecast yet: it needs {MIN_WEEKS_OF_HISTORY} complete weeks since your start "
            f"({outlook.weeks_of_history} so far)."
        )
    if why is NoForecast.IDLE:
        weeks = plural(outlook.recent_weeks, "complete week")
        return f"No forecast: no hours logged in your last {weeks} to measure a recent pace by."
    if why is NoForecast.TOO_SLOW and outlook.recent_hours:
        return f"No forecast: {at_recent_pace(outlook.recent_hours)} the plan outruns a century."
    if why is NoForecast.TOO_FAR:
        return (
            f"No forecast: at your recent pace or your average week what is left takes more "
            f"than {FORECAST_YEARS} years, too far ahead for a range of dates to mean more "
            "than one date."
        )
    return None
