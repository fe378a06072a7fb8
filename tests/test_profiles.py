"""Background profiles (issue 16): data in the roadmap file, chosen at `start`, applied to
the plan from the day they are chosen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import START, TODAY, invoke, query
from mlpath.domain import progress
from mlpath.domain.model import Adjustment, Phase, Settings, Topic
from mlpath.errors import RoadmapError
from mlpath.formats.roadmap_file import load_roadmap, parse_roadmap
from mlpath.paths import bundled_roadmap

BUNDLED = yaml.safe_load(bundled_roadmap().read_text())


def _plan(run_json, *args: str) -> dict[int, dict]:
    return {p["number"]: p for p in run_json("plan", *args)["phases"]}


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def _factors(profile: str) -> dict[str, float]:
    (found,) = [p for p in BUNDLED["profiles"] if p["id"] == profile]
    return {a["phase"]: a for a in found["adjustments"]}


def test_the_bundled_roadmap_defines_the_sources_backgrounds():
    roadmap = load_roadmap(bundled_roadmap())
    assert [p.id for p in roadmap.profiles] == [
        "default", "software-engineer", "maths-phd", "non-stem"
    ]  # fmt: skip
    se = {a.phase: a.hours_factor for a in roadmap.profiles[1].adjustments}
    assert set(se) == {"prerequisites", "mathematics", "python-data"}
    assert all(f is not None and 0 < f < 1 for f in se.values())
    weeks = {a.phase: a.extra_weeks for a in roadmap.profiles[3].adjustments}
    assert set(weeks) == {"prerequisites", "mathematics"}
    assert all(w is not None and 4 <= w <= 6 for w in weeks.values())


def test_non_stem_moves_phases_0_and_1_out_by_the_chosen_weeks_and_nothing_else(mlpath, run_json):
    mlpath("start", "--date", START)
    before = _plan(run_json)
    mlpath("start", "--date", START, "--background", "non-stem")
    after = _plan(run_json)
    extra = {
        n: _factors("non-stem")[p]["extra_weeks"]
        for n, p in ((0, "prerequisites"), (1, "mathematics"))
    }
    assert _days(before[0]["finish"], after[0]["finish"]) == extra[0] * 7
    assert _days(before[1]["finish"], after[1]["finish"]) == (extra[0] + extra[1]) * 7
    phase_0_weekly = BUNDLED["phases"][0]["weekly_hours"]
    assert after[0]["remaining_hours"] == pytest.approx(
        before[0]["remaining_hours"] + extra[0] * phase_0_weekly
    )
    for number in range(2, 8):  # the later phases keep their hours, only starting later
        assert after[number]["remaining_hours"] == before[number]["remaining_hours"]
        assert _days(before[number]["finish"], after[number]["finish"]) == (
            (extra[0] + extra[1]) * 7
        )


def test_software_engineer_shortens_phases_0_to_2_by_the_documented_factors(mlpath, run_json):
    mlpath("start", "--date", START)
    before = _plan(run_json)
    mlpath("start", "--background", "software-engineer")
    after = _plan(run_json)
    factors = _factors("software-engineer")
    for number, phase in ((0, "prerequisites"), (1, "mathematics"), (2, "python-data")):
        assert after[number]["remaining_hours"] == pytest.approx(
            before[number]["remaining_hours"] * factors[phase]["hours_factor"]
        )
        assert after[number]["finish"] < before[number]["finish"]
    for number in range(3, 8):
        assert after[number]["remaining_hours"] == before[number]["remaining_hours"]


def test_maths_phd_skips_phase_1(mlpath, run_json):
    mlpath("start", "--background", "maths-phd")
    plan = _plan(run_json)
    assert 1 not in plan and {0, 2} <= plan.keys()
    status = run_json("status", "--json")
    assert status["background"] == "maths-phd"
    assert status["skipped_phases"] == []  # the learner's own choice stays as it was
    shown = mlpath("status").stdout
    assert "· background maths-phd\n" in shown
    assert "skipped" in shown


def test_status_plan_and_share_say_which_background_is_in_force(mlpath, run_json):
    mlpath("start", "--background", "software-engineer")
    assert "· background software-engineer\n" in mlpath("status").stdout
    assert "· background software-engineer" in mlpath("plan").stdout
    assert run_json("plan")["background"] == "software-engineer"
    assert "- Background: Software engineer (software-engineer)" in mlpath("share").stdout


def test_start_without_a_background_off_a_terminal_asks_nothing_and_takes_the_default(
    mlpath, db_path
):
    result = mlpath("start")
    assert "Which background" not in result.stdout
    assert "background  default" in result.stdout
    assert query(db_path, "SELECT profile FROM settings") == [("default",)]


def test_start_at_a_terminal_asks_once_with_the_list(db_path, monkeypatch):
    from mlpath.render import setup as view

    monkeypatch.setattr(view, "interactive", lambda: True)
    result = invoke(CliRunner(), ["start"], input="x\n4\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Which background fits you best?" in out
    assert "  2. Software engineer (software-engineer):" in out
    assert "'x' is not one of them" in out
    assert query(db_path, "SELECT profile FROM settings") == [("non-stem",)]
    again = invoke(CliRunner(), ["start", "--hours", "25"], input="")
    assert again.exit_code == 0, again.output
    assert "Which background" not in again.stdout  # asked once: at the first start only
    assert query(db_path, "SELECT profile FROM settings") == [("non-stem",)]


def test_an_unknown_background_is_refused_with_the_list(mlpath, db_path):
    result = mlpath("start", "--background", "non-stm", code=1)
    assert "unknown background 'non-stm'" in result.stderr
    assert "did you mean 'non-stem'?" in result.stderr
    assert not db_path.exists()


def test_changing_the_background_counts_from_that_day_and_undo_takes_it_back(
    mlpath, run_json, db_path
):
    mlpath("start", "--date", START, "--background", "non-stem")
    weeks_before = run_json("hours")
    result = mlpath("start", "--background", "default")
    assert "background non-stem -> default" in result.stdout
    assert f"from {TODAY}" in result.stdout
    last_day = (date.fromisoformat(TODAY) - timedelta(days=1)).isoformat()
    assert query(db_path, "SELECT first_day, last_day, profile FROM settings_period") == [
        (START, last_day, "non-stem")
    ]
    assert run_json("hours")[:3] == weeks_before[:3]  # past weeks keep their targets
    mlpath("undo")
    assert query(db_path, "SELECT profile FROM settings") == [("non-stem",)]
    assert query(db_path, "SELECT count(*) FROM settings_period") == [(0,)]


def test_the_background_travels_with_an_export(mlpath, db_path, tmp_path):
    mlpath("start", "--date", START, "--background", "maths-phd")
    mlpath("start", "--background", "non-stem")
    path = tmp_path / "out.json"
    mlpath("export", "-o", str(path))
    other = tmp_path / "other.db"
    mlpath("--db", str(other), "import", str(path))
    assert query(other, "SELECT profile FROM settings") == [("non-stem",)]
    assert query(other, "SELECT profile FROM settings_period") == [("maths-phd",)]


ROADMAP = """\
format: 1
id: mine
title: "Mine"
version: "1"
weekly_hours: {min: 10, max: 20}
profiles:
  - id: quick
    title: "Quick"
    description: "Faster."
    adjustments:
      - {phase: one, hours_factor: 0.5}
