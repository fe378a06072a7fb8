"""The `started` fixture copies one start made per session: the copy must be the very
database that `mlpath start --date START` leaves, or every test using it proves less."""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from conftest import START, dump, query

# Written by `start` from the clock, not the calendar: the session's start ran earlier.
_CLOCK_COLUMNS = ("created_at", "updated_at")


def _settings_without_clock(db: Path) -> list[tuple[object, ...]]:
    columns = [row[1] for row in query(db, "PRAGMA table_info(settings)")]
    keep = ", ".join(c for c in columns if c not in _CLOCK_COLUMNS)
    return query(db, f"SELECT {keep} FROM settings")


def _file_facts(db: Path) -> dict[str, object]:
    with closing(sqlite3.connect(db)) as conn:
        pragmas = {
            name: conn.execute(f"PRAGMA {name}").fetchall()
            for name in [
                "journal_mode",
                "page_size",
                "user_version",
                "application_id",
                "auto_vacuum",
                "encoding",
                "foreign_key_list(topic)",
                "integrity_check",
            ]
        }
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    return {
        "pragmas": pragmas,
        "schema": schema,
        "mode": stat.S_IMODE(db.stat().st_mode),
        "beside": sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)),
    }


def test_a_started_copy_is_what_a_start_of_its_own_leaves(started, db_path, tmp_path, monkeypatch):
    fresh = tmp_path / "fresh" / "mlpath.db"
    monkeypatch.setenv("MLPATH_DB", str(fresh))
    started("start", "--date", START)
    assert _file_facts(db_path) == _file_facts(fresh)
    assert _file_facts(db_path)["beside"] == ["mlpath.db"]  # the whole database, in the file
    copy, own = dump(db_path), dump(fresh)
    assert copy.keys() == own.keys()
    for table in copy.keys() - {"settings", "learner"}:
        assert copy[table] == own[table], table
    assert query(db_path, "SELECT name FROM learner") == query(fresh, "SELECT name FROM learner")
    assert _settings_without_clock(db_path) == _settings_without_clock(fresh)
    for db in (db_path, fresh):  # one row, written once: created when last updated
        [(created, updated)] = query(db, "SELECT created_at, updated_at FROM settings")
        assert created == updated
    assert copy["change"] == [] and len(copy["topic"]) > 100  # start records no change
    # And what the learner sees of both is the same.
    views = (["status"], ["plan"], ["topics"], ["history"], ["start"])
    seen_in_fresh = [started(*args).stdout for args in views]
    monkeypatch.setenv("MLPATH_DB", str(db_path))
    seen_in_copy = [started(*args).stdout for args in views]
    assert seen_in_copy == [out.replace(str(fresh), str(db_path)) for out in seen_in_fresh]
