"""Shell completion of topic names: the fast path answers exactly as Typer does.

mlpath.cli.completion answers a completion request before Typer is imported; every
answer it gives is compared here with the answer Typer itself gives to the same
request (the Typer app run directly, without main's fast path), for bash, zsh and
fish. What it does not answer falls through to Typer.
"""

from __future__ import annotations

import inspect
import sqlite3
import typing

import pytest
import typer

from mlpath.cli import common, completion
from mlpath.cli.commands import app
from mlpath.paths import DB_OPTION

SHELLS = ("bash", "zsh", "fish")


def _request(shell: str, line: str, **extra: str) -> dict[str, str]:
    """The environment a shell's completion script sets for `line` (cursor at its end)."""
    env = {"_MLPATH_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split()
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - (not line.endswith(" ")))}
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env | extra


_PROTOCOL = (
    "_MLPATH_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_FISH_ACTION",
)


def _typer_answer(env: dict[str, str], monkeypatch, capsys) -> tuple[str | None, int]:
    """What Typer itself prints for the request, and its exit code."""
    for name in _PROTOCOL:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        app(prog_name="mlpath")
    out = capsys.readouterr().out
    return (out.removesuffix("\n") if out else None), exited.value.code or 0


def _fast_answer(env: dict[str, str], monkeypatch) -> tuple[str | None, int] | None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import os

    return completion.answer(os.environ)


TOPIC_REQUESTS = [
    "mlpath done lin",
    "mlpath done ",
    "mlpath done numpy lin",
    "mlpath done --date yesterday st",
    "mlpath done --link https://example.org s",
    "mlpath doing --date 2026-11-03 p",
    "mlpath undone lin",
    "mlpath skip numpy ",
    "mlpath show lin",
    "mlpath show --json lin",
    "mlpath note s",
    "mlpath note --date yesterday s",
    "mlpath log --topic lin",
    "mlpath log 2 --note x --topic ",
    "mlpath done Lin",  # no id starts with it: Typer keeps no title match
    "mlpath done algebra",
    "mlpath done zzz",
]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("line", TOPIC_REQUESTS)
def test_the_fast_path_answers_topic_requests_as_typer_does(
    started, shell, line, monkeypatch, capsys
):
    env = _request(shell, line)
    fast = _fast_answer(env, monkeypatch)
    assert fast is not None, "the fast path should answer this request"
    assert fast == _typer_answer(env, monkeypatch, capsys)


def test_the_requests_are_not_empty(started, monkeypatch):
    fast = _fast_answer(_request("bash", "mlpath done lin"), monkeypatch)
    assert fast == ("linear-algebra\nlinear-regression-from-scratch", 0)


@pytest.mark.parametrize("found", [True, False])
def test_fish_asks_whether_there_are_arguments(started, found, monkeypatch, capsys):
    line = "mlpath done lin" if found else "mlpath done zzz"
    env = _request("fish", line, _TYPER_COMPLETE_FISH_ACTION="is-args")
    fast = _fast_answer(env, monkeypatch)
    assert fast == (None, 0 if found else 1)
    assert fast == _typer_answer(env, monkeypatch, capsys)


@pytest.mark.parametrize(
    "line",
    [
        "mlpath ",  # command names
        "mlpath do",
        "mlpath done --",  # option names
        "mlpath done --date ",  # another option's value
        "mlpath show numpy ",  # the topic is given already
        "mlpath note numpy wh",  # the note's text
        "mlpath log ",  # hours
        "mlpath status ",
        "mlpath --version done ",
        "mlpath done -- lin",
        "mlpath done --unknown lin",
        "mlpath --db done lin",
    ],
)
@pytest.mark.parametrize("shell", SHELLS)
def test_everything_else_is_left_to_typer(started, shell, line, monkeypatch):
    assert _fast_answer(_request(shell, line), monkeypatch) is None


def test_not_a_completion_request(monkeypatch):
    assert completion.answer({}) is None
    assert completion.answer({"_MLPATH_COMPLETE": "source_bash"}) is None
    assert completion.answer({"_MLPATH_COMPLETE": "complete_powershell"}) is None
    # a malformed request: Typer deals with it
    assert completion.answer({"_MLPATH_COMPLETE": "complete_bash", "COMP_WORDS": "x"}) is None


