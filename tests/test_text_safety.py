"""Text from the learner, a roadmap file or an import is shown as it is, and never
drives the terminal: brackets are not markup, control characters are refused on the
way in and made visible on the way out (issue 13, items 9 and 10)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import START, dump, invoke, query

# Every character mlpath must keep from the terminal: C0 but tab and newline, DEL, C1.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# What a hostile note would hold: a window title (OSC 0), a clipboard write (OSC 52),
# a screen clear (CSI 2J, and its one-byte C1 form), a forged hyperlink (OSC 8), DEL.
HOSTILE = (
    "t\x1b]0;pwned\x07 c\x1b]52;c;cm0gLXJmIH4=\x07 s\x1b[2J u\x9b2J "
    "l\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\ d\x7f [/] [bold]b[/bold]"
)

# Every view that shows stored text, as the Hypothesis test runs them.
VIEWS = [
    ["status"],
    ["plan"],
    ["hours", "--entries"],
    ["hours", "--chart"],
    ["calendar"],
    ["topics"],
    ["show", "numpy"],
    ["next"],
    ["find", "x"],
    ["history"],
    ["break"],
    ["share"],
    ["share", "--format", "svg"],
]


def _roadmap(path: Path, phase_title: str, topic_title: str, summary: str = "") -> Path:
    path.write_text(
        f"""format: 1
id: mini
title: Mini
version: "1"
weekly_hours: {{min: 5, max: 10}}
phases:
  - id: zero
    number: 0
    title: {json.dumps(phase_title)}
    summary: {json.dumps(summary)}
    weeks: {{min: 1, max: 2}}
    weekly_hours: 5
    topics:
      - id: alpha
        title: {json.dumps(topic_title)}
        kind: topic
        hours: 3
        resources:
          - title: "Docs [x] :fire:"
            kind: docs
            url: "https://example.org/a]b"
      - id: beta
        title: Beta
        kind: topic
        hours: 2
