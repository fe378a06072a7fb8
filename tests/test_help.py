"""Every command's help: a description, examples that name real topics, and a place
in the README."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mlpath.cli.commands import COMMANDS, EXAMPLES, GROUPS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
NAMES = [name or function.__name__ for function, name in COMMANDS]


def test_every_command_has_examples_and_nothing_else_does():
    assert sorted(EXAMPLES) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_commands_help_has_a_description_and_ends_with_examples(mlpath, name):
    text = mlpath(name, "--help").stdout
    description = text.split("\n\n")[1].strip()
    assert description and not description.startswith(("Options", "Examples")), text
    tail = text.rstrip().split("Examples:")[-1].strip().splitlines()
    assert tail and all(line.strip().startswith("$ mlpath") for line in tail), text
    assert len(tail) == len(EXAMPLES[name])


@pytest.mark.parametrize("name", NAMES)
def test_every_command_is_in_the_readme(name):
    assert re.search(rf"`mlpath {re.escape(name)}\b", README), name


def test_the_examples_name_topics_the_roadmap_has(started, run_json):
    ids = {t["id"] for t in run_json("topics", "--all-tracks")}
    for name in ("done", "note", "doing", "undone", "skip", "show"):
        for example in EXAMPLES[name]:
            words = example.split("#")[0].split()[2:]  # after `mlpath NAME`
            # Up to the first option, the words name topics (quoted titles aside).
            first_option = next((i for i, w in enumerate(words) if w[0] in "-\"'"), len(words))
            slugs = words[:first_option]
            assert slugs or '"' in example, example
            for slug in slugs:
                assert slug in ids, (example, slug)


# What Typer writes of Python's types and of Click's ranges, which help must not show.
TYPE_NAMES = ("<list[", "<str>", "<int", "<path>", "<float", "<bool", "{", "x<=", "<=x")


@pytest.mark.parametrize("name", [*NAMES, None])
def test_help_names_values_never_types(mlpath, name):
    text = mlpath(*([name] if name else []), "--help").stdout
    shown = [word for word in TYPE_NAMES if word in text]
    assert not shown, text


@pytest.mark.parametrize(
    ("name", "usage"),
    [
        ("done", "Usage: mlpath done TOPIC... [--date DATE] [--link URL] [--json]"),
        ("note", "Usage: mlpath note TOPIC TEXT [--date DATE] [--json]"),
        ("import", "Usage: mlpath import FILE"),
        ("where", "Usage: mlpath where"),
        ("hours", "Usage: mlpath hours [--weeks N] [--entries] [--chart] [--json]"),
        ("export", "Usage: mlpath export [--format FORMAT] [--output FILE]"),
    ],
)
def test_a_usage_line_lists_the_arguments_and_options(mlpath, name, usage):
    assert mlpath(name, "--help").stdout.splitlines()[0] == usage


def test_a_long_usage_wraps_between_options_never_inside_one(mlpath):
    lines = mlpath("start", "--help").stdout.split("\n\n")[0].splitlines()
    assert len(lines) > 1
    indent = len("Usage: mlpath start ")
    assert all(line.startswith(" " * indent) and line[indent] == "[" for line in lines[1:])
    pieces = re.findall(r"\[[^]]*\]", " ".join(lines))
    assert "[--track TRACK]" in pieces and "[--skip-phase N]" in pieces, lines


def test_arguments_and_options_are_listed_by_the_values_they_take(mlpath):
    text = mlpath("done", "--help").stdout
    assert re.search(r"^  TOPIC\.\.\. +Topic ids or titles", text, re.M), text
    assert "[required]" not in text
    assert re.search(r"^  --date DATE +When", text, re.M), text
    assert re.search(r"^  --weeks N +How many weeks", mlpath("hours", "--help").stdout, re.M)
    shown = mlpath("next", "--help").stdout
    assert re.search(r"^  -n, --count N +How many\. \(default: 3\)$", shown, re.M), shown


def test_a_usage_error_shows_the_same_usage(mlpath):
    result = mlpath("done", code=2)
    assert "Usage: mlpath done TOPIC... [--date DATE] [--link URL]" in result.stderr
    assert "Missing argument 'TOPIC'" in result.stderr


def _sections(text: str) -> dict[str, list[str]]:
    """`mlpath --help`'s blocks by heading: `Track progress:` and the lines under it."""
    blocks = {}
    for block in text.split("\n\n"):
        heading, *lines = block.splitlines()
        if heading.endswith(":") and not heading.startswith(" "):
            blocks[heading[:-1]] = lines
    return blocks


def _summary(function: Callable[..., None]) -> str:
    first = (inspect.getdoc(function) or "").split("\n\n")[0]
    return " ".join(first.split())


def test_the_command_list_is_grouped_with_whole_descriptions(mlpath):
    sections = _sections(mlpath("--help").stdout)
    assert [h for h in sections if h not in ("Usage", "Options")] == list(GROUPS)
    for heading, commands in GROUPS.items():
        lines = sections[heading]
        # One line each at 80 columns (the test runner's width), nothing cut.
        assert len(lines) == len(commands), lines
        for line, (function, name) in zip(lines, commands, strict=True):
            command, description = line.split(maxsplit=1)
            assert command == (name or function.__name__)
            assert description == _summary(function)
            assert not line.endswith("..."), line
            assert len(line) <= 78, line


def test_the_readme_shows_the_grouped_command_list(mlpath):
    text = mlpath("--help").stdout
    listing = text[text.index(f"{next(iter(GROUPS))}:") :].split("\n\n  Run ")[0].rstrip()
    assert listing in README
