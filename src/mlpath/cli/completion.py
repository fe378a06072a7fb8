"""Shell completion of topic names, fast enough for every Tab.

`topic_candidates` is what a topic parameter offers; the Typer commands use it as
their completion callback (cli/common.py). `answer` serves the same candidates
straight from the shell's completion request (Click's `_MLPATH_COMPLETE` protocol,
as Typer speaks it) before Typer is even imported: Typer builds a pydantic adapter
for every parameter before a completion callback runs, which costs more than the
whole answer. It knows which commands complete topics (`GRAMMAR`, checked against
the Typer app by the tests) and prints exactly what Typer would print; for any
other request, or anything it is not sure of, it returns None and Typer answers.

Standard library only: this module must stay cheap to import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import NamedTuple

from mlpath.paths import DB_ENV_VAR, DB_OPTION, NO_PAGER_OPTION


def topic_candidates(db: str | None, incomplete: str) -> list[tuple[str, str]]:
    """(id, title) of the topics a shell may offer for `incomplete`, never failing.

    `db` is the --db value (None: MLPATH_DB or the default). Ids that start with
    what was typed come first; failing those, topics whose title contains it. It
    reads one table with sqlite3 and migrates nothing.
    """
    from mlpath.errors import MlpathError
    from mlpath.paths import check_database_file, database_url, sqlite_path
    from mlpath.storage.topic_index import topic_titles

    path = sqlite_path(database_url(db))
    try:
        # A symlink loop, a FIFO or a device offers nothing: opening a FIFO would
        # hang the shell's Tab.
        if path is None or not path.exists():
            return []
        check_database_file(path)
        topics = topic_titles(path)
    except (OSError, RuntimeError, MlpathError):
        return []
    if topics is None:
        return []
    typed = incomplete.casefold()
    by_id = [(i, title) for i, title in topics if i.startswith(typed)]
    return by_id or [(i, title) for i, title in topics if typed in title.casefold()]


# --- the fast path ---------------------------------------------------------------


class Grammar(NamedTuple):
    """What completion needs to know of a command's parameters."""

    valued: frozenset[str] = frozenset()  # options that take a value
    flags: frozenset[str] = frozenset({"-h", "--help"})
    topic_argument: bool = False  # its first positional argument is a topic (or topics)
    many: bool = False  # ... and takes any number of them
    topic_option: str | None = None  # an option whose value is a topic


_FLAGS = frozenset({"-h", "--help", "--json"})
_TOPICS = Grammar(flags=_FLAGS, topic_argument=True, many=True)
GRAMMAR: dict[str, Grammar] = {
    "done": Grammar(
        valued=frozenset({"--date", "--link"}), flags=_FLAGS, topic_argument=True, many=True
    ),
    "doing": Grammar(valued=frozenset({"--date"}), flags=_FLAGS, topic_argument=True, many=True),
    "undone": _TOPICS,
    "skip": _TOPICS,
    "show": Grammar(flags=_FLAGS, topic_argument=True),
    "note": Grammar(valued=frozenset({"--date"}), flags=_FLAGS, topic_argument=True),
    "review": Grammar(
        valued=frozenset({"--rating", "--hours", "--date"}),
        flags=frozenset({"-h", "--help", "--off", "--on", "--json"}),
        topic_argument=True,
    ),
    "log": Grammar(
        valued=frozenset({"--date", "--topic", "--note", "--edit", "--delete"}),
        flags=_FLAGS | {"--practice", "--theory"},
        topic_option="--topic",
    ),
    # Its topic follows the action (`timer start TOPIC`), which this grammar cannot
    # say: Typer completes it.
    "timer": Grammar(
        valued=frozenset({"--note", "--at"}),
        flags=frozenset({"-h", "--help", "--practice", "--theory", "--yes", "-y", "--json"}),
    ),
    "estimate": Grammar(flags=_FLAGS | {"--clear"}, topic_argument=True),
    # Its project follows the action (`portfolio check PROJECT`): Typer completes it.
    "portfolio": Grammar(valued=frozenset({"--date"}), flags=_FLAGS | {"--uncheck"}),
    # Its arguments are a title or an id, never a topic: only --topic completes.
    "paper": Grammar(
        valued=frozenset({"--url", "--topic", "--date", "--hours", "--note"}),
        flags=_FLAGS | {"--reproduced"},
        topic_option="--topic",
    ),
}


