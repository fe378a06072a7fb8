"""Spaced review through the CLI, on a year of a learner's data: topics done come due,
reviews are recorded every way, undo and export keep the scheduler's state exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import dump, image_of, invoke, place, query, run_at

# Done a year back and since, each due two days after (the first interval at 0.9).
DONE = {
    "recommended-learning-path": "2025-11-10",
    "programming-fundamentals": "2025-12-01",
    "csv-statistics-program": "2026-01-15",
    "basic-mathematics-check": "2026-03-01",
    "statistical-thinking": "2026-06-01",
    "linear-algebra": "2026-11-20",  # due 2026-11-22: three days overdue on TODAY
    "numpy": "2026-11-24",  # due 2026-11-26: not yet
}
OVERDUE = list(DONE)[:6]


@pytest.fixture(scope="module")
def year_image(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    db = tmp_path_factory.mktemp("year") / "mlpath.db"
    run_at(db, "start", "--date", "2025-11-03")
    for topic, day in DONE.items():
        run_at(db, "done", topic, "--date", day)
    for day in ("2025-11-04", "2026-02-10", "2026-06-02", "2026-11-16", "2026-11-23"):
        run_at(db, "log", "3", "--date", day, "--topic", "linear-algebra")
    return image_of(db)


@pytest.fixture
def year(mlpath, year_image: bytes, db_path: Path):
    """mlpath on the year's database (a copy of it)."""
    place(db_path, year_image)
    return mlpath


def _items(db: Path) -> list[tuple]:
    return query(db, "SELECT topic_id, card, due, off, updated_at FROM review_item ORDER BY 1")


def test_done_topics_come_due_most_overdue_first(year, run_json):
    due = run_json("review")
    assert [r["id"] for r in due] == OVERDUE
    assert due[0]["due"] == "2025-11-12" and due[0]["last_review"] is None
    assert due[-1] == {
        "id": "linear-algebra",
        "title": "Linear Algebra",
        "phase": 1,
        "last_review": None,
        "due": "2026-11-22",
        "overdue_days": 3,
    }
    table = year("review").stdout
    assert "Reviews due on 2026-11-25: 6, most overdue first" in table
    assert "Linear Algebra (linear-algebra)" in table and "3 days" in table
    assert "numpy" not in table


def test_status_and_next_show_the_reviews_due(year, run_json):
    assert run_json("status")["reviews_due"] == 6
    assert "Reviews due: 6 (mlpath review lists them)." in year("status").stdout
    # More than three days overdue: before new topics; linear-algebra (three) is not.
    shown = run_json("next", "-n", "7")
    assert [t["id"] for t in shown[:5]] == OVERDUE[:5]
    assert all("review" in t for t in shown[:5]) and "review" not in shown[5]
    new = [t["id"] for t in shown if "review" not in t]
    # the reviews come beside the new topics, not in their place
    assert len(new) >= 2 and len(shown) == 5 + len(new)
    assert [t["id"] for t in run_json("next", "-n", "2")[:3]] == [
        *OVERDUE[:2],
        "object-oriented-programming",  # phase 0's first topic not done
    ]
    text = year("next").stdout
    assert text.splitlines()[0] == "Reviews overdue"
    assert "↻ Recommended Learning Path (recommended-learning-path) — review, 378 days" in text
    assert "mlpath review TOPIC goes through one." in text
    assert "3 more reviews due: mlpath review lists them." in text


def test_a_rated_review_reschedules_the_topic_and_its_hours_count_in_the_week(
    year, run_json, db_path
):
    week = run_json("hours")[-1]["hours"]
    out = year("review", "statistical", "--rating", "good", "--hours", "30m").stdout
    assert "Reviewed Statistical Thinking (statistical-thinking) on 2026-11-25: good." in out
    assert "Logged 0.5 h on statistical-thinking for 2026-11-25" in out
    assert query(db_path, "SELECT topic_id, day, rating, hours FROM review") == [
        ("statistical-thinking", "2026-11-25", "good", 0.5)
    ]
    assert query(db_path, "SELECT hours, topic_id, note FROM entry WHERE day = '2026-11-25'") == [
        (0.5, "statistical-thinking", "review")
    ]
    assert run_json("hours")[-1]["hours"] == week + 0.5
    (due,) = query(db_path, "SELECT due FROM review_item WHERE topic_id = 'statistical-thinking'")
    assert due[0] > "2026-11-25"
    assert "statistical-thinking" not in [r["id"] for r in run_json("review")]
    assert run_json("status")["reviews_due"] == 5


