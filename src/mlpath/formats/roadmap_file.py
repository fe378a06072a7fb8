"""Load and validate a roadmap file (the bundled one or a learner's own).

The YAML is read with a safe loader that remembers the line of every mapping and
key, the structure is validated by pydantic models, and every problem is reported
as a RoadmapError naming the file, the line and the field.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlpath import safetext
from mlpath.domain.limits import (
    MAX_HOURS_PER_WEEK,
    MAX_SLUG_CHARS,
    MAX_TOPIC_HOURS,
    MIN_HOURS_PER_WEEK,
)
from mlpath.errors import RoadmapError

MAX_FILE_BYTES = 2 * 1024 * 1024  # far above any real roadmap; refuses accidental huge files

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=MAX_SLUG_CHARS)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#][^\s]*$", max_length=500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Resource(_Strict):
    title: Text
    kind: Literal["course", "video", "book", "article", "docs", "tool", "paper", "community"]
    url: Url | None = None
    free: bool | None = None


class Topic(_Strict):
    id: Slug
    title: Text
    kind: Literal["topic", "exercise", "project"]
    hours: float = Field(gt=0, le=MAX_TOPIC_HOURS)
    summary: str = ""
    sources: list[Slug] = []
    resources: list[Resource] = []
    track: Slug | None = None
    optional: bool = False
    aliases: list[Slug] = []


class Range(_Strict):
    min: float = Field(gt=0)
    max: float = Field(gt=0)


class WeeklyHours(_Strict):
    """A range of hours a week, within what a learner may plan."""

    min: float = Field(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)
    max: float = Field(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)


class Phase(_Strict):
    id: Slug
    number: int = Field(ge=0, le=99)
    title: Text
    summary: str = ""
    weeks: Range
    weekly_hours: float = Field(ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK)
    topics: list[Topic] = Field(min_length=1)

    @property
    def budget(self) -> float:
        """Planned hours: the midpoint of the duration times the weekly hours."""
        return (self.weeks.min + self.weeks.max) / 2 * self.weekly_hours


class Source(_Strict):
    id: Slug
    title: Text
    url: Url | None = None


class Track(_Strict):
    id: Slug
    title: Text


class Adjustment(_Strict):
    """How a background profile changes one phase: exactly one of the three."""

    phase: Slug  # a phase's id
    hours_factor: float | None = Field(default=None, gt=0, le=10)
    extra_weeks: float | None = Field(default=None, gt=0, le=52)
    skip: Literal[True] | None = None


class Profile(_Strict):
    """A learner's background, as changes to the planned phases."""

    id: Slug
    title: Text
    description: Text
    adjustments: list[Adjustment] = []


class Criterion(_Strict):
    """A quality of a strong portfolio project, which `portfolio check` records."""

    id: Slug
    title: Text
    description: Text


class Roadmap(_Strict):
    format: Literal[1]
    id: Slug
    title: Text
    version: Text
    weekly_hours: WeeklyHours
    default_track: Slug | None = None
    sources: list[Source] = []
    tracks: list[Track] = []
    profiles: list[Profile] = []
    criteria: list[Criterion] = []
    phases: list[Phase] = Field(min_length=1)

    def topics(self) -> list[tuple[Phase, Topic]]:
        return [(phase, topic) for phase in self.phases for topic in phase.topics]


