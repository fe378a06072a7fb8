"""Upgrading from the previous bundled roadmap keeps every topic done and every hour logged.

tests/data/roadmap-previous.yaml is the bundled roadmap as mlpath shipped it before
issue 17 (`git show 1a10d1a:data/roadmap.yaml`), and tests/data/roadmap-2026.12.0.yaml
the one before issue 16's content (`git show 62eb2a0:data/roadmap.yaml`). A learner who
had marked every one of a past roadmap's topics done and logged hours on each must find
all of it after the upgrade, under the topic's own id or under the topic that took it
over by an alias.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import START, query
from mlpath.formats.roadmap_file import load_roadmap
from mlpath.paths import bundled_roadmap

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("past", ["roadmap-previous.yaml", "roadmap-2026.12.0.yaml"])
def test_a_past_bundled_roadmap_upgrades_keeping_every_done_topic_and_hour(
    mlpath, db_path, monkeypatch, past
):
    past_file = DATA / past
    current_file = bundled_roadmap()
    previous, current = load_roadmap(past_file), load_roadmap(current_file)
    assert previous.version != current.version  # or the upgrade would not happen
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: past_file)
    mlpath("start", "--date", START)
    old_ids = [t.id for _, t in previous.topics()]
    mlpath("done", *old_ids, "--date", "2026-11-20")
    logged: Counter[str] = Counter()
    for i, topic_id in enumerate(old_ids):
        hours = 0.5 + i % 4 * 0.5  # at most a few entries, and 10 h, a day
        day = date.fromisoformat(START) + timedelta(days=i % 21)
        mlpath("log", f"{hours:g}", "--topic", topic_id, "--date", day.isoformat())
        logged[topic_id] += hours

    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: current_file)
    result = mlpath("start")
    assert f"ml-roadmap {previous.version} -> ml-roadmap {current.version}" in result.stdout
    assert "retired" not in result.stdout, result.stdout
    owner = {slug: t.id for _, t in current.topics() for slug in (t.id, *t.aliases)}
    lost = [topic_id for topic_id in old_ids if topic_id not in owner]
    assert not lost, lost
    for old, new in owner.items():
        if old != new and old in old_ids:
            assert f"progress of '{old}' moved to '{new}'" in result.stdout

    expected: Counter[str] = Counter()
    for topic_id, hours in logged.items():
        expected[owner[topic_id]] += hours
    for topic_id, hours in expected.items():
        shown = json.loads(mlpath("show", topic_id, "--json").stdout)
        assert (shown["status"], shown["hours_logged"]) == ("done", hours), topic_id
    assert query(db_path, "SELECT count(*), sum(hours) FROM entry") == [
        (len(old_ids), sum(logged.values()))
    ]
    assert query(db_path, "SELECT count(*) FROM topic WHERE retired") == [(0,)]
