"""A progress card to show others: `share`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.cli.app import app


class CardFormat(StrEnum):
    MARKDOWN = "markdown"
    SVG = "svg"


@app.command()
def share(
    ctx: typer.Context,
    format: Annotated[
        CardFormat,
        typer.Option("--format", help="markdown: a table for GitHub; svg: a picture of status."),
    ] = CardFormat.MARKDOWN,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")
    ] = None,
) -> None:
    """A progress card to share: phases, topics done, this month's hours, the finish."""
    from mlpath import clock, queries, render, reports, weekly
    from mlpath import share as cards

    conn, snapshot = common.snapshot(ctx)
    entries = queries.hours_by_day_and_topic(conn)
    by_day = weekly.daily_totals(entries)
    report = reports.status_report(
        snapshot,
        hours_by_day=by_day,
        entries=entries,
        today=clock.today(),
        breaks=queries.breaks(conn),  # as `status` does, so the two agree on the finish
    )
    if format is CardFormat.MARKDOWN:
        card = cards.markdown(report, hours_by_day=by_day)
    else:
        card = cards.svg(report)
    if output is None:
        render.raw(card)
        return
    from mlpath.outfile import write_atomic

    write_atomic(output, card.encode("utf-8"))
    render.card_written(output, format.value)
