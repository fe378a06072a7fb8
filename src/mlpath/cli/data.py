"""Your data as files: `export` and `import`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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

    from mlpath import render, safetext
    from mlpath.formats import export_file
    from mlpath.render import data as view

    conn, _ = common.snapshot(ctx)
    buffer = io.StringIO()
    if format is Format.JSON:
        data = export_file.export_data(conn)
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if safetext.json_may_hold(text):
            # Control characters that older data holds, made visible: import refuses them.
            text = json.dumps(safetext.neutralised(data), indent=2, ensure_ascii=False)
        buffer.write(text + "\n")
    else:
        export_file.write_entries_csv(conn, buffer)
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
    from mlpath import clock
    from mlpath.formats import export_file
    from mlpath.render import data as view
    from mlpath.usecases import exchange

    checked = export_file.read_export(file, today=clock.today())
    if _started(ctx):
        with common.writing(ctx) as (session, _):
            result = exchange.merge_into(session=session, data=checked.data, name=file.name)
    else:
        result = _restore(ctx, checked)
    view.imported(result, file)


def _started(ctx: typer.Context) -> bool:
    from contextlib import closing

    from mlpath.errors import NotStarted
    from mlpath.storage import reads, sqlite_file

    try:
        with closing(sqlite_file.open_reader(common.database_url(ctx))) as conn:
            reads.load_snapshot(conn)
    except NotStarted:
        return False  # no file, an empty one, or one a killed restore left half made
    return True


def _restore(ctx: typer.Context, checked: Any) -> Any:
    """Restore an export into a database not started yet.

    The database is built whole under a temporary name beside the target and takes
    its name only once complete: a restore that is killed leaves the target as it
    was, and running the import again restores it.
    """
    from mlpath import clock
    from mlpath.formats.roadmap_file import load_roadmap
    from mlpath.paths import bundled_roadmap, database_url, sqlite_path
    from mlpath.storage import database, sqlite_file
    from mlpath.usecases import exchange

    own = checked.data.settings.roadmap_file
    own_file = own if own and Path(own).is_file() else None
    roadmap = load_roadmap(Path(own_file) if own_file else bundled_roadmap())

    def restore_in(url: str) -> Any:
        with database.transaction(url, create=True) as session:
            return exchange.restore_into_new(
                session=session,
                data=checked.data,
                roadmap=roadmap,
                roadmap_file=own_file,
                today=clock.today(),
            )

    target = sqlite_path(common.database_url(ctx))
    if target is None:  # another engine: its own transaction is all-or-nothing
        result = restore_in(common.database_url(ctx))
    else:
        building = sqlite_file.building_copy(target)
        try:
            result = restore_in(database_url(str(building)))
            sqlite_file.put_in_place(building, target)
        finally:
            sqlite_file.discard(building)
    ctx.find_root().meta[common.SAVED] = True
    return result


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the database and say how to recover from what is found."""
    from mlpath.errors import ExitCode
    from mlpath.paths import bundled_roadmap, check_database_file, peek_version, sqlite_path
    from mlpath.render import data as view
    from mlpath.storage import doctor

    path = sqlite_path(common.database_url(ctx))
    if path is None:
        from mlpath.errors import DatabaseError

        raise DatabaseError("doctor checks SQLite databases only")
    check_database_file(path)
    findings = doctor.examine(path, bundled_version=peek_version(bundled_roadmap()))
    view.findings(findings)
    if not all(f.ok for f in findings):
        raise typer.Exit(int(ExitCode.DATABASE))
