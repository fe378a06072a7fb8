"""Faults a learner's data must survive: two writers at once, a process killed in
the middle of a write, a damaged file, and a file mlpath may read but not write.

(A database written by a newer mlpath is covered in test_storage.py.)
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import START, TODAY, dump

# A loop of `mlpath log` calls inside ONE Python process, through the real CLI
# in-process: 200 separate interpreters per writer would be far too slow.
#   argv: PREFIX COUNT DAY_MODE [READY_FILE GO_FILE]
# DAY_MODE "fixed": every entry on 2026-11-20 (0.05 h); "spread": 0.1 h on one of
# 20 past days in turn, so no day ever comes near 24 h.
_WRITER = r"""
import os, sys, time
from datetime import date, timedelta
from typer.testing import CliRunner
from mlpath.cli.commands import app_for

prefix, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if len(sys.argv) > 4:
    ready, go = sys.argv[4], sys.argv[5]
    open(ready, "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(go):
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.002)
runner = CliRunner()
for i in range(count):
    if mode == "fixed":
        args = ["log", "0.05", "--date", "2026-11-20"]
    else:
        day = date(2026, 11, 2) + timedelta(days=i % 20)
        args = ["log", "0.1", "--date", day.isoformat()]
    argv = [*args, "--note", f"{prefix}{i}"]
    result = runner.invoke(app_for(argv), argv)  # as the entry point runs it
    if result.exit_code != 0 or "Traceback" in result.output:
        sys.stderr.write(f"{prefix}{i}: exit {result.exit_code}\n{result.output}\n")
        sys.stderr.write(f"{result.exception!r}\n")
        sys.exit(1)
