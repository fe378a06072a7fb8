"""Use cases of the paper log: adding a paper, reading it (and its hours), its notes,
and taking it out of the log."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from mlpath.domain import matching
from mlpath.domain.model import Snapshot, Topic
from mlpath.domain.papers import Paper, PaperNote, reading_topic
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.writes import Writer
    from mlpath.usecases.hours import Logged

_SUMMARY_TITLE = 60  # the characters of a title that a history summary keeps


def _titled(paper: Paper) -> str:
    title = paper.title
    return title if len(title) <= _SUMMARY_TITLE else title[: _SUMMARY_TITLE - 1] + "…"


def paper_of(writer: Writer, paper_id: int) -> Paper:
    found = writer.paper(paper_id)
    if found is None:
        raise InvalidInput(
            f"there is no paper #{paper_id}", hint="`mlpath papers` lists them with ids"
        )
    return found


class Added(NamedTuple):
    paper: Paper
    topic: Topic | None


def add_paper(
    *,
    writer: Writer,
    snapshot: Snapshot,
    title: str,
    day: date,
    url: str | None = None,
    topic_query: str | None = None,
) -> Added:
    """Add a paper to read; the same title and address twice is one paper."""
    topic = matching.find_topic(topic_query, snapshot.topics()) if topic_query else None
    for known in writer.papers():
        if known.title.casefold() == title.casefold() and known.url == url:
            raise InvalidInput(
                f"paper #{known.id} is that paper already", hint=f"mlpath paper show {known.id}"
            )
    paper = writer.add_paper(Paper(0, title, day, url, topic.id if topic else None))
    writer.describe(f"paper add #{paper.id}: {_titled(paper)}")
    return Added(paper, topic)


class Read(NamedTuple):
    before: Paper
    paper: Paper
    logged: Logged | None  # the entry of the hours spent reading, if given
    note: PaperNote | None


def read_paper(
    *,
    writer: Writer,
    snapshot: Snapshot,
    paper_id: int,
    day: date,
    reproduced: bool = False,
    hours: float | None = None,
    note: str | None = None,
) -> Read:
    """Mark a paper read on `day`, or (`reproduced`) its code run, which reads it too.

    With `hours` the time goes in as theory on the paper's topic, else on the
    roadmap's paper-reading topic if it has one; with `note`, a note on the paper.
    All in one change, which undo takes back whole.
    """
    before = paper_of(writer, paper_id)
    if day < before.added_on:
        raise InvalidInput(
            f"paper #{paper_id} was added on {before.added_on.isoformat()}, "
            f"after {day.isoformat()}",
            hint="a paper is read on or after the day it was added",
        )
    if reproduced:
        if before.reproduced_on is not None:
            raise InvalidInput(
                f"paper #{paper_id} was reproduced on {before.reproduced_on.isoformat()} already",
                hint="nothing was changed; `mlpath undo` takes a reading back",
            )
        if before.read_on is not None and day < before.read_on:
            raise InvalidInput(
                f"paper #{paper_id} was read on {before.read_on.isoformat()}, "
                f"after {day.isoformat()}",
                hint="its code is run once it is read: give a later --date",
            )
        after = before._replace(read_on=before.read_on or day, reproduced_on=day)
    else:
        if before.read_on is not None:
            raise InvalidInput(
                f"paper #{paper_id} was read on {before.read_on.isoformat()} already",
                hint=f"once its code has run: mlpath paper read {paper_id} --reproduced",
            )
        after = before._replace(read_on=day)
    stored = writer.replace_paper(after)
    logged = None
    if hours is not None:
        from mlpath.usecases.hours import add_entry

        logged = add_entry(
            writer=writer,
            snapshot=snapshot,
            hours=hours,
            day=day,
            topic=_topic_of(snapshot, before),
            note=f"paper #{paper_id}",
            practice=False,
        )
    written = writer.add_paper_note(PaperNote(paper_id, day, note)) if note else None
    what = "reproduced" if reproduced else "read"
    spent = f", {hours:g} h (entry #{logged.entry.id})" if logged is not None else ""
    writer.describe(f"paper {what} #{paper_id} on {day.isoformat()}{spent}")
    return Read(before, stored, logged, written)


def _topic_of(snapshot: Snapshot, paper: Paper) -> Topic | None:
    """Where a paper's reading hours go: its topic, else the roadmap's reading topic."""
    if paper.topic_id is not None:
        every = snapshot.topics(include_retired=True)
        return next((t for t in every if t.id == paper.topic_id), None)
    return reading_topic(snapshot.topics())


def note_paper(*, writer: Writer, paper_id: int, text: str, day: date) -> tuple[Paper, PaperNote]:
    paper = paper_of(writer, paper_id)
    note = writer.add_paper_note(PaperNote(paper_id, day, text))
    writer.describe(f"paper note #{note.id} on paper #{paper_id}")
    return paper, note


def remove_paper(*, writer: Writer, paper_id: int) -> tuple[Paper, int]:
    """Take a paper and its notes out of the log; (the paper, how many notes went).
    The hours logged reading it stay: they were studied."""
    paper = paper_of(writer, paper_id)
    notes = writer.remove_paper(paper_id)
    writer.describe(f"paper remove #{paper_id}: {_titled(paper)}")
    return paper, notes
