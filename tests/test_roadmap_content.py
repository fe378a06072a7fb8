"""The bundled roadmap's content: complete, consistent, and described by its JSON Schema."""

from __future__ import annotations

import json
import re
from collections import Counter

import jsonschema
import pytest
import yaml

from mlpath.formats.roadmap_file import json_schema, load_roadmap
from mlpath.paths import bundled_roadmap

URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/[^\s]*)?$")


@pytest.fixture(scope="module")
def roadmap():
    return load_roadmap(bundled_roadmap())


def test_shipped_json_schema_is_current():
    shipped = json.loads((bundled_roadmap().parent / "roadmap.schema.json").read_text())
    assert shipped == json_schema(), (
        "regenerate it: python -m mlpath.formats.roadmap_file > data/roadmap.schema.json"
    )


def test_bundled_roadmap_validates_against_the_json_schema():
    data = yaml.safe_load(bundled_roadmap().read_text())
    jsonschema.validate(data, json_schema())


def test_the_json_schema_rejects_what_the_loader_rejects():
    data = yaml.safe_load(bundled_roadmap().read_text())
    data["phases"][0]["topics"][0]["hourz"] = 3
    with pytest.raises(jsonschema.ValidationError, match="hourz"):
        jsonschema.validate(data, json_schema())


def test_ids_and_titles_are_unique(roadmap):
    topics = [t for _, t in roadmap.topics()]
    ids = [slug for t in topics for slug in (t.id, *t.aliases)]
    assert len(ids) == len(set(ids))
    titles = [t.title.casefold() for t in topics]
    assert len(titles) == len(set(titles))


def test_required_hours_equal_each_phase_budget(roadmap):
    for phase in roadmap.phases:
        required = [t for t in phase.topics if not t.optional]
        common = sum(t.hours for t in required if not t.track)
        per_track = Counter()
        for t in required:
            if t.track:
                per_track[t.track] += t.hours
        totals = {track: common + hours for track, hours in per_track.items()} or {None: common}
        assert set(totals.values()) == {phase.budget}, (phase.id, phase.budget, totals)


def test_every_source_is_used_by_at_least_ten_topics(roadmap):
    uses = Counter(source for _, t in roadmap.topics() for source in t.sources)
    assert {s.id for s in roadmap.sources} == set(uses)
    assert all(uses[s.id] >= 10 for s in roadmap.sources), uses


def test_every_topic_has_a_summary_and_a_source(roadmap):
    for _, topic in roadmap.topics():
        assert topic.summary.strip(), topic.id
        assert topic.sources, topic.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", topic.summary.strip()) if s]
        assert len(sentences) in (1, 2, 3), (topic.id, topic.summary)


def test_every_resource_url_is_well_formed(roadmap):
    urls = [r.url for _, t in roadmap.topics() for r in t.resources if r.url]
    assert urls, "the sources name links; some must be carried"
    for url in urls:
        assert URL.match(url), url


def test_exercises_and_projects_are_present(roadmap):
    kinds = Counter(t.kind for _, t in roadmap.topics())
    assert kinds["exercise"] >= 5 and kinds["project"] >= 8
