"""Writing the learner's data: the Writer, one unit of work in one transaction.

Every change a Writer makes to the learner's own tables is journalled as it is
made (storage/journal.py), so that undo can put it back; the use case only says
what the change was (`describe`), and a change left undescribed is refused at
commit rather than saved without its record. What the use case reads back goes
through the same transaction (`read`, after a flush), so it always sees its own
writes.

Use cases see domain records here (Entry, Break, Note, Enrolment, TopicState),
never rows or SQL: another engine is another implementation of this interface.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import func, inspect
from sqlmodel import Session, SQLModel, col, select

from mlpath.domain.model import (
    Baseline,
    Break,
    Enrolment,
    Entry,
    Note,
    PortfolioCheck,
    Review,
    ReviewItem,
    Settings,
    SettingsPeriod,
    Snapshot,
    Status,
    Timer,
    TopicState,
)
from mlpath.storage import journal as changes
from mlpath.storage.learners import LOCAL_LEARNER
from mlpath.storage.reads import Reader
from mlpath.storage.schema import (
    BaselineRow,
    BreakRow,
    ChangeRow,
    CriterionRow,
    EntryRow,
    EstimateRow,
    LearnerRow,
    NoteRow,
    PaperNoteRow,
    PaperRow,
    PhaseRow,
    PortfolioCheckRow,
    ProgressRow,
    ReviewItemRow,
    ReviewRow,
    SettingsPeriodRow,
    SettingsRow,
    TimerRow,
    TopicRow,
)

if TYPE_CHECKING:
    from mlpath.domain.papers import Paper, PaperNote
    from mlpath.formats.roadmap_file import Roadmap
    from mlpath.storage.roadmap_tables import RoadmapChanges

_BATCH = 1000  # rows inserted per flush


def _now() -> datetime:
    return datetime.now(UTC)


class StoredChange(NamedTuple):
    """One recorded change, as undo needs it."""

    id: int
    summary: str
    rows: Any  # the record's row images, checked by the caller before use


class Writer:
    """One transaction on the learner's database; see the module's docstring."""

    def __init__(self, session: Session, learner: str = LOCAL_LEARNER) -> None:
        self._session = session
        self.learner = learner
        self._journal = changes.Journal(session, learner)
        self._summary: str | None = None
        self._undoes: int | None = None

    # --- reading inside the transaction ------------------------------------------

    def read(self) -> Reader:
        """A Reader that sees everything this unit of work has written so far."""
        self._session.flush()
        from mlpath.storage.database import raw_connection

        return Reader(raw_connection(self._session), self._engine(), self.learner)

    def _engine(self) -> str:
        bind = self._session.get_bind()
        return bind.dialect.name

    def snapshot(self) -> Snapshot:
        return self.read().snapshot()

    # --- the record of the change --------------------------------------------------

    def describe(self, summary: str, *, undoes: int | None = None) -> None:
        """What this change is, as `history` lists it (recorded when it commits)."""
        self._summary, self._undoes = summary, undoes

    def finish(self) -> None:
        """Record the change, if anything undoable changed; called before commit."""
        if not self._journal.rows:
            return
        if self._summary is None:
            raise RuntimeError("a change to the learner's data was left undescribed")
        self._journal.record(self._summary, undoes=self._undoes)
        self._session.flush()

    # --- settings ---------------------------------------------------------------

    def _settings(self) -> SettingsRow | None:
        return self._session.exec(
            select(SettingsRow).where(SettingsRow.learner == self.learner)
        ).first()

    def _mine(self, model: Any) -> Any:
        """`select(model)` of this learner's rows."""
        return select(model).where(model.learner == self.learner)

    def enrolment(self) -> Enrolment | None:
        row = self._settings()
        if row is None:
            return None
        return Enrolment(
            start_date=row.start_date,
            track=row.track,
            hours_per_week=row.hours_per_week,
            skipped_phases=tuple(row.skipped_phases),
            weekly_min=row.weekly_min,
            weekly_max=row.weekly_max,
            roadmap_id=row.roadmap_id,
            roadmap_version=row.roadmap_version,
            roadmap_file=row.roadmap_file,
            retention=row.retention,
            profile=row.profile,
        )

    def save_enrolment(self, record: Enrolment, *, undoable: bool) -> None:
        """Create or update the settings record; `undoable`: the learner's own change."""
        row = self._settings()
        now = _now()
        values = record._asdict() | {"skipped_phases": sorted(set(record.skipped_phases))}
        if row is None:
            if self._session.get(LearnerRow, self.learner) is None:
                # Enrolment names the learner once; undoing it leaves the name.
                self._session.add(LearnerRow(name=self.learner, created_at=now))
                self._session.flush()
            row = SettingsRow(**values, learner=self.learner, created_at=now, updated_at=now)
            self._session.add(row)
            self._session.flush()
            if undoable:
                self._journal.created("settings", row.id)
            return
        if undoable:
            self._journal.before("settings", row.id)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now
        self._session.add(row)

    def restore_enrolment_times(self, created_at: datetime, updated_at: datetime) -> None:
        """Give a restored settings record the times of the one it was exported from."""
        row = self._settings()
        assert row is not None  # restored just before
        row.created_at, row.updated_at = created_at, updated_at
        self._session.add(row)

    def settings_history(self) -> list[SettingsPeriod]:
        """The settings in force before the current ones, oldest first."""
        start = self.enrolment()
        assert start is not None  # a started database
        return [
            SettingsPeriod(
                r.first_day,
                r.last_day,
                Settings(
                    start.start_date,
                    r.track,
                    r.hours_per_week,
                    frozenset(r.skipped_phases),
                    profile=r.profile,
                ),
            )
            for r in self._session.exec(
                self._mine(SettingsPeriodRow).order_by(col(SettingsPeriodRow.first_day))
            )
        ]

    def add_settings_period(self, period: SettingsPeriod) -> None:
        """Keep the settings that were in force over a past stretch of days."""
        row = SettingsPeriodRow(
            learner=self.learner,
            first_day=period.first_day,
            last_day=period.last_day,
            hours_per_week=period.settings.hours_per_week,
            track=period.settings.track,
            skipped_phases=sorted(period.settings.skipped_phases),
            profile=period.settings.profile,
        )
        self._created("settings_period", row)

    def move_first_period_start(self, first_day: date) -> None:
        """The start date moved: the first past period begins with it."""
        row = self._session.exec(
            self._mine(SettingsPeriodRow).order_by(col(SettingsPeriodRow.first_day))
        ).first()
        if row is None:
            return
        self._journal.before("settings_period", row.id)
        row.first_day = first_day
        self._session.add(row)

    def add_baseline(self, baseline: Baseline) -> None:
        row = BaselineRow(
            learner=self.learner,
            made_on=baseline.made_on,
            finishes=[
                {"number": number, "finish": finish.isoformat()}
                for number, finish in baseline.finishes
            ],
            created_at=_now(),
        )
        self._created("baseline", row)

    def first_entry_day(self) -> date | None:
        return self._session.exec(
            select(func.min(EntryRow.day)).where(EntryRow.learner == self.learner)
        ).one()

    def topics_done(self) -> int:
        return self._session.exec(
            select(func.count())
            .select_from(ProgressRow)
            .where(ProgressRow.learner == self.learner, ProgressRow.status == "done")
        ).one()

    def hours_logged(self) -> float:
        return float(
            self._session.exec(
                select(func.sum(EntryRow.hours)).where(EntryRow.learner == self.learner)
            ).one()
            or 0
        )

    # --- the roadmap's tables ------------------------------------------------------

    def sync_roadmap(self, roadmap: Roadmap, *, created: bool) -> RoadmapChanges:
        """Make the roadmap tables match `roadmap`, keeping all progress by topic id."""
        from mlpath.storage.roadmap_tables import sync

        return sync(self._session, roadmap, created=created)

    def owns_roadmap(self) -> bool:
        """Whether this role may change the database's roadmap (owns its tables).

        An SQLite file is its learner's own; on PostgreSQL the schema's owner's.
        """
        if self._engine() != "postgresql":
            return True
        from sqlalchemy import text

        owner = self._session.execute(
            text(
                "SELECT tableowner = current_user FROM pg_tables"
                " WHERE schemaname = current_schema() AND tablename = 'topic'"
            )
        ).scalar()
        return bool(owner)

    def set_up_access(self) -> None:
        """Create the group roles and the row-level rules of a shared PostgreSQL database."""
        from mlpath.storage.access import set_up

        set_up(self._session.connection())

    def topic_ids(self) -> set[str]:
        """Every topic the database holds, retired ones too."""
        return set(self._session.exec(select(TopicRow.id)))

    def keep_topics(
        self, wanted: Iterable[str], details: dict[str, tuple[str, str, float]]
    ) -> None:
        """Give every topic in `wanted` a row, retired if the roadmap lacks it.

        `details`: (title, kind, hours) of topics an import knows more about.
        """
        missing = sorted(set(wanted) - self.topic_ids())
        if not missing:
            return
        last_phase = self._session.exec(
            select(PhaseRow).order_by(col(PhaseRow.number).desc())
        ).first()
        assert last_phase is not None  # a started database always has its roadmap
        for position, topic_id in enumerate(missing, start=100_000):
            title, kind, hours = details.get(topic_id, (topic_id, "topic", 1.0))
            self._session.add(
                TopicRow(
                    id=topic_id,
                    phase_id=last_phase.id,
                    position=position,
                    title=title,
                    kind=kind,
                    hours=hours,
                    retired=True,
                )
            )
        self._session.flush()

    # --- topic states -------------------------------------------------------------

    def topic_state(self, topic_id: str) -> TopicState | None:
        row = self._session.get(ProgressRow, (self.learner, topic_id))
        if row is None:
            return None
        return TopicState(Status(row.status), row.started_on, row.done_on)

    def topic_state_changed_at(self, topic_id: str) -> datetime | None:
        row = self._session.get(ProgressRow, (self.learner, topic_id))
        return row.updated_at if row is not None else None

    def put_topic_state(
        self, topic_id: str, state: TopicState, *, changed_at: datetime | None = None
    ) -> None:
        self._journal.before("progress", topic_id)
        self._session.merge(
            ProgressRow(
                learner=self.learner,
                topic_id=topic_id,
                status=state.status.value,
                started_on=state.started_on,
                done_on=state.done_on,
                updated_at=changed_at or _now(),
            )
        )

    # --- the learning journal --------------------------------------------------------

    def add_note(self, note: Note, *, created_at: datetime | None = None) -> Note:
        row = NoteRow(
            learner=self.learner,
            topic_id=note.topic_id,
            day=note.day,
            kind=note.kind,
            text=note.text,
            created_at=created_at or _now(),
        )
        self._created("topic_note", row)
        return note._replace(id=row.id)

    def notes(self) -> list[Note]:
        """Every note of every topic."""
        return [
            Note(r.topic_id, r.day, r.kind, r.text, r.id)
            for r in self._session.exec(self._mine(NoteRow))
        ]

    # --- the learner's own estimates ---------------------------------------------------

    def topic_kinds(self) -> dict[str, str]:
        """Every topic's kind, by id (retired ones included)."""
        return {t.id: t.kind for t in self._session.exec(select(TopicRow))}

    def estimate_of(self, topic_id: str) -> float | None:
        row = self._session.get(EstimateRow, (self.learner, topic_id))
        return row.hours if row is not None else None

    def put_estimate(self, topic_id: str, hours: float | None) -> None:
        """Set the learner's estimate of a topic's hours, or clear it (None); journalled."""
        self._journal.before("estimate", topic_id)
        row = self._session.get(EstimateRow, (self.learner, topic_id))
        if hours is None:
            if row is not None:
                self._session.delete(row)
            return
        self._session.merge(
            EstimateRow(learner=self.learner, topic_id=topic_id, hours=hours, updated_at=_now())
        )

    # --- the paper log ----------------------------------------------------------------

    def paper(self, paper_id: int) -> Paper | None:
        row = self._own(PaperRow, paper_id)
        return _paper(row) if row is not None else None

    def papers(self) -> list[Paper]:
        return [_paper(r) for r in self._session.exec(self._mine(PaperRow))]

    def add_paper(self, paper: Paper, *, created_at: datetime | None = None) -> Paper:
        """Add a paper to the log (`paper.id` is ignored: the database gives it one)."""
        row = PaperRow(
            learner=self.learner,
            title=paper.title,
            url=paper.url,
            topic_id=paper.topic_id,
            added_on=paper.added_on,
            read_on=paper.read_on,
            reproduced_on=paper.reproduced_on,
            created_at=created_at or _now(),
        )
        self._created("paper", row)
        return _paper(row)

    def replace_paper(self, paper: Paper) -> Paper:
        """Give the paper with `paper.id` the dates and topic of `paper`; journalled."""
        row = self._own(PaperRow, paper.id)
        assert row is not None  # the caller read it in this transaction
        self._journal.before("paper", paper.id)
        row.added_on, row.read_on, row.reproduced_on, row.topic_id = (
            paper.added_on,
            paper.read_on,
            paper.reproduced_on,
            paper.topic_id,
        )
        self._session.add(row)
        return _paper(row)

    def remove_paper(self, paper_id: int) -> int:
        """Delete a paper and its notes (journalled); returns how many notes went."""
        notes = list(
            self._session.exec(self._mine(PaperNoteRow).where(PaperNoteRow.paper_id == paper_id))
        )
        for note in notes:
            self._journal.before("paper_note", note.id)
            self._session.delete(note)
        # The notes refer to the paper: they go first.
        self._session.flush()
        row = self._own(PaperRow, paper_id)
        assert row is not None  # the caller read it in this transaction
        self._journal.before("paper", paper_id)
        self._session.delete(row)
        return len(notes)

    def add_paper_note(self, note: PaperNote, *, created_at: datetime | None = None) -> PaperNote:
        row = PaperNoteRow(
            learner=self.learner,
            paper_id=note.paper_id,
            day=note.day,
            text=note.text,
            created_at=created_at or _now(),
        )
        self._created("paper_note", row)
        return note._replace(id=row.id)

    def paper_note_keys(self) -> set[tuple[int, date, str]]:
        """What tells a paper's notes apart in a merge: its paper, day and text."""
        return {(r.paper_id, r.day, r.text) for r in self._session.exec(self._mine(PaperNoteRow))}

    # --- the portfolio --------------------------------------------------------------

    def criterion_ids(self) -> set[str]:
        return set(self._session.exec(select(CriterionRow.id)))

    def portfolio_checks(self) -> list[PortfolioCheck]:
        return [
            PortfolioCheck(row.topic_id, row.criterion, row.day)
            for row in self._session.exec(self._mine(PortfolioCheckRow))
        ]

    def _check_row(self, topic_id: str, criterion: str) -> PortfolioCheckRow | None:
        row: PortfolioCheckRow | None = self._session.exec(
            self._mine(PortfolioCheckRow).where(
                PortfolioCheckRow.topic_id == topic_id, PortfolioCheckRow.criterion == criterion
            )
        ).first()
        return row

    def checked_on(self, topic_id: str, criterion: str) -> date | None:
        row = self._check_row(topic_id, criterion)
        return row.day if row is not None else None

    def add_check(self, check: PortfolioCheck, *, created_at: datetime | None = None) -> None:
        row = PortfolioCheckRow(
            learner=self.learner,
            topic_id=check.topic_id,
            criterion=check.criterion,
            day=check.day,
            created_at=created_at or _now(),
        )
        self._created("portfolio_check", row)

    def remove_check(self, topic_id: str, criterion: str) -> None:
        row = self._check_row(topic_id, criterion)
        if row is not None:
            self._journal.before("portfolio_check", row.id)
            self._session.delete(row)
            self._session.flush()

    # --- spaced review ----------------------------------------------------------------

    def review_item(self, topic_id: str) -> ReviewItem | None:
        row = self._session.get(ReviewItemRow, (self.learner, topic_id))
        if row is None:
            return None
        last = self._session.exec(
            select(func.max(ReviewRow.day)).where(
                ReviewRow.learner == self.learner, ReviewRow.topic_id == topic_id
            )
        ).one()
        return ReviewItem(row.topic_id, dict(row.card), row.due, row.off, last)

    def review_item_changed_at(self, topic_id: str) -> datetime | None:
        row = self._session.get(ReviewItemRow, (self.learner, topic_id))
        return row.updated_at if row is not None else None

    def put_review_item(
        self, item: ReviewItem, *, undoable: bool = True, changed_at: datetime | None = None
    ) -> None:
        """Store a topic's scheduler state; `undoable` False only when filling a new
        database from an import (which brings its own history)."""
        if undoable:
            self._journal.before("review_item", item.topic_id)
        self._session.merge(
            ReviewItemRow(
                learner=self.learner,
                topic_id=item.topic_id,
                card=dict(item.card),
                due=item.due,
                off=item.off,
                updated_at=changed_at or _now(),
            )
        )

    def add_review(self, review: Review, *, created_at: datetime | None = None) -> Review:
        row = ReviewRow(
            learner=self.learner,
            topic_id=review.topic_id,
            day=review.day,
            rating=review.rating,
            hours=review.hours,
            created_at=created_at or _now(),
        )
        self._created("review", row)
        return review._replace(id=row.id)

    def review_keys(self) -> set[tuple[str, date, str, datetime]]:
        """What tells reviews apart in a merge: topic, day, rating, time of recording."""
        return {
            (r.topic_id, r.day, r.rating, r.created_at.replace(tzinfo=None))
            for r in self._session.exec(self._mine(ReviewRow))
        }

    def done_without_review_item(self) -> list[tuple[str, date]]:
        """(topic, done day) of the done topics that have no review item."""
        rows = self._session.exec(
            self._mine(ProgressRow)
            .where(ProgressRow.status == Status.DONE.value)
            .where(
                col(ProgressRow.topic_id).not_in(
                    select(ReviewItemRow.topic_id).where(ReviewItemRow.learner == self.learner)
                )
            )
            .order_by(col(ProgressRow.topic_id))
        )
        return [(r.topic_id, r.done_on or r.updated_at.date()) for r in rows]

    # --- planned breaks ---------------------------------------------------------------

    def breaks(self) -> list[Break]:
        return [_break(r) for r in self._session.exec(self._mine(BreakRow))]

    def add_break(self, planned: Break, *, created_at: datetime | None = None) -> Break:
        row = BreakRow(
            learner=self.learner,
            first_day=planned.first,
            last_day=planned.last,
            note=planned.note,
            created_at=created_at or _now(),
        )
        self._created("study_break", row)
        return _break(row)

    def delete_break(self, break_id: int) -> Break | None:
        row = self._own(BreakRow, break_id)
        if row is None:
            return None
        self._journal.before("study_break", break_id)
        removed = _break(row)
        self._session.delete(row)
        return removed

    # --- study hours --------------------------------------------------------------

    def hours_on_day(self, day: date, *, leaving_out: int | None = None) -> float:
        query = select(func.sum(EntryRow.hours)).where(
            EntryRow.learner == self.learner, EntryRow.day == day
        )
        if leaving_out is not None:
            query = query.where(EntryRow.id != leaving_out)
        return float(self._session.exec(query).one() or 0)

    def entry(self, entry_id: int) -> Entry | None:
        row = self._own(EntryRow, entry_id)
        return _entry(row) if row is not None else None

    def add_entry(self, entry: Entry) -> Entry:
        row = EntryRow(
            learner=self.learner,
            day=entry.day,
            hours=entry.hours,
            topic_id=entry.topic_id,
            note=entry.note,
            created_at=_now(),
            practice=entry.practice,
        )
        self._created("entry", row)
        return _entry(row)

    def replace_entry(self, entry: Entry) -> Entry:
        """Give the entry with `entry.id` the day, hours, topic and note of `entry`."""
        row = self._own(EntryRow, entry.id)
        assert row is not None  # the caller read it in this transaction
        self._journal.before("entry", entry.id)
        row.day, row.hours, row.topic_id, row.note, row.practice = (
            entry.day,
            entry.hours,
            entry.topic_id,
            entry.note,
            entry.practice,
        )
        self._session.add(row)
        return _entry(row)

    def delete_entry(self, entry_id: int) -> None:
        row = self._own(EntryRow, entry_id)
        assert row is not None  # the caller read it in this transaction
        self._journal.before("entry", entry_id)
        self._session.delete(row)

    def entry_keys(self) -> set[tuple[date, float, str | None, str | None, datetime]]:
        """What tells entries apart in a merge: day, hours, topic, note, time of logging."""
        return {
            (r.day, r.hours, r.topic_id, r.note, r.created_at.replace(tzinfo=None))
            for r in self._session.exec(self._mine(EntryRow))
        }

    def add_entries(self, rows: list[dict[str, Any]]) -> int:
        """Add logged entries as an import has them (their own times of logging)."""
        mine = [row | {"learner": self.learner} for row in rows]
        for entry_id in _insert(self._session, EntryRow, mine):
            self._journal.created("entry", entry_id)
        return len(rows)

    def first_day_over(
        self, limit: float, *, days: Iterable[date] | None = None
    ) -> tuple[date, float] | None:
        """The first day (of `days`, or of all) holding more than `limit` hours."""

        def over(query: Any) -> tuple[date, float] | None:
            found = self._session.exec(
                query.group_by(col(EntryRow.day)).having(func.sum(EntryRow.hours) > limit)
            ).first()
            return (found[0], float(found[1])) if found is not None else None

        base = select(col(EntryRow.day), func.sum(EntryRow.hours)).where(
            EntryRow.learner == self.learner
        )
        if days is None:
            return over(base)
        wanted = sorted(set(days))
        for first in range(0, len(wanted), _BATCH):
            found = over(base.where(col(EntryRow.day).in_(wanted[first : first + _BATCH])))
            if found is not None:
                return found
        return None

    # --- the study timer ----------------------------------------------------------

    def timer(self) -> Timer | None:
        row = self._session.get(TimerRow, self.learner)
        if row is None:
            return None
        started = row.started_at
        # SQLite hands the UTC time back without its zone.
        return Timer(
            started if started.tzinfo else started.replace(tzinfo=UTC), row.topic_id, row.kind
        )

    def start_timer(self, timer: Timer) -> None:
        """Start the learner's timer; the caller has checked that none is running."""
        self._session.add(
            TimerRow(
                learner=self.learner,
                topic_id=timer.topic_id,
                kind=timer.kind,
                started_at=timer.started_at.astimezone(UTC),
                created_at=_now(),
            )
        )
        self._session.flush()
        self._journal.created("study_timer", changes.TIMER_KEY)

    def clear_timer(self) -> None:
        """Take the learner's running timer away (stopped or cancelled)."""
        row = self._session.get(TimerRow, self.learner)
        assert row is not None  # the caller read it in this transaction
        self._journal.before("study_timer", changes.TIMER_KEY)
        self._session.delete(row)

    # --- restoring a whole export into a new database ----------------------------------

    def highest_ids(self) -> dict[str, int]:
        """The highest id each table with ids holds, over every learner (0: none).

        A restore brings the ids of the database it was exported from; in a database
        that other learners share they may be taken already.
        """
        models = {
            "entry": EntryRow,
            "study_break": BreakRow,
            "topic_note": NoteRow,
            "change": ChangeRow,
            "settings_period": SettingsPeriodRow,
            "baseline": BaselineRow,
            "review": ReviewRow,
            "paper": PaperRow,
            "paper_note": PaperNoteRow,
            "portfolio_check": PortfolioCheckRow,
        }
        if self._engine() == "postgresql":
            from mlpath.storage.postgres import highest_id

            return {table: highest_id(self._session.connection(), table) for table in models}
        return {
            table: int(self._session.exec(select(func.max(model.id))).one() or 0)  # type: ignore[attr-defined]
            for table, model in models.items()
        }

    def restore_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows exactly as an export has them, ids included, without journalling.

        Only for filling a new database: the export brings its own history.
        """
        model: type[SQLModel] = {  # type: ignore[assignment]
            "progress": ProgressRow,
            "entry": EntryRow,
            "study_break": BreakRow,
            "topic_note": NoteRow,
            "change": ChangeRow,
            "settings_period": SettingsPeriodRow,
            "baseline": BaselineRow,
            "review_item": ReviewItemRow,
            "review": ReviewRow,
            "estimate": EstimateRow,
            "paper": PaperRow,
            "paper_note": PaperNoteRow,
            "portfolio_check": PortfolioCheckRow,
        }[table]
        _insert(self._session, model, [row | {"learner": self.learner} for row in rows])
        if self._engine() == "postgresql":
            from mlpath.storage.postgres import advance_sequences

            # The ids came with the rows: the next row added must not take one of them.
            advance_sequences(self._session.connection(), table)

    # --- undo ---------------------------------------------------------------------

    def latest_undoable(self) -> StoredChange | None:
        """The latest change that is not an undo and has not been undone."""
        found = changes.latest_undoable(self._session, self.learner)
        return StoredChange(found.id, found.summary, found.rows) if found else None  # type: ignore[arg-type]

    def revert(self, images: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> set[date]:
        """Put back each (record, checked row image) of a change, in the order given,
        journalled as this change; return the days whose entries came back."""
        return changes.revert(self._session, self._journal, images)

    def _created(self, table: str, row: Any) -> None:
        """Insert a row this change made, so that it has its id, and journal it: undo
        removes it."""
        self._session.add(row)
        self._session.flush()
        self._journal.created(table, row.id)

    def _own(self, model: Any, key: int | None) -> Any:
        """The row of `model` with id `key` if it is this learner's, else None."""
        row = self._session.get(model, key)
        return row if row is not None and row.learner == self.learner else None


