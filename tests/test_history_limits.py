"""Undo and imported history, one limit per field, and inputs that are merely bad
(issue 13, items 11, 12, 13 and 16)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import START, dump, query
from test_cli_data import BREAK, ENTRY  # one valid entry and break of an export

ROADMAP = """\
format: 1
id: mine
title: Mine
version: '{version}'
weekly_hours: {{min: 20, max: 30}}
phases:
  - id: one
    number: 0
    title: One
    weeks: {{min: 1, max: 2}}
    weekly_hours: {weekly}
    topics:
      - {alpha}
      - {{id: beta, title: Beta, kind: topic, hours: {hours}}}
"""
ALPHA = "{id: alpha, title: Alpha, kind: topic, hours: 5}"
ALPHA2 = "{id: alpha2, title: Alpha, kind: topic, hours: 5, aliases: [alpha]}"


def _roadmap(path: Path, *, version="1", alpha=ALPHA, weekly="20", hours="5") -> Path:
    path.write_text(ROADMAP.format(version=version, alpha=alpha, weekly=weekly, hours=hours))
    return path


def _forge_change(db: Path, rows) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO change (at, summary, rows) VALUES ('2026-11-20 10:00:00', 'forged', ?)",
            (json.dumps(rows),),
        )


# --- 11: undo after a topic rename ------------------------------------------------


def test_undo_keeps_working_after_a_topic_rename(mlpath, db_path, tmp_path):
    roadmap = _roadmap(tmp_path / "mine.yaml")
    mlpath("start", "--roadmap", str(roadmap), "--date", START)
    mlpath("log", "2", "--topic", "alpha")
    mlpath("log", "3", "--topic", "alpha")
    mlpath("log", "--delete", "2")
    mlpath("log", "--edit", "1", "1.5")
    _roadmap(roadmap, version="2", alpha=ALPHA2)
    assert "moved to 'alpha2'" in mlpath("start", "--roadmap", str(roadmap)).stdout
    assert "can be undone" in mlpath("doctor").stdout

    entries = "SELECT id, hours, topic_id FROM entry ORDER BY id"
    mlpath("undo")  # the edit
    assert query(db_path, entries) == [(1, 2.0, "alpha2")]
    mlpath("undo")  # the delete
    assert query(db_path, entries) == [(1, 2.0, "alpha2"), (2, 3.0, "alpha2")]
    mlpath("undo")
    mlpath("undo")
    assert query(db_path, entries) == []
    assert "nothing to undo" in mlpath("undo", code=1).stderr


def test_a_rename_moves_the_recorded_progress_too(mlpath, db_path, tmp_path):
    roadmap = _roadmap(tmp_path / "mine.yaml")
    mlpath("start", "--roadmap", str(roadmap), "--date", START)
    mlpath("doing", "alpha")
    mlpath("done", "alpha")
    _roadmap(roadmap, version="2", alpha=ALPHA2)
    mlpath("start", "--roadmap", str(roadmap))
    mlpath("undo")  # done -> doing
    assert query(db_path, "SELECT topic_id, status FROM progress") == [("alpha2", "doing")]


# --- 12: forged history -----------------------------------------------------------


BAD_RECORDS = {
    "unknown table": [{"table": "nope", "key": 1, "before": None}],
    "missing key": [{"table": "entry", "before": None}],
    "5000 hours": [
        {
            "table": "entry",
            "key": 7,
            "before": {
                "id": 7,
                "day": "2026-11-03",
                "hours": 5000,
                "topic_id": None,
                "note": None,
                "created_at": "2026-11-03T10:00:00Z",
            },
        }
    ],
    "unknown topic": [
        {
            "table": "progress",
            "key": "no-such-topic",
            "before": {
                "topic_id": "no-such-topic",
                "status": "done",
                "started_on": None,
                "done_on": "2026-11-03",
                "updated_at": "2026-11-03T10:00:00Z",
            },
        }
    ],
}


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_undo_refuses_a_record_it_cannot_put_back_and_doctor_names_it(started, db_path, case):
    started("log", "1")
    _forge_change(db_path, BAD_RECORDS[case])
    before = dump(db_path)
    result = started("undo", code=5)
    assert "cannot be undone" in result.stderr and "mlpath doctor" in result.stderr
    assert dump(db_path) == before
    report = started("doctor", code=5, report=True)
    assert "change #2 cannot be undone" in report.stdout


def test_undo_refuses_to_put_more_than_a_day_back(started, db_path):
    started("log", "20", "--date", "2026-11-03")
    entry = query(db_path, "SELECT id, day, hours, topic_id, note, created_at FROM entry")[0]
    image = dict(zip(("id", "day", "hours", "topic_id", "note", "created_at"), entry, strict=True))
    image |= {"id": 99, "created_at": "2026-11-03T10:00:00Z"}
    _forge_change(db_path, [{"table": "entry", "key": 99, "before": image}])
    before = dump(db_path)
    assert "would put 40 h on 2026-11-03" in started("undo", code=1).stderr
    assert dump(db_path) == before


def _export(**changes) -> str:
    base = {
        "format": "mlpath-export",
        "version": 2,
        "mlpath": "0.1.0",
        "settings": {
            "start_date": START,
            "hours_per_week": None,
            "track": "nlp",
            "skipped_phases": [],
            "weekly_min": 20,
            "weekly_max": 30,
            "roadmap_id": "ml-roadmap",
            "roadmap_version": "x",
            "roadmap_file": None,
            "created_at": "2026-11-02T10:00:00+00:00",
            "updated_at": "2026-11-02T10:00:00+00:00",
        },
        "progress": [],
        "entries": [],
        "breaks": [],
        "notes": [],
        "history": [],
        "retired_topics": [],
    }
    base.update(changes)
    return json.dumps(base)


def _change(rows, change_id=1):
    return {"id": change_id, "at": "2026-11-03T10:00:00Z", "summary": "x", "rows": rows}


@pytest.mark.parametrize("case", ["unknown table", "missing key", "5000 hours"])
def test_an_import_refuses_history_that_would_not_replay(mlpath, db_path, tmp_path, case):
    path = tmp_path / "forged.json"
    path.write_text(_export(history=[_change(BAD_RECORDS[case])]))
    result = mlpath("import", str(path), code=1)
    assert "history change #1 cannot be undone" in result.stderr
    assert not db_path.exists()


def test_restored_history_undoes_even_for_a_topic_the_roadmap_lost(mlpath, db_path, tmp_path):
    """A valid record of a topic no longer in the roadmap keeps that topic (retired)."""
    path = tmp_path / "export.json"
    path.write_text(_export(history=[_change(BAD_RECORDS["unknown topic"])]))
    mlpath("import", str(path))
    mlpath("undo")
    assert query(db_path, "SELECT topic_id, status FROM progress") == [("no-such-topic", "done")]


# --- 13: one limit per field -------------------------------------------------------


def test_notes_and_links_at_their_limit_round_trip_and_one_more_is_refused(
    started, db_path, tmp_path
):
    site = "https://example.com/"
    entry_note, link, note = "e" * 10_000, site + "l" * (10_000 - len(site)), "n" * 2000
    refused = {
        ("log", "1", "--note", entry_note + "e"): "the note has 10001 characters, more than 10000",
        ("done", "numpy", "--link", link + "l"): "the link has 10001 characters, more than 10000",
        ("note", "numpy", note + "n"): "the note has 2001 characters, more than 2000",
    }
    before = dump(db_path)
    for args, message in refused.items():
        assert message in started(*args, code=1).stderr
    assert dump(db_path) == before

    started("log", "1", "--note", entry_note)
    started("done", "numpy", "--link", link)
    started("note", "numpy", note)
    exported = tmp_path / "export.json"
    started("export", "-o", str(exported))
    other = tmp_path / "other.db"
    started("--db", str(other), "import", str(exported))
    assert query(other, "SELECT note FROM entry") == [(entry_note,)]
    assert sorted(query(other, "SELECT kind, text FROM topic_note")) == [
        ("link", link),
        ("note", note),
    ]


def test_limits_are_defined_once():
    from mlpath.cli import parsing
    from mlpath.domain import limits
    from mlpath.formats import export_file

    source = Path(export_file.__file__).read_text() + Path(parsing.__file__).read_text()
    for literal in ("le=24", "le=112", "10_000", "= 2000"):
        assert literal not in source
    assert limits.MAX_HOURS_PER_DAY == 24


# --- 16: merely bad input -------------------------------------------------------------


BAD_IMPORTS = {
    "id past 2^63": (_export(entries=[ENTRY | {"id": 2**63}]), "at entries.0.id"),
    "huge integer": (
        _export(entries=[ENTRY]).replace('"hours": 2', '"hours": ' + "1" * 5000),
        "a number too long",
    ),
    "future day": (_export(entries=[ENTRY | {"day": "2026-11-26"}]), "in the future"),
    "future note": (
        _export(
            notes=[
                {
                    "id": 1,
                    "topic_id": "numpy",
                    "day": "2026-12-01",
                    "kind": "note",
                    "text": "x",
                    "created_at": "2026-11-03T10:00:00Z",
                }
            ]
        ),
        "in the future",
    ),
    "before the start": (
        _export(entries=[ENTRY | {"day": "2026-11-01"}]),
        "before the start date 2026-11-02",
    ),
    "overlapping breaks": (
        _export(
            breaks=[
                BREAK,
                BREAK | {"id": 2, "first_day": "2026-12-03"} | {"last_day": "2026-12-09"},
            ]
        ),
        "breaks 1 and 2 overlap",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_merely_bad_import_is_refused_in_one_line(started, db_path, tmp_path, case):
    text, message = BAD_IMPORTS[case]
    path = tmp_path / "bad.json"
    path.write_text(text)
    before = dump(db_path)
    assert message in started("import", str(path), code=1).stderr
    assert dump(db_path) == before
    fresh = tmp_path / "fresh.db"
    assert message in started("--db", str(fresh), "import", str(path), code=1).stderr
    assert not fresh.exists()


def test_a_naive_time_in_an_import_is_read_as_utc(mlpath, db_path, tmp_path):
    path = tmp_path / "naive.json"
    path.write_text(_export(entries=[ENTRY | {"created_at": "2026-11-02T10:00:00"}]))
    mlpath("import", str(path))
    assert query(db_path, "SELECT created_at FROM entry") == [("2026-11-02 10:00:00.000000",)]


def test_a_merge_refuses_hours_before_the_start_date(mlpath, db_path, tmp_path):
    mlpath("start", "--date", "2026-11-10")
    path = tmp_path / "early.json"
    path.write_text(_export(entries=[ENTRY]))
    before = dump(db_path)
    assert "before your start date 2026-11-10" in mlpath("import", str(path), code=1).stderr
    assert dump(db_path) == before


def test_a_yaml_complex_key_in_a_roadmap_is_a_roadmap_error(mlpath, tmp_path):
    path = tmp_path / "complex.yaml"
    path.write_text("format: 1\n? [1, 2]\n: x\n")
    result = mlpath("start", "--roadmap", str(path), code=6)
    assert "line 2: a key must be a plain name" in result.stderr


def test_a_roadmap_too_slow_to_plan_is_refused(mlpath, tmp_path):
    path = _roadmap(tmp_path / "slow.yaml", weekly="0.001")
    assert "weekly_hours" in mlpath("start", "--roadmap", str(path), code=6).stderr


def test_a_pace_too_slow_to_plan_is_a_clear_refusal(mlpath, tmp_path):
    # Planned at its own pace the roadmap fits a century; at one hour a week it does not.
    topics = "".join(
        f"      - {{id: t{n}, title: T{n}, kind: topic, hours: 2000}}\n" for n in range(4)
    )
    path = tmp_path / "big.yaml"
    path.write_text(
        ROADMAP.split("    topics:")[0].format(version="1", weekly="112") + "    topics:\n" + topics
    )
    mlpath("start", "--roadmap", str(path), "--date", START)
    for args in (["plan", "--hours", "2"], ["status"], ["share"]):
        mlpath(*args)
    assert "outruns a century" in mlpath("plan", "--hours", "1", code=1).stderr
    mlpath("start", "--hours", "1")
    for args in (["plan"], ["status"], ["share"]):
        assert "outruns a century" in mlpath(*args, code=1).stderr


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("args", [["status"], ["plan"], ["log", "1"], ["start"]])
def test_mlpath_today_out_of_range_is_refused(mlpath, monkeypatch, today, args):
    if args != ["start"]:
        mlpath("start", "--date", START)
    monkeypatch.setenv("MLPATH_TODAY", today)
    assert f"MLPATH_TODAY={today} is out of range" in mlpath(*args, code=1).stderr


def test_a_negative_date_is_not_the_first_of_the_month(started, db_path):
    # dateutil read -1 as the 1st of this month; it is a day back: yesterday.
    started("log", "1", "--date", "-1")
    assert query(db_path, "SELECT day FROM entry") == [("2026-11-24",)]
