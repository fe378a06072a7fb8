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
    _guard_standard_streams()
    try:
        _run()
    except OSError as exc:
        # Output that fails before or after a command (`--version > /dev/full`);
        # within a command the boundary says it, knowing whether a change was saved.
        from mlpath.cli.app import output_failed

        if not output_failed(exc):
            raise
        _say_output_failed(exc)
    finally:
        gc.freeze()


def _guard_standard_streams() -> None:
    """Keep a closed stdin, stdout or stderr closed in effect, and safe.

    With file descriptor 1 closed, the next file opened (the database!) would take
    it, and anything printed would be written into it. Each closed one gets the null
    device; a closed stdout also makes every write fail, so the learner is told.
    """
    import os
    import sys

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # takes the lowest free descriptor: this one
            if fd == 1:
                sys.stdout = _ClosedOutput()
            elif fd == 2:
                sys.stderr = open(os.devnull, "w")  # noqa: SIM115, PTH123 - for the whole run


class _ClosedOutput:
    """sys.stdout when it was closed: writing fails as a closed descriptor does."""

    def write(self, _text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return 1

    encoding = "utf-8"


def _say_output_failed(exc: OSError) -> None:
    import os
    import sys

    try:  # noqa: SIM105 - contextlib is not loaded on this path
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
    try:  # noqa: SIM105 - contextlib is not loaded on this path
        sys.stderr.write(f"Error: the output could not be written ({exc.strerror})\n")
    except OSError:
        pass
    raise SystemExit(7)


def _run() -> None:
    import os

    if os.environ.get("_MLPATH_COMPLETE"):
        from mlpath.cli.completion import answer

        answered = answer(os.environ)
        if answered is not None:
            output, code = answered
            if output is not None:
                print(output)
            raise SystemExit(code)

    import sys

    from mlpath.cli.commands import app_for, entry_args

    args = sys.argv[1:]
    if not os.environ.get("_MLPATH_COMPLETE"):
        # A shell asking for completions passes its words in the environment instead.
        args = entry_args(args)
    app_for(args)(args=args, prog_name="mlpath")
