"""Text from the learner, a roadmap file or an import, kept from driving the terminal.

A control character in a note, a link or a title is an instruction to whatever
shows it: ESC starts sequences that clear the screen (CSI 2J), set the window
title (OSC 0), write the clipboard (OSC 52) or forge a hyperlink (OSC 8); C1
characters such as U+009B (CSI) do the same in one byte. CONTROL is every such
character: C0 except tab and newline, DEL, and C1.

They are refused where text comes in (`find`, `first_in`), and neutralised where
text goes out (`shown`), for data stored before the refusals existed. `shown`
replaces each with a visible character of one cell, so that tables keep their
columns and the learner sees that something odd is there: a C0 character or DEL
becomes its Unicode control picture (ESC is ␛, BEL ␇, DEL ␡), a C1 character
U+FFFD (�), as C1 has no pictures.

Standard library only, and cheap: every view and every write imports it.
"""

from __future__ import annotations

import re
from typing import Any

CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # a character class's contents: [CONTROL]

_CONTROL = re.compile(f"[{CONTROL}]")
_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_SHOWN = _PICTURES | dict.fromkeys(range(0x80, 0xA0), 0xFFFD)
_SHOWN.pop(ord("\t"))
_SHOWN.pop(ord("\n"))
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL",
          0x9B: "CSI", 0x9D: "OSC"}  # fmt: skip


def find(text: str) -> str | None:
    """The first control character in `text`, or None."""
    match = _CONTROL.search(text)
    return match.group() if match else None


def describe(char: str) -> str:
    """A control character as a person can read it: 'U+001B (ESC)'."""
    name = _NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def shown(text: str) -> str:
    """`text` with each control character replaced by a visible one (see above)."""
    return text.translate(_SHOWN) if _CONTROL.search(text) else text


def first_in(data: Any) -> tuple[list[Any], str] | None:
    """The first control character in any string of parsed JSON or YAML, keys too:
    (the keys and indices that lead to it, the character), or None."""
    found = _first(data)
    if found is None:
        return None
    char, *where = found
    return where[::-1], char


def _first(data: Any) -> list[Any] | None:
    # The character, then the path to it backwards: built on the way out.
    if isinstance(data, str):
        char = find(data)
        return [char] if char is not None else None
    if isinstance(data, dict):
        for key, value in data.items():
            found = _first(key) or _first(value)
            if found is not None:
                return [*found, key]
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            found = _first(value)
            if found is not None:
                return [*found, i]
    return None


def neutralised(data: Any) -> Any:
    """Parsed JSON with `shown` applied to every string, keys too."""
    if isinstance(data, str):
        return shown(data)
    if isinstance(data, dict):
        return {neutralised(key): neutralised(value) for key, value in data.items()}
    if isinstance(data, list):
        return [neutralised(value) for value in data]
    return data


# In JSON text: a raw control character (CR is also JSON's whitespace), or an escape
# that may stand for one. Two searches: one alternation of both is several times slower.
_JSON_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_JSON_ESCAPE = re.compile(r"\\(?:[bfr]|u00(?:[01]|7[fF]|[89]))")


def json_may_hold(text: str) -> bool:
    """Whether JSON text may hold a control character in a string: a scan of the text,
    far quicker than walking what it parses to; False means it holds none."""
    return bool(_JSON_RAW.search(text) or _JSON_ESCAPE.search(text))


_JSON_UNSAFE = re.compile("[\x7f-\x9f]")


def json_safe(text: str) -> str:
    """JSON text with DEL and C1 written as \\u escapes, which json.dumps leaves raw.

    Lossless: outside strings JSON is ASCII, and inside them the escape reads back as
    the same character. json.dumps already escapes every C0 character."""
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
