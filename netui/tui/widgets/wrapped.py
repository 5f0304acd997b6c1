"""Text drawn for its width, each row's continuation lines hanging under its text (``layout.hang_at``).

A ``Static`` wraps a long row back to column 0; this one wraps each row under the column it is given
(the end of a label, a list's indent) and draws again when its width changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import Static

from netui.tui.layout import hang_at


def leading(row: Content, extra: int = 2) -> int:
    """The column a row's continuation lines start at: under its own indent, ``extra`` further in."""
    plain = row.plain
    return len(plain) - len(plain.lstrip(" ")) + extra


class Wrapped(Static):
    """Rows of ``(content, indent)``; ``text`` is what it says, unwrapped, one row a line."""

    def __init__(self, rows: Iterable[tuple[Content, int]] = (), *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self._rows = list(rows)
        self._width = 0

    @property
    def text(self) -> str:
        return "\n".join(row.plain for row, _ in self._rows)

    def set_rows(self, rows: Iterable[tuple[Content, int]]) -> None:
        self._rows = list(rows)
        self._draw()

    def _draw(self) -> None:
        self._width = self.size.width
        width = self._width or 76  # before the first layout: a dialog's usual width
        self.update(Content("\n").join([piece for row, indent in self._rows for piece in hang_at(row, indent, width)]))

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._draw()
