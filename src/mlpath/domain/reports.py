"""The views the read commands show, assembled from a snapshot by pure functions."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from mlpath.domain import forecast as forecasting
from mlpath.domain import plan, progress, reviews, streaks, weekly
from mlpath.domain.balance import Balance
from mlpath.domain.breaks import break_days
from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK
from mlpath.domain.model import (
    Baseline,
    Break,
    Entry,
    Phase,
    PhaseState,
    Profile,
    ReviewItem,
    Settings,
    Snapshot,
    Status,
    Topic,
)
from mlpath.domain.papers import ReadingWeek
from mlpath.errors import InvalidInput

# A projection within this many days of the plan is on track: a day either way
# is the noise of one evening's study, not news.
ON_TRACK_DAYS = 3

# The complete weeks the recent pace averages (weekly.actual_pace's window).
RECENT_WEEKS = 4

# No forecast when the roadmap would take longer than this at the learner's recent
# pace or at their average week: a range of dates that far out tells them nothing a
# single date does not, and simulating that many weeks would cost `status` its speed.
FORECAST_YEARS = 10


def profile_in_force(snapshot: Snapshot) -> Profile | None:
    """The background profile the current settings follow (None: the roadmap as written)."""
    wanted = snapshot.settings.profile
    return next((p for p in snapshot.profiles if p.id == wanted), None)


def target_for(snapshot: Snapshot) -> Callable[[date], float]:
    """The weekly hours planned on each day, by the settings in force that day."""
    periods = [(p.first_day, p.settings) for p in snapshot.settings_history]
    periods.append((snapshot.settings_since, snapshot.settings))
    firsts = [first for first, _ in periods]
    calendars: dict[int, Callable[[date], Phase]] = {}

    def target(day: date) -> float:
        index = max(bisect_right(firsts, day) - 1, 0)
        settings = periods[index][1]
        if index not in calendars:
            calendars[index] = progress.phase_calendar(snapshot.phases, settings)
        return progress.weekly_target(calendars[index](day), settings)

    return target


def weeks(
    snapshot: Snapshot,
    hours_by_day: Mapping[date, float],
    today: date,
    breaks: Sequence[Break] = (),
    since: date | None = None,
) -> list[weekly.Week]:
    return weekly.weekly_report(
        hours_by_day=hours_by_day,
        start_date=snapshot.settings.start_date,
        today=today,
        target_for=target_for(snapshot),
        breaks=break_days(breaks),
        since=since,
    )


def loads(
    phases: Sequence[progress.PhaseProgress],
    snapshot: Snapshot,
    hours_per_week: float | None,
    *,
    reviews_take: float = 0.0,
) -> list[plan.Load]:
    """The phases still to do, each at the given pace or else at its own planned hours,
    less the hours a week that reviews take (`reviews_take`)."""
    found = [
        _load(p, snapshot, hours_per_week, hours=p.remaining_hours)
        for p in phases
        if p.state in (PhaseState.CURRENT, PhaseState.UPCOMING)
    ]
    if reviews_take <= 0:
        return found
    for load in found:
        if load.hours_per_week - reviews_take < MIN_HOURS_PER_WEEK:
            raise InvalidInput(
                f"reviews take {reviews_take:.1f} of the {load.hours_per_week:g} h a week "
                f"planned for phase {load.number}: too little is left for new topics",
                hint="plan more hours a week: mlpath plan --hours N (or mlpath start --hours N)",
            )
    return [load._replace(hours_per_week=load.hours_per_week - reviews_take) for load in found]


def _load(
    p: progress.PhaseProgress,
    snapshot: Snapshot,
    hours_per_week: float | None,
    *,
    hours: float,
    settings: Settings | None = None,
) -> plan.Load:
    return plan.Load(
        number=p.phase.number,
        id=p.phase.id,
        title=p.phase.title,
        remaining_hours=hours,
        hours_per_week=hours_per_week
        or progress.weekly_target(p.phase, settings or snapshot.settings),
    )


def baseline(snapshot: Snapshot, off: Collection[date]) -> tuple[date, dict[int, date]]:
    """The plan the pace verdict compares against: its day of record and phase finishes.

    Until the learner rebaselines (`plan --rebaseline`) it is the plan made on the
    start date: every phase's planned hours at the settings in force that day, so a
    change of settings later never moves it.
    """
    if snapshot.baseline is not None:
        return snapshot.baseline.made_on, dict(snapshot.baseline.finishes)
    history = snapshot.settings_history
    settings = history[0].settings if history else snapshot.settings
    phases = progress.phase_progress(snapshot.phases, settings)
    at_start = [
        _load(p, snapshot, settings.hours_per_week, hours=p.hours_planned, settings=settings)
        for p in phases
        if p.state is not PhaseState.SKIPPED and p.hours_planned > 0
    ]
    try:
        planned = plan.project(at_start, settings.start_date, off)
    except plan.TooSlow:
        planned = []
    return settings.start_date, {p.load.number: p.finish for p in planned}


def rebaseline(
    snapshot: Snapshot, *, today: date, entries: Sequence[Entry], breaks: Sequence[Break] = ()
) -> Baseline:
    """A new baseline: the plan as it stands today, on the roadmap's schedule."""
    phases = progress.phase_progress(
        snapshot.phases, snapshot.settings, progress.hours_by_topic(entries)
    )
    start = max(today, snapshot.settings.start_date)
    planned = _project(
        loads(phases, snapshot, snapshot.settings.hours_per_week), start, break_days(breaks)
    )
    return Baseline(today, tuple((p.load.number, p.finish) for p in planned))


