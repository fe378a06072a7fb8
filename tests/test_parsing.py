"""Turning what the learner types into hours and dates, with clear refusals."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpath.cli.parsing import parse_date, parse_hours, parse_past_date, parse_weekly_hours
from mlpath.errors import ExitCode, InvalidInput

TODAY = date(2026, 11, 25)


# --- parse_hours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, hours",
    [
        ("1.5", 1.5),
        ("2", 2.0),
        (".5", 0.5),
        ("2h", 2.0),
        ("2 hours", 2.0),
        ("1.25hrs", 1.25),
        ("1h30m", 1.5),
        ("1h 30", 1.5),
        ("1 h 30 min", 1.5),
        ("2hours 15minutes", 2.25),
        ("1H30M", 1.5),
        ("90min", 1.5),
        ("45m", 0.75),
        ("45 mins", 0.75),
        ("1:30", 1.5),
        ("0:45", 0.75),
        ("  3h  ", 3.0),
    ],
)
def test_parse_hours_reads_the_usual_ways_of_writing_a_duration(text, hours):
    assert parse_hours(text) == pytest.approx(hours)


def test_parse_hours_rounds_to_a_fraction_of_a_second():
    assert parse_hours("1h10m") == pytest.approx(1 + 10 / 60, abs=1e-4)
    assert parse_hours("20m") == pytest.approx(1 / 3, abs=1e-4)


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "", "1h30x", "1:75", "1.5.2", "h"])
def test_parse_hours_refuses_unreadable_input(text):
    with pytest.raises(InvalidInput) as caught:
        parse_hours(text)
    assert caught.value.message == f"cannot read '{text}' as a duration"
    assert caught.value.hint
    assert caught.value.exit_code is ExitCode.INVALID_INPUT


@pytest.mark.parametrize("text", ["-1", "-1.5", " -2h", "-0:30", "-x"])
def test_parse_hours_refuses_negative_hours_and_says_how_to_take_hours_back(text):
    with pytest.raises(InvalidInput) as caught:
        parse_hours(text)
    assert caught.value.message == f"'{text}' is negative: logging takes no hours back"
    assert "mlpath undo" in caught.value.hint and "--delete ID" in caught.value.hint


@pytest.mark.parametrize("text", ["0", "0h", "0m", "0:00", "0h0m", "0.0"])
def test_parse_hours_refuses_no_time_at_all(text):
    with pytest.raises(InvalidInput) as caught:
        parse_hours(text)
    assert caught.value.message == f"'{text}' is not a positive amount of time"
    assert caught.value.hint


@pytest.mark.parametrize("text", ["1h90m", "2h60", "0h75m"])
def test_parse_hours_refuses_sixty_or_more_minutes_after_hours_as_ambiguous(text):
    with pytest.raises(InvalidInput) as caught:
        parse_hours(text)
    assert "ambiguous" in caught.value.message
    assert text in caught.value.message
    assert caught.value.hint


@given(st.integers(min_value=1, max_value=1440))
def test_hours_and_minutes_parse_to_the_same_amount_of_time(minutes):
    whole, rest = divmod(minutes, 60)
    if whole and rest:
        assert parse_hours(f"{whole}h{rest}m") == pytest.approx(minutes / 60, abs=1e-3)
    assert parse_hours(f"{minutes}m") == pytest.approx(minutes / 60, abs=1e-3)
    assert parse_hours(f"{whole}:{rest:02d}") == pytest.approx(minutes / 60, abs=1e-3)


# --- parse_weekly_hours --------------------------------------------------------------


@pytest.mark.parametrize("text, hours", [("25", 25.0), ("1", 1.0), ("112", 112.0), (" 20 ", 20)])
def test_parse_weekly_hours_accepts_a_number_from_1_to_112(text, hours):
    assert parse_weekly_hours(text) == hours


@pytest.mark.parametrize("text", ["0", "-5", "nan", "inf", "-inf"])
def test_parse_weekly_hours_refuses_nothing_or_negative(text):
    with pytest.raises(InvalidInput) as caught:
        parse_weekly_hours(text)
    assert caught.value.message == f"hours per week must be more than 0, not {text}"
    assert caught.value.hint


@pytest.mark.parametrize("text", ["0.5", "0.0001", "1e-300"])
def test_parse_weekly_hours_refuses_a_trickle_that_would_outlast_a_lifetime(text):
    with pytest.raises(InvalidInput) as caught:
        parse_weekly_hours(text)
    assert "less than 1" in caught.value.message


@pytest.mark.parametrize("text", ["112.5", "113", "1000"])
def test_parse_weekly_hours_refuses_more_than_16_hours_every_day(text):
    with pytest.raises(InvalidInput) as caught:
        parse_weekly_hours(text)
    assert "more than 112" in caught.value.message
    assert caught.value.hint


@pytest.mark.parametrize("text", ["lots", "", "25h"])
def test_parse_weekly_hours_refuses_text(text):
    with pytest.raises(InvalidInput) as caught:
        parse_weekly_hours(text)
    assert caught.value.message == f"cannot read '{text}' as hours per week"
    assert caught.value.hint


# --- parse_date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-01", date(2026, 3, 1)),
        (" 2026-03-01 ", date(2026, 3, 1)),
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("YESTERDAY ", date(2026, 11, 24)),
        ("March 3, 2026", date(2026, 3, 3)),
        ("3 Mar 2026", date(2026, 3, 3)),
        ("2026/03/04", date(2026, 3, 4)),
        ("13/10/2026", date(2026, 10, 13)),  # only one reading is a date
        ("10/13/2026", date(2026, 10, 13)),
        ("05.05.2026", date(2026, 5, 5)),  # either way round, the same day
        ("March 3", date(2026, 3, 3)),  # the year defaults to today's
    ],
)
def test_parse_date_reads_iso_words_and_common_formats(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_parse_date_yesterday_crosses_a_year_boundary():
    assert parse_date("yesterday", today=date(2027, 1, 1)) == date(2026, 12, 31)


@pytest.mark.parametrize("text", ["garbage", "", "2026-02-30", "next blursday", "99/99/9999"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY)
    assert caught.value.message == f"cannot read '{text}' as a date"
    assert caught.value.hint


@pytest.mark.parametrize(
    ("text", "reads_as"),
    [
        ("March 2026", None),  # what it reads as is what was typed
        ("Feb 2026", "February 2026"),
        ("2026-03", "March 2026"),
        ("2026", "November 2026"),
        ("32 Feb", "February 2032"),  # no 32nd: dateutil takes 32 for the year
    ],
)
def test_parse_date_refuses_a_date_without_its_day(text, reads_as):
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY)
    reading = f" (it reads as {reads_as})" if reads_as else ""
    assert caught.value.message == f"'{text}' names no day of the month{reading}"
    assert "give the day" in caught.value.hint


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_reads_back_a_written_date_whatever_today_is(day):
    for text in (f"{day.day} {day:%B %Y}", f"{day:%b} {day.day}, {day.year}", f"{day:%B %d}"):
        dated = str(day.year) in text
        if not dated and (day.month, day.day) == (2, 29):
            continue  # no 29 February in the default year
        expected = day if dated else day.replace(year=TODAY.year)
        assert parse_date(text, today=TODAY) == expected, text


def test_parse_date_takes_a_weekday_name_as_a_day():
    assert parse_date("Monday", today=TODAY) == date(2026, 11, 30)  # the next one


@pytest.mark.parametrize("text", ["06.10.2026", "06/10/2026", "6-10-26"])
def test_a_numeric_date_that_reads_both_ways_is_refused_with_both_readings(text, monkeypatch):
    monkeypatch.delenv("MLPATH_DATE_ORDER", raising=False)
    with pytest.raises(InvalidInput) as caught:
        parse_date(text, today=TODAY)
    assert caught.value.message == f"'{text}' could be 6 October 2026 or 10 June 2026"
    assert "MLPATH_DATE_ORDER=dmy" in caught.value.hint and "YYYY-MM-DD" in caught.value.hint


@pytest.mark.parametrize(
    ("order", "expected"), [("dmy", date(2026, 10, 6)), ("mdy", date(2026, 6, 10))]
)
def test_the_learners_date_order_reads_a_numeric_date(order, expected, monkeypatch):
    monkeypatch.setenv("MLPATH_DATE_ORDER", order)
    assert parse_date("06/10/2026", today=TODAY) == expected
    assert parse_date("13/10/2026", today=TODAY) == date(2026, 10, 13)  # still the one date


def test_an_unknown_date_order_is_refused(monkeypatch):
    monkeypatch.setenv("MLPATH_DATE_ORDER", "ymd")
    with pytest.raises(InvalidInput, match="MLPATH_DATE_ORDER=ymd is not a date order"):
        parse_date("06/10/2026", today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-1", date(2026, 11, 24)),  # yesterday, not the 1st of the month
        ("-2d", date(2026, 11, 23)),
        ("-1w", date(2026, 11, 18)),
        ("2 days ago", date(2026, 11, 23)),
        ("1 week ago", date(2026, 11, 18)),
        ("wednesday", TODAY),  # TODAY is a Wednesday: the latest one is today
        ("Monday", date(2026, 11, 23)),
        ("sun", date(2026, 11, 22)),
        ("last wednesday", date(2026, 11, 18)),  # before today
        ("last monday", date(2026, 11, 23)),
    ],
)
def test_a_day_being_recorded_reads_words_and_counts_back(text, expected):
    assert parse_past_date(text, today=TODAY) == expected


def test_a_date_that_cannot_be_read_lists_what_can():
    with pytest.raises(InvalidInput) as caught:
        parse_past_date("the day before", today=TODAY)
    for form in ("YYYY-MM-DD", "a weekday", "last friday", "3 days ago", "-2d", "-1w"):
        assert form in caught.value.hint


def test_parse_date_allows_the_future():
    assert parse_date("2027-01-01", today=TODAY) == date(2027, 1, 1)


# --- parse_past_date -----------------------------------------------------------------


@pytest.mark.parametrize("text", ["today", "yesterday", "2026-11-25", "2020-01-01"])
def test_parse_past_date_accepts_today_and_earlier(text):
    assert parse_past_date(text, today=TODAY) <= TODAY


@pytest.mark.parametrize("text", ["2026-11-26", "Dec 1, 2026"])
def test_parse_past_date_refuses_the_future(text):
    with pytest.raises(InvalidInput) as caught:
        parse_past_date(text, today=TODAY)
    assert "is in the future" in caught.value.message
    assert caught.value.hint


def test_parse_past_date_passes_on_unreadable_dates():
    with pytest.raises(InvalidInput, match="cannot read"):
        parse_past_date("garbage", today=TODAY)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_reads_back_any_iso_date(day):
    assert parse_date(day.isoformat(), today=TODAY) == day


@pytest.mark.parametrize("text", ["0.01", "0.5m", "0.016"])
def test_parse_hours_refuses_less_than_a_minute(text):
    with pytest.raises(InvalidInput) as caught:
        parse_hours(text)
    assert caught.value.message == f"'{text}' is less than a minute"


def test_parse_hours_takes_one_minute():
    assert parse_hours("1m") == pytest.approx(1 / 60, abs=1e-4)
