"""Exploring the roadmap: `find`, `show`, `next`, and following your own roadmap file."""

from __future__ import annotations

import copy

import pytest
import yaml

from conftest import dump, query
from mlpath.formats.roadmap_file import MAX_FILE_BYTES
from mlpath.paths import bundled_roadmap


def test_find_searches_titles_summaries_and_resources(started, run_json):
    hits = run_json("find", "linear algebra")
    assert hits[0]["id"] == "linear-algebra" and hits[0]["found_in"] == "title"
    assert {"phase", "status", "found_in"} <= set(hits[0])
    by_resource = run_json("find", "strang")
    assert any(h["found_in"] == "resource" and "Strang" in h["resource"] for h in by_resource)
    text = started("find", "broadcasting").stdout
    assert "summary" in text and "mlpath show TOPIC" in text


def test_find_with_no_match_or_no_words(started):
    assert "Nothing in the roadmap matches 'zyzzyva'" in started("find", "zyzzyva").stdout
    assert "nothing to search for" in started("find", "  ", code=1).stderr


def test_show_names_sources_and_links_resources(started):
    text = started("show", "transformers attention").stdout
    assert "Sources:" in text and "The Complete Machine Learning Roadmap" in text
    assert "<https://" in text  # a resource with its address visible


def test_show_json_has_the_topic_details(started, run_json):
    data = run_json("show", "numpy")
    assert data["id"] == "numpy" and data["summary"] and data["resources"]
    assert {"title", "kind"} <= set(data["resources"][0])


def test_topics_json_has_optional_sources_and_resources(started, run_json):
    topic = run_json("topics")[0]
    assert {"optional", "sources", "resources"} <= set(topic)
    assert isinstance(topic["sources"], list) and topic["sources"]


def test_next_lists_the_open_topics_of_the_current_phase(started, run_json):
    # `next` offers what the plan counts: an optional topic is the learner's choice.
    phase0 = [t["id"] for t in run_json("topics", "--phase", "0") if not t["optional"]]
    assert [t["id"] for t in run_json("next")] == phase0[:3]
    started("done", phase0[0])
    assert [t["id"] for t in run_json("next", "-n", "1")] == [phase0[1]]
    started("done", *phase0[1:])
    text = started("next").stdout
    assert "Phase 1 · Mathematics Foundations" in text and "linear-algebra" in text


def _own_roadmap(tmp_path, text=None):
    path = tmp_path / "mine.yaml"
    path.write_text(
        text
        or (
            "format: 1\nid: mine\ntitle: My Own Path\nversion: '1'\n"
            "weekly_hours: {min: 10, max: 15}\nphases:\n"
            "  - id: basics\n    number: 0\n    title: Basics\n    weeks: {min: 1, max: 1}\n"
            "    weekly_hours: 10\n    topics:\n"
            "      - {id: vectors, title: Vectors, kind: topic, hours: 6}\n"
            "      - {id: gradients, title: Gradients, kind: exercise, hours: 4}\n"
        )
    )
    return path


def test_start_with_your_own_roadmap(mlpath, db_path, tmp_path, run_json):
    path = _own_roadmap(tmp_path)
    result = mlpath("start", "--roadmap", str(path))
    assert "My Own Path (1): 1 phases, 2 topics" in result.stdout
    assert [t["id"] for t in run_json("topics")] == ["vectors", "gradients"]
    assert query(db_path, "SELECT roadmap_file, weekly_min FROM settings") == [(str(path), 10.0)]
    mlpath("done", "vectors")
    mlpath("start", "--hours", "12")  # keeps following the same file, without a warning
    assert [t["id"] for t in run_json("topics")] == ["vectors", "gradients"]
    mlpath("start", "--roadmap", "bundled")
    assert query(db_path, "SELECT roadmap_file FROM settings") == [(None,)]
    assert query(db_path, "SELECT retired FROM topic WHERE id = 'vectors'") == [(1,)]
    assert query(db_path, "SELECT status FROM progress WHERE topic_id = 'vectors'") == [("done",)]


BROKEN = {
    "invalid YAML": ("format: 1\nphases: [\n", "line 3"),
    "unknown key": (
        yaml.safe_dump({"format": 1, "id": "x", "title": "X", "version": "1", "colour": "red"}),
        "unknown key 'colour'",
    ),
    "not a mapping": ("- one\n- two\n", "must be a mapping"),
}


def _bundled_with(mutate):
    data = yaml.safe_load(bundled_roadmap().read_text())
    mutate(data)
    return yaml.safe_dump(data, sort_keys=False)


def _first_topic(data):
    return data["phases"][0]["topics"][0]


BROKEN |= {
    "duplicate id": (
        _bundled_with(lambda d: d["phases"][1]["topics"].append(copy.deepcopy(_first_topic(d)))),
        "duplicate topic id",
    ),
    "missing field": (
        _bundled_with(lambda d: _first_topic(d).pop("hours")),
        "missing field 'hours'",
    ),
    "negative hours": (
        _bundled_with(lambda d: _first_topic(d).update(hours=-3)),
        "field 'hours': Input should be greater than 0",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_roadmap_is_refused_with_its_line_and_changes_nothing(
    mlpath, db_path, tmp_path, case
):
    text, message = BROKEN[case]
    path = _own_roadmap(tmp_path, text)
    result = mlpath("start", "--roadmap", str(path), code=6)
    assert str(path) in result.stderr and message in result.stderr
    assert "line " in result.stderr
    assert not db_path.exists()


def test_a_broken_roadmap_leaves_an_existing_database_alone(started, db_path, tmp_path):
    before = dump(db_path)
    path = _own_roadmap(tmp_path, "format: 1\nphases: {\n")
    started("start", "--roadmap", str(path), code=6)
    assert dump(db_path) == before


def test_a_very_large_roadmap_file_is_refused(mlpath, db_path, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# x\n" * (MAX_FILE_BYTES // 4 + 1))
    assert "larger than" in mlpath("start", "--roadmap", str(path), code=6).stderr
    assert not db_path.exists()


def test_a_missing_roadmap_file(mlpath, tmp_path):
    missing = tmp_path / "nope.yaml"
    assert "cannot read roadmap" in mlpath("start", "--roadmap", str(missing), code=6).stderr
