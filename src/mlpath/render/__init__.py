"""The only place that prints: Rich views for people, JSON for scripts.

This package holds the basics every view uses: the consoles, error and warning
lines on stderr, JSON and plain lines on stdout. Each module beside it draws the
views of one group of commands; `text` writes numbers, dates and bars the same way
everywhere.

Rich is told nothing about colour: it already honours NO_COLOR, FORCE_COLOR and a
non-terminal stdout. Bars are drawn with characters, so they read without colour.
Rich is imported by the functions that draw, keeping --help and the writes lean.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str, hint: str | None = None) -> None:
    line = f"Error: {message}" + (f" — {hint}" if hint else "")
    make_console(stderr=True).print(line, style="red", markup=False, soft_wrap=True)


def warning(message: str) -> None:
    make_console(stderr=True).print(
        f"Warning: {message}", style="yellow", markup=False, soft_wrap=True
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def echo(line: str = "") -> None:
    # The write commands print a few plain lines; leaving Rich out of them keeps
    # `done` and `log` from paying for its import on every call.
    sys.stdout.write(line + "\n")


def raw(text: str) -> None:
    sys.stdout.write(text)


def raw_bytes(data: bytes) -> None:
    """Bytes as they are: an iCalendar file's CRLF line ends stay CRLF on any platform."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
