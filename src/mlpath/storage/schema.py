"""The database schema: one SQLModel table per kind of row.

The schema is owned by these models and created only by the Alembic migrations in
`migrations/`; a test proves the two agree. The reader's column lists
(storage/reads.py) and the export file's models (formats/export_file.py) are
checked against these tables by tests.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from mlpath.storage.learners import LOCAL_LEARNER as LOCAL_LEARNER

# Every time is a moment in UTC: `timestamptz` on PostgreSQL (SQLite keeps the UTC
# text it always kept; the flag changes nothing there).
_MOMENT = DateTime(timezone=True)


class _Table(SQLModel):
    """The base of every table: pydantic builds a table's validator when first used.

    Built up front, as pydantic does by default, each table costs ~3 ms more to
    define, and every write command defines all of them; most use none of the
    validators (undo and import do).
    """

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


# The key every learner's own row carries; each per-learner index is led by it.
_LEARNER_KEY = "learner.name"


class LearnerRow(_Table, table=True):
    """Someone who follows the roadmap in this database (one, on SQLite)."""

    __tablename__ = "learner"

    name: str = Field(primary_key=True)
    created_at: datetime = Field(sa_type=_MOMENT)


class SettingsRow(_Table, table=True):
    __tablename__ = "settings"

    # The one learner of a file from before learners has id 1, as it always had.
    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY, unique=True)
    start_date: date
    hours_per_week: float | None = None
    track: str
    skipped_phases: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The roadmap's recommended range of weekly hours (20-30 for the bundled one).
    weekly_min: float
    weekly_max: float
    roadmap_id: str
    roadmap_version: str
    roadmap_file: str | None = None  # None: the roadmap bundled with mlpath
    created_at: datetime = Field(sa_type=_MOMENT)
    updated_at: datetime = Field(sa_type=_MOMENT)
    # The reviews' target retention: the scheduler's desired retention.
    retention: float = 0.9
    profile: str | None = None  # a background profile's id (the roadmap's `profiles`)


class PhaseRow(_Table, table=True):
    __tablename__ = "phase"

    id: str = Field(primary_key=True)
    number: int = Field(unique=True)
    title: str
    summary: str = ""
    weeks_min: float
    weeks_max: float
    weekly_hours: float
    retired: bool = False


class TopicRow(_Table, table=True):
    __tablename__ = "topic"

    id: str = Field(primary_key=True)
    phase_id: str = Field(foreign_key="phase.id", index=True)
    position: int
    title: str
    kind: str
    hours: float
    summary: str = ""
    track: str | None = None
    optional: bool = False
    # Content that only `show` and exports read; kept as JSON so richer roadmaps
    # need no schema change.
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sources: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    resources: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    retired: bool = False  # gone from the current roadmap; kept so its history stays


class ProfileRow(_Table, table=True):
    """A background profile of the roadmap: how it changes the planned phases."""

    __tablename__ = "profile"

    id: str = Field(primary_key=True)
    position: int
    title: str
    description: str
    # [{"phase": phase id, "hours_factor" | "extra_weeks" | "skip": value}], as in the file.
    adjustments: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class CriterionRow(_Table, table=True):
    """A quality of a strong portfolio project, as the roadmap's `criteria` list them."""

    __tablename__ = "criterion"

    id: str = Field(primary_key=True)
    position: int
    title: str
    description: str


class SourceRow(_Table, table=True):
    """A public roadmap the bundled content was built from, named by topics' `sources`."""

    __tablename__ = "source"

    id: str = Field(primary_key=True)
    title: str
    url: str | None = None


class ProgressRow(_Table, table=True):
    __tablename__ = "progress"

    learner: str = Field(primary_key=True, foreign_key=_LEARNER_KEY)
    topic_id: str = Field(primary_key=True, foreign_key="topic.id")
    status: str
    started_on: date | None = None
    done_on: date | None = None
    updated_at: datetime = Field(sa_type=_MOMENT)


