"""A database several learners share: the mentor's `cohort` view and `admin` set-up."""

from __future__ import annotations

from contextlib import closing
from enum import StrEnum
from typing import Annotated

import typer

from mlpath.cli import common


def cohort(ctx: typer.Context, json: common.JsonFlag = False) -> None:
    """Every learner's progress at a glance, for a mentor."""
    from mlpath import clock, render
    from mlpath.paths import is_postgres
    from mlpath.render import group as view
    from mlpath.storage.reads import open_reader
    from mlpath.usecases import cohort as group

    url = common.url_of_command(ctx)
    if not is_postgres(url):
        raise group.needs_server()
    with closing(open_reader(url, learner=common.learner_of_command(ctx))) as reader:
        rows = group.cohort(reader=reader, today=clock.today())
    if json:
        render.print_json(view.cohort_json(rows))
    else:
        view.cohort(rows, today=clock.today())


class Action(StrEnum):
    INIT_ROLES = "init-roles"


def admin(
    ctx: typer.Context,
    action: Annotated[
        Action,
        typer.Argument(
            metavar="ACTION",
            help="init-roles: load the roadmap and set up the learner and mentor roles "
            "with row-level security (run by the role that owns the schema).",
        ),
    ],
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the access rules' SQL instead of running it.")
    ] = False,
) -> None:
    """Set up a shared PostgreSQL database: roles and access rules."""
    from mlpath import render
    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap, is_postgres
    from mlpath.render import group as view
    from mlpath.usecases import admin as shared

    if sql:
        render.raw("\n".join(f"{line};" for line in shared.access_sql()) + "\n")
        return
    url = common.url_of_command(ctx)
    if not is_postgres(url):
        raise shared.needs_server()
    with common.transaction(ctx, create=True) as writer:
        result = shared.init_roles(writer=writer, roadmap=load_roadmap(bundled_roadmap()))
    view.roles_ready(result, common.location(ctx))
