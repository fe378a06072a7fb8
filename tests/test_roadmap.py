"""The bundled roadmap, and the errors a broken roadmap file gets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mlpath.errors import RoadmapError
from mlpath.formats.roadmap_file import MAX_FILE_BYTES, load_roadmap, parse_roadmap
from mlpath.paths import bundled_roadmap

PHASE_HOURS = {0: 20, 1: 25, 2: 25, 3: 25, 4: 30, 5: 30, 6: 25, 7: 20}


@pytest.fixture(scope="module")
def roadmap():
    return load_roadmap(bundled_roadmap())


def test_bundled_roadmap_has_eight_phases_with_the_sources_weekly_hours(roadmap):
    assert [p.number for p in roadmap.phases] == list(range(8))
    assert {p.number: p.weekly_hours for p in roadmap.phases} == PHASE_HOURS
    assert roadmap.weekly_hours.min == 20 and roadmap.weekly_hours.max == 30
    assert [t.id for t in roadmap.tracks] == ["nlp", "cv", "rl", "causal"]
    assert roadmap.default_track == "nlp"


def test_each_phase_topic_hours_add_up_to_its_budget(roadmap):
    for phase in roadmap.phases:
        common = sum(t.hours for t in phase.topics if not t.track and not t.optional)
        tracks = {t.track for t in phase.topics if t.track}
        for track in tracks or {None}:
            on_track = sum(t.hours for t in phase.topics if t.track == track and track)
            assert common + on_track == phase.budget, (phase.id, track)


def test_phase_5_offers_every_track(roadmap):
    phase5 = next(p for p in roadmap.phases if p.number == 5)
    assert {t.track for t in phase5.topics} == {None, "nlp", "cv", "rl", "causal"}


def test_topics_have_kinds_hours_and_summaries(roadmap):
    topics = [t for _, t in roadmap.topics()]
    assert {t.kind for t in topics} == {"topic", "exercise", "project"}
    assert all(t.hours > 0 and t.summary for t in topics)
    ids = {t.id for t in topics}
    assert {
        "linear-algebra",
        "csv-statistics-program",
        "linear-regression-from-scratch",
        "transformer-from-scratch",
    } <= ids


GOOD_TOPIC = "      - {id: a, title: A, kind: topic, hours: 5}\n"


def _roadmap(topics: str = GOOD_TOPIC, extra: str = "") -> str:
    return (
        "format: 1\nid: mine\ntitle: Mine\nversion: '1'\nweekly_hours: {min: 20, max: 30}\n"
        f"{extra}phases:\n  - id: one\n    number: 0\n    title: One\n"
        "    weeks: {min: 1, max: 2}\n    weekly_hours: 20\n    topics:\n" + topics
    )


def test_a_minimal_roadmap_loads():
    assert parse_roadmap(_roadmap()).phases[0].topics[0].id == "a"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            _roadmap("      - {id: a, title: A, kind: topic, hourz: 5}\n"),
            "line 13: 'one' > 'a': unknown key 'hourz' (did you mean 'hours'?)",
        ),
        (
            _roadmap("      - {id: a, title: A, kind: topic}\n"),
            "line 13: 'one' > 'a': missing field 'hours'",
        ),
        (
            _roadmap("      - {id: a, title: A, kind: topic, hours: -2}\n"),
            "line 13: 'one' > 'a': field 'hours': Input should be greater than 0",
        ),
        (_roadmap("      - {id: a, title: A, kind: topic, hours: 0}\n"), "greater than 0"),
        (_roadmap("      - {id: a, title: A, kind: lecture, hours: 2}\n"), "field 'kind'"),
        (
            _roadmap(GOOD_TOPIC + "      - {id: a, title: B, kind: topic, hours: 5}\n"),
            "line 14: duplicate topic id 'a'",
        ),
        (
            _roadmap(GOOD_TOPIC + "      - {id: b, title: a, kind: topic, hours: 5}\n"),
            "line 14: topic 'b': duplicate title 'a'",
        ),
        (
            _roadmap("      - {id: a, title: A, kind: topic, hours: 5, track: nlp}\n"),
            "unknown track 'nlp'",
        ),
        (_roadmap("      - {id: Not A Slug, title: A, kind: topic, hours: 5}\n"), "field 'id'"),
        (_roadmap("      - {id: a, title: A, kind: topic, hours: 5\n"), "line 14"),
        (_roadmap(extra="id: again\n"), "line 6: duplicate key 'id'"),
        (_roadmap(extra="base: &b {x: 1}\nother: *b\n"), "aliases (*name) are not allowed"),
        (_roadmap(extra="evil: !!python/object:os.system {}\n"), "line 6"),
        ("- just\n- a list\n", "must be a mapping with phases, not a list"),
        ("a: " + "[" * 20_000 + "]" * 20_000, "nested too deeply"),
        ("a: &x [1, 2]\nb: [*x, *x, *x, *x]\n", "aliases (*name) are not allowed"),
        ("", "must be a mapping with phases, not an empty file"),
    ],
)
def test_broken_roadmaps_name_the_line_and_the_problem(text, message):
    with pytest.raises(RoadmapError) as caught:
        parse_roadmap(text, "mine.yaml")
    assert caught.value.message.startswith("mine.yaml")
    assert message in caught.value.message


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 10))
    with pytest.raises(RoadmapError, match="larger than"):
        load_roadmap(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(RoadmapError, match="cannot read roadmap"):
        load_roadmap(tmp_path / "nope.yaml")


def test_the_bundled_file_is_plain_safe_yaml():
    assert isinstance(yaml.safe_load(bundled_roadmap().read_text()), dict)


def test_the_cheap_version_peek_agrees_with_the_loader(roadmap, tmp_path):
    from mlpath.paths import peek_version

    assert peek_version(bundled_roadmap()) == roadmap.version
    odd = tmp_path / "odd.yaml"
    odd.write_text("# version: 0\nformat: 1\nversion: '2.0-beta'  # pre-release\n")
    assert peek_version(odd) == "2.0-beta"
    assert peek_version(tmp_path / "missing.yaml") is None
