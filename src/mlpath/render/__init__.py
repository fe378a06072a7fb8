"""The only place that prints: Rich views for people, JSON for scripts.

This package holds the basics every view uses: the consoles, error and warning
lines on stderr, JSON and plain lines on stdout. Each module beside it draws the
views of one group of commands; `text` writes numbers, dates and bars the same way
everywhere.

Rich is told nothing about colour: it already honours NO_COLOR, FORCE_COLOR and a
non-terminal stdout. Bars are drawn with characters, so they read without colour.
Rich is imported by the functions that draw, keeping --help and the writes lean.

Text from the learner, a roadmap file or an import is shown as it is: the consoles
read no markup ([bold]) and no emoji codes (:name:) in any string, and every string
they print, like every line `echo` writes, has its control characters made visible
(mlpath.safetext). A view styles its own words with Text objects; data it puts in a
Text goes through `literal`.
"""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from mlpath.safetext import json_safe, shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text


def make_console(stderr: bool = False, **options: Any) -> Console:
    settings = {"highlight": False, "soft_wrap": False} | options
    return _literal_console()(stderr=stderr, markup=False, emoji=False, **settings)


@functools.cache
def _literal_console() -> type[Console]:
    from rich.console import Console

    class LiteralConsole(Console):
        """Every string becomes Text here, table cells and titles included: this is
        the one place their control characters are made visible, before layout."""

        def render_str(self, text: str, **options: Any) -> Text:
            return super().render_str(shown(text), **options)

    return LiteralConsole


def literal(text: str, style: str | Style = "") -> Text:
    """Data as a Text, its control characters made visible (a Text skips render_str)."""
    from rich.text import Text

    return Text(shown(text), style=style)


def error(message: str, hint: str | None = None) -> None:
    line = f"Error: {message}" + (f" — {hint}" if hint else "")
    make_console(stderr=True).print(line, style="red", markup=False, soft_wrap=True)


def warning(message: str) -> None:
    make_console(stderr=True).print(
        f"Warning: {message}", style="yellow", markup=False, soft_wrap=True
    )


def notice(message: str) -> None:
    make_console(stderr=True).print(message, style="yellow", markup=False, soft_wrap=True)


def waiting(seconds: float) -> None:
    notice(f"Waiting for another mlpath command to finish writing (up to {seconds:g} s)...")


def print_json(data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable)
    sys.stdout.write(json_safe(text) + "\n")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def echo(line: str = "") -> None:
    # The write commands print a few plain lines; leaving Rich out of them keeps
    # `done` and `log` from paying for its import on every call.
    sys.stdout.write(shown(line) + "\n")


def raw(text: str) -> None:
    sys.stdout.write(text)


def raw_bytes(data: bytes) -> None:
    """Bytes as they are: an iCalendar file's CRLF line ends stay CRLF on any platform."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
