"""The Typer app with every command registered, in the order `mlpath --help` lists them."""

from __future__ import annotations

import copy
from collections.abc import Callable

import typer

from mlpath.cli import (
    breaks,
    calendar,
    data,
    history,
    home,
    hours,
    overview,
    reviews,
    setup,
    share,
    topics,
)
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
    (reviews.review, None),
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
# Two or three examples for each command's --help, as `gh` shows them.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "start": (
        "mlpath start --date 2026-03-02 --hours 25",
        "mlpath start --track cv --skip-phase 0",
        "mlpath start --hours 20   # from today on; earlier weeks keep their targets",
    ),
    "where": ("mlpath where", "mlpath --db ~/other.db where"),
    "done": (
        'mlpath done "linear algebra" numpy',
        "mlpath done linear-algebra --date yesterday --link https://github.com/me/la",
    ),
    "note": ('mlpath note linear-algebra "eigenvectors finally clicked"',),
    "doing": ("mlpath doing linear-algebra", "mlpath doing numpy --date monday"),
    "undone": ("mlpath undone numpy",),
    "skip": ("mlpath skip git-version-control", "mlpath skip sql clean-python-code"),
    "topics": ("mlpath topics --phase 1", "mlpath topics --todo", "mlpath topics --json"),
    "show": ("mlpath show linear-algebra", "mlpath show transformers-attention --json"),
    "find": ("mlpath find attention", "mlpath find gradient descent"),
    "next": ("mlpath next", "mlpath next -n 5"),
    "review": (
        "mlpath review   # what is due, most overdue first",
        "mlpath review linear-algebra",
        "mlpath review numpy --rating good --hours 20m",
        "mlpath review --off git-version-control",
    ),
    "log": (
        "mlpath log 1.5 --topic numpy",
        'mlpath log 1h30m --date yesterday --note "broadcasting"',
        "mlpath log --edit 17 2",
    ),
    "hours": ("mlpath hours", "mlpath hours --chart --weeks 26", "mlpath hours --entries"),
    "calendar": ("mlpath calendar", "mlpath calendar --year 2026"),
    "break": (
        'mlpath break --from 2026-12-20 --to 2027-01-03 --note "holidays"',
        "mlpath break --delete 2",
    ),
    "status": ("mlpath status", "mlpath status --json"),
    "plan": ("mlpath plan", "mlpath plan --hours 25", "mlpath plan --by 2027-12-31"),
    "undo": ("mlpath undo", "mlpath history   # what undo would take back"),
    "history": ("mlpath history", "mlpath history --limit 50 --json"),
    "export": ("mlpath export -o backup.json", "mlpath export --format csv -o hours.csv"),
    "import": ("mlpath import backup.json", "mlpath --db ~/new.db import backup.json"),
    "doctor": ("mlpath doctor",),
    "share": ("mlpath share", "mlpath share --format svg -o progress.svg"),
}


def _epilog(name: str) -> str:
    # \b keeps Click from re-wrapping the lines into one paragraph.
    return "\b\nExamples:\n" + "\n".join(f"  $ {line}" for line in EXAMPLES[name])


# Commands whose help needs more than their docstring.
CLASSES: dict[Callable[..., None], type[typer.core.TyperCommand]] = {
    overview.plan: overview.PlanCommand
}
for function, name in COMMANDS:
    command = name or function.__name__
    app.command(name, cls=CLASSES.get(function), epilog=_epilog(command))(function)
# What `mlpath` alone runs: not listed, as `git` lists no command for `git` alone.
HOME = "home"
app.command(HOME, hidden=True)(home.home)


def entry_args(args: list[str]) -> list[str]:
    """The command line as the app takes it: `mlpath` (or `mlpath --db X`) alone runs the
    home view, and `mlpath help [COMMAND]` is `mlpath [COMMAND] --help`."""
    at = _command_index(args)
    if at == len(args):
        return [*args, HOME]
    if args[at] == "help":
        return [*args[:at], *args[at + 1 : at + 2], "--help"]
    return args


def _command_index(args: list[str]) -> int:
    """Where the command's name is: after the --db option and its value, if given."""
    at = 0
    while at < len(args):
        if args[at] == DB_OPTION:
            at += 2
        elif args[at].startswith(DB_OPTION + "="):
            at += 1
        else:
            return at
    return len(args)


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
