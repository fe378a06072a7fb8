"""--json on the commands that change something: what they print is what was stored.

Each answer is one JSON document on stdout, with the same keys whatever the values
(null where one does not apply), dates as ISO strings and hours as numbers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import TODAY, query
from mlpath.errors import ExitCode


def _json(run: Any, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_log_json_is_the_entry_logged(started, db_path):
    answer = _json(started, "log", "1h15m", "--topic", "numpy", "--note", "broadcasting")
    [(entry_id, day, hours, topic, note)] = query(
        db_path, "SELECT id, day, hours, topic_id, note FROM entry"
    )
    assert answer == {
        "action": "logged",
        "entry": {
            "id": entry_id,
            "day": TODAY,
            "hours": 1.25,
            "topic": topic,
            "note": note,
            "kind": "theory",
        },
        "before": None,
        "day_total": 1.25,
        "on_break": False,
        "week": {"week_start": "2026-11-23", "hours": 1.25, "target": 20.0, "due": 8.57},
    }
    assert (day, hours, topic, note) == (TODAY, 1.25, "numpy", "broadcasting")


def test_log_json_on_a_break_day_adds_to_the_day(started):
    started("break", "--from", "2026-11-20", "--to", "2026-11-22")
    started("log", "2", "--date", "2026-11-21")
    answer = _json(started, "log", "0.5", "--date", "2026-11-21")
    assert answer["on_break"] is True and answer["day_total"] == 2.5
    assert answer["entry"]["day"] == "2026-11-21" and answer["entry"]["hours"] == 0.5


def test_log_edit_and_delete_json_give_the_entry_before_and_after(started, db_path):
    started("log", "2", "--topic", "numpy")
    [(entry_id,)] = query(db_path, "SELECT id FROM entry")
    edited = _json(started, "log", "--edit", str(entry_id), "3", "--date", "yesterday")
    assert edited["action"] == "edited"
    assert edited["before"] == {
        "id": entry_id,
        "day": TODAY,
        "hours": 2.0,
        "topic": "numpy",
        "note": None,
        "kind": "theory",
    }
    assert edited["entry"] == edited["before"] | {"day": "2026-11-24", "hours": 3.0}
    assert query(db_path, "SELECT day, hours FROM entry") == [("2026-11-24", 3.0)]
    deleted = _json(started, "log", "--delete", str(entry_id))
    assert deleted["action"] == "deleted" and deleted["entry"] is None
    assert deleted["before"] == edited["entry"]
    assert set(deleted) == set(edited)  # the same keys, whatever the action
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]


def _state(db_path: Any, topic: str) -> tuple[Any, ...]:
    rows = query(db_path, "SELECT status, done_on FROM progress WHERE topic_id = ?", topic)
    return rows[0] if rows else ("todo", None)


@pytest.mark.parametrize(
    ("command", "status"),
    [("done", "done"), ("doing", "doing"), ("skip", "skipped")],
)
def test_state_commands_json_give_the_topics_changed_and_the_progress(
    started, db_path, command, status
):
    answer = _json(started, command, "numpy", "pandas")
    assert [c["id"] for c in answer["changes"]] == ["numpy", "pandas"]
    for change in answer["changes"]:
        assert change["before"] == "todo" and change["after"] == status
        assert change["changed"] is True and change["other_track"] is False
        assert change["phase"] == 2
        assert _state(db_path, change["id"])[0] == status
        assert change["done_on"] == (TODAY if status == "done" else None)
    [phase] = answer["phases"]
    assert phase["number"] == 2 and phase["title"] == "Python for Data Science & Engineering"
    # As status counts them.
    status_now = _json(started, "status")
    [counted] = [p for p in status_now["phases"] if p["number"] == 2]
    assert (phase["topics_done"], phase["topics_total"]) == (
        counted["topics_done"],
        counted["topics_total"],
    )
    assert answer["topics_done"] == status_now["topics_done"]
    assert answer["topics_total"] == status_now["topics_total"]
    assert answer["link"] is None


def test_done_json_has_the_date_and_the_link(started, db_path):
    link = "https://github.com/me/numpy-drills"
    answer = _json(started, "done", "numpy", "--date", "2026-11-20", "--link", link)
    assert answer["changes"][0]["done_on"] == "2026-11-20" and answer["link"] == link
    assert _state(db_path, "numpy") == ("done", "2026-11-20")
    assert query(db_path, "SELECT kind, text FROM topic_note") == [("link", link)]


def test_undone_json_and_an_unchanged_topic(started, db_path):
    started("done", "numpy")
    answer = _json(started, "undone", "numpy", "pandas")
    numpy, pandas = answer["changes"]
    assert (numpy["before"], numpy["after"], numpy["changed"]) == ("done", "todo", True)
    assert (pandas["before"], pandas["after"], pandas["changed"]) == ("todo", "todo", False)
    assert _state(db_path, "numpy")[0] == "todo"


def test_done_json_says_a_topic_of_another_track_does_not_count(started):
    ids = {t["id"]: t for t in _json(started, "topics", "--all-tracks")}
    other = next(i for i, t in ids.items() if t["track"] not in (None, "nlp"))
    [change] = _json(started, "done", other)["changes"]
    assert change["other_track"] is True


def test_note_json_is_the_journal_item(started, db_path):
    answer = _json(started, "note", "numpy", "views versus copies", "--date", "yesterday")
    [(note_id, topic, day, kind, text)] = query(
        db_path, "SELECT id, topic_id, day, kind, text FROM topic_note"
    )
    assert answer == {
        "topic": topic,
        "title": "NumPy Mastery",
        "id": note_id,
        "day": day,
        "kind": kind,
        "text": text,
    }
    assert (topic, day, kind, text) == ("numpy", "2026-11-24", "note", "views versus copies")


def test_break_json_is_the_break_added_or_removed(started, db_path):
    added = _json(started, "break", "--from", "2026-12-21", "--to", "2027-01-03", "--note", "xmas")
    [(break_id, first, last, note)] = query(
        db_path, "SELECT id, first_day, last_day, note FROM study_break"
    )
    assert added == {
        "action": "added",
        "break": {"id": break_id, "from": first, "to": last, "days": 14, "note": note},
    }
    assert (first, last, note) == ("2026-12-21", "2027-01-03", "xmas")
    removed = _json(started, "break", "--delete", str(break_id))
    assert removed == {"action": "removed", "break": added["break"]}
    assert query(db_path, "SELECT count(*) FROM study_break") == [(0,)]


def test_undo_json_names_the_change_taken_back(started, db_path):
    started("log", "2")
    [(change_id, summary)] = query(
        db_path, "SELECT id, summary FROM change WHERE summary LIKE 'log%'"
    )
    answer = _json(started, "undo")
    assert answer == {"undone": {"id": change_id, "summary": summary}}
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]
    assert query(db_path, "SELECT undoes FROM change ORDER BY id DESC LIMIT 1") == [(change_id,)]


def test_doctor_json_lists_each_check(started, db_path):
    answer = _json(started, "doctor")
    assert answer["ok"] is True and answer["problems"] == 0
    checks = {c["check"]: c for c in answer["checks"]}
    assert list(checks)[:3] == ["file", "integrity", "schema"]
    assert str(db_path) in checks["file"]["detail"]
    assert all(c["ok"] and c["advice"] is None for c in checks.values())


def test_doctor_json_reports_a_problem_with_its_exit_code(started, db_path):
    # An orphaned row: a note on a topic the roadmap does not have.
    query(db_path, "PRAGMA foreign_keys = OFF")
    query(
        db_path,
        "INSERT INTO topic_note (topic_id, day, kind, text, created_at) "
        "VALUES ('no-such-topic', '2026-11-20', 'note', 'x', '2026-11-20 10:00:00')",
    )
    result = started("doctor", "--json", code=int(ExitCode.DATABASE), report=True)
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and answer["problems"] >= 1
    [bad] = [c for c in answer["checks"] if not c["ok"]]
    assert bad["check"] == "references" and bad["detail"] == "1 row refers to missing rows"
    assert bad["advice"]
