"""The portfolio (issue 16): the roadmap's criteria of a strong project as data, the
learner's checks of them, undoable, exported and merged, and the projects in `share`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import START, TODAY, query
from mlpath.domain import portfolio
from mlpath.domain.model import Criterion, Note, PortfolioCheck, Status, Topic
from mlpath.errors import RoadmapError
from mlpath.formats.roadmap_file import load_roadmap, parse_roadmap
from mlpath.paths import bundled_roadmap

BUNDLED_CRITERIA = [
    "real-problem",
    "complete-pipeline",
    "rigorous-evaluation",
    "documented-code",
    "clear-communication",
    "technical-challenge",
]

ROADMAP = """\
format: 1
id: mine
title: "Mine"
version: "1"
weekly_hours: {min: 10, max: 20}
criteria:
  - id: shipped
    title: "Shipped"
    description: "Someone uses it."
  - id: tested
    title: "Tested"
    description: "It has tests."
phases:
  - id: one
    number: 0
    title: "One"
    weeks: {min: 2, max: 2}
    weekly_hours: 10
    topics:
      - {id: basics, title: "Basics", kind: topic, hours: 10}
      - {id: app, title: "An App", kind: project, hours: 10}
"""


def _checks(db_path) -> list[tuple[str, str, str]]:
    return query(
        db_path, "SELECT topic_id, criterion, day FROM portfolio_check ORDER BY topic_id, criterion"
    )


def _met(run_json, project: str) -> list[str]:
    (found,) = [p for p in run_json("portfolio")["projects"] if p["id"] == project]
    return found["criteria_met"]


# --- the roadmap file -------------------------------------------------------------------


def test_the_bundled_roadmap_lists_the_sources_criteria():
    roadmap = load_roadmap(bundled_roadmap())
    assert [c.id for c in roadmap.criteria] == BUNDLED_CRITERIA
    assert all(c.title and c.description for c in roadmap.criteria)


def test_a_custom_roadmap_defines_its_own_criteria(mlpath, run_json, db_path, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(ROADMAP)
    mlpath("start", "--roadmap", str(path), "--date", START)
    shown = run_json("portfolio")
    assert [c["id"] for c in shown["criteria"]] == ["shipped", "tested"]
    assert [p["id"] for p in shown["projects"]] == ["app"]
    mlpath("portfolio", "check", "app", "tested")
    assert _met(run_json, "app") == ["tested"]
    assert "1/2" in mlpath("portfolio").stdout
    # The bundled criteria mean nothing here.
    result = mlpath("portfolio", "check", "app", "real-problem", code=1)
    assert "no criterion matches 'real-problem'" in result.stderr
    assert "shipped, tested" in result.stderr


def test_a_roadmap_without_criteria_lists_projects_and_refuses_checks(mlpath, run_json, tmp_path):
    path = tmp_path / "bare.yaml"
    path.write_text(
        ROADMAP.replace(ROADMAP[ROADMAP.index("criteria:") : ROADMAP.index("phases:")], "")
    )
    mlpath("start", "--roadmap", str(path))
    assert run_json("portfolio")["criteria"] == []
    assert "defines no portfolio criteria" in mlpath("portfolio").stdout
    result = mlpath("portfolio", "check", "app", "tested", code=1)
    assert "this roadmap defines no portfolio criteria" in result.stderr


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        ('title: "Tested"', 10, "missing field 'title'"),
        ('titel: "Tested"', 11, "did you mean 'title'?"),
        ('title: "Shipped"', 10, "duplicate criterion title 'Shipped'"),
    ],
)
def test_a_broken_criterion_is_reported_with_its_line(change, line, message):
    text = ROADMAP.replace(
        '    title: "Tested"\n', f"    {change}\n" if change != 'title: "Tested"' else ""
    )
    with pytest.raises(RoadmapError) as raised:
        parse_roadmap(text, "mine.yaml")
    assert str(raised.value).startswith(f"mine.yaml, line {line}: "), str(raised.value)
    assert message in str(raised.value)


def test_a_duplicate_criterion_id_is_refused_with_its_line():
    text = ROADMAP.replace("  - id: tested", "  - id: shipped")
    with pytest.raises(RoadmapError, match=r"line 10: duplicate criterion id 'shipped'"):
        parse_roadmap(text, "mine.yaml")


# --- portfolio and portfolio check ------------------------------------------------------


def test_check_and_uncheck_are_stored_and_shown(mlpath, run_json, db_path):
    mlpath("start", "--date", START)
    mlpath("done", "beginner-projects", "--link", "https://github.com/ada/houses", "--date", TODAY)
    mlpath("log", "12", "--topic", "beginner-projects", "--date", TODAY)
    checked = mlpath("portfolio", "check", "beginner-projects", "rigorous", "--date", "2026-11-20")
    assert "meets 'Rigorous evaluation' since 2026-11-20" in checked.stdout
    mlpath("portfolio", "check", "Beginner Project Ideas", "Solves a real problem")
    assert _checks(db_path) == [
        ("beginner-projects", "real-problem", TODAY),
        ("beginner-projects", "rigorous-evaluation", "2026-11-20"),
    ]
    (project,) = [p for p in run_json("portfolio")["projects"] if p["id"] == "beginner-projects"]
    assert project["status"] == "done"
    assert project["links"] == ["https://github.com/ada/houses"]
    assert (project["hours_logged"], project["estimate"]) == (12, 10)
    assert project["criteria_met"] == ["real-problem", "rigorous-evaluation"]  # roadmap order
    assert {c["id"]: c["since"] for c in project["criteria"] if c["met"]} == {
        "real-problem": TODAY,
        "rigorous-evaluation": "2026-11-20",
    }
    assert [c["id"] for c in project["criteria"]] == BUNDLED_CRITERIA
    shown = mlpath("portfolio").stdout
    row = next(line for line in shown.splitlines() if "beginner-projects" in line and "/" in line)
    assert row.split()[-3:] == ["12/10", "2/6", "1"]
    assert "  meets: Solves a real problem, Rigorous evaluation\n" in shown
    mlpath("portfolio", "check", "beginner-projects", "real-problem", "--uncheck")
    assert _checks(db_path) == [("beginner-projects", "rigorous-evaluation", "2026-11-20")]


def test_checking_twice_changes_nothing_and_records_nothing(mlpath, db_path):
    mlpath("start", "--date", START)
    mlpath("portfolio", "check", "project-nlp", "real-problem")
    changes = query(db_path, "SELECT count(*) FROM change")
    again = mlpath("portfolio", "check", "project-nlp", "real-problem", "--date", START)
    assert "already meets 'Solves a real problem' (since 2026-11-25); unchanged." in again.stdout
    assert _checks(db_path) == [("project-nlp", "real-problem", TODAY)]  # its own day stays
    mlpath("portfolio", "check", "project-nlp", "documented-code", "--uncheck")
    assert query(db_path, "SELECT count(*) FROM change") == changes


def test_undo_takes_back_a_check_and_an_uncheck(mlpath, run_json, db_path):
    mlpath("start", "--date", START)
    mlpath("portfolio", "check", "project-nlp", "real-problem")
    mlpath("portfolio", "check", "project-nlp", "documented-code")
    mlpath("portfolio", "check", "project-nlp", "real-problem", "--uncheck")
    assert _met(run_json, "project-nlp") == ["documented-code"]
    assert "project-nlp no longer meets real-problem" in mlpath("undo").stdout
    assert _met(run_json, "project-nlp") == ["real-problem", "documented-code"]
    assert _checks(db_path)[1] == ("project-nlp", "real-problem", TODAY)  # its day came back
    mlpath("undo")
    assert _met(run_json, "project-nlp") == ["real-problem"]
    history = mlpath("history").stdout
    assert "portfolio: project-nlp meets documented-code" in history


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "numpy", "real-problem"], "numpy is a topic, not a project"),
        (["check", "project-nlp", "bogus"], "no criterion matches 'bogus'"),
        (["check", "project-nlp"], "`portfolio check` takes a PROJECT and a CRITERION"),
        (["check", "no-such-project", "real-problem"], "no topic matches 'no-such-project'"),
        (["check", "project-nlp", "real-problem", "--date", "2026-12-25"], "in the future"),
        (["check", "project-nlp", "real-problem", "--date", "2026-10-01"], "before your start"),
        (["--uncheck"], "go with `portfolio check`"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(mlpath, db_path, args, message):
    mlpath("start", "--date", START)
    before = query(db_path, "SELECT count(*) FROM change")
    result = mlpath("portfolio", *args, code=1 if "no topic" not in message else 4)
    assert message in result.stderr
    assert query(db_path, "SELECT count(*) FROM change") == before
    assert _checks(db_path) == []


def test_the_portfolio_lists_the_learners_projects_and_another_tracks_once_touched(
    mlpath, run_json
):
    mlpath("start", "--date", START, "--track", "nlp")
    ids = [p["id"] for p in run_json("portfolio")["projects"]]
    assert "project-nlp" in ids and "project-time-series" in ids  # optional ones too
    assert "project-computer-vision" not in ids
    assert "interview-preparation" not in ids  # an exercise, not a project
    mlpath("log", "2", "--topic", "project-computer-vision")
    assert "project-computer-vision" in [p["id"] for p in run_json("portfolio")["projects"]]


def test_link_text_is_shown_literally(mlpath):
    mlpath("start", "--date", START)
    mlpath("done", "project-nlp", "--link", "https://example.org/[bold]x[/bold]")
    mlpath("portfolio", "check", "project-nlp", "real-problem")
    shown = mlpath("portfolio").stdout
    assert "https://example.org/[bold]x[/bold]" in shown
    assert "\x1b" not in shown


# --- export, import and share -----------------------------------------------------------


def test_checks_travel_through_export_restore_and_merge(mlpath, run_json, db_path, tmp_path):
    mlpath("start", "--date", START)
    mlpath("portfolio", "check", "project-nlp", "real-problem", "--date", "2026-11-10")
    mlpath("portfolio", "check", "full-stack-ml-project", "complete-pipeline")
    out = tmp_path / "out.json"
    mlpath("export", "-o", str(out))
    exported = json.loads(out.read_text())
    assert exported["version"] == 6
    assert sorted(
        (c["topic_id"], c["criterion"], c["day"]) for c in exported["portfolio_checks"]
    ) == [
        ("full-stack-ml-project", "complete-pipeline", TODAY),
        ("project-nlp", "real-problem", "2026-11-10"),
    ]
    other = tmp_path / "other.db"
    mlpath("--db", str(other), "import", str(out))
    assert _checks(other) == _checks(db_path)
    # A merge adds the checks not there yet and keeps the learner's own.
    third = tmp_path / "third.db"
    mlpath("--db", str(third), "start", "--date", START)
    mlpath("--db", str(third), "portfolio", "check", "project-nlp", "real-problem")
    merged = mlpath("--db", str(third), "import", str(out))
    assert "Merged" in merged.stdout
    assert _checks(third) == [
        ("full-stack-ml-project", "complete-pipeline", TODAY),
        ("project-nlp", "real-problem", TODAY),  # its own day, not the import's
    ]
    mlpath("--db", str(third), "undo")  # the merge, whole
    assert _checks(third) == [("project-nlp", "real-problem", TODAY)]


def test_an_export_from_before_the_portfolio_still_imports(mlpath, db_path, tmp_path):
    mlpath("start", "--date", START)
    mlpath("done", "project-nlp")
    out = tmp_path / "out.json"
    mlpath("export", "-o", str(out))
    data = json.loads(out.read_text())
    for key in ("portfolio_checks", "papers", "paper_notes"):
        del data[key]
    data["version"] = 5
    out.write_text(json.dumps(data))
    other = tmp_path / "other.db"
    mlpath("--db", str(other), "import", str(out))
    assert query(other, "SELECT status FROM progress WHERE topic_id = 'project-nlp'") == [("done",)]
    assert _checks(other) == []


def test_an_export_with_a_check_twice_is_refused(mlpath, tmp_path):
    mlpath("start", "--date", START)
    mlpath("portfolio", "check", "project-nlp", "real-problem")
    out = tmp_path / "out.json"
    mlpath("export", "-o", str(out))
    data = json.loads(out.read_text())
    data["portfolio_checks"].append(data["portfolio_checks"][0] | {"id": 99})
    out.write_text(json.dumps(data))
    result = mlpath("--db", str(tmp_path / "other.db"), "import", str(out), code=1)
    assert "meets one criterion twice" in result.stderr


def test_the_share_card_lists_the_projects_done_with_links_and_criteria(mlpath):
    mlpath("start", "--date", START)
    mlpath("done", "beginner-projects", "--link", "https://github.com/ada/a|b")
    mlpath("portfolio", "check", "beginner-projects", "documented-code")
    mlpath("portfolio", "check", "project-nlp", "real-problem")  # not done: not on the card
    card = mlpath("share").stdout
    portfolio_part = card[card.index("### Portfolio") :]
    assert portfolio_part == (
        "### Portfolio\n\n"
        f"- **Beginner Project Ideas** (done {TODAY})\n"
        "  - Criteria met (1/6): Well-documented code\n"
        "  - <https://github.com/ada/a|b>\n"
    )
    assert "NLP Project" not in portfolio_part


def test_a_card_without_projects_done_has_no_portfolio(mlpath):
    mlpath("start", "--date", START)
    assert "Portfolio" not in mlpath("share").stdout.replace("Portfolio Projects", "")


def test_a_renamed_project_keeps_its_checks(mlpath, run_json, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(ROADMAP)
    mlpath("start", "--roadmap", str(path), "--date", START)
    mlpath("portfolio", "check", "app", "shipped")
    renamed = ROADMAP.replace('version: "1"', 'version: "2"').replace(
        '{id: app, title: "An App", kind: project, hours: 10}',
        '{id: web-app, title: "A Web App", kind: project, hours: 10, aliases: [app]}',
    )
    path.write_text(renamed)
    mlpath("start", "--roadmap", str(path))
    assert _met(run_json, "web-app") == ["shipped"]
    mlpath("undo")  # the check, recorded under the old id, is found under the new one
    assert _met(run_json, "web-app") == []


# --- the domain -------------------------------------------------------------------------

_CRITERIA = [Criterion(f"c{i}", f"C {i}", "") for i in range(5)]


@given(
    checked=st.lists(st.tuples(st.sampled_from(["p", "q", "t"]), st.sampled_from(_CRITERIA))),
    status=st.sampled_from(list(Status)),
)
def test_a_project_meets_exactly_what_was_checked_in_the_roadmaps_order(checked, status):
    topics = [
        Topic("p", "P", 7, "project", 10, status=status),
        Topic("q", "Q", 7, "project", 10, track="cv"),
        Topic("t", "T", 7, "topic", 10),
    ]
    checks = [PortfolioCheck(t, c.id, date(2026, 11, 1)) for t, c in checked]
    found = portfolio.projects(
        topics,
        "nlp",
        criteria=_CRITERIA,
        checks=checks,
        links=[
            Note("p", date(2026, 11, 2), "link", "u"),
            Note("p", date(2026, 11, 3), "note", "n"),
        ],
        hours_by_topic={},
    )
    by_id = {p.topic.id: p for p in found}
    assert "t" not in by_id  # a topic is never a project
    assert ("q" in by_id) == any(t == "q" for t, _ in checked)  # another track's, once touched
    for project in found:
        wanted = {c.id for t, c in checked if t == project.topic.id}
        assert set(project.met) == wanted
        assert list(project.met) == [c.id for c in _CRITERIA if c.id in wanted]
    assert by_id["p"].links == ("u",)  # links only, not notes
