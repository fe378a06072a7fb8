"""The Typer app with every command registered, in the order `mlpath --help` lists them."""

from __future__ import annotations

import copy
from collections.abc import Callable

import typer

from mlpath.cli import breaks, calendar, data, history, hours, overview, setup, share, topics
from mlpath.cli.app import app
from mlpath.paths import DB_OPTION

# Every command, in the order `mlpath --help` lists them: (function, name if it is not
# the function's own).
COMMANDS: list[tuple[Callable[..., None], str | None]] = [
    (setup.start, None),
    (setup.where, None),
    (topics.done, None),
    (topics.note, None),
    (topics.doing, None),
    (topics.undone, None),
    (topics.skip, None),
    (topics.list_topics, "topics"),
    (topics.show, None),
    (topics.find, None),
    (topics.next_topics, "next"),
    (hours.log, None),
    (hours.hours_report, "hours"),
    (calendar.calendar, None),
    (breaks.plan_break, "break"),
    (overview.status, None),
    (overview.plan, None),
    (history.undo, None),
    (history.show_history, "history"),
    (data.export, None),
    (data.import_, "import"),
    (data.doctor, None),
    (share.share, None),
]
# Commands whose help needs more than their docstring.
CLASSES: dict[Callable[..., None], type[typer.core.TyperCommand]] = {
    overview.plan: overview.PlanCommand
}
for function, name in COMMANDS:
    app.command(name, cls=CLASSES.get(function))(function)

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