phases:
  - id: one
    number: 0
    title: "One"
    weeks: {min: 1, max: 1}
    weekly_hours: 10
    topics:
      - {id: a, title: "A", kind: topic, hours: 10}
"""


def test_a_custom_roadmap_defines_its_own_backgrounds(mlpath, run_json, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(ROADMAP)
    mlpath("start", "--roadmap", str(path), "--background", "quick")
    assert _plan(run_json)[0]["remaining_hours"] == 5
    assert (
        "unknown background 'default'" in mlpath("start", "--background", "default", code=1).stderr
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("hours_factor: 0.5", "exactly one of hours_factor, extra_weeks or skip"),
        ("hours_factor: 0.5, skip: true", "exactly one of hours_factor, extra_weeks or skip"),
        ("skip: false", "field 'skip'"),
        ("hours_factr: 0.5", "did you mean 'hours_factor'?"),
    ],
)
def test_a_broken_profile_is_reported_with_its_line(change, message):
    text = ROADMAP.replace("{phase: one, hours_factor: 0.5}", "{phase: one, " + change + "}")
    if change == "hours_factor: 0.5":
        text = text.replace("{phase: one, hours_factor: 0.5}", "{phase: one}")
    with pytest.raises(RoadmapError) as raised:
        parse_roadmap(text, "mine.yaml")
    assert str(raised.value).startswith("mine.yaml, line 11: ")
    assert message in str(raised.value)


def test_a_profile_naming_an_unknown_phase_is_refused():
    with pytest.raises(RoadmapError, match=r"line 11: profile 'quick': unknown phase 'two'"):
        parse_roadmap(ROADMAP.replace("{phase: one,", "{phase: two,"), "mine.yaml")


_HOURS = st.floats(min_value=0.5, max_value=100)


@given(
    hours=st.lists(_HOURS, min_size=1, max_size=6),
    factor=st.floats(min_value=0.05, max_value=1.0),
    extra=st.floats(min_value=0.5, max_value=10),
)
def test_a_factor_never_lengthens_a_phase_and_extra_weeks_add_exactly_their_hours(
    hours, factor, extra
):
    topics = tuple(Topic(id=f"t{i}", title=f"T{i}", phase=0, kind="topic", hours=h)
                   for i, h in enumerate(hours))  # fmt: skip
    phase = Phase("p", 0, "P", weekly_hours=20, weeks_min=1, weeks_max=2, topics=topics)
    plain = Settings(start_date=date(2026, 11, 2), track="nlp")
    (as_written,) = progress.phase_progress([phase], plain)
    scaled = plain._replace(adjustments=(Adjustment(0, hours_factor=factor),))
    (compressed,) = progress.phase_progress([phase], scaled)
    assert compressed.remaining_hours <= as_written.remaining_hours + 1e-9
    longer = plain._replace(adjustments=(Adjustment(0, extra_weeks=extra),))
    (lengthened,) = progress.phase_progress([phase], longer)
    assert lengthened.remaining_hours == pytest.approx(as_written.remaining_hours + extra * 20)
