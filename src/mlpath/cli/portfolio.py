"""The portfolio: `portfolio` lists the projects, `portfolio check` records a criterion."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from mlpath.cli import common


class Action(StrEnum):
    CHECK = "check"


def portfolio(
    ctx: typer.Context,
    action: Annotated[
        Action | None,
        typer.Argument(
            metavar="ACTION",
            help="check PROJECT CRITERION: record that a project meets a criterion "
            "(--uncheck takes it back); none: list your projects.",
            show_default=False,
        ),
    ] = None,
    project: Annotated[
        str | None,
        typer.Argument(
            metavar="PROJECT",
            help="A project topic's id or title.",
            autocompletion=common.complete_topic,
            show_default=False,
        ),
    ] = None,
    criterion: Annotated[
        str | None,
        typer.Argument(
            metavar="CRITERION",
            help="A criterion's id or title (mlpath portfolio lists them).",
            show_default=False,
        ),
    ] = None,
    uncheck: Annotated[
        bool, typer.Option("--uncheck", help="With check: the project no longer meets it.")
    ] = False,
    when: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="With check: since when (default today)."),
    ] = None,
    json: common.JsonFlag = False,
) -> None:
    """Your projects and the criteria of a strong project each meets."""
    from mlpath import clock, render
    from mlpath.errors import InvalidInput
    from mlpath.render import portfolio as view
    from mlpath.usecases import portfolio as use

    if action is None:
        if project is not None or uncheck or when is not None:
            raise InvalidInput(
                "PROJECT, CRITERION, --uncheck and --date go with `portfolio check`",
                hint="mlpath portfolio check project-nlp rigorous-evaluation",
            )
        reader, snapshot = common.snapshot(ctx)
        found = use.portfolio(reader, snapshot)
        if json:
            render.print_json(view.portfolio_json(found))
        else:
            view.portfolio(found)
        return
    if project is None or criterion is None:
        raise InvalidInput(
            "`portfolio check` takes a PROJECT and a CRITERION",
            hint="mlpath portfolio check project-nlp rigorous-evaluation",
        )
    from mlpath.cli.parsing import parse_past_date

    today = clock.today()
    on = parse_past_date(when, today=today) if when is not None else today
    with common.writing(ctx) as (writer, snapshot):
        done = use.check(
            writer=writer,
            snapshot=snapshot,
            project_query=project,
            criterion_query=criterion,
            on=on,
            uncheck=uncheck,
        )
    if json:
        render.print_json(view.checked_json(done))
    else:
        view.checked(done)
