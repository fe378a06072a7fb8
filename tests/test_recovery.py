"""What a killed long write, a busy database and broken output leave behind, and how
mlpath recovers: a hot journal is rolled back, reads go on during writes, backups and
restores appear whole or not at all, and recovery advice loses nothing when followed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import START, TODAY, dump, query
from mlpath.cli.commands import app
from mlpath.storage import sqlite_file


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(MLPATH_DB=str(db), MLPATH_TODAY=TODAY, COLUMNS="120", NO_COLOR="1", **extra)
    env.pop("MLPATH_DEBUG", None)
    return env


def _mlpath(db: Path, *args: str, **how: Any) -> subprocess.CompletedProcess[str]:
    how.setdefault("stdout", subprocess.PIPE)
    how.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "mlpath", *args], env=_env(db), text=True, timeout=120, **how
    )


def _count(db: Path) -> int:
    return query(db, "SELECT count(*) FROM entry")[0][0]


def _integrity(db: Path) -> list[str]:
    with closing(sqlite_file.connect_readonly(db)) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def _export_with_entries(tmp_path: Path, started: Any, count: int, *, offset: int = 0) -> Path:
    """An export of this database with `count` quarter-hour entries added to it."""
    data = json.loads(started("export").stdout)
    data["entries"] = [
        {
            "id": i + 1,
            "day": f"2026-11-{2 + (i % 20):02d}",
            "hours": 0.01,
            "topic_id": None,
            "note": f"entry {offset + i}",
            "created_at": "2026-11-24T10:00:00+00:00",
        }
        for i in range(count)
    ]
    path = tmp_path / f"export-{count}-{offset}.json"
    path.write_text(json.dumps(data))
    return path


# --- a hot rollback journal --------------------------------------------------------

# A writer in rollback-journal mode (as every database was before WAL) that spills a
# large uncommitted transaction into the file, then dies without a word.
_DIE_MID_WRITE = r"""
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("PRAGMA cache_size = 5")
conn.execute("BEGIN IMMEDIATE")
for i in range(20000):
    conn.execute(
        "INSERT INTO entry (day, hours, note, created_at) VALUES "
        "('2026-11-20', 0.001, ?, '2026-11-20 10:00:00')", (f"half {i}" * 5,)
    )