class Verdict(NamedTuple):
    """The current phase's projected end against where the baseline put it."""

    phase: int
    planned: date
    projected: date
    # The recent pace the projection runs at; None: on the roadmap's schedule.
    hours_per_week: float | None = None

    @property
    def days_late(self) -> int:
        return (self.projected - self.planned).days

    @property
    def word(self) -> str:
        if self.days_late > ON_TRACK_DAYS:
            return "behind"
        if self.days_late < -ON_TRACK_DAYS:
            return "ahead"
        return "on track"


def verdict(
    phases: Sequence[progress.PhaseProgress],
    projected: Sequence[plan.PhasePlan],
    snapshot: Snapshot,
    off: Collection[date],
    recent_pace: float | None = None,
) -> Verdict | None:
    """Compare the projection of the current phase's end with the baseline's.

    The projection runs what is left from today, at the learner's recent pace
    (`recent_pace`, the hours a week `projected` was made at) or else on the
    roadmap's schedule; the baseline (see `baseline`) is fixed until the learner
    asks for a new one. Their dates differ by the days gained or lost.
    """
    current = progress.current_phase(phases)
    ending = next((p for p in projected if current and p.load.number == current.phase.number), None)
    if current is None or ending is None:
        return None
    planned = baseline(snapshot, off)[1].get(current.phase.number)
    if planned is None:  # a phase the baseline did not plan (skipped then, or new)
        return None
    return Verdict(current.phase.number, planned, ending.finish, recent_pace)


class Pace(NamedTuple):
    hours_per_week: float
    phases: list[plan.PhasePlan]

    @property
    def finish(self) -> date | None:
        return plan.finish(self.phases)


class NoForecast(StrEnum):
    """Why there is no forecast for a learner with something left to plan."""

    HISTORY = "history"  # fewer than forecast.MIN_WEEKS_OF_HISTORY complete weeks
    IDLE = "idle"  # no hours in the weeks the recent pace is measured over
    TOO_SLOW = "too slow"  # at the recent pace the plan outruns plan.HORIZON_DAYS
    TOO_FAR = "too far"  # past FORECAST_YEARS at the recent pace or the average week


class Outlook(NamedTuple):
    """What the learner's own record says of the plan ahead: the recent pace and the forecast."""

    weeks_of_history: int  # past complete weeks (weekly.past_weeks)
    recent_hours: float | None  # weekly.actual_pace: None without hours in its weeks
    recent: Pace | None  # the plan at recent_hours; None: no pace, or it outruns a century
    forecast: forecasting.Forecast | None
    missing: NoForecast | None = None  # why there is no forecast; None: nothing to plan
    topics_on_record: int = 0  # done topics whose ratios the forecast draws (0 below its minimum)

    @property
    def enough_history(self) -> bool:
        return self.weeks_of_history >= forecasting.MIN_WEEKS_OF_HISTORY

    @property
    def recent_weeks(self) -> int:
        """The complete weeks recent_hours is the average of."""
        return min(self.weeks_of_history, RECENT_WEEKS)