print("done", prefix)
"""


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MLPATH_DB=str(db), MLPATH_TODAY=TODAY, COLUMNS="120", NO_COLOR="1", **extra)
    env.pop("MLPATH_DEBUG", None)
    env.pop("FORCE_COLOR", None)
    return env


@contextmanager
def _ro(db: Path) -> Iterator[sqlite3.Connection]:
    # Closed on leaving: an open reader of a WAL database keeps its log beside it.
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)) as conn:
        yield conn


def _integrity(db: Path) -> list[tuple[Any, ...]]:
    with _ro(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchall()


def _logged_entry_ids(db: Path) -> list[int]:
    """Ids of the entries whose creation the change record holds, in order."""
    ids = []
    with _ro(db) as conn:
        for (rows,) in conn.execute("SELECT rows FROM change WHERE undoes IS NULL"):
            for row in json.loads(rows):
                if row["table"] == "entry" and row["before"] is None:
                    ids.append(row["key"])
    return sorted(ids)


# --- two processes writing at once -------------------------------------------------


def test_two_processes_logging_at_once_lose_nothing(started, db_path, tmp_path):
    ready = [tmp_path / "ready-a", tmp_path / "ready-b"]
    go = tmp_path / "go"
    env = _env(db_path)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, prefix, "200", "fixed", str(flag), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix, flag in zip("ab", ready, strict=True)
    ]
    try:
        # Both have imported mlpath before either writes, so their loops overlap.
        deadline = time.monotonic() + 60
        while not all(flag.exists() for flag in ready):
            assert time.monotonic() < deadline, "the writers never got ready"
            assert all(w.poll() is None for w in writers), [w.communicate() for w in writers]
            time.sleep(0.01)
        go.touch()
        outcomes = [w.communicate(timeout=120) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
                w.wait()
    for w, (out, err) in zip(writers, outcomes, strict=True):
        assert w.returncode == 0, f"stdout:\n{out}\nstderr:\n{err}"

    with _ro(db_path) as conn:
        rows = conn.execute("SELECT day, hours, note FROM entry").fetchall()
    assert len(rows) == 400
    notes = {note for _, _, note in rows}
    assert notes == {f"a{i}" for i in range(200)} | {f"b{i}" for i in range(200)}
    assert {(day, hours) for day, hours, _ in rows} == {("2026-11-20", 0.05)}
    assert _integrity(db_path) == [("ok",)]
    # every entry's creation is in the change record, once
    with _ro(db_path) as conn:
        ids = sorted(r[0] for r in conn.execute("SELECT id FROM entry"))
    assert _logged_entry_ids(db_path) == ids  # each creation recorded exactly once


# --- killed in the middle of a write -----------------------------------------------


def _count_entries(db: Path) -> int:
    try:
        with _ro(db) as conn:
            return conn.execute("SELECT count(*) FROM entry").fetchone()[0]
    except sqlite3.OperationalError:  # locked for a moment by the writer
        return -1


def _entries(db: Path) -> dict[int, tuple[Any, ...]]:
    with _ro(db) as conn:
        return {r[0]: r for r in conn.execute("SELECT * FROM entry")}


def _kill_writer_after_progress(db: Path, progress: int) -> dict[int, tuple[Any, ...]]:
    """Start a logging loop, SIGKILL it once `progress` more entries are in; return the
    entries seen at the last poll before the kill."""
    baseline = max(_count_entries(db), 0)
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, "k", "4000", "spread"],
        env=_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert time.monotonic() < deadline, "the writer made no progress"
            assert writer.poll() is None, writer.communicate()
            try:
                seen = _entries(db)
            except sqlite3.OperationalError:
                continue
            if len(seen) >= baseline + progress:
                break
            time.sleep(0.005)
        # Then strike inside a write transaction, while its rollback journal is on
        # disk (with a WAL, or if none shows within two seconds, strike anyway).
        journal = db.with_name(db.name + "-journal")
        wal = db.with_name(db.name + "-wal")
        until = time.monotonic() + 2
        while time.monotonic() < until and not wal.exists():
            try:
                if journal.stat().st_size > 0:
                    break
            except FileNotFoundError:
                pass
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL, writer.communicate()
    return seen


def test_a_process_killed_mid_write_leaves_a_sound_database(started, mlpath, db_path):
    journal = db_path.with_name(db_path.name + "-journal")
    kept: dict[int, tuple[Any, ...]] = {}
    hot_journals = 0
    # Kill a few times, until two kills have landed inside a transaction (they leave
    # a hot journal behind): that is the case that must be recovered.
    for _ in range(4):
        seen = _kill_writer_after_progress(db_path, 20)
        hot_journals += journal.exists() and journal.stat().st_size > 0
        # The very first command after the crash is a read: it must cope with what
        # the dead writer left, without anyone having opened the file for writing.
        status = mlpath("status")
        assert "logged since" in status.stdout
        assert _integrity(db_path) == [("ok",)]
        now = _entries(db_path)
        # everything committed before the kill is still there, unchanged
        assert {i: now.get(i) for i in seen} == seen
        assert {i: now.get(i) for i in kept} == kept
        # and no half-made entry: each one's creation is in the change record
        assert _logged_entry_ids(db_path) == sorted(now)
        kept = now
        if hot_journals >= 2:
            break
    mlpath("log", "1")
    mlpath("status")
    assert _integrity(db_path) == [("ok",)]
    assert len(_entries(db_path)) == len(kept) + 1


# --- a damaged database file -------------------------------------------------------


def _truncate(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def _garble(db: Path) -> None:
    # 8 KiB of (seeded) noise from the topic table's first page on: page headers, cells,
    # all, in pages every command reads (the middle of the file, as this once took,
    # moves into pages only some commands read whenever the schema grows).
    with closing(sqlite3.connect(db)) as conn:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'topic'").fetchone()
    noise = random.Random(20261125).randbytes(8192)
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(noise)


def _garble_change_record(db: Path) -> None:
    # Noise over one whole page, the change record's first: `status` never reads it
    # and `start` never needs it, so only a check of the whole file notices. (Read
    # read-write: closing, it leaves no log beside the file, as mlpath's readers do.)
    with closing(sqlite3.connect(db)) as conn:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'change'"
        ).fetchone()
    with db.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(random.Random(root).randbytes(page_size))


@pytest.mark.parametrize(
    "damage",
    [_truncate, _garble, _garble_change_record],
    ids=["truncated", "garbled", "change-page-garbled"],
)
@pytest.mark.parametrize(
    "command", [["status"], ["log", "1"], ["done", "numpy"], ["start"]], ids=" ".join
)
def test_a_damaged_database_is_refused_and_left_as_it_is(
    started, db_path, tmp_path, damage, command
):
    started("log", "2", "--date", "2026-11-10", "--note", "eigenvectors")
    started("done", "linear algebra")
    damage(db_path)
    before = db_path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())

    if damage is _garble_change_record and command == ["status"]:
        # A read checks only the pages it reads (a whole-file check on every read
        # would grow with the file); the damage here is in a page status never reads.
        started(*command)
    else:
        result = started(*command, code=5)  # one line on stderr, none on stdout, no traceback
        assert str(db_path) in result.stderr

    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


# --- a read-only database ----------------------------------------------------------

_READS = [["status"], ["plan"], ["hours", "--entries"], ["topics"], ["show", "numpy"], ["history"]]
_WRITES = [
    ["log", "1"],
    ["done", "numpy"],
    ["log", "--edit", "1", "3"],
    ["log", "--delete", "1"],
    ["start", "--hours", "25"],
    ["undo"],
]

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_PR_CAPBSET_DROP = 24


def _without_root_powers() -> None:
    """preexec_fn: root that obeys file permissions (no DAC override) after exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            os._exit(99)