def test_undo_of_a_review_restores_the_scheduler_state_exactly(year, db_path):
    before = dump(db_path)
    items = _items(db_path)
    year("review", "recommended-learning-path", "--rating", "easy", "--hours", "1")
    assert _items(db_path) != items
    assert "Undone: review #1: recommended-learning-path easy" in year("undo").stdout
    assert _items(db_path) == items  # the card's JSON, its due day and time, to the byte
    after = dump(db_path)
    for table in ("review_item", "review", "entry", "progress"):
        assert after[table] == before[table], table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["multivariable-calculus", "--rating", "good"], "is not done"),
        (["linear-algebra", "--rating", "good", "--date", "2026-11-19"], "before linear-algebra"),
        (["numpy", "--rating", "good", "--date", "2026-11-26"], "in the future"),
        (["numpy", "--rating", "great"], "is not a rating"),
        (["numpy", "--rating", "good", "--hours", "0"], "not a positive amount"),
        (["--rating", "good"], "which topic"),
        (["--off"], "takes a topic alone"),
        (["numpy", "--json"], "--json lists"),
    ],
)
def test_a_review_that_cannot_be_recorded_is_refused_and_changes_nothing(
    year, db_path, args, message
):
    before = dump(db_path)
    assert message in year("review", *args, code=1).stderr
    assert dump(db_path) == before


def test_reviews_are_recorded_in_order(year, db_path):
    year("review", "linear-algebra", "--rating", "hard", "--date", "2026-11-24")
    result = year("review", "linear-algebra", "--rating", "good", "--date", "2026-11-23", code=1)
    assert "last reviewed on 2026-11-24" in result.stderr
    assert query(db_path, "SELECT count(*) FROM review") == [(1,)]


def test_a_topic_taken_out_of_review_comes_up_no_more_until_put_back(year, run_json, db_path):
    out = year("review", "--off", "statistical-thinking").stdout
    assert "is now out of review" in out
    assert "statistical-thinking" not in [r["id"] for r in run_json("review")]
    assert run_json("status")["reviews_due"] == 5
    assert "already out of review" in year("review", "--off", "statistical-thinking").stdout
    refused = year("review", "statistical-thinking", "--rating", "good", code=1)
    assert "review --on statistical-thinking" in refused.stderr
    year("review", "--on", "statistical-thinking")
    assert run_json("status")["reviews_due"] == 6
    year("undo")
    assert query(
        db_path, "SELECT off FROM review_item WHERE topic_id = 'statistical-thinking'"
    ) == [(1,)]


def _at_a_terminal(args: list[str], answers: str, monkeypatch: pytest.MonkeyPatch):
    from mlpath.render import reviews as view

    monkeypatch.setattr(view, "interactive", lambda: True)
    result = invoke(CliRunner(), args, input=answers)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_a_review_at_a_terminal_asks_for_the_rating_after_the_prompts(year, db_path, monkeypatch):
    result = _at_a_terminal(["review", "linear-algebra"], "\ng\n", monkeypatch)
    out = result.stdout
    question = out.index("1. What does Linear Algebra cover? Name its 10 key ideas.")
    assert question < out.index("Press Enter") < out.index("• Eigen-decomposition")
    assert out.index("• Eigen-decomposition") < out.index("How well did you recall it?")
    assert "Reviewed Linear Algebra (linear-algebra) on 2026-11-25: good." in out
    assert query(db_path, "SELECT topic_id, rating, hours FROM review") == [
        ("linear-algebra", "good", None)
    ]


def test_leaving_the_terminal_prompt_without_a_rating_records_nothing(year, db_path, monkeypatch):
    before = dump(db_path)
    out = _at_a_terminal(["review", "numpy"], "\nbest\n\n", monkeypatch).stdout
    assert "'best' is not a rating" in out and "Nothing was recorded." in out
    assert dump(db_path) == before


def test_a_review_outside_a_terminal_shows_the_sheet_and_how_to_record(year, db_path):
    before = dump(db_path)
    out = year("review", "numpy").stdout
    assert out.startswith("Review: NumPy Mastery (numpy) · phase 2 · done 2026-11-24")
    assert "Key points:" in out
    assert "mlpath review numpy --rating again|hard|good|easy" in out
    assert dump(db_path) == before


