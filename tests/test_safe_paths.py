"""Paths mlpath must not write, databases it must not open, files it must not read whole.

Issue 13, items 5-8: an output file never replaces the database, one of its
companion files or a device; what mlpath writes for the learner is owner-only;
--db is a plain path unless it is a URL, and a symlink loop or a FIFO there is
refused at once; reading an import or a roadmap stops at its size cap whatever
the file is. Commands that could hang or exhaust memory without the fix run in a
subprocess with a timeout (and a memory limit), so a regression fails the test
instead of stopping the suite.
"""

from __future__ import annotations

import os
import resource
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import START, dump, query

# Generous: these commands take well under a second when they are refused.
TIMEOUT = 60
OUTPUTS = [("export", "-o"), ("share", "-o"), ("plan", "--ics")]


def _cli(
    *args: str, cwd: Path | None = None, memory: int | None = None
) -> subprocess.CompletedProcess:
    """mlpath in a subprocess; a hang fails the test through TimeoutExpired."""

    def limit() -> None:  # without the cap, a read of /dev/zero takes all there is
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = os.environ | {"PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return subprocess.run(
        [sys.executable, "-m", "mlpath", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env=env,
        preexec_fn=limit if memory is not None else None,
        check=False,
    )


def _refused(result: subprocess.CompletedProcess, code: int) -> str:
    details = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == code, details
    assert "Traceback" not in result.stderr, details
    assert "MemoryError" not in result.stderr, details
    assert len(result.stderr.strip().splitlines()) == 1, details
    assert result.stdout == "", details
    return result.stderr


# --- 5. never over the database, its files, or a device -----------------------------


@pytest.mark.parametrize(("command", "option"), OUTPUTS)
@pytest.mark.parametrize("suffix", ["", "-journal", "-wal", "-shm"])
def test_output_onto_the_database_or_its_companions_is_refused(
    started, db_path, command, option, suffix
):
    started("log", "2", "--note", "kept")
    before = dump(db_path)
    target = db_path.with_name(db_path.name + suffix)
    result = started(command, option, str(target), code=1)
    assert "your mlpath database" in result.stderr
    assert dump(db_path) == before
    assert suffix == "" or not target.exists()  # no journal or WAL made up from JSON


@pytest.mark.parametrize(("command", "option"), OUTPUTS)
def test_output_onto_a_backup_is_refused(started, db_path, command, option):
    backup = db_path.with_name(db_path.name + ".backup-20261125T080000000000Z-schema-0004")
    shutil.copyfile(db_path, backup)
    kept = backup.read_bytes()
    started(command, option, str(backup), code=1)
    assert backup.read_bytes() == kept


@pytest.mark.parametrize("other_name", ["link", "hard"])
def test_output_onto_another_name_of_the_database_is_refused(
    started, db_path, tmp_path, other_name
):
    alias = tmp_path / "elsewhere.json"
    if other_name == "link":
        alias.symlink_to(db_path)
    else:
        os.link(db_path, alias)
    before = dump(db_path)
    started("export", "-o", str(alias), code=1)
    assert dump(db_path) == before


@pytest.mark.parametrize(("command", "option"), OUTPUTS)
def test_output_onto_a_device_is_refused(started, tmp_path, command, option):
    # Through a link, so that without the fix the link is what gets replaced, never
    # the machine's own null device.
    device = tmp_path / "null"
    device.symlink_to(os.devnull)
    result = started(command, option, str(device), code=1)
    assert "character device" in result.stderr
    assert device.is_symlink() and stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize(("command", "option"), OUTPUTS)
def test_output_onto_a_fifo_is_refused(started, tmp_path, command, option):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "FIFO" in started(command, option, str(fifo), code=1).stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize(("command", "option"), [("export", "-o"), ("share", "-o")])
def test_dash_is_stdout(started, tmp_path, monkeypatch, command, option):
    monkeypatch.chdir(tmp_path)
    assert started(command, option, "-").stdout == started(command).stdout
    assert not (tmp_path / "-").exists()


def test_plan_ics_dash_prints_the_calendar_instead_of_the_plan(started, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = started("plan", "--ics", "-").stdout_bytes
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and out.endswith(b"END:VCALENDAR\r\n")
    assert not (tmp_path / "-").exists()
    started("plan", "--ics", "-", "--json", code=1)


# --- 6. owner-only files ---------------------------------------------------------


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("command", "option"), OUTPUTS)
def test_written_files_are_owner_only_whatever_the_umask(
    started, tmp_path, usual_umask, command, option
):
    target = tmp_path / f"out-{command}"
    started(command, option, str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_replaced_export_is_narrowed_to_owner_only(started, tmp_path, usual_umask):
    target = tmp_path / "export.json"
    target.write_text("old")
    target.chmod(0o644)
    started("export", "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- 7. --db is a plain path, and never hangs ----------------------------------------


@pytest.mark.parametrize("command", [["status"], ["start"], ["log", "1"], ["doctor"], ["export"]])
def test_a_symlink_loop_as_database_is_refused(tmp_path, command):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(loop)
    stderr = _refused(_cli("--db", str(loop), *command), 5)
    assert "symbolic links" in stderr


@pytest.mark.parametrize("command", [["status"], ["start"], ["log", "1"], ["doctor"]])
def test_a_fifo_as_database_is_refused_without_waiting(tmp_path, command):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert "FIFO" in _refused(_cli("--db", str(fifo), *command), 5)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("name", ["file:x.db?mode=rw", "a%20b#c.db"])
def test_a_database_path_is_taken_literally(mlpath, tmp_path, monkeypatch, usual_umask, name):
    home = tmp_path / "here"
    home.mkdir()
    monkeypatch.chdir(home)
    mlpath("--db", name, "start", "--date", START)
    mlpath("--db", name, "log", "1.5")
    assert mlpath("--db", name, "where").stdout.strip() == str(home / name)
    assert "1.5 h" in mlpath("--db", name, "status").stdout
    assert [p.name for p in home.iterdir()] == [name]  # one file for writes and reads
    assert stat.S_IMODE((home / name).stat().st_mode) == 0o600
    assert query(home / name, "SELECT hours FROM entry") == [(1.5,)]


def test_a_database_url_is_still_a_url(mlpath, tmp_path):
    target = tmp_path / "via-url.db"
    mlpath("--db", f"sqlite:///{target}", "start", "--date", START)
    mlpath("--db", str(target), "log", "2")
    assert query(target, "SELECT hours FROM entry") == [(2.0,)]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_with_a_symlink_loop_offers_nothing(tmp_path, shell):
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "other")
    (tmp_path / "other").symlink_to(loop)
    line = f"mlpath --db {loop} show --"  # an option being typed: Typer's own answer
    env = os.environ | {
        "_MLPATH_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": line,
        "COMP_CWORD": "4",
        "_TYPER_COMPLETE_ARGS": line,
        "PYTHONPATH": str(Path(__file__).parents[1] / "src"),
    }
    for typed in (line, f"mlpath --db {loop} show ne"):
        env |= {"COMP_WORDS": typed, "_TYPER_COMPLETE_ARGS": typed}
        result = subprocess.run(
            [sys.executable, "-m", "mlpath"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "Error" not in result.stderr


# --- 8. size caps enforced while reading -------------------------------------------

MEMORY = 1 << 30  # far more than a refused import needs, far less than /dev/zero gives


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_import_of_dev_zero_is_refused(started):
    assert "character device" in _refused(_cli("import", "/dev/zero", memory=MEMORY), 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_roadmap_of_dev_zero_is_refused(started, db_path):
    before = dump(db_path)
    assert "character device" in _refused(_cli("start", "--roadmap", "/dev/zero", memory=MEMORY), 6)
    assert dump(db_path) == before


def _feed(fifo: Path, size: int) -> threading.Thread:
    """A writer that pours `size` bytes into `fifo` (more than its reader will take)."""

    def pour() -> None:
        try:
            with Path(fifo).open("wb") as out:
                out.write(b" " * size)
        except BrokenPipeError:
            pass  # the reader stopped at its cap, as it should

    writer = threading.Thread(target=pour, daemon=True)
    writer.start()
    return writer


def test_the_import_cap_holds_on_a_pipe(started, tmp_path, monkeypatch):
    monkeypatch.setattr("mlpath.formats.export_file.MAX_IMPORT_BYTES", 1000)
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    writer = _feed(fifo, 200_000)
    assert "more than an export can be" in started("import", str(fifo), code=1).stderr
    writer.join(TIMEOUT)


def test_the_roadmap_cap_holds_on_a_pipe(started, tmp_path, monkeypatch):
    monkeypatch.setattr("mlpath.formats.roadmap_file.MAX_FILE_BYTES", 1000)
    fifo = tmp_path / "roadmap.yaml"
    os.mkfifo(fifo)
    writer = _feed(fifo, 200_000)
    assert "larger than" in started("start", "--roadmap", str(fifo), code=6).stderr
    writer.join(TIMEOUT)


def test_a_roadmap_that_is_a_symlink_loop_is_refused(started, tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "other.yaml")
    (tmp_path / "other.yaml").symlink_to(loop)
    assert "symbolic links" in started("start", "--roadmap", str(loop), code=6).stderr
