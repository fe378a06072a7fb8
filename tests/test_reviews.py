"""Spaced review in the domain: the fsrs scheduler on days, breaks, order and prompts."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mlpath.domain import reviews, scheduler
from mlpath.domain.limits import MAX_RETENTION, MAX_REVIEW_INTERVAL_DAYS, MIN_RETENTION
from mlpath.domain.model import Break, Review, ReviewItem, Status, Topic
from mlpath.domain.reviews import Rating

DONE = date(2026, 3, 2)
retentions = st.floats(min_value=MIN_RETENTION, max_value=MAX_RETENTION)
ratings = st.sampled_from(list(Rating))


@st.composite
def states(draw: st.DrawFn) -> tuple[ReviewItem, float]:
    """A topic's scheduler state after a few reviews, each some days from its due day."""
    retention = draw(retentions)
    item = scheduler.first_item("t", DONE, retention)
    for _ in range(draw(st.integers(0, 5))):
        last = date.fromisoformat(item.card["last_review"][:10])
        on = max(item.due + timedelta(days=draw(st.integers(-30, 30))), last)
        item = scheduler.reviewed(item, draw(ratings), on, retention)
    return item, retention


@given(states(), st.integers(-20, 60))
def test_a_better_rating_never_gives_an_earlier_next_review(state, offset):
    item, retention = state
    last = date.fromisoformat(item.card["last_review"][:10])
    on = max(item.due + timedelta(days=offset), last)
    dues = [scheduler.reviewed(item, rating, on, retention).due for rating in Rating]
    assert dues == sorted(dues), dict(zip(Rating, dues, strict=True))
    assert all(due > on for due in dues)


@given(retentions, st.integers(2, 8))
def test_on_time_good_reviews_give_a_longer_interval_each_time(retention, count):
    item = scheduler.first_item("t", DONE, retention)
    intervals = [scheduler.interval(item)]
    for _ in range(count):
        item = scheduler.reviewed(item, Rating.GOOD, item.due, retention)
        intervals.append(scheduler.interval(item))
    capped = [i for i in intervals if i < MAX_REVIEW_INTERVAL_DAYS]
    assert capped == sorted(set(capped)), intervals  # strictly longer, until the longest
    assert intervals[len(capped) :] == [MAX_REVIEW_INTERVAL_DAYS] * (len(intervals) - len(capped))


def test_the_first_review_comes_a_few_days_after_done():
    item = scheduler.first_item("t", DONE, 0.9)
    assert 1 <= (item.due - DONE).days <= 5
    assert scheduler.first_item("t", DONE, 0.85).due >= item.due  # less to keep: later


def test_the_scheduler_is_the_same_every_time():
    first = scheduler.first_item("t", DONE, 0.9)
    again = scheduler.first_item("t", DONE, 0.9)
    assert first == again
    assert scheduler.reviewed(first, Rating.GOOD, first.due, 0.9) == scheduler.reviewed(
        again, Rating.GOOD, again.due, 0.9
    )


breaks_strategy = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=6).map(
    lambda spans: _apart(
        [Break(DONE + timedelta(days=a), DONE + timedelta(days=a + n)) for a, n in spans]
    )
)


def _apart(found: list[Break]) -> list[Break]:
    """Breaks that do not overlap, as mlpath keeps them."""
    kept: list[Break] = []
    for b in sorted(found):
        if not kept or b.first > kept[-1].last:
            kept.append(b)
    return kept


@given(breaks_strategy, st.integers(0, 240))
def test_a_review_due_in_a_break_is_shown_due_after_it(breaks, offset):
    due = DONE + timedelta(days=offset)
    shown = reviews.shown_due(due, breaks)
    assert shown >= due
    assert not reviews.on_break(shown, breaks)
    for b in breaks:
        if b.first <= due <= b.last:
            assert shown > b.last
    # nothing but break days lies between the scheduled day and the day shown
    assert all(reviews.on_break(due + timedelta(days=i), breaks) for i in range((shown - due).days))