""",
        encoding="utf-8",
    )
    return path


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)  # XML forbids C0 controls: a card holding one fails here
    return "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")).replace(
        "\xa0", " "
    )


def _assert_clean(text: str, where: object) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{where}: {found.group()!r} at {found.start()} in {text!r}"


# --- square brackets (item 9) -------------------------------------------------------------


def test_brackets_in_an_entry_note_are_listed_as_typed(started):
    started("log", "1", "--note", "see [/] later")
    result = started("hours", "--entries")
    assert "see [/] later" in result.stdout


def test_brackets_in_an_evidence_link_show_in_history_and_show(started):
    link = "https://github.com/a/b/[/]"
    assert f"Evidence linked on numpy: {link}" in started("done", "numpy", "--link", link).stdout
    assert f"(link {link})" in started("history").stdout
    assert f"evidence: {link}" in started("show", "numpy").stdout


def test_markup_and_emoji_codes_in_a_note_are_shown_literally(started):
    started("note", "numpy", "[bold]strides[/bold] :smile: [/]")
    assert "[bold]strides[/bold] :smile: [/]" in started("show", "numpy").stdout


def test_brackets_and_emoji_codes_in_a_break_note_are_listed_as_typed(started):
    note = r"exams [/] \[x] :smile:"
    started("break", "--from", "2026-12-21", "--to", "2026-12-23", "--note", note)
    assert note in started("break").stdout


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["status"], ["P [/] zero", "Next in phase 0: Maths [revision] - part 1"]),
        (["plan"], ["P [/] zero"]),
        (
            ["next"],
            ["Phase 0 · P [/] zero", "Maths [revision] - part 1 (alpha)", "Docs [x] :fire:"],
        ),
        (
            ["show", "alpha"],
            ["Maths [revision] - part 1  (alpha)", "Phase 0 · P [/] zero", "Docs [x] :fire: —"],
        ),
        (["find", "revision"], ["Maths [revision] - part 1"]),
    ],
)
def test_brackets_in_a_custom_roadmap_show_as_written(mlpath, tmp_path, args, shown):
    roadmap = _roadmap(tmp_path / "mini.yaml", "P [/] zero", "Maths [revision] - part 1")
    started = mlpath("start", "--roadmap", str(roadmap), "--date", START)
    assert "Mini (1)" in started.stdout
    out = mlpath(*args).stdout
    for text in shown:
        assert text in out


def test_brackets_in_a_custom_roadmap_show_in_the_svg_card(mlpath, tmp_path):
    roadmap = _roadmap(tmp_path / "mini.yaml", "P [/] zero", "Maths [revision] - part 1")
    mlpath("start", "--roadmap", str(roadmap), "--date", START)
    text = _svg_text(mlpath("share", "--format", "svg").stdout)
    assert "P [/] zero" in text
    assert "Maths [revision] - part 1" in text


def test_zsh_completion_shows_a_bracketed_title_as_it_is(started, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE topic SET title = 'NumPy [/] arrays \x1b]0;x\x07' WHERE id = 'numpy'")
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    env |= {"_MLPATH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mlpath done num"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1] / "src"), *sys.path])
    result = subprocess.run(
        [sys.executable, "-m", "mlpath"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert '"numpy":"NumPy [/] arrays ␛]0;x␇"' in result.stdout
    _assert_clean(result.stdout, "completion")


# --- control characters refused on input (item 10) ----------------------------------------


@pytest.mark.parametrize("bad", ["\x1b]0;pwned\x07", "\x1b[2J", "\x9b2J", "x\x7f", "a\x00b"])
@pytest.mark.parametrize(
    "command",
    [
        ["log", "1", "--note"],
        ["note", "numpy"],
        ["done", "numpy", "--link"],
        ["break", "--from", "2026-12-21", "--to", "2026-12-23", "--note"],
    ],
)
def test_control_characters_typed_are_refused(started, db_path, command, bad):
    before = dump(db_path)
    text = f"https://example.org/{bad}" if command[0] == "done" else f"note {bad}"
    result = started(*command, text, code=1)
    assert "holds the control character U+00" in result.stderr
    _assert_clean(result.stderr, command)
    assert dump(db_path) == before


def test_an_entry_edited_with_a_control_character_is_refused(started, db_path):
    started("log", "1", "--note", "fine")
    before = dump(db_path)
    result = started("log", "--edit", "1", "--note", "now \x1b[2J", code=1)
    assert "the note holds the control character U+001B (ESC)" in result.stderr
    assert dump(db_path) == before


def test_whitespace_in_a_note_becomes_spaces_not_a_refusal(started, db_path):
    started("note", "numpy", "line one\r\nline\ttwo\x0cthree")
    assert query(db_path, "SELECT text FROM topic_note") == [("line one line two three",)]


# --- control characters refused by import and roadmap validation --------------------------


def _export_with(started, tmp_path: Path, note: str, *, ascii_only: bool) -> Path:
    started("log", "1", "--note", "plain")
    data = json.loads(started("export").stdout)
    data["entries"][0]["note"] = note
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=ascii_only), encoding="utf-8")
    return path


@pytest.mark.parametrize("ascii_only", [True, False])  # \u001b escapes, or C1 and DEL raw
@pytest.mark.parametrize(
    ("bad", "named"),
    [("\x1b]52;c;eA==\x07", "U+001B (ESC)"), ("\x9b2J", "U+009B (CSI)"), ("x\x7f", "U+007F (DEL)")],
)
def test_import_refuses_a_control_character(started, tmp_path, bad, named, ascii_only):
    path = _export_with(started, tmp_path, f"hi {bad}", ascii_only=ascii_only)
    fresh = tmp_path / "fresh.db"
    result = started("--db", str(fresh), "import", str(path), code=1)
    assert f"at entries.0.note: holds the control character {named}" in result.stderr
    _assert_clean(result.stderr, "import")
    assert not fresh.exists()


def test_a_merge_refuses_a_control_character_in_history(started, db_path, tmp_path):
    started("log", "1", "--note", "plain")
    data = json.loads(started("export").stdout)
    data["history"][0]["summary"] = "log \x1b]0;x\x07"
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = dump(db_path)
    result = started("import", str(path), code=1)
    assert "at history.0.summary: holds the control character U+001B (ESC)" in result.stderr
    assert dump(db_path) == before


def test_a_roadmap_with_a_control_character_is_refused_at_its_line(mlpath, tmp_path, db_path):
    roadmap = _roadmap(tmp_path / "mini.yaml", "P zero", "Maths", summary="s \x1b]0;t\x07")
    text = roadmap.read_text()
    assert "\\u001b" in text  # the YAML escape, as a hostile file would write it
    result = mlpath("start", "--roadmap", str(roadmap), code=6)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "summary" in row)
    assert f"mini.yaml, line {line}: field 'summary' holds the control character" in result.stderr
    assert "U+001B (ESC)" in result.stderr
    assert not db_path.exists()


def test_a_roadmap_url_with_a_control_character_is_refused(mlpath, tmp_path):
    roadmap = _roadmap(tmp_path / "mini.yaml", "P zero", "Maths")
    roadmap.write_text(roadmap.read_text().replace("a]b", "a\\x9bb"))
    result = mlpath("start", "--roadmap", str(roadmap), code=6)
    assert "field 'url' holds the control character U+009B (CSI)" in result.stderr


# --- older data: neutralised on output ----------------------------------------------------


def _poison(db_path: Path, text: str) -> None:
    """Write `text` into every stored field a view shows, as data from before the
    refusals would hold it (straight into the SQLite file)."""
    resource = [{"title": f"R {text}", "kind": "docs", "url": f"https://example.org/{text}"}]
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE phase SET title = ? || ' ' || number, summary = ?", (text, text))
        conn.execute(
            "UPDATE topic SET title = ? || ' ' || id, summary = ?, resources = ?",
            (text, text, json.dumps(resource)),
        )
        conn.execute("UPDATE source SET title = ?", (text,))
        conn.execute("UPDATE entry SET note = ?", (text,))
        conn.execute("UPDATE topic_note SET text = ?", (text,))
        conn.execute("UPDATE study_break SET note = ?", (text,))
        conn.execute("UPDATE change SET summary = ?", (text,))


def _with_data(started) -> None:
    started("log", "2", "--topic", "numpy", "--note", "arrays", "--date", "2026-11-20")
    started("log", "1", "--date", "2026-11-24")
    started("note", "numpy", "strides")
    started("done", "numpy", "--link", "https://example.org/drills")
    started("break", "--from", "2026-12-21", "--to", "2026-12-23", "--note", "holiday")


def _check_views(runner: CliRunner, where: object) -> None:
    for args in [*VIEWS, ["show", "numpy", "--json"], ["hours", "--entries", "--json"]]:
        result = invoke(runner, args)
        assert result.exit_code == 0, (where, args, result.output, result.exception)
        assert "Traceback" not in result.output, (where, args)
        _assert_clean(result.stdout, (where, args))
        if args[-1] == "svg":
            _svg_text(result.stdout)
    # The replies of the writes show stored titles too.
    for args in (["doing", "pandas"], ["log", "1", "--topic", "pandas"], ["undo"]):
        result = invoke(runner, args)
        assert result.exit_code == 0, (where, args, result.output, result.exception)
        _assert_clean(result.stdout, (where, args))


def test_older_data_with_control_characters_is_shown_without_them(started, db_path):
    _with_data(started)
    _poison(db_path, HOSTILE)
    _check_views(CliRunner(), "hostile")
    out = started("hours", "--entries").stdout
    assert "t␛]0;pwned␇" in out and "u�2J" in out and "d␡" in out  # visible, not acted on


def test_older_data_keeps_its_columns_in_the_topic_list(started, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE topic SET title = 'Num\x1bPy' WHERE id = 'numpy'")
    lines = started("topics").stdout.splitlines()
    row = next(line for line in lines if "Num␛Py" in line)
    header = next(line for line in lines if "Title" in line)
    assert row.index("│", row.index("Num")) == header.index("┃", header.index("Title"))


def test_older_data_is_exported_as_import_takes_it_back(started, db_path, tmp_path):
    _with_data(started)
    _poison(db_path, HOSTILE)
    exported = started("export").stdout
    _assert_clean(exported, "export")
    assert "\\u001b" not in exported
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    started("--db", str(fresh), "import", str(path))
    notes = query(fresh, "SELECT note FROM entry")
    assert notes and all(n == (HOSTILE.replace("\x1b", "␛"),) or "␛" in n[0] for n in notes)
    _assert_clean(started("export", "--format", "csv").stdout, "csv")


def test_json_views_escape_c1_and_del_and_read_back_the_same(started, db_path):
    started("log", "1", "--note", "plain")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE entry SET note = 'a\x9bb\x7fc'")
    out = started("hours", "--entries", "--json").stdout
    assert "\x9b" not in out and "\x7f" not in out
    assert json.loads(out)[0]["note"] == "a\x9bb\x7fc"


# --- links --------------------------------------------------------------------------------


def _coloured(monkeypatch) -> CliRunner:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    return CliRunner()


def test_only_web_addresses_become_hyperlinks(started, db_path, tmp_path, monkeypatch):
    resources = [
        {"title": "Web", "kind": "docs", "url": "https://example.org/web"},
        {"title": "Local", "kind": "docs", "url": "file:///etc/passwd"},
        {"title": "Script", "kind": "docs", "url": "javascript:alert(1)"},
    ]
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE topic SET resources = ? WHERE id = 'numpy'", (json.dumps(resources),))
    notebook = tmp_path / "drills.ipynb"
    notebook.write_text("{}")
    started("done", "numpy", "--link", "https://example.org/evidence")
    started("note", "numpy", "x")
    with sqlite3.connect(db_path) as conn:  # a local file as evidence too
        conn.execute(
            "UPDATE topic_note SET kind = 'link', text = ? WHERE text = 'x'", (str(notebook),)
        )
    out = invoke(_coloured(monkeypatch), ["show", "numpy"]).stdout
    targets = re.findall("\x1b]8;[^;]*;([^\x1b]*)\x1b\\\\", out)
    assert set(targets) - {""} == {"https://example.org/web", "https://example.org/evidence"}
    assert "<file:///etc/passwd>" in out and "<javascript:alert(1)>" in out


def test_in_colour_the_data_sends_no_sequence_of_its_own(started, db_path, monkeypatch):
    _with_data(started)
    _poison(db_path, HOSTILE)
    runner = _coloured(monkeypatch)
    result = invoke(runner, ["status"])
    assert "\x1b[" in result.stdout  # colour is on: the test is not blind
    for args in VIEWS:
        out = invoke(runner, args).stdout
        for sequence in ("\x1b]0;", "\x1b]52;", "\x1b[2J", "\x1b]8;;file:", "\x9b", "\x7f"):
            assert sequence not in out, (args, sequence)


# --- random text in every field (the Hypothesis test) -----------------------------

ALPHABET = st.sampled_from(
    list("[]/\\:ab ") + ["\x1b", "\x07", "\x9b", "\x7f", "\r", "\n", "\t", "\x00", "\x9d", "\x08"]
)


@pytest.fixture
def baseline(started, db_path, tmp_path) -> Path:
    _with_data(started)
    copy = tmp_path / "baseline.db"
    copy.write_bytes(db_path.read_bytes())
    return copy


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(ALPHABET, min_size=1, max_size=30))
def test_random_brackets_and_control_characters_break_no_view(baseline, db_path, text):
    db_path.write_bytes(baseline.read_bytes())
    _poison(db_path, text)
    _check_views(CliRunner(), text)
