"""Going back: `undo` and `history`."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.cli.app import app


@app.command()
def undo(ctx: typer.Context) -> None:
    """Undo the last change; run it again to go further back."""
    from mlpath import history, render

    with common.writing(ctx) as (session, _):
        undone = history.undo(session)
        summary = undone.summary
    render.undone(summary)


@app.command("history")
def show_history(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", min=1, max=10_000, help="How many.")
    ] = 20,
    json: common.JsonFlag = False,
) -> None:
    """List the latest changes, newest first."""
    from mlpath import queries, render

    conn, _ = common.snapshot(ctx)
    found = queries.changes(conn, limit=limit)
    if json:
        render.print_json(render.changes_json(found))
    else:
        render.changes(found)
