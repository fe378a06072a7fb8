"""`mlpath hours --chart` and `mlpath calendar`, on a year of a learner's hours."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import TODAY, image_of, place, run_at
from mlpath.domain.weekly import week_start

FIRST_DAY = "2025-11-03"  # a Monday, a year before TODAY (2026-11-25, a Wednesday)


def sample_year() -> dict[date, float]:
    """A year at a target of 25 h a week, with runs whose streaks are easy to count.

    - 3 Nov 2025 - 5 Jul 2026: Mon, Tue, Thu, Sat at 6.5 h (26 h: on target), but
      the week of 6 Apr 2026 has only its Monday, 5 h (missed).
    - 6-26 Jul 2026: every day 4 h (28 h a week): the longest run of days, 21.
    - 27 Jul - 15 Nov 2026: Tue and Thu at 5 h (10 h a week: missed), 16 weeks.
    - 16-24 Nov 2026: every day 4 h; nothing yet today.
    """
    days: dict[date, float] = {}
    monday = date(2025, 11, 3)
    while monday <= date(2026, 6, 29):
        if monday == date(2026, 4, 6):
            days[monday] = 5.0
        else:
            for offset in (0, 1, 3, 5):
                days[monday + timedelta(days=offset)] = 6.5
        monday += timedelta(weeks=1)
    for i in range(21):
        days[date(2026, 7, 6) + timedelta(days=i)] = 4.0
    monday = date(2026, 7, 27)
    while monday <= date(2026, 11, 9):
        for offset in (1, 3):
            days[monday + timedelta(days=offset)] = 5.0
        monday += timedelta(weeks=1)
    for i in range(9):
        days[date(2026, 11, 16) + timedelta(days=i)] = 4.0
    return days


# Counted by hand from sample_year:
# 2026 holds 25 full weeks of the pattern (650 h), 1-3 Jan (13 h, 2 days), the 5 h
# Monday, 21 days of 4 h, 32 days of 5 h and 9 days of 4 h.
HOURS_2026 = 650 + 13 + 5 + 84 + 160 + 36  # 948
DAYS_2026 = 100 + 2 + 1 + 21 + 32 + 9  # 165
# Weeks on target: 3 Nov 2025 - 30 Mar 2026 (22 weeks), then 13 Apr - 20 Jul
# (15 weeks), then only 16 Nov; the running week (8 h so far) neither adds nor ends.


@pytest.fixture(scope="module")
def year_image(tmp_path_factory):
    """Started on FIRST_DAY at 25 h a week, with sample_year's ~200 entries imported."""
    tmp_path = tmp_path_factory.mktemp("year")
    db = tmp_path / "mlpath.db"
    run_at(db, "start", "--date", FIRST_DAY, "--hours", "25")
    export = json.loads(run_at(db, "export").stdout)
    export["entries"] = [
        {
            "id": i,
            "day": day.isoformat(),
            "hours": hours,
            "topic_id": None,
            "note": None,
            "created_at": "2026-01-01T00:00:00+00:00",
        }
        for i, (day, hours) in enumerate(sorted(sample_year().items()), start=1)
    ]
    file = tmp_path / "year.json"
    file.write_text(json.dumps(export))
    run_at(db, "import", str(file))
    return image_of(db)


@pytest.fixture
def year(year_image, db_path, mlpath):
    """The year's database, copied to this test's own MLPATH_DB."""
    place(db_path, year_image)
    return mlpath


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def _at_width(monkeypatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))


# --- hours --chart -------------------------------------------------------------------


def test_chart_shows_twelve_weeks_with_hours_target_and_band(year, monkeypatch):
    _at_width(monkeypatch, 80)
    lines = _lines(year("hours", "--chart").stdout)
    assert lines[0] == "Study hours by week, 07 Sep 2026 to 23 Nov 2026"
    rows = lines[1:13]
    mondays = [date(2026, 9, 7) + timedelta(weeks=k) for k in range(12)]
    assert [r[:6] for r in rows] == [m.strftime("%d %b") for m in mondays]
    assert [r.split()[-1] for r in rows[:-1]] == ["10"] * 10 + ["28"]
    assert rows[-1].endswith(" 8 so far")
    # The target (25 h) is marked in the same place on every bar, between the
    # ticks of the plan's 20 and 30 h, and the 28-hour bar runs past it.
    markers = {r.index("┃") for r in rows}
    assert len(markers) == 1
    axis, numbers = lines[13], lines[14]
    twenty, thirty = numbers.index("20"), numbers.index("30")
    assert axis[twenty] == axis[thirty] == "┴"
    assert twenty < markers.pop() < thirty
    assert "█┃█" in rows[10] and "░┃░" in rows[0]
    # 10 hours reach half of the way to 20: the bar, a gap, then the band
    assert rows[0][7:].startswith("█" * 8) and "█ ░" not in rows[0] and "█   " in rows[0]
    assert numbers.split() == ["0", "20", "30", "40", "h"]
    assert lines[15] == "█ hours  ┃ week's target  ░░ the plan's 20-30 h/week"
    assert len(lines) == 16


