"""Charts drawn with characters: hours per week as bars, a year of study days as a grid.

Every mark is a character of its own (█ hours, ┃ target, ░ the plan's band; · ░ ▒ ▓ █
for the calendar's levels), so the charts read without colour. Colour is laid on
top with colour-only styles, never bold or dim, so that under NO_COLOR Rich drops
every style and the output holds no escape codes at all. Sizes come from the
console's width: nothing is drawn wider than the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple

from mlpath.domain.streaks import Streak, Streaks
from mlpath.domain.weekly import Week, on_target, week_start
from mlpath.render import make_console
from mlpath.render.text import h, plural

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from mlpath.domain.reports import CalendarYear as Year

HOURS, TARGET, BAND, AXIS_TICK = "█", "┃", "░", "┴"
HOURS_STYLE, BEHIND_STYLE, TARGET_STYLE, BAND_STYLE = "green", "yellow", "magenta", "blue"


# --- hours per week ---------------------------------------------------------------------


def hours_chart(
    weeks: Sequence[Week], band: tuple[float, float], console: Console | None = None
) -> None:
    """One bar per week, the week's target marked on it, the plan's band behind it."""
    from rich.text import Text

    console = console or make_console()
    if not weeks:
        console.print("No weeks yet: your start date is in the future.")
        return
    low, high = band
    # Within a year no two Mondays share a day and month, so the short label is enough.
    label_format = "%d %b" if len(weeks) <= 52 else "%Y-%m-%d"
    labels = [w.start.strftime(label_format) for w in weeks]
    amounts = [_amount(w) for w in weeks]
    label_width = max(map(len, labels))
    amount_width = max(map(len, amounts))
    # What the row keeps beside the bar: the label, two spaces and the amount.
    width = max(10, console.width - label_width - amount_width - 2)
    scale = Scale.fitting(max([high, *(max(w.hours, w.target) for w in weeks)]), width)

    first, last = weeks[0].start, weeks[-1].start
    console.print(f"Study hours by week, {_long(first)} to {_long(last)}", markup=False)
    for w, label, amount in zip(weeks, labels, amounts, strict=True):
        row = Text(label.ljust(label_width) + " ")
        row.append_text(_bar(w, band, scale))
        row.append(" " + amount.rjust(amount_width))
        console.print(row, no_wrap=True, overflow="crop")
    indent = " " * (label_width + 1)
    axis, numbers = _axis(scale, band)
    console.print(indent + axis, markup=False, no_wrap=True, overflow="crop")
    console.print(indent + numbers.rstrip() + " h", markup=False, no_wrap=True, overflow="crop")
    legend = Text()
    legend.append(HOURS, style=HOURS_STYLE).append(" hours  ")
    legend.append(TARGET, style=TARGET_STYLE).append(" week's target  ")
    legend.append(BAND * 2, style=BAND_STYLE).append(f" the plan's {h(low)}-{h(high)} h/week")
    console.print(legend)


def _amount(w: Week) -> str:
    if w.target <= 0:
        return f"{h(w.hours)} break"
    return h(w.hours) + ("" if w.complete else " so far")


class Scale(NamedTuple):
    top: float  # hours at the right end of the bar
    cells: int
    step: float  # hours between ticks

    @classmethod
    def fitting(cls, largest: float, cells: int) -> Scale:
        # Ticks every 10 h up to 60 h, then wider apart; the top is the first tick
        # above the largest value, so the band never ends the axis.
        step = 10.0 * max(1, math.ceil(largest / 60))
        return cls(step * (math.floor(largest / step) + 1), cells, step)

    def reach(self, hours: float) -> int:
        """How many cells a bar of these hours fills."""
        return max(0, min(self.cells, round(hours / self.top * self.cells)))

    def cell(self, hours: float) -> int:
        """The cell where a bar of these hours ends: its target and tick go there."""
        return max(0, self.reach(hours) - 1)


def _bar(w: Week, band: tuple[float, float], scale: Scale) -> Text:
    low, high = band
    filled = scale.reach(w.hours)
    band_cells = range(scale.cell(low), scale.cell(high) + 1)
    # Painted back to front: the band, the bar over it, the target over both.
    chars, styles = [" "] * scale.cells, [""] * scale.cells
    for i in band_cells:
        chars[i], styles[i] = BAND, BAND_STYLE
    for i in range(filled):
        chars[i], styles[i] = HOURS, HOURS_STYLE if on_target(w) else BEHIND_STYLE
    if w.target > 0:  # a week wholly on break has no target to mark
        marker = scale.cell(w.target)
        chars[marker], styles[marker] = TARGET, TARGET_STYLE
    return _styled(chars, styles)


def _styled(chars: Sequence[str], styles: Sequence[str]) -> Text:
    """One span per run of a style: a terminal gets one escape code a run, not a cell."""
    from rich.text import Text

    text = Text()
    for style, run in groupby(zip(chars, styles, strict=True), key=lambda pair: pair[1]):
        text.append("".join(char for char, _ in run), style=style)
    return text


def _axis(scale: Scale, band: tuple[float, float]) -> tuple[str, str]:
    """The axis line with its ticks, and the line of numbers under them."""
    low, high = band
    ticks = {scale.cell(scale.step * k) for k in range(round(scale.top / scale.step) + 1)}
    ticks |= {scale.cell(low), scale.cell(high)}
    axis = "".join(AXIS_TICK if i in ticks else "─" for i in range(scale.cells))
    numbers = [" "] * scale.cells
    taken: list[range] = []
    # The plan's band first: of crowded numbers, its edges are the ones to keep.
    for value in (low, high, 0.0, scale.top):
        text = h(value)
        at = min(scale.cell(value), scale.cells - len(text))
        span = range(at - 1, at + len(text) + 1)  # a space either side
        if at < 0 or any(set(span) & set(other) for other in taken):
            continue
        taken.append(range(at, at + len(text)))
        numbers[at : at + len(text)] = text
    return axis, "".join(numbers)


def _long(day: date) -> str:
    return day.strftime("%d %b %Y")


# --- a year of study days ---------------------------------------------------------------

# Hours a day from which a cell takes each shade; below the first, a day without hours.
LEVELS = ((6.0, "█"), (4.0, "▓"), (2.0, "▒"), (0.0, "░"))
NO_HOURS = "·"
BREAK_DAY = "-"  # a planned day off with no hours: neither a gap nor study
REVIEWED = "◆"  # a day a review was recorded (its hours' shade in the colour)
REVIEW_DUE = "◇"  # a day to come with a review due
PAPER_READ = "¶"  # a day a paper was read (a review that day shows first)
LEVEL_STYLES = {
    "-": "blue",
    REVIEW_DUE: "magenta",
    "·": "bright_black",
    "░": "#0e4429",
    "▒": "#006d32",
    "▓": "#26a641",
    "█": "#39d353",
}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ROW_LABEL = 4  # "Mon "
WIDE = 115  # from this width each day takes two characters: a squarer grid


def shade(hours: float) -> str:
    if hours <= 0:
        return NO_HOURS
    return next(char for floor, char in LEVELS if hours >= floor)


def calendar(view: Year, console: Console | None = None) -> None:
    """The year as a grid: a column per week, a row per weekday, a shade per day."""
    from rich.text import Text

    console = console or make_console()
    cell = 2 if console.width >= WIDE else 1
    first_monday = week_start(date(view.year, 1, 1))
    columns = (week_start(date(view.year, 12, 31)) - first_monday).days // 7 + 1
    # A terminal too narrow for the whole year keeps its latest weeks.
    shown = min(columns, max(1, (console.width - ROW_LABEL) // cell))
    first_monday += timedelta(weeks=columns - shown)

    console.print(f"Study days in {view.year}", markup=False)
    console.print(" " * ROW_LABEL + _month_line(first_monday, shown, cell, view.year), markup=False)
    for weekday, name in enumerate(DAY_NAMES):
        chars, styles = [name.ljust(ROW_LABEL)], [""]
        for column in range(shown):
            day = first_monday + timedelta(weeks=column, days=weekday)
            char = " "  # days of the neighbouring years, and days still to come
            if day.year == view.year and day <= view.today:
                char = shade(view.days.get(day, 0.0))
            if char in (" ", NO_HOURS) and day in view.breaks:
                char = BREAK_DAY
            style = LEVEL_STYLES.get(char, "")
            if day in view.reviewed:
                char = REVIEWED
            elif day in view.papers_read:
                char = PAPER_READ
            elif day in view.reviews_ahead:
                char, style = REVIEW_DUE, LEVEL_STYLES[REVIEW_DUE]
            chars += [char, " " * (cell - 1)]
            styles += [style, ""]
        row = _styled(chars, styles)
        row.rstrip()
        console.print(row, no_wrap=True, overflow="crop")
    legend = Text(" " * ROW_LABEL)
    if view.breaks:
        legend.append(BREAK_DAY, style=LEVEL_STYLES[BREAK_DAY]).append(" break  ")
    if view.reviewed:
        legend.append(REVIEWED).append(" reviewed  ")
    if view.reviews_ahead:
        legend.append(REVIEW_DUE, style=LEVEL_STYLES[REVIEW_DUE]).append(" review due  ")
    if view.papers_read:
        legend.append(PAPER_READ).append(" paper read  ")
    for char, words in (
        (NO_HOURS, "none"),
        ("░", "under 2 h"),
        ("▒", "2-4 h"),
        ("▓", "4-6 h"),
        ("█", "6 h or more"),
    ):
        legend.append(char, style=LEVEL_STYLES[char]).append(f" {words}  ")
    legend.rstrip()
    console.print(legend)
    console.print()
    _streak_table(view, console)
    if view.days:
        console.print(
            f"{view.year}: {h(view.total_hours)} h on {plural(view.days_studied, 'study day')}.",
            markup=False,
        )
    else:
        console.print(f"{view.year}: no hours logged.", markup=False)


def _month_line(first_monday: date, columns: int, cell: int, year: int) -> str:
    line = [" "] * (columns * cell)
    free_from = 0
    for month in range(1, 13):
        column = (date(year, month, 1) - first_monday).days // 7
        at = column * cell
        name = date(year, month, 1).strftime("%b")
        # Months before the shown weeks, or crowding the previous name, go unnamed.
        if at < free_from or at + len(name) > len(line):
            continue
        line[at : at + len(name)] = name
        free_from = at + len(name) + 1
    return "".join(line).rstrip()


def _streak_table(view: Year, console: Console) -> None:
    days, weeks = view.study_days, view.weeks_on_target
    rows = [
        ("Streaks", "now", "longest"),
        ("study days", _days_streak(days.current, current=True), _days_streak(days.longest)),
        (
            "weeks on target",
            _weeks_streak(weeks.current, view.today, current=True),
            _weeks_streak(weeks.longest, view.today),
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    if sum(widths) + 4 + max(len(row[2]) for row in rows) <= console.width:
        for name, now, longest in rows:
            line = f"{name:<{widths[0]}}  {now:<{widths[1]}}  {longest}"
            console.print(line, markup=False)
        return
    # Too narrow for columns: each streak under its name.
    for name, now, longest in rows[1:]:
        console.print(f"Streak of {name}\n  now      {now}\n  longest  {longest}", markup=False)


def _days_streak(streak: Streak, *, current: bool = False) -> str:
    if streak.first is None or streak.last is None:
        return "none" if current else "none yet"
    return f"{plural(streak.length, 'day')} ({_span(streak.first, streak.last)})"


def _weeks_streak(streak: Streak, today: date, *, current: bool = False) -> str:
    if streak.first is None or streak.last is None:
        return "none" if current else "none yet"
    # The weeks' days, from the first Monday to the last Sunday (or today, if sooner).
    last_day = min(streak.last + timedelta(days=6), today)
    return f"{plural(streak.length, 'week')} ({_span(streak.first, last_day)})"


def _span(first: date, last: date) -> str:
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def calendar_json(view: Year) -> dict[str, Any]:
    return {
        "year": view.year,
        "days": [{"date": d, "hours": round(h, 2)} for d, h in sorted(view.days.items())],
        "streaks": {
            "study_days": _streaks_json(view.study_days),
            "weeks_on_target": _streaks_json(view.weeks_on_target),
        },
        "total_hours": round(view.total_hours, 2),
        "study_days": view.days_studied,
        "break_days": sorted(view.breaks),
        "review_days": sorted(view.reviewed),
        "review_due_days": sorted(view.reviews_ahead),
        "paper_days": sorted(view.papers_read),
    }


def _streaks_json(streaks: Streaks) -> dict[str, Any]:
    return {
        name: {"length": s.length, "first": s.first, "last": s.last}
        for name, s in (("current", streaks.current), ("longest", streaks.longest))
    }