os._exit(9)
"""


def _leave_hot_journal(db: Path) -> None:
    subprocess.run([sys.executable, "-c", _DIE_MID_WRITE, str(db)], check=False, timeout=120)
    journal = db.with_name(db.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0  # the case to recover


@pytest.mark.parametrize("first", [["status"], ["log", "1"], ["hours", "--entries"]])
def test_a_hot_journal_is_rolled_back_by_the_first_command(started, db_path, first):
    started("log", "2", "--date", "2026-11-10")
    before = dump(db_path)
    _leave_hot_journal(db_path)
    result = CliRunner().invoke(app, first)
    assert result.exit_code == 0, result.output
    assert "was rolled back" in result.stderr and "intact" in result.stderr
    assert not db_path.with_name(db_path.name + "-journal").exists()
    assert _integrity(db_path) == ["ok"]
    after = dump(db_path)
    if first == ["log", "1"]:
        assert _count(db_path) == 2
    else:
        assert after == before


def test_doctor_rolls_back_a_hot_journal_and_says_so(started, db_path):
    started("log", "2", "--date", "2026-11-10")
    before = dump(db_path)
    _leave_hot_journal(db_path)
    text = " ".join(started("doctor").stdout.split())
    assert "✓ recovery a write that was interrupted" in text and "All good." in text
    assert dump(db_path) == before


# --- backups -----------------------------------------------------------------------

_KILLED_BACKUP = r"""
import os, sys
from pathlib import Path
from mlpath.storage import sqlite_file
# The copy is complete and checked; the process dies just before it takes its name.
sqlite_file.os.replace = lambda *a: os._exit(9)
sqlite_file.back_up(Path(sys.argv[1]), "schema-0004")
"""


def test_a_backup_killed_half_way_is_never_counted_or_named(started, db_path, tmp_path):
    good = sqlite_file.back_up(db_path, "schema-0003")
    subprocess.run([sys.executable, "-c", _KILLED_BACKUP, str(db_path)], timeout=60)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert len(leftovers) == 1  # it was killed after the copy...
    assert sqlite_file.backups(db_path) == [good]  # ...and nothing else counts as a backup
    # A journal beside a backup, and a file named like a newer backup that is not one:
    good.with_name(good.name + "-journal").write_bytes(b"\0" * 1024)
    junk = db_path.with_name(f"{db_path.name}.backup-29991231T000000000000Z-schema-0004")
    junk.write_bytes(b"not a database" * 100)
    assert sqlite_file.backups(db_path) == [junk, good]
    db_path.write_bytes(db_path.read_bytes()[:3000])
    hint = sqlite_file.recovery_hint(db_path)
    assert str(good) in hint and str(junk) not in hint and "-journal," not in hint
    # An old leftover goes when the next backup is made.
    old = tmp_path / leftovers[0]
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    shutil.copy(good, db_path)
    sqlite_file.back_up(db_path, "schema-0004")
    assert not old.exists()


def test_a_backup_is_one_self_contained_file_that_passes_its_check(started, db_path):
    backup = sqlite_file.back_up(db_path, "schema-0004")
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sqlite_file.sound(backup)
    assert oct(backup.stat().st_mode & 0o777) == "0o600"


def test_following_the_damage_advice_loses_nothing(started, db_path, tmp_path):
    started("log", "2", "--date", "2026-11-10")
    good = sqlite_file.back_up(db_path, "schema-0004")
    started("log", "3", "--date", "2026-11-11")  # only in the damaged file and the copy
    db_path.write_bytes(db_path.read_bytes()[:3000])
    damaged = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("ml")}
    error = " ".join(started("status", code=5).stderr.split())
    assert "first copy mlpath.db" in error and str(good) in error
    # Follow it: copy the named files aside, remove them, copy the backup back.
    safe = tmp_path / "safe"
    safe.mkdir()
    named = [db_path.name] + [
        db_path.name + s for s in sqlite_file.COMPANIONS if (tmp_path / (db_path.name + s)).exists()
    ]
    for name in named:
        assert name in error
        shutil.copy2(tmp_path / name, safe / name)
        (tmp_path / name).unlink()
    shutil.copy2(good, db_path)
    assert "logged since" in started("status").stdout
    assert _count(db_path) == 1
    assert started("doctor").exit_code == 0
    # What was copied aside is byte for byte what there was: nothing was lost.
    # (The log and index a reader opened since are empty; the file is what counts.)
    assert (safe / db_path.name).read_bytes() == damaged[db_path.name]
    assert all((safe / n).read_bytes() == damaged[n] for n in named if n in damaged)


# --- restoring into a new database -------------------------------------------------


def test_a_killed_restore_leaves_nothing_and_can_be_repeated(started, tmp_path):
    export = _export_with_entries(tmp_path, started, 30000)
    target = tmp_path / "new" / "restored.db"
    target.parent.mkdir()
    for delay in (0.5, 1.5):
        proc = subprocess.Popen(
            [sys.executable, "-m", "mlpath", "import", str(export)],
            env=_env(target),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert not target.exists()
    result = _mlpath(target, "import", str(export))
    assert result.returncode == 0 and "Restored" in result.stdout, result.stderr
    assert _count(target) == 30000
    assert query(target, "SELECT start_date FROM settings") == [(START,)]
    assert [p.name for p in target.parent.iterdir()] == ["restored.db"]


def test_a_half_made_database_is_restored_into_not_merged(started, db_path, tmp_path):
    started("log", "2", "--date", "2026-11-10")
    started("start", "--hours", "22")
    export = tmp_path / "export.json"
    started("export", "-o", str(export))
    history = query(db_path, "SELECT count(*) FROM change")[0][0]
    # What a restore killed before this version left: a schema without settings.
    with closing(sqlite3.connect(db_path)) as conn, conn:
        for table in ("change", "entry", "progress", "settings"):
            conn.execute(f"DELETE FROM {table}")
    assert "Restored" in started("import", str(export)).stdout
    assert query(db_path, "SELECT hours_per_week FROM settings") == [(22.0,)]
    assert query(db_path, "SELECT count(*) FROM change")[0][0] == history
    assert _count(db_path) == 1


# --- a long write and the commands that come meanwhile -----------------------------


def _hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another writer in the middle of a long transaction, with rows not yet committed."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cache_size = 5")  # spills to the file (or the log) as it goes
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO entry (day, hours, note, created_at) VALUES "
        "('2026-11-20', 0.001, ?, '2026-11-20 10:00:00')",
        [(f"pending {i}" * 5,) for i in range(20000)],
    )
    return conn


def test_reads_go_on_while_another_command_writes(started, db_path):
    started("log", "2", "--date", "2026-11-10")
    holder = _hold_write_lock(db_path)
    try:
        for view in (["status"], ["hours", "--entries"], ["export"], ["doctor"]):
            result = _mlpath(db_path, *view)
            assert result.returncode == 0, (view, result.stderr)
            assert "pending" not in result.stdout  # uncommitted rows are not seen
    finally:
        holder.rollback()
        holder.close()


def test_a_write_that_must_wait_says_so_then_gives_up_clearly(started, db_path, monkeypatch):
    monkeypatch.setattr(sqlite_file, "WRITE_WAIT_SECONDS", 1.0)
    before = dump(db_path)
    holder = _hold_write_lock(db_path)
    try:
        result = CliRunner().invoke(app, ["log", "1"])
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 8, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Waiting for another mlpath command to finish writing (up to 1 s)")
    assert lines[1].startswith("Error: another mlpath command has been writing") and len(lines) == 2
    assert "nothing was changed" in lines[1] and result.stdout == ""
    assert dump(db_path) == before


def test_a_write_that_waits_goes_ahead_once_the_other_finishes(started, db_path):
    holder = _hold_write_lock(db_path)
    timer = threading.Timer(1.0, holder.rollback)
    timer.start()
    try:
        result = CliRunner().invoke(app, ["log", "1"])
    finally:
        timer.join()
        holder.close()
    assert result.exit_code == 0, result.output
    assert "Waiting for another mlpath command" in result.stderr
    assert _count(db_path) == 1


# --- output that cannot be written -------------------------------------------------


def test_output_to_a_full_disk_after_a_write_says_the_change_was_saved(started, db_path):
    with Path("/dev/full").open("w") as full:
        result = _mlpath(db_path, "log", "0.1", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 7, result.stderr
    assert "the change was saved" in result.stderr and "do not repeat" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _count(db_path) == 1


@pytest.mark.parametrize("args", [["status"], ["--version"], ["--help"]])
def test_output_to_a_full_disk_of_a_read_is_one_line(started, db_path, args):
    with Path("/dev/full").open("w") as full:
        result = _mlpath(db_path, *args, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 7, result.stderr
    assert "could not be written" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_closed_stdout_never_lets_output_into_the_database(started, db_path):
    result = _mlpath(db_path, "log", "0.1", preexec_fn=lambda: os.close(1))
    assert result.returncode == 7, result.stderr
    assert "the change was saved" in result.stderr
    assert _integrity(db_path) == ["ok"] and _count(db_path) == 1
    assert "logged since" in _mlpath(db_path, "status").stdout


# --- killed at random moments: the fault-injection test ----------------------------


def _kill_at(db: Path, args: list[str], delay: float, sig: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlpath", *args],
        env=_env(db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    proc.send_signal(sig)
    proc.wait(timeout=120)


def _assert_sound(db: Path, counts: set[int]) -> None:
    """Every command works, the file is whole, and the write happened all or not at all."""
    assert _integrity(db) == ["ok"]
    assert _count(db) in counts, (_count(db), counts)
    # The entries are read back as JSON, every one of them: a table of tens of thousands
    # of rows would test Rich's drawing, which the views' own tests cover, not the file.
    views = (["status"], ["hours"], ["hours", "--entries", "--json"], ["history"], ["doctor"])
    for args in views:
        result = _mlpath(db, *args)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        # nothing is declared damaged, so there is no advice that could be followed
        assert "damaged" not in result.stderr and "cannot be read" not in result.stderr
        if "--entries" in args:
            assert len(json.loads(result.stdout)) == _count(db)


_SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGHUP)


def test_a_large_merge_and_its_undo_survive_being_killed_anywhere(started, db_path, tmp_path):
    rng = random.Random(1913)
    started("log", "2", "--date", "2026-11-10")
    export = _export_with_entries(tmp_path, started, 20000)
    before = _count(db_path)
    for _ in range(3):
        _kill_at(db_path, ["import", str(export)], rng.uniform(0.3, 3.0), rng.choice(_SIGNALS))
        _assert_sound(db_path, {before, before + 20000})
    assert _mlpath(db_path, "import", str(export)).returncode == 0
    _assert_sound(db_path, {before + 20000})
    for _ in range(3):
        if _count(db_path) == before:  # the last undo finished: merge again to undo it
            assert _mlpath(db_path, "import", str(export)).returncode == 0
        _kill_at(db_path, ["undo"], rng.uniform(0.3, 2.5), rng.choice(_SIGNALS))
        _assert_sound(db_path, {before, before + 20000})
    _mlpath(db_path, "log", "1")
    _assert_sound(db_path, {before + 1, before + 20001})


def test_a_schema_upgrade_survives_being_killed_anywhere(mlpath, db_path):
    from test_storage import _fill_at

    rng = random.Random(2718)
    _fill_at(db_path, "0003")  # the upgrade builds the entries' covering index
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.executemany(
            "INSERT INTO entry (day, hours, note, created_at) VALUES (?, 0.001, ?, ?)",
            [
                (f"2026-11-{2 + i % 20:02d}", f"old {i}", "2026-11-05 10:00:00")
                for i in range(60000)
            ],
        )
    count = _count(db_path)
    for _ in range(4):
        _kill_at(db_path, ["status"], rng.uniform(0.2, 1.5), rng.choice(_SIGNALS))
        _assert_sound(db_path, {count})
        version = query(db_path, "SELECT version_num FROM alembic_version")[0][0]
        assert version in sqlite_file.SCHEMA_REVISIONS
        assert all(sqlite_file.sound(b) for b in sqlite_file.backups(db_path))
    assert query(db_path, "SELECT version_num FROM alembic_version") == [(sqlite_file.SCHEMA_HEAD,)]


# --- an older schema on storage mlpath may only read -------------------------------


def test_an_old_schema_on_read_only_storage_reads_and_exports(mlpath, monkeypatch, tmp_path):
    from test_faults import _runs_read_only, _without_root_powers
    from test_storage import _fill_at

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "mlpath.db"
    _fill_at(db, "0004")
    before = db.read_bytes()
    home = tmp_path / "home"
    home.mkdir()
    how: dict[str, Any] = {}
    folder.chmod(0o555)
    db.chmod(0o444)
    try:
        if os.geteuid() == 0:
            how = {"preexec_fn": _without_root_powers}
            if not _runs_read_only(db, home, **how):
                pytest.skip("running as root: cannot make a file read-only for mlpath here")
        for args in (["status"], ["hours"], ["export"], ["export", "--format", "csv"]):
            result = _mlpath(db, *args, cwd=home, **how)
            assert result.returncode == 0, (args, result.stderr)
            assert "read through an upgraded copy" in result.stderr
        exported = json.loads(_mlpath(db, "export", cwd=home, **how).stdout)
        assert [e["note"] for e in exported["entries"]] == ["svd ✓", None]
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["mlpath.db"]
    finally:
        folder.chmod(0o755)
        db.chmod(0o600)


def test_a_hot_journal_on_read_only_storage_is_explained_not_called_damage(
    started, db_path, tmp_path
):
    from test_faults import _runs_read_only, _without_root_powers

    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "mlpath.db"
    shutil.copy(db_path, db)
    _leave_hot_journal(db)
    journal = db.with_name(db.name + "-journal")
    saved = db.read_bytes(), journal.read_bytes()
    home = tmp_path / "home"
    home.mkdir()
    folder.chmod(0o555)
    db.chmod(0o444)
    try:
        how: dict[str, Any] = {}
        if os.geteuid() == 0:
            how = {"preexec_fn": _without_root_powers}
            if not _runs_read_only(db, home, **how):
                pytest.skip("running as root: cannot make a folder read-only for mlpath here")
        for args in (["status"], ["doctor"]):
            result = _mlpath(db, *args, cwd=home, **how)
            assert result.returncode == 5, result
            text = " ".join((result.stdout + result.stderr).split())
            assert "interrupted and must be rolled back first" in text
            assert "do not delete mlpath.db-journal" in text and "damaged" not in text
        assert (db.read_bytes(), journal.read_bytes()) == saved
    finally:
        folder.chmod(0o755)
        db.chmod(0o600)
    # Made writable again, the next command rolls it back and carries on.
    assert "logged since" in _mlpath(db, "status").stdout
    assert not journal.exists() and _integrity(db) == ["ok"]
