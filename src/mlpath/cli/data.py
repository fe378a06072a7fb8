"""Your data as files: `export` and `import`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mlpath.cli import common


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


def export(
    ctx: typer.Context,
    format: Annotated[
        Format, typer.Option("--format", help="json: everything; csv: the entries.")
    ] = Format.JSON,
    output: common.OutputOption = None,
) -> None:
    """Export settings, progress, entries, breaks, journal and history."""
    import io
    import json

    from mlpath import render, safetext
    from mlpath.formats import export_file
    from mlpath.render import data as view

    reader, _ = common.snapshot(ctx)
    buffer = io.StringIO()
    if format is Format.JSON:
        data = export_file.export_data(reader)
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if safetext.json_may_hold(text):
            # Control characters that older data holds, made visible: import refuses them.
            text = json.dumps(safetext.neutralised(data), indent=2, ensure_ascii=False)
        buffer.write(text + "\n")
    else:
        export_file.write_entries_csv(reader, buffer)
    if output is None or common.is_stdout(output):
        render.raw(buffer.getvalue())
        return
    # Often written over the last export: a failed write must not destroy that one.
    common.write_output(ctx, output, buffer.getvalue().encode("utf-8"))
    view.exported(output, format.value)


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A JSON file made by `mlpath export`.")
    ],
) -> None:
    """Import an export into a new database, or merge it into yours."""
    from mlpath import clock
    from mlpath.formats import export_file
    from mlpath.render import data as view
    from mlpath.usecases import exchange

    checked = export_file.read_export(file, today=clock.today())
    result, refreshed = exchange.import_export(
        database=common.database(ctx), data=checked.data, name=file.name, today=clock.today()
    )
    ctx.find_root().meta[common.SAVED] = True
    if refreshed is not None:
        from mlpath.render import setup

        setup.roadmap_refreshed(refreshed.before, refreshed.result)
    view.imported(result, file)


def doctor(ctx: typer.Context, json: common.JsonFlag = False) -> None:
    """Check the database and say how to recover from what is found."""
    from mlpath import render
    from mlpath.errors import ExitCode
    from mlpath.paths import bundled_roadmap, check_database_file, peek_version, sqlite_path
    from mlpath.render import data as view
    from mlpath.storage import doctor

    url = common.url_of_command(ctx)
    bundled = peek_version(bundled_roadmap())
    path = sqlite_path(url)
    if path is None:
        findings = doctor.examine_server(url, bundled_version=bundled)
    else:
        check_database_file(path)
        findings = doctor.examine(path, bundled_version=bundled)
    if json:
        render.print_json(view.findings_json(findings))
    else:
        view.findings(findings)
    if not all(f.ok for f in findings):
        raise typer.Exit(int(ExitCode.DATABASE))
