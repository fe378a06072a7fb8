"""Where the learner stands: progress per phase, the phase of a day, hours per phase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mlpath.domain.model import Break, Entry, Phase, PhaseState, Settings, Snapshot, Status, Topic
from mlpath.domain.progress import (
    OPEN_TOPIC_FLOOR,
    counts,
    current_phase,
    hours_by_phase,
    phase_on,
    phase_progress,
    remaining_hours,
    weekly_target,
)
from mlpath.domain.reports import plan_report, status_report, weeks
from mlpath.domain.streaks import week_streaks

START = date(2026, 11, 2)


def topic(id: str, hours: float = 10.0, phase: int = 1, **fields) -> Topic:
    return Topic(
        id=id,
        title=id.replace("-", " ").title(),
        phase=phase,
        kind="concept",
        hours=hours,
        **fields,
    )


def done(id: str, on: date, hours: float = 10.0, phase: int = 1, **fields) -> Topic:
    return topic(id, hours, phase, status=Status.DONE, done_on=on, **fields)


def phase(number: int, *topics: Topic, weekly_hours: float = 20.0) -> Phase:
    return Phase(
        id=f"phase-{number}",
        number=number,
        title=f"Phase {number}",
        weekly_hours=weekly_hours,
        weeks_min=4,
        weeks_max=8,
        topics=topics,
    )


def settings(track: str = "nlp", skipped: set[int] = frozenset(), per_week=None) -> Settings:
    return Settings(
        start_date=START, track=track, hours_per_week=per_week, skipped_phases=frozenset(skipped)
    )


# --- counts --------------------------------------------------------------------------


def test_a_required_common_topic_counts():
    assert counts(topic("a"), "nlp")


def test_a_topic_on_the_learners_track_counts():
    assert counts(topic("a", track="nlp"), "nlp")


def test_a_topic_on_another_track_does_not_count():
    assert not counts(topic("a", track="cv"), "nlp")


def test_an_optional_topic_does_not_count():
    assert not counts(topic("a", optional=True), "nlp")
    assert not counts(topic("a", track="nlp", optional=True), "nlp")


def test_a_retired_topic_does_not_count():
    assert not counts(topic("a", retired=True), "nlp")


@pytest.mark.parametrize("status", list(Status))
def test_status_does_not_decide_whether_a_topic_counts(status):
    assert counts(topic("a", status=status), "nlp")


# --- phase_progress ------------------------------------------------------------------

MIXED = phase(
    1,
    done("done", START, hours=10),
    topic("todo", hours=5),
    topic("optional", hours=8, optional=True),
    topic("other-track", hours=4, track="cv"),
    topic("own-track", hours=6, track="nlp", status=Status.DOING),
    topic("skipped", hours=3, status=Status.SKIPPED),
    topic("retired", hours=7, retired=True),
)


def test_phase_progress_counts_only_planned_topics_of_the_learners_track():
    [progress] = phase_progress([MIXED], settings())
    assert progress.phase == MIXED
    assert progress.state is PhaseState.CURRENT
    assert progress.done == 1
    assert progress.total == 3  # done, todo, own-track
    assert progress.hours_planned == pytest.approx(21)
    assert progress.remaining_hours == pytest.approx(11)
    assert [t.id for t in progress.next_topics] == ["todo", "own-track"]
    assert progress.percent == pytest.approx(100 / 3)


def test_another_track_sees_its_own_topics():
    [progress] = phase_progress([MIXED], settings(track="cv"))
    assert progress.total == 3  # done, todo, other-track
    assert progress.remaining_hours == pytest.approx(9)
    assert [t.id for t in progress.next_topics] == ["todo", "other-track"]


def test_phase_states_done_current_upcoming_and_skipped():
    phases = [
        phase(1, done("a", START)),
        phase(2, done("b", START, phase=2), topic("c", phase=2)),
        phase(3, topic("d", phase=3)),
        phase(4, topic("e", phase=4)),
    ]
    progress = phase_progress(phases, settings(skipped={4}))
    assert [p.state for p in progress] == [
        PhaseState.DONE,
        PhaseState.CURRENT,
        PhaseState.UPCOMING,
        PhaseState.SKIPPED,
    ]
    assert current_phase(progress).phase.number == 2


def test_a_skipped_phase_is_never_the_current_one():
    phases = [phase(1, topic("a")), phase(2, topic("b", phase=2))]
    progress = phase_progress(phases, settings(skipped={1}))
    assert [p.state for p in progress] == [PhaseState.SKIPPED, PhaseState.CURRENT]


def test_only_the_first_open_phase_is_current():
    phases = [phase(1, topic("a")), phase(2, done("b", START, phase=2)), phase(3, topic("c"))]
    progress = phase_progress(phases, settings())
    assert [p.state for p in progress] == [
        PhaseState.CURRENT,
        PhaseState.DONE,
        PhaseState.UPCOMING,
    ]


def test_a_phase_of_skipped_topics_is_done_with_nothing_planned():
    [progress] = phase_progress([phase(1, topic("a", status=Status.SKIPPED))], settings())
    assert progress.state is PhaseState.DONE
    assert (progress.done, progress.total) == (0, 0)
    assert progress.hours_planned == 0
    assert progress.percent == 100.0


def test_everything_done_leaves_no_current_phase():
    progress = phase_progress([phase(1, done("a", START))], settings())
    assert progress[0].state is PhaseState.DONE
    assert progress[0].percent == 100.0
    assert progress[0].remaining_hours == 0
    assert progress[0].next_topics == ()
    assert current_phase(progress) is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Status)),
            st.floats(min_value=0.5, max_value=100),
            st.booleans(),  # optional
            st.sampled_from([None, "nlp", "cv"]),
        ),
        max_size=12,
    )
)
def test_done_and_remaining_add_up(rows):
    topics = [
        topic(f"t{i}", hours, status=status, optional=optional, track=track)
        for i, (status, hours, optional, track) in enumerate(rows)
    ]
    [progress] = phase_progress([phase(1, *topics)], settings())
    planned = [t for t in topics if counts(t, "nlp") and t.status is not Status.SKIPPED]
    finished = [t for t in planned if t.status is Status.DONE]
    assert progress.total == len(planned)
    assert progress.done == len(finished)
    assert progress.remaining_hours == pytest.approx(
        progress.hours_planned - sum(t.hours for t in finished)
    )
    assert len(progress.next_topics) == progress.total - progress.done
    assert 0 <= progress.percent <= 100


# --- phase_on ------------------------------------------------------------------------

NOV_5, NOV_10 = date(2026, 11, 5), date(2026, 11, 10)

PHASES = [
    phase(1, done("a", NOV_5), done("b", NOV_5), topic("extra", optional=True)),
    phase(2, done("c", NOV_10, phase=2), topic("d", phase=2, status=Status.SKIPPED)),
    phase(3, topic("e", phase=3)),
]


def test_the_first_phase_with_an_open_topic_that_day():
    assert phase_on(date(2026, 11, 3), PHASES, settings()).number == 1


def test_a_topic_finished_that_very_day_still_holds_the_learner_in_its_phase():
    assert phase_on(NOV_5, PHASES, settings()).number == 1
    assert phase_on(date(2026, 11, 6), PHASES, settings()).number == 2
    assert phase_on(NOV_10, PHASES, settings()).number == 2
    assert phase_on(date(2026, 11, 11), PHASES, settings()).number == 3


def test_skipped_phases_are_passed_over():
    assert phase_on(date(2026, 11, 3), PHASES, settings(skipped={1})).number == 2


def test_topics_that_do_not_count_do_not_hold_the_learner():
    phases = [
        phase(1, done("a", NOV_5), topic("cv-only", track="cv"), topic("old", retired=True)),
        phase(2, topic("b", phase=2)),
    ]
    assert phase_on(NOV_10, phases, settings()).number == 2
    # For a cv learner, the open cv topic keeps them in phase 1.
    assert phase_on(NOV_10, phases, settings(track="cv")).number == 1


def test_after_everything_is_done_the_last_phase():
    phases = [phase(1, done("a", NOV_5)), phase(2, done("b", NOV_5, phase=2))]
    assert phase_on(NOV_10, phases, settings()).number == 2


# --- hours_by_phase ------------------------------------------------------------------


def test_hours_go_to_the_phase_of_their_topic():
    entries = [
        Entry(day=date(2026, 11, 3), hours=2.0, topic_id="e"),  # a phase 3 topic, early
        Entry(day=date(2026, 11, 20), hours=1.5, topic_id="a"),  # a phase 1 topic, late
    ]
    assert hours_by_phase(entries, PHASES, settings()) == {1: 1.5, 2: 0.0, 3: 2.0}


def test_hours_without_a_topic_go_to_the_phase_of_their_day():
    entries = [
        Entry(day=date(2026, 11, 3), hours=2.0),
        Entry(day=date(2026, 11, 5), hours=1.0),
        Entry(day=date(2026, 11, 8), hours=3.0),
        Entry(day=date(2026, 11, 8), hours=0.5),
        Entry(day=date(2026, 11, 20), hours=4.0),
    ]
    assert hours_by_phase(entries, PHASES, settings()) == {1: 3.0, 2: 3.5, 3: 4.0}


def test_hours_for_an_unknown_topic_go_to_the_phase_of_their_day():
    entries = [Entry(day=date(2026, 11, 8), hours=2.0, topic_id="no-such-topic")]
    assert hours_by_phase(entries, PHASES, settings()) == {1: 0.0, 2: 2.0, 3: 0.0}


def test_no_entries_give_zero_for_every_phase():
    assert hours_by_phase([], PHASES, settings()) == {1: 0.0, 2: 0.0, 3: 0.0}


@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2026, 10, 1), max_value=date(2026, 12, 31)),
            st.floats(min_value=0.25, max_value=16),
            st.sampled_from([None, "a", "c", "e", "unknown"]),
        ),
        max_size=20,
    )
)
def test_hours_by_phase_loses_no_hours(rows):
    entries = [Entry(day=day, hours=hours, topic_id=t) for day, hours, t in rows]
    totals = hours_by_phase(entries, PHASES, settings())
    assert set(totals) == {1, 2, 3}
    assert sum(totals.values()) == pytest.approx(sum(e.hours for e in entries))


# --- weekly_target -------------------------------------------------------------------


def test_weekly_target_is_the_learners_own_hours_when_set():
    assert weekly_target(phase(1, weekly_hours=20), settings(per_week=12.5)) == 12.5


def test_weekly_target_falls_back_to_the_phase_plan():
    assert weekly_target(phase(1, weekly_hours=20), settings(per_week=None)) == 20


def test_weekly_target_follows_each_phase_without_own_hours():
    phases = [phase(1, weekly_hours=20), phase(2, weekly_hours=30)]
    assert [weekly_target(p, settings()) for p in phases] == [20, 30]
    own = settings()._replace(hours_per_week=25.0)
    assert [weekly_target(p, own) for p in phases] == [25, 25]


# --- credit for work in progress (issue 12) ------------------------------------------

ESTIMATES = st.floats(min_value=0.25, max_value=120)
# No subnormal hours: a 1e-313 h entry is no one's study, and lost precision is all it tests.
LOGGED = st.floats(min_value=0, max_value=400, allow_subnormal=False)


@given(ESTIMATES, LOGGED, st.sampled_from(list(Status)))
def test_remaining_hours_of_a_topic(estimate, logged, status):
    t = topic("a", estimate, status=status)
    left = remaining_hours(t, logged)
    if status in (Status.DONE, Status.SKIPPED):
        assert left == 0
    else:
        assert estimate * OPEN_TOPIC_FLOOR <= left <= estimate
        assert left == pytest.approx(max(estimate - logged, estimate * OPEN_TOPIC_FLOOR))


@given(ESTIMATES, LOGGED, st.floats(min_value=0, max_value=100, allow_subnormal=False))
def test_more_hours_never_leave_an_open_topic_more_to_do(estimate, logged, more):
    for status in (Status.TODO, Status.DOING):
        t = topic("a", estimate, status=status)
        assert remaining_hours(t, logged + more) <= remaining_hours(t, logged)


def test_an_open_topic_is_credited_down_to_a_tenth_of_its_estimate():
    linear_algebra = topic("linear-algebra", 80)
    assert remaining_hours(linear_algebra, 0) == 80
    assert remaining_hours(linear_algebra, 30) == 50
    assert remaining_hours(linear_algebra, 75) == 8  # the learner: the floor
    assert remaining_hours(linear_algebra, 200) == 8
    assert remaining_hours(done("linear-algebra", START, 80), 75) == 0


TOPIC_ROWS = st.lists(
    st.tuples(st.sampled_from(list(Status)), ESTIMATES, LOGGED), min_size=1, max_size=10
)


@given(TOPIC_ROWS)
def test_the_credit_and_what_is_left_add_up_to_the_open_topics_estimates(rows):
    topics = [topic(f"t{i}", hours, status=status) for i, (status, hours, _) in enumerate(rows)]
    logged = {f"t{i}": hours for i, (_, _, hours) in enumerate(rows)}
    [credited] = phase_progress([phase(1, *topics)], settings(), logged)
    [plain] = phase_progress([phase(1, *topics)], settings())
    open_hours = sum(t.hours for t in topics if t.status in (Status.TODO, Status.DOING))
    assert plain.remaining_hours == pytest.approx(open_hours) and plain.credited_hours == 0
    assert credited.remaining_hours + credited.credited_hours == pytest.approx(open_hours)
    assert credited.remaining_hours >= open_hours * OPEN_TOPIC_FLOOR - 1e-9
    assert credited.credited_hours >= 0
    assert 0 - 1e-9 <= plain.percent_hours <= credited.percent_hours <= 100 + 1e-9
    # only the hours: topics and states are the same either way
    assert credited._replace(remaining_hours=0, credited_hours=0) == plain._replace(
        remaining_hours=0
    )


def _snapshot(phases: list[Phase]) -> Snapshot:
    return Snapshot(
        settings=settings(), phases=tuple(phases), roadmap_id="r", roadmap_version="1",
        weekly_range=(20.0, 30.0),
    )  # fmt: skip


PHASE_ROWS = st.lists(
    st.lists(st.tuples(st.sampled_from(list(Status)), ESTIMATES), min_size=1, max_size=4),
    min_size=1,
    max_size=4,
)


@given(
    PHASE_ROWS,
    st.dictionaries(st.integers(0, 15), LOGGED, max_size=8),
    st.integers(0, 15),
    st.floats(min_value=0.25, max_value=200),
    st.sampled_from([None, 12.5, 25.0]),
)
def test_logging_hours_on_an_open_topic_never_moves_a_finish_later(
    rows, logged_at, where, more, pace
):
    phases = [
        phase(n, *(topic(f"p{n}t{i}", h, phase=n, status=s) for i, (s, h) in enumerate(topics)))
        for n, topics in enumerate(rows)
    ]
    snapshot = _snapshot(phases)
    ids = [t.id for t in snapshot.topics()]
    logged = {ids[i % len(ids)]: hours for i, hours in logged_at.items()}
    target = ids[where % len(ids)]
    after = dict(logged, **{target: logged.get(target, 0.0) + more})
    today = START + timedelta(days=40)

    def plan_with(hours_by_topic):
        return plan_report(
            snapshot, hours_by_day={}, today=today, hours_per_week=pace,
            hours_by_topic=hours_by_topic,
        )  # fmt: skip

    before_plan, after_plan = plan_with(logged), plan_with(after)
    assert [p.load.number for p in before_plan.phases] == [p.load.number for p in after_plan.phases]
    for earlier, later in zip(before_plan.phases, after_plan.phases, strict=True):
        assert later.finish <= earlier.finish
        assert later.load.remaining_hours <= earlier.load.remaining_hours + 1e-9
    assert after_plan.remaining_hours <= before_plan.remaining_hours + 1e-9

    def status_with(hours_by_topic):
        entries = [Entry(START, hours, topic_id) for topic_id, hours in hours_by_topic.items()]
        return status_report(snapshot, hours_by_day={}, entries=entries, today=today)

    before_status, after_status = status_with(logged), status_with(after)
    if pace is None:  # status plans at the learner's own pace, as plan does without --hours
        assert before_status.finish == before_plan.finish
        assert after_status.finish == after_plan.finish
    if before_status.verdict is not None and after_status.verdict is not None:
        assert after_status.verdict.days_late <= before_status.verdict.days_late
    assert after_status.percent_hours >= before_status.percent_hours - 1e-9


@given(
    # mostly on target (20 h a week is due), so that runs outlast status's first look back
    st.lists(st.sampled_from([0.0, 10.0, 20.0, 21.0, 25.0, 30.0, 40.0]), min_size=1, max_size=140),
    st.frozensets(st.integers(0, 139), max_size=6),
    st.integers(0, 6),
)
@example(hours=[10.0] + [25.0] * 100, off_weeks=frozenset({3, 50}), weekday=2)
@example(hours=[25.0] * 60, off_weeks=frozenset(), weekday=0)
def test_status_finds_the_run_of_weeks_on_target_that_calendar_finds(hours, off_weeks, weekday):
    """Status reads back only as far as the run goes; calendar reads every week."""
    phases = [phase(1, topic("a", 5000))]  # one phase at 20 h a week, open all along
    snapshot = _snapshot(phases)
    by_day = {START + timedelta(weeks=k): h for k, h in enumerate(hours) if h}
    off = [
        Break(START + timedelta(weeks=k), START + timedelta(weeks=k, days=6))
        for k in sorted(off_weeks)
        if k < len(hours)
    ]
    today = START + timedelta(weeks=len(hours) - 1, days=weekday)
    status = status_report(snapshot, hours_by_day=by_day, entries=[], today=today, breaks=off)
    every_week = weeks(snapshot, by_day, today, off)
    assert status.weeks_on_target == week_streaks(every_week).current
    assert status.week is not None and status.week.start == every_week[-1].start
    assert status.week.hours == every_week[-1].hours
