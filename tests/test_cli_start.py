"""`mlpath start`: setting up, changing settings, refreshing the roadmap, never losing progress."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml

from conftest import START, dump, query
from mlpath.paths import bundled_roadmap, peek_version

CURRENT = peek_version(bundled_roadmap())


def test_start_creates_a_private_database_with_the_whole_roadmap(mlpath, db_path):
    result = mlpath("start")
    assert "Started" in result.stdout
    assert str(db_path) in result.stdout
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    roadmap = yaml.safe_load(bundled_roadmap().read_text())
    expected_topics = sum(len(p["topics"]) for p in roadmap["phases"])
    assert query(db_path, "SELECT count(*) FROM phase") == [(8,)]
    assert query(db_path, "SELECT count(*) FROM topic") == [(expected_topics,)]
    settings = query(
        db_path, "SELECT start_date, hours_per_week, track, skipped_phases FROM settings"
    )
    assert settings == [("2026-11-25", None, "nlp", "[]")]


def test_start_records_the_options_given(mlpath, db_path):
    mlpath(
        "start",
        "--date",
        "2026-10-01",
        "--hours",
        "25",
        "--track",
        "cv",
        "--skip-phase",
        "0",
        "--skip-phase",
        "1",
    )
    assert query(
        db_path, "SELECT start_date, hours_per_week, track, skipped_phases FROM settings"
    ) == [("2026-10-01", 25.0, "cv", "[0, 1]")]


def test_running_start_again_keeps_progress_and_applies_only_changed_options(started, db_path):
    started("done", "linear algebra")
    started("log", "2", "--date", "2026-11-03")
    result = started("start", "--track", "rl")
    assert "Already started" in result.stdout
    assert "1 topic done, 2 h logged" in result.stdout
    assert "track nlp -> rl" in result.stdout
    assert query(db_path, "SELECT start_date, track FROM settings") == [(START, "rl")]
    assert query(db_path, "SELECT topic_id, status FROM progress") == [("linear-algebra", "done")]
    assert query(db_path, "SELECT day, hours FROM entry") == [("2026-11-03", 2.0)]
    again = started("start")
    assert "nothing changed" in again.stdout


def test_per_phase_hours_can_be_restored(started, db_path):
    started("start", "--hours", "22")
    started("start", "--per-phase-hours")
    assert query(db_path, "SELECT hours_per_week FROM settings") == [(None,)]


def test_start_date_cannot_move_after_logged_hours(started, db_path):
    started("log", "3", "--date", "2026-11-03")
    before = dump(db_path)
    result = started("start", "--date", "2026-11-10", code=1)
    assert "before 2026-11-10" in result.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--track", "nlpp"], "did you mean 'nlp'?"),
        (["--skip-phase", "9"], "there is no phase 9"),
        (["--hours", "0"], "more than 0"),
        (["--hours", "-5"], "more than 0"),
        (["--hours", "200"], "more than 112"),
        (["--hours", "lots"], "cannot read 'lots'"),
        (["--date", "32/13/2026"], "cannot read '32/13/2026' as a date"),
        (["--date", "0001-01-01"], "too far from today"),
        (["--date", "2029-01-01"], "too far from today"),
    ],
)
def test_bad_start_options_are_refused_before_anything_is_created(mlpath, db_path, args, message):
    result = mlpath("start", *args, code=1)
    assert message in result.stderr
    assert not db_path.exists()


def test_bad_options_on_a_second_start_change_nothing(started, db_path):
    before = dump(db_path)
    started("start", "--track", "quantum", code=1)
    assert dump(db_path) == before


def test_weekly_hours_outside_the_plan_warn_but_are_kept(mlpath, db_path):
    result = mlpath("start", "--hours", "12")
    assert "outside the roadmap's recommended 20-30" in result.stderr
    assert query(db_path, "SELECT hours_per_week FROM settings") == [(12.0,)]


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["plan"],
        ["hours"],
        ["topics"],
        ["show", "numpy"],
        ["done", "numpy"],
        ["log", "2"],
        ["doing", "numpy"],
    ],
)
def test_every_command_before_start_says_to_run_it(mlpath, db_path, command):
    result = mlpath(*command, code=3)
    assert "mlpath start" in result.stderr
    assert not db_path.exists()


def test_db_option_overrides_the_environment(mlpath, tmp_path, db_path):
    other = tmp_path / "elsewhere" / "my.db"
    mlpath("--db", str(other), "start")
    assert other.exists() and not db_path.exists()
    assert mlpath("--db", str(other), "where").stdout.strip() == str(other)


def _write_roadmap(path: Path, mutate) -> Path:
    data = yaml.safe_load(bundled_roadmap().read_text())
    mutate(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_new_bundled_roadmap_keeps_progress_through_rename_merge_addition_removal(
    mlpath, db_path, tmp_path, monkeypatch
):
    mlpath("start", "--date", START)
    mlpath("done", "numpy", "pandas", "data-visualisation")
    mlpath("log", "2", "--topic", "numpy", "--date", "2026-11-03")
    mlpath("log", "1", "--topic", "pandas", "--date", "2026-11-04")
    mlpath("log", "4", "--topic", "cnns", "--date", "2026-11-05")

    def upgrade(data):
        data["version"] = "2027.1.0"
        phase2 = next(p for p in data["phases"] if p["number"] == 2)
        topics = {t["id"]: t for t in phase2["topics"]}
        # numpy is renamed, pandas and data-visualisation merge into one topic
        topics["numpy"].update(id="numpy-arrays", aliases=["numpy"])
        topics["pandas"].update(
            id="data-wrangling",
            title="Data Wrangling & Plots",
            aliases=["pandas", "data-visualisation"],
        )
        phase2["topics"] = [t for t in phase2["topics"] if t["id"] != "data-visualisation"]
        phase2["topics"].append({"id": "polars", "title": "Polars", "kind": "topic", "hours": 5})
        phase4 = next(p for p in data["phases"] if p["number"] == 4)
        phase4["topics"] = [t for t in phase4["topics"] if t["id"] != "cnns"]

    new = _write_roadmap(tmp_path / "v2.yaml", upgrade)
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)
    result = mlpath("start")
    assert f"roadmap ml-roadmap {CURRENT} -> ml-roadmap 2027.1.0" in result.stdout
    assert "progress of 'numpy' moved to 'numpy-arrays'" in result.stdout
    assert "retired (history kept): cnns" in result.stdout

    assert query(db_path, "SELECT topic_id, status FROM progress ORDER BY topic_id") == [
        ("data-wrangling", "done"),
        ("numpy-arrays", "done"),
    ]
    assert query(db_path, "SELECT count(*), sum(hours) FROM entry") == [(3, 7.0)]
    assert query(db_path, "SELECT topic_id, hours FROM entry ORDER BY day") == [
        ("numpy-arrays", 2.0),
        ("data-wrangling", 1.0),
        ("cnns", 4.0),
    ]
    assert query(db_path, "SELECT retired FROM topic WHERE id = 'cnns'") == [(1,)]
    shown = mlpath("show", "cnns").stdout
    assert "retired" in shown and "4 logged" in shown
    assert "polars" in mlpath("topics", "--phase", "2").stdout


def test_a_newer_bundled_roadmap_is_brought_in_by_any_command(
    mlpath, db_path, tmp_path, monkeypatch
):
    mlpath("start", "--date", START)
    mlpath("done", "numpy")

    def upgrade(data):
        data["version"] = "2099.1.0"
        data["phases"][2]["topics"].append(
            {"id": "polars", "title": "Polars", "kind": "topic", "hours": 5}
        )

    new = _write_roadmap(tmp_path / "v2.yaml", upgrade)
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)
    result = mlpath("topics", "--phase", "2", "--json")
    assert f"Roadmap updated from {CURRENT} to 2099.1.0 (1 new topic)" in result.stderr
    assert "polars" in result.stdout and result.stdout.lstrip().startswith("[")
    assert query(db_path, "SELECT roadmap_version FROM settings") == [("2099.1.0",)]
    assert query(db_path, "SELECT status FROM progress WHERE topic_id = 'numpy'") == [("done",)]
    assert mlpath("status").stderr == ""  # once only


def test_a_roadmap_update_is_kept_when_the_command_after_it_fails(
    mlpath, db_path, tmp_path, monkeypatch
):
    mlpath("start", "--date", START)

    def upgrade(data):
        data["version"] = "2099.1.0"

    new = _write_roadmap(tmp_path / "v2.yaml", upgrade)
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)
    # The update is reported once it is committed, so the report stays true when
    # the command itself is then refused.
    result = mlpath("done", "no-such-topic", code=4, report=True)
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"Roadmap updated from {CURRENT} to 2099.1.0")
    assert lines[1].startswith("Error: no topic matches 'no-such-topic'") and len(lines) == 2
    assert query(db_path, "SELECT roadmap_version FROM settings") == [("2099.1.0",)]
    assert mlpath("status").stderr == ""  # brought in once
