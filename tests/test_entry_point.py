"""The installed program itself, as a shell would run it, from any directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlpath.cli.commands import app, app_for

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mlpath", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_COLOR": "1"},
        timeout=60,
    )


def test_python_dash_m_runs_start_and_status_from_anywhere(tmp_path, db_path):
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    started = _run("start", cwd=elsewhere)
    assert started.returncode == 0, started.stderr
    assert "8 phases" in started.stdout
    status = _run("status", cwd=elsewhere)
    assert status.returncode == 0, status.stderr
    assert "Mathematics Foundations" in status.stdout
    assert db_path.exists()


def test_errors_reach_stderr_with_exit_code_and_no_traceback(tmp_path):
    result = _run("status", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "mlpath start" in result.stderr


def test_console_script_reports_its_version(tmp_path):
    # The script pip installed beside this interpreter (on PATH once the venv is active).
    script = Path(sys.executable).with_name("mlpath")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and re.fullmatch(r"mlpath \d+\.\d+\.\d+\n", result.stdout)


def test_every_command_has_help_and_is_in_the_readme():
    readme = README.read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {
        "start",
        "done",
        "doing",
        "undone",
        "skip",
        "log",
        "hours",
        "status",
        "plan",
        "topics",
        "show",
        "where",
    } <= set(names)
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert command.callback.__doc__, f"{name} has no help text"
        if command.hidden:
            continue  # what `mlpath` alone runs: the README tells it as that
        assert f"mlpath {name}" in readme or f"`{name}`" in readme, f"{name} not in README"


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["plan", "--hours", "12"],
        ["plan", "--help"],
        ["show", "numpy", "--json"],
        ["show", "no-such-topic"],
        ["plan", "--bogus"],
        ["done", "numpy", "--date", "2026-11-20"],
        ["log", "1.5", "--topic", "numpy"],
        ["--db", "{db}", "next"],
        ["plna"],
        ["--help"],
        ["--version"],
        [],
    ],
)
def test_a_run_builds_only_its_command_and_prints_the_same(started, db_path, tmp_path, args):
    """main() hands Typer only the command named; nothing it prints may change."""
    twin = tmp_path / "twin.db"
    shutil.copy(db_path, twin)
    names_a_command = bool(args) and args[0] not in ("plna", "--help", "--version")
    runner = CliRunner()
    outcomes = []
    for db, whole in ((db_path, False), (twin, True)):
        argv = [a.format(db=db) for a in args]
        chosen = app if whole else app_for(argv)
        assert (chosen is not app) == (names_a_command and not whole)
        result = runner.invoke(chosen, argv, env={"MLPATH_DB": str(db)})
        outcomes.append((result.exit_code, result.stdout, result.stderr))
    assert outcomes[0] == outcomes[1]


def test_mlpath_alone_says_what_to_run_first_and_creates_nothing(tmp_path, db_path):
    alone = _run(cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert f"mlpath is not set up in {db_path} yet." in alone.stdout
    assert "mlpath start" in alone.stdout and alone.stderr == ""
    assert not db_path.exists()


def test_mlpath_alone_shows_the_status_once_started(tmp_path):
    assert _run("start", cwd=tmp_path).returncode == 0
    alone, status = _run(cwd=tmp_path), _run("status", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout == status.stdout


def test_help_command_is_the_commands_own_help(tmp_path):
    assert _run("help", "log", cwd=tmp_path).stdout == _run("log", "--help", cwd=tmp_path).stdout
    whole = _run("help", cwd=tmp_path)
    assert whole.returncode == 0 and whole.stdout == _run("--help", cwd=tmp_path).stdout
    assert "home" not in whole.stdout.split()  # the view `mlpath` alone runs is not listed
