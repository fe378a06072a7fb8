"""The database: migrations own the schema, and unusable files are refused safely."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from conftest import dump, query
from mlpath.paths import bundled_roadmap, migrations_dir, peek_version
from mlpath.storage import sqlite_file


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config)


def test_schema_revisions_match_alembic_history():
    history = [rev.revision for rev in reversed(list(_script().walk_revisions()))]
    assert tuple(history) == sqlite_file.SCHEMA_REVISIONS
    assert _script().get_current_head() == sqlite_file.SCHEMA_HEAD


def test_migrations_produce_exactly_the_models_schema(started, db_path):
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert context.get_current_revision() == sqlite_file.SCHEMA_HEAD


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["plan"],
        ["hours"],
        ["topics"],
        ["log", "1"],
        ["done", "numpy"],
        ["start"],
        ["start", "--track", "cv"],
    ],
)
def test_a_database_from_a_newer_mlpath_is_refused_and_untouched(started, db_path, command):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db_path.read_bytes()
    result = started(*command, code=5)
    assert "written by a newer mlpath" in result.stderr and "upgrade mlpath" in result.stderr
    assert db_path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_kept(mlpath, db_path):
    db_path.write_text("these are my notes, not a database\n" * 20)
    before = db_path.read_bytes()
    for args in (["status"], ["start"]):
        result = mlpath(*args, code=5)
        assert str(db_path) in result.stderr and "cannot be read as a database" in result.stderr
    assert db_path.read_bytes() == before


def test_someone_elses_sqlite_database_is_refused(mlpath, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    result = mlpath("start", code=5)
    assert "not one of mlpath's" in result.stderr
    assert query(db_path, "SELECT name FROM sqlite_master") == [("recipes",)]


def test_an_empty_file_becomes_a_new_database_on_start(mlpath, db_path):
    db_path.touch()
    mlpath("status", code=3)
    mlpath("start")
    assert query(db_path, "SELECT version_num FROM alembic_version") == [(sqlite_file.SCHEMA_HEAD,)]


def test_a_folder_given_as_database(mlpath, tmp_path):
    assert "is a folder" in mlpath("--db", str(tmp_path), "status", code=5).stderr


def _fill_at(db_path, revision: str) -> None:
    """A learner's data written by the mlpath of `revision`, in the tables it had."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    command.upgrade(config, revision)
    with sqlite3.connect(db_path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        conn.execute(
            "INSERT INTO settings (id, start_date, hours_per_week, track, skipped_phases,"
            " weekly_min, weekly_max, roadmap_id, roadmap_version, roadmap_file, created_at,"
            " updated_at) VALUES (1, '2026-11-02', 22.5, 'cv', '[0]', 20, 30,"
            " 'ml-roadmap', ?, NULL, '2026-11-02 10:00:00.000000', '2026-11-02 10:00:00.000000')",
            (peek_version(bundled_roadmap()),),
        )
        conn.executescript(
            """
            INSERT INTO phase VALUES ('mathematics', 1, 'Mathematics Foundations', '',
                9, 13, 25, 0);
            INSERT INTO topic VALUES ('linear-algebra', 'mathematics', 0, 'Linear Algebra',
                'topic', 80, '', NULL, 0, '[]', '[]', '[]', 0);
            INSERT INTO progress (topic_id, status, started_on, done_on, updated_at)
                VALUES ('linear-algebra', 'done', NULL, '2026-11-10',
                '2026-11-10 10:00:00.000000');
            INSERT INTO entry (id, day, hours, topic_id, note, created_at)
                VALUES (1, '2026-11-03', 2.5, 'linear-algebra', 'svd ✓',
                '2026-11-03 10:00:00.000000');
            INSERT INTO entry (id, day, hours, topic_id, note, created_at)
                VALUES (2, '2026-11-04', 1.25, NULL, NULL, '2026-11-04 10:00:00.000000');
            """
        )
        if "learner" in tables:  # the file's one learner, whose rows these are
            conn.execute("INSERT INTO learner VALUES ('local', '2026-11-02 10:00:00.000000')")
        if "source" in tables:
            conn.execute("INSERT INTO source VALUES ('complete-2025', 'A roadmap', NULL)")
        if "change" in tables:
            conn.execute(
                "INSERT INTO change (id, at, summary, rows, undoes)"
                " VALUES (1, '2026-11-03 10:00:00.000000', 'log #1', ?, NULL)",
                ('[{"table": "entry", "key": 1, "before": null}]',),
            )


@pytest.mark.parametrize("revision", sqlite_file.SCHEMA_REVISIONS[:-1])
def test_a_database_at_every_past_schema_upgrades_with_every_row_intact(mlpath, db_path, revision):
    _fill_at(db_path, revision)
    before = dump(db_path)
    assert '"topics_done": 1' in mlpath("status", "--json").stdout
    after = dump(db_path)
    assert after["alembic_version"] == [(sqlite_file.SCHEMA_HEAD,)]
    learners = {"settings", "progress", "entry", "change"}  # each row gains its learner
    for table, rows in before.items():
        if table == "progress" and "learner" not in before:  # rebuilt, the learner first
            assert [row[1 : len(rows[0]) + 1] for row in after[table]] == rows, table
        elif table != "alembic_version":
            # Columns added later come after the old ones, which keep their values.
            assert [row[: len(rows[0])] for row in after[table]] == rows, table
    for table in learners & before.keys():
        assert query(db_path, f"SELECT DISTINCT learner FROM {table}") == [("local",)]
    assert query(db_path, "SELECT name FROM learner") == [("local",)]
    assert query(db_path, "SELECT retention FROM settings") == [(0.9,)]
    if revision < "0009":
        # The topic done before reviews existed is in review from its done day
        # (2026-11-10), due after the scheduler's first interval.
        assert query(db_path, "SELECT learner, topic_id, due, off FROM review_item") == [
            ("local", "linear-algebra", "2026-11-12", 0)
        ]
    assert query(db_path, "SELECT count(*) FROM study_timer") == [(0,)]  # none running
    # Settings from before profiles follow none: the roadmap as written, as they did.
    assert query(db_path, "SELECT profile FROM settings") == [(None,)]
    assert [p.name.endswith(f"schema-{revision}") for p in sqlite_file.backups(db_path)] == [True]
    mlpath("start")  # the bundled roadmap then refreshes the content, keeping the progress
    assert query(db_path, "SELECT status FROM progress") == [("done",)]
    assert query(db_path, "SELECT id FROM profile ORDER BY position") == [
        ("default",),
        ("software-engineer",),
        ("maths-phd",),
        ("non-stem",),
    ]
    assert "background none" in mlpath("status").stdout
    # The paper log and the portfolio start empty; the roadmap brings its criteria.
    assert query(db_path, "SELECT count(*) FROM paper") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM portfolio_check") == [(0,)]
    assert len(query(db_path, "SELECT id FROM criterion")) == 6
    assert query(db_path, "SELECT hours, note FROM entry ORDER BY id") == [
        (2.5, "svd ✓"),
        (1.25, None),
    ]


def test_a_database_from_before_settings_periods_keeps_its_settings_from_its_start(
    mlpath, run_json, db_path
):
    _fill_at(db_path, "0005")  # 22.5 h/week since 2026-11-02, skipping phase 0
    weeks = run_json("hours")
    assert [w["week_start"] for w in weeks][0] == "2026-11-02"
    assert {w["target"] for w in weeks} == {22.5}
    assert query(db_path, "SELECT count(*) FROM settings_period") == [(0,)]
    plan = run_json("plan")
    assert plan["baseline"] == "2026-11-02"  # the plan made on the start date


def test_the_readmes_doctor_sample_names_the_current_schema():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"✓ schema     schema {sqlite_file.SCHEMA_HEAD}, current" in readme


# The schemas from before entries were theory or practice (0011 added it).
_BEFORE_PRACTICE = sqlite_file.SCHEMA_REVISIONS[: sqlite_file.SCHEMA_REVISIONS.index("0011")]


@pytest.mark.parametrize("revision", _BEFORE_PRACTICE)
def test_entries_from_before_theory_and_practice_take_their_topics_kind(mlpath, db_path, revision):
    _fill_at(db_path, revision)
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO topic (id, phase_id, position, title, kind, hours, summary, track,"
            " optional, aliases, sources, resources, retired) VALUES ('csv-statistics-program',"
            " 'mathematics', 1, 'CSV', 'exercise', 2, '', NULL, 0, '[]', '[]', '[]', 0)"
        )
        conn.execute(
            "INSERT INTO entry (id, day, hours, topic_id, note, created_at) VALUES"
            " (3, '2026-11-05', 1, 'csv-statistics-program', NULL, '2026-11-05 10:00:00')"
        )
    mlpath("status")
    assert query(db_path, "SELECT id, practice FROM entry ORDER BY id") == [(1, 0), (2, 0), (3, 1)]
