"""The Typer app with every command registered, in the order `mlpath --help` lists them."""

from __future__ import annotations

# isort: off
from mlpath.cli import setup, topics, hours, calendar, breaks, overview, history, data  # noqa: F401
from mlpath.cli import share  # noqa: F401

# isort: on
from mlpath.cli.app import app

__all__ = ["app"]
