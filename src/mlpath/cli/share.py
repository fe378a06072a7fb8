"""A progress card to show others: `share`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from mlpath.cli import common


class CardFormat(StrEnum):
    MARKDOWN = "markdown"
    SVG = "svg"


def share(
    ctx: typer.Context,
    format: Annotated[
        CardFormat,
        typer.Option("--format", help="markdown: a table for GitHub; svg: a picture of status."),
    ] = CardFormat.MARKDOWN,
    output: common.OutputOption = None,
) -> None:
    """A progress card to share: phases, topics, hours, the finish.

    It shows each phase, the topics done, this month's hours and the projected finish;
    the Markdown card adds the projects done, with their links and the criteria met.
    """
    from mlpath import render
    from mlpath.render import data as view
    from mlpath.render import share as cards

    # As `status` has it, so the two agree.
    report, by_day, reader = common.status_report_and_reader(ctx)
    if format is CardFormat.MARKDOWN:
        from mlpath.usecases.portfolio import portfolio

        shown = portfolio(reader, report.snapshot)
        card = cards.markdown(report, hours_by_day=by_day, portfolio=shown)
    else:
        card = cards.svg(report)
    if output is None or common.is_stdout(output):
        render.raw(card)
        return
    common.write_output(ctx, output, card.encode("utf-8"))
    view.card_written(output, format.value)
