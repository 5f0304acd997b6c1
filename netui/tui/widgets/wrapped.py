"""Text drawn for its width, each row's continuation lines hanging under its text (``layout.hang_at``).

A ``Static`` wraps a long row back to column 0; this one wraps each row under the column it is given
(the end of a label, a list's indent). Its height is counted for the width the layout offers, so a
scroll box around it ends at its last line: a ``Static`` updated from ``on_resize`` keeps the height
of its first, differently wrapped, drawing (blank rows below the end).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from netui.tui.layout import hang_at


def leading(row: Content, extra: int = 2) -> int:
    """The column a row's continuation lines start at: under its own indent, ``extra`` further in."""
    plain = row.plain
    return len(plain) - len(plain.lstrip(" ")) + extra


class Wrapped(Widget):
    """Rows of ``(content, indent)``; ``text`` is what it says, unwrapped, one row a line."""

    DEFAULT_CSS = "Wrapped { height: auto; }"

    def __init__(self, rows: Iterable[tuple[Content, int]] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows = list(rows)
        self._lines: tuple[int, list[Content]] = (-1, [])  # the width they were wrapped at, and the lines

    @property
    def text(self) -> str:
        return "\n".join(row.plain for row, _ in self._rows)

    @property
    def content(self) -> Content:
        """What it draws at its width, as ``Static.content`` gives it."""
        return self.render()

    def lines(self, width: int) -> list[Content]:
        """The rows as drawn ``width`` cells wide, each continuation hanging under its row's indent."""
        if self._lines[0] != width:
            self._lines = (width, [piece for row, indent in self._rows for piece in hang_at(row, indent, width)])
        return self._lines[1]

    def set_rows(self, rows: Iterable[tuple[Content, int]]) -> None:
        self._rows = list(rows)
        self._lines = (-1, [])
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((row.cell_length for row, _ in self._rows), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))
