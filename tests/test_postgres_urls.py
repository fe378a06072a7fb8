"""PostgreSQL URLs without a server: the forms accepted, a server that is not there, no
driver, and SQLite commands that never load the driver."""

from __future__ import annotations

import sys

import pytest

from mlpath.paths import database_url, is_postgres, sqlite_path
from mlpath.storage.failures import shown

SECRET = "s3cret-pw"


@pytest.mark.parametrize(
    "given",
    [
        "postgresql://ada@db.example/mlpath",
        "postgres://ada@db.example/mlpath",
        "postgresql+psycopg://ada@db.example/mlpath",
        "POSTGRES://ada@db.example/mlpath",
    ],
)
def test_every_postgresql_url_form_names_psycopg(given):
    url = database_url(given)
    assert url == "postgresql+psycopg://ada@db.example/mlpath"
    assert is_postgres(url) and sqlite_path(url) is None


def test_a_location_is_shown_without_its_password():
    url = database_url(f"postgres://ada:{SECRET}@db.example:5433/mlpath?sslmode=require")
    assert shown(url) == "postgresql+psycopg://ada:***@db.example:5433/mlpath?sslmode=require"
    assert shown(database_url("/tmp/x.db")) == "/tmp/x.db"


def test_a_server_that_is_not_there_gets_one_line_and_its_own_exit_code(
    mlpath, tmp_path, monkeypatch
):
    pytest.importorskip("psycopg")
    url = f"postgresql://ada:{SECRET}@/mlpath?host={tmp_path}/nothing-here"
    monkeypatch.setenv("MLPATH_DB", url)
    for args in (["status"], ["log", "1"], ["start"], ["doctor"], ["export"], ["where"]):
        if args == ["where"]:
            out = mlpath(*args).stdout
            assert SECRET not in out and "ada:***@" in out
            continue
        result = mlpath(*args, code=9)
        assert "cannot reach the PostgreSQL server" in result.stderr
        assert "start the server" in result.stderr
        assert SECRET not in result.stderr


def test_without_the_driver_a_postgresql_url_says_what_to_install(mlpath, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now fails
    monkeypatch.setenv("MLPATH_DB", f"postgresql://ada:{SECRET}@db.invalid/mlpath")
    for args in (["status"], ["log", "1"], ["start"], ["doctor"]):
        result = mlpath(*args, code=11)
        assert "psycopg driver, which is not installed" in result.stderr
        assert 'pip install "mlpath[postgres]"' in result.stderr
        assert SECRET not in result.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+psycopg2://ada@db.invalid/mlpath", "through psycopg 3, not psycopg2"),
        ("mysql://ada@db.invalid/mlpath", "an SQLite file or a PostgreSQL database"),
    ],
)
def test_other_drivers_and_engines_are_refused(mlpath, monkeypatch, url, says):
    monkeypatch.setenv("MLPATH_DB", url)
    for args in (["status"], ["log", "1"], ["start"]):
        assert says in mlpath(*args, code=5).stderr


def test_sqlite_commands_never_import_the_postgresql_driver(started):
    import json
    import subprocess

    probe = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: print(json.dumps([m for m in ('psycopg', 'mlpath.storage."
        "postgres') if m in sys.modules]), file=sys.__stderr__))\n"
        "sys.argv = ['mlpath', *sys.argv[1:]]\n"
        "from mlpath.cli import main\n"
        "main()\n"
    )
    for args in (["status"], ["log", "1"], ["doctor"]):
        result = subprocess.run(
            [sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60
        )
        assert json.loads(result.stderr.strip().splitlines()[-1]) == [], result.stderr
