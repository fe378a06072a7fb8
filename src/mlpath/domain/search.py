"""Full-text search over the roadmap: titles, summaries and resources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from mlpath.domain.matching import normalise
from mlpath.domain.model import Topic
from mlpath.errors import InvalidInput

# Where a match was found, best first: a hit in the title says more than one in a link.
FIELDS = ("title", "summary", "resource")


class Hit(NamedTuple):
    topic: Topic
    field: str  # one of FIELDS
    detail: str  # the resource's title for a resource hit, else ""


def search(text: str, topics: Sequence[Topic]) -> list[Hit]:
    """Topics where every word of `text` appears in one field, best field first."""
    words = normalise(text).split()
    if not words:
        raise InvalidInput("nothing to search for", hint="give a word, e.g. mlpath find attention")

    def has_all(haystack: str) -> bool:
        folded = normalise(haystack)
        return all(word in folded for word in words)

    hits: list[Hit] = []
    for topic in topics:
        if has_all(f"{topic.title} {topic.id} {' '.join(topic.aliases)}"):
            hits.append(Hit(topic, "title", ""))
        elif has_all(topic.summary):
            hits.append(Hit(topic, "summary", ""))
        else:
            resource = next(
                (r for r in topic.resources if has_all(f"{r.title} {r.url or ''} {r.kind}")), None
            )
            if resource is not None:
                hits.append(Hit(topic, "resource", resource.title))
    return sorted(hits, key=lambda hit: FIELDS.index(hit.field))
