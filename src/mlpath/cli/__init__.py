"""mlpath's command line: thin commands that parse, call the domain, and render.

This package stays light to import: `main` first answers shell completion of topic
names (every Tab runs the program), and only then loads Typer and the commands
(mlpath.cli.commands).
"""

from __future__ import annotations


def main() -> None:
    import os

    if os.environ.get("_MLPATH_COMPLETE"):
        from mlpath.completion import answer

        answered = answer(os.environ)
        if answered is not None:
            output, code = answered
            if output is not None:
                print(output)
            raise SystemExit(code)

    import sys

    from mlpath.cli.commands import app_for

    app_for(sys.argv[1:])(prog_name="mlpath")
