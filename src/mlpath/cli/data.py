"""Your data as files: `export` and `import`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlpath.cli import common
from mlpath.cli.app import app


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


@app.command()
def export(
    ctx: typer.Context,
    format: Annotated[
        Format, typer.Option("--format", help="json: everything; csv: the entries.")
    ] = Format.JSON,
    output: common.OutputOption = None,
) -> None:
    """Export your data: settings, progress, entries, breaks, journal and history."""
    import io
    import json

    from mlpath import render, transfer
    from mlpath.render import data as view

    conn, _ = common.snapshot(ctx)
    buffer = io.StringIO()
    if format is Format.JSON:
        json.dump(transfer.export_data(conn), buffer, indent=2, ensure_ascii=False)
        buffer.write("\n")
    else:
        transfer.write_entries_csv(conn, buffer)
    if output is None or common.is_stdout(output):
        render.raw(buffer.getvalue())
        return
    # Often written over the last export: a failed write must not destroy that one.
    common.write_output(ctx, output, buffer.getvalue().encode("utf-8"))
    view.exported(output, format.value)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON file made by `mlpath export`.")
    ],
) -> None:
    """Import an export: restore it into a new database, or merge it into yours."""
    from mlpath import clock, dbfile, importing, store, transfer
    from mlpath.errors import NotStarted
    from mlpath.paths import bundled_roadmap, sqlite_file
    from mlpath.render import data as view
    from mlpath.roadmap import load_roadmap

    checked = transfer.read_export(file)
    try:
        dbfile.open_reader(common.database_url(ctx)).close()
        started = True
    except NotStarted:
        started = False
    if started:
        with common.writing(ctx) as (session, _):
            result = importing.merge_into(session=session, data=checked.data, name=file.name)
    else:
        own = checked.data.settings.roadmap_file
        own_file = own if own and Path(own).is_file() else None
        roadmap = load_roadmap(Path(own_file) if own_file else bundled_roadmap())
        target = sqlite_file(common.database_url(ctx))
        existed = target is not None and target.exists()
        restored = False
        try:
            with store.writing(common.engine(ctx, create=True)) as session:
                result = importing.restore_into_new(
                    session=session,
                    data=checked.data,
                    roadmap=roadmap,
                    roadmap_file=own_file,
                    today=clock.today(),
                )
            restored = True
        finally:
            # A failed restore rolled back; a database file made for it alone goes too.
            if not restored and target is not None and not existed:
                target.unlink(missing_ok=True)
    view.imported(result, file)


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the database and say how to recover from what is found."""
    from mlpath import doctor
    from mlpath.errors import ExitCode
    from mlpath.paths import bundled_roadmap, check_database_file, peek_version, sqlite_file
    from mlpath.render import data as view

    path = sqlite_file(common.database_url(ctx))
    if path is None:
        from mlpath.errors import DatabaseError

        raise DatabaseError("doctor checks SQLite databases only")
    check_database_file(path)
    findings = doctor.examine(path, bundled_version=peek_version(bundled_roadmap()))
    view.findings(findings)
    if not all(f.ok for f in findings):
        raise typer.Exit(int(ExitCode.DATABASE))
