"""The floor of mlpath's own stack: the least a Typer + Rich + sqlite3 command does.

A minimal Typer app with one typed option that reads a few rows from the database
named by MLPATH_DB with the standard library's sqlite3 and prints them in a Rich
table. benchmarks/run.py times mlpath's read commands against it: a read command
cannot be expected to start faster than this, and should not be much slower.

    MLPATH_DB=path/to/mlpath.db python benchmarks/floor_app.py --limit 10
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


@app.command()
def main(limit: int = typer.Option(10, help="How many topics to list.")) -> None:
    """List the first topics of the roadmap."""
    path = Path(os.environ["MLPATH_DB"]).resolve()
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT id, title, hours FROM topic ORDER BY position LIMIT ?", (limit,)
        ).fetchall()
    table = Table(title="Topics")
    table.add_column("Id")
    table.add_column("Title")
    table.add_column("Hours", justify="right")
    for topic_id, title, hours in rows:
        table.add_row(topic_id, title, f"{hours:g}")
    Console().print(table)


if __name__ == "__main__":
    app()
