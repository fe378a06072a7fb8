"""mlpath's command line: thin commands that parse, call the domain, and render."""

from __future__ import annotations

# Imported for their commands, in the order `mlpath --help` lists them.
from mlpath.cli import hours, overview, setup, topics  # noqa: F401, I001
from mlpath.cli.app import app


def main() -> None:
    app(prog_name="mlpath")
