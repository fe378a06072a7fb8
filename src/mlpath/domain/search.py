"""Full-text search over the roadmap: titles, summaries and resources.

Accents are folded (`geron` finds Géron) and, when no topic holds every word as
typed, each word may match a close spelling (`atention`): difflib's ratio, from
the standard library, tells close spellings apart well enough on the roadmap's
words (tests/test_search.py holds the misspellings it must forgive).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import NamedTuple

from mlpath.domain.matching import normalise
from mlpath.domain.model import Topic
from mlpath.errors import InvalidInput

# Where a match was found, best first: a hit in the title says more than one in a link.
FIELDS = ("title", "summary", "resource")
# How alike a word must be to one typed for a search that found nothing as typed.
CLOSE_ENOUGH = 0.8
# Words of context shown each side of a match in a summary.
CONTEXT_WORDS = 2


class Hit(NamedTuple):
    topic: Topic
    field: str  # one of FIELDS
    detail: str  # the resource's title for a resource hit, else ""
    context: str = ""  # for a summary hit, the words around the match
    close: bool = False  # matched a close spelling, not the words as typed


def fold(text: str) -> str:
    """normalise(), with accents taken off: `Géron` and `geron` read alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return normalise("".join(c for c in decomposed if not unicodedata.combining(c)))


def search(text: str, topics: Sequence[Topic]) -> list[Hit]:
    """Topics where every word of `text` appears in one field, best field first; if
    none, those where every word has a close spelling there."""
    words = fold(text).split()
    if not words:
        raise InvalidInput("nothing to search for", hint="give a word, e.g. mlpath find attention")
    exact = _hits(words, topics, close=False)
    if exact:
        return exact
    vocabulary = sorted({w for topic in topics for w in fold(_everything(topic)).split()})
    spelled = [get_close_matches(word, vocabulary, n=3, cutoff=CLOSE_ENOUGH) for word in words]
    if not all(spelled):
        return []
    return _hits(words, topics, close=True, spellings=spelled)


def _everything(topic: Topic) -> str:
    resources = " ".join(f"{r.title} {r.kind}" for r in topic.resources)
    return f"{topic.title} {topic.id} {' '.join(topic.aliases)} {topic.summary} {resources}"


def _hits(
    words: list[str],
    topics: Sequence[Topic],
    *,
    close: bool,
    spellings: list[list[str]] | None = None,
) -> list[Hit]:
    def has_all(haystack: str) -> bool:
        folded = fold(haystack)
        if spellings is None:
            return all(word in folded for word in words)
        present = set(folded.split())
        return all(any(s in present for s in options) for options in spellings)

    hits: list[Hit] = []
    for topic in topics:
        if has_all(f"{topic.title} {topic.id} {' '.join(topic.aliases)}"):
            hits.append(Hit(topic, "title", "", "", close))
        elif has_all(topic.summary):
            first = spellings[0] if spellings else [words[0]]
            hits.append(Hit(topic, "summary", "", _context(topic.summary, first), close))
        else:
            resource = next(
                (r for r in topic.resources if has_all(f"{r.title} {r.url or ''} {r.kind}")), None
            )
            if resource is not None:
                hits.append(Hit(topic, "resource", resource.title, "", close))
    return sorted(hits, key=lambda hit: FIELDS.index(hit.field))


def _context(summary: str, options: list[str]) -> str:
    """The summary's words around the first that holds one of `options`."""
    shown = summary.split()
    matches: Callable[[str], bool] = lambda word: any(o in fold(word) for o in options)  # noqa: E731
    at = next((i for i, word in enumerate(shown) if matches(word)), 0)
    first, last = max(at - CONTEXT_WORDS, 0), min(at + CONTEXT_WORDS + 1, len(shown))
    return (
        ("… " if first else "") + " ".join(shown[first:last]) + (" …" if last < len(shown) else "")
    )
