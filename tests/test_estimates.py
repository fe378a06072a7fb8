"""`mlpath estimate TOPIC HOURS` (issue 16): the learner's own estimate of one topic, used by
the plan and the forecast, undoable, kept across roadmap upgrades."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import START, query
from mlpath.domain import progress
from mlpath.domain.model import Adjustment, Phase, Settings, Topic
from mlpath.paths import bundled_roadmap


def _phases(run_json) -> dict[int, dict]:
    return {p["number"]: p for p in run_json("plan")["phases"]}


def test_an_estimate_changes_the_plan_by_exactly_the_difference(mlpath, run_json, db_path):
    mlpath("start", "--date", START)
    before = _phases(run_json)
    total = run_json("plan")["remaining_hours"]
    result = mlpath("estimate", "linear-algebra", "100")
    assert "Estimate of Linear Algebra (linear-algebra): 100 h, was the roadmap's 80 h." in (
        result.stdout
    )
    after = _phases(run_json)
    assert after[1]["remaining_hours"] == before[1]["remaining_hours"] + 20
    assert run_json("plan")["remaining_hours"] == total + 20
    assert {n: p["remaining_hours"] for n, p in after.items() if n != 1} == {
        n: p["remaining_hours"] for n, p in before.items() if n != 1
    }
    assert after[1]["finish"] > before[1]["finish"]
    assert query(db_path, "SELECT learner, topic_id, hours FROM estimate") == [
        ("local", "linear-algebra", 100.0)
    ]


def test_show_gives_the_learners_estimate_beside_the_roadmaps(mlpath, run_json):
    mlpath("start", "--date", START)
    mlpath("estimate", "linear-algebra", "60")
    mlpath("log", "15", "--topic", "linear-algebra", "--date", "2026-11-03")
    shown = mlpath("show", "linear-algebra").stdout
    assert "15 logged of 60 estimated" in shown
    assert "45 h left" in shown
    assert "your estimate; the roadmap's is 80 h" in " ".join(shown.split())
    data = run_json("show", "linear-algebra", "--json")
    assert (data["hours"], data["estimate"], data["remaining_hours"]) == (80, 60, 45)


def test_an_estimate_is_undone_and_cleared(mlpath, run_json, db_path):
    mlpath("start", "--date", START)
    plain = run_json("plan")["remaining_hours"]
    mlpath("estimate", "linear-algebra", "100")
    mlpath("estimate", "linear-algebra", "90")
    assert "estimate of linear-algebra: 90 h" in mlpath("undo").stdout
    assert query(db_path, "SELECT hours FROM estimate") == [(100.0,)]
    cleared = mlpath("estimate", "linear-algebra", "--clear").stdout
    assert "the roadmap's 80 h holds again" in cleared
    assert query(db_path, "SELECT count(*) FROM estimate") == [(0,)]
    assert run_json("plan")["remaining_hours"] == plain
    mlpath("undo")
    assert query(db_path, "SELECT hours FROM estimate") == [(100.0,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linear-algebra"], "give HOURS or --clear"),
        (["linear-algebra", "10", "--clear"], "not both"),
        (["linear-algebra", "0"], "0 h is not an estimate a topic can have"),
        (["linear-algebra", "5000"], "5000 h is not an estimate a topic can have"),
        (["linear-algebra", "lots"], "cannot read 'lots' as hours"),
        (["linear-algebra", "--clear"], "has no estimate of yours to clear"),
        (["no-such-topic", "10"], "no topic matches 'no-such-topic'"),
    ],
)
def test_a_bad_estimate_changes_nothing(started, db_path, args, message):
    result = started("estimate", *args, code=4 if "no-such-topic" in args else 1)
    assert message in result.stderr
    assert query(db_path, "SELECT count(*) FROM estimate") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM change") == [(0,)]


def test_an_estimate_follows_its_topic_through_a_rename(mlpath, db_path, tmp_path, monkeypatch):
    mlpath("start", "--date", START)
    mlpath("estimate", "numpy", "30")
    data = yaml.safe_load(bundled_roadmap().read_text())
    data["version"] = "2099.1.0"
    phase2 = next(p for p in data["phases"] if p["number"] == 2)
    topic = next(t for t in phase2["topics"] if t["id"] == "numpy")
    topic.update(id="numpy-arrays", aliases=["numpy"])
    new = Path(tmp_path / "v2.yaml")
    new.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)
    mlpath("start")
    assert query(db_path, "SELECT topic_id, hours FROM estimate") == [("numpy-arrays", 30.0)]
    assert "30 estimated" in mlpath("show", "numpy-arrays").stdout


def test_estimates_travel_with_an_export(mlpath, db_path, tmp_path):
    mlpath("start", "--date", START)
    mlpath("estimate", "linear-algebra", "100")
    path = tmp_path / "out.json"
    mlpath("export", "-o", str(path))
    other = tmp_path / "other.db"
    mlpath("--db", str(other), "import", str(path))
    assert query(other, "SELECT topic_id, hours FROM estimate") == [("linear-algebra", 100.0)]
    # Merged into a database in use: the import's fill in where there is none of one's own.
    third = tmp_path / "third.db"
    mlpath("--db", str(third), "start", "--date", START)
    mlpath("--db", str(third), "estimate", "linear-algebra", "50")
    mlpath("--db", str(third), "estimate", "numpy", "10")
    mlpath("--db", str(third), "import", str(path))
    assert query(third, "SELECT topic_id, hours FROM estimate ORDER BY topic_id") == [
        ("linear-algebra", 50.0),
        ("numpy", 10.0),
    ]


def test_an_estimate_overrides_the_background_factor(mlpath, run_json):
    mlpath("start", "--date", START, "--background", "software-engineer")
    before = _phases(run_json)[1]["remaining_hours"]
    mlpath("estimate", "linear-algebra", "100")
    factor = next(
        a["hours_factor"]
        for p in yaml.safe_load(bundled_roadmap().read_text())["profiles"]
        if p["id"] == "software-engineer"
        for a in p["adjustments"]
        if a["phase"] == "mathematics"
    )
    assert _phases(run_json)[1]["remaining_hours"] == pytest.approx(before - 80 * factor + 100)


@given(
    hours=st.lists(st.floats(min_value=0.5, max_value=100), min_size=1, max_size=6),
    own=st.floats(min_value=0.5, max_value=500),
    factor=st.floats(min_value=0.05, max_value=2.0),
)
def test_a_phase_plans_the_learners_estimate_as_given_and_the_rest_by_the_profile(
    hours, own, factor
):
    topics = [
        Topic(id=f"t{i}", title=f"T{i}", phase=0, kind="topic", hours=h)
        for i, h in enumerate(hours)
    ]
    topics[0] = topics[0]._replace(estimate=own)
    phase = Phase("p", 0, "P", weekly_hours=20, weeks_min=1, weeks_max=2, topics=tuple(topics))
    settings = Settings(
        start_date=date(2026, 11, 2),
        track="nlp",
        adjustments=(Adjustment(0, hours_factor=factor),),
    )
    (planned,) = progress.phase_progress([phase], settings)
    assert planned.remaining_hours == pytest.approx(own + sum(hours[1:]) * factor)
