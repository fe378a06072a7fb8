"""Several learners and a mentor in one PostgreSQL database, with its access rules.

The rules are the database's own (roles and row-level security that `mlpath admin
init-roles` sets up), so each test checks them through mlpath and through plain SQL.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from datetime import date

import pytest

from conftest import START, TODAY
from postgres_server import Database, Server, serve

pytestmark = pytest.mark.postgres

_GROUPS = itertools.count()


@pytest.fixture(scope="module")
def server():
    yield from serve()


@dataclass
class Group:
    db: Database  # as the server's administrator
    urls: dict[str, str]  # each role's URL: owner; ann, ben, cy, dan (learners); mia (mentor)
    names: dict[str, str]  # each role's name in the server

    def sql(self, who: str, statement: str, *params: object) -> list[tuple[object, ...]]:
        return Database(self.urls[who]).query(statement, *params)


@pytest.fixture
def group(server: Server, mlpath, monkeypatch) -> Group:
    """A database set up for a group by its owner, with three learners and a mentor."""
    monkeypatch.delenv("MLPATH_DB", raising=False)
    db = server.new(empty=True)
    prefix = f"g{os.getpid()}_{next(_GROUPS)}"
    names = {who: f"{prefix}_{who}" for who in ("owner", "ann", "ben", "cy", "dan", "mia")}
    database = db.url.rsplit("/", 1)[1].partition("?")[0]
    db.query(f"CREATE ROLE {names['owner']} LOGIN CREATEROLE")
    db.query(f"ALTER DATABASE {database} OWNER TO {names['owner']}")
    db.query(f"ALTER SCHEMA public OWNER TO {names['owner']}")
    urls = {who: _as(db.url, name) for who, name in names.items()}
    out = mlpath("--db", urls["owner"], "admin", "init-roles").stdout
    assert names["owner"] in out and "mlpath_learner" in out
    for who in ("ann", "ben", "cy", "dan"):
        db.query(f"CREATE ROLE {names[who]} LOGIN IN ROLE mlpath_learner")
    db.query(f"CREATE ROLE {names['mia']} LOGIN IN ROLE mlpath_mentor")
    yield Group(db, urls, names)
    server.drop_made()  # the roles own nothing outside the database: they can go too
    for name in names.values():
        Database(server.url).query(f"DROP ROLE IF EXISTS {name}")


def _as(url: str, user: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user).render_as_string(hide_password=False)


def _enrol(group: Group, mlpath, who: str, *, hours: tuple[float, ...], done: str) -> None:
    url = group.urls[who]
    mlpath("--db", url, "start", "--date", START, "--hours", "20")
    for offset, spent in enumerate(hours):
        day = date.fromisoformat(TODAY).toordinal() - offset
        mlpath("--db", url, "log", str(spent), "--date", date.fromordinal(day).isoformat())
    mlpath("--db", url, "done", done)


@pytest.fixture
def three(group: Group, mlpath) -> Group:
    _enrol(group, mlpath, "ann", hours=(3, 2), done="numpy")
    _enrol(group, mlpath, "ben", hours=(1,), done="pandas")
    mlpath("--db", group.urls["cy"], "start", "--date", START)  # has not studied yet
    return group


def test_each_learner_sees_and_undoes_only_their_own(three: Group, mlpath, run_json):
    ann, ben = three.urls["ann"], three.urls["ben"]
    assert run_json("--db", ann, "status")["hours_logged"] == 5
    assert run_json("--db", ben, "status")["hours_logged"] == 1
    assert run_json("--db", three.urls["cy"], "status")["hours_logged"] == 0
    assert [e["hours"] for e in run_json("--db", ben, "hours", "--entries")] == [1]
    # ben's latest change is his own `done pandas`, whatever ann did after it.
    mlpath("--db", ann, "log", "1")
    assert "pandas" in mlpath("--db", ben, "undo").stdout
    assert three.db.query(
        "SELECT learner, count(*) FROM entry GROUP BY learner ORDER BY learner"
    ) == [(three.names["ann"], 3), (three.names["ben"], 1)]
    assert three.db.query("SELECT learner, topic_id, status FROM progress ORDER BY learner") == [
        (three.names["ann"], "numpy", "done")
    ]
    history = mlpath("--db", ann, "history").stdout
    assert "numpy" in history and "pandas" not in history


def test_a_learner_cannot_reach_another_learners_rows_through_mlpath(three: Group, mlpath):
    ann, ben = three.urls["ann"], three.names["ben"]
    # The rules hide ben's rows from ann: to her, ben has not started.
    assert "not been started" in mlpath("--db", ann, "--learner", ben, "status", code=3).stderr
    assert "not been started" in mlpath("--db", ann, "--learner", ben, "log", "1", code=3).stderr
    (ben_entry,) = three.db.query(f"SELECT id FROM entry WHERE learner = '{ben}'")[0]
    mlpath("--db", ann, "log", "--delete", str(ben_entry), code=1)
    assert three.db.query(f"SELECT count(*) FROM entry WHERE learner = '{ben}'") == [(1,)]


def test_a_learner_cannot_read_or_change_another_learners_rows_in_plain_sql(three: Group):
    import psycopg

    ann, ben = three.names["ann"], three.names["ben"]
    assert three.sql("ann", "SELECT DISTINCT learner FROM entry") == [(ann,)]
    assert three.sql("ann", "SELECT name FROM learner") == [(ann,)]
    assert three.sql("ann", f"UPDATE entry SET hours = 9 WHERE learner = '{ben}'") == []
    three.sql("ann", f"DELETE FROM progress WHERE learner = '{ben}'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        three.sql(
            "ann",
            "INSERT INTO entry (learner, day, hours, created_at) VALUES (%s, %s, 1, now())",
            ben,
            TODAY,
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        three.sql("ann", f"UPDATE entry SET learner = '{ben}' WHERE learner = '{ann}'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        three.sql("ann", "UPDATE topic SET hours = 1")  # the roadmap is the owner's
    assert three.db.query(f"SELECT hours FROM entry WHERE learner = '{ben}'") == [(1.0,)]
    assert three.db.query(f"SELECT status FROM progress WHERE learner = '{ben}'") == [("done",)]


def test_a_mentor_reads_everyone_and_writes_nothing(three: Group, mlpath, run_json):
    import psycopg

    mia, ann = three.urls["mia"], three.names["ann"]
    assert run_json("--db", mia, "--learner", ann, "status")["hours_logged"] == 5
    before = three.db.query("SELECT count(*) FROM entry")
    result = mlpath("--db", mia, "--learner", ann, "log", "1", code=12)
    assert "nothing was changed" in result.stderr
    mlpath("--db", mia, "--learner", ann, "done", "pandas", code=12)
    assert three.db.query("SELECT count(*) FROM entry") == before
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        three.sql("mia", f"DELETE FROM entry WHERE learner = '{ann}'")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        three.sql("mia", "INSERT INTO learner (name, created_at) VALUES ('x', now())")
    assert three.db.query("SELECT count(*) FROM entry") == before


def test_the_cohort_view_shows_every_learner_to_a_mentor(three: Group, mlpath, run_json):
    rows = {row["learner"]: row for row in run_json("--db", three.urls["mia"], "cohort")}
    ann, ben, cy = (three.names[who] for who in ("ann", "ben", "cy"))
    assert set(rows) == {ann, ben, cy}
    assert rows[ann]["hours_7_days"] == 5 and rows[ben]["hours_28_days"] == 1
    assert rows[ann]["topics_done"] == 1 and rows[cy]["topics_done"] == 0
    assert rows[ann]["last_logged"] == TODAY and rows[cy]["last_logged"] is None
    # 20 h a week since START: the planned hours of the last 7 days are one week's.
    assert rows[ann]["target_7_days"] == pytest.approx(20)
    assert rows[cy]["no_study_14_days"] is True and rows[ann]["no_study_14_days"] is False
    assert rows[ann]["recent_pace_finish"] is None  # fewer than 4 complete weeks
    text = mlpath("--db", three.urls["mia"], "cohort").stdout
    assert ann in text and cy in text and "No study in 14 days" in text
    # A learner's own view of the cohort holds only themselves.
    assert [r["learner"] for r in run_json("--db", three.urls["ann"], "cohort")] == [ann]


def test_only_the_owner_changes_the_shared_roadmap(three: Group, mlpath, tmp_path):
    from mlpath.paths import bundled_roadmap

    own = tmp_path / "roadmap.yaml"
    text = bundled_roadmap().read_text(encoding="utf-8")
    own.write_text(text.replace('version: "', 'version: "9', 1), encoding="utf-8")
    result = mlpath("--db", three.urls["ann"], "start", "--roadmap", str(own), code=12)
    assert "nothing was changed" in result.stderr
    assert three.db.query("SELECT count(*) FROM settings WHERE roadmap_version LIKE '9%'") == [(0,)]


def test_a_learner_restores_an_export_beside_the_others(three: Group, mlpath, tmp_path, run_json):
    """ann's export restored as a new learner: ids others hold are moved, undo still works."""
    dump = tmp_path / "ann.json"
    mlpath("--db", three.urls["ann"], "export", "-o", str(dump))
    dan = three.urls["dan"]
    mlpath("--db", dan, "import", str(dump))
    assert run_json("--db", dan, "status")["hours_logged"] == 5
    entries = json.loads(dump.read_text(encoding="utf-8"))["entries"]
    assert len(run_json("--db", dan, "hours", "--entries")) == len(entries)
    assert "numpy" in mlpath("--db", dan, "undo").stdout  # ann's last change, now dan's
    assert run_json("--db", dan, "status")["topics_done"] == 0
    mlpath("--db", dan, "log", "1")  # the sequences were moved past the restored ids
    assert run_json("--db", three.urls["ann"], "status")["topics_done"] == 1
    assert run_json("--db", three.urls["ann"], "status")["hours_logged"] == 5


