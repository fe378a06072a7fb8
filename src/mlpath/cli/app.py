"""The Typer application, its global options, and the one error boundary."""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, Any, NamedTuple, NoReturn

import typer
from typer.core import TyperGroup

from mlpath import __version__
from mlpath.errors import ExitCode, MlpathError
from mlpath.paths import DB_ENV_VAR, DB_OPTION, NO_PAGER_OPTION

# Usage errors are Click's to report (Typer vendors Click in recent versions, so
# the class is found through a public subclass rather than imported).
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


class _Boundary(TyperGroup):
    """Turns every error into one line on stderr and an exit code, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        words = list(ctx.args)  # the command's own words, before the command takes them
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not after exit
            return result
        except MlpathError as exc:
            _refuse(exc)
        except OSError as exc:
            if not output_failed(exc):
                raise_unexpected(exc, ctx)
            _refuse(_output_failure(exc, saved=bool(ctx.meta.get(SAVED))))
        except _ClickException as exc:
            word = _negative_hours(exc, words)
            if word is None:
                raise
            from mlpath.cli.parsing import negative_hours

            _refuse(negative_hours(word))
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            raise_unexpected(exc, ctx)
        finally:
            _tell_notices()

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands under their headings, each with its whole one-line description.

        Click cuts descriptions to fit (`...`) and lists one block; the headings are
        the commands' help panels (cli.commands.GROUPS), in the order first met.
        """
        groups: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            heading = getattr(command, "rich_help_panel", None) or "Commands"
            groups.setdefault(heading, []).append((name, command.get_short_help_str(limit=1000)))
        # One width for every group, so that the descriptions line up across headings.
        width = max((len(name) for rows in groups.values() for name, _ in rows), default=0)
        for heading, rows in groups.items():
            with formatter.section(heading):
                formatter.write_dl([(name.ljust(width), text) for name, text in rows])


SAVED = "mlpath.saved"  # ctx.meta: the command committed a change (cli.common sets it)

# What writing to a terminal, pipe or file fails with when the output has nowhere to go.
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT})


def output_failed(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS


def _output_failure(exc: OSError, *, saved: bool) -> MlpathError:
    """The output could not be written; say whether the change itself was kept."""
    from mlpath.errors import OutputFailed

    _silence_stdout()
    reason = exc.strerror or type(exc).__name__
    if saved:
        return OutputFailed(
            f"the change was saved, but its output could not be written ({reason})",
            hint="`mlpath history` shows it; do not repeat the command",
        )
    return OutputFailed(
        f"the output could not be written ({reason}); nothing was changed",
        hint="check where the output goes (a full disk, a closed pipe)",
    )


def _silence_stdout() -> None:
    # What is still buffered for stdout would fail again when Python exits and print
    # a traceback-like complaint; send it, and anything after, nowhere.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests capture output in memory)


def _tell_notices() -> None:
    from mlpath.storage import sqlite_file

    if not sqlite_file.NOTICES:
        return
    from mlpath import render

    while sqlite_file.NOTICES:
        render.notice(sqlite_file.NOTICES.pop(0))


def raise_unexpected(exc: Exception, ctx: Any) -> NoReturn:
    from mlpath import render

    if os.environ.get("MLPATH_DEBUG"):
        raise exc
    code, message, hint = _unexpected(exc, _url(ctx))
    render.error(message, hint)
    raise typer.Exit(int(code)) from None


def _refuse(exc: MlpathError) -> NoReturn:
    from mlpath import render

    render.error(exc.message, exc.hint)
    raise typer.Exit(int(exc.exit_code)) from None


def _negative_hours(exc: Exception, args: list[str]) -> str | None:
    """The word of `mlpath log -2` that Click took for an unknown option `-2`.

    It is hours typed with a minus (a correction, most likely), so it gets what
    `log` says of negative hours rather than "No such option".
    """
    name = getattr(exc, "option_name", "")
    command = getattr(getattr(exc, "ctx", None), "command", None)
    if type(exc).__name__ != "NoSuchOption" or getattr(command, "name", None) != "log":
        return None
    if not (name[:1] == "-" and name[1:2].isdigit()):
        return None
    return next((a for a in args if a.startswith(name)), name)


def _url(ctx: Any) -> str:
    from mlpath.paths import database_url

    options = ctx.find_object(Options)
    return database_url(options.db if options else None)


def _unexpected(exc: Exception, url: str) -> tuple[ExitCode, str, str]:
    from mlpath.storage import failures

    if failures.is_engine_error(exc):
        known = failures.describe(exc, failures.shown(url), url)
        return known.exit_code, known.message, known.hint or ""
    text = (str(exc).splitlines() or [type(exc).__name__])[0]
    return (
        ExitCode.INTERNAL,
        f"unexpected {type(exc).__name__}: {text}",
        "this is a bug in mlpath; rerun with MLPATH_DEBUG=1 for details",
    )


app = typer.Typer(
    cls=_Boundary,
    name="mlpath",
    help="Track your way through a 12-18 month machine-learning roadmap.",
    epilog="Run `mlpath help COMMAND` for a command's options and examples.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Options(NamedTuple):
    db: str | None
    learner: str | None = None
    pager: bool = True  # False: --no-pager


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlpath {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            DB_OPTION,
            metavar="PATH",
            envvar=DB_ENV_VAR,
            help="Database file (default: your platform's data folder). Also MLPATH_DB.",
            show_envvar=False,
        ),
    ] = None,
    learner: Annotated[
        str | None,
        typer.Option(
            "--learner",
            metavar="NAME",
            envvar="MLPATH_LEARNER",
            help="Whose data, in a PostgreSQL database several learners share (default: "
            "your database role). Also MLPATH_LEARNER.",
            show_envvar=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            NO_PAGER_OPTION,
            help="Print long output straight, without the pager (also MLPATH_PAGER=).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Options(db=db, learner=learner or None, pager=not no_pager)


def url_of_command(ctx: typer.Context) -> str:
    """The database URL this command runs on (--db, else MLPATH_DB, else the default)."""
    from mlpath.paths import database_url as url_of

    options = ctx.find_object(Options)
    return url_of(options.db if options else None)


def learner_of_command(ctx: typer.Context) -> str | None:
    """The learner this command is for (--learner, else MLPATH_LEARNER), None: the default."""
    from mlpath.storage.learners import check_name

    options = ctx.find_object(Options)
    name = options.learner if options else None
    return check_name(name) if name is not None else None
