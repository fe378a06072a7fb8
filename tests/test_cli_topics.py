"""Marking topics (`done`, `doing`, `undone`, `skip`), listing and showing them."""

from __future__ import annotations

import pytest

from conftest import TODAY, dump, query


def _status(db_path, topic_id):
    return query(
        db_path, "SELECT status, started_on, done_on FROM progress WHERE topic_id = ?", topic_id
    )


def test_done_by_title_marks_the_topic_and_shows_the_phase(started, db_path):
    result = started("done", "linear algebra")
    assert "Linear Algebra (linear-algebra): todo → done on 2026-11-25" in result.stdout
    assert "Phase 1 · Mathematics Foundations: 1/" in result.stdout
    assert _status(db_path, "linear-algebra") == [("done", None, TODAY)]


@pytest.mark.parametrize(
    "name", ["linear-algebra", "Linear Algebra", "LINEAR_ALGEBRA", "linear algebra!", "ear alg"]
)
def test_topic_names_are_forgiving(started, db_path, name):
    started("done", name)
    assert _status(db_path, "linear-algebra")[0][0] == "done"


def test_done_takes_several_topics_and_a_date(started, db_path):
    result = started("done", "numpy", "pandas", "--date", "2026-11-20")
    assert result.stdout.count("→ done on 2026-11-20") == 2
    assert query(db_path, "SELECT topic_id, done_on FROM progress ORDER BY topic_id") == [
        ("numpy", "2026-11-20"),
        ("pandas", "2026-11-20"),
    ]


def test_a_topic_already_done_is_reported_not_changed(started, db_path):
    started("done", "numpy", "--date", "2026-11-20")
    result = started("done", "numpy")
    assert "already done; unchanged" in result.stdout
    assert _status(db_path, "numpy") == [("done", None, "2026-11-20")]


def test_ambiguous_name_lists_candidates_and_changes_nothing(started, db_path):
    before = dump(db_path)
    result = started("done", "numpy", "linear", code=4)
    assert "'linear' matches 2 topics" in result.stderr
    assert "linear-algebra" in result.stderr and "linear-regression-from-scratch" in result.stderr
    assert dump(db_path) == before  # numpy, named first and valid, was not marked either


def test_unknown_name_suggests_the_closest(started, db_path):
    before = dump(db_path)
    result = started("done", "lineer algebra", code=4)
    assert "no topic matches 'lineer algebra'" in result.stderr
    assert "did you mean 'linear-algebra'?" in result.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("when", ["tomorrow", "2027-01-01", "not a date", "2026-10-01"])
def test_done_refuses_future_or_unreadable_dates(started, db_path, when):
    before = dump(db_path)
    result = started("done", "numpy", "--date", when, code=1)
    assert "Error:" in result.stderr
    assert dump(db_path) == before


def test_doing_undone_and_skip_set_the_other_states(started, db_path):
    started("doing", "numpy")
    assert _status(db_path, "numpy") == [("doing", TODAY, None)]
    started("done", "numpy")
    started("undone", "numpy")
    assert _status(db_path, "numpy") == [("todo", None, None)]
    started("skip", "pandas")
    assert _status(db_path, "pandas")[0][0] == "skipped"


def test_skipped_topics_leave_the_plan(started, run_json):
    before = run_json("plan")["remaining_hours"]
    hours = next(t["hours"] for t in run_json("topics") if t["id"] == "pandas")
    started("skip", "pandas")
    assert run_json("plan")["remaining_hours"] == before - hours


def test_topics_lists_the_track_and_filters(started, run_json):
    topics = run_json("topics")
    assert {t["track"] for t in topics} == {None, "nlp"}
    assert {"id", "title", "phase", "kind", "hours", "status", "track"} <= set(topics[0])
    phase1 = [t["id"] for t in run_json("topics", "--phase", "1")]
    assert phase1[0] == "linear-algebra" and "probability-statistics" in phase1
    assert all(t["phase"] == 1 for t in run_json("topics", "--phase", "1"))
    started("done", "linear algebra")
    todo = [t["id"] for t in run_json("topics", "--phase", "1", "--todo")]
    assert todo == phase1[1:]
    tracks = {t["track"] for t in run_json("topics", "--all-tracks")}
    assert tracks == {None, "nlp", "cv", "rl", "causal"}


def test_topics_table_and_bad_phase(started):
    table = started("topics", "--phase", "0").stdout
    assert "programming-fundamentals" in table and "exercise" in table
    assert "there is no phase 12" in started("topics", "--phase", "12", code=1).stderr


def test_show_gives_summary_status_hours_and_resources(started, run_json):
    started("log", "2", "--topic", "numpy", "--date", "2026-11-10")
    text = started("show", "numpy").stdout
    estimate = next(t["hours"] for t in run_json("topics") if t["id"] == "numpy")
    assert "NumPy Mastery" in text and "Phase 2" in text
    assert f"2 logged of {estimate:g} estimated" in text
    assert "Resources:" in text and "Official NumPy Tutorial" in text
    data = started("show", "numpy", "--json")
    assert '"hours_logged": 2.0' in data.stdout


def test_marking_a_topic_of_another_track_says_it_does_not_count(started, run_json):
    said = started("done", "object-detection").stdout
    assert "object-detection is on the cv track, not yours (nlp)" in said
    assert "it does not count toward your plan" in said
    assert run_json("status")["topics_done"] == 0


def test_a_list_of_one_topic_says_one_topic(started, run_json):
    phase0 = [t["id"] for t in run_json("topics", "--phase", "0")]
    started("done", *phase0[1:])
    said = started("topics", "--phase", "0", "--todo").stdout
    assert "\n1 topic · track nlp" in said


def test_topics_lists_only_those_in_progress_or_done(started, run_json):
    started("doing", "numpy")
    started("done", "linear-algebra")
    assert [t["id"] for t in run_json("topics", "--doing")] == ["numpy"]
    assert [t["id"] for t in run_json("topics", "--done")] == ["linear-algebra"]
    both = {t["id"] for t in run_json("topics", "--doing", "--done")}
    assert both == {"numpy", "linear-algebra"}
    assert "--done lists them" in started("topics", "--todo", "--done", code=1).stderr
