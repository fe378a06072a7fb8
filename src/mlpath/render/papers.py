"""The paper log: what `paper` says, one paper with its notes, and the list of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlpath.render import echo, literal, make_console
from mlpath.render.text import ellipsized, list_table, papers_line, plural

if TYPE_CHECKING:
    from mlpath.domain.papers import Paper, PaperNote, ReadingWeek
    from mlpath.usecases.papers import Added, Read


def added(result: Added) -> None:
    p = result.paper
    about = f" (for {result.topic.id})" if result.topic else ""
    echo(f"Paper #{p.id} added to read{about}: {p.title}")
    echo(f"`mlpath paper read {p.id}` marks it read; `--reproduced` once you have run its code.")


def read(result: Read, week: ReadingWeek) -> None:
    from mlpath.render.hours import logged

    p = result.paper
    if p.reproduced_on is not None:
        echo(f"Paper #{p.id} reproduced on {p.reproduced_on.isoformat()}: {p.title}")
    else:
        assert p.read_on is not None  # just read
        echo(f"Paper #{p.id} read on {p.read_on.isoformat()}: {p.title}")
    if result.logged is not None:
        logged(result.logged, None)
    if result.note is not None:
        echo(f"Noted: {result.note.text}")
    if week.in_specialisation:
        echo(papers_line(week))


def noted(p: Paper, note: PaperNote) -> None:
    echo(f"Noted on paper #{p.id}: {note.text}")


def removed(p: Paper, notes: int) -> None:
    also = f" and its {plural(notes, 'note')}" if notes else ""
    echo(f"Paper #{p.id} removed{also}: {p.title}. `mlpath undo` brings it back.")


def _dates(p: Paper) -> str:
    days = [f"added {p.added_on.isoformat()}"]
    if p.read_on is not None:
        days.append(f"read {p.read_on.isoformat()}")
    if p.reproduced_on is not None:
        days.append(f"reproduced {p.reproduced_on.isoformat()}")
    return " · ".join(days)


def paper(p: Paper, notes: Sequence[PaperNote], topic_title: str | None) -> None:
    console = make_console()
    console.print(literal(p.title, "bold"), f" (paper #{p.id})")
    if p.url:
        console.print(p.url, markup=False)
    if p.topic_id:
        name = f"{topic_title} ({p.topic_id})" if topic_title else p.topic_id
        console.print(f"Topic: {name}", markup=False)
    console.print(f"State: {p.state} · {_dates(p)}", markup=False)
    if notes:
        console.print("\nNotes:")
        for n in notes:
            console.print(f"  {n.day.isoformat()}  {n.text}", markup=False)


_WITH_ADDED = 80  # narrower terminals list no Added column
# The columns whose cells are cut to fit the terminal, and the least each keeps.
_CUT = (("Title", 12), ("Topic", 5), ("URL", 3))


def papers_table(found: Sequence[Paper], *, unread: bool = False) -> None:
    console = make_console()
    if not found:
        if unread:
            console.print("No papers left to read.")
        else:
            console.print('No papers in your log yet. Add one: mlpath paper add "TITLE" --url URL')
        return
    rows: list[tuple[str, ...]] = [
        (
            str(p.id),
            p.state,
            p.added_on.isoformat(),
            p.read_on.isoformat() if p.read_on else "",
            p.title,
            p.topic_id or "",
            # The scheme says nothing in a list of web addresses; --json keeps it.
            (p.url or "").removeprefix("https://").removeprefix("http://"),
        )
        for p in found
    ]
    names: tuple[str, ...] = ("#", "State", "Added", "Read", *(name for name, _ in _CUT))
    if console.width < _WITH_ADDED:  # the day it was added gives way to its title
        names = names[:2] + names[3:]
        rows = [row[:2] + row[3:] for row in rows]
    fixed = len(names) - len(_CUT)
    widths = _widths(console.width, names, rows)
    table = list_table()
    for name in names:
        table.add_column(name, justify="right" if name == "#" else "left", no_wrap=True)
    for row in rows:
        cut = (ellipsized(cell, width) for cell, width in zip(row[fixed:], widths, strict=True))
        table.add_row(*row[:fixed], *cut)
    console.print(table)
    counts = [(sum(1 for p in found if p.state == s), s) for s in ("to read", "read", "reproduced")]
    states = ", ".join(f"{n} {s}" for n, s in counts if n)
    console.print(f"{plural(len(found), 'paper')}: {states} · mlpath paper show ID", markup=False)


def _widths(width: int, names: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """The widths of the title, topic and URL columns, so that each row keeps to one
    line of `width`: each as wide as its longest cell while they fit, else the topic
    and the address cut first (to a fifth and a quarter of the room), then the title."""
    from rich.cells import cell_len

    natural = [max(cell_len(r[i]) for r in [names, *rows]) for i in range(len(names))]
    natural, cut = natural[: -len(_CUT)], natural[-len(_CUT) :]
    fixed = sum(natural) + 2 * (len(names) - 1)  # list_table's two spaces between
    room = max(width - fixed, sum(least for _, least in _CUT))
    natural = cut
    title, topic, url = natural
    if title + topic + url <= room:
        return [title, topic, url]
    topic = min(topic, max(_CUT[1][1], room // 5))
    url = min(url, max(_CUT[2][1], room // 4))
    title = max(_CUT[0][1], room - topic - url)
    # A short title leaves its room to the address, then to the topic.
    spare = title - natural[0]
    if spare > 0:
        title = natural[0]
        more = min(spare, natural[2] - url)
        url += more
        topic = min(natural[1], topic + spare - more)
    return [title, topic, url]


def paper_json(p: Paper) -> dict[str, Any]:
    return {
        "id": p.id,
        "title": p.title,
        "url": p.url,
        "topic": p.topic_id,
        "state": p.state,
        "added_on": p.added_on,
        "read_on": p.read_on,
        "reproduced_on": p.reproduced_on,
    }


def notes_json(notes: Sequence[PaperNote]) -> list[dict[str, Any]]:
    return [{"id": n.id, "day": n.day, "text": n.text} for n in notes]


def changed_json(action: str, p: Paper) -> dict[str, Any]:
    """What `paper add` (added) and `paper remove` (removed) say with --json."""
    return {"action": action, "paper": paper_json(p)}


def read_json(result: Read, week: ReadingWeek) -> dict[str, Any]:
    from mlpath.render.hours import entries_json

    entry = entries_json([result.logged.entry])[0] if result.logged is not None else None
    return {
        "action": "reproduced" if result.paper.reproduced_on else "read",
        "paper": paper_json(result.paper),
        "before": paper_json(result.before),
        "entry": entry,
        "note": notes_json([result.note])[0] if result.note is not None else None,
        "read_this_week": week.read,
        "in_specialisation": week.in_specialisation,
    }


def noted_json(p: Paper, note: PaperNote) -> dict[str, Any]:
    return {"paper": p.id, "title": p.title} | notes_json([note])[0]
