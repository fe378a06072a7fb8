"""mlpath's command line: thin commands that parse, call the domain, and render.

This package stays light to import: `main` first answers shell completion of topic
names (every Tab runs the program), and only then loads Typer and the commands
(mlpath.cli.commands). The whole run goes without the cyclic garbage collector.
"""

from __future__ import annotations


def main() -> None:
    import gc

    # A command lives for well under a second, yet importing Typer, SQLAlchemy and
    # pydantic leaves some 60,000 container objects that are never garbage. The
    # cyclic collector walks them again each time the heap grows by a quarter, and
    # once more at exit: without that, a write takes a quarter less time and a read
    # a sixth less (medians of 21 pairs, docs/benchmarks.md). Commands make
    # next to no cyclic garbage (a merge of 200,000 entries peaks at the same
    # memory without the collector), so it stays off; at exit the heap is frozen
    # out of the final collection and the OS frees it whole.
    gc.disable()
    try:
        _run()
    finally:
        gc.freeze()


def _run() -> None:
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
