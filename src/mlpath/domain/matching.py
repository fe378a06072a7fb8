"""Finding the topic a learner means from what they typed.

Forgiving, but never guessing: an id, an alias or a title (any case, any
punctuation) wins outright; otherwise the text must be part of exactly one topic's
id or title. Anything else is an error that lists the candidates or the closest
names, so a wrong topic is never changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from mlpath.domain.model import Topic
from mlpath.errors import TopicNotFound

_NON_WORD = re.compile(r"[\W_]+")  # keeps letters of every script, accents included


def normalise(text: str) -> str:
    """Lower case, with every run of punctuation or spaces folded into one space."""
    return _NON_WORD.sub(" ", text.casefold().replace("&", " and ")).strip()


def _names(topic: Topic) -> list[str]:
    return [normalise(name) for name in (topic.id, topic.title, *topic.aliases)]


def find_topic(query: str, topics: Sequence[Topic]) -> Topic:
    wanted = normalise(query)
    if not wanted:
        raise TopicNotFound("no topic given", hint="name a topic by its id or title")
    exact = [topic for topic in topics if wanted in _names(topic)]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [topic for topic in topics if any(wanted in name for name in _names(topic))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        shown = ", ".join(f"{t.id} ({t.title})" for t in partial[:6])
        more = f" and {len(partial) - 6} more" if len(partial) > 6 else ""
        raise TopicNotFound(
            f"'{query}' matches {len(partial)} topics: {shown}{more}",
            hint="use more of the title, or the topic's id",
        )
    raise TopicNotFound(f"no topic matches '{query}'", hint=_suggestion(wanted, topics))


def _suggestion(wanted: str, topics: Sequence[Topic]) -> str:
    by_name: dict[str, Topic] = {}
    for topic in topics:
        for name in _names(topic):
            by_name.setdefault(name, topic)
    close = difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.6)
    if not close:
        # Compare word by word too, so "algebra linear" or a typo in one word of a
        # long title still finds its topic.
        words = set(wanted.split())
        scored = [
            (
                difflib.SequenceMatcher(None, wanted, name).ratio()
                + len(words & set(name.split())),
                name,
            )
            for name in by_name
        ]
        close = [name for score, name in sorted(scored, reverse=True)[:3] if score > 0.5]
    ids = list(dict.fromkeys(by_name[name].id for name in close))[:3]
    if not ids:
        return "`mlpath topics` lists every topic"
    return "did you mean " + " or ".join(f"'{i}'" for i in ids) + "?"