def record(snapshot: Snapshot, hours_by_topic: Mapping[str, float]) -> list[tuple[float, float]]:
    """(estimate, hours logged) of every done topic with hours logged: how the learner's
    estimates have held up, for the forecast."""
    return [
        (t.hours, hours_by_topic[t.id])
        for t in snapshot.topics(include_retired=True)
        if t.status is Status.DONE and hours_by_topic.get(t.id, 0.0) > 0
    ]


def outlook(
    phases: Sequence[progress.PhaseProgress],
    snapshot: Snapshot,
    *,
    hours_by_day: Mapping[date, float],
    hours_by_topic: Mapping[str, float],
    today: date,
    start: date,
    off: Collection[date],
) -> Outlook:
    """The plan at the recent pace and the forecast ranges, from `start`.

    The forecast replays every past complete week (weekly.past_weeks) and the
    estimate-vs-actual record of the done topics (`record`) over each open topic's
    remaining hours, credit taken off (progress.remaining_hours). It is left out
    (NoForecast) below forecast.MIN_WEEKS_OF_HISTORY weeks, and when the recent pace
    gives no date within FORECAST_YEARS.
    """
    first = snapshot.settings.start_date
    history = weekly.past_weeks(hours_by_day, start_date=first, today=today, breaks=off)
    pace = weekly.actual_pace(
        hours_by_day, start_date=first, today=today, weeks=RECENT_WEEKS, breaks=off
    )
    todo = [p for p in phases if p.state in (PhaseState.CURRENT, PhaseState.UPCOMING)]
    recent = None
    if pace:
        try:
            recent = Pace(pace, plan.project(loads(todo, snapshot, pace), start, off))
        except plan.TooSlow:
            recent = None  # a trickle of hours projects nothing useful
    left = progress.remaining_hours
    work = [
        forecasting.PhaseWork(
            p.phase.number, tuple(left(t, hours_by_topic.get(t.id, 0.0)) for t in p.next_topics)
        )
        for p in todo
    ]
    done = record(snapshot, hours_by_topic)
    missing = _no_forecast(work, history, pace, recent, done, start)
    found = None
    if work and missing is None:
        found = forecasting.forecast(
            work,
            past_weeks=history,
            record=done,
            start=start,
            breaks=off,
        )
    on_record = len(forecasting.estimate_ratios(done))
    return Outlook(len(history), pace, recent, found, missing, on_record)


def _no_forecast(
    work: Sequence[forecasting.PhaseWork],
    history: Sequence[float],
    pace: float | None,
    recent: Pace | None,
    done: Sequence[tuple[float, float]],
    start: date,
) -> NoForecast | None:
    if not work:
        return None
    if len(history) < forecasting.MIN_WEEKS_OF_HISTORY:
        return NoForecast.HISTORY
    if not pace:
        return NoForecast.IDLE
    if recent is None:
        return NoForecast.TOO_SLOW
    cap = FORECAST_YEARS * 365.25
    if (recent.finish or start) > start + timedelta(days=cap):
        return NoForecast.TOO_FAR
    # The runs draw from every past week, not the recent ones: at the average of those
    # (and of the estimate ratios) a run needs about this many days.
    ratios = forecasting.estimate_ratios(done)
    ratio = math.fsum(ratios) / len(ratios) if ratios else 1.0
    left = math.fsum(h for phase in work for h in phase.topic_hours) * ratio
    average = math.fsum(history) / len(history)
    if left * 7 > cap * average:
        return NoForecast.TOO_FAR
    return None


