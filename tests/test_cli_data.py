"""Export, import, backups and doctor: the learner's data as files, and recovery."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import START, dump, invoke, query
from mlpath.paths import bundled_roadmap, migrations_dir, peek_version
from mlpath.storage import sqlite_file

CURRENT = peek_version(bundled_roadmap())


def _export(mlpath, *args):
    return json.loads(mlpath("export", *args).stdout)


def _comparable(data):
    """An export without what differs by machine or version of mlpath."""
    return {k: v for k, v in data.items() if k != "mlpath"}


def test_export_holds_settings_progress_entries_and_history(started):
    started("log", "2", "--date", "2026-11-20", "--topic", "numpy", "--note", "arrays")
    started("done", "numpy")
    data = _export(started)
    assert data["format"] == "mlpath-export" and data["version"] == 6
    assert data["settings"]["start_date"] == START and data["settings"]["track"] == "nlp"
    assert data["progress"] == [
        {
            "topic_id": "numpy",
            "status": "done",
            "started_on": None,
            "done_on": "2026-11-25",
            "updated_at": data["progress"][0]["updated_at"],
        }
    ]
    assert [(e["day"], e["hours"], e["topic_id"], e["note"]) for e in data["entries"]] == [
        ("2026-11-20", 2.0, "numpy", "arrays")
    ]
    assert [c["summary"] for c in data["history"]] == [
        "log #1: 2 h on numpy for 2026-11-20",
        "done: numpy",
    ]


def test_csv_export_is_the_entries(started, tmp_path):
    started("log", "2", "--date", "2026-11-20", "--note", 'with "quotes", commas')
    started("log", "1.5", "--date", "2026-11-21", "--topic", "numpy")
    out = tmp_path / "hours.csv"
    assert "Exported (csv)" in started("export", "--format", "csv", "-o", str(out)).stdout
    assert out.read_text().splitlines() == [
        "id,day,hours,topic,note",
        '1,2026-11-20,2.0,,"with ""quotes"", commas"',
        "2,2026-11-21,1.5,numpy,",
    ]


def test_export_to_an_unwritable_place(started, tmp_path):
    result = started("export", "-o", str(tmp_path / "no" / "such" / "dir.json"), code=1)
    assert "cannot write" in result.stderr


def test_restore_into_a_new_database_gives_back_the_same_data(started, tmp_path, monkeypatch):
    started("log", "2", "--date", "2026-11-20", "--note", "ünïcode ✓")
    started("done", "numpy", "pandas")
    started("done", "pandas", "--link", "https://example.org/pandas-notebook")
    started("note", "numpy", "strides explain the views")
    started("break", "--from", "2026-12-21", "--to", "2027-01-03", "--note", "winter")
    started("start", "--hours", "22", "--skip-phase", "0")
    started("undo")
    original = tmp_path / "original.json"
    started("export", "-o", str(original))
    exported = json.loads(original.read_text())
    assert [(b["first_day"], b["last_day"], b["note"]) for b in exported["breaks"]] == [
        ("2026-12-21", "2027-01-03", "winter")
    ]
    assert [(n["topic_id"], n["kind"], n["text"]) for n in exported["notes"]] == [
        ("pandas", "link", "https://example.org/pandas-notebook"),
        ("numpy", "note", "strides explain the views"),
    ]
    monkeypatch.setenv("MLPATH_DB", str(tmp_path / "new.db"))
    assert "Restored" in started("import", str(original)).stdout
    assert _comparable(_export(started)) == _comparable(exported)
    # The restored history still works: the latest changes undo one by one.
    assert "break #1" in started("undo").stdout
    assert query(tmp_path / "new.db", "SELECT count(*) FROM study_break") == [(0,)]
    assert "note #2" in started("undo").stdout
    assert "link for pandas: https://example.org" in started("undo").stdout
    started("undo")
    assert query(tmp_path / "new.db", "SELECT status FROM progress") == []


def test_merging_adds_what_is_missing_once_and_undo_reverts_it(started, db_path, tmp_path):
    started("log", "2", "--date", "2026-11-20")
    started("done", "numpy")
    mine = tmp_path / "mine.json"
    started("export", "-o", str(mine))
    before = dump(db_path)
    result = started("import", str(mine))
    assert "0 entries added, 1 already there, 0 topic states updated" in result.stdout
    assert dump(db_path)["entry"] == before["entry"]

    other = json.loads(mine.read_text())
    other["entries"].append(
        {
            "id": 7,
            "day": "2026-11-21",
            "hours": 1.5,
            "topic_id": "pandas",
            "note": "laptop",
            "created_at": "2026-11-21T20:00:00+00:00",
        }
    )
    other["progress"].append(
        {
            "topic_id": "pandas",
            "status": "doing",
            "started_on": "2026-11-21",
            "done_on": None,
            "updated_at": "2026-11-21T20:00:00+00:00",
        }
    )
    laptop = tmp_path / "laptop.json"
    laptop.write_text(json.dumps(other))
    assert (
        "1 entry added, 1 already there, 1 topic state updated"
        in started("import", str(laptop)).stdout
    )
    assert query(db_path, "SELECT day, hours, note FROM entry ORDER BY day") == [
        ("2026-11-20", 2.0, None),
        ("2026-11-21", 1.5, "laptop"),
    ]
    assert started("import", str(laptop)).stdout.startswith("Merged")  # again: nothing new
    assert query(db_path, "SELECT count(*) FROM entry") == [(2,)]
    started("undo")  # the merge that added the laptop's data (the empty one is no change)
    assert dump(db_path)["entry"] == before["entry"]
    assert query(db_path, "SELECT topic_id FROM progress") == [("numpy",)]


def test_a_merge_of_thousands_of_entries_adds_each_once_and_undo_takes_all_back(
    started, db_path, tmp_path
):
    # More entries than a merge inserts at a time, so that every batch is seen.
    started("log", "1", "--date", "2026-11-03")
    laptop = _export(started)
    laptop["entries"] = [
        {
            "id": i + 1,
            "day": (date(2026, 11, 2) + timedelta(days=i % 23)).isoformat(),
            "hours": 0.1,
            "topic_id": "numpy" if i % 2 else None,
            "note": f"session {i}",
            "created_at": f"2026-11-24T10:00:{i % 60:02d}.{i:06d}+00:00",
        }
        for i in range(2_500)
    ]
    file = tmp_path / "laptop.json"
    file.write_text(json.dumps(laptop))
    before = dump(db_path)
    assert "2500 entries added, 0 already there" in started("import", str(file)).stdout
    # my own entry (no note) and each of the laptop's once
    assert query(db_path, "SELECT count(*), count(DISTINCT note) FROM entry") == [(2_501, 2_500)]
    assert "0 entries added, 2500 already there" in started("import", str(file)).stdout
    started("undo")  # the merge that added them (the second added nothing: no change)
    assert dump(db_path)["entry"] == before["entry"]


def test_merging_brings_notes_and_breaks_once_and_keeps_my_own_breaks(started, db_path, tmp_path):
    started("break", "--from", "2026-12-24", "--to", "2026-12-26")
    mine = tmp_path / "mine.json"
    started("export", "-o", str(mine))
    other = json.loads(mine.read_text())
    made = "2026-11-21T20:00:00+00:00"
    other["notes"] = [
        {"id": 1, "topic_id": "numpy", "day": "2026-11-21", "kind": "note", "text": "laptop",
         "created_at": made},
    ]  # fmt: skip
    other["breaks"] = [
        # clashes with the break already planned here: mine stands
        {"id": 1, "first_day": "2026-12-20", "last_day": "2026-12-27", "note": None,
         "created_at": made},
        {"id": 2, "first_day": "2027-04-01", "last_day": "2027-04-05", "note": "exams",
         "created_at": made},
    ]  # fmt: skip
    laptop = tmp_path / "laptop.json"
    laptop.write_text(json.dumps(other))
    started("import", str(laptop))
    started("import", str(laptop))
    assert query(db_path, "SELECT topic_id, text FROM topic_note") == [("numpy", "laptop")]
    assert query(db_path, "SELECT first_day, last_day, note FROM study_break ORDER BY id") == [
        ("2026-12-24", "2026-12-26", None),
        ("2027-04-01", "2027-04-05", "exams"),
    ]
    started("undo")  # the second import changed nothing; undo reverts the first
    assert query(db_path, "SELECT count(*) FROM topic_note") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM study_break") == [(1,)]


def _export_text(**changes):
    base = {
        "format": "mlpath-export",
        "version": 6,
        "mlpath": "0.1.0",
        "settings": {
            "start_date": "2026-11-02",
            "hours_per_week": None,
            "track": "nlp",
            "skipped_phases": [],
            "weekly_min": 20,
            "weekly_max": 30,
            "roadmap_id": "ml-roadmap",
            "roadmap_version": CURRENT,
            "roadmap_file": None,
            "created_at": "2026-11-02T10:00:00+00:00",
            "updated_at": "2026-11-02T10:00:00+00:00",
            "retention": 0.9,
            "profile": "default",
        },
        "progress": [],
        "entries": [],
        "breaks": [],
        "notes": [],
        "history": [],
        "retired_topics": [],
        "settings_periods": [],
        "baselines": [],
        "review_items": [],
        "reviews": [],
        "estimates": [],
        "papers": [],
        "paper_notes": [],
        "portfolio_checks": [],
    }
    base.update(changes)
    return json.dumps(base)


def test_an_export_from_before_breaks_and_notes_still_imports(mlpath, tmp_path, db_path):
    older = json.loads(_export_text(entries=[ENTRY]))
    older["version"] = 1
    del older["breaks"], older["notes"], older["review_items"], older["reviews"]
    del older["settings"]["retention"]
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(older))
    assert "Restored" in mlpath("import", str(path)).stdout
    assert query(db_path, "SELECT day, hours FROM entry") == [("2026-11-03", 2.0)]
    assert query(db_path, "SELECT count(*) FROM study_break") == [(0,)]


def test_an_export_from_before_settings_periods_still_imports(mlpath, tmp_path, db_path):
    older = json.loads(_export_text(entries=[ENTRY]))
    older["version"] = 2
    del older["settings_periods"], older["baselines"], older["review_items"], older["reviews"]
    del older["settings"]["retention"]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(older))
    assert "Restored" in mlpath("import", str(path)).stdout
    assert query(db_path, "SELECT count(*) FROM settings_period") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM baseline") == [(0,)]


def test_settings_periods_and_baselines_travel_with_an_export(started, tmp_path):
    started("start", "--hours", "20")  # the settings from START to yesterday are kept
    exported = json.loads(started("export").stdout)
    assert [(p["first_day"], p["hours_per_week"]) for p in exported["settings_periods"]] == [
        ("2026-11-02", None)
    ]
    target = tmp_path / "copy.db"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(exported))
    started("--db", str(target), "import", str(source))
    assert query(target, "SELECT first_day, last_day, hours_per_week FROM settings_period") == [
        ("2026-11-02", "2026-11-24", None)
    ]


ENTRY = {
    "id": 1,
    "day": "2026-11-03",
    "hours": 2,
    "topic_id": None,
    "note": None,
    "created_at": "2026-11-03T10:00:00+00:00",
    "practice": False,
}

BREAK = {
    "id": 1,
    "first_day": "2026-12-01",
    "last_day": "2026-12-03",
    "note": None,
    "created_at": "2026-11-03T10:00:00+00:00",
}
NOTE = {
    "id": 1,
    "topic_id": "numpy",
    "day": "2026-11-03",
    "kind": "note",
    "text": "views, not copies",
    "created_at": "2026-11-03T10:00:00+00:00",
}

BAD_IMPORTS = {
    "not JSON": ('{"format": "mlpath-export",\n  oops', "line 2: not valid JSON"),
    "not an export": ('{"phases": []}', "is not an mlpath export"),
    "newer format": (_export_text(version=7), "exported by a newer mlpath"),
    "missing field": (_export_text(settings={}), "at settings.start_date: Field required"),
    "negative hours": (_export_text(entries=[ENTRY | {"hours": -1}]), "at entries.0.hours"),
    "bad date": (_export_text(entries=[ENTRY | {"day": "2026-13-40"}]), "at entries.0.day"),
    "break backwards": (
        _export_text(breaks=[BREAK | {"first_day": "2026-12-05"}]),
        "break 1 ends before it begins",
    ),
    "note of no kind": (_export_text(notes=[NOTE | {"kind": "tweet"}]), "at notes.0.kind"),
    "day over 24 h": (
        _export_text(entries=[ENTRY, ENTRY | {"id": 2, "hours": 23}]),
        "2026-11-03 holds more than 24 hours",
    ),
    "shared ids": (
        _export_text(entries=[ENTRY, ENTRY | {"day": "2026-11-04"}]),
        "two entries share an id",
    ),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_a_bad_import_changes_nothing(started, db_path, tmp_path, case):
    text, message = BAD_IMPORTS[case]
    path = tmp_path / "bad.json"
    path.write_text(text)
    before = dump(db_path)
    result = started("import", str(path), code=1)
    assert message in result.stderr
    assert dump(db_path) == before


def test_a_bad_import_creates_no_database(mlpath, db_path, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(_export_text(entries=[ENTRY | {"hours": 30}]))
    mlpath("import", str(path), code=1)
    assert not db_path.exists()


def test_a_huge_import_file_is_refused_unread(started, tmp_path, monkeypatch):
    monkeypatch.setattr("mlpath.formats.export_file.MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(_export_text(entries=[ENTRY | {"note": "x" * 2000}]))
    assert "more than an export can be" in started("import", str(path), code=1).stderr


DAYS = st.integers(min_value=0, max_value=20).map(lambda n: date(2026, 11, 2) + timedelta(n))
TOPICS = st.sampled_from([None, "numpy", "pandas", "linear-algebra", "gone-topic"])
# Any text an import takes: control characters (Cc) but tab and newline are refused.
TEXT = st.characters(blacklist_categories=["Cs", "Cc"], whitelist_characters="\t\n")
NOTES = st.one_of(st.none(), st.text(TEXT, max_size=40))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(DAYS, st.integers(min_value=1, max_value=16).map(lambda q: q / 4), TOPICS, NOTES),
        max_size=12,
    ),
    states=st.dictionaries(
        st.sampled_from(["numpy", "pandas", "rag", "gone-topic"]),
        st.sampled_from(["todo", "doing", "done", "skipped"]),
        max_size=4,
    ),
)
def test_export_then_import_into_a_fresh_database_is_the_identity(
    tmp_path_factory, entries, states
):
    folder = tmp_path_factory.mktemp("roundtrip")
    runner = CliRunner()
    data = json.loads(
        _export_text(
            entries=[
                {
                    "id": i + 1,
                    "day": d.isoformat(),
                    "hours": h,
                    "topic_id": t,
                    "note": n,
                    "created_at": f"2026-11-{d.day:02d}T10:00:{i % 60:02d}+00:00",
                    "practice": i % 2 == 1,
                }
                for i, (d, h, t, n) in enumerate(entries)
            ],
            progress=[
                {
                    "topic_id": t,
                    "status": s,
                    "started_on": None,
                    "done_on": "2026-11-10" if s == "done" else None,
                    "updated_at": "2026-11-10T10:00:00+00:00",
                }
                for t, s in sorted(states.items())
            ],
            retired_topics=[{"id": "gone-topic", "title": "Gone", "kind": "topic", "hours": 3.0}],
        )
    )
    days: dict[str, float] = {}
    for e in data["entries"]:
        days[e["day"]] = days.get(e["day"], 0) + e["hours"]
    assume(all(total <= 24 for total in days.values()))
    used = {e["topic_id"] for e in data["entries"]} | set(states)
    data["retired_topics"] = [t for t in data["retired_topics"] if t["id"] in used]
    source = folder / "export.json"
    source.write_text(json.dumps(data, ensure_ascii=False))
    first, second = folder / "a.db", folder / "b.db"
    assert invoke(runner, ["--db", str(first), "import", str(source)]).exit_code == 0
    exported = invoke(runner, ["--db", str(first), "export"])
    again = folder / "again.json"
    again.write_text(exported.stdout)
    assert invoke(runner, ["--db", str(second), "import", str(again)]).exit_code == 0
    twice = invoke(runner, ["--db", str(second), "export"])
    assert json.loads(twice.stdout) == json.loads(exported.stdout)
    assert _comparable(json.loads(exported.stdout)) == _comparable(data)


# --- backups and doctor ---------------------------------------------------------


def _at_first_schema(db_path: Path) -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    command.upgrade(config, sqlite_file.SCHEMA_REVISIONS[0])


def test_a_schema_upgrade_keeps_a_backup_of_the_old_file(mlpath, db_path):
    _at_first_schema(db_path)
    before = db_path.read_bytes()
    mlpath("status", code=3)  # upgraded (not started yet, but the schema moved on)
    kept = sqlite_file.backups(db_path)
    assert len(kept) == 1 and kept[0].name.endswith(f"schema-{sqlite_file.SCHEMA_REVISIONS[0]}")
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            sqlite_file.SCHEMA_REVISIONS[0],
        )
    assert len(before) > 0


def test_only_the_last_three_backups_are_kept(started, db_path):
    for label in "abcde":
        sqlite_file.back_up(db_path, label)
    kept = sqlite_file.backups(db_path)
    assert [p.name[-1] for p in kept] == ["e", "d", "c"]


def test_a_damaged_database_names_its_newest_backup(started, db_path):
    backup = sqlite_file.back_up(db_path, "manual")
    db_path.write_bytes(db_path.read_bytes()[:3000])
    result = started("status", code=5)
    assert str(db_path) in result.stderr and str(backup) in result.stderr


def test_doctor_on_a_healthy_database(started):
    started("log", "2", "--date", "2026-11-20")
    text = started("doctor").stdout
    assert "✓ integrity" in text and "schema " + sqlite_file.SCHEMA_HEAD in text
    assert "1 entry, 2 h" in text and "All good." in text


def test_doctor_finds_damage_and_says_how_to_recover(started, db_path):
    sqlite_file.back_up(db_path, "manual")
    db_path.write_bytes(db_path.read_bytes()[:3000])
    before = db_path.read_bytes()
    result = started("doctor", code=5, report=True)
    text = " ".join(result.stdout.split())
    assert "✗ schema" in text and "copy the newest sound backup" in text
    assert db_path.read_bytes() == before


def test_doctor_finds_orphans_and_overfull_days(started, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO progress (topic_id, status, started_on, done_on, updated_at)"
            " VALUES ('no-such-topic', 'done', NULL, NULL, "
            "'2026-11-01 00:00:00.000000')"
        )
        conn.execute(
            "INSERT INTO entry (day, hours, created_at) VALUES ('2026-11-05', 20, "
            "'2026-11-05 00:00:00'), ('2026-11-05', 10, '2026-11-05 00:00:00')"
        )
    text = started("doctor", code=5, report=True).stdout
    assert "✗ references 1 row refers to missing rows" in text
    assert "✗ entries    1 days hold more than 24 h (first 2026-11-05)" in text


def test_doctor_without_a_database(mlpath):
    assert "no database at" in mlpath("doctor", code=5, report=True).stdout


def test_a_failed_export_leaves_the_previous_one_whole(started, tmp_path, monkeypatch):
    out = tmp_path / "backup.json"
    started("export", "-o", str(out))
    previous = out.read_bytes()
    started("log", "2", "--date", "2026-11-20")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    assert "No space left on device" in started("export", "-o", str(out), code=1).stderr
    assert out.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


def test_doctor_says_a_file_that_is_not_a_database_is_not_one(mlpath, db_path):
    db_path.write_text("my shopping list\n")
    text = mlpath("doctor", code=5, report=True).stdout
    assert "✗ file" in text and "is not an SQLite database" in text
    assert "✓ file" not in text
    assert db_path.read_text() == "my shopping list\n"


def test_doctor_says_an_empty_file_is_empty(mlpath, db_path):
    db_path.write_bytes(b"")
    text = mlpath("doctor", code=5, report=True).stdout
    assert "is empty" in text and "mlpath start" in text
