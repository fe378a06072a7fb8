"""Export and import of the learner's own data: settings, progress, entries, breaks,
the topic journal and the history.

The JSON export is complete and versioned; importing it into an empty database
gives back the same data, and merging it into a started one adds what is missing
without duplicating entries. An import is validated whole before anything is
written. The CSV export is the study-hour entries, for spreadsheets.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TextIO

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    model_validator,
)

from mlpath import __version__, safetext
from mlpath.domain.limits import (
    DEFAULT_RETENTION,
    EARLIEST_DAY,
    HOURS_TOLERANCE,
    LATEST_DAY,
    MAX_ENTRY_NOTE_CHARS,
    MAX_HOURS_PER_DAY,
    MAX_HOURS_PER_WEEK,
    MAX_LINK_CHARS,
    MAX_NOTE_CHARS,
    MAX_PAPER_TITLE_CHARS,
    MAX_RETENTION,
    MAX_REVIEW_INTERVAL_DAYS,
    MAX_ROW_ID,
    MAX_SLUG_CHARS,
    MAX_TOPIC_HOURS,
    MIN_HOURS_PER_WEEK,
    MIN_RETENTION,
)
from mlpath.errors import InvalidInput

if TYPE_CHECKING:
    from mlpath.storage.reads import Reader

EXPORT_FORMAT = "mlpath-export"
# 2 added breaks and the topic journal, 3 the settings' past periods and the plan's
# baselines, 4 spaced review (the scheduler's state per topic, the reviews, the target
# retention), 5 the background profile in the settings and their past periods and the
# learner's own estimates of topics' hours, and whether each entry is theory or
# practice, 6 the paper log (papers and their notes) and the portfolio's checks; files
# of every earlier version still import.
EXPORT_VERSION = 6
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # ten years of entries take well under 5 MiB


def _iso_time(text: str) -> str:
    # mlpath stores every time in UTC; the export says so explicitly.
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def export_data(reader: Reader) -> dict[str, Any]:
    """Everything that is the learner's, as plain JSON-ready data."""
    (settings,) = reader.rows("settings")
    for key in ("created_at", "updated_at"):
        settings[key] = _iso_time(settings[key])

    def timed(table: str, *keys: str) -> list[dict[str, Any]]:
        rows = list(reader.rows(table))
        for row in rows:
            for key in keys:
                row[key] = _iso_time(row[key])
        return rows

    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "mlpath": __version__,
        "settings": settings,
        "progress": timed("progress", "updated_at"),
        "entries": timed("entry", "created_at"),
        "breaks": timed("study_break", "created_at"),
        "notes": timed("topic_note", "created_at"),
        "history": timed("change", "at"),
        # Topics that left the roadmap but still hold progress, hours or notes travel
        # with the data, so that an import elsewhere can keep their history too.
        "retired_topics": reader.retired_topics_with_history(),
        "settings_periods": list(reader.rows("settings_period")),
        "baselines": timed("baseline", "created_at"),
        "review_items": timed("review_item", "updated_at"),
        "reviews": timed("review", "created_at"),
        "estimates": timed("estimate", "updated_at"),
        "papers": timed("paper", "created_at"),
        "paper_notes": timed("paper_note", "created_at"),
        "portfolio_checks": timed("portfolio_check", "created_at"),
    }


def write_entries_csv(reader: Reader, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(["id", "day", "hours", "topic", "note"])
    count = 0
    for entry in reader.entries():
        row = (entry.id, entry.day.isoformat(), entry.hours, entry.topic_id, entry.note)
        # Control characters that older data holds are made visible, as in every view.
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return safetext.shown(value) if isinstance(value, str) else value


# --- reading an export back ---------------------------------------------------------


# --- the file's models ---------------------------------------------------------------


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# mlpath stores every time in UTC and exports say so; a time without a zone
# (hand-edited, or from another tool) is read the same way.
Moment = Annotated[datetime, AfterValidator(lambda t: t if t.tzinfo else t.replace(tzinfo=UTC))]
RowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]


