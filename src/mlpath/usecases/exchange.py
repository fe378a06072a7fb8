"""Use cases that write an export into a database: restore it into a new one, or merge it.

The export was checked whole by formats.export_file.read_export before either
runs; both run inside one Writer's transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from mlpath.domain.balance import is_practice
from mlpath.domain.limits import HOURS_TOLERANCE, MAX_HOURS_PER_DAY
from mlpath.domain.model import Break, Enrolment, Note, Review, ReviewItem, Status, TopicState
from mlpath.errors import InvalidInput
from mlpath.usecases.enrolment import start
from mlpath.usecases.reviews import schedule_done_topics

if TYPE_CHECKING:
    from mlpath.domain.papers import Paper
    from mlpath.formats.export_file import ExportFile
    from mlpath.formats.roadmap_file import Roadmap
    from mlpath.storage.handle import Database
    from mlpath.storage.writes import Writer
    from mlpath.usecases.refresh import Refreshed


class Imported(NamedTuple):
    fresh: bool  # True: restored into a new database; False: merged into one in use
    entries_added: int
    entries_skipped: int  # already there
    topics_updated: int


def import_export(
    *, database: Database, data: ExportFile, name: str, today: date
) -> tuple[Imported, Refreshed | None]:
    """Restore an export into a database not started yet, or merge it into a started one.

    Returns what was imported and, for a merge, the newer bundled roadmap brought in
    first (committed on its own, as every write command does), if there was one.
    """
    from mlpath.usecases import refresh

    if not database.is_started():
        roadmap, own_file = _roadmap_for(data)
        with database.new_database_writer() as writer:
            restored = restore_into_new(
                writer=writer, data=data, roadmap=roadmap, roadmap_file=own_file, today=today
            )
        return restored, None
    refreshed = None
    with database.writer() as writer:
        current = writer.snapshot()
        if refresh.newer_bundled(current) is not None:
            result = refresh.bring_in_bundled(writer=writer, today=today)
            refreshed = refresh.Refreshed(current.roadmap_version, result)
    with database.writer() as writer:
        return merge_into(writer=writer, data=data, name=name), refreshed


def _roadmap_for(data: ExportFile) -> tuple[Roadmap, str | None]:
    """The roadmap to restore onto: the learner's own file if it is still there."""
    from pathlib import Path

    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap

    own = data.settings.roadmap_file
    own_file = own if own and Path(own).is_file() else None
    return load_roadmap(Path(own_file) if own_file else bundled_roadmap()), own_file


def _keep_topics(writer: Writer, data: ExportFile, *, history: bool = False) -> None:
    """Give every topic the import refers to a row, retired if the roadmap lacks it."""
    from mlpath.formats.export_file import image_topics

    wanted = (
        {p.topic_id for p in data.progress}
        | {e.topic_id for e in data.entries if e.topic_id}
        | {n.topic_id for n in data.notes}
        | {i.topic_id for i in data.review_items}
        | {r.topic_id for r in data.reviews}
        | {e.topic_id for e in data.estimates}
        | {p.topic_id for p in data.papers if p.topic_id}
        | {c.topic_id for c in data.portfolio_checks}
    )
    if history:  # what undo may put back; the import checked these records whole
        wanted |= {t for c in data.history for image in c.rows for t in image_topics(image)}
    details = {t.id: (t.title, t.kind, t.hours) for t in data.retired_topics}
    writer.keep_topics(wanted, details)


def restore_into_new(
    *, writer: Writer, data: ExportFile, roadmap: Roadmap, roadmap_file: str | None, today: date
) -> Imported:
    """Fill a new database with an export: the same settings, progress, entries, breaks,
    notes, reviews and history.

    An export made before reviews (version 4) brings no review items: its done topics
    get theirs from their done days, as the migration to reviews gives them.
    """
    s = data.settings
    start(
        writer=writer,
        roadmap=roadmap,
        roadmap_file=roadmap_file,
        today=today,
        start_date=s.start_date,
        hours_per_week=s.hours_per_week,
        skip_phases=[n for n in s.skipped_phases if n in {p.number for p in roadmap.phases}],
    )
    # The settings as exported, down to the roadmap they were made on: the next
    # command brings a newer bundled roadmap in, as it would have there.
    fields = s.model_dump()
    times = fields.pop("created_at"), fields.pop("updated_at")
    fields["skipped_phases"] = tuple(fields["skipped_phases"])
    writer.save_enrolment(Enrolment(**fields), undoable=False)
    writer.restore_enrolment_times(*times)
    _keep_topics(writer, data, history=True)
    tables = {
        "progress": [item.model_dump() for item in data.progress],
        "entry": _with_kinds(writer, [item.model_dump() for item in data.entries]),
        "study_break": [item.model_dump() for item in data.breaks],
        "topic_note": [item.model_dump() for item in data.notes],
        "change": [item.model_dump() for item in data.history],
        "settings_period": [item.model_dump() for item in data.settings_periods],
        "baseline": [item.model_dump() for item in data.baselines],
        "review_item": [item.model_dump() for item in data.review_items],
        "review": [item.model_dump() for item in data.reviews],
        "estimate": [item.model_dump() for item in data.estimates],
        "paper": [item.model_dump() for item in data.papers],
        "paper_note": [item.model_dump() for item in data.paper_notes],
        "portfolio_check": [item.model_dump() for item in data.portfolio_checks],
    }
    for table, rows in shift_ids(tables, writer.highest_ids()).items():
        writer.restore_rows(table, rows)
    if data.version < 4:  # a later export holds the review items exactly as they were
        schedule_done_topics(writer, s.retention, undoable=False)
    return Imported(True, len(data.entries), 0, len(data.progress))


