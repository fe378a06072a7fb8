"""find: accents folded, close spellings forgiven when nothing matches as typed, and
the words around a match shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlpath.domain.search import fold

# Misspellings a learner types, and a topic each must find.
MISSPELLINGS = {
    "atention": "transformers-attention",
    "tranformers": "transformers-attention",
    "regresion": "regression",
    "convolutinal": "cnns",
    "bayesain": "probability-statistics",
    "eigendecompositon": "linear-algebra",
}


@pytest.mark.parametrize(("typed", "wanted"), sorted(MISSPELLINGS.items()))
def test_a_close_spelling_finds_the_topic(started, run_json, typed, wanted):
    found = run_json("find", typed)
    assert wanted in [hit["id"] for hit in found], (typed, found)


def test_accents_are_folded_both_ways(started, run_json):
    plain = {hit["id"] for hit in run_json("find", "geron")}
    accented = {hit["id"] for hit in run_json("find", "Géron")}
    assert plain == accented and plain


def test_a_summary_hit_shows_the_words_around_the_match(started, run_json, monkeypatch):
    [hit] = [h for h in run_json("find", "broadcasting") if h["id"] == "numpy"]
    assert hit["found_in"] == "summary" and "broadcasting" in hit["context"]
    assert hit["close_spelling"] is False
    monkeypatch.setenv("COLUMNS", "120")
    assert "summary: … ecosystem: arrays, broadcasting" in started("find", "broadcasting").stdout


def test_close_spellings_are_said_to_be_close(started):
    said = started("find", "atention").stdout
    assert "Nothing matches 'atention' as typed; these match close spellings." in said


def test_words_as_typed_win_over_close_spellings(started, run_json):
    assert all(not hit["close_spelling"] for hit in run_json("find", "attention"))


def test_nothing_close_still_finds_nothing(started):
    assert "Nothing in the roadmap matches 'zyzzyva'" in started("find", "zyzzyva").stdout


@given(st.text(alphabet="aeiouéèêëàâäôöûüçñ ABCÉ", max_size=20))
def test_folding_takes_off_accents_and_case_only(text):
    folded = fold(text)
    assert folded == fold(folded)
    assert folded.isascii()