class SettingsData(Strict):
    start_date: date
    hours_per_week: float | None = Field(default=None, ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)
    track: str
    skipped_phases: list[int]
    weekly_min: float = Field(gt=0, le=MAX_HOURS_PER_WEEK)
    weekly_max: float = Field(gt=0, le=MAX_HOURS_PER_WEEK)
    roadmap_id: str
    roadmap_version: str
    roadmap_file: str | None = None
    created_at: Moment
    updated_at: Moment
    # Exports before version 4 had none: the default then held.
    retention: float = Field(default=DEFAULT_RETENTION, ge=MIN_RETENTION, le=MAX_RETENTION)
    # Exports before version 5 had none: the roadmap as written held.
    profile: str | None = Field(default=None, max_length=80)


class ProgressData(Strict):
    topic_id: str = Field(min_length=1)
    status: Literal["todo", "doing", "done", "skipped"]
    started_on: date | None = None
    done_on: date | None = None
    updated_at: Moment


class EntryData(Strict):
    id: RowId
    day: date
    hours: float = Field(gt=0, le=MAX_HOURS_PER_DAY)
    topic_id: str | None = None
    note: str | None = Field(default=None, max_length=MAX_ENTRY_NOTE_CHARS)
    created_at: Moment
    # Theory or practice; exports before version 5 had none: the topic's kind decides.
    practice: bool | None = None


class BreakData(Strict):
    id: RowId
    first_day: date
    last_day: date
    note: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
    created_at: Moment


class NoteData(Strict):
    id: RowId
    topic_id: str = Field(min_length=1)
    day: date
    kind: Literal["note", "link"]
    text: str = Field(min_length=1, max_length=max(MAX_NOTE_CHARS, MAX_LINK_CHARS))
    created_at: Moment

    @model_validator(mode="after")
    def _within_its_kind(self) -> NoteData:
        limit = MAX_NOTE_CHARS if self.kind == "note" else MAX_LINK_CHARS
        if len(self.text) > limit:
            raise ValueError(f"a {self.kind} has at most {limit} characters")
        return self


class ChangeData(Strict):
    id: RowId
    at: Moment
    summary: str
    rows: list[dict[str, Any]]
    undoes: RowId | None = None


class SettingsPeriodData(Strict):
    id: RowId
    first_day: date
    last_day: date
    hours_per_week: float | None = Field(default=None, ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)
    track: str
    skipped_phases: list[int]
    profile: str | None = Field(default=None, max_length=80)


class PhaseFinish(Strict):
    number: int
    finish: date

    @field_serializer("finish")
    def _as_stored(self, finish: date) -> str:
        return finish.isoformat()  # the database keeps these in a JSON column


class BaselineData(Strict):
    id: RowId
    made_on: date
    finishes: list[PhaseFinish]
    created_at: Moment


_CARD_KEYS = {"card_id", "state", "step", "stability", "difficulty", "due", "last_review"}


def _card(card: dict[str, Any]) -> dict[str, Any]:
    """A scheduler card as fsrs's Card.to_dict() writes it, kept exactly as it is (so
    that it schedules the same after an import or an undo)."""
    if set(card) != _CARD_KEYS:
        raise ValueError(f"a review card has the fields {', '.join(sorted(_CARD_KEYS))}")
    state, step = card["state"], card["step"]
    if isinstance(state, bool) or state not in (1, 2, 3):
        raise ValueError("a review card's state is 1, 2 or 3")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
        raise ValueError("a review card's step is a count or null")
    if isinstance(card["card_id"], bool) or not isinstance(card["card_id"], int):
        raise ValueError("a review card's id is a whole number")
    for name in ("stability", "difficulty"):
        value = card[name]
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e9
        ):
            raise ValueError(f"a review card's {name} is a positive number or null")
    for name in ("due", "last_review"):
        value = card[name]
        if value is None and name == "last_review":
            continue
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValueError(f"a review card's {name} is not a time") from None
        if moment.tzinfo is None:
            raise ValueError(f"a review card's {name} has no time zone")
    return card