class EntryRow(_Table, table=True):
    __tablename__ = "entry"
    # Covers the reports' GROUP BY day, topic_id with sum(hours) from the index
    # alone, so a status over 200,000 entries reads no table rows.
    __table_args__ = (
        Index("ix_entry_learner_day_topic_hours", "learner", "day", "topic_id", "hours"),
        Index("ix_entry_learner_topic", "learner", "topic_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    day: date
    hours: float
    topic_id: str | None = Field(default=None, foreign_key="topic.id")
    note: str | None = None
    created_at: datetime = Field(sa_type=_MOMENT)
    practice: bool = False  # practice (exercises, projects, code) or else theory


class BreakRow(_Table, table=True):
    """A planned break (holiday, exams): its days count for nothing and against nothing."""

    __tablename__ = "study_break"
    __table_args__ = (Index("ix_study_break_learner_first_day", "learner", "first_day"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    first_day: date
    last_day: date
    note: str | None = None
    created_at: datetime = Field(sa_type=_MOMENT)


class NoteRow(_Table, table=True):
    """One journal item of a topic: a note, or a link to evidence of the work."""

    __tablename__ = "topic_note"
    __table_args__ = (Index("ix_topic_note_learner_topic", "learner", "topic_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    topic_id: str = Field(foreign_key="topic.id")
    day: date
    kind: str  # "note" or "link"
    text: str
    created_at: datetime = Field(sa_type=_MOMENT)


class ChangeRow(_Table, table=True):
    """One change a command made, in an append-only record that undo walks back.

    `rows` holds, for every row the change touched, its table, primary key and its
    image before the change (null: it did not exist), enough to put it back.
    """

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_learner", "learner", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    at: datetime = Field(sa_type=_MOMENT)
    summary: str
    rows: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    undoes: int | None = Field(default=None, foreign_key="change.id", index=True)


class SettingsPeriodRow(_Table, table=True):
    """Settings that were in force over a past stretch of days, before a change.

    The settings row holds those in force now, from the day after the latest
    period's last day (or from the start date): a week's target is computed from
    the settings of its own days, so a change never rewrites the past.
    """

    __tablename__ = "settings_period"
    __table_args__ = (Index("ix_settings_period_learner_first_day", "learner", "first_day"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    first_day: date
    last_day: date
    hours_per_week: float | None = None
    track: str
    skipped_phases: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    profile: str | None = None


class BaselineRow(_Table, table=True):
    """The plan the pace verdict compares against, as made on a day of record.

    Without one, the baseline is the plan from the start date at the settings then
    in force; `plan --rebaseline` records a new one.
    """

    __tablename__ = "baseline"
    __table_args__ = (Index("ix_baseline_learner", "learner", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    made_on: date
    # [{"number": phase number, "finish": ISO date}] as the plan of that day had them.
    finishes: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(sa_type=_MOMENT)


class ReviewItemRow(_Table, table=True):
    """A done topic in spaced review: the scheduler's state of it and its due day."""

    __tablename__ = "review_item"
    __table_args__ = (Index("ix_review_item_learner_due", "learner", "due"),)

    learner: str = Field(primary_key=True, foreign_key=_LEARNER_KEY)
    topic_id: str = Field(primary_key=True, foreign_key="topic.id")
    # The fsrs scheduler's card, as its to_dict() gives it.
    card: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The day the scheduler set, kept beside the card so that `status` counts what is
    # due with one indexed query and no scheduler.
    due: date
    off: bool = False  # taken out of review by the learner
    updated_at: datetime = Field(sa_type=_MOMENT)


class EstimateRow(_Table, table=True):
    """The learner's own estimate of one topic's hours, in place of the roadmap's."""

    __tablename__ = "estimate"

    learner: str = Field(primary_key=True, foreign_key=_LEARNER_KEY)
    topic_id: str = Field(primary_key=True, foreign_key="topic.id")
    hours: float
    updated_at: datetime = Field(sa_type=_MOMENT)


class ReviewRow(_Table, table=True):
    """One review of a done topic: its day, rating and the time it took (if given)."""

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_learner_topic", "learner", "topic_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    topic_id: str = Field(foreign_key="topic.id")
    day: date
    rating: str  # again, hard, good or easy
    hours: float | None = None  # also logged as an entry on the topic, that day
    created_at: datetime = Field(sa_type=_MOMENT)


class TimerRow(_Table, table=True):
    """The learner's running study timer (at most one): `timer stop` logs it as entries.

    Kept in the database so that it outlives the terminal it was started in; it is
    the state of a clock, not a record, so exports leave it out.
    """

    __tablename__ = "study_timer"

    learner: str = Field(primary_key=True, foreign_key=_LEARNER_KEY)
    topic_id: str | None = Field(default=None, foreign_key="topic.id")
    kind: str | None = None  # "practice" or "theory"
    started_at: datetime = Field(sa_type=_MOMENT)
    created_at: datetime = Field(sa_type=_MOMENT)


class PaperRow(_Table, table=True):
    """A paper in the learner's reading log: added, read, its code reproduced."""

    __tablename__ = "paper"
    __table_args__ = (Index("ix_paper_learner_read_on", "learner", "read_on"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    title: str
    url: str | None = None
    topic_id: str | None = Field(default=None, foreign_key="topic.id")
    added_on: date
    read_on: date | None = None
    reproduced_on: date | None = None  # the day its code was run (the last reading step)
    created_at: datetime = Field(sa_type=_MOMENT)


class PaperNoteRow(_Table, table=True):
    """One note on a paper, as a topic's journal has them."""

    __tablename__ = "paper_note"
    __table_args__ = (Index("ix_paper_note_learner_paper", "learner", "paper_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    paper_id: int = Field(foreign_key="paper.id")
    day: date
    text: str
    created_at: datetime = Field(sa_type=_MOMENT)


class PortfolioCheckRow(_Table, table=True):
    """A portfolio criterion the learner says one of their projects meets.

    The criterion is named by its id, not a reference: a roadmap that drops one
    keeps the learner's record of it.
    """

    __tablename__ = "portfolio_check"
    __table_args__ = (UniqueConstraint("learner", "topic_id", "criterion"),)

    id: int | None = Field(default=None, primary_key=True)
    learner: str = Field(foreign_key=_LEARNER_KEY)
    topic_id: str = Field(foreign_key="topic.id")
    criterion: str
    day: date
    created_at: datetime = Field(sa_type=_MOMENT)
