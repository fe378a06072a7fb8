"""Issue 12, point 2: settings take effect from the day they change.

The learner of the issue: ten months in, at 25 h/week but studying less, who lowers
the target to 20 h/week. The weeks before the change keep their targets, balance
and streak; the baseline the pace verdict compares against stays put.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dump, query
from mlpath.domain import reports
from mlpath.domain.model import SettingsPeriod

START = date(2026, 1, 5)  # a Monday, ten months before the pinned TODAY
TODAY = date(2026, 11, 25)


def _year_export(weekly_hours: float) -> dict:
    """An export of a learner who started on START at 25 h/week and logged
    `weekly_hours` a week (Monday to Friday) since."""
    entries = []
    day, entry_id = START, 1
    while day < TODAY:
        if day.weekday() < 5:
            entries.append(
                {
                    "id": entry_id,
                    "day": day.isoformat(),
                    "hours": weekly_hours / 5,
                    "topic_id": None,
                    "note": None,
                    "created_at": f"{day.isoformat()}T20:00:00+00:00",
                }
            )
            entry_id += 1
        day += timedelta(days=1)
    from mlpath.paths import bundled_roadmap, peek_version

    return {
        "format": "mlpath-export",
        "version": 3,
        "mlpath": "0.1.0",
        "settings": {
            "start_date": START.isoformat(),
            "hours_per_week": 25,
            "track": "nlp",
            "skipped_phases": [],
            "weekly_min": 20,
            "weekly_max": 30,
            "roadmap_id": "ml-roadmap",
            "roadmap_version": peek_version(bundled_roadmap()),
            "roadmap_file": None,
            "created_at": f"{START.isoformat()}T10:00:00+00:00",
            "updated_at": f"{START.isoformat()}T10:00:00+00:00",
        },
        "progress": [],
        "entries": entries,
        "history": [],
    }


@pytest.fixture
def ten_months_behind(mlpath, tmp_path):
    source = tmp_path / "year.json"
    source.write_text(json.dumps(_year_export(22.0)))
    mlpath("import", str(source))
    return mlpath


def _weeks(mlpath) -> list[dict]:
    return json.loads(mlpath("hours", "--weeks", "1000", "--json").stdout)


def test_lowering_the_hours_in_month_ten_keeps_every_past_week(ten_months_behind, db_path):
    mlpath = ten_months_behind
    before = _weeks(mlpath)
    plan_before = json.loads(mlpath("plan", "--json").stdout)
    complete = [w for w in before if w["complete"]]
    assert complete[-1]["balance"] < -100  # 3 h a week short for 46 weeks
    said = mlpath("start", "--hours", "20").stdout
    assert "from 2026-11-25: the new settings count from this day" in " ".join(said.split())
    after = _weeks(mlpath)
    done_before = [w for w in after if w["complete"]]
    # Every week that ended before the change keeps its target, balance and verdict.
    assert [(w["target"], w["balance"], w["on_target"]) for w in done_before] == [
        (w["target"], w["balance"], w["on_target"]) for w in complete
    ]
    # The running week has two days at 25 h/week and today on at 20.
    running = after[-1]
    assert running["target"] == pytest.approx((2 * 25 + 5 * 20) / 7, abs=0.05)
    plan_after = json.loads(mlpath("plan", "--json").stdout)
    assert plan_after["baseline"] == plan_before["baseline"] == START.isoformat()
    assert [p["baseline_finish"] for p in plan_after["phases"]] == [
        p["baseline_finish"] for p in plan_before["phases"]
    ]
    assert query(db_path, "SELECT first_day, last_day, hours_per_week FROM settings_period") == [
        ("2026-01-05", "2026-11-24", 25.0)
    ]
    assert query(db_path, "SELECT hours_per_week FROM settings") == [(20.0,)]


def test_undo_of_a_settings_change_restores_the_earlier_record_exactly(ten_months_behind, db_path):
    mlpath = ten_months_behind
    before = dump(db_path)
    mlpath("start", "--hours", "20")
    mlpath("undo")
    after = dump(db_path)
    for table in ("settings", "settings_period", "entry"):
        assert after[table] == before[table], table
    assert _weeks(mlpath)[-1]["target"] == pytest.approx(25)


def test_a_second_change_the_same_day_keeps_one_period(started, db_path):
    started("start", "--hours", "20")
    started("start", "--hours", "22")
    assert query(db_path, "SELECT first_day, last_day, hours_per_week FROM settings_period") == [
        ("2026-11-02", "2026-11-24", None)
    ]
    assert query(db_path, "SELECT hours_per_week FROM settings") == [(22.0,)]


def test_rebaseline_moves_the_baseline_and_undo_puts_it_back(ten_months_behind, db_path):
    mlpath = ten_months_behind
    first = json.loads(mlpath("plan", "--json").stdout)
    result = mlpath("plan", "--rebaseline", "--json")
    assert "Baseline: the plan of 2026-11-25" in result.stderr
    moved = json.loads(result.stdout)
    assert moved["baseline"] == TODAY.isoformat()
    assert [p["baseline_finish"] for p in moved["phases"]] == [p["finish"] for p in moved["phases"]]
    assert query(db_path, "SELECT made_on FROM baseline") == [("2026-11-25",)]
    assert "rebaseline: the plan of 2026-11-25" in mlpath("history").stdout
    mlpath("undo")
    assert json.loads(mlpath("plan", "--json").stdout)["baseline"] == first["baseline"]
    assert query(db_path, "SELECT count(*) FROM baseline") == [(0,)]


def test_an_upgraded_database_keeps_its_settings_in_force_from_its_start(started, db_path):
    # A database from before settings periods has none: its settings hold from the start.
    assert query(db_path, "SELECT count(*) FROM settings_period") == [(0,)]
    weeks = _weeks(started)
    assert weeks[0]["week_start"] == "2026-11-02"


# --- the property ------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    before=st.sampled_from([None, 15.0, 20.0, 25.0, 30.0]),
    after=st.sampled_from([None, 10.0, 20.0, 35.0]),
    change_after_days=st.integers(min_value=7, max_value=300),
)
def test_a_settings_change_never_alters_a_week_that_ended_before_it(
    snapshot_of_a_start, before, after, change_after_days
):
    start = snapshot_of_a_start.settings.start_date
    change = start + timedelta(days=change_after_days)
    today = change + timedelta(days=20)
    old = snapshot_of_a_start._replace(
        settings=snapshot_of_a_start.settings._replace(hours_per_week=before)
    )
    new = old._replace(
        settings=old.settings._replace(hours_per_week=after),
        settings_history=(SettingsPeriod(start, change - timedelta(days=1), old.settings),),
    )
    hours = {start + timedelta(days=i): 3.0 for i in range(0, (today - start).days, 2)}
    weeks_old = reports.weeks(old, hours, today)
    weeks_new = reports.weeks(new, hours, today)
    ended = [w for w in weeks_old if w.start + timedelta(days=6) < change]
    assert ended  # a week at least ends before the change
    for w_old, w_new in zip(ended, weeks_new, strict=False):
        assert w_new.target == pytest.approx(w_old.target)
        assert w_new.balance == pytest.approx(w_old.balance)


@pytest.fixture(scope="module")
def snapshot_of_a_start(tmp_path_factory):
    from typer.testing import CliRunner

    from mlpath.cli.commands import app
    from mlpath.paths import database_url
    from mlpath.storage.reads import open_reader

    db = tmp_path_factory.mktemp("start") / "mlpath.db"
    result = CliRunner().invoke(app, ["--db", str(db), "start", "--date", "2026-01-05"])
    assert result.exit_code == 0, result.output
    reader = open_reader(database_url(str(db)))
    try:
        return reader.snapshot()
    finally:
        reader.close()


def test_a_rebaseline_with_a_bad_option_writes_nothing(started, db_path):
    before = dump(db_path)
    result = started("plan", "--rebaseline", "--by", "2020-01-01", code=1)
    assert "--by 2020-01-01 is before the plan starts" in result.stderr
    assert dump(db_path) == before