@given(breaks_strategy, st.integers(0, 240), st.integers(0, 240))
def test_nothing_is_overdue_during_a_break_and_break_days_are_not_counted(breaks, a, b):
    due, today = DONE + timedelta(days=a), DONE + timedelta(days=b)
    late = reviews.overdue_days(due, today, breaks)
    if reviews.on_break(today, breaks) or today < reviews.shown_due(due, breaks):
        assert late is None
    else:
        assert late is not None
        waited = [
            today - timedelta(days=i)
            for i in range(1, (today - reviews.shown_due(due, breaks)).days + 1)
        ]
        assert late == sum(1 for day in waited if not reviews.on_break(day, breaks))


def _topic(topic_id: str, status: Status = Status.DONE) -> Topic:
    return Topic(topic_id, topic_id.title(), 1, "topic", 10, status=status)


@given(st.lists(st.integers(0, 60), min_size=1, max_size=12), breaks_strategy)
def test_due_reviews_come_most_overdue_first(offsets, breaks):
    topics = [_topic(f"t{i}") for i in range(len(offsets))]
    items = [
        ReviewItem(t.id, {}, DONE + timedelta(days=o)) for t, o in zip(topics, offsets, strict=True)
    ]
    today = DONE + timedelta(days=60)
    found = reviews.due_reviews(items, topics, today, breaks)
    assert [r.overdue for r in found] == sorted((r.overdue for r in found), reverse=True)
    assert len(found) == reviews.count_due([i.due for i in items], today, breaks)


def test_off_and_undone_topics_are_not_due():
    topics = [_topic("a"), _topic("b"), _topic("c", Status.TODO)]
    items = [
        ReviewItem("a", {}, DONE),
        ReviewItem("b", {}, DONE, off=True),
        ReviewItem("c", {}, DONE),
    ]
    found = reviews.due_reviews(items, topics, DONE + timedelta(days=9), [])
    assert [(r.topic.id, r.overdue) for r in found] == [("a", 9)]
    assert [r.topic.id for r in reviews.late(found)] == ["a"]


def test_the_weekly_review_load_is_the_average_of_the_last_four_complete_weeks():
    today = date(2026, 11, 25)  # a Wednesday
    done = [
        Review("a", date(2026, 11, 24), "good", 5.0),  # this week: not counted yet
        Review("a", date(2026, 11, 20), "good", 1.0),
        Review("b", date(2026, 10, 27), "hard", 1.0),  # the fourth complete week back
        Review("b", date(2026, 10, 25), "hard", 9.0),  # the fifth: out
        Review("c", date(2026, 11, 2), "good", None),
    ]
    assert reviews.weekly_load(done, today=today, start_date=date(2026, 1, 5)) == 0.5
    # started two complete weeks ago: the average of those two
    assert reviews.weekly_load(done, today=today, start_date=date(2026, 11, 9)) == 0.5
    assert reviews.weekly_load(done, today=today, start_date=date(2026, 11, 23)) == 0.0


def test_recall_asks_for_the_summarys_points_without_giving_them():
    topic = _topic("la")._replace(
        title="Linear Algebra",
        summary="Vectors, matrices, rank and eigen-decomposition (about 3-4 weeks). "
        "Neural networks are built on these ideas.",
    )
    found = reviews.recall(topic)
    assert found.points == (
        "Vectors",
        "Matrices",
        "Rank",
        "Eigen-decomposition",
        "Neural networks are built on these ideas.",
    )
    assert found.questions[0] == "What does Linear Algebra cover? Name its 4 key ideas."
    assert not any(point.lower() in " ".join(found.questions).lower() for point in found.points)
    bare = reviews.recall(_topic("x"))
    assert bare.points == () and "X" in bare.questions[0]


def test_a_list_inside_parentheses_stays_one_key_point():
    topic = _topic("la")._replace(
        summary="Vectors, matrices and their operations (multiplication, the transpose) and rank."
    )
    assert reviews.recall(topic).points == (
        "Vectors",
        "Matrices and their operations (multiplication, the transpose)",
        "Rank",
    )
