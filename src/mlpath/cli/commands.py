"""The Typer app with every command registered, in the order `mlpath --help` lists them."""

from __future__ import annotations

import copy

import typer

# isort: off
from mlpath.cli import setup, topics, hours, calendar, breaks, overview, history, data  # noqa: F401
from mlpath.cli import share  # noqa: F401

# isort: on
from mlpath.cli.app import app
from mlpath.paths import DB_OPTION

__all__ = ["app", "app_for"]


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: `app` holding only the command they name.

    Typer builds the Click object of every registered command on each run (about
    25 ms for all of mlpath's), while a run needs only its own. Whatever does not
    plainly name a command (help, --version, completion, a typo) gets the whole app.
    """
    words = iter(args)
    for word in words:
        if word == DB_OPTION:
            next(words, None)
        elif not word.startswith(DB_OPTION + "="):
            break
    else:
        return app
    chosen = [c for c in app.registered_commands if _name(c) == word]
    if word.startswith("-") or len(chosen) != 1:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def _name(command: typer.models.CommandInfo) -> str:
    assert command.callback is not None  # every command is registered with its function
    return command.name or typer.main.get_command_name(command.callback.__name__)