def answer(environ: Mapping[str, str]) -> tuple[str | None, int] | None:
    """Typer's answer to a completion request for a topic, computed without Typer:
    (what to print, or None for nothing; the exit code). None when this is not a
    request for a topic, or when the answer is not certain: Typer answers then."""
    instruction = environ.get("_MLPATH_COMPLETE", "")
    action, _, shell = instruction.partition("_")
    if action != "complete" or shell not in ("bash", "zsh", "fish"):
        return None
    try:
        args, incomplete = _request(shell, environ)
        is_topic, db = _topic_request(args, incomplete)
        if not is_topic:
            return None
        if db is None:  # as Typer resolves the --db option: from its variable
            db = environ.get(DB_ENV_VAR)
        found = [
            (value, title)
            for value, title in topic_candidates(db, incomplete)
            if value.startswith(incomplete)  # Typer keeps only these
        ]
        return _formatted(shell, found, environ)
    except Exception:  # never in the way of a Tab: Typer answers instead
        return None


def _request(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The words before the one being completed, and that word (Typer's reading)."""
    if shell == "bash":
        words = _split(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _split(line: str) -> list[str]:
    """Words as Click's split_arg_string reads them: shlex, tolerating an open quote."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        for word in lexer:
            words.append(word)
    except ValueError:  # an open quote or a trailing escape: the partial word as it is
        words.append(lexer.token)
    return words


def _topic_request(args: list[str], incomplete: str) -> tuple[bool, str | None]:
    """Whether the word being completed is a topic, and the --db given.

    Deliberately narrow: an unknown option, `--`, `=` or an option name being
    typed leave the request to Typer.
    """
    no = (False, None)
    if incomplete.startswith("-") or "=" in incomplete or "--" in args:
        return no
    db: str | None = None
    words = iter(args)
    for word in words:  # the options before the command, then the command
        if word == DB_OPTION:
            db = next(words, None)
            if db is None or "=" in db:
                return no
        elif word.startswith(DB_OPTION + "="):
            db = word.partition("=")[2]
        elif word == NO_PAGER_OPTION:
            continue
        elif word in GRAMMAR:
            grammar = GRAMMAR[word]
            break
        else:
            return no
    else:
        return no
    rest = list(words)
    if rest and rest[-1] in grammar.valued:  # completing that option's value
        return (rest[-1] == grammar.topic_option, db)
    if not grammar.topic_argument:
        return no
    positional = 0
    words = iter(rest)
    for word in words:
        if word in grammar.valued:
            next(words)
        elif word in grammar.flags:
            continue
        elif word.startswith("-") or "=" in word:
            return no
        else:
            positional += 1
    return (grammar.many or positional == 0, db)


def _formatted(
    shell: str, found: list[tuple[str, str]], environ: Mapping[str, str]
) -> tuple[str | None, int] | None:
    """The output of Typer's BashComplete, ZshComplete or FishComplete."""
    if shell == "bash":
        return "\n".join(value for value, _ in found), 0
    if shell == "fish":
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return None, 0 if found else 1
        if action != "get-args":
            return "", 0
        lines = []
        for value, title in found:
            shown = _plain(re.sub(r"\s", " ", title), environ)
            if shown is None:
                return None
            lines.append(f"{value}\t{shown}" if title else value)
        return "\n".join(lines), 0
    lines = []
    for value, title in found:
        shown = _plain(_zsh_escape(title), environ)
        if shown is None:
            return None
        lines.append(f'"{_zsh_escape(value)}":"{shown}"' if title else f'"{_zsh_escape(value)}"')
    if not lines:
        return "_files", 0
    joined = "\n".join(lines)
    return f"_arguments '*: :(({joined}))'", 0


def _zsh_escape(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


_MARKUP_OR_EMOJI = re.compile(r"\[|:\S*:")


def _plain(help_text: str, environ: Mapping[str, str]) -> str | None:
    """`help_text` as Typer shows it, when that is certain without Rich.

    Typer renders a completion's help through Rich, which reads markup ([...]) and
    emoji codes (:name:), drops control characters and wraps at the terminal's
    width. Text with none of those, on one short line, comes out unchanged; for
    anything else this returns None and Typer answers.
    """
    if (
        _MARKUP_OR_EMOJI.search(help_text)
        or not help_text.isprintable()
        or help_text != help_text.strip()
    ):
        return None
    cells = len(help_text) + sum(1 for c in help_text if not c.isascii())  # wide at most
    return help_text if cells < _rich_width(environ) - 1 else None


def _rich_width(environ: Mapping[str, str]) -> int:
    """The width Rich renders completion help at (its Console's own rules)."""
    width = 0
    fixed = environ.get("TERMINAL_WIDTH")  # Typer's setting
    if fixed:
        width = int(fixed)
    else:
        for fd in (0, 1, 2):
            try:
                width = os.get_terminal_size(fd).columns
            except (OSError, ValueError):
                continue
            break
        columns = environ.get("COLUMNS", "")
        if columns.isdigit():
            width = int(columns)
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return min(width or 80, 80)  # Rich's width on a dumb terminal, at most
    return width or 80
