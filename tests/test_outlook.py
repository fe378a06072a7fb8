"""Issue 12, points 3-5 in the domain: the weeks the forecast replays, the outlook that
wires it to the plan (recent pace, credit, record, breaks), and `plan --by`'s answer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mlpath.domain import forecast, reports
from mlpath.domain.breaks import break_days
from mlpath.domain.limits import MAX_HOURS_PER_WEEK
from mlpath.domain.model import Break, Status
from mlpath.domain.progress import phase_progress
from mlpath.domain.weekly import actual_pace, pace_weeks, past_weeks, week_start
from test_progress import _snapshot, done, phase, topic

START = date(2026, 1, 5)  # a Monday
DAY_HOURS = st.floats(min_value=0, max_value=12, allow_nan=False, allow_subnormal=False)


def _day(n: int) -> date:
    return START + timedelta(days=n)


def _snap(phases):
    """A learner who started on START."""
    base = _snapshot(phases)
    return base._replace(settings=base.settings._replace(start_date=START))


# --- the weeks the forecast replays ------------------------------------------------------


@given(
    st.integers(0, 6),  # the start's weekday
    st.integers(0, 120),  # days from the start to today
    st.dictionaries(st.integers(-10, 130), DAY_HOURS, max_size=60),
    st.frozensets(st.integers(0, 130), max_size=25),
)
def test_past_weeks_are_the_weeks_of_pace_weeks_each_at_seven_study_days(
    shift, days, logged, off_days
):
    start = START + timedelta(days=shift)
    today = start + timedelta(days=days)
    by_day = {_day(k): hours for k, hours in logged.items()}
    off = frozenset(_day(k) for k in off_days)
    weeks = past_weeks(by_day, start_date=start, today=today, breaks=off)
    window = pace_weeks(start_date=start, today=today, weeks=10_000, breaks=off)
    expected = [
        sum(by_day.get(monday + timedelta(days=i), 0.0) for i in range(7)) * 7 / available
        for monday, available in reversed(window)
    ]
    assert weeks == pytest.approx(expected)


@given(
    st.integers(0, 120),
    st.dictionaries(st.integers(-10, 130), DAY_HOURS, max_size=60),
)
def test_the_recent_pace_is_the_average_of_the_last_four_past_weeks(days, logged):
    today = START + timedelta(days=days)
    by_day = {_day(k): hours for k, hours in logged.items()}
    weeks = past_weeks(by_day, start_date=START, today=today)
    pace = actual_pace(by_day, start_date=START, today=today)
    recent = weeks[-4:]
    if not sum(recent):
        assert pace is None
    else:
        assert pace == pytest.approx(sum(recent) / len(recent))


def test_a_week_partly_on_break_counts_at_its_study_days_and_one_wholly_on_break_not_at_all():
    by_day = {_day(0): 10.0, _day(7): 6.0, _day(14): 5.0}
    off = break_days([Break(_day(7), _day(9)), Break(_day(14), _day(20))])
    assert past_weeks(by_day, start_date=START, today=_day(21), breaks=off) == [10.0, 6 * 7 / 4]


# --- the outlook -------------------------------------------------------------------------


def _week_of(hours: float, weeks: int) -> dict[date, float]:
    """`hours` every week for `weeks` weeks from START, a seventh of them a day."""
    return {_day(k): hours / 7 for k in range(7 * weeks)}


TOPICS = st.lists(
    st.lists(st.floats(min_value=1, max_value=60), min_size=1, max_size=4),
    min_size=1,
    max_size=4,
)


@given(
    TOPICS,
    st.floats(min_value=5, max_value=40),
    st.integers(4, 30),
    st.dictionaries(st.integers(0, 15), st.floats(min_value=0, max_value=80), max_size=6),
    st.integers(0, 6),
)
def test_every_week_at_h_hours_forecasts_the_plan_at_h_credit_taken_off(
    rows, hours, weeks, logged_at, weekday
):
    phases = [
        phase(n, *(topic(f"p{n}t{i}", e, phase=n) for i, e in enumerate(estimates)))
        for n, estimates in enumerate(rows)
    ]
    snapshot = _snap(phases)
    ids = [t.id for t in snapshot.topics()]
    logged = {ids[i % len(ids)]: h for i, h in logged_at.items()}
    today = START + timedelta(weeks=weeks, days=weekday)
    by_day = _week_of(hours, weeks)
    report = reports.plan_report(
        snapshot, hours_by_day=by_day, today=today, hours_per_week=hours, hours_by_topic=logged
    )
    found = report.forecast
    assert found is not None and found.weeks_of_history == weeks
    assert found.estimate_ratio == 1.0  # no done topic on record
    assert [p.number for p in found.phases] == [p.load.number for p in report.phases]
    for ranges, planned in zip(found.phases, report.phases, strict=True):
        assert ranges.finish == (planned.finish,) * 3
    assert report.actual is not None and report.actual.hours_per_week == pytest.approx(hours)


@given(
    TOPICS,
    st.lists(st.floats(min_value=2, max_value=40), min_size=4, max_size=20),
    st.integers(0, 15),
    st.floats(min_value=0.5, max_value=30),
    st.integers(0, 100),
)
def test_logging_hours_on_an_open_topic_never_moves_a_forecast_date_later(
    rows, week_hours, where, more, on
):
    """More hours in a past week, and as many fewer left on an open topic: never later."""
    phases = [
        phase(n, *(topic(f"p{n}t{i}", e, phase=n) for i, e in enumerate(estimates)))
        for n, estimates in enumerate(rows)
    ]
    snapshot = _snap(phases)
    ids = [t.id for t in snapshot.topics()]
    by_day = {_day(7 * k): h for k, h in enumerate(week_hours)}
    today = START + timedelta(weeks=len(week_hours), days=2)
    day = _day(on % (7 * len(week_hours)))
    target = ids[where % len(ids)]

    def ranges(by_day, logged):
        report = reports.plan_report(
            snapshot, hours_by_day=by_day, today=today, hours_by_topic=logged
        )
        return report.forecast

    before = ranges(by_day, {})
    after = ranges({**by_day, day: by_day.get(day, 0.0) + more}, {target: more})
    assume(before is not None and after is not None)
    never = date.max  # a share of runs not done within a century: later than any date
    for earlier, later in zip(before.phases, after.phases, strict=True):
        for was, now in zip(earlier.finish, later.finish, strict=True):
            assert (now or never) <= (was or never)


def test_the_record_is_the_done_topics_with_hours_logged():
    phases = [
        phase(0, done("a", START, 10), done("b", START, 20), topic("c", 5)),
        phase(1, done("d", START, 8, phase=1), topic("e", 4, phase=1, status=Status.DOING)),
    ]
    snapshot = _snapshot(phases)
    logged = {"a": 12.0, "c": 3.0, "d": 8.0, "e": 1.0}
    assert sorted(reports.record(snapshot, logged)) == [(8, 8.0), (10, 12.0)]


def test_no_forecast_below_four_weeks_of_history_nor_for_a_trickle():
    phases = [phase(0, topic("a", 300), topic("b", 300))]
    snapshot = _snap(phases)
    progress = phase_progress(snapshot.phases, snapshot.settings)

    def outlook(by_day, weeks):
        today = START + timedelta(weeks=weeks)
        return reports.outlook(
            progress, snapshot, hours_by_day=by_day, hours_by_topic={}, today=today,
            start=today, off=frozenset(),
        )  # fmt: skip

    short = outlook(_week_of(20, 3), 3)
    assert (short.forecast, short.missing, short.weeks_of_history) == (None, "history", 3)
    assert short.recent is not None  # the recent pace itself counts from one week
    assert outlook(_week_of(20, 4), 4).forecast is not None
    idle = outlook(_week_of(20, 2), 8)
    assert (idle.forecast, idle.missing, idle.recent_hours) == (None, "idle", None)
    # 600 h at 1 h a week: more than FORECAST_YEARS; at 0.1 h a week, more than a century
    assert outlook(_week_of(1, 8), 8).missing == "too far"
    slow = outlook(_week_of(0.1, 8), 8)
    assert (slow.missing, slow.recent, slow.recent_hours) == ("too slow", None, pytest.approx(0.1))


def test_a_slow_past_with_a_fast_month_is_no_forecast_either():
    """The runs draw from every past week: a month at 30 h after years at 0.2 h would
    simulate decades, so the average week decides too."""
    phases = [phase(0, topic("a", 600))]
    snapshot = _snap(phases)
    by_day = {**_week_of(0.2, 200), **{_day(7 * 200 + k): 30 / 7 for k in range(28)}}
    today = START + timedelta(weeks=204)
    report = reports.plan_report(snapshot, hours_by_day=by_day, today=today)
    assert report.actual is not None and report.actual.hours_per_week == pytest.approx(30)
    assert report.forecast is None and report.outlook is not None
    assert report.outlook.missing == "too far"


def test_planned_breaks_ahead_move_the_forecast_dates_out():
    phases = [phase(0, topic("a", 100)), phase(1, topic("b", 100, phase=1))]
    snapshot = _snap(phases)
    by_day = {_day(k): [2.0, 3.0, 4.0][k % 3] for k in range(7 * 10)}
    today = START + timedelta(weeks=10)
    holiday = Break(today + timedelta(days=1), today + timedelta(days=14))

    def finishes(breaks):
        found = reports.plan_report(
            snapshot, hours_by_day=by_day, today=today, breaks=breaks
        ).forecast
        assert found is not None
        return [p.finish for p in found.phases]

    for before, after in zip(finishes([]), finishes([holiday]), strict=True):
        assert [d + timedelta(days=14) for d in before if d] == list(after)


# --- plan --by -----------------------------------------------------------------------


@given(st.integers(0, 3000), st.sampled_from([None, 25.0]))
def test_by_plans_at_the_hours_it_takes_or_as_soon_as_the_range_allows(days, hours):
    phases = [phase(0, topic("a", 300)), phase(1, topic("b", 400, phase=1))]
    snapshot = _snap(phases)
    today = START + timedelta(days=30)
    by = today + timedelta(days=days)
    report = reports.plan_report(
        snapshot, hours_by_day={}, today=today, by=by, hours_per_week=hours
    )
    needed = report.needed_hours_per_week
    assert needed == pytest.approx(700 * 7 / (days + 1))
    assert report.feasible is (needed <= MAX_HOURS_PER_WEEK)
    used = {p.load.hours_per_week for p in report.phases}
    if hours is not None:  # the learner's own hours, whatever the date
        assert used == {hours} and report.basis is reports.Basis.SCHEDULE
    elif report.feasible:
        assert used == {needed} and report.basis is reports.Basis.NEEDED
        assert report.finish is not None and report.finish <= by
    else:
        assert used == {30.0} and report.basis is reports.Basis.RANGE_TOP
    if report.feasible:
        assert report.at_range_top is None
    else:
        assert report.at_range_top is not None and report.at_range_top.hours_per_week == 30
        assert report.at_range_top.finish is not None and report.at_range_top.finish > by


def test_week_start_of_the_start_is_where_past_weeks_begin():
    # A Wednesday start: its first week is partial, so the weeks begin the Monday after.
    wednesday = START + timedelta(days=2)
    by_day = {wednesday: 30.0, START + timedelta(days=7): 5.0}
    weeks = past_weeks(by_day, start_date=wednesday, today=START + timedelta(days=15))
    assert weeks == [5.0] and week_start(wednesday) == START
    assert forecast.MIN_WEEKS_OF_HISTORY == 4
