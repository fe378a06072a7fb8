"""Export and import of the learner's own data: settings, progress, entries, breaks,
the topic journal and the history.

The JSON export is complete and versioned; importing it into an empty database
gives back the same data, and merging it into a started one adds what is missing
without duplicating entries. An import is validated whole before anything is
written. The CSV export is the study-hour entries, for spreadsheets.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO

from mlpath import __version__
from mlpath.errors import InvalidInput

EXPORT_FORMAT = "mlpath-export"
EXPORT_VERSION = 2  # 2 added breaks and the topic journal; version 1 files still import
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # ten years of entries take well under 5 MiB


def _iso_time(text: str) -> str:
    # mlpath stores every time in UTC; the export says so explicitly.
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def export_data(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything that is the learner's, as plain JSON-ready data."""
    settings = conn.execute(
        "SELECT start_date, hours_per_week, track, skipped_phases, weekly_min, weekly_max,"
        " roadmap_id, roadmap_version, roadmap_file, created_at, updated_at"
        " FROM settings WHERE id = 1"
    ).fetchone()
    keys = ("start_date", "hours_per_week", "track", "skipped_phases", "weekly_min",
            "weekly_max", "roadmap_id", "roadmap_version", "roadmap_file", "created_at",
            "updated_at")  # fmt: skip
    settings_data = dict(zip(keys, settings, strict=True))
    settings_data["skipped_phases"] = json.loads(settings_data["skipped_phases"])
    for key in ("created_at", "updated_at"):
        settings_data[key] = _iso_time(settings_data[key])
    progress = [
        {"topic_id": t, "status": s, "started_on": started, "done_on": done,
         "updated_at": _iso_time(updated)}
        for t, s, started, done, updated in conn.execute(
            "SELECT topic_id, status, started_on, done_on, updated_at FROM progress"
            " ORDER BY topic_id"
        )
    ]  # fmt: skip
    entries = [
        {"id": i, "day": day, "hours": hours, "topic_id": topic, "note": note,
         "created_at": _iso_time(created)}
        for i, day, hours, topic, note, created in conn.execute(
            "SELECT id, day, hours, topic_id, note, created_at FROM entry ORDER BY id"
        )
    ]  # fmt: skip
    history = [
        {"id": i, "at": _iso_time(at), "summary": summary, "rows": json.loads(rows),
         "undoes": undoes}
        for i, at, summary, rows, undoes in conn.execute(
            "SELECT id, at, summary, rows, undoes FROM change ORDER BY id"
        )
    ]  # fmt: skip
    breaks = [
        {"id": i, "first_day": first, "last_day": last, "note": note,
         "created_at": _iso_time(created)}
        for i, first, last, note, created in conn.execute(
            "SELECT id, first_day, last_day, note, created_at FROM study_break ORDER BY id"
        )
    ]  # fmt: skip
    notes = [
        {"id": i, "topic_id": topic, "day": day, "kind": kind, "text": text,
         "created_at": _iso_time(created)}
        for i, topic, day, kind, text, created in conn.execute(
            "SELECT id, topic_id, day, kind, text, created_at FROM topic_note ORDER BY id"
        )
    ]  # fmt: skip
    # Topics that left the roadmap but still hold progress, hours or notes travel
    # with the data, so that an import elsewhere can keep their history too.
    retired = [
        {"id": i, "title": title, "kind": kind, "hours": hours}
        for i, title, kind, hours in conn.execute(
            "SELECT id, title, kind, hours FROM topic WHERE retired = 1 AND (id IN"
            " (SELECT topic_id FROM progress) OR id IN (SELECT topic_id FROM entry)"
            " OR id IN (SELECT topic_id FROM topic_note))"
            " ORDER BY id"
        )
    ]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "mlpath": __version__,
        "settings": settings_data,
        "progress": progress,
        "entries": entries,
        "breaks": breaks,
        "notes": notes,
        "history": history,
        "retired_topics": retired,
    }


