"""The Typer app with every command registered, in the order `mlpath --help` lists them."""

from __future__ import annotations

import copy
from collections.abc import Callable

import typer

from mlpath.cli import (
    breaks,
    calendar,
    data,
    group,
    history,
    home,
    hours,
    overview,
    papers,
    portfolio,
    reviews,
    setup,
    share,
    timer,
    topics,
)
from mlpath.cli.app import app
from mlpath.cli.base import Command
from mlpath.paths import DB_OPTION, NO_PAGER_OPTION

# Every command under its heading in `mlpath --help`, as `gh` and `git` group theirs, in
# the order listed: (function, name if it is not the function's own).
GROUPS: dict[str, list[tuple[Callable[..., None], str | None]]] = {
    "Track progress": [
        (overview.status, None),
        (topics.next_topics, "next"),
        (reviews.review, None),
        (topics.done, None),
        (topics.doing, None),
        (topics.undone, None),
        (topics.skip, None),
        (topics.note, None),
        (portfolio.portfolio, None),
    ],
    "Study time": [
        (hours.log, None),
        (timer.timer, None),
        (hours.hours_report, "hours"),
        (calendar.calendar, None),
    ],
    "Reading papers": [
        (papers.paper, None),
        (papers.papers, None),
    ],
    "Planning": [
        (setup.start, None),
        (overview.plan, None),
        (topics.estimate, None),
        (breaks.plan_break, "break"),
    ],
    "Explore the roadmap": [
        (topics.list_topics, "topics"),
        (topics.show, None),
        (topics.find, None),
    ],
    "Your data": [
        (history.show_history, "history"),
        (history.undo, None),
        (data.export, None),
        (data.import_, "import"),
        (data.doctor, None),
        (share.share, None),
        (setup.where, None),
    ],
    "A study group (PostgreSQL)": [
        (group.cohort, None),
        (group.admin, None),
    ],
}
COMMANDS: list[tuple[Callable[..., None], str | None]] = [
    command for commands in GROUPS.values() for command in commands
]
# Two or three examples for each command's --help, as `gh` shows them.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "cohort": (
        "mlpath --db postgresql://mia@db.example.org/ml cohort",
        "mlpath cohort --json",
    ),
    "admin": (
        "mlpath --db postgresql://mlpath_owner@db.example.org/ml admin init-roles",
        "mlpath admin init-roles --sql   # the SQL it runs, for a database administrator",
    ),
    "start": (
        "mlpath start --date 2026-03-02 --hours 25",
        "mlpath start --track cv --skip-phase 0",
        "mlpath start --background software-engineer   # compresses phases 0-2",
        "mlpath start --hours 20   # from today on; earlier weeks keep their targets",
    ),
    "where": ("mlpath where", "mlpath --db ~/other.db where"),
    "estimate": (
        "mlpath estimate linear-algebra 100   # the plan counts 100 h for it",
        "mlpath estimate linear-algebra --clear",
    ),
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
        "mlpath log 2 --practice   # coding it up; --theory for reading and lectures",
    ),
    "timer": (
        "mlpath timer start numpy --practice",
        'mlpath timer stop --note "broadcasting"   # logs the time, one entry a day',
        "mlpath timer stop --at 18:30   # forgot to stop it: logs up to 18:30",
    ),
    "hours": ("mlpath hours", "mlpath hours --chart --weeks 26", "mlpath hours --entries"),
    "calendar": ("mlpath calendar", "mlpath calendar --year 2026"),
    "paper": (
        'mlpath paper add "Attention Is All You Need" --url https://arxiv.org/abs/1706.03762',
        "mlpath paper read 3 --hours 2   # logged as theory on the paper's topic",
        "mlpath paper read 3 --reproduced   # you ran its code",
        'mlpath paper note 3 "attention is a soft lookup"',
    ),
    "papers": ("mlpath papers", "mlpath papers --unread", "mlpath papers --json"),
    "break": (
        'mlpath break --from 2026-12-20 --to 2027-01-03 --note "holidays"',
        "mlpath break --delete 2",
    ),
    "status": ("mlpath status", "mlpath status --json"),
    "portfolio": (
        "mlpath portfolio",
        "mlpath portfolio check project-nlp rigorous-evaluation",
        "mlpath portfolio check project-nlp real-problem --uncheck",
    ),
    "plan": ("mlpath plan", "mlpath plan --hours 25", "mlpath plan --by 2027-12-31"),
    "undo": ("mlpath undo", "mlpath history   # what undo would take back"),
    "history": ("mlpath history", "mlpath history --limit 50 --json"),
    "export": ("mlpath export -o backup.json", "mlpath export --format csv -o hours.csv"),
    "import": ("mlpath import backup.json", "mlpath --db ~/new.db import backup.json"),
    "doctor": ("mlpath doctor", "mlpath doctor --json"),
    "share": ("mlpath share", "mlpath share --format svg -o progress.svg"),
}


def _epilog(name: str) -> str:
    # \b keeps Click from re-wrapping the lines into one paragraph.
    return "\b\nExamples:\n" + "\n".join(f"  $ {line}" for line in EXAMPLES[name])


# Commands whose help needs more than their docstring.
CLASSES: dict[Callable[..., None], type[Command]] = {overview.plan: overview.PlanCommand}
for heading, commands in GROUPS.items():
    for function, name in commands:
        app.command(
            name,
            cls=CLASSES.get(function, Command),
            epilog=_epilog(name or function.__name__),
            rich_help_panel=heading,
        )(function)
# What `mlpath` alone runs: not listed, as `git` lists no command for `git` alone.
HOME = "home"
app.command(HOME, cls=Command, hidden=True)(home.home)


def entry_args(args: list[str]) -> list[str]:
    """The command line as the app takes it: `mlpath` (or `mlpath --db X`, `mlpath
    --no-pager`) alone runs the home view, and `mlpath help [COMMAND]` is `mlpath
    [COMMAND] --help`."""
    at = _command_index(args)
    if at == len(args):
        return [*args, HOME]
    if args[at] == "help":
        return [*args[:at], *args[at + 1 : at + 2], "--help"]
    return args


def _command_index(args: list[str]) -> int:
    """Where the command's name is: after the --db option and its value, and after
    --no-pager, if given."""
    at = 0
    while at < len(args):
        if args[at] == DB_OPTION:
            at += 2
        elif args[at].startswith(DB_OPTION + "=") or args[at] == NO_PAGER_OPTION:
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
    at = _command_index(args)
    if at >= len(args):
        return app
    word = args[at]
    chosen = [c for c in app.registered_commands if _name(c) == word]
    if word.startswith("-") or len(chosen) != 1:
        return app
    single = copy.copy(app)
    single.registered_commands = chosen
    return single


def _name(command: typer.models.CommandInfo) -> str:
    assert command.callback is not None  # every command is registered with its function
    return command.name or typer.main.get_command_name(command.callback.__name__)
