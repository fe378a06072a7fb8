"""What several commands share: opening the database, reading the snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mlpath.cli.app import database_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from mlpath.tracker import Snapshot

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def engine(ctx: typer.Context, *, create: bool = False) -> Engine:
    from mlpath.store import open_engine

    return open_engine(database_url(ctx), create=create)


def location(ctx: typer.Context) -> str:
    from mlpath.paths import sqlite_file

    url = database_url(ctx)
    return str(sqlite_file(url) or url)


def snapshot(ctx: typer.Context) -> tuple[Engine, Snapshot]:
    from mlpath import store, tracker
    from mlpath.errors import NotStarted

    db = engine(ctx)
    with store.reading(db) as session:
        try:
            return db, tracker.load_snapshot(session)
        except NotStarted:
            raise NotStarted(location(ctx)) from None
