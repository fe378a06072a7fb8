"""`mlpath plan --ics` and `mlpath share`: what a learner takes out of mlpath to show."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from conftest import TODAY, image_of, place, run_at

# A learner since January: phase 0 and two maths topics done, hours over three months.
LOG = [
    ("2026-09-08", "4", "multivariable-calculus"),
    ("2026-09-22", "3h30m", None),
    ("2026-10-06", "5", "probability-statistics"),
    ("2026-10-31", "2", None),  # the last day of October stays out of November's hours
    ("2026-11-02", "3", "probability-statistics"),
    ("2026-11-10", "2h30m", "numpy"),
    ("2026-11-24", "1.5", None),
]
NOVEMBER_HOURS = 3 + 2.5 + 1.5


@pytest.fixture(scope="module")
def learner_image(tmp_path_factory):
    db = tmp_path_factory.mktemp("learner") / "mlpath.db"
    run_at(db, "start", "--date", "2026-01-05")
    phase0 = [t["id"] for t in json.loads(run_at(db, "topics", "--phase", "0", "--json").stdout)]
    run_at(db, "done", *phase0, "--date", "2026-02-20")
    run_at(db, "done", "linear-algebra", "--date", "2026-06-30")
    run_at(db, "done", "multivariable-calculus", "--date", "2026-09-15")
    run_at(db, "doing", "probability-statistics")
    for day, hours, topic in LOG:
        run_at(db, "log", hours, "--date", day, *(["--topic", topic] if topic else []))
    return image_of(db)


@pytest.fixture
def learner(learner_image, db_path, mlpath):
    """The learner's database, copied to this test's own MLPATH_DB."""
    place(db_path, learner_image)
    return mlpath


# --- plan --ics ----------------------------------------------------------------


def _events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["version"]) == "2.0" and "mlpath" in str(calendar["prodid"])
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    "options",
    [[], ["--hours", "25"], ["--hours", "22", "--from", "2027-01-04"]],
    ids=["own-pace", "25h", "22h-from-january"],
)
def test_ics_holds_one_all_day_event_per_phase_on_its_projected_finish(
    learner, run_json, tmp_path, options
):
    ics = tmp_path / "plan.ics"
    result = learner("plan", *options, "--ics", str(ics))
    plan = run_json("plan", *options)
    assert "Finish:" in result.stdout  # the plan table is still shown
    assert result.stdout.rstrip().endswith(
        f"Calendar: {len(plan['phases'])} phase finishes written to {ics}"
    )
    events = {str(e["uid"]).split(".")[0]: e for e in _events(ics)}
    assert len(events) == len(plan["phases"]) == 7  # phase 0 is done: not in the plan
    for phase in plan["phases"]:
        event = events[phase["id"]]
        start, end = event["dtstart"].dt, event["dtend"].dt
        assert type(start) is date and start.isoformat() == phase["finish"]
        assert end == start + timedelta(days=1)
        assert str(event["summary"]) == f"mlpath: Phase {phase['number']} · {phase['title']} done"
        description = str(event["description"])
        assert f"{phase['remaining_hours']:g} h left" in description
        assert f"at {phase['hours_per_week']:g} h/week" in description
        assert phase["start"] in description
        assert event["dtstamp"].dt.tzinfo is not None


def test_ics_uids_stay_the_same_when_the_plan_moves(learner, run_json, tmp_path):
    ics = tmp_path / "plan.ics"
    learner("plan", "--hours", "25", "--ics", str(ics))
    before = {str(e["uid"]): e["dtstart"].dt for e in _events(ics)}
    learner("done", "probability-statistics")
    learner("plan", "--hours", "25", "--ics", str(ics))  # replaces the file
    after = {str(e["uid"]): e["dtstart"].dt for e in _events(ics)}
    assert len(after) == len(_events(ics))  # unique
    assert set(after) == set(before)  # stable: a calendar re-import updates its events
    maths = next(uid for uid in before if uid.startswith("mathematics."))
    assert after[maths] < before[maths]
    assert {e["finish"] for e in run_json("plan", "--hours", "25")["phases"]} == {
        d.isoformat() for d in after.values()
    }
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan.ics")] == []


def test_plan_json_with_ics_prints_only_the_json(learner, run_json, tmp_path):
    ics = tmp_path / "plan.ics"
    result = learner("plan", "--hours", "25", "--ics", str(ics), "--json")
    assert json.loads(result.stdout) == run_json("plan", "--hours", "25")
    assert len(_events(ics)) == 7


@pytest.mark.parametrize(
    ("where", "message"),
    [("missing/plan.ics", "does not exist"), (".", "it is a folder")],
)
def test_ics_to_a_path_that_cannot_be_written(learner, tmp_path, where, message):
    target = tmp_path / where
    before = sorted(tmp_path.rglob("*"))
    result = learner("plan", "--ics", str(target), code=1)  # one stderr line, nothing else
    assert result.stderr.startswith(f"Error: cannot write {target}")
    assert message in result.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_a_file_being_replaced_becomes_owner_only(learner, tmp_path):
    # It holds the learner's plan: never left readable by the group it was shared with.
    ics = tmp_path / "plan.ics"
    ics.write_text("old")
    ics.chmod(0o640)
    learner("plan", "--ics", str(ics))
    assert ics.stat().st_mode & 0o777 == 0o600
    assert len(_events(ics)) == 7


def _loaded(*args: str) -> set[str]:
    probe = (
        "import sys; sys.argv = ['mlpath', *sys.argv[1:]]\n"
        "from mlpath.cli import main\n"
        "try:\n    main()\nfinally:\n"
        "    import json\n"
        "    names = ('icalendar', 'sqlalchemy', 'rich')\n"
        "    print(json.dumps([m for m in names if m in sys.modules]), file=sys.__stderr__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_only_plan_ics_imports_icalendar(learner, tmp_path):
    assert "icalendar" not in _loaded("plan")
    assert "icalendar" in _loaded("plan", "--ics", str(tmp_path / "p.ics"))
    assert not _loaded("share") & {"icalendar", "sqlalchemy", "rich"}  # markdown is plain text


# --- share -------------------------------------------------------------------


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every table as (header cells, body rows), as a Markdown renderer reads them."""
    tables, row, head, body, section = [], [], [], [], None
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type in ("thead_open", "tbody_open"):
            section = token.type
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and section:
            row.append(token.content)
        elif token.type == "tr_close":
            (head if section == "thead_open" else body).append(row)
        elif token.type == "table_close":
            tables.append((head[0], body))
            head, body, section = [], [], None
    return tables