class StatusReport(NamedTuple):
    snapshot: Snapshot
    phases: list[progress.PhaseProgress]
    hours_by_phase: dict[int, float]
    current: progress.PhaseProgress | None
    week: weekly.Week | None  # this week
    finish: date | None
    today: date
    verdict: Verdict | None = None
    overruns: tuple[progress.Overrun, ...] = ()
    streak: streaks.Streak = streaks.NO_STREAK  # the current run of study days
    weeks_on_target: streaks.Streak = streaks.NO_STREAK  # the current run, as `calendar`'s
    topic_count: progress.TopicCount | None = None
    outlook: Outlook | None = None
    reviews_due: int = 0  # reviews due today or overdue (domain/reviews.py)
    balance: Balance | None = None  # theory and practice over the last four weeks
    papers: ReadingWeek | None = None  # the week's papers read, in the specialisation phase

    @property
    def recent(self) -> Pace | None:
        """The plan at the recent pace, once there are the weeks of history to trust it."""
        if self.outlook is None or not self.outlook.enough_history:
            return None
        return self.outlook.recent

    @property
    def forecast(self) -> forecasting.Forecast | None:
        return self.outlook.forecast if self.outlook else None

    @property
    def topics_done(self) -> int:
        return sum(p.done for p in self.phases if p.state is not PhaseState.SKIPPED)

    @property
    def topics_total(self) -> int:
        return sum(p.total for p in self.phases if p.state is not PhaseState.SKIPPED)

    @property
    def percent(self) -> float:
        return 100.0 * self.topics_done / self.topics_total if self.topics_total else 100.0

    @property
    def percent_hours(self) -> float:
        """The share of the required hours done: done topics' estimates and the credit
        of open ones, over every counted topic's estimate (skipped phases aside)."""
        counted = [p for p in self.phases if p.state is not PhaseState.SKIPPED]
        planned = sum(p.hours_planned for p in counted)
        left = sum(p.remaining_hours for p in counted)
        return 100.0 * (planned - left) / planned if planned else 100.0

    @property
    def hours_logged(self) -> float:
        return sum(self.hours_by_phase.values())


def _project(
    phase_loads: Sequence[plan.Load], start: date, off: Collection[date]
) -> list[plan.PhasePlan]:
    """The plan at the learner's own pace, which must finish within plan.HORIZON_DAYS."""
    try:
        return plan.project(phase_loads, start, off)
    except plan.TooSlow as exc:
        raise InvalidInput(
            f"{exc}: no finish date can be given",
            hint="plan more hours a week: mlpath start --hours N (or plan --hours N)",
        ) from None


def _weeks_on_target_now(
    snapshot: Snapshot, hours_by_day: Mapping[date, float], today: date, breaks: Sequence[Break]
) -> tuple[weekly.Week | None, streaks.Streak]:
    """This week, and the run of weeks on target alive now, as `calendar` finds it.

    Status shows the current run only, so it reads back from today no further than
    the complete week that missed its target before the run (or the start date):
    weeks as far back as that give the same current run as every week since the start.
    """
    span = 8
    while True:
        since = today - timedelta(weeks=span)
        recent = weeks(snapshot, hours_by_day, today, breaks, since=since)
        if not recent:
            return None, streaks.NO_STREAK
        missed = any(w.complete and w.target > 0 and not weekly.on_target(w) for w in recent)
        if missed or since <= snapshot.settings.start_date:
            return recent[-1], streaks.week_streaks(recent).current
        span *= 4


def status_report(
    snapshot: Snapshot,
    *,
    hours_by_day: Mapping[date, float],
    entries: Sequence[Entry],
    today: date,
    breaks: Sequence[Break] = (),
    review_dues: Sequence[date] = (),
) -> StatusReport:
    """`review_dues`: the scheduled days of the reviews due by today (a break may move
    some of them later)."""
    by_topic = progress.hours_by_topic(entries)
    phases = progress.phase_progress(snapshot.phases, snapshot.settings, by_topic)
    this_week, on_target = _weeks_on_target_now(snapshot, hours_by_day, today, breaks)
    start = max(today, snapshot.settings.start_date)
    off = break_days(breaks)
    plans = _project(loads(phases, snapshot, snapshot.settings.hours_per_week), start, off)
    ahead = outlook(
        phases,
        snapshot,
        hours_by_day=hours_by_day,
        hours_by_topic=by_topic,
        today=today,
        start=start,
        off=off,
    )
    # The verdict at the recent pace once there are the weeks to measure it; until
    # then (or when that pace gives no date) on the roadmap's schedule.
    recent = ahead.recent if ahead.enough_history else None
    return StatusReport(
        snapshot=snapshot,
        phases=phases,
        hours_by_phase=progress.hours_by_phase(entries, snapshot.phases, snapshot.settings),
        current=progress.current_phase(phases),
        week=this_week,
        finish=plan.finish(plans) or None,
        today=today,
        verdict=verdict(
            phases,
            recent.phases if recent else plans,
            snapshot,
            off,
            recent.hours_per_week if recent else None,
        ),
        overruns=tuple(progress.overruns(phases, by_topic, snapshot.settings.track)),
        streak=streaks.current_streak(hours_by_day, today=today, breaks=off),
        weeks_on_target=on_target,
        topic_count=progress.topic_count(snapshot.topics(), snapshot.settings),
        outlook=ahead,
        reviews_due=reviews.count_due(review_dues, today, breaks),
    )


