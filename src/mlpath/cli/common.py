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
    """The learner's data, after bringing in a newer bundled roadmap if mlpath has one."""
    from mlpath import store, tracker
    from mlpath.errors import NotStarted

    db = engine(ctx)
    with store.reading(db) as session:
        try:
            current = tracker.load_snapshot(session)
        except NotStarted:
            raise NotStarted(location(ctx)) from None
    if current.roadmap_file is None and _refresh_bundled(db, current):
        with store.reading(db) as session:
            current = tracker.load_snapshot(session)
    return db, current


def _refresh_bundled(db: Engine, current: Snapshot) -> bool:
    from mlpath.paths import bundled_roadmap
    from mlpath.roadmap import peek_version

    bundled = bundled_roadmap()
    version = peek_version(bundled)
    if version is None or version == current.roadmap_version:
        return False
    from sqlalchemy.exc import OperationalError

    from mlpath import clock, render, store, tracker
    from mlpath.roadmap import load_roadmap

    try:
        with store.writing(db) as session:
            result = tracker.start(
                session=session,
                roadmap=load_roadmap(bundled),
                roadmap_file=None,
                today=clock.today(),
            )
    except OperationalError:
        # A read-only database still reads; the refresh waits for a writable one.
        return False
    render.roadmap_refreshed(current.roadmap_version, result)
    return True