def _break(row: BreakRow) -> Break:
    return Break(row.first_day, row.last_day, row.note, row.id)


def _paper(row: PaperRow) -> Paper:
    from mlpath.domain.papers import Paper

    assert row.id is not None  # read from the database, or flushed into it
    return Paper(
        row.id, row.title, row.added_on, row.url, row.topic_id, row.read_on, row.reproduced_on
    )


def _entry(row: EntryRow) -> Entry:
    return Entry(
        day=row.day,
        hours=row.hours,
        topic_id=row.topic_id,
        note=row.note,
        id=row.id,
        practice=row.practice,
    )


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[Any]:
    """Insert rows a thousand at a time, and return their ids.

    A flush per row made a merge of 200,000 entries take a minute; one flush for
    all held every row object at once (a gigabyte).
    """
    ids: list[Any] = []
    for first in range(0, len(rows), _BATCH):
        batch = [model(**row) for row in rows[first : first + _BATCH]]
        session.add_all(batch)
        session.flush()
        ids.extend(inspect(row).identity[0] for row in batch)
    return ids


@contextmanager
def open_writer(
    url: str,
    *,
    create: bool = False,
    on_wait: Callable[[float], None] | None = None,
    learner: str | None = None,
) -> Iterator[Writer]:
    """A Writer on the database at `url`: its changes commit together when the block
    ends, or none of them do if it raises. `learner`: whose data it changes (None:
    the file's one learner, or the server's role)."""
    from mlpath.storage import failures
    from mlpath.storage.database import learner_of, transaction

    try:
        with transaction(url, create=create, on_wait=on_wait, learner=learner) as session:
            writer = Writer(session, learner_of(session))
            yield writer
            writer.finish()
    except Exception as exc:
        if not failures.is_engine_error(exc):
            raise
        raise failures.describe(exc, failures.shown(url), url) from exc