class Basis(StrEnum):
    """The weekly hours a plan is made at."""

    SCHEDULE = "schedule"  # the roadmap's: the learner's hours (--hours) or each phase's own
    NEEDED = "needed"  # those that finish by the --by day
    RANGE_TOP = "range top"  # the top of the roadmap's weekly range: no week holds the needed


class PlanReport(NamedTuple):
    start: date
    hours_per_week: float | None  # None: each phase at its own planned hours
    phases: list[plan.PhasePlan]
    actual: Pace | None  # at the recent pace (weekly.actual_pace), from one complete week
    needed_hours_per_week: float | None
    by: date | None
    weekly_range: tuple[float, float]
    break_days: int = 0  # planned days off between the start and the finish
    credited: Mapping[int, float] | None = None  # by phase number (PhaseProgress.credited_hours)
    baseline_on: date | None = None  # the baseline's day of record
    baseline_finishes: Mapping[int, date] | None = None  # by phase number
    outlook: Outlook | None = None
    # With `by`: whether the needed hours fit in a week (limits.MAX_HOURS_PER_WEEK);
    # when they do not, the plan at the top of the roadmap's weekly range.
    feasible: bool | None = None
    at_range_top: Pace | None = None
    basis: Basis = Basis.SCHEDULE
    profile: Profile | None = None  # the background profile in force
    # The hours a week reviews take (reviews.weekly_load), off each phase's weekly hours.
    review_hours: float = 0.0

    @property
    def finish(self) -> date | None:
        return plan.finish(self.phases)

    @property
    def remaining_hours(self) -> float:
        return sum(p.load.remaining_hours for p in self.phases)

    @property
    def credited_hours(self) -> float:
        return sum(self.credited_of(p.load.number) for p in self.phases)

    def credited_of(self, phase: int) -> float:
        return (self.credited or {}).get(phase, 0.0)

    @property
    def forecast(self) -> forecasting.Forecast | None:
        return self.outlook.forecast if self.outlook else None

    @property
    def recent_weeks(self) -> int:
        """The complete weeks the recent pace (`actual`) is the average of."""
        return self.outlook.recent_weeks if self.outlook else 0


def plan_report(
    snapshot: Snapshot,
    *,
    hours_by_day: Mapping[date, float],
    today: date,
    start: date | None = None,
    hours_per_week: float | None = None,
    by: date | None = None,
    breaks: Sequence[Break] = (),
    hours_by_topic: Mapping[str, float] | None = None,
    review_hours: float = 0.0,
) -> PlanReport:
    """The plan from `start`; `hours_by_topic` (all logged hours, by topic id) credits
    the open topics with the work already in them; `review_hours` a week go to reviews,
    so the new topics have that much less of each week (and `by` needs that much more).

    With `by` and no `hours_per_week`, the plan is made at the weekly hours that
    finish by that day; when no week holds them (more than MAX_HOURS_PER_WEEK), at
    the top of the roadmap's weekly range instead, the soonest a sound plan ends.
    """
    start = start or max(today, snapshot.settings.start_date)
    by_topic = hours_by_topic or {}
    phases = progress.phase_progress(snapshot.phases, snapshot.settings, by_topic)
    off = break_days(breaks)
    needed = feasible = None
    if by is not None:
        if by < start:
            raise InvalidInput(
                f"--by {by.isoformat()} is before the plan starts ({start.isoformat()})",
                hint="choose a later date",
            )
        todo = loads(phases, snapshot, None)
        try:
            needed = plan.hours_needed(sum(p.remaining_hours for p in todo), start, by, off)
        except ValueError as exc:
            raise InvalidInput(str(exc), hint="choose a later --by date") from None
        needed += review_hours
        feasible = needed <= MAX_HOURS_PER_WEEK + HOURS_TOLERANCE
    top = snapshot.weekly_range[1]
    at_range_top = None
    if feasible is False:
        at_range_top = Pace(
            top, _project(loads(phases, snapshot, top, reviews_take=review_hours), start, off)
        )
    basis = Basis.SCHEDULE
    if hours_per_week:
        pace: float | None = hours_per_week
    elif needed:  # the plan at the hours asked for, or as soon as can be
        pace, basis = (needed, Basis.NEEDED) if feasible else (top, Basis.RANGE_TOP)
    else:
        pace = snapshot.settings.hours_per_week
    projected = _project(loads(phases, snapshot, pace, reviews_take=review_hours), start, off)
    ahead = outlook(
        phases,
        snapshot,
        hours_by_day=hours_by_day,
        hours_by_topic=by_topic,
        today=today,
        start=start,
        off=off,
    )
    baseline_on, baseline_finishes = baseline(snapshot, off)
    return PlanReport(
        start=start,
        hours_per_week=pace,
        phases=projected,
        actual=ahead.recent,
        needed_hours_per_week=needed,
        by=by,
        weekly_range=snapshot.weekly_range,
        break_days=sum(1 for day in off if start <= day <= (plan.finish(projected) or start)),
        credited={p.phase.number: p.credited_hours for p in phases},
        baseline_on=baseline_on,
        baseline_finishes=baseline_finishes,
        outlook=ahead,
        feasible=feasible,
        at_range_top=at_range_top,
        basis=basis,
        review_hours=review_hours,
        profile=profile_in_force(snapshot),
    )