def test_chart_weeks_default_to_twelve_and_table_weeks_to_eight(year, run_json):
    assert len(run_json("hours")) == 8
    charted = run_json("hours", "--chart")
    assert charted == run_json("hours", "--weeks", "12")
    assert (charted[-1]["week_start"], charted[-1]["hours"]) == ("2026-11-23", 8.0)
    assert len(run_json("hours", "--chart", "--weeks", "3")) == 3


def test_chart_with_entries_is_refused(year):
    result = year("hours", "--chart", "--entries", code=1)
    assert "--chart draws weeks, --entries lists entries" in result.stderr


def test_chart_of_many_weeks_names_them_with_their_year(year):
    lines = _lines(year("hours", "--chart", "--weeks", "60").stdout)
    assert lines[1].startswith("2025-11-03 ") and lines[56].startswith("2026-11-23 ")


def test_chart_before_the_start_date(mlpath):
    mlpath("start", "--date", "2026-12-07")
    assert "No weeks yet" in mlpath("hours", "--chart").stdout


# --- calendar ----------------------------------------------------------------------


def test_calendar_grid_of_the_year(year, monkeypatch):
    _at_width(monkeypatch, 80)
    lines = _lines(year("calendar").stdout)
    assert lines[0] == "Study days in 2026"
    assert lines[1].split() == [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    ]  # fmt: skip
    grid = lines[2:9]
    assert [row[:4] for row in grid] == ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "]

    # 1 Jan 2026 is a Thursday in the first column; 29 Dec 2025 opens that column
    def cell(day: date) -> str:
        column = (day - date(2025, 12, 29)).days // 7
        return grid[day.weekday()][4 + column : 5 + column] or " "

    assert cell(date(2025, 12, 29)) == " "  # the year before
    assert cell(date(2026, 1, 1)) == "█"  # 6.5 h
    assert cell(date(2026, 1, 2)) == "·"  # nothing
    assert cell(date(2026, 7, 8)) == "▓"  # 4 h
    assert cell(date(2026, 8, 4)) == "▓"  # 5 h
    assert cell(date(2026, 11, 25)) == "·"  # today, nothing yet
    assert cell(date(2026, 11, 26)) == " "  # still to come
    assert lines[1].index("Jul") == 4 + (date(2026, 7, 1) - date(2025, 12, 29)).days // 7
    assert lines[9] == "    · none  ░ under 2 h  ▒ 2-4 h  ▓ 4-6 h  █ 6 h or more"
    text = "\n".join(lines)
    assert "study days       9 days (16–24 Nov 2026)  21 days (6–26 Jul 2026)" in text
    assert "weeks on target  1 week (16–22 Nov 2026)  22 weeks (3 Nov 2025 – 5 Apr 2026)" in text
    assert lines[-1] == f"2026: {HOURS_2026} h on {DAYS_2026} study days."


def test_calendar_streaks_on_a_narrow_terminal(year, monkeypatch):
    _at_width(monkeypatch, 60)
    text = year("calendar").stdout
    assert (
        "Streak of weeks on target\n"
        "  now      1 week (16–22 Nov 2026)\n"
        "  longest  22 weeks (3 Nov 2025 – 5 Apr 2026)\n"
    ) in text


def test_calendar_json(year, run_json):
    data = run_json("calendar")
    assert data["year"] == 2026
    assert data["total_hours"] == HOURS_2026 and data["study_days"] == DAYS_2026
    assert len(data["days"]) == DAYS_2026
    assert data["days"][0] == {"date": "2026-01-01", "hours": 6.5}
    assert data["days"][-1] == {"date": "2026-11-24", "hours": 4.0}
    assert data["streaks"] == {
        "study_days": {
            "current": {"length": 9, "first": "2026-11-16", "last": "2026-11-24"},
            "longest": {"length": 21, "first": "2026-07-06", "last": "2026-07-26"},
        },
        "weeks_on_target": {
            "current": {"length": 1, "first": "2026-11-16", "last": "2026-11-16"},
            "longest": {"length": 22, "first": "2025-11-03", "last": "2026-03-30"},
        },
    }