_PROBE = """
import sys
import mlpath.cli.commands
try:
    open(sys.argv[1], "r+b")
except PermissionError:
    print("read-only")
"""


def _runs_read_only(db: Path, home: Path, **how: Any) -> bool:
    """Can mlpath run this way, and does the database file refuse writes there?"""
    try:
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, str(db)],
            env=_env(db, HOME=str(home), PYTHONDONTWRITEBYTECODE="1"),
            cwd=home,
            capture_output=True,
            text=True,
            timeout=60,
            **how,
        )
    except OSError:
        return False
    return probe.returncode == 0 and probe.stdout.strip() == "read-only"


def test_a_read_only_database_reads_and_refuses_writes_untouched(mlpath, monkeypatch):
    folder = Path(tempfile.mkdtemp(prefix="mlpath-ro-"))
    home = Path(tempfile.mkdtemp(prefix="mlpath-home-"))
    db = folder / "mlpath.db"
    monkeypatch.setenv("MLPATH_DB", str(db))
    mlpath("start", "--date", START)
    mlpath("log", "2", "--date", "2026-11-10")
    mlpath("done", "linear algebra")
    before_dump = dump(db)
    before = db.read_bytes()
    try:
        how: dict[str, Any] | None = None
        if os.geteuid() == 0:
            # Root writes through any chmod. Run mlpath as `nobody` where the Python
            # installation lets it; otherwise as root without its override of file
            # permissions (on this project's machines Python lives under /root, which
            # nobody cannot enter).
            folder.chmod(0o755)
            Path(home).chmod(0o777)
            db.chmod(0o644)
            how = {"user": "nobody"}
            if not _runs_read_only(db, home, **how):
                folder.chmod(0o555)
                db.chmod(0o444)
                how = {"preexec_fn": _without_root_powers}
                if not _runs_read_only(db, home, **how):
                    pytest.skip("running as root: cannot make a file read-only for mlpath here")
        else:
            db.chmod(0o444)
            folder.chmod(0o555)

        def run(args: list[str], code: int) -> tuple[int, str, str]:
            if how is None:  # in-process; the fixture checks the code and stderr's one line
                result = mlpath(*args, code=code)
                return result.exit_code, result.stdout, result.stderr
            proc = subprocess.run(
                [sys.executable, "-m", "mlpath", *args],
                env=_env(db, HOME=str(home), PYTHONDONTWRITEBYTECODE="1"),
                cwd=home,
                capture_output=True,
                text=True,
                timeout=60,
                **how,
            )
            return proc.returncode, proc.stdout, proc.stderr

        for args in _READS:
            code, out, err = run(args, 0)
            assert code == 0 and out.strip() and "Traceback" not in out + err, (args, out, err)
        assert "Linear Algebra" in run(["show", "linear algebra"], 0)[1]

        for args in _WRITES:
            code, out, err = run(args, 5)
            details = (args, code, out, err)
            assert code == 5, details
            assert "read-only" in err and "Traceback" not in out + err, details
            assert len(err.strip().splitlines()) == 1 and out == "", details
            assert db.read_bytes() == before, details
            assert sorted(p.name for p in folder.iterdir()) == ["mlpath.db"], details
    finally:
        folder.chmod(0o755)
        db.chmod(0o600)
    assert dump(db) == before_dump
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
