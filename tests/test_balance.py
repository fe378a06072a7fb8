"""Theory and practice (issue 16): every entry is one or the other, and `status` and
`hours` give the share of practice over the last four weeks against the source's advice."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import START, TODAY, query
from mlpath.domain import balance


def test_an_entry_follows_its_topics_kind_unless_flagged(started, db_path):
    started("log", "1", "--topic", "csv-statistics-program")  # an exercise: practice
    started("log", "2", "--topic", "linear-algebra")  # a topic: theory
    started("log", "1.5")  # no topic: theory
    started("log", "0.5", "--practice")
    started("log", "0.25", "--topic", "linear-regression-from-scratch", "--theory")
    assert query(db_path, "SELECT hours, practice FROM entry ORDER BY id") == [
        (1.0, 1),
        (2.0, 0),
        (1.5, 0),
        (0.5, 1),
        (0.25, 0),
    ]


def test_log_says_which_it_counted_and_refuses_both(started, db_path):
    assert (
        "(entry #1, practice; 1 h that day)"
        in started("log", "1", "--topic", "csv-statistics-program").stdout
    )
    result = started("log", "1", "--practice", "--theory", code=1)
    assert "an entry is theory or practice, not both" in result.stderr
    assert query(db_path, "SELECT count(*) FROM entry") == [(1,)]


def test_edit_retags_an_entry_and_undo_takes_it_back(started, db_path):
    started("log", "2")
    started("log", "--edit", "1", "--practice")
    assert query(db_path, "SELECT practice FROM entry") == [(1,)]
    started("undo")
    assert query(db_path, "SELECT practice FROM entry") == [(0,)]
    started("log", "--edit", "1", "--topic", "csv-statistics-program")  # a new topic's kind
    assert query(db_path, "SELECT practice FROM entry") == [(1,)]


def test_the_practice_share_matches_a_hand_count(mlpath, run_json):
    started = mlpath
    mlpath("start", "--date", "2026-10-05")
    today = date.fromisoformat(TODAY)
    old = (today - timedelta(days=28)).isoformat()  # just outside the four weeks
    started("log", "5", "--practice", "--date", old)
    started("log", "3", "--topic", "csv-statistics-program", "--date", "2026-11-20")
    started("log", "2", "--topic", "linear-algebra", "--date", "2026-11-21")
    started("log", "1", "--date", "2026-11-22")
    started("log", "2", "--practice", "--date", TODAY)
    # In the window: practice 3 + 2 = 5 h of 8 h.
    status = run_json("status", "--json")
    assert status["balance"] == {
        "practice_share": round(5 / 8, 3),
        "target_practice_share": 0.7,  # phase 0: early on
        "weeks": 4,
    }
    shown = started("status").stdout
    assert "Practice: 62% of the last 4 weeks' 8 h (advised in phase 0: 70%)." in shown
    assert "Practice: 62% of the last 4 weeks' 8 h" in started("hours").stdout
    weeks = {w["week_start"]: w for w in run_json("hours", "--weeks", "8")}
    assert weeks["2026-10-26"]["practice_hours"] == 5
    assert (weeks["2026-11-16"]["theory_hours"], weeks["2026-11-16"]["practice_hours"]) == (3, 3)
    assert (weeks["2026-11-23"]["theory_hours"], weeks["2026-11-23"]["practice_hours"]) == (0, 2)
    for w in weeks.values():
        assert w["theory_hours"] + w["practice_hours"] == pytest.approx(w["hours"])


def test_without_hours_there_is_no_share(started, run_json):
    assert run_json("status", "--json")["balance"]["practice_share"] is None
    assert "Practice: no hours in the last 4 weeks (advised in phase 0: 70%)." in (
        started("status").stdout
    )


def test_later_phases_aim_at_half_practice():
    assert balance.target_practice_share(0) == 0.7
    assert balance.target_practice_share(balance.EARLY_LAST_PHASE) == 0.7
    assert balance.target_practice_share(balance.EARLY_LAST_PHASE + 1) == 0.5


def test_an_export_carries_the_kind_and_an_older_one_takes_the_topics(mlpath, db_path, tmp_path):
    mlpath("start", "--date", START)
    mlpath("log", "2", "--practice", "--date", "2026-11-03")
    mlpath("log", "1", "--topic", "csv-statistics-program", "--theory", "--date", "2026-11-04")
    path = tmp_path / "out.json"
    mlpath("export", "-o", str(path))
    other = tmp_path / "other.db"
    mlpath("--db", str(other), "import", str(path))
    assert query(other, "SELECT hours, practice FROM entry ORDER BY id") == [(2.0, 1), (1.0, 0)]
    data = json.loads(path.read_text())
    data["version"] = 4
    for entry in data["entries"]:
        del entry["practice"]
    data["settings"].pop("profile")
    data.pop("estimates")
    for period in data["settings_periods"]:
        period.pop("profile")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    third = tmp_path / "third.db"
    mlpath("--db", str(third), "import", str(old))
    # Before the kind was kept: the exercise's entry is practice, the untopiced one theory.
    assert query(third, "SELECT hours, practice FROM entry ORDER BY id") == [(2.0, 0), (1.0, 1)]


_DAY = st.integers(min_value=0, max_value=60).map(lambda n: date(2026, 11, 25) - timedelta(n))


@given(st.dictionaries(_DAY, st.tuples(st.floats(0, 16), st.floats(0, 16)), max_size=40))
def test_the_share_counts_only_the_last_four_weeks(split):
    today = date(2026, 11, 25)
    found = balance.balance(split, today, 1)
    inside = [v for d, v in split.items() if today - d < timedelta(days=28)]
    assert found.theory_hours == pytest.approx(sum(t for t, _ in inside))
    assert found.practice_hours == pytest.approx(sum(p for _, p in inside))
    share = found.practice_share
    assert share is None or 0 <= share <= 1
    weeks = balance.split_by_week(split)
    assert sum(t + p for t, p in weeks.values()) == pytest.approx(
        sum(t + p for t, p in split.values())
    )
