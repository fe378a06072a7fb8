"""A long table of plain text, drawn without Rich measuring and laying out each cell."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def sized_table(
    width: int,
    columns: Sequence[tuple[str, dict[str, Any]]],
    rows: Sequence[Sequence[str]],
    *,
    fold: int,
    cut: Callable[[str, int], str] | None = None,
) -> Table:
    """A long table of plain-text cells, each column given its width up front.

    It looks as Table(show_edge=False, pad_edge=False) filled with the same text
    would. Left to itself, Rich measures every cell to size the columns, then lays
    out every cell (pad, wrap, justify, crop) to draw it: about a millisecond a row.
    These cells are plain text, so their widths are known. Every column gets its
    content's width; the `fold` column gets the room left if that is less, and only
    its cells that do not fit (or have more than one line) are laid out by Rich, or,
    given `cut`, are cut to that room by it (`cut(cell, width)`), each row one line.
    The others are drawn as they are, their padding (one space each side of the
    rules) written into them rather than added by Rich to every cell.
    """
    from rich.cells import cell_len
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from mlpath.safetext import shown

    # Drawn as they are, the cells skip the console's own neutralising of control characters.
    rows = [[shown(cell) for cell in r] for r in rows]
    widths = [
        max(cell_len(name), *(cell_len(line) for r in rows for line in r[i].split("\n")))
        for i, (name, _) in enumerate(columns)
    ]
    room = width - (sum(widths) - widths[fold]) - 3 * (len(columns) - 1)  # " │ " between
    fits = widths[fold] <= room
    widths[fold] = min(widths[fold], max(room, 1))
    if cut is not None and not fits:
        rows = [[*r[:fold], cut(r[fold], widths[fold]), *r[fold + 1 :]] for r in rows]
        fits = True
    last = len(columns) - 1
    pads = [(0, 0 if i == last else 1, 0, 0 if i == 0 else 1) for i in range(len(columns))]
    table = Table(show_edge=False, pad_edge=False, padding=0)
    for i, (name, options) in enumerate(columns):
        table.add_column(
            Padding(name, pads[i]),
            width=widths[i] + pads[i][1] + pads[i][3],
            no_wrap=fits or i != fold,
            **options,
        )
    for r in rows:
        # Text, never markup, so that titles such as "Transformers [nlp]" print as they are.
        table.add_row(
            *(
                Padding(Text(cell), pads[i])
                if i == fold and ("\n" in cell or cell_len(cell) > widths[i])
                else _Plain(cell, pads[i][3], pads[i][1])
                for i, cell in enumerate(r)
            )
        )
    return table


class _Plain:
    """A one-line cell of plain text that fits its column, drawn without layout."""

    __slots__ = ("text", "left", "right")

    def __init__(self, text: str, left: int, right: int) -> None:
        self.text, self.left, self.right = text, left, right

    def __rich_console__(self, console: Console, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.segment import Segment

        # Rich pads each line to the column's width: only right-justified text needs
        # the space before it worked out here.
        if options.justify == "right":
            gap = options.max_width - cell_len(self.text) - self.right
            yield Segment(" " * gap + self.text + " " * self.right)
        else:
            yield Segment(" " * self.left + self.text)