class ReviewItemData(Strict):
    topic_id: str = Field(min_length=1)
    card: Annotated[dict[str, Any], AfterValidator(_card)]
    due: date
    off: bool = False
    updated_at: Moment


class ReviewData(Strict):
    id: RowId
    topic_id: str = Field(min_length=1)
    day: date
    rating: Literal["again", "hard", "good", "easy"]
    hours: float | None = Field(default=None, gt=0, le=MAX_HOURS_PER_DAY)
    created_at: Moment


class TimerData(Strict):
    """A running study timer as a change's record holds it (exports leave timers out)."""

    topic_id: str | None = None
    kind: Literal["practice", "theory"] | None = None
    started_at: Moment
    created_at: Moment


class EstimateData(Strict):
    topic_id: str = Field(min_length=1)
    hours: float = Field(gt=0, le=MAX_TOPIC_HOURS)
    updated_at: Moment


def _web_address(url: str | None) -> str | None:
    if url is not None and not url.startswith(("http://", "https://")):
        raise ValueError("a paper's address is an http(s) address")
    return url


class PaperData(Strict):
    id: RowId
    title: str = Field(min_length=1, max_length=MAX_PAPER_TITLE_CHARS)
    url: Annotated[str | None, AfterValidator(_web_address)] = Field(
        default=None, max_length=MAX_LINK_CHARS
    )
    topic_id: str | None = Field(default=None, min_length=1)
    added_on: date
    read_on: date | None = None
    reproduced_on: date | None = None
    created_at: Moment

    @model_validator(mode="after")
    def _in_order(self) -> PaperData:
        if self.read_on is not None and self.read_on < self.added_on:
            raise ValueError("a paper is read on or after the day it was added")
        if self.reproduced_on is not None and (
            self.read_on is None or self.reproduced_on < self.read_on
        ):
            raise ValueError("a paper's code is run (reproduced) on or after the day it is read")
        return self


class PaperNoteData(Strict):
    id: RowId
    paper_id: RowId
    day: date
    text: str = Field(min_length=1, max_length=MAX_NOTE_CHARS)
    created_at: Moment


class PortfolioCheckData(Strict):
    id: RowId
    topic_id: str = Field(min_length=1)
    criterion: str = Field(min_length=1, max_length=MAX_SLUG_CHARS)
    day: date
    created_at: Moment


class RetiredTopic(Strict):
    id: str = Field(min_length=1)
    title: str
    kind: str
    hours: float


class ExportFile(Strict):
    format: Literal["mlpath-export"]
    version: Literal[1, 2, 3, 4, 5, 6]
    mlpath: str
    settings: SettingsData
    progress: list[ProgressData]
    entries: list[EntryData]
    breaks: list[BreakData] = []
    notes: list[NoteData] = []
    history: list[ChangeData]
    retired_topics: list[RetiredTopic] = []
    settings_periods: list[SettingsPeriodData] = []
    baselines: list[BaselineData] = []
    review_items: list[ReviewItemData] = []
    reviews: list[ReviewData] = []
    estimates: list[EstimateData] = []
    papers: list[PaperData] = []
    paper_notes: list[PaperNoteData] = []
    portfolio_checks: list[PortfolioCheckData] = []


class Checked(NamedTuple):
    """An export file that passed every check, ready to be written."""

    data: ExportFile
    path: Path


