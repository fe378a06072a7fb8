"""mlpath's command line: thin commands that parse, call the domain, and render."""

from __future__ import annotations

# isort: off
# Imported for their commands, in the order `mlpath --help` lists them.
from mlpath.cli import setup, topics, hours, calendar, breaks, overview, history, data  # noqa: F401
from mlpath.cli import share  # noqa: F401

# isort: on
from mlpath.cli.app import app


def main() -> None:
    app(prog_name="mlpath")
