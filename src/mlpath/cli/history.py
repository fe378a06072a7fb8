"""Going back: `undo` and `history`."""

from __future__ import annotations

from typing import Annotated

import typer

from mlpath.cli import common


def undo(ctx: typer.Context, json: common.JsonFlag = False) -> None:
    """Undo the last change; run it again to go further back."""
    from mlpath import render
    from mlpath.render import history as view
    from mlpath.usecases import undo as use

    with common.writing(ctx) as (writer, _):
        done = use.undo(writer=writer)
    if json:
        render.print_json(view.undone_json(done.change, done.summary))
    else:
        view.undone(done.summary)


def show_history(
    ctx: typer.Context,
    limit: Annotated[
        int,
        typer.Option("--limit", metavar="N", callback=common.within(1, 10_000), help="How many."),
    ] = 20,
    json: common.JsonFlag = False,
) -> None:
    """List the latest changes, newest first."""
    from mlpath import render
    from mlpath.render import history as view

    reader, _ = common.snapshot(ctx)
    found = reader.changes(limit=limit)
    if json:
        render.print_json(view.changes_json(found))
    else:
        view.changes(found)