def shift_ids(
    tables: dict[str, list[dict[str, Any]]], highest: dict[str, int]
) -> dict[str, list[dict[str, Any]]]:
    """The rows of an export with their ids moved past `highest` where they would clash.

    A database that other learners share may hold the ids the export brings. Each
    table that holds rows already moves the export's ids past them by one amount,
    and the history's records move with them (the rows they name, the changes they
    undo), so undo still finds what it put back. Into an empty table ids come as
    they are.
    """
    # Every id a table already holds may clash, the history's included: move them all.
    offsets = {table: top for table, top in highest.items() if top > 0}
    if not offsets:
        return tables

    def moved(table: str, value: Any) -> Any:
        return value + offsets[table] if table in offsets and isinstance(value, int) else value

    def referring(table: str, row: dict[str, Any]) -> dict[str, Any]:
        """The row with the ids it refers to in other moved tables moved too."""
        for column, other in _REFERS_TO.get(table, {}).items():
            if column in row:
                row = row | {column: moved(other, row[column])}
        return row

    def image(item: dict[str, Any]) -> dict[str, Any]:
        table = item.get("table")
        if not isinstance(table, str):
            return item
        before = item.get("before")
        if isinstance(before, dict):
            before = referring(table, before)
        if table not in offsets:
            return item | {"before": before} if "before" in item else item
        if isinstance(before, dict) and "id" in before:
            before = before | {"id": moved(table, before["id"])}
        return item | {"key": moved(table, item.get("key")), "before": before}

    shifted = {}
    for table, rows in tables.items():
        if table == "change":
            rows = [
                row
                | {
                    "id": moved("change", row["id"]),
                    "undoes": moved("change", row["undoes"]),
                    "rows": [image(item) for item in row["rows"]],
                }
                for row in rows
            ]
        else:
            rows = [referring(table, row) for row in rows]
            if table in offsets:
                rows = [row | {"id": moved(table, row["id"])} for row in rows]
        shifted[table] = rows
    return shifted


# The columns of a table that hold another table's ids: a restore that moves those ids
# moves these with them.
_REFERS_TO = {"paper_note": {"paper_id": "paper"}}


def merge_into(*, writer: Writer, data: ExportFile, name: str) -> Imported:
    """Add an export's progress and entries to a database in use, without duplicates.

    Entries already present (same day, hours, topic, note and time of logging) are
    skipped; a topic's state is taken from the import when it was changed later
    there. Settings and history stay as they are. The whole merge is one change
    that undo can revert.
    """
    _keep_topics(writer, data)
    updated = 0
    for p in data.progress:
        ours = writer.topic_state_changed_at(p.topic_id)
        if ours is not None and ours.replace(tzinfo=None) >= p.updated_at.replace(tzinfo=None):
            continue
        writer.put_topic_state(
            p.topic_id,
            TopicState(Status(p.status), p.started_on, p.done_on),
            changed_at=p.updated_at,
        )
        updated += 1
    existing = writer.entry_keys()
    new = []
    for e in data.entries:
        key = (e.day, e.hours, e.topic_id, e.note, e.created_at.replace(tzinfo=None))
        if key not in existing:
            existing.add(key)
            new.append(e)
    enrolment = writer.enrolment()
    assert enrolment is not None  # merging is into a started database
    early = min((e.day for e in new), default=None)
    if early is not None and early < enrolment.start_date:
        # As `log` refuses, so that the merged data exports and imports again.
        raise InvalidInput(
            f"the import has hours on {early}, before your start date {enrolment.start_date}",
            hint=f"nothing was imported; to keep them: mlpath start --date {early}, then import",
        )
    added = writer.add_entries(_with_kinds(writer, [e.model_dump(exclude={"id"}) for e in new]))
    over = writer.first_day_over(MAX_HOURS_PER_DAY + HOURS_TOLERANCE)
    if over is not None:
        raise InvalidInput(
            f"importing would put {over[1]:g} h on {over[0]}, more than a day has",
            hint="nothing was imported; fix the entries of that day first",
        )
    _merge_journal(writer, data)
    for own in data.estimates:  # the learner's estimates here stand; the import's fill in
        if writer.estimate_of(own.topic_id) is None:
            writer.put_estimate(own.topic_id, own.hours)
    reviews = _merge_reviews(writer, data, enrolment.retention)
    papers = _merge_papers(writer, data)
    checks = _merge_checks(writer, data)
    also = f", {reviews} reviews" if reviews else ""
    also += f", {papers} papers" if papers else ""
    also += f", {checks} portfolio checks" if checks else ""
    writer.describe(f"import {name}: {added} entries, {updated} topics{also}")
    return Imported(False, added, len(data.entries) - added, updated)


