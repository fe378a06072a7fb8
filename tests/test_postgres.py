"""mlpath on a real PostgreSQL server: every command, and the bugs a server brings out.

Each test gets a fresh database of its own (postgres_server.py). Without a server
these tests are skipped with a message saying how to run them; under CI they fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from conftest import START, TODAY
from mlpath.storage.sqlite_file import SCHEMA_HEAD
from postgres_server import Database, Server, serve, with_database

pytestmark = pytest.mark.postgres

SECRET = "s3cret-pw"


@pytest.fixture(scope="session")
def server():
    yield from serve()


@pytest.fixture
def pg(server: Server, monkeypatch) -> Database:
    """A database at the current schema, not started; MLPATH_DB names it."""
    db = server.new()
    monkeypatch.setenv("MLPATH_DB", db.url)
    yield db
    server.drop_made()


@pytest.fixture
def empty_pg(server: Server, monkeypatch) -> Database:
    """A database with no tables at all; MLPATH_DB names it."""
    db = server.new(empty=True)
    monkeypatch.setenv("MLPATH_DB", db.url)
    yield db
    server.drop_made()


@pytest.fixture
def learner(pg, mlpath):
    """A started learner with a little history: 2 h on numpy, linear-algebra done."""
    mlpath("start", "--date", START)
    mlpath("log", "2", "--topic", "numpy", "--date", "2026-11-24", "--note", "arrays")
    mlpath("done", "linear-algebra")
    return mlpath


def _hours(db: Database) -> list[tuple]:
    return db.query("SELECT id, day, hours, topic_id, note FROM entry ORDER BY id")


def _command_id(value: object) -> str | None:
    if isinstance(value, list) and all(isinstance(word, str) for word in value):
        return " ".join(value)
    return None


# --- every command ---------------------------------------------------------------


def test_start_creates_the_schema_and_the_learner(empty_pg, mlpath):
    assert empty_pg.tables() == set()
    out = mlpath("start", "--date", START).stdout
    assert "Started" in out
    assert "alembic_version" in empty_pg.tables()
    assert empty_pg.query("SELECT start_date, track FROM settings") == [
        (date.fromisoformat(START), "nlp")
    ]
    assert empty_pg.query("SELECT count(*) FROM topic WHERE NOT retired")[0][0] > 100


@pytest.mark.parametrize(
    ("args", "shows", "sql", "rows"),
    [
        (
            ["done", "numpy"],
            "todo → done",
            "SELECT status, done_on FROM progress WHERE topic_id = 'numpy'",
            [("done", date.fromisoformat(TODAY))],
        ),
        (
            ["doing", "numpy"],
            "todo → doing",
            "SELECT status FROM progress WHERE topic_id = 'numpy'",
            [("doing",)],
        ),
        (
            ["undone", "linear-algebra"],
            "done → todo",
            "SELECT count(*) FROM progress WHERE topic_id = 'linear-algebra' AND status = 'done'",
            [(0,)],
        ),
        (
            ["skip", "pandas"],
            "todo → skipped",
            "SELECT status FROM progress WHERE topic_id = 'pandas'",
            [("skipped",)],
        ),
        (
            ["log", "1.5", "--topic", "pandas", "--note", "groupby"],
            "Logged 1.5 h on Pandas",
            "SELECT day, hours, topic_id, note FROM entry WHERE id = 2",
            [(date.fromisoformat(TODAY), 1.5, "pandas", "groupby")],
        ),
        (
            ["log", "--edit", "1", "3"],
            "#1",
            "SELECT hours FROM entry WHERE id = 1",
            [(3.0,)],
        ),
        (
            ["log", "--delete", "1"],
            "#1",
            "SELECT count(*) FROM entry",
            [(0,)],
        ),
        (
            ["note", "numpy", "broadcasting, finally"],
            "numpy",
            "SELECT topic_id, kind, text FROM topic_note",
            [("numpy", "note", "broadcasting, finally")],
        ),
        (
            ["done", "numpy", "--link", "https://example.org/notebook"],
            "todo → done",
            "SELECT kind, text FROM topic_note",
            [("link", "https://example.org/notebook")],
        ),
        (
            ["break", "--from", "2026-12-24", "--to", "2027-01-01", "--note", "winter"],
            "2026-12-24",
            "SELECT first_day, last_day, note FROM study_break",
            [(date(2026, 12, 24), date(2027, 1, 1), "winter")],
        ),
        (
            ["undo"],
            "done: linear-algebra",
            "SELECT count(*) FROM progress WHERE topic_id = 'linear-algebra' AND status = 'done'",
            [(0,)],
        ),
        (
            ["plan", "--rebaseline"],
            "",
            "SELECT made_on FROM baseline",
            [(date.fromisoformat(TODAY),)],
        ),
        (
            ["start", "--hours", "25"],
            "25",
            "SELECT hours_per_week FROM settings",
            [(25.0,)],
        ),
        (
            ["review", "linear-algebra", "--rating", "good", "--hours", "0.5"],
            "Reviewed Linear Algebra",
            "SELECT topic_id, rating, hours FROM review",
            [("linear-algebra", "good", 0.5)],
        ),
        (
            ["review", "--off", "linear-algebra"],
            "out of review",
            "SELECT off FROM review_item WHERE topic_id = 'linear-algebra'",
            [(True,)],
        ),
        (
            [
                "paper",
                "add",
                "Attention Is All You Need",
                "--url",
                "https://arxiv.org/abs/1706.03762",
            ],
            "Paper #1 added",
            "SELECT title, url, added_on, read_on FROM paper",
            [
                (
                    "Attention Is All You Need",
                    "https://arxiv.org/abs/1706.03762",
                    date.fromisoformat(TODAY),
                    None,
                )
            ],
        ),
    ],
    ids=lambda value: _command_id(value),
)
def test_a_write_command_shows_its_change_and_stores_it(learner, pg, args, shows, sql, rows):
    out = learner(*args).stdout
    assert shows in out
    assert pg.query(sql) == rows
    # Every change is in the history, as on SQLite.
    assert pg.query("SELECT count(*) FROM change")[0][0] >= 3


@pytest.mark.parametrize(
    ("args", "shows"),
    [
        (["status"], "Prerequisites"),
        (["hours"], "2"),
        (["hours", "--entries"], "arrays"),
        (["hours", "--chart"], "h"),
        (["plan"], "Finish:"),
        (["plan", "--hours", "25"], "Finish:"),
        (["topics"], "NumPy"),
        (["topics", "--phase", "2"], "NumPy"),
        (["show", "numpy"], "NumPy"),
        (["find", "attention"], "ttention"),
        (["next"], "Programming Fundamentals"),
        (["calendar"], "2026"),
        (["share"], "h"),
        (["history"], "done: linear-algebra"),
        (["break"], "break"),
        (["review"], "No reviews due today."),
        (["where"], "postgresql+psycopg://"),
    ],
    ids=lambda value: _command_id(value),
)
def test_a_read_command_shows_the_learners_data(learner, pg, args, shows):
    before = pg.query("SELECT count(*) FROM change")
    out = learner(*args).stdout
    assert shows in out, out
    assert pg.query("SELECT count(*) FROM change") == before


def test_status_json_counts_what_is_stored(learner):
    data = json.loads(learner("status", "--json").stdout)
    text = json.dumps(data)
    assert '"topics_done": 1' in text
    assert "2.0" in text or ": 2" in text


def test_plan_writes_an_ics_calendar(learner, tmp_path):
    target = tmp_path / "plan.ics"
    learner("plan", "--ics", str(target))
    assert target.read_text().startswith("BEGIN:VCALENDAR")


def test_share_writes_an_svg_card(learner, tmp_path):
    target = tmp_path / "card.svg"
    learner("share", "--format", "svg", "--output", str(target))
    assert "<svg" in target.read_text()


def test_break_delete_and_undo_bring_it_back(learner, pg):
    learner("break", "--from", "2026-12-24", "--to", "2027-01-01")
    (break_id,) = pg.query("SELECT id FROM study_break")[0]
    learner("break", "--delete", str(break_id))
    assert pg.query("SELECT count(*) FROM study_break") == [(0,)]
    learner("undo")
    assert pg.query("SELECT id FROM study_break") == [(break_id,)]


def test_history_json_lists_changes_newest_first(learner):
    changes = json.loads(learner("history", "--json").stdout)
    summaries = [c["summary"] for c in changes]
    assert summaries[0] == "done: linear-algebra"
    assert summaries[-1].startswith("log #1")


def test_export_json_and_csv(learner):
    data = json.loads(learner("export").stdout)
    assert data["settings"]["start_date"] == START
    assert [(e["day"], e["hours"], e["topic_id"]) for e in data["entries"]] == [
        ("2026-11-24", 2.0, "numpy")
    ]
    assert data["progress"][0]["topic_id"] == "linear-algebra"
    assert all(c["at"].endswith("+00:00") for c in data["history"])
    csv = learner("export", "--format", "csv").stdout
    assert csv.splitlines()[1] == "1,2026-11-24,2.0,numpy,arrays"


def test_export_from_sqlite_restores_onto_postgres_and_back(server, mlpath, tmp_path, monkeypatch):
    sqlite_db = tmp_path / "laptop.db"
    monkeypatch.setenv("MLPATH_DB", str(sqlite_db))
    mlpath("start", "--date", START)
    mlpath("log", "2", "--topic", "numpy", "--date", "2026-11-20", "--note", "arrays")
    mlpath("note", "numpy", "a note")
    mlpath("break", "--from", "2026-12-24", "--to", "2027-01-01")
    mlpath("done", "numpy")
    exported = tmp_path / "laptop.json"
    mlpath("export", "-o", str(exported))
    target = server.new(empty=True)
    monkeypatch.setenv("MLPATH_DB", target.url)
    assert "Restored" in mlpath("import", str(exported)).stdout
    again = tmp_path / "server.json"
    mlpath("export", "-o", str(again))

    def comparable(path: Path) -> dict:
        return {k: v for k, v in json.loads(path.read_text()).items() if k != "mlpath"}

    assert comparable(again) == comparable(exported)
    server.drop_made()


def test_import_merges_into_a_started_database_and_undo_reverts(learner, pg, tmp_path, monkeypatch):
    # Entries are told apart by their time of logging, whatever the client's zone.
    monkeypatch.setenv("PGTZ", "Asia/Tokyo")
    exported = tmp_path / "mine.json"
    learner("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["entries"].append(
        {
            "id": 99,
            "day": "2026-11-23",
            "hours": 1.0,
            "topic_id": None,
            "note": "from the laptop",
            "created_at": "2026-11-23T20:00:00+00:00",
        }
    )
    exported.write_text(json.dumps(data))
    out = learner("import", str(exported)).stdout
    assert "1 entries added" in out or "1 entry added" in out
    assert [row[4] for row in _hours(pg)] == ["arrays", "from the laptop"]
    assert "0 entries added" in learner("import", str(exported)).stdout
    assert "import" in learner("undo").stdout
    assert [row[4] for row in _hours(pg)] == ["arrays"]


def test_doctor_checks_connection_schema_references_and_days(learner, pg):
    out = learner("doctor").stdout
    for check in ("connection", "schema", "references", "entries", "history", "backups"):
        assert check in out
    assert "PostgreSQL 1" in out and "pg_dump" in out and "integrity" not in out
    pg.query(
        "INSERT INTO entry (learner, day, hours, topic_id, note, created_at)"
        " VALUES (current_user, '2026-11-24', 23, NULL, NULL, now())"
    )
    out = learner("doctor", code=5, report=True).stdout
    assert "1 days hold more than 24 h (first 2026-11-24)" in out
    (constraint,) = pg.query(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'entry'::regclass AND contype = 'f'"
        " AND confrelid = 'topic'::regclass"
    )[0]
    pg.query(f"ALTER TABLE entry DROP CONSTRAINT {constraint}")
    pg.query(
        "INSERT INTO entry (learner, day, hours, topic_id, note, created_at)"
        " VALUES (current_user, '2026-11-20', 1, 'gone-topic', NULL, now())"
    )
    out = learner("doctor", code=5, report=True).stdout
    assert "1 row refers to missing rows" in out


def test_doctor_on_an_empty_database_says_to_start(empty_pg, mlpath):
    out = mlpath("doctor", code=5, report=True).stdout
    assert "an empty database" in out and "mlpath start" in out
    assert empty_pg.tables() == set()


# --- the five bugs -------------------------------------------------------------------


def test_times_are_utc_whatever_the_clients_time_zone(learner, pg, monkeypatch, run_json):
    """Bug 1: a client with PGTZ=America/New_York stored local times as if UTC."""
    monkeypatch.setenv("PGTZ", "America/New_York")
    first = datetime.now(UTC)
    learner("done", "numpy")
    learner("log", "1", "--topic", "pandas")
    learner("note", "pandas", "groupby")
    last = datetime.now(UTC)
    types = pg.query(
        "SELECT DISTINCT data_type FROM information_schema.columns"
        " WHERE table_schema = 'public' AND column_name IN ('created_at', 'updated_at', 'at')"
    )
    assert types == [("timestamp with time zone",)]
    stored = [
        datetime.fromtimestamp(float(epoch), UTC)
        for (epoch,) in pg.query("SELECT extract(epoch FROM at) FROM change ORDER BY id")
    ]
    assert stored == sorted(stored)
    assert all(first.timestamp() - 1 <= t.timestamp() <= last.timestamp() + 1 for t in stored[-3:])
    history = run_json("history")
    times = [datetime.fromisoformat(c["at"]) for c in history]
    assert all(t.utcoffset().total_seconds() == 0 for t in times)
    assert times == sorted(times, reverse=True)  # newest first, as the ids are
    assert [c["id"] for c in history] == sorted((c["id"] for c in history), reverse=True)
    assert first.timestamp() - 1 <= times[0].timestamp() <= last.timestamp() + 1
    exported = json.loads(learner("export").stdout)
    logged = datetime.fromisoformat(exported["entries"][-1]["created_at"])
    assert logged.utcoffset().total_seconds() == 0
    assert first.timestamp() - 1 <= logged.timestamp() <= last.timestamp() + 1


def test_a_restore_moves_the_id_sequences_past_its_rows(learner, server, tmp_path, monkeypatch):
    """Bug 2: a restore inserted its ids and the next `log` took id 1 again."""
    learner("note", "numpy", "a note")
    learner("break", "--from", "2026-12-24", "--to", "2027-01-01")
    learner("plan", "--rebaseline")
    exported = tmp_path / "export.json"
    learner("export", "-o", str(exported))
    target = server.new(empty=True)
    monkeypatch.setenv("MLPATH_DB", target.url)
    learner("import", str(exported))
    assert "entry #2" in learner("log", "1", "--topic", "pandas").stdout
    learner("note", "pandas", "another")
    learner("break", "--from", "2027-02-01", "--to", "2027-02-03")
    learner("done", "pandas")
    learner("start", "--hours", "25", "--date", START)
    learner("plan", "--rebaseline")
    assert target.query("SELECT id FROM entry ORDER BY id") == [(1,), (2,)]
    assert target.query("SELECT id FROM topic_note ORDER BY id") == [(1,), (2,)]
    assert target.query("SELECT id FROM study_break ORDER BY id") == [(1,), (2,)]
    changes = [row[0] for row in target.query("SELECT id FROM change ORDER BY id")]
    assert changes == list(range(1, len(changes) + 1))
    server.drop_made()


def test_retired_topics_are_found_with_a_boolean_comparison(learner, pg):
    """Bug 3: `retired = 1` fails on PostgreSQL (boolean = integer)."""
    pg.query("UPDATE topic SET retired = true WHERE id = 'numpy'")
    data = json.loads(learner("export").stdout)
    assert [t["id"] for t in data["retired_topics"]] == ["numpy"]
    assert "references" in learner("doctor").stdout


def _total(db: Database, day: str) -> float:
    return float(
        db.query("SELECT coalesce(sum(hours), 0) FROM entry WHERE day = %s", day)[0][0] or 0
    )


def _mlpath_process(*args: str, url: str) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "mlpath", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"MLPATH_DB": url},
    )


def test_a_second_writer_waits_for_the_first_and_the_24_hour_rule_holds(learner, pg):
    """Bug 4: two writers both passed the 24-hours check; the lock serialises them."""
    from mlpath.storage.writes import open_writer
    from mlpath.usecases.hours import log_hours

    day = date(2026, 11, 23)
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with open_writer(pg.url) as writer:
            log_hours(writer=writer, snapshot=writer.snapshot(), hours=13, day=day)
            holding.set()
            release.wait(60)

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(30)
        second = _mlpath_process("log", "13", "--date", day.isoformat(), url=pg.url)
        deadline = time.monotonic() + 30
        waiting = [(0,)]
        while time.monotonic() < deadline and second.poll() is None:
            waiting = pg.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                               " AND NOT granted")  # fmt: skip
            if waiting[0][0]:
                break
            time.sleep(0.05)
        assert second.poll() is None and waiting == [(1,)], "the second writer did not wait"
    finally:
        release.set()
        thread.join()
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 1, stderr
    assert "more than the 24 hours a day has" in stderr
    assert "13 h are already logged that day" in stderr
    assert _total(pg, day.isoformat()) == 13


def test_two_processes_racing_to_log_13_hours_on_one_day(learner, pg):
    day = "2026-11-22"
    for _ in range(3):
        pg.query("DELETE FROM entry WHERE day = %s", day)
        racers = [_mlpath_process("log", "13", "--date", day, url=pg.url) for _ in range(2)]
        codes = sorted(p.wait(timeout=60) for p in racers)
        for p in racers:
            p.communicate()
        assert codes == [0, 1]
        assert _total(pg, day) == 13


def test_a_write_waits_at_most_the_write_wait_then_says_busy(learner, pg, monkeypatch):
    from mlpath.storage import sqlite_file
    from mlpath.storage.writes import open_writer

    monkeypatch.setattr(sqlite_file, "WRITE_WAIT_SECONDS", 0.5)
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with open_writer(pg.url) as writer:
            writer.snapshot()
            holding.set()
            release.wait(60)

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(30)
        result = learner("log", "1", code=8, report=True)
    finally:
        release.set()
        thread.join()
    assert result.stderr.splitlines()[0].startswith("Waiting for another mlpath command")
    assert "another mlpath command has been writing" in result.stderr.splitlines()[-1]
    assert _total(pg, TODAY) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["hours"],
        ["topics"],
        ["plan"],
        ["history"],
        ["export"],
        ["show", "numpy"],
        ["log", "1"],
        ["done", "numpy"],
        ["note", "numpy", "x"],
        ["undo"],
    ],
    ids=" ".join,
)
def test_a_command_other_than_start_creates_no_schema(empty_pg, mlpath, args):
    """Bug 5: a read command created the schema, then said "not started"."""
    result = mlpath(*args, code=3)
    assert "mlpath start" in result.stderr
    assert empty_pg.tables() == set()


# --- the schema's versions -----------------------------------------------------------


def _upgrade_to(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from mlpath.paths import migrations_dir

    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_an_older_schema_is_upgraded_by_start_only_keeping_times_as_utc(empty_pg, mlpath):
    _upgrade_to(empty_pg.url, "0006")
    empty_pg.query(
        "INSERT INTO settings VALUES (1, '2026-11-02', NULL, 'nlp', '[]', 20, 30, 'ml-roadmap',"
        " '2026.11.1', NULL, '2026-11-02 10:00:00', '2026-11-02 10:00:00')"
    )
    for args in (["status"], ["log", "1"], ["export"]):
        result = mlpath(*args, code=5)
        assert "schema 0006" in result.stderr and "mlpath start" in result.stderr
        assert "pg_dump" in result.stderr
    assert empty_pg.query("SELECT version_num FROM alembic_version") == [("0006",)]
    mlpath("start")
    assert empty_pg.query("SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    # The learner it had is the role that upgraded it: everything is theirs.
    assert empty_pg.query("SELECT learner FROM settings") == empty_pg.query("SELECT current_user")
    assert empty_pg.query("SELECT retention FROM settings") == [(0.9,)]
    assert empty_pg.query("SELECT created_at FROM settings") == [
        (datetime(2026, 11, 2, 10, tzinfo=UTC),)
    ]
    assert "Prerequisites" in mlpath("status").stdout


@pytest.mark.parametrize("args", [["status"], ["log", "1"], ["start"], ["doctor"]], ids=" ".join)
def test_a_schema_from_a_newer_mlpath_is_refused_and_untouched(learner, pg, args):
    pg.query("UPDATE alembic_version SET version_num = '9999_future'")
    result = learner(*args, code=5, report=True)
    assert "newer mlpath" in " ".join((result.stdout + result.stderr).split())
    assert pg.query("SELECT version_num FROM alembic_version") == [("9999_future",)]


def test_the_migrations_make_exactly_the_models_schema(pg):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import mlpath.storage.schema  # noqa: F401

    engine = create_engine(pg.url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


# --- reaching the server -------------------------------------------------------------


def test_no_output_shows_the_password(server, mlpath, tmp_path, monkeypatch):
    db = server.new(empty=True)
    url = with_database(db.url, db.url.rpartition("/")[2].partition("?")[0], password=SECRET)
    assert SECRET in url
    monkeypatch.setenv("MLPATH_DB", url)
    outputs = [
        mlpath("status", code=3),
        mlpath("start", "--date", START),
        mlpath("where"),
        mlpath("doctor"),
        mlpath("log", "25", code=1),
    ]
    monkeypatch.setenv("MLPATH_DB", url.replace("/mlpath_t", "/missing_t"))
    outputs.append(mlpath("status", code=5))
    bad_user = with_database(db.url, "postgres", password=SECRET).replace(
        "://postgres", "://nobody_here", 1
    )
    monkeypatch.setenv("MLPATH_DB", bad_user)
    outputs.append(mlpath("status", code=10))
    for result in outputs:
        assert SECRET not in result.stdout + result.stderr
    assert "***" in outputs[2].stdout
    server.drop_made()


def test_a_refused_login_gets_its_own_exit_code(server, mlpath, monkeypatch):
    url = with_database(server.url, "postgres").replace("://postgres", "://nobody_here", 1)
    monkeypatch.setenv("MLPATH_DB", url)
    for args in (["status"], ["log", "1"], ["start"], ["doctor"]):
        result = mlpath(*args, code=10)
        assert "refused the login" in result.stderr and "nobody_here" in result.stderr


def test_a_missing_database_says_how_to_create_it(server, mlpath, monkeypatch):
    monkeypatch.setenv("MLPATH_DB", with_database(server.url, "no_such_db"))
    result = mlpath("start", code=5)
    assert 'database "no_such_db" does not exist' in result.stderr
    assert "createdb no_such_db" in result.stderr


# --- the roadmap's refresh ------------------------------------------------------------


def test_a_newer_bundled_roadmap_comes_in_on_a_read_keeping_progress_and_history(
    learner, pg, tmp_path, monkeypatch
):
    import yaml

    from mlpath.paths import bundled_roadmap

    learner("done", "numpy")
    learner("log", "4", "--topic", "cnns", "--date", "2026-11-05")
    data = yaml.safe_load(bundled_roadmap().read_text())
    data["version"] = "2027.1.0"
    phase2 = next(p for p in data["phases"] if p["number"] == 2)
    next(t for t in phase2["topics"] if t["id"] == "numpy").update(
        id="numpy-arrays", aliases=["numpy"]
    )
    phase4 = next(p for p in data["phases"] if p["number"] == 4)
    phase4["topics"] = [t for t in phase4["topics"] if t["id"] != "cnns"]
    new = tmp_path / "v2.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)

    result = learner("status")
    assert "2027.1.0" in result.stdout + result.stderr, result.stderr
    assert pg.query("SELECT roadmap_version FROM settings") == [("2027.1.0",)]
    assert pg.query("SELECT status FROM progress WHERE topic_id = 'numpy-arrays'") == [("done",)]
    assert pg.query("SELECT retired FROM topic WHERE id = 'cnns'") == [(True,)]
    # The history's records follow the rename: undoing `done numpy` reverts numpy-arrays.
    (rows,) = pg.query("SELECT rows FROM change WHERE summary = 'done: numpy'")[0]
    assert {image["key"] for image in rows} == {"numpy-arrays"}  # progress, review item
    exported = json.loads(learner("export").stdout)
    assert [t["id"] for t in exported["retired_topics"]] == ["cnns"]
    assert "log #2" in learner("undo").stdout
    assert "done: numpy" in learner("undo").stdout
    assert pg.query("SELECT count(*) FROM progress WHERE topic_id = 'numpy-arrays'") == [(0,)]