@pytest.mark.parametrize("shell", SHELLS)
def test_db_given_on_the_command_line_wins_over_the_environment(
    started, db_path, tmp_path, shell, monkeypatch, capsys
):
    other = tmp_path / "elsewhere.db"
    with sqlite3.connect(db_path) as source, sqlite3.connect(other) as copy:
        source.backup(copy)
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE topic SET id = 'lin-elsewhere' WHERE id = 'linear-algebra'")
    for line in (f"mlpath --db {other} done lin", f"mlpath --db={other} done lin"):
        if shell == "bash" and "=" in line:
            continue  # bash splits `--db=x` into three words: left to Typer
        env = _request(shell, line)
        fast = _fast_answer(env, monkeypatch)
        assert fast is not None and "lin-elsewhere" in fast[0]
        assert fast == _typer_answer(env, monkeypatch, capsys)


@pytest.mark.parametrize("shell", SHELLS)
def test_no_database_offers_nothing(tmp_path, shell, monkeypatch, capsys):
    env = _request(shell, "mlpath done lin", MLPATH_DB=str(tmp_path / "missing.db"))
    fast = _fast_answer(env, monkeypatch)
    assert fast is not None
    assert fast == _typer_answer(env, monkeypatch, capsys)


TITLES = [
    "Quotes \"double\", 'single', $dollar and `backticks`",
    "Markup [bold]like this[/bold]",
    "An emoji :smile: here",
    "Two: colons: apart",
    "A tab\there",
    "Wide 機械学習 characters — and arrows →",
    "A very long title " + "that goes on " * 10,
    "  Padded  ",
]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
@pytest.mark.parametrize("columns", ["120", "30"])
def test_help_texts_are_shown_as_typer_shows_them_or_left_to_it(
    started, db_path, shell, columns, monkeypatch, capsys
):
    with sqlite3.connect(db_path) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM topic WHERE retired = 0 LIMIT 8")]
        for topic_id, title in zip(ids, TITLES, strict=True):
            conn.execute("UPDATE topic SET title = ? WHERE id = ?", (title, topic_id))
    monkeypatch.setenv("COLUMNS", columns)
    for topic_id in ids:
        env = _request(shell, f"mlpath done {topic_id}")
        fast = _fast_answer(env, monkeypatch)
        if fast is not None:
            assert fast == _typer_answer(env, monkeypatch, capsys), topic_id
    answered = _fast_answer(_request(shell, f"mlpath done {ids[0]}"), monkeypatch)
    assert (answered is not None) == (columns == "120")  # quotes are escaped as Typer does


def _parameter_infos(callback) -> dict[str, typer.models.ParameterInfo]:
    hints = typing.get_type_hints(callback, include_extras=True)
    infos = {}
    for name in inspect.signature(callback).parameters:
        for meta in getattr(hints.get(name), "__metadata__", ()):
            if isinstance(meta, typer.models.ParameterInfo):
                infos[name] = meta
    return infos


def test_the_grammar_matches_the_commands():
    """completion.GRAMMAR describes exactly the commands that complete topics."""
    group = typer.main.get_command(app)
    completing = {}
    for info in app.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        topic_params = {
            param
            for param, meta in _parameter_infos(info.callback).items()
            if meta.autocompletion is common.complete_topic
        }
        if topic_params:
            completing[name] = topic_params
    assert set(completing) == set(completion.GRAMMAR)
    for name, grammar in completion.GRAMMAR.items():
        command = group.commands[name]
        options = [p for p in command.params if p.param_type_name == "option"]
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        valued = {o for p in options if not p.is_flag for o in p.opts + p.secondary_opts}
        flags = {o for p in options if p.is_flag for o in p.opts + p.secondary_opts}
        assert grammar.valued == valued, name
        assert grammar.flags == flags | {"-h", "--help"}, name
        first = arguments[0] if arguments else None
        assert grammar.topic_argument == (first is not None and first.name in completing[name])
        if grammar.topic_argument:
            assert grammar.many == (first.nargs == -1), name
        topic_options = [p for p in options if p.name in completing[name]]
        assert [grammar.topic_option] == (
            [p.opts[0] for p in topic_options] if topic_options else [None]
        ), name
    root_valued = {o for p in group.params if not getattr(p, "is_flag", True) for o in p.opts}
    # --learner names someone in a shared PostgreSQL database, which completion does
    # not read: a line holding it is left to Typer.
    assert root_valued == {DB_OPTION, "--learner"}


@pytest.mark.parametrize("shell", SHELLS)
def test_no_pager_before_the_command_still_completes_topics(started, shell, monkeypatch, capsys):
    env = _request(shell, "mlpath --no-pager done lin")
    fast = _fast_answer(env, monkeypatch)
    assert fast is not None and "linear-algebra" in fast[0]
    assert fast == _typer_answer(env, monkeypatch, capsys)
