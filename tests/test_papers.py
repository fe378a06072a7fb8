"""The paper log (issue 16): `paper add|read|note|show|remove`, `papers`, the papers read
a week in `status` during the specialisation phase, `hours` and `calendar`, undo,
history, and export/import."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from conftest import START, TODAY, dump, query
from mlpath.domain import papers
from mlpath.domain.model import Phase, Topic
from mlpath.paths import bundled_roadmap

ATTENTION = ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762")
LORA = ("LoRA: Low-Rank Adaptation of Large Language Models", "https://arxiv.org/abs/2106.09685")
PAPERS = "SELECT id, title, url, topic_id, added_on, read_on, reproduced_on FROM paper ORDER BY id"
ENTRIES = "SELECT day, hours, topic_id, note, practice FROM entry ORDER BY id"
# Phases 0-4 skipped: the learner is in phase 5, where the bundled roadmap's tracks are.
SPECIALISING = [word for n in range(5) for word in ("--skip-phase", str(n))]


@pytest.fixture
def specialising(mlpath):
    mlpath("start", "--date", START, *SPECIALISING)
    return mlpath


def _add(mlpath, title, url=None, *args):
    out = mlpath("paper", "add", title, *(["--url", url] if url else []), *args).stdout
    return int(re.search(r"Paper #(\d+) added", out)[1])


def _roadmap(tmp_path: Path, *, reading_alias: bool) -> Path:
    """The bundled roadmap without a paper-reading topic, or with one of its own
    (`reading-log`, which takes `paper-reading` as an alias)."""
    data = yaml.safe_load(bundled_roadmap().read_text(encoding="utf-8"))
    phase = next(p for p in data["phases"] if p["number"] == 5)
    for p in data["phases"]:
        p["topics"] = [
            t
            for t in p["topics"]
            if t["id"] != papers.READING_TOPIC and papers.READING_TOPIC not in t.get("aliases", [])
        ]
    if reading_alias:
        topic = copy.deepcopy(next(t for t in phase["topics"] if t.get("kind") == "exercise"))
        topic.update(id="reading-log", title="Reading Log", aliases=[papers.READING_TOPIC])
        topic.pop("track", None)
        phase["topics"].append(topic)
    path = tmp_path / "roadmap.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# --- adding and reading --------------------------------------------------------------


def test_a_paper_is_added_read_and_reproduced(specialising, db_path, run_json):
    mlpath = specialising
    out = mlpath(
        "paper", "add", ATTENTION[0], "--url", ATTENTION[1], "--topic", "attention", "--date", "-5"
    )
    assert (
        "Paper #1 added to read (for transformers-attention): Attention Is All You Need"
        in out.stdout
    )
    assert query(db_path, PAPERS) == [
        (1, *ATTENTION, "transformers-attention", "2026-11-20", None, None)
    ]
    read = mlpath("paper", "read", "1", "--date", "2026-11-24").stdout
    assert "Paper #1 read on 2026-11-24: Attention Is All You Need" in read
    assert "Papers: 1 read this week (advised in phase 5: 2-3 a week)." in read
    done = run_json("paper", "read", "#1", "--reproduced")
    assert done["action"] == "reproduced" and done["before"]["state"] == "read"
    assert done["paper"] | {} == {
        "id": 1,
        "title": ATTENTION[0],
        "url": ATTENTION[1],
        "topic": "transformers-attention",
        "state": "reproduced",
        "added_on": "2026-11-20",
        "read_on": "2026-11-24",
        "reproduced_on": TODAY,
    }
    assert query(db_path, "SELECT read_on, reproduced_on FROM paper") == [("2026-11-24", TODAY)]
    assert query(db_path, "SELECT count(*) FROM entry") == [(0,)]  # no --hours, no entry


def test_reproducing_an_unread_paper_reads_it_that_day(specialising, db_path):
    _add(specialising, *LORA, "--date", "-3")
    specialising("paper", "read", "1", "--reproduced", "--date", "yesterday")
    assert query(db_path, "SELECT read_on, reproduced_on FROM paper") == [
        ("2026-11-24", "2026-11-24")
    ]


def test_hours_of_reading_are_logged_as_theory_on_the_papers_topic(specialising, db_path):
    mlpath = specialising
    _add(mlpath, *ATTENTION, "--topic", "transformers-attention")
    out = mlpath("paper", "read", "1", "--hours", "1h30m", "--note", "a soft lookup").stdout
    assert "Logged 1.5 h on Transformers & Attention for 2026-11-25 (entry #1, theory;" in out
    assert "Noted: a soft lookup" in out
    # The topic is a topic, and theory; an exercise's hours would be practice by default.
    assert query(db_path, ENTRIES) == [(TODAY, 1.5, "transformers-attention", "paper #1", 0)]
    assert query(db_path, "SELECT paper_id, day, text FROM paper_note") == [
        (1, TODAY, "a soft lookup")
    ]
    # One change for the reading, its entry and its note.
    assert query(db_path, "SELECT summary FROM change ORDER BY id DESC LIMIT 1") == [
        ("paper read #1 on 2026-11-25, 1.5 h (entry #1)",)
    ]


def test_hours_without_a_topic_go_on_the_roadmaps_reading_topic_by_its_alias(
    mlpath, db_path, tmp_path
):
    roadmap = _roadmap(tmp_path, reading_alias=True)
    mlpath("start", "--roadmap", str(roadmap), "--date", START, *SPECIALISING)
    _add(mlpath, *LORA)
    mlpath("paper", "read", "1", "--hours", "2")
    assert query(db_path, ENTRIES) == [(TODAY, 2.0, "reading-log", "paper #1", 0)]


def test_hours_without_a_topic_or_a_reading_topic_are_an_untopiced_theory_entry(
    mlpath, db_path, tmp_path
):
    mlpath("start", "--roadmap", str(_roadmap(tmp_path, reading_alias=False)), "--date", START)
    _add(mlpath, *LORA)
    mlpath("paper", "read", "1", "--hours", "45m")
    assert query(db_path, ENTRIES) == [(TODAY, 0.75, None, "paper #1", 0)]


def test_notes_and_show(specialising, run_json):
    mlpath = specialising
    _add(mlpath, *ATTENTION, "--topic", "transformers-attention")
    mlpath("paper", "note", "1", "multi-head: several views", "--date", "2026-11-20")
    assert (
        "Noted on paper #1: keys and values"
        in mlpath("paper", "note", "1", "keys and values").stdout
    )
    shown = mlpath("paper", "show", "1").stdout.splitlines()
    assert shown[:4] == [
        "Attention Is All You Need  (paper #1)",
        ATTENTION[1],
        "Topic: Transformers & Attention (transformers-attention)",
        f"State: to read · added {TODAY}",
    ]
    assert shown[-3:] == [
        "Notes:",
        "  2026-11-20  multi-head: several views",
        f"  {TODAY}  keys and values",
    ]
    data = run_json("paper", "show", "1")
    assert [n["text"] for n in data["notes"]] == ["multi-head: several views", "keys and values"]
    assert data["state"] == "to read"


def test_papers_lists_them_with_their_state(specialising, run_json):
    mlpath = specialising
    for title, url in (ATTENTION, LORA, ("Deep Residual Learning", None)):
        _add(mlpath, title, url)
    mlpath("paper", "read", "2", "--reproduced")
    mlpath("paper", "read", "3")
    out = mlpath("papers").stdout.splitlines()
    assert out[0].split() == ["#", "State", "Added", "Read", "Title", "Topic", "URL"]
    assert out[1].split()[:3] == ["1", "to", "read"]
    assert out[2].split()[:2] == ["2", "reproduced"]
    assert out[-1] == "3 papers: 1 to read, 1 read, 1 reproduced · mlpath paper show ID"
    assert [p["state"] for p in run_json("papers")] == ["to read", "reproduced", "read"]
    assert [p["id"] for p in run_json("papers", "--unread")] == [1]
    mlpath("paper", "read", "1")
    assert mlpath("papers", "--unread").stdout.strip() == "No papers left to read."


def test_an_empty_log_says_how_to_begin(started):
    assert "mlpath paper add" in started("papers").stdout
    assert started("papers", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize("width", [60, 80, 120])
def test_papers_keeps_one_line_a_paper_within_the_width(specialising, monkeypatch, width):
    long = "An Extremely Long Title " * 12
    _add(specialising, long.strip(), "https://example.org/" + "x" * 150, "--topic", "rag")
    _add(specialising, *ATTENTION)
    monkeypatch.setenv("COLUMNS", str(width))
    lines = specialising("papers").stdout.rstrip("\n").splitlines()
    assert all(cell_len(line) <= width for line in lines), lines
    assert len(lines) == 4 if width >= 80 else len(lines) >= 4
    assert lines[1].split()[:3] == ["1", "to", "read"] and "…" in lines[1]
    assert lines[2].split()[:3] == ["2", "to", "read"]
    assert ("Added" in lines[0]) is (width >= 80)


# --- status, hours, calendar -----------------------------------------------------------


def test_status_counts_this_weeks_papers_in_the_specialisation_phase(specialising, run_json):
    mlpath = specialising
    for title in ("A", "B", "C"):
        _add(mlpath, f"Paper {title}", None, "--date", "2026-11-16")
    mlpath("paper", "read", "1", "--date", "2026-11-22")  # last week's Sunday: not counted
    mlpath("paper", "read", "2", "--date", "2026-11-23")
    mlpath("paper", "read", "3", "--reproduced")  # read and reproduced today: one paper
    out = mlpath("status").stdout
    assert "Papers: 2 read this week (advised in phase 5: 2-3 a week)." in out
    assert run_json("status")["papers"] == {
        "in_specialisation": True,
        "read_this_week": 2,
        "week_start": "2026-11-23",
        "target_min": 2,
        "target_max": 3,
    }


def test_status_says_nothing_of_papers_before_the_specialisation_phase(started, run_json):
    _add(started, *ATTENTION)
    started("paper", "read", "1")
    assert "Papers:" not in started("status").stdout
    assert run_json("status")["papers"] == {
        "in_specialisation": False,
        "read_this_week": None,
        "week_start": "2026-11-23",
        "target_min": 2,
        "target_max": 3,
    }
    read = started("paper", "read", "1", "--reproduced").stdout
    assert "Papers:" not in read


def test_status_says_nothing_of_papers_in_phase_7_whose_projects_have_tracks(mlpath, run_json):
    # Phase 7's projects belong to tracks too; the advice is the specialisation phase's.
    mlpath("start", "--date", START, *[w for n in range(7) for w in ("--skip-phase", str(n))])
    _add(mlpath, *ATTENTION)
    mlpath("paper", "read", "1")
    assert "Papers:" not in mlpath("status").stdout
    assert run_json("status")["papers"]["in_specialisation"] is False


def test_the_specialisation_phase_holds_the_reading_exercise_or_else_the_first_tracks():
    def phase(number: int, *ids: str) -> Phase:
        topics = tuple(
            Topic(i, i, number, "exercise", 1, "cv" if i.startswith("x") else None) for i in ids
        )
        return Phase(f"p{number}", number, "P", 20, 1, 2, topics)

    tracks_twice = [phase(0, "a"), phase(1, "b", "x1"), phase(2, "c", "x2")]
    assert papers.specialisation_phases(tracks_twice) == {1}
    with_reading = [phase(0, "a", "x0"), phase(1, "paper-reading"), phase(2, "x2")]
    assert papers.specialisation_phases(with_reading) == {1}
    assert papers.specialisation_phases([phase(0, "a")]) == frozenset()


def test_the_specialisation_phase_is_the_one_whose_topics_have_tracks():
    def phase(number: int, *tracks: str | None) -> Phase:
        topics = tuple(
            Topic(f"t{number}{i}", "T", number, "topic", 1, t) for i, t in enumerate(tracks)
        )
        return Phase(f"p{number}", number, "P", 20, 1, 2, topics)

    phases = [phase(0, None), phase(1, None, "cv"), phase(2, None)]
    assert papers.specialisation_phases(phases) == {1}
    assert papers.specialising(1, phases) and not papers.specialising(2, phases)
    assert not papers.specialising(None, phases)
    week = papers.reading_week(
        [date(2026, 11, 23), date(2026, 11, 22)], date(2026, 11, 25), 1, phases
    )
    assert (week.start, week.read, week.in_specialisation) == (date(2026, 11, 23), 1, True)
    assert papers.reading_week(None, date(2026, 11, 25), 2, phases).read is None
    assert papers.read_by_week([date(2026, 11, 23), date(2026, 11, 29), date(2026, 11, 30)]) == {
        date(2026, 11, 23): 2,
        date(2026, 11, 30): 1,
    }


def test_hours_and_calendar_show_the_reading_weeks(specialising, run_json, monkeypatch):
    mlpath = specialising
    for title in ("A", "B", "C"):
        _add(mlpath, f"Paper {title}", None, "--date", "2026-11-09")
    mlpath("paper", "read", "1", "--date", "2026-11-10")
    mlpath("paper", "read", "2", "--date", "2026-11-24")
    mlpath("paper", "read", "3", "--date", "2026-11-24")
    weeks = {w["week_start"]: w["papers_read"] for w in run_json("hours")}
    assert weeks == {"2026-11-02": 0, "2026-11-09": 1, "2026-11-16": 0, "2026-11-23": 2}
    monkeypatch.setenv("COLUMNS", "80")
    table = mlpath("hours").stdout.splitlines()
    assert "Papers" in table[2]
    assert table[5].startswith("│ 2026-11-09 ") and table[5].split("│")[6].strip() == "1"
    assert all(cell_len(line) <= 80 for line in table)
    monkeypatch.setenv("COLUMNS", "60")
    narrow = mlpath("hours").stdout
    assert "Papers read: 3 in these weeks, 2 in the last." in narrow
    assert run_json("calendar")["paper_days"] == ["2026-11-10", "2026-11-24"]
    grid = mlpath("calendar").stdout
    assert grid.count("¶") == 3 and "¶ paper read" in grid  # two days and the legend


def test_a_read_with_no_paper_read_keeps_the_hours_table_as_it_was(started, monkeypatch):
    _add(started, *ATTENTION)
    monkeypatch.setenv("COLUMNS", "80")
    assert "Papers" not in started("hours").stdout
    assert "¶" not in started("calendar").stdout


# --- undo and history ------------------------------------------------------------------


def test_each_paper_command_is_one_change_that_undo_takes_back(specialising, db_path):
    mlpath = specialising
    empty = dump(db_path)
    _add(mlpath, *ATTENTION, "--topic", "transformers-attention", "--date", "-3")
    added = dump(db_path)
    mlpath("paper", "read", "1", "--hours", "2", "--date", "yesterday")
    read = dump(db_path)
    mlpath("paper", "read", "1", "--reproduced")
    reproduced = dump(db_path)
    mlpath("paper", "note", "1", "the key idea")
    noted = dump(db_path)
    out = mlpath("paper", "remove", "1").stdout
    assert "Paper #1 removed and its 1 note: Attention Is All You Need." in out
    assert query(db_path, "SELECT count(*) FROM paper_note") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM entry") == [(1,)]  # the hours were studied
    summaries = [s for (s,) in query(db_path, "SELECT summary FROM change ORDER BY id")]
    assert summaries == [
        "paper add #1: Attention Is All You Need",
        "paper read #1 on 2026-11-24, 2 h (entry #1)",
        "paper reproduced #1 on 2026-11-25",
        "paper note #1 on paper #1",
        "paper remove #1: Attention Is All You Need",
    ]
    history = " ".join(mlpath("history").stdout.split())
    assert all(s in history for s in summaries)
    for before in (noted, reproduced, read, added, empty):
        mlpath("undo")
        after = dump(db_path)
        mine = ("paper", "paper_note", "entry")
        assert {t: after[t] for t in mine} == {t: before[t] for t in mine}


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["read", "7"], 1, "there is no paper #7"),
        (["show", "7"], 1, "there is no paper #7"),
        (["remove", "7"], 1, "there is no paper #7"),
        (["note", "7", "text"], 1, "there is no paper #7"),
        (["read", "one"], 1, "'one' is not a paper's id"),
        (["read", "0"], 1, "'0' is not a paper's id"),
        (["read", "1", "--date", "2026-11-19"], 1, "was added on 2026-11-20, after 2026-11-19"),
        (["read", "1", "--date", "2026-11-26"], 1, "2026-11-26 is in the future"),
        (["read", "1", "--hours", "-1"], 1, "is negative"),
        (["read", "1", "--hours", "25"], 1, "more than the 24 hours a day has"),
        (["read", "1", "--topic", "rag"], 1, "`paper read` takes no --topic"),
        (["add", "X", "--hours", "1"], 1, "`paper add` takes no --hours"),
        (["show", "1", "--date", "today"], 1, "`paper show` takes no --date"),
        (["add", "X", "extra"], 1, "`paper add` takes no a note's text"),
        (["note", "1"], 1, "what is the note?"),
        (["read"], 1, "which paper? give its id"),
        (["add"], 1, "which paper? give its title"),
        (["add", "   "], 1, "the title is empty"),
        (["add", "x\x1b[31mred"], 1, "the title holds the control character U+001B (ESC)"),
        (["add", "x" * 501], 1, "more than 500"),
        (["add", "X", "--url", "ftp://example.org/x"], 1, "is not an http(s) address"),
        (["add", "X", "--url", "papers/x.pdf"], 1, "is not an http(s) address"),
        (["add", "X", "--url", "http://[::1"], 1, "is not a valid web address"),
        (["add", "X", "--topic", "no-such-topic"], 4, "no topic matches 'no-such-topic'"),
        (["add", ATTENTION[0].upper(), "--url", ATTENTION[1]], 1, "paper #1 is that paper already"),
        (
            ["read", "1", "--date", "2026-11-20", "--hours", "1", "--note", "   "],
            1,
            "the note is empty",
        ),
        (["frobnicate"], 2, "frobnicate"),
    ],
)
def test_bad_input_changes_nothing(specialising, db_path, args, code, message):
    _add(specialising, *ATTENTION, "--date", "2026-11-20")
    before = dump(db_path)
    result = specialising("paper", *args, code=code)
    assert message in result.stderr
    assert dump(db_path) == before


def test_a_paper_is_read_once_and_reproduced_once(specialising, db_path):
    _add(specialising, *ATTENTION)
    specialising("paper", "read", "1")
    again = specialising("paper", "read", "1", code=1).stderr
    assert "was read on 2026-11-25 already" in again and "--reproduced" in again
    specialising("paper", "read", "1", "--reproduced")
    assert (
        "reproduced on 2026-11-25 already"
        in specialising("paper", "read", "1", "--reproduced", code=1).stderr
    )
    _add(specialising, *LORA, "--date", "-3")
    specialising("paper", "read", "2")
    early = specialising("paper", "read", "2", "--reproduced", "--date", "yesterday", code=1)
    assert "was read on 2026-11-25, after 2026-11-24" in early.stderr


def test_titles_are_shown_literally(specialising, db_path, run_json):
    mlpath = specialising
    _add(mlpath, "[bold]x[/] :smile: Markup", "https://example.org/[red]")
    mlpath("paper", "note", "1", "[link=https://evil.example]click[/link]")
    with __import__("sqlite3").connect(db_path) as conn:  # stored before the refusals
        conn.execute("UPDATE paper SET title = ? WHERE id = 1", ("[bold]x[/] \x1b[31mred",))
    listed = mlpath("papers").stdout
    assert "[bold]x[/] ␛[31mred" in listed and "\x1b" not in listed
    shown = mlpath("paper", "show", "1").stdout
    assert shown.splitlines()[0] == "[bold]x[/] ␛[31mred  (paper #1)"
    assert "https://example.org/[red]" in shown
    assert "[link=https://evil.example]click[/link]" in shown
    assert "\x1b" not in mlpath("paper", "show", "1", "--json").stdout
    # Scripts get the stored text exactly, its control character escaped as JSON does.
    assert run_json("papers")[0]["title"] == "[bold]x[/] \x1b[31mred"


# --- export and import ---------------------------------------------------------------------


def _log(mlpath) -> None:
    _add(mlpath, *ATTENTION, "--topic", "transformers-attention", "--date", "2026-11-10")
    _add(mlpath, *LORA, "--date", "2026-11-12")
    mlpath("paper", "read", "1", "--date", "2026-11-11", "--hours", "2")
    mlpath("paper", "read", "1", "--reproduced", "--date", "2026-11-13")
    mlpath("paper", "note", "1", "a soft lookup", "--date", "2026-11-11")
    mlpath("paper", "note", "2", "rank 8 is plenty")


def test_papers_and_notes_travel_with_an_export(specialising, db_path, tmp_path):
    mlpath = specialising
    _log(mlpath)
    path = tmp_path / "out.json"
    mlpath("export", "-o", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 6
    assert [p["title"] for p in data["papers"]] == [ATTENTION[0], LORA[0]]
    assert [(n["paper_id"], n["text"]) for n in data["paper_notes"]] == [
        (1, "a soft lookup"),
        (2, "rank 8 is plenty"),
    ]
    other = tmp_path / "other.db"
    assert "Restored" in mlpath("--db", str(other), "import", str(path)).stdout
    notes = "SELECT id, paper_id, day, text FROM paper_note ORDER BY id"
    assert query(other, PAPERS) == query(db_path, PAPERS)
    assert query(other, notes) == query(db_path, notes)
    again = tmp_path / "again.json"
    mlpath("--db", str(other), "export", "-o", str(again))
    assert json.loads(again.read_text())["papers"] == data["papers"]
    assert json.loads(again.read_text())["paper_notes"] == data["paper_notes"]
    # The history came too: undo in the restored database takes the last note back.
    assert "paper note #2 on paper #2" in mlpath("--db", str(other), "undo").stdout
    assert query(other, "SELECT count(*) FROM paper_note") == [(1,)]


def test_a_merge_joins_the_same_paper_and_adds_the_others(specialising, db_path, tmp_path):
    mlpath = specialising
    _log(mlpath)
    path = tmp_path / "laptop.json"
    mlpath("export", "-o", str(path))
    # Here, another device: LoRA added earlier and read later, a paper of its own.
    here = tmp_path / "here.db"
    run = lambda *args, **kw: mlpath("--db", str(here), *args, **kw)  # noqa: E731
    run("start", "--date", START, *SPECIALISING)
    _add(run, LORA[0].lower(), LORA[1], "--date", "2026-11-05", "--topic", "fine-tuning")
    run("paper", "read", "1", "--date", "2026-11-20")
    _add(run, "Deep Residual Learning", None)
    before = dump(here)
    out = run("import", str(path)).stdout
    assert "Merged" in out
    assert query(here, "SELECT summary FROM change ORDER BY id DESC LIMIT 1")[0][0].endswith(
        ", 1 papers"
    )
    assert query(
        here, "SELECT title, url, topic_id, added_on, read_on, reproduced_on FROM paper ORDER BY id"
    ) == [
        (LORA[0].lower(), LORA[1], "fine-tuning", "2026-11-05", "2026-11-20", None),
        ("Deep Residual Learning", None, None, TODAY, None, None),
        (*ATTENTION, "transformers-attention", "2026-11-10", "2026-11-11", "2026-11-13"),
    ]
    assert query(here, "SELECT paper_id, text FROM paper_note ORDER BY paper_id") == [
        (1, "rank 8 is plenty"),
        (3, "a soft lookup"),
    ]
    run("import", str(path))  # a second merge adds nothing
    assert query(here, "SELECT count(*) FROM paper") == [(3,)]
    assert query(here, "SELECT count(*) FROM paper_note") == [(2,)]
    run("undo")  # the first merge
    after = dump(here)
    assert {t: after[t] for t in ("paper", "paper_note")} == {
        t: before[t] for t in ("paper", "paper_note")
    }


def test_a_merge_keeps_a_read_day_no_later_than_the_reproduced_one(specialising, tmp_path):
    mlpath = specialising
    _add(mlpath, *ATTENTION, "--date", "2026-11-02")
    mlpath("paper", "read", "1", "--date", "2026-11-03", "--reproduced")
    path = tmp_path / "out.json"
    mlpath("export", "-o", str(path))
    here = tmp_path / "here.db"
    mlpath("--db", str(here), "start", "--date", START)
    mlpath(
        "--db",
        str(here),
        "paper",
        "add",
        *ATTENTION[:1],
        "--url",
        ATTENTION[1],
        "--date",
        "2026-11-05",
    )
    mlpath("--db", str(here), "paper", "read", "1", "--date", "2026-11-20")
    mlpath("--db", str(here), "import", str(path))
    assert query(here, "SELECT added_on, read_on, reproduced_on FROM paper") == [
        ("2026-11-02", "2026-11-03", "2026-11-03")
    ]
    # ... and so exports and imports again.
    again = tmp_path / "again.json"
    mlpath("--db", str(here), "export", "-o", str(again))
    mlpath("--db", str(tmp_path / "third.db"), "import", str(again))


def test_an_export_from_before_the_paper_log_still_imports(mlpath, tmp_path, db_path):
    from test_cli_data import _export_text

    older = json.loads(_export_text())
    older["version"] = 5
    del older["papers"], older["paper_notes"]
    path = tmp_path / "v5.json"
    path.write_text(json.dumps(older))
    assert "Restored" in mlpath("import", str(path)).stdout
    assert query(db_path, "SELECT count(*) FROM paper") == [(0,)]
    assert mlpath("papers", "--json").stdout.strip() == "[]"


_PAPER = {
    "id": 1,
    "title": "A",
    "url": None,
    "topic_id": None,
    "added_on": "2026-11-10",
    "read_on": None,
    "reproduced_on": None,
    "created_at": "2026-11-10T10:00:00+00:00",
}
_NOTE = {
    "id": 1,
    "paper_id": 1,
    "day": "2026-11-11",
    "text": "x",
    "created_at": "2026-11-11T10:00:00+00:00",
}


@pytest.mark.parametrize(
    ("papers_", "notes", "message"),
    [
        ([_PAPER | {"read_on": "2026-11-09"}], [], "read on or after the day it was added"),
        (
            [_PAPER | {"reproduced_on": "2026-11-12"}],
            [],
            "reproduced) on or after the day it is read",
        ),
        ([_PAPER | {"added_on": "2026-11-26"}], [], "in the future"),
        ([_PAPER | {"url": "javascript:alert(1)"}], [], "http(s) address"),
        ([_PAPER | {"title": ""}], [], "at papers.0.title"),
        ([_PAPER, _PAPER], [], "two papers share an id"),
        ([_PAPER], [_NOTE | {"paper_id": 2}], "paper note 1 is on paper 2, not in the file"),
        ([_PAPER], [_NOTE | {"day": "2026-11-30"}], "in the future"),
        ([_PAPER | {"topic_id": "no-such-topic"}], [], None),  # kept as a retired topic
    ],
)
def test_an_import_checks_the_paper_log(mlpath, tmp_path, db_path, papers_, notes, message):
    from test_cli_data import _export_text

    path = tmp_path / "bad.json"
    path.write_text(_export_text(papers=papers_, paper_notes=notes))
    if message is None:
        mlpath("import", str(path))
        assert query(db_path, "SELECT topic_id FROM paper") == [("no-such-topic",)]
        assert query(db_path, "SELECT retired FROM topic WHERE id = 'no-such-topic'") == [(1,)]
        return
    assert message in mlpath("import", str(path), code=1).stderr
    assert not db_path.exists() or query(db_path, "SELECT count(*) FROM paper") == [(0,)]


def test_a_restore_beside_other_learners_moves_paper_ids_with_their_notes():
    from mlpath.usecases.exchange import shift_ids

    tables = {
        "paper": [{"id": 1, "title": "A"}, {"id": 2, "title": "B"}],
        "paper_note": [{"id": 1, "paper_id": 2, "text": "x"}],
        "change": [
            {
                "id": 1,
                "undoes": None,
                "rows": [
                    {"table": "paper", "key": 2, "before": None},
                    {"table": "paper_note", "key": 1, "before": {"id": 1, "paper_id": 2}},
                ],
            }
        ],
    }
    moved = shift_ids(tables, {"paper": 10, "paper_note": 0, "change": 5})
    assert [p["id"] for p in moved["paper"]] == [11, 12]
    assert moved["paper_note"] == [{"id": 1, "paper_id": 12, "text": "x"}]  # its id is free
    assert moved["change"][0]["id"] == 6
    assert moved["change"][0]["rows"] == [
        {"table": "paper", "key": 12, "before": None},
        {"table": "paper_note", "key": 1, "before": {"id": 1, "paper_id": 12}},
    ]


def test_a_papers_topic_follows_a_roadmap_rename(mlpath, db_path, tmp_path, monkeypatch):
    mlpath("start", "--date", START)
    _add(mlpath, *ATTENTION, "--topic", "numpy")
    data = yaml.safe_load(bundled_roadmap().read_text())
    data["version"] = "2099.1.0"
    phase2 = next(p for p in data["phases"] if p["number"] == 2)
    next(t for t in phase2["topics"] if t["id"] == "numpy").update(
        id="numpy-arrays", aliases=["numpy"]
    )
    new = tmp_path / "v2.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False))
    monkeypatch.setattr("mlpath.paths.bundled_roadmap", lambda: new)
    mlpath("start")
    assert query(db_path, "SELECT topic_id FROM paper") == [("numpy-arrays",)]
