"""Every test runs mlpath against its own temporary database and a pinned calendar."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlpath.cli.commands import app_for

TODAY = "2026-11-25"  # a Wednesday: the running week has three days so far
START = "2026-11-02"  # a Monday, three complete weeks before TODAY's week

# The environment every test runs mlpath in (None: unset), as `_isolated` sets it.
ENV: dict[str, str | None] = {
    "MLPATH_TODAY": TODAY,
    "COLUMNS": "120",
    "NO_COLOR": "1",
    # A known terminal type, whatever runs the tests: with TERM=dumb (or none, as in
    # CI's minimal environment) Rich draws no colour even when a test forces it.
    "TERM": "xterm-256color",
    "FORCE_COLOR": None,
    "MLPATH_DEBUG": None,
}


def _absolute_pythonpath() -> None:
    """Make PYTHONPATH's entries absolute, for the tests' subprocesses.

    `PYTHONPATH=src pytest` imports this checkout's mlpath here, but a subprocess run
    from another folder (as the entry-point and fault tests do) would resolve `src`
    there and fall back to whichever mlpath is installed.
    """
    entries = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if any(entry and not Path(entry).is_absolute() for entry in entries):
        os.environ["PYTHONPATH"] = os.pathsep.join(
            str(Path(entry).absolute()) if entry else entry for entry in entries
        )


_absolute_pythonpath()


def invoke(runner: CliRunner, args: Sequence[str], **options: Any) -> Any:
    """Run mlpath in-process as its entry point does: through `app_for`, which builds
    only the command named (test_entry_point proves it answers as the whole app)."""
    words = list(args)
    return runner.invoke(app_for(words), words, **options)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLPATH_DB", str(tmp_path / "mlpath.db"))
    for name, value in ENV.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


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
        result = invoke(runner, args)
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


def run_at(db: Path, *args: str) -> Any:
    """Run a command that must succeed on `db`, in the tests' environment, outside any
    test: for a fixture that builds a database once for several tests."""
    result = invoke(CliRunner(), args, env={**ENV, "MLPATH_DB": str(db)})
    assert result.exit_code == 0, (args, result.output, result.exception)
    assert "Traceback" not in result.output, (args, result.output)
    return result


def image_of(db: Path) -> bytes:
    """The bytes of a database no connection has open, to share through copies.

    Closing its last connection folds the write-ahead log into the file, so the file
    alone is the whole database; a copy of its bytes is a database in the same state.
    """
    beside = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    assert not any(path.exists() for path in beside), beside
    return db.read_bytes()


def place(db: Path, image: bytes) -> None:
    """A database file holding `image`, owner-only as `start` creates it."""
    with os.fdopen(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(image)


@pytest.fixture(scope="session")
def started_image(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """`mlpath start --date START`, run once per session: test_started_fixture checks
    that a copy of it is what a start of its own leaves."""
    db = tmp_path_factory.mktemp("started") / "mlpath.db"
    run_at(db, "start", "--date", START)
    return image_of(db)


@pytest.fixture
def started(mlpath: Run, started_image: bytes) -> Run:
    """mlpath on a database started at START (a copy of the session's start)."""
    place(Path(os.environ["MLPATH_DB"]), started_image)
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