def write_entries_csv(conn: sqlite3.Connection, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(["id", "day", "hours", "topic", "note"])
    count = 0
    for row in conn.execute("SELECT id, day, hours, topic_id, note FROM entry ORDER BY day, id"):
        writer.writerow(["" if value is None else value for value in row])
        count += 1
    return count


# --- reading an export back ---------------------------------------------------------


def _models() -> Any:
    """The export's pydantic models, built on first use (pydantic costs an import)."""
    from pydantic import BaseModel, ConfigDict, Field

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class SettingsData(Strict):
        start_date: date
        hours_per_week: float | None = Field(default=None, ge=1, le=112)
        track: str
        skipped_phases: list[int]
        weekly_min: float = Field(gt=0, le=112)
        weekly_max: float = Field(gt=0, le=112)
        roadmap_id: str
        roadmap_version: str
        roadmap_file: str | None = None
        created_at: datetime
        updated_at: datetime

    class ProgressData(Strict):
        topic_id: str = Field(min_length=1)
        status: Literal["todo", "doing", "done", "skipped"]
        started_on: date | None = None
        done_on: date | None = None
        updated_at: datetime

    class EntryData(Strict):
        id: int = Field(ge=1)
        day: date
        hours: float = Field(gt=0, le=24)
        topic_id: str | None = None
        note: str | None = Field(default=None, max_length=10_000)
        created_at: datetime

    class BreakData(Strict):
        id: int = Field(ge=1)
        first_day: date
        last_day: date
        note: str | None = Field(default=None, max_length=10_000)
        created_at: datetime

    class NoteData(Strict):
        id: int = Field(ge=1)
        topic_id: str = Field(min_length=1)
        day: date
        kind: Literal["note", "link"]
        text: str = Field(min_length=1, max_length=10_000)
        created_at: datetime

    class ChangeData(Strict):
        id: int = Field(ge=1)
        at: datetime
        summary: str
        rows: list[dict[str, Any]]
        undoes: int | None = None

    class RetiredTopic(Strict):
        id: str = Field(min_length=1)
        title: str
        kind: str
        hours: float

    class ExportFile(Strict):
        format: Literal["mlpath-export"]
        version: Literal[1, 2]
        mlpath: str
        settings: SettingsData
        progress: list[ProgressData]
        entries: list[EntryData]
        breaks: list[BreakData] = []
        notes: list[NoteData] = []
        history: list[ChangeData]
        retired_topics: list[RetiredTopic] = []

    return ExportFile


class Checked(NamedTuple):
    """An export file that passed every check, ready to be written."""

    data: Any  # the validated ExportFile
    path: Path


def read_export(path: Path) -> Checked:
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
        data = _models().model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(
            f"{path}, at {where}: {first['msg']}", hint="nothing was imported"
        ) from None
    # Anything outside these years is a corrupted or forged file, not a learner's record.
    days = [
        data.settings.start_date,
        *(e.day for e in data.entries),
        *(n.day for n in data.notes),
        *(day for b in data.breaks for day in (b.first_day, b.last_day)),
    ]
    for day in days:
        if not date(1990, 1, 1) <= day <= date(2100, 1, 1):
            raise InvalidInput(
                f"{path}: the date {day} is out of range", hint="nothing was imported"
            )
    per_day: dict[date, float] = {}
    for entry in data.entries:
        per_day[entry.day] = per_day.get(entry.day, 0.0) + entry.hours
    over = sorted(day for day, hours in per_day.items() if hours > 24 + 1e-9)
    if over:
        raise InvalidInput(f"{path}: {over[0]} holds more than 24 hours of entries")
    for name, items in (("entries", data.entries), ("breaks", data.breaks), ("notes", data.notes)):
        if len({item.id for item in items}) != len(items):
            raise InvalidInput(f"{path}: two {name} share an id")
    for b in data.breaks:
        if b.last_day < b.first_day:
            raise InvalidInput(f"{path}: break {b.id} ends before it begins")
    return Checked(data, path)
