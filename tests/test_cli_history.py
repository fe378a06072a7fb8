"""Undo, history, and correcting logged entries."""

from __future__ import annotations

import pytest

from conftest import dump, query


def test_undo_walks_back_through_every_kind_of_change(started, db_path):
    empty = dump(db_path)
    started("log", "2", "--date", "2026-11-20")
    after_log = dump(db_path)
    started("done", "numpy", "pandas")
    after_done = dump(db_path)
    started("start", "--hours", "22", "--track", "cv")
    assert query(db_path, "SELECT hours_per_week, track FROM settings") == [(22.0, "cv")]

    assert "Undone: settings: weekly hours" in started("undo").stdout
    assert _learner(dump(db_path)) == _learner(after_done)
    assert "Undone: done: numpy, pandas" in started("undo").stdout
    assert _learner(dump(db_path)) == _learner(after_log)
    assert "Undone: log #1" in started("undo").stdout
    assert _learner(dump(db_path)) == _learner(empty)
    result = started("undo", code=1)
    assert "nothing to undo" in result.stderr


def _learner(tables):
    """The learner's own data, leaving out the change record itself."""
    return {t: rows for t, rows in tables.items() if t in ("settings", "progress", "entry")}


def test_history_lists_changes_newest_first_and_marks_undone_ones(started, run_json):
    started("log", "2", "--date", "2026-11-20")
    started("doing", "numpy")
    started("undo")
    changes = run_json("history")
    assert [c["summary"] for c in changes] == [
        "undo: doing: numpy",
        "doing: numpy",
        "log #1: 2 h for 2026-11-20",
    ]
    assert [c["undone"] for c in changes] == [False, True, False]
    assert changes[0]["undoes"] == changes[1]["id"]
    assert len(run_json("history", "--limit", "1")) == 1
    assert "(undone)" in started("history").stdout


def test_an_unchanged_topic_is_not_a_change(started, run_json):
    started("done", "numpy")
    started("done", "numpy")
    assert [c["summary"] for c in run_json("history")] == ["done: numpy"]


def test_edit_an_entry(started, db_path, run_json):
    started("log", "2", "--date", "2026-11-20")
    result = started(
        "log",
        "--edit",
        "1",
        "3.5",
        "--date",
        "2026-11-21",
        "--topic",
        "numpy",
        "--note",
        "typo fixed",
    )
    assert "Entry #1: 2 h on 2026-11-20 → 3.5 h on 2026-11-21 (numpy)" in result.stdout
    assert query(db_path, "SELECT id, day, hours, topic_id, note FROM entry") == [
        (1, "2026-11-21", 3.5, "numpy", "typo fixed")
    ]
    started("log", "--edit", "1", "--topic", "")  # clears the topic, keeps the rest
    assert query(db_path, "SELECT hours, topic_id FROM entry") == [(3.5, None)]
    entries = run_json("hours", "--entries")
    assert entries == [
        {
            "id": 1,
            "day": "2026-11-21",
            "hours": 3.5,
            "topic": None,
            "note": "typo fixed",
            "kind": "theory",
        }
    ]


def test_editing_respects_the_day_limit_but_not_against_itself(started, db_path):
    started("log", "20", "--date", "2026-11-20")
    started("log", "3", "--date", "2026-11-20")
    started("log", "--edit", "1", "21")  # 21 + 3 = 24: fine
    before = dump(db_path)
    assert "more than the 24 hours" in started("log", "--edit", "1", "22", code=1).stderr
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--edit", "99", "2"], "there is no entry #99"),
        (["--delete", "99"], "there is no entry #99"),
        (["--edit", "1", "--date", "2030-01-01"], "is in the future"),
        (["--edit", "1", "--date", "2026-10-01"], "before your start date"),
        (["--edit", "1", "--delete", "1"], "cannot be used together"),
        (["--delete", "1", "2"], "--delete takes only the entry's id"),
        ([], "how many hours?"),
    ],
)
def test_bad_edits_change_nothing(started, db_path, args, message):
    started("log", "2", "--date", "2026-11-20")
    before = dump(db_path)
    assert message in started("log", *args, code=1).stderr
    assert dump(db_path) == before


def test_delete_an_entry_and_undo_it(started, db_path):
    started("log", "2", "--date", "2026-11-20", "--note", "keep me")
    row = query(db_path, "SELECT * FROM entry")
    assert "Deleted entry #1" in started("log", "--delete", "1").stdout
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]
    started("undo")
    assert query(db_path, "SELECT * FROM entry") == row


def test_hours_entries_lists_the_recent_weeks(started):
    started("log", "2", "--date", "2026-11-03")
    started("log", "1", "--date", "2026-11-24", "--topic", "numpy")
    text = started("hours", "--entries", "--weeks", "1").stdout
    assert "2026-11-24" in text and "numpy" in text and "2026-11-03" not in text
    assert "1 entry, 1 h" in text
    assert "2 entries, 3 h" in started("hours", "--entries").stdout
