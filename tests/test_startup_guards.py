"""Guards for the speed design, timing nothing: which modules a command imports, and
how many queries it issues as the data grows. (Timings live in benchmarks/run.py.)"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

import pytest

from mlpath.storage import sqlite_file

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "yaml", "pydantic", "rich", "dateutil")

_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(
    m for m in {heavy!r} if m in sys.modules)), file=sys.__stderr__))
sys.argv = ["mlpath", *{args!r}]
from mlpath.cli import main
main()
"""


def _imported(args: list[str], modules: tuple[str, ...] = HEAVY, **env: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=modules, args=args)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ | env,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def ten_years(started, db_path):
    """A learner who has logged a day a week for ten years."""
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO entry (day, hours, topic_id, note, created_at) VALUES (?, 2, NULL, NULL,"
            " '2026-01-01 00:00:00')",
            [((date(2016, 11, 2) + timedelta(days=7 * i)).isoformat(),) for i in range(520)],
        )
        conn.execute("UPDATE settings SET start_date = '2016-11-01'")
    return started


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["plan", "--hours", "25"],
        ["topics"],
        ["hours"],
        ["hours", "--chart"],
        ["calendar"],
        ["show", "numpy"],
        ["next"],
        ["find", "attention"],
        ["status", "--json"],
        ["review"],
        ["review", "--json"],
    ],
)
def test_read_commands_need_no_orm_no_migrations_no_yaml(ten_years, args):
    loaded = _imported(args, (*HEAVY, "fsrs"))
    # Nor the review scheduler: the reads count and list reviews from the stored days.
    assert not loaded & {"sqlalchemy", "sqlmodel", "alembic", "yaml", "fsrs"}, loaded
    assert "rich" in loaded or "--json" in args  # the probe sees imports: it is not blind


def test_help_stays_light(ten_years):
    assert _imported(["--help"]) == set()
    # Nor does help load the domain: each command imports what it uses when it runs.
    domain = (
        "mlpath.domain.model",
        "mlpath.storage.reads",
        "mlpath.storage.database",
        "mlpath.render",
    )
    assert _imported(["--help"], domain) == set()


# What a completion process may import, beyond the standard library and mlpath.
FRAMEWORKS = (*HEAVY, "typer", "click", "shellingham")


@pytest.mark.parametrize(
    "request_env",
    [
        {"_MLPATH_COMPLETE": "complete_bash", "COMP_WORDS": "mlpath done lin", "COMP_CWORD": "2"},
        {"_MLPATH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlpath show lin"},
        {
            "_MLPATH_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "mlpath log --topic lin",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
    ],
)
def test_completing_a_topic_imports_no_framework(ten_years, request_env):
    """Topic names are answered before Typer is imported: the standard library only."""
    assert _imported([], FRAMEWORKS, **request_env) == set()


def test_other_completions_are_typers_and_stay_light(ten_years):
    loaded = _imported(
        [],
        (*HEAVY, "typer"),
        _MLPATH_COMPLETE="complete_bash",
        COMP_WORDS="mlpath d",
        COMP_CWORD="1",
    )
    assert "typer" in loaded, loaded  # command names: Typer's own completion
    assert not loaded & {"sqlalchemy", "sqlmodel", "alembic", "yaml", "rich"}, loaded


def test_write_commands_import_only_the_orm(ten_years):
    for args in (["log", "1"], ["done", "numpy"], ["undo"]):
        loaded = _imported(args, (*HEAVY, "fsrs"))
        assert "sqlmodel" in loaded and not loaded & {"alembic", "yaml", "rich"}, (args, loaded)
        # Only what schedules a review loads the scheduler.
        assert ("fsrs" in loaded) == (args[0] == "done"), (args, loaded)


_GC_PROBE = """
import atexit, gc, json, sys
atexit.register(lambda: print(json.dumps([gc.isenabled(), gc.get_freeze_count()]),
    file=sys.__stderr__))
sys.argv = ["mlpath", "log", "1.5", "--note", "probe"]
from mlpath.cli import main
main()
"""


def test_a_command_runs_without_the_cyclic_collector_and_leaves_its_heap_frozen(ten_years, db_path):
    result = subprocess.run(
        [sys.executable, "-c", _GC_PROBE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    enabled, frozen = json.loads(result.stderr.strip().splitlines()[-1])
    # Frozen: the exit's collection has nothing to walk. The count is the heap the
    # libraries left, so tens of thousands, not a handful.
    assert enabled is False and frozen > 10_000
    # and the write itself is whole: printed, committed, readable by another process
    assert "Logged 1.5 h" in result.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT hours FROM entry WHERE note = 'probe'").fetchall() == [(1.5,)]


def test_alembic_is_imported_only_when_a_migration_is_pending(ten_years, db_path):
    from alembic import command
    from alembic.config import Config

    from mlpath.paths import migrations_dir

    config = Config()  # back to the first schema, through the migrations' own downgrades
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    command.downgrade(config, sqlite_file.SCHEMA_REVISIONS[0])
    assert "alembic" in _imported(["status"])
    assert "alembic" not in _imported(["status"])  # upgraded once, for good


def test_bash_completion_offers_topic_ids(ten_years):
    result = subprocess.run(
        [sys.executable, "-m", "mlpath"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ
        | {"_MLPATH_COMPLETE": "complete_bash", "COMP_WORDS": "mlpath done lin", "COMP_CWORD": "2"},
    )
    assert "linear-algebra" in result.stdout.split()


def _count_status_queries(mlpath, monkeypatch) -> int:
    statements: list[str] = []
    connect = sqlite_file.connect_readonly

    def traced(path):
        conn = connect(path)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite_file, "connect_readonly", traced)
    mlpath("status")
    return len(statements)


def test_status_issues_the_same_few_queries_for_500_or_200000_entries(
    started, db_path, monkeypatch
):
    def fill(count: int) -> None:
        with sqlite3.connect(db_path) as conn:
            conn.execute("DELETE FROM entry")
            conn.executemany(
                "INSERT INTO entry (day, hours, topic_id, note, created_at)"
                " VALUES (?, 0.1, NULL, NULL, '2026-01-01 00:00:00')",
                [
                    ((date(2016, 11, 2) + timedelta(days=i % 3650)).isoformat(),)
                    for i in range(count)
                ],
            )
            conn.execute("UPDATE settings SET start_date = '2016-11-01'")

    fill(500)
    few = _count_status_queries(started, monkeypatch)
    fill(200_000)
    many = _count_status_queries(started, monkeypatch)
    # 13: the share of practice in the last four weeks is one query more (issue 16).
    assert few == many <= 13
    plan = (
        sqlite3.connect(db_path)
        .execute(
            "EXPLAIN QUERY PLAN SELECT day, sum(hours) FROM entry WHERE learner = 'local'"
            " GROUP BY day"
        )
        .fetchall()
    )
    # aggregated from the covering index alone: no table rows, no sort
    assert "COVERING INDEX ix_entry_learner_day_topic_hours" in str(plan), plan
    assert "TEMP B-TREE" not in str(plan), plan
    assert "TEMP B-TREE" not in str(plan), plan