class _Located(dict[Any, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        # Aliases are what makes "billion laughs" bombs possible; a roadmap never
        # needs them, so they are refused outright.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in the stubs
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    data = _Located()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):  # `? [1, 2]: x`, a list as a key
            raise yaml.MarkedYAMLError(
                problem="a key must be a plain name, not a list or mapping",
                problem_mark=key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in data.key_lines:
            raise yaml.MarkedYAMLError(
                problem=f"duplicate key '{key}'", problem_mark=key_node.start_mark
            )
        data.key_lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=True)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_roadmap(path: Path) -> Roadmap:
    """Read, parse and validate a roadmap file, or raise RoadmapError."""
    from mlpath.paths import TooLarge, read_capped

    name = str(path)
    try:
        text = read_capped(path, MAX_FILE_BYTES).decode("utf-8")
    except TooLarge:
        raise RoadmapError(
            f"{name}: file is larger than the {MAX_FILE_BYTES // 1024} KiB a roadmap may be"
        ) from None
    except OSError as exc:
        raise RoadmapError(f"cannot read roadmap {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RoadmapError(f"{name}: not a UTF-8 text file") from None
    return parse_roadmap(text, name)


def parse_roadmap(text: str, name: str = "<roadmap>") -> Roadmap:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = f", line {mark.line + 1}" if mark else ""
        raise RoadmapError(f"{name}{line}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise RoadmapError(f"{name}: not valid YAML ({exc})") from None
    except RecursionError:
        raise RoadmapError(f"{name}: nested too deeply to be a roadmap") from None
    if not isinstance(data, dict):
        raise RoadmapError(
            f"{name}, line 1: a roadmap must be a mapping with phases, not {_kind(data)}"
        )
    try:
        roadmap = Roadmap.model_validate(data)
    except ValidationError as exc:
        # A misspelt key also shows up as a missing field; the misspelling, with its
        # "did you mean", is the more useful of the two to report.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        message = _describe(errors[0], data)
        extra = len(errors) - 1
        more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
        raise RoadmapError(f"{name}{message}{more}") from None
    _check_control(data, name)
    _check_references(roadmap, data, name)
    return roadmap


def _check_control(data: Any, name: str) -> None:
    """Refuse a control character anywhere (a YAML escape such as "\\e" writes one):
    every title, summary and address is shown on the learner's terminal."""
    found = safetext.first_in(data)
    if found is None:
        return
    steps, char = found
    node, line, field = data, data.line, ""
    for step in steps:
        if isinstance(node, _Located):
            line, field = node.key_lines.get(step, line), str(step)
        node = node[step]
        line = getattr(node, "line", line)
    raise RoadmapError(
        f"{name}, line {line}: field '{field}' holds the control character "
        f"{safetext.describe(char)}"
    )


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "an empty file"}.get(type(value), "a value")


def _describe(error: Any, data: Any) -> str:
    """', line N: where: what' for one pydantic error, located in the YAML."""
    loc = error["loc"]
    node, line, where = data, getattr(data, "line", 0), []
    for step in loc[:-1] if error["type"] in ("extra_forbidden", "missing") else loc:
        if isinstance(node, _Located) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            break
        if isinstance(node, _Located):
            line = node.line
            if isinstance(node.get("id"), str):
                where.append(f"'{node['id']}'")
    field = loc[-1] if loc else ""
    if error["type"] == "extra_forbidden":
        line = node.key_lines.get(field, line) if isinstance(node, _Located) else line
        allowed = _allowed_keys(loc[:-1])
        close = difflib.get_close_matches(str(field), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
        what = f"unknown key '{field}'{hint}"
    elif error["type"] == "missing":
        what = f"missing field '{field}'"
    else:
        what = f"field '{field}': {error['msg']}"
    place = " > ".join(where)
    return f", line {line}: " + (f"{place}: " if place else "") + what


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Roadmap
    nested: dict[str, type[BaseModel]] = {
        "phases": Phase,
        "topics": Topic,
        "resources": Resource,
        "sources": Source,
        "tracks": Track,
        "profiles": Profile,
        "adjustments": Adjustment,
        "criteria": Criterion,
        "weeks": Range,
        "weekly_hours": WeeklyHours,
    }
    for step in loc:
        if isinstance(step, str) and step in nested:
            model = nested[step]
    return list(model.model_fields)


def _check_references(roadmap: Roadmap, data: Any, name: str) -> None:
    """Checks across the whole file that a single field's validator cannot see."""

    def fail(path: tuple[Any, ...], message: str) -> RoadmapError:
        node, line = data, data.line
        for step in path:
            node = node[step]
            line = getattr(node, "line", line)
        return RoadmapError(f"{name}, line {line}: {message}")

    from mlpath.domain.plan import HORIZON_DAYS

    days = sum(sum(t.hours for t in p.topics) * 7 / p.weekly_hours for p in roadmap.phases)
    if days > HORIZON_DAYS:
        raise fail((), "at its phases' weekly hours the roadmap would take over a century")
    seen_numbers: dict[int, str] = {}
    seen_phases: set[str] = set()
    seen_topics: set[str] = set()
    titles: set[str] = set()
    tracks = {track.id for track in roadmap.tracks}
    sources = {source.id for source in roadmap.sources}
    if roadmap.default_track and roadmap.default_track not in tracks:
        raise fail((), f"default_track '{roadmap.default_track}' is not one of the tracks")
    for p, phase in enumerate(roadmap.phases):
        if phase.number in seen_numbers:
            raise fail(("phases", p), f"phase number {phase.number} is used twice")
        if phase.id in seen_phases:
            raise fail(("phases", p), f"duplicate phase id '{phase.id}'")
        seen_numbers[phase.number] = phase.id
        seen_phases.add(phase.id)
        for t, topic in enumerate(phase.topics):
            at = ("phases", p, "topics", t)
            for slug in (topic.id, *topic.aliases):
                if slug in seen_topics:
                    raise fail(at, f"duplicate topic id '{slug}'")
                seen_topics.add(slug)
            if topic.title.casefold() in titles:
                raise fail(at, f"topic '{topic.id}': duplicate title '{topic.title}'")
            titles.add(topic.title.casefold())
            if topic.track and topic.track not in tracks:
                raise fail(at, f"topic '{topic.id}': unknown track '{topic.track}'")
            for source in topic.sources:
                if source not in sources:
                    raise fail(at, f"topic '{topic.id}': unknown source '{source}'")
    seen_criteria: set[str] = set()
    criterion_titles: set[str] = set()
    for c, criterion in enumerate(roadmap.criteria):
        if criterion.id in seen_criteria:
            raise fail(("criteria", c), f"duplicate criterion id '{criterion.id}'")
        if criterion.title.casefold() in criterion_titles:
            raise fail(("criteria", c), f"duplicate criterion title '{criterion.title}'")
        seen_criteria.add(criterion.id)
        criterion_titles.add(criterion.title.casefold())
    seen_profiles: set[str] = set()
    for p, profile in enumerate(roadmap.profiles):
        if profile.id in seen_profiles:
            raise fail(("profiles", p), f"duplicate profile id '{profile.id}'")
        seen_profiles.add(profile.id)
        adjusted: set[str] = set()
        for a, adjustment in enumerate(profile.adjustments):
            at = ("profiles", p, "adjustments", a)
            given = [adjustment.hours_factor, adjustment.extra_weeks, adjustment.skip]
            if sum(value is not None for value in given) != 1:
                raise fail(
                    at,
                    f"profile '{profile.id}': an adjustment of phase '{adjustment.phase}' takes "
                    "exactly one of hours_factor, extra_weeks or skip",
                )
            if adjustment.phase not in seen_phases:
                raise fail(at, f"profile '{profile.id}': unknown phase '{adjustment.phase}'")
            if adjustment.phase in adjusted:
                raise fail(
                    at, f"profile '{profile.id}': phase '{adjustment.phase}' is adjusted twice"
                )
            adjusted.add(adjustment.phase)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the roadmap format, for editors validating a custom roadmap."""
    schema = Roadmap.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mlpath roadmap"
    return schema


if __name__ == "__main__":  # python -m mlpath.formats.roadmap_file > data/roadmap.schema.json
    import json
    import sys

    json.dump(json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