class TopicList(NamedTuple):
    topics: list[Topic]  # those shown
    counted: progress.TopicCount  # of the phase (or roadmap) and filter chosen, all tracks


def topic_list(
    snapshot: Snapshot,
    *,
    phase: int | None = None,
    todo: bool = False,
    all_tracks: bool = False,
    statuses: Collection[Status] = (),
) -> TopicList:
    """The topics `mlpath topics` lists: of one phase or all, open ones or all (or only
    those in `statuses`), of the learner's track or of every track; and how the plan
    counts the phase's topics."""
    numbers = [p.number for p in snapshot.phases]
    if phase is not None and phase not in numbers:
        raise InvalidInput(
            f"there is no phase {phase}", hint=f"phases are numbered {min(numbers)}-{max(numbers)}"
        )
    track = snapshot.settings.track
    scope = [
        t
        for t in snapshot.topics()
        if (phase is None or t.phase == phase)
        and not (todo and t.finished)
        and (not statuses or t.status in statuses)
    ]
    shown = [t for t in scope if all_tracks or t.track in (None, track)]
    return TopicList(shown, progress.topic_count(scope, snapshot.settings))


class CalendarYear(NamedTuple):
    """A year of study days and the streaks as of today, ready to draw or to dump."""

    year: int
    days: Mapping[date, float]  # the year's days with hours
    today: date
    study_days: streaks.Streaks
    weeks_on_target: streaks.Streaks
    breaks: frozenset[date] = frozenset()  # the year's planned days off
    reviewed: frozenset[date] = frozenset()  # the year's days with a review recorded
    reviews_ahead: frozenset[date] = frozenset()  # days after today a review is due on
    papers_read: frozenset[date] = frozenset()  # the year's days a paper was read on

    @property
    def total_hours(self) -> float:
        return sum(self.days.values())

    @property
    def days_studied(self) -> int:
        return sum(1 for hours in self.days.values() if hours > 0)


def calendar_year(
    snapshot: Snapshot,
    hours_by_day: Mapping[date, float],
    *,
    year: int,
    today: date,
    breaks: Sequence[Break] = (),
    review_days: Collection[date] = (),
    review_items: Sequence[ReviewItem] = (),
    paper_days: Collection[date] = (),
) -> CalendarYear:
    """What `mlpath calendar` shows of one year, with the streaks of the whole history
    (a streak does not stop at New Year); `review_days` are the days with a review
    recorded, and the reviews of `review_items` still to come are marked on their days;
    `paper_days` the days a paper was read."""
    off = break_days(breaks)
    ahead = reviews.upcoming(review_items, snapshot.topics(), today, breaks)
    return CalendarYear(
        year,
        {d: hrs for d, hrs in hours_by_day.items() if d.year == year and hrs > 0},
        today,
        streaks.study_streaks(hours_by_day, today=today, breaks=off),
        streaks.week_streaks(weeks(snapshot, hours_by_day, today, breaks)),
        frozenset(d for d in off if d.year == year),
        frozenset(d for d in review_days if d.year == year),
        frozenset(d for d, _ in ahead if d.year == year),
        frozenset(d for d in paper_days if d.year == year),
    )
