"""Finding the topic a learner means: forgiving, but never guessing."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mlpath.domain.matching import find_topic, normalise
from mlpath.domain.model import Topic
from mlpath.errors import ExitCode, TopicNotFound


def topic(id: str, title: str, *aliases: str, phase: int = 1) -> Topic:
    return Topic(id=id, title=title, phase=phase, kind="concept", hours=10.0, aliases=aliases)


LINEAR_ALGEBRA = topic("linear-algebra", "Linear Algebra", "linalg")
CALCULUS = topic("multivariable-calculus", "Multivariable Calculus")
PROBABILITY = topic("probability-statistics", "Probability & Statistics", "stats")
THINKING = topic("statistical-thinking", "Statistical Thinking")
NUMPY = topic("numpy", "NumPy Mastery", phase=2)
ADVANCED_NUMPY = topic("advanced-numpy", "Advanced NumPy", phase=2)
REGRESSION = topic("linear-regression-from-scratch", "Linear Regression from Scratch", phase=2)

TOPICS = [LINEAR_ALGEBRA, CALCULUS, PROBABILITY, THINKING, NUMPY, ADVANCED_NUMPY, REGRESSION]


# --- normalise -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Linear Algebra", "linear algebra"),
        ("  LINEAR---algebra!! ", "linear algebra"),
        ("linear-algebra", "linear algebra"),
        ("Probability & Statistics", "probability and statistics"),
        ("A&B", "a and b"),
        ("NumPy 101", "numpy 101"),
        ("Supervised Learning: Regression", "supervised learning regression"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_normalise_lowercases_and_folds_punctuation_into_single_spaces(text, expected):
    assert normalise(text) == expected


@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_tidy(text):
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip()
    assert "  " not in once


# --- exact matches -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("linear-algebra", LINEAR_ALGEBRA),
        ("Linear Algebra", LINEAR_ALGEBRA),
        ("LINEAR_ALGEBRA", LINEAR_ALGEBRA),
        ("  linear algebra. ", LINEAR_ALGEBRA),
        ("linalg", LINEAR_ALGEBRA),
        ("LinAlg", LINEAR_ALGEBRA),
        ("probability and statistics", PROBABILITY),
        ("Probability & Statistics", PROBABILITY),
        ("probability-statistics", PROBABILITY),
        ("stats", PROBABILITY),
    ],
)
def test_an_id_title_or_alias_in_any_case_or_punctuation_finds_its_topic(query, expected):
    assert find_topic(query, TOPICS) == expected


def test_an_exact_id_wins_over_a_longer_name_containing_it():
    # "numpy" is also part of "advanced-numpy" and "Advanced NumPy".
    assert find_topic("numpy", TOPICS) == NUMPY


def test_an_exact_title_wins_over_a_longer_name_containing_it():
    short = topic("regression", "Regression")
    assert find_topic("Regression", [REGRESSION, short]) == short


def test_an_exact_alias_wins_over_a_partial_title():
    # "stats" is an alias of one topic and also part of another topic's title.
    stats_course = topic("stats-course", "Intro Stats Course")
    assert find_topic("stats", [PROBABILITY, stats_course]) == PROBABILITY


def test_two_topics_with_the_same_exact_name_are_not_guessed_between():
    twin = topic("linear-algebra-2", "Linear Algebra")
    with pytest.raises(TopicNotFound) as caught:
        find_topic("linear algebra", [LINEAR_ALGEBRA, twin])
    assert "matches 2 topics" in caught.value.message
    assert "linear-algebra (Linear Algebra)" in caught.value.message
    assert "linear-algebra-2 (Linear Algebra)" in caught.value.message


# --- partial matches -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("calc", CALCULUS),
        ("multivariable", CALCULUS),
        ("Regression", REGRESSION),
        ("from scratch", REGRESSION),
        ("mastery", NUMPY),
        ("thinking", THINKING),
    ],
)
def test_part_of_exactly_one_topic_name_finds_it(query, expected):
    assert find_topic(query, TOPICS) == expected


@pytest.mark.parametrize(
    "query, ids",
    [
        ("linear", ["linear-algebra", "linear-regression-from-scratch"]),
        ("statist", ["probability-statistics", "statistical-thinking"]),
    ],
)
def test_part_of_several_topic_names_lists_the_candidates(query, ids):
    with pytest.raises(TopicNotFound) as caught:
        find_topic(query, TOPICS)
    error = caught.value
    assert error.message.startswith(f"'{query}' matches {len(ids)} topics: ")
    for id in ids:
        assert id in error.message
    assert error.hint
    assert error.exit_code is ExitCode.TOPIC_NOT_FOUND


def test_a_long_list_of_candidates_is_cut_short():
    many = [topic(f"deep-topic-{i}", f"Deep Topic {i}") for i in range(9)]
    with pytest.raises(TopicNotFound) as caught:
        find_topic("deep", many)
    message = caught.value.message
    assert message.startswith("'deep' matches 9 topics: ")
    assert "deep-topic-5" in message
    assert "deep-topic-6" not in message
    assert message.endswith(" and 3 more")


# --- no match ------------------------------------------------------------------------


def test_a_typo_suggests_the_topic_meant():
    with pytest.raises(TopicNotFound) as caught:
        find_topic("lineer algebra", TOPICS)
    assert caught.value.message == "no topic matches 'lineer algebra'"
    assert caught.value.hint == "did you mean 'linear-algebra'?"
    assert caught.value.exit_code is ExitCode.TOPIC_NOT_FOUND


def test_words_in_another_order_suggest_the_topic():
    with pytest.raises(TopicNotFound) as caught:
        find_topic("algebra linear", TOPICS)
    assert "'linear-algebra'" in caught.value.hint


def test_nothing_close_points_at_the_topic_list():
    with pytest.raises(TopicNotFound) as caught:
        find_topic("quantum chromodynamics", TOPICS)
    assert caught.value.message == "no topic matches 'quantum chromodynamics'"
    assert caught.value.hint == "`mlpath topics` lists every topic"


@pytest.mark.parametrize("query", ["", "   ", "?!", "--"])
def test_an_empty_query_is_refused(query):
    with pytest.raises(TopicNotFound) as caught:
        find_topic(query, TOPICS)
    assert caught.value.message == "no topic given"
    assert caught.value.hint


def test_no_topics_at_all():
    with pytest.raises(TopicNotFound, match="no topic matches"):
        find_topic("linear algebra", [])


# --- properties ----------------------------------------------------------------------

slugs = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,7}){0,3}", fullmatch=True)
titles = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 &-:",
    min_size=1,
    max_size=30,
)


@st.composite
def topic_sets(draw):
    pairs = draw(st.lists(st.tuples(slugs, titles), min_size=1, max_size=12))
    topics = [topic(id, title) for id, title in pairs]
    # Every topic's names must belong to it alone, or "its own id" means nothing.
    owners: dict[str, int] = {}
    for index, t in enumerate(topics):
        for name in {normalise(t.id), normalise(t.title)}:
            assume(name and owners.setdefault(name, index) == index)
    return topics


@given(topic_sets(), st.data())
def test_a_topic_own_id_always_finds_it(topics, data):
    chosen = data.draw(st.sampled_from(topics), label="topic")
    assert find_topic(chosen.id, topics) == chosen
    assert find_topic(chosen.id.upper().replace("-", " "), topics) == chosen


@given(topic_sets(), st.data())
def test_a_topic_own_title_always_finds_it(topics, data):
    chosen = data.draw(st.sampled_from(topics), label="topic")
    assert find_topic(chosen.title, topics) == chosen