def test_export_then_import_keeps_the_due_days_and_the_schedulers_state(
    year, run_json, db_path, tmp_path
):
    year("review", "programming-fundamentals", "--rating", "hard", "--hours", "1")
    due = run_json("review")
    exported = tmp_path / "export.json"
    year("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert data["version"] == 6 and data["settings"]["retention"] == 0.9
    assert {i["topic_id"] for i in data["review_items"]} == set(DONE)
    other = tmp_path / "other.db"
    year("--db", str(other), "import", str(exported))
    assert json.loads(year("--db", str(other), "review", "--json").stdout) == due
    assert _items(other) == _items(db_path)
    assert query(other, "SELECT * FROM review") == query(db_path, "SELECT * FROM review")


def test_a_merge_brings_the_reviews_of_another_database(year, run_json, db_path, tmp_path):
    exported = tmp_path / "export.json"
    year("review", "basic-mathematics-check", "--rating", "good")
    year("export", "-o", str(exported))
    year("undo")
    assert "basic-mathematics-check" in [r["id"] for r in run_json("review")]
    year("import", str(exported))  # merged: the later state of the topic wins
    assert "basic-mathematics-check" not in [r["id"] for r in run_json("review")]
    assert query(db_path, "SELECT topic_id, rating FROM review") == [
        ("basic-mathematics-check", "good")
    ]
    year("undo")  # the merge is one change
    assert query(db_path, "SELECT count(*) FROM review") == [(0,)]


def test_an_export_from_before_reviews_brings_its_done_topics_into_review(
    mlpath, db_path, tmp_path
):
    from test_cli_data import _export_text

    older = json.loads(
        _export_text(
            progress=[
                {
                    "topic_id": "numpy",
                    "status": "done",
                    "started_on": None,
                    "done_on": "2026-11-10",
                    "updated_at": "2026-11-10T10:00:00+00:00",
                }
            ]
        )
    )
    older["version"] = 3
    del older["review_items"], older["reviews"], older["settings"]["retention"]
    path = tmp_path / "v3.json"
    path.write_text(json.dumps(older))
    mlpath("import", str(path))
    assert query(db_path, "SELECT topic_id, due, off FROM review_item") == [
        ("numpy", "2026-11-12", 0)
    ]
    assert query(db_path, "SELECT retention FROM settings") == [(0.9,)]


def test_a_break_holds_the_reviews_due_in_it_until_it_ends(year, run_json, monkeypatch):
    year("break", "--from", "2026-11-21", "--to", "2026-11-27")
    assert run_json("review") == []
    assert run_json("status")["reviews_due"] == 0
    out = year("review").stdout
    assert "on a planned break" in out and "7 reviews wait for Sat 28 Nov 2026" in out
    monkeypatch.setenv("MLPATH_TODAY", "2026-11-28")
    due = {r["id"]: r for r in run_json("review")}
    # due on 2026-11-22, in the break: due the day after it, not overdue
    assert (due["linear-algebra"]["due"], due["linear-algebra"]["overdue_days"]) == (
        "2026-11-28",
        0,
    )
    assert due["numpy"]["due"] == "2026-11-28"
    # due before the break: its days do not count as days overdue
    assert due["statistical-thinking"]["overdue_days"] == 171


def test_the_target_retention_is_a_setting(started, db_path):
    out = started("start", "--retention", "0.85").stdout
    assert "review retention 0.9 -> 0.85" in out
    assert query(db_path, "SELECT retention FROM settings") == [(0.85,)]
    assert "First review 2026-11-29" in started("done", "numpy").stdout  # 4 days at 0.85
    assert "out of range" in started("start", "--retention", "0.5", code=1).stderr
    assert "cannot read" in started("start", "--retention", "most", code=1).stderr
    assert query(db_path, "SELECT retention FROM settings") == [(0.85,)]


def test_the_calendar_marks_review_days_done_and_to_come(year, run_json):
    year("review", "numpy", "--rating", "good", "--date", "2026-11-24")
    cal = run_json("calendar")
    assert cal["review_days"] == ["2026-11-24"]
    assert cal["review_due_days"][0] > "2026-11-25"
    text = year("calendar").stdout
    assert "◆ reviewed" in text and "◇ review due" in text


def test_plan_takes_the_hours_reviews_take_off_the_new_topics(year, run_json):
    before = run_json("plan", "--hours", "25")
    assert before["review_hours_per_week"] == 0
    # 2 h of reviews in the last four complete weeks: half an hour a week
    year("review", "statistical-thinking", "--rating", "good", "--hours", "2", "--date", "-10")
    after = run_json("plan", "--hours", "25")
    assert after["review_hours_per_week"] == 0.5
    assert {p["hours_per_week"] for p in after["phases"]} == {24.5}
    assert after["finish"] > before["finish"]
    assert "Reviews: 0.5 h a week go to reviewing done topics" in year("plan").stdout