def test_a_restore_beside_others_moves_the_paper_ids_and_their_notes_with_them(
    three: Group, mlpath, tmp_path, run_json
):
    """ben's papers take the first ids; ann's, restored as dan, move past them, notes too."""
    ann, ben, dan = three.urls["ann"], three.urls["ben"], three.urls["dan"]
    for url, title in ((ben, "Ben's paper"), (ben, "Ben's other"), (ann, "Ann's paper")):
        mlpath("--db", url, "paper", "add", title)
    [own] = run_json("--db", ann, "papers")
    assert own["id"] == 3  # the ids are the database's: ben's came first
    mlpath("--db", ann, "paper", "note", "3", "ann's note")
    mlpath("--db", ann, "paper", "read", "3")
    dump = tmp_path / "ann.json"
    mlpath("--db", ann, "export", "-o", str(dump))
    mlpath("--db", dan, "import", str(dump))
    [paper] = run_json("--db", dan, "papers")
    assert paper["title"] == "Ann's paper" and paper["state"] == "read" and paper["id"] > 3
    shown = run_json("--db", dan, "paper", "show", str(paper["id"]))
    assert [n["text"] for n in shown["notes"]] == ["ann's note"]
    assert "paper read" in mlpath("--db", dan, "undo").stdout  # the record names the new id
    assert run_json("--db", dan, "papers")[0]["state"] == "to read"
    mlpath("--db", dan, "paper", "add", "Dan's own")  # the sequence moved past the restored ids
    assert [p["title"] for p in run_json("--db", ben, "papers")] == ["Ben's paper", "Ben's other"]
    assert three.sql("ann", "SELECT count(*) FROM paper_note") == [(1,)]  # only ann's own
