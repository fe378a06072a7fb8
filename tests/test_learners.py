"""Learners on SQLite (one, implicit) and the group commands' answers there.

The several-learner behaviour runs against a real server in test_postgres_group.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from conftest import query
from mlpath.domain.cohort import window


def test_a_file_has_one_learner_and_names_them_in_every_row(started, db_path):
    started("log", "2", "--note", "first")
    started("done", "numpy")
    assert query(db_path, "SELECT name FROM learner") == [("local",)]
    for table in ("settings", "progress", "entry", "change"):
        assert set(query(db_path, f"SELECT DISTINCT learner FROM {table}")) == {("local",)}


def test_another_learner_is_refused_on_a_file_and_nothing_changes(started, db_path, monkeypatch):
    before = query(db_path, "SELECT count(*) FROM entry")
    result = started("--learner", "bob", "log", "1", code=1)
    assert "one learner" in result.stderr and "PostgreSQL" in result.stderr
    monkeypatch.setenv("MLPATH_LEARNER", "bob")
    assert "one learner" in started("status", code=1).stderr
    assert query(db_path, "SELECT count(*) FROM entry") == before
    monkeypatch.setenv("MLPATH_LEARNER", "local")  # the file's own learner, by name
    started("status")


def test_a_learner_name_with_control_characters_is_refused(started):
    assert "control characters" in started("--learner", "a\x1b[31m", "status", code=1).stderr


def test_the_group_commands_say_they_need_a_server(started, db_path):
    assert "PostgreSQL" in started("cohort", code=1).stderr
    assert "PostgreSQL" in started("admin", "init-roles", code=1).stderr
    assert query(db_path, "SELECT name FROM learner") == [("local",)]


def test_the_access_rules_sql_is_printed_for_an_administrator(mlpath):
    out = mlpath("admin", "init-roles", "--sql").stdout
    assert "CREATE POLICY own_rows ON entry FOR ALL TO mlpath_learner" in out
    assert "USING (learner = current_user) WITH CHECK (learner = current_user)" in out
    assert "CREATE POLICY mentor_reads ON entry FOR SELECT TO mlpath_mentor" in out
    assert "ENABLE ROW LEVEL SECURITY" in out and "{schema}" not in out
    # A mentor is given no right to write anything.
    assert not [line for line in out.splitlines() if "mlpath_mentor" in line and "INSERT" in line]


@given(
    st.dictionaries(st.dates(date(2026, 1, 1), date(2026, 3, 1)), st.floats(0, 24), max_size=40),
    st.integers(1, 60),
    st.floats(0, 60),
)
def test_a_window_counts_only_its_own_days(hours_by_day, days, weekly):
    today = date(2026, 2, 15)
    logged, planned = window(
        hours_by_day, lambda _day: weekly, today=today, days=days, start=date(2026, 1, 1), off=()
    )
    first = today - timedelta(days=days - 1)
    assert abs(logged - sum(h for d, h in hours_by_day.items() if first <= d <= today)) < 1e-9
    in_plan = sum(1 for i in range(days) if first + timedelta(days=i) >= date(2026, 1, 1))
    assert abs(planned - weekly * in_plan / 7) < 1e-6


def test_a_window_plans_nothing_for_break_days_or_before_the_start():
    today = date(2026, 2, 15)
    off = {today - timedelta(days=i) for i in range(3)}
    _, planned = window({}, lambda _d: 21, today=today, days=7, start=today, off=off)
    assert planned == 0
    _, planned = window({}, lambda _d: 21, today=today, days=7, start=date(2026, 1, 1), off=off)
    assert planned == 12  # four days of three hours