def read_export(path: Path, *, today: date | None = None) -> Checked:
    """Parse and validate an export file, or raise InvalidInput saying where it is wrong."""
    from pydantic import ValidationError

    from mlpath.paths import TooLarge, read_capped

    try:
        text = read_capped(path, MAX_IMPORT_BYTES).decode("utf-8")
        raw = json.loads(text)
    except TooLarge:
        raise InvalidInput(
            f"{path} is over {MAX_IMPORT_BYTES // 2**20} MiB, more than an export can be",
            hint="import takes a file made by `mlpath export`",
        ) from None
    except OSError as exc:
        raise InvalidInput(
            f"cannot read {path}: {exc.strerror or exc}",
            hint="import takes a file made by `mlpath export`",
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}, line {exc.lineno}: not valid JSON ({exc.msg})",
            hint="import takes a file made by `mlpath export`",
        ) from None
    except RecursionError:
        raise InvalidInput(f"{path}: nested too deeply to be an mlpath export") from None
    except ValueError:  # an integer of thousands of digits, which Python refuses to read
        raise InvalidInput(
            f"{path}: holds a number too long to be in an mlpath export",
            hint="import takes a file made by `mlpath export`",
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != EXPORT_FORMAT:
        raise InvalidInput(
            f"{path} is not an mlpath export", hint="import takes a file made by `mlpath export`"
        )
    if isinstance(raw.get("version"), int) and raw["version"] > EXPORT_VERSION:
        raise InvalidInput(
            f"{path} was exported by a newer mlpath (format version {raw['version']})",
            hint="upgrade mlpath to import it",
        )
    try:
        data = ExportFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(
            f"{path}, at {where}: {first['msg']}", hint="nothing was imported"
        ) from None
    if safetext.json_may_hold(text):
        found = safetext.first_in(raw)
        if found is not None:
            # Every string of an export is shown somewhere; mlpath refuses these on input.
            steps, char = found
            where = ".".join(map(str, steps))
            raise InvalidInput(
                f"{path}, at {where}: holds the control character {safetext.describe(char)}",
                hint="nothing was imported",
            )
    _check_consistent(data, path, today)
    return Checked(data, path)


def _check_consistent(data: ExportFile, path: Path, today: date | None) -> None:
    """The rules across rows that live data keeps, which one field's model cannot see."""
    if today is None:
        from mlpath import clock

        today = clock.today()

    def refuse(problem: str) -> InvalidInput:
        return InvalidInput(f"{path}: {problem}", hint="nothing was imported")

    # Anything outside these years is a corrupted or forged file, not a learner's record.
    days = [
        data.settings.start_date,
        *(e.day for e in data.entries),
        *(n.day for n in data.notes),
        *(day for b in data.breaks for day in (b.first_day, b.last_day)),
        *(r.day for r in data.reviews),
        *_paper_days(data),
    ]
    for day in days:
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise refuse(f"the date {day} is out of range")
    start = data.settings.start_date
    for e in data.entries:
        if e.day > today:
            raise refuse(f"entry {e.id} is on {e.day}, in the future")
        if e.day < start:
            raise refuse(f"entry {e.id} is on {e.day}, before the start date {start}")
    for n in data.notes:
        if n.day > today:
            raise refuse(f"note {n.id} is dated {n.day}, in the future")
    for p in data.progress:
        for when in (p.started_on, p.done_on):
            if when is not None and when > today:
                raise refuse(f"topic {p.topic_id} has the date {when}, in the future")
    for r in data.reviews:
        if r.day > today:
            raise refuse(f"review {r.id} is on {r.day}, in the future")
    for day in _paper_days(data):
        if day > today:
            raise refuse(f"the paper log has the date {day}, in the future")
    for check in data.portfolio_checks:
        if check.day > today:
            raise refuse(f"a portfolio check is on {check.day}, in the future")
    if len({(c.topic_id, c.criterion) for c in data.portfolio_checks}) != len(
        data.portfolio_checks
    ):
        raise refuse("a project meets one criterion twice in the portfolio checks")
    papers = {p.id for p in data.papers}
    for note in data.paper_notes:
        if note.paper_id not in papers:
            raise refuse(f"paper note {note.id} is on paper {note.paper_id}, not in the file")
    latest_due = LATEST_DAY + timedelta(days=MAX_REVIEW_INTERVAL_DAYS)
    for item in data.review_items:
        if not EARLIEST_DAY <= item.due <= latest_due:
            raise refuse(f"the review of {item.topic_id} is due on {item.due}, out of range")
    if len({item.topic_id for item in data.review_items}) != len(data.review_items):
        raise refuse("two review items are of one topic")
    per_day: dict[date, float] = {}
    for entry in data.entries:
        per_day[entry.day] = per_day.get(entry.day, 0.0) + entry.hours
    over = sorted(
        day for day, hours in per_day.items() if hours > MAX_HOURS_PER_DAY + HOURS_TOLERANCE
    )
    if over:
        raise InvalidInput(
            f"{path}: {over[0]} holds more than {MAX_HOURS_PER_DAY:g} hours of entries"
        )
    for name, items in (
        ("entries", data.entries),
        ("breaks", data.breaks),
        ("notes", data.notes),
        ("history changes", data.history),
        ("reviews", data.reviews),
        ("papers", data.papers),
        ("paper notes", data.paper_notes),
        ("portfolio checks", data.portfolio_checks),
    ):
        if len({item.id for item in items}) != len(items):
            raise InvalidInput(f"{path}: two {name} share an id")
    for b in data.breaks:
        if b.last_day < b.first_day:
            raise InvalidInput(f"{path}: break {b.id} ends before it begins")
    ordered = sorted(data.breaks, key=lambda b: b.first_day)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.first_day <= earlier.last_day:
            raise refuse(f"breaks {earlier.id} and {later.id} overlap")
    _check_settings_periods(data, refuse, today)
    changes = {c.id for c in data.history}
    for change in data.history:
        if change.undoes is not None and change.undoes not in changes:
            raise refuse(f"history change #{change.id} undoes #{change.undoes}, not in the file")
        for image in change.rows:
            problem = image_problem(image)
            if problem is not None:
                raise refuse(f"history change #{change.id} cannot be undone: {problem}")


def _paper_days(data: ExportFile) -> list[date]:
    """Every day of the paper log: added, read, reproduced, and its notes'."""
    days = [n.day for n in data.paper_notes]
    for p in data.papers:
        days += [d for d in (p.added_on, p.read_on, p.reproduced_on) if d is not None]
    return days


def _check_settings_periods(
    data: ExportFile, refuse: Callable[[str], InvalidInput], today: date
) -> None:
    """Past settings periods lie in order between the start date and today."""
    start = data.settings.start_date
    previous: SettingsPeriodData | None = None
    for period in sorted(data.settings_periods, key=lambda p: p.first_day):
        if period.last_day < period.first_day:
            raise refuse(f"settings period {period.id} ends before it begins")
        if period.first_day < start or period.last_day >= today:
            raise refuse(f"settings period {period.id} is not between the start date and today")
        if previous is not None and period.first_day <= previous.last_day:
            raise refuse(f"settings periods {previous.id} and {period.id} overlap")
        previous = period
    for baseline in data.baselines:
        if not start <= baseline.made_on <= today:
            raise refuse(f"baseline {baseline.id} is dated {baseline.made_on}, out of range")


# --- the row images of the history ---------------------------------------------------

# Each of the learner's tables, with its key column and the name of its list in an export.
_TABLES = {
    "settings": ("id", "settings"),
    "progress": ("topic_id", "progress"),
    "entry": ("id", "entries"),
    "study_break": ("id", "breaks"),
    "topic_note": ("id", "notes"),
    "settings_period": ("id", "settings_periods"),
    "baseline": ("id", "baselines"),
    "review_item": ("topic_id", "review_items"),
    "review": ("id", "reviews"),
    # Not in exports: a change's record of it is checked all the same.
    "study_timer": ("", ""),
    "estimate": ("topic_id", "estimates"),
    "paper": ("id", "papers"),
    "paper_note": ("id", "paper_notes"),
    "portfolio_check": ("id", "portfolio_checks"),
}
# The tables of one row a learner, which records name by the key 1.
_ONE_A_LEARNER = ("settings", "study_timer")
# The tables keyed by a topic's id rather than a row id.
_TOPIC_KEYED = ("progress", "review_item", "estimate")


@functools.cache
def _row_models() -> dict[str, Any]:
    """The import's model of each table's rows: undo holds row images to the same rules."""
    from typing import get_args

    fields = ExportFile.model_fields
    models: dict[str, Any] = {}
    for table, (_key, name) in _TABLES.items():
        if table == "study_timer":
            models[table] = TimerData
            continue
        annotation = fields[name].annotation
        models[table] = annotation if table == "settings" else get_args(annotation)[0]
    return models


class BadImage(ValueError):
    """A record of a change that could not be put back as it says."""


def image_problem(image: Any) -> str | None:
    """Why one record of a change could not be put back as it says, or None if it can."""
    try:
        checked_image(image)
    except BadImage as exc:
        return str(exc)
    return None


def checked_image(image: Any) -> dict[str, Any] | None:
    """The row image of one record of a change, as the database takes it; BadImage if wrong.

    A record is {"table", "key", "before"}: the row's image before the change, or
    null when the change created it. The image is held to the import's rules.
    Whether the topics it names exist is the caller's to check (`image_topics`),
    against the database it is for.
    """
    from pydantic import ValidationError

    if not isinstance(image, dict) or set(image) != {"table", "key", "before"}:
        raise BadImage("a record is not a table, a key and a row image")
    table, key, before = image["table"], image["key"], image["before"]
    if table not in _TABLES:
        raise BadImage(f"unknown table {table!r}")
    key_field = _TABLES[table][0]
    if table in _TOPIC_KEYED:
        if not isinstance(key, str) or not key:
            raise BadImage(f"{table} record with key {key!r}, not a topic id")
    elif isinstance(key, bool) or not isinstance(key, int) or not 1 <= key <= MAX_ROW_ID:
        raise BadImage(f"{table} record with key {key!r}, not a row id")
    elif table in _ONE_A_LEARNER and key != 1:
        raise BadImage(f"{table} record with key {key!r}")
    if before is None:
        return None
    if not isinstance(before, dict):
        raise BadImage(f"the image of {table} {key!r} is not that row")
    if key_field and before.get(key_field) != key:
        raise BadImage(f"the image of {table} {key!r} is not that row")
    fields = {k: v for k, v in before.items() if k != "id"} if table == "settings" else before
    try:
        row = _row_models()[table].model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BadImage(
            f"{table} {key!r}" + (f", {where}" if where else "") + f": {first['msg']}"
        ) from None
    if table == "study_break" and row.last_day < row.first_day:
        raise BadImage(f"study_break {key!r} ends before it begins")
    for name, value in row:
        is_day = isinstance(value, date) and not isinstance(value, datetime)
        # A review may be due up to the longest interval past the last day of record.
        latest = LATEST_DAY + timedelta(days=MAX_REVIEW_INTERVAL_DAYS if name == "due" else 0)
        if is_day and not EARLIEST_DAY <= value <= latest:
            raise BadImage(f"{table} {key!r}, {name}: the date {value} is out of range")
    clean: dict[str, Any] = row.model_dump()
    return clean | {"id": 1} if table == "settings" else clean


def change_problem(rows: Any, topics: Collection[str]) -> str | None:
    """Why a change could not be undone in a database holding `topics`, or None."""
    if not isinstance(rows, list):
        return "its records are not a list"
    known = set(topics)
    for image in rows:
        problem = image_problem(image)
        if problem is not None:
            return problem
        missing = image_topics(image) - known
        if missing:
            return (
                f"{image['table']} {image['key']!r} refers to topic '{min(missing)}', "
                "which the database does not hold"
            )
    return None


def image_topics(image: dict[str, Any]) -> set[str]:
    """The topics a checked record would refer to once put back."""
    before = image["before"]
    if before is None:
        return set()
    if image["table"] in _TOPIC_KEYED:
        return {image["key"]}
    named = ("entry", "topic_note", "review", "study_timer", "paper")
    topic = before.get("topic_id") if image["table"] in named else None
    return {topic} if topic else set()
