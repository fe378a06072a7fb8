"""The learning journal: `note`, `done --link`, and what `show` and `status` make of them."""

from __future__ import annotations

import pytest

from conftest import query


def test_notes_and_links_show_with_the_topic(started, db_path, tmp_path, run_json):
    assert (
        "Noted on numpy: views, not copies" in started("note", "numpy", "views,  not copies").stdout
    )
    started("log", "9", "--date", "2026-11-20", "--topic", "numpy")
    result = started("done", "numpy", "--link", "https://github.com/me/numpy-drills")
    assert "done on 2026-11-25" in result.stdout
    assert "Evidence linked on numpy: https://github.com/me/numpy-drills" in result.stdout
    notebook = tmp_path / "numpy.ipynb"
    notebook.write_text("{}")
    started("note", "numpy", "revisit strides", "--date", "yesterday")
    started("done", "numpy", "--link", str(notebook))
    shown = started("show", "numpy").stdout
    assert "Hours: 9 logged of 18 estimated (50%)" in shown
    journal = shown.split("Journal:")[1]
    assert journal.splitlines()[1:5] == [
        "  2026-11-24  revisit strides",
        "  2026-11-25  views, not copies",
        "  2026-11-25  evidence: https://github.com/me/numpy-drills",
        f"  2026-11-25  evidence: {notebook}",
    ]
    data = run_json("show", "numpy")
    assert [(n["kind"], n["text"]) for n in data["journal"]][:2] == [
        ("note", "revisit strides"),
        ("note", "views, not copies"),
    ]
    assert query(db_path, "SELECT count(*) FROM topic_note WHERE topic_id = 'numpy'") == [(4,)]


def test_done_with_a_link_is_one_change_for_undo(started, db_path):
    started("done", "numpy", "--link", "https://example.org/write-up")
    assert "done: numpy (link https://example.org/write-up)" in started("history").stdout
    started("undo")
    assert query(db_path, "SELECT count(*) FROM topic_note") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM progress") == [(0,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "numpy", "  "], "the note is empty"),
        (["note", "numpy", "x" * 2001], "more than 2000"),
        (["note", "nmupy", "typo"], "did you mean"),
        (["done", "numpy", "--link", "ftp://example.org/x"], "keeps http(s) links, not ftp:"),
        (["done", "numpy", "--link", "https://"], "is not a valid web address"),
        (["done", "numpy", "--link", "no/such/file.ipynb"], "neither a web address nor a file"),
        (["done", "numpy", "pandas", "--link", "https://x.org"], "--link belongs to one topic"),
        (["note", "numpy", "later", "--date", "2027-01-01"], "is in the future"),
    ],
)
def test_bad_journal_input_is_refused_and_changes_nothing(started, db_path, args, message):
    result = started(*args, code=4 if "did you mean" in message else 1)
    assert message in result.stderr
    assert query(db_path, "SELECT count(*) FROM topic_note") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM progress") == [(0,)]


def test_status_flags_a_phase_whose_done_topics_ran_over_their_estimate(started, run_json):
    # numpy (18 h) and pandas (22 h) are phase 2 topics: 40 h estimated.
    started("log", "20", "--date", "2026-11-10", "--topic", "numpy")
    started("log", "24", "--date", "2026-11-11", "--topic", "pandas")
    started("log", "8", "--date", "2026-11-12", "--topic", "pandas")
    started("done", "numpy")
    assert run_json("status")["over_estimate"] == []  # 20 h on 18: not 25 % over
    started("done", "pandas")
    assert run_json("status")["over_estimate"] == [
        {"phase": 2, "hours_logged": 52.0, "hours_estimated": 40.0}
    ]
    shown = started("status").stdout
    assert "! Phase 2: 52 h logged on its done topics, 30% over their 40 h estimate." in shown
    assert "52!" in shown
