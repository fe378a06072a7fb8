"""What `mlpath` alone shows: where you stand, or, before `start`, what to run first."""

from __future__ import annotations

import typer


def home(ctx: typer.Context) -> None:
    """Your status, or what to run first (what `mlpath` with no command shows)."""
    from mlpath.cli import overview
    from mlpath.errors import NotStarted

    try:
        overview.status(ctx)
    except NotStarted as exc:
        from mlpath.render import setup as view

        view.not_started_yet(exc.location)