def test_share_markdown_is_one_valid_table_with_the_numbers_of_status(learner, run_json):
    text = learner("share").stdout
    status = run_json("status")
    [(header, rows)] = _tables(text)
    assert header == ["#", "Phase", "Progress", "Topics", "Hours"]
    assert len(rows) == len(status["phases"]) == 8
    assert all(len(row) == len(header) for row in rows)
    for row, phase in zip(rows, status["phases"], strict=True):
        number, title, progress, topics, hours = row
        assert (number, title) == (str(phase["number"]), phase["title"])
        done, total = phase["topics_done"], phase["topics_total"]
        assert topics == f"{done}/{total}"
        assert progress.endswith(f" {100 * done / total:.0f}%")
        assert len(progress.split()[0]) == 10 and set(progress.split()[0]) <= {"█", "░"}
        assert float(hours) == phase["hours_logged"]
    assert rows[0][2] == "██████████ 100%"
    # The learner has months of history: the card gives the finish at their recent pace,
    # not the schedule's (issue 12, point 3), which it gave before.
    recent = status["recent_pace"]
    finish = date.fromisoformat(recent["finish"]).strftime("%a %d %b %Y")
    assert status["forecast_finish"] is None  # that pace takes past the forecast's horizon
    assert (
        f"- Topics done: {status['topics_done']} of {status['topics_total']} "
        f"({status['percent']:.0f}%)"
    ) in text
    assert f"- Hours logged in November 2026: {NOVEMBER_HOURS:g} h" in text
    assert (
        f"- Projected finish: {finish} at the recent pace ({recent['hours_per_week']:.1f} h/week)\n"
    ) in text
    streak = status["streak_days"]
    assert streak >= 1  # the learner's log ends with a run of study days up to yesterday
    assert f"- Current streak: {streak} day{'' if streak == 1 else 's'}" in text
    assert text.startswith(f"## Machine-learning roadmap: progress on {TODAY}\n")


