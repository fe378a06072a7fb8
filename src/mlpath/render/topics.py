"""Topics: state changes, the topic list, one topic in full, search hits, what is next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mlpath.domain.progress import remaining_hours
from mlpath.render import echo, literal, make_console
from mlpath.render.tables import sized_table
from mlpath.render.text import (
    STATUS_MARK,
    ellipsized,
    h,
    in_your_plan,
    list_table,
    one_line,
    plain_bar,
    plural,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from mlpath.domain.model import Note, Phase, Resource, Snapshot, Topic
    from mlpath.domain.progress import PhaseProgress, TopicCount
    from mlpath.domain.reviews import DueReview
    from mlpath.domain.search import Hit
    from mlpath.usecases.topics import Estimated, StatusChange


def status_changes(changes: Sequence[StatusChange], phases: Sequence[PhaseProgress]) -> None:
    for change in changes:
        t = change.topic
        if not change.changed:
            echo(f"{t.title} ({t.id}) is already {change.after.value}; unchanged.")
            continue
        when = f" on {change.on.isoformat()}" if change.on else ""
        mark = STATUS_MARK[change.after.value]
        echo(f"{mark} {t.title} ({t.id}): {change.before.value} → {change.after.value}{when}")
        if change.review_due is not None:
            echo(f"  First review {change.review_due.isoformat()} (mlpath review {t.id}).")
        if change.other_track is not None:
            echo(
                f"  {t.id} is on the {t.track} track, not yours ({change.other_track}): "
                "it does not count toward your plan."
            )
    shown = {c.topic.phase for c in changes}
    for p in phases:
        if p.phase.number in shown:
            echo(
                f"{plain_bar(p.percent / 100, 10)}  Phase {p.phase.number} · {p.phase.title}: "
                f"{p.done}/{p.total} topics ({p.percent:.0f}%)"
            )


def status_changes_json(
    changes: Sequence[StatusChange], phases: Sequence[PhaseProgress], link: str | None = None
) -> dict[str, Any]:
    """What `done`, `doing`, `undone` and `skip --json` say: each topic named and its
    change, the progress of the phases they are in, and of the whole plan."""
    from mlpath.domain.model import PhaseState

    shown = {c.topic.phase for c in changes}
    counted = [p for p in phases if p.state is not PhaseState.SKIPPED]
    done, total = sum(p.done for p in counted), sum(p.total for p in counted)
    return {
        "changes": [
            {
                "id": c.topic.id,
                "title": c.topic.title,
                "phase": c.topic.phase,
                "before": c.before.value,
                "after": c.after.value,
                "changed": c.changed,
                "done_on": c.on,
                # of another track than the learner's: it does not count toward the plan
                "other_track": c.other_track is not None,
            }
            for c in changes
        ],
        "link": link,
        "phases": [_phase_progress_json(p) for p in phases if p.phase.number in shown],
        "topics_done": done,
        "topics_total": total,
        "percent": round(100.0 * done / total if total else 100.0, 1),
    }


def _phase_progress_json(p: PhaseProgress) -> dict[str, Any]:
    return {
        "number": p.phase.number,
        "title": p.phase.title,
        "topics_done": p.done,
        "topics_total": p.total,
        "percent": round(p.percent, 1),
        "state": p.state.value,
    }


def topics_table(topics: Sequence[Topic], snapshot: Snapshot, count: TopicCount) -> None:
    """The topics listed, then how many of those in scope (all tracks) the plan counts."""
    from rich.cells import cell_len

    console = make_console()
    if not topics:
        console.print("No topics match.")
        return
    states = [_state(t) for t in topics]
    # Beside the ids and titles: Ph, Hours, Status (its mark and word) and the rules.
    others = 2 + 5 + max(cell_len(s) for s in [*states, "Status"]) + 3 * 4
    ids = ids_beside(console, topics, others, title=SHORT_TITLE)
    # The kind goes first when room is short: beside the ids, it is shown only while
    # the titles keep KIND_TITLE_ROOM cells (or their whole length) beside it.
    longest = max(cell_len(t.title) for t in topics)
    kind_room = others + 11 + max(len(t.id) for t in topics) + min(longest, KIND_TITLE_ROOM)
    kinds = console.width >= (kind_room if ids else 70)
    columns: list[tuple[str, dict[str, str]]] = [*([("Id", {})] if ids else [])]
    columns += [("Title" if ids else "Title / id", {"overflow": "fold"}), ("Ph", _RIGHT)]
    columns += [*([("Kind", {})] if kinds else []), ("Hours", _RIGHT), ("Status", {})]
    rows = []
    for t, state in zip(topics, states, strict=True):
        title = t.title + (f" [{t.track}]" if t.track else "")
        rows.append(
            [
                *([t.id] if ids else []),
                title if ids else f"{title}\n{t.id}",
                str(t.phase),
                *([t.kind] if kinds else []),
                h(t.hours),
                state,
            ]
        )
    # Beside the ids, a title too long for its column is cut, keeping the row on one line.
    fold = 1 if ids else 0
    cut = _titles_cut if ids else None
    console.print(sized_table(console.width, columns, rows, fold=fold, cut=cut))
    console.print(
        f"{plural(len(topics), 'topic')} · track {snapshot.settings.track} · {in_your_plan(count)}",
        markup=False,
    )


def _state(t: Topic) -> str:
    return f"{STATUS_MARK[t.status.value]} {t.status.value}" + (" (retired)" if t.retired else "")


def _titles_cut(title: str, width: int) -> str:
    """A title in `width` cells, its track (` [nlp]`) kept whole at the end."""
    head, bracket, track = title.rpartition(" [")
    if bracket and track.endswith("]") and width > len(track) + 4:
        return ellipsized(head, width - len(track) - 2) + bracket + track
    return ellipsized(title, width)


_RIGHT = {"justify": "right"}


TITLE_ROOM = 20  # the cells a column of titles needs to stay readable
SHORT_TITLE = 16  # the fewest cells a title is cut to, for its id to stay beside it
KIND_TITLE_ROOM = 30  # the cells the titles keep before the kind of each topic is shown


def ids_beside(
    console: Console, topics: Sequence[Topic], others: int, title: int = TITLE_ROOM
) -> bool:
    """Whether the ids get a column of their own beside the titles (`others` is the
    width of the table's other columns): only while the titles keep `title` cells.
    Otherwise each id goes under its title, where it is never cut."""
    return console.width >= max(len(t.id) for t in topics) + others + title


def topics_json(
    topics: Sequence[Topic], logged: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """With `logged` (hours by topic id), each topic also has its hours logged and left."""
    return [
        _topic_json(t)
        | (
            {}
            if logged is None
            else {
                "hours_logged": logged.get(t.id, 0.0),
                "remaining_hours": round(remaining_hours(_planned(t), logged.get(t.id, 0.0)), 2),
            }
        )
        for t in topics
    ]


def _planned(t: Topic) -> Topic:
    """The topic at the hours the learner plans it: their own estimate, if they gave one."""
    return t._replace(hours=t.estimate) if t.estimate is not None else t


def _topic_json(t: Topic) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "phase": t.phase,
        "kind": t.kind,
        "hours": t.hours,
        "estimate": t.estimate,
        "status": t.status.value,
        "track": t.track,
        "optional": t.optional,
        "done_on": t.done_on,
        "retired": t.retired,
        "summary": t.summary,
        "sources": list(t.sources),
        "resources": [{k: v for k, v in r._asdict().items() if v is not None} for r in t.resources],
    }


def resource_line(r: Resource) -> Text:
    free = {True: " (free)", False: " (paid)"}.get(r.free, "") if r.free is not None else ""
    line = linked(r.title, r.url)
    line.append(f" — {r.kind}{free}")
    if r.url:
        # The address stays visible for terminals without hyperlinks.
        line.append_text(literal(f" <{r.url}>"))
    return line


def linked(text: str, url: str | None) -> Text:
    """`text`, a hyperlink to `url` where the terminal supports one: only for a web
    address (a link of any other scheme could open or run anything)."""
    from rich.style import Style

    from mlpath.safetext import find

    web = (
        url is not None
        and url.lower().startswith(("http://", "https://"))
        and find(url) is None
        and not any(c.isspace() for c in url)
    )
    return literal(text, Style(link=url) if web else "")


def topic(t: Topic, snapshot: Snapshot, hours_logged: float, journal: Sequence[Note] = ()) -> None:
    console = make_console()
    console.print(literal(t.title, "bold"), f" ({t.id})")
    track = f" · track {t.track}" if t.track else ""
    optional = " · optional" if t.optional else ""
    phase = snapshot.phase(t.phase).title
    console.print(f"Phase {t.phase} · {phase} · {t.kind}{track}{optional}", markup=False)
    done = f" on {t.done_on.isoformat()}" if t.done_on else ""
    console.print(
        f"Status: {t.status.value}{done}" + (" (retired)" if t.retired else ""), markup=False
    )
    planned = _planned(t)
    left = "" if t.finished else f", {h(remaining_hours(planned, hours_logged))} h left"
    yours = f" (your estimate; the roadmap's is {h(t.hours)} h)" if t.estimate is not None else ""
    console.print(f"Hours: {_estimate(hours_logged, planned.hours)}{left}{yours}", markup=False)
    if t.summary:
        console.print()
        console.print(t.summary, markup=False)
    if journal:
        console.print("\nJournal:")
        for item in journal:
            if item.kind == "link":
                line = linked(item.text, item.text)
                console.print(f"  {item.day.isoformat()}  evidence:", line, markup=False)
            else:
                console.print(f"  {item.day.isoformat()}  {item.text}", markup=False)
    if t.resources:
        console.print("\nResources:")
        for r in t.resources:
            console.print("  •", resource_line(r))
    if t.sources:
        titles = {s.id: s.title for s in snapshot.sources}
        console.print("\nSources:")
        for source in t.sources:
            console.print(f"  • {titles.get(source, source)}", markup=False)


def _estimate(logged: float, estimate: float) -> str:
    line = f"{h(logged)} logged of {h(estimate)} estimated"
    if estimate and logged:
        share = logged / estimate
        line += f" ({share:.0%})" if share <= 1 else f" ({share - 1:.0%} over)"
    return line


def estimated(done: Estimated) -> None:
    t = done.topic
    if done.after is None:
        echo(
            f"Cleared your estimate of {t.title} ({t.id}): the roadmap's {h(t.hours)} h "
            "holds again (mlpath undo puts yours back)."
        )
        return
    before = h(done.before) if done.before is not None else f"the roadmap's {h(t.hours)}"
    echo(
        f"Estimate of {t.title} ({t.id}): {h(done.after)} h, was {before} h. "
        "The plan and the forecast use it (mlpath undo reverts)."
    )


def estimated_json(done: Estimated) -> dict[str, Any]:
    return {
        "id": done.topic.id,
        "roadmap_hours": done.topic.hours,
        "estimate": done.after,
        "before": done.before,
    }


def noted(t: Topic, kind: str, text: str) -> None:
    what = "Evidence linked" if kind == "link" else "Noted"
    echo(f"{what} on {t.id}: {text}")


def noted_json(t: Topic, item: Note) -> dict[str, Any]:
    """What `note --json` says: the journal item written, and its topic."""
    return {"topic": t.id, "title": t.title} | notes_json([item])[0]


def notes_json(journal: Sequence[Note]) -> list[dict[str, Any]]:
    return [{"id": n.id, "day": n.day, "kind": n.kind, "text": n.text} for n in journal]


CONTEXT_WIDTH = 100  # the columns `find` needs to show the words around a match
FOUND_ROOM = 22  # the cells of Found in that a row keeps beside an id and a title


def hits(found: Sequence[Hit], text: str) -> None:
    from rich.cells import cell_len

    console = make_console()
    if not found:
        console.print(f"Nothing in the roadmap matches '{text}'.", markup=False)
        return
    # Beside the ids and titles: Ph, Found in (cut to FOUND_ROOM at most) and the
    # gaps between the four columns; each title begins with its status's mark.
    found_in = min(max(cell_len(_found_in(hit, context=False)) for hit in found), FOUND_ROOM)
    ids = ids_beside(console, [hit.topic for hit in found], 2 + found_in + 2 * 3)
    table = list_table()
    if ids:
        table.add_column("Id", no_wrap=True)
    # An id under its title is kept whole: a long Found in (a resource's title) wraps in
    # the room the longest id leaves beside the mark, Ph and their gaps (9 columns).
    longest = None if ids else max(len(hit.topic.id) for hit in found)
    table.add_column("Title" if ids else "Title / id", overflow="fold", min_width=longest)
    table.add_column("Ph", justify="right")
    # The words around a match say why it matched, where the terminal has room for
    # them beside the titles.
    context = console.width >= CONTEXT_WIDTH
    room = 44 if longest is None else max(8, min(44, console.width - longest - 9))
    table.add_column("Found in", overflow="ellipsis", max_width=room)
    for hit in found:
        t = hit.topic
        where = _found_in(hit, context=context)
        title = f"{STATUS_MARK[t.status.value]} {t.title}"
        # Beside its id, a row stays on one line (cut short rather than wrapped); under
        # its title, the id gets a line of its own and the title wraps, never cut.
        name = one_line(title) if ids else literal(f"{title}\n  {t.id}")
        table.add_row(*([t.id] if ids else []), name, str(t.phase), one_line(where))
    console.print(table)
    if found[0].close:
        console.print(
            f"Nothing matches '{text}' as typed; these match close spellings.", markup=False
        )
    console.print(f"{plural(len(found), 'topic')} · mlpath show TOPIC for more", markup=False)


def _found_in(hit: Hit, *, context: bool) -> str:
    where = f"resource: {hit.detail}" if hit.detail else hit.field
    return f"{where}: {hit.context}" if hit.context and context else where


def hits_json(found: Sequence[Hit]) -> list[dict[str, Any]]:
    return [
        topics_json([hit.topic])[0]
        | {
            "found_in": hit.field,
            "resource": hit.detail or None,
            "context": hit.context or None,
            "close_spelling": hit.close,
        }
        for hit in found
    ]


def next_up(
    upcoming: Sequence[Topic],
    phase: Phase | None,
    logged: Mapping[str, float] | None = None,
    reviews: Sequence[DueReview] = (),
    reviews_due: int = 0,
) -> None:
    """`reviews`: those overdue enough to come first; `reviews_due`: all those due."""
    console = make_console()
    if reviews:
        console.print(literal("Reviews overdue", "bold"))
        for due in reviews:
            console.print(
                f"↻ {due.topic.title} ({due.topic.id}) — review, "
                f"{plural(due.overdue, 'day')} overdue (due {due.due.isoformat()})",
                markup=False,
            )
        console.print("  mlpath review TOPIC goes through one.", markup=False)
    if phase is None:
        console.print("Nothing left: every phase is done or skipped.")
    elif upcoming or not reviews:
        console.print(literal(f"Phase {phase.number} · {phase.title}", "bold"))
    for t in upcoming:
        mark = STATUS_MARK[t.status.value]
        done = (logged or {}).get(t.id, 0.0)
        so_far = (
            f" ({h(done)} of {h(t.hours)} h logged, {h(remaining_hours(t, done))} h left)"
            if done
            else ""
        )
        console.print(f"{mark} {t.title} ({t.id}) — {t.kind}, {h(t.hours)} h{so_far}", markup=False)
        for r in t.resources[:2]:
            console.print("   ", resource_line(r))
    rest = reviews_due - len(reviews)
    if rest > 0:
        console.print(f"{plural(rest, 'more review')} due: mlpath review lists them.", markup=False)


def reviews_json(reviews: Sequence[DueReview]) -> list[dict[str, Any]]:
    """Reviews in `next --json`: each as its topic, with the review's due day."""
    return [
        _topic_json(r.topic) | {"review": {"due": r.due, "overdue_days": r.overdue}}
        for r in reviews
    ]
