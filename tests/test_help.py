"""Every command's help: a description, examples that name real topics, and a place
in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlpath.cli.commands import COMMANDS, EXAMPLES

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