def _merge_checks(writer: Writer, data: ExportFile) -> int:
    """Add the import's portfolio checks that are not here; returns how many."""
    from mlpath.domain.model import PortfolioCheck

    ours = {(c.topic_id, c.criterion) for c in writer.portfolio_checks()}
    added = 0
    for check in data.portfolio_checks:
        if (check.topic_id, check.criterion) in ours:
            continue  # the learner's own record here stands, from its own day
        ours.add((check.topic_id, check.criterion))
        writer.add_check(
            PortfolioCheck(check.topic_id, check.criterion, check.day), created_at=check.created_at
        )
        added += 1
    return added


def _with_kinds(writer: Writer, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries exported before they were theory or practice take their topic's kind."""
    if all(e["practice"] is not None for e in entries):
        return entries
    kinds = writer.topic_kinds()
    return [
        e
        if e["practice"] is not None
        else e | {"practice": is_practice(kinds.get(e["topic_id"] or ""))}
        for e in entries
    ]


def _merge_journal(writer: Writer, data: ExportFile) -> None:
    """Add the import's notes and the breaks that overlap none already planned."""
    notes = {(n.topic_id, n.day, n.kind, n.text) for n in writer.notes()}
    for n in data.notes:
        if (n.topic_id, n.day, n.kind, n.text) not in notes:
            notes.add((n.topic_id, n.day, n.kind, n.text))
            writer.add_note(Note(n.topic_id, n.day, n.kind, n.text), created_at=n.created_at)
    planned = [(b.first, b.last) for b in writer.breaks()]
    for b in data.breaks:
        # The same break, or one that clashes with the learner's own: theirs stands.
        if any(b.first_day <= last and first <= b.last_day for first, last in planned):
            continue
        planned.append((b.first_day, b.last_day))
        writer.add_break(Break(b.first_day, b.last_day, b.note), created_at=b.created_at)


def _merge_reviews(writer: Writer, data: ExportFile, retention: float) -> int:
    """Take the import's scheduler state of a topic when it changed later there, add its
    reviews not already here, and give done topics still without one a review item.
    Returns how many reviews were added."""
    for item in data.review_items:
        ours = writer.review_item_changed_at(item.topic_id)
        if ours is not None and ours.replace(tzinfo=None) >= item.updated_at.replace(tzinfo=None):
            continue
        writer.put_review_item(
            ReviewItem(item.topic_id, dict(item.card), item.due, item.off),
            changed_at=item.updated_at,
        )
    known = writer.review_keys()
    added = 0
    for r in data.reviews:
        key = (r.topic_id, r.day, r.rating, r.created_at.replace(tzinfo=None))
        if key not in known:
            known.add(key)
            writer.add_review(Review(r.topic_id, r.day, r.rating, r.hours), created_at=r.created_at)
            added += 1
    schedule_done_topics(writer, retention)
    return added


def _merge_papers(writer: Writer, data: ExportFile) -> int:
    """Add the import's papers, and their notes not already here; returns how many
    papers were added.

    A paper of the same title and address as one here is that paper: it keeps the
    earlier day it was added and the later days it was read and reproduced (a read
    day no later than the reproduced one), and its topic here, or else the import's.
    """
    from mlpath.domain.papers import Paper, PaperNote

    ours = {(p.title.casefold(), p.url): p for p in writer.papers()}
    ids: dict[int, int] = {}  # the import's paper ids, as the papers are here
    added = 0
    for p in data.papers:
        theirs = Paper(p.id, p.title, p.added_on, p.url, p.topic_id, p.read_on, p.reproduced_on)
        known = ours.get((p.title.casefold(), p.url))
        if known is None:
            new = writer.add_paper(theirs, created_at=p.created_at)
            ours[(p.title.casefold(), p.url)] = new
            ids[p.id] = new.id
            added += 1
            continue
        ids[p.id] = known.id
        both = _merged_paper(known, theirs)
        if both != known:
            ours[(p.title.casefold(), p.url)] = writer.replace_paper(both)
    notes = writer.paper_note_keys()
    for n in data.paper_notes:
        key = (ids[n.paper_id], n.day, n.text)
        if key not in notes:
            notes.add(key)
            writer.add_paper_note(PaperNote(*key), created_at=n.created_at)
    return added


def _merged_paper(ours: Paper, theirs: Paper) -> Paper:
    reproduced = max((d for d in (ours.reproduced_on, theirs.reproduced_on) if d), default=None)
    reads = [d for d in (ours.read_on, theirs.read_on) if d and (not reproduced or d <= reproduced)]
    return ours._replace(
        added_on=min(ours.added_on, theirs.added_on),
        read_on=max(reads, default=None),
        reproduced_on=reproduced,
        topic_id=ours.topic_id or theirs.topic_id,
    )
