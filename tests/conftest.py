"""Every test runs mlpath against its own temporary database and a pinned calendar."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlpath.cli.commands import app

TODAY = "2026-11-25"  # a Wednesday: the running week has three days so far
START = "2026-11-02"  # a Monday, three complete weeks before TODAY's week


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPATH_DB", str(tmp_path / "mlpath.db"))
    monkeypatch.setenv("MLPATH_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    # A known terminal type, whatever runs the tests: with TERM=dumb (or none, as in
    # CI's minimal environment) Rich draws no colour even when a test forces it.
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("FORCE_COLOR", "MLPATH_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "mlpath.db"


Run = Callable[..., Any]


@pytest.fixture
def mlpath() -> Run:
    """Run the real CLI in-process; assert the exit code and that no traceback shows."""
    runner = CliRunner()

    def run(*args: str, code: int = 0, report: bool = False) -> Any:
        """report=True: a command whose output is a report even when it fails (doctor)."""
        result = runner.invoke(app, list(args))
        details = (
            f"mlpath {' '.join(args)} exited {result.exit_code}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\n{result.exception!r}"
        )
        assert result.exit_code == code, details
        assert "Traceback" not in result.output, details
        if code not in (0, 2) and not report:
            # One clear line on stderr, nothing on stdout.
            assert len(result.stderr.strip().splitlines()) == 1, details
            assert result.stdout == "", details
        return result

    return run


@pytest.fixture
def run_json(mlpath: Run) -> Callable[..., Any]:
    def run(*args: str) -> Any:
        return json.loads(mlpath(*args, "--json").stdout)

    return run


@pytest.fixture
def started(mlpath: Run) -> Run:
    mlpath("start", "--date", START)
    return mlpath


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    # Closed at once: a WAL database keeps its log beside it while any connection is open.
    with closing(sqlite3.connect(db)) as conn, conn:
        return conn.execute(sql, params).fetchall()


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: to prove a failed command changed nothing."""
    with closing(sqlite3.connect(db)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
