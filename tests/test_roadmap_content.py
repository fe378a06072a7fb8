"""The bundled roadmap's content: complete, consistent, and described by its JSON Schema."""

from __future__ import annotations

import json
import re
from collections import Counter

import jsonschema
import pytest
import yaml

from conftest import START
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
        # A phase with any track's topics must hold its budget for every track: a track
        # with nothing there would plan fewer hours than the others.
        tracks = {track.id for track in roadmap.tracks} if per_track else {None}
        totals = {track: common + per_track[track] for track in tracks}
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


# Hosts that serve no https at all, where a plain http link is the only one there is.
HTTP_ONLY: frozenset[str] = frozenset()
# Query parameters that track who sent a reader or carry a (soon expired) discount: they
# say nothing about the page, so a link is better without them.
TRACKING = re.compile(r"^(utm_.*|ref|ref_src|couponcode|fbclid|gclid|mc_cid|mc_eid|igshid|si)$")


def _urls(roadmap):
    for source in roadmap.sources:
        if source.url:
            yield f"source {source.id}", source.url
    for _, topic in roadmap.topics():
        for resource in topic.resources:
            if resource.url:
                yield topic.id, resource.url


def test_every_url_is_https_and_free_of_tracking_parameters(roadmap):
    from urllib.parse import parse_qsl, urlsplit

    for where, url in _urls(roadmap):
        parts = urlsplit(url)
        assert parts.scheme == "https" or parts.hostname in HTTP_ONLY, (where, url)
        tracking = [k for k, _ in parse_qsl(parts.query) if TRACKING.match(k.casefold())]
        assert not tracking, (where, url)


def _same_link(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def test_no_topic_lists_one_resource_twice(roadmap):
    for _, topic in roadmap.topics():
        titles = [r.title.casefold() for r in topic.resources]
        links = [_same_link(r.url) for r in topic.resources if r.url]
        assert len(titles) == len(set(titles)), (topic.id, titles)
        assert len(links) == len(set(links)), (topic.id, links)


def test_every_track_has_an_exercise_or_project(roadmap):
    for track in roadmap.tracks:
        practice = [
            t.id
            for _, t in roadmap.topics()
            if t.track == track.id and t.kind in ("exercise", "project") and not t.optional
        ]
        assert practice, track.id


# Notes to read rather than work to do: they must not carry required hours.
GUIDANCE = ("recommended-learning-path", "portfolio-criteria", "career-pathways")


def test_guidance_notes_are_optional_and_every_required_topic_has_a_resource(roadmap):
    topics = {t.id: t for _, t in roadmap.topics()}
    for topic_id in GUIDANCE:
        assert topics[topic_id].optional, topic_id
    # A required topic is study or practice: the learner is given somewhere to start.
    bare = [t.id for t in topics.values() if not t.optional and not t.resources]
    assert not bare, bare


# Every topic issue 17 names, renamed, merged, moved or re-scoped: still found by its id.
NAMED_IN_ISSUE_17 = (
    "algorithms-from-scratch",
    "programming-fundamentals",
    "data-structures-algorithms",
    "multivariable-calculus",
    "publishing-recognition",
    "kaggle-competition-results",
    "recommended-learning-path",
    "optimisation-theory",
    "reinforcement-learning-basics",
    "mdps-q-learning",
    "feature-importance",
    "explainable-ai",
    "deep-learning-project",
    "intermediate-projects",
    "full-stack-ml-project",
    "advanced-projects",
    "object-oriented-programming",
    "networking",
    "career-pathways",
    "portfolio-criteria",
    "vision-transformers",
    "vision-3d-video",
    "cate",
    "causal-dags",
)


def test_the_topics_issue_17_names_exist_under_their_ids_or_aliases(roadmap):
    known = {slug for _, t in roadmap.topics() for slug in (t.id, *t.aliases)}
    assert set(NAMED_IN_ISSUE_17) <= known, set(NAMED_IN_ISSUE_17) - known


def test_the_moves_issue_17_asks_for_are_made(roadmap):
    phase_of = {t.id: p.number for p, t in roadmap.topics()}
    assert phase_of["object-oriented-programming"] == 0
    assert phase_of["networking"] == 0
    merged = {alias: t.id for _, t in roadmap.topics() for alias in t.aliases}
    assert merged["intermediate-projects"] == "deep-learning-project"
    assert merged["advanced-projects"] == "full-stack-ml-project"


def test_phase_5_has_the_paper_reading_exercise_that_took_over_phase_7s_topic(roadmap):
    phase_of = {t.id: p.number for p, t in roadmap.topics()}
    reading = next(t for _, t in roadmap.topics() if t.id == "paper-reading")
    assert (phase_of["paper-reading"], reading.kind, reading.optional) == (5, "exercise", False)
    assert reading.track is None  # every track reads papers
    assert "reading-research-papers" in reading.aliases
    assert "2-3" in reading.title and "run the" in reading.summary  # the method's last step


def test_phase_7s_projects_belong_to_tracks_and_its_stretch_goals_are_optional(roadmap):
    topics = {t.id: t for _, t in roadmap.topics()}
    assert {t: topics[t].track for t in (
        "project-computer-vision", "project-nlp", "project-reinforcement-learning",
        "project-causal-inference",
    )} == {
        "project-computer-vision": "cv", "project-nlp": "nlp",
        "project-reinforcement-learning": "rl", "project-causal-inference": "causal",
    }  # fmt: skip
    for optional in (
        "project-time-series",
        "project-recommendation-systems",
        "kaggle-competition-results",
        "research-paper",
    ):
        assert topics[optional].optional and topics[optional].track is None, optional
    interview = topics["interview-preparation"]
    assert (interview.kind, interview.optional) == ("exercise", False)
    for step in ("LeetCode", "from memory", "flashcards", "system design"):
        assert step in interview.summary, step
    assert topics["portfolio-review"].kind == "exercise"


def test_the_early_phases_summaries_give_the_background_advice(roadmap):
    summary = {p.number: p.summary for p in roadmap.phases}
    assert "software-engineer" in summary[0] and "non-stem" in summary[0]
    assert "maths-phd" in summary[1] and "non-stem" in summary[1]
    assert "software-engineer" in summary[2]


def test_an_nlp_learners_required_phase_7_hours_exclude_the_cv_and_rl_projects(mlpath, run_json):
    mlpath("start", "--date", START, "--track", "nlp")

    def phase_7_hours() -> float:
        (phase,) = [p for p in run_json("plan")["phases"] if p["number"] == 7]
        return phase["remaining_hours"]

    budget = 13 * 20  # phase 7's 12-14 weeks at 20 h/week
    assert phase_7_hours() == budget
    # Work on another track's project or on an optional one takes nothing off the plan...
    mlpath("done", "project-computer-vision", "project-reinforcement-learning")
    mlpath("done", "project-time-series", "kaggle-competition-results")
    assert phase_7_hours() == budget
    # ...while the learner's own track's project does, by its hours.
    mlpath("done", "project-nlp")
    assert phase_7_hours() == budget - 50
    mlpath("start", "--track", "cv")  # the computer-vision project, already done, counts now
    assert phase_7_hours() == budget - 50
