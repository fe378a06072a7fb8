"""The database: migrations own the schema, and unusable files are refused safely."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from conftest import query
from mlpath import dbfile
from mlpath.paths import migrations_dir


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return ScriptDirectory.from_config(config)


def test_schema_revisions_match_alembic_history():
    history = [rev.revision for rev in reversed(list(_script().walk_revisions()))]
    assert tuple(history) == dbfile.SCHEMA_REVISIONS
    assert _script().get_current_head() == dbfile.SCHEMA_HEAD


def test_migrations_produce_exactly_the_models_schema(started, db_path):
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert context.get_current_revision() == dbfile.SCHEMA_HEAD


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
    for command in (["status"], ["start"]):
        result = mlpath(*command, code=5)
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
    assert query(db_path, "SELECT version_num FROM alembic_version") == [(dbfile.SCHEMA_HEAD,)]


def test_a_folder_given_as_database(mlpath, tmp_path):
    assert "is a folder" in mlpath("--db", str(tmp_path), "status", code=5).stderr