def test_calendar_of_another_year(year, run_json, monkeypatch):
    _at_width(monkeypatch, 80)
    last_year = run_json("calendar", "--year", "2025")
    assert (last_year["total_hours"], last_year["study_days"]) == (221, 34)
    # Streaks are the learner's as of today, whatever the year shown.
    assert last_year["streaks"] == run_json("calendar")["streaks"]
    empty = year("calendar", "--year", "2031").stdout
    assert "2031: no hours logged." in empty
    assert all(set(row[4:]) <= {" "} for row in _lines(empty)[2:9])  # all still to come
    before = year("calendar", "--year", "1999").stdout
    assert all(set(row[4:]) <= {"·", " "} for row in _lines(before)[2:9])


@pytest.mark.parametrize("year_text", ["last", "2026.5"])
def test_calendar_refuses_a_year_it_cannot_show(year, year_text):
    assert "--year" in year("calendar", "--year", year_text, code=2).stderr


@pytest.mark.parametrize(
    ("year_text", "said"), [("1969", "at least 1990"), ("2101", "at most 2100")]
)
def test_calendar_refuses_a_year_out_of_range_in_plain_words(year, year_text, said):
    # A whole number out of range is input mlpath refuses (1), not a malformed line (2).
    assert f"--year must be {said}" in year("calendar", "--year", year_text, code=1).stderr


def test_calendar_before_start(mlpath):
    assert "mlpath start" in mlpath("calendar", code=3).stderr


def test_calendar_today_counts_once_studied(year):
    year("log", "2", "--date", TODAY)
    data = json.loads(year("calendar", "--json").stdout)
    assert data["streaks"]["study_days"]["current"] == {
        "length": 10,
        "first": "2026-11-16",
        "last": TODAY,
    }


# --- every width, no colour ---------------------------------------------------------

VIEWS = [
    ["hours", "--chart"],
    ["hours", "--chart", "--weeks", "60"],
    ["calendar"],
    ["calendar", "--year", "2025"],
    ["calendar", "--year", "2012"],  # 1 Jan 2012 is a Sunday of a leap year: 54 columns
]


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal(year, monkeypatch, args, columns):
    _at_width(monkeypatch, columns)
    lines = _lines(year(*args).stdout)
    assert max(len(line) for line in lines) <= columns
    assert not [line for line in lines if line.endswith(" ")]
    if args[0] == "calendar":
        grid = [line for line in lines if line[:3] in ("Mon", "Sun")]
        assert len(grid) == 2, "the grid was wrapped"
        # the whole year, at one character a day, or two from 115 columns on
        shown = int(args[-1]) if len(args) > 1 else 2026
        weeks = (week_start(date(shown, 12, 31)) - week_start(date(shown, 1, 1))).days // 7 + 1
        cell = 2 if columns >= 115 else 1
        widest = max(len(row) for row in grid)  # rows end at their last day so far
        assert widest == 4 + (weeks - 1) * cell + 1 or (shown == 2026 and widest < 4 + weeks * cell)


def test_wider_terminals_get_longer_bars(year, monkeypatch):
    lengths = {}
    for columns in (60, 80, 120, 200):
        _at_width(monkeypatch, columns)
        row = _lines(year("hours", "--chart").stdout)[11]  # the 28-hour week
        lengths[columns] = row.count("█")
        assert len(row) == columns
    assert lengths[60] < lengths[80] < lengths[120] < lengths[200]


def test_calendar_cells_are_two_characters_on_wide_terminals(year, monkeypatch):
    _at_width(monkeypatch, 120)
    monday = _lines(year("calendar").stdout)[2]
    assert monday.startswith("Mon   █ █ █ ")  # 29 Dec 2025 is last year's: blank


@pytest.mark.parametrize("args", [["hours", "--chart"], ["calendar"]])
def test_no_color_means_no_escape_codes(year, monkeypatch, args):
    monkeypatch.setenv("FORCE_COLOR", "1")  # as on a terminal
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" in year(*args).stdout  # colour when allowed: the test is not blind
    monkeypatch.setenv("NO_COLOR", "1")
    plain = year(*args).stdout
    assert "\x1b" not in plain
    assert "┃" in plain or "█" in plain