def test_share_escapes_a_bar_in_a_title(learner, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE phase SET title = 'Maths | Stats *core*' WHERE number = 1")
    text = learner("share").stdout
    [(header, rows)] = _tables(text)
    assert all(len(row) == len(header) for row in rows)
    assert r"| Maths \| Stats \*core\* |" in text
    assert rows[1][1] == r"Maths | Stats \*core\*"  # the table reads \| as a | in the cell
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert ">Maths | Stats *core*</td>" in html  # shown as written, not as emphasis


def test_share_on_a_fresh_start_has_no_hours_this_month(started):
    text = started("share").stdout
    [(_, rows)] = _tables(text)
    assert [row[2] for row in rows] == ["░░░░░░░░░░ 0%"] * 8
    assert "- Hours logged in November 2026: 0 h" in text


def test_share_shows_skipped_phases_as_skipped(mlpath):
    mlpath("start", "--skip-phase", "0")
    [(_, rows)] = _tables(mlpath("share").stdout)
    assert rows[0][2] == "skipped"


def _report(db_path: Path):
    """The status report the CLI builds, for calling the card function directly."""
    from mlpath.domain import reports, weekly
    from mlpath.paths import database_url
    from mlpath.storage.reads import open_reader

    reader = open_reader(database_url(str(db_path)))
    try:
        entries = reader.hours_by_day_and_topic()
        by_day = weekly.daily_totals(entries)
        snapshot = reader.snapshot()
        breaks = reader.breaks()
    finally:
        reader.close()
    report = reports.status_report(
        snapshot,
        hours_by_day=by_day,
        entries=entries,
        today=date.fromisoformat(TODAY),
        breaks=breaks,
    )
    return report, by_day


def test_the_card_is_the_report_drawn_as_markdown(learner, db_path):
    from mlpath.render import share

    report, by_day = _report(db_path)
    assert share.markdown(report, hours_by_day=by_day) == learner("share").stdout
    one_day = report._replace(streak=report.streak._replace(length=1))
    assert share.markdown(one_day, hours_by_day=by_day).endswith("- Current streak: 1 day\n")


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = root.iter("{http://www.w3.org/2000/svg}text")
    # Rich writes spaces as &#160; so that SVG keeps them.
    return "".join("".join(t.itertext()) for t in texts).replace("\xa0", " ")


def test_share_svg_draws_the_status_view(learner, run_json):
    text = _svg_text(learner("share", "--format", "svg").stdout)
    for phase in run_json("status")["phases"]:
        assert phase["title"] in text
    assert "Projected finish:" in text and "mlpath status" in text


def test_share_writes_the_card_to_a_file(learner, tmp_path):
    card = tmp_path / "card.md"
    result = learner("share", "--output", str(card))
    assert result.stdout == f"Progress card (markdown) written to {card}\n"
    assert card.read_text(encoding="utf-8") == learner("share").stdout
    picture = tmp_path / "card.svg"
    result = learner("share", "--format", "svg", "-o", str(picture))
    assert result.stdout == f"Progress card (svg) written to {picture}\n"
    assert "Mathematics Foundations" in _svg_text(picture.read_text(encoding="utf-8"))


def test_share_to_a_missing_folder_is_one_error(learner, tmp_path):
    result = learner("share", "-o", str(tmp_path / "nowhere" / "card.md"), code=1)
    assert "does not exist" in result.stderr and not (tmp_path / "nowhere").exists()


def test_share_before_start_says_to_start(mlpath):
    assert "mlpath start" in mlpath("share", code=3).stderr


def test_the_svg_card_fetches_nothing(learner):
    card = learner("share", "--format", "svg").stdout
    # Nothing it would load: no font faces, no remote url(...), no @import, no link.
    for fetch in ("@font-face", 'url("http', "url(http", "@import", 'href="http'):
        assert fetch not in card, fetch
    assert "monospace" in card
    assert "Mathematics Foundations" in _svg_text(card)


def test_two_learners_plans_have_their_own_uids(mlpath, tmp_path):
    uids = []
    for name in ("ada", "grace"):
        db, ics = tmp_path / f"{name}.db", tmp_path / f"{name}.ics"
        mlpath("--db", str(db), "start", "--date", "2026-11-02")
        mlpath("--db", str(db), "plan", "--ics", str(ics))
        uids.append({str(e["uid"]) for e in _events(ics)})
    assert uids[0] and uids[1] and not uids[0] & uids[1]
    # Each keeps the phase id in front, the same for both: one event per phase each.
    assert {u.split(".")[0] for u in uids[0]} == {u.split(".")[0] for u in uids[1]}
