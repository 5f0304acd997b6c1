"""The overview's building blocks: a chart drawn for its width, and a list of people whose arrows go on
to the next section (the screen, ``screens/overview.py``, says what each section holds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class Row(NamedTuple):
    """One line of a people list: who it opens (None: a note), how it draws at a width, and its detail."""

    contact_id: int | None
    draw: Callable[[int], Content]
    detail: Content = Content("")


class Figure(Static):
    """A chart drawn for its width: ``draw(width)`` runs again whenever the width changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, classes="ov-figure")
        self._draw: Callable[[int], Content] | None = None
        self._width = 0

    def set_draw(self, draw: Callable[[int], Content]) -> None:
        self._draw = draw
        self._redraw()

    def _redraw(self) -> None:
        if self._draw is not None:
            self._width = self.size.width
            width = self._width or 46
            chart = self._draw(width)
            self.update(chart)
            self.styles.height = chart.get_height(self.styles, width)  # said, not measured later: see PeopleList

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._redraw()


class PeopleList(OptionList):
    """The people of one section. Rows are redrawn for the width; the arrows go on to the next section."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True, classes="ov-people")
        self.rows: list[Row] = []
        self._width = 0

    @property
    def selectable(self) -> list[int]:
        return [n for n, row in enumerate(self.rows) if row.contact_id is not None]

    def fill(self, rows: list[Row]) -> None:
        """Show ``rows``; drawn at once if the list has its width, else when it gets it (the figures
        arrive while the page is laid out anew: drawing a thousand rows twice cost the first key a second)."""
        self.rows = rows
        self.highlighted = None
        self.can_focus = bool(self.selectable)
        if self.size.width:
            self._rebuild()
        else:
            self._width = 0
            self.clear_options()

    def _rebuild(self) -> None:
        keep = self.highlighted
        if keep is None and self.has_focus and self.selectable:  # focused before its rows were drawn
            keep = self.selectable[0]
        self._width = self.size.width
        width = max(20, self._width - 1) if self._width else 46  # a column for the scrollbar
        self.clear_options()
        prompts = [row.draw(width) for row in self.rows]
        self.add_options([
            Option(prompt, id=f"row-{n}", disabled=row.contact_id is None)
            for n, (row, prompt) in enumerate(zip(self.rows, prompts, strict=True))
        ])
        # Rows are drawn for the width, so their height is known here. Saying it keeps the page's layout from
        # depending on when Textual measures the sections: an auto height measured while rows and charts
        # were being redrawn for their width left the second column two rows taller than its sections in
        # most runs but not all (the page's scrollbar differed from run to run, and the end scrolled past).
        self.styles.height = sum(prompt.get_height(self.styles, width) for prompt in prompts)
        if keep is not None and keep in self.selectable:
            self.highlighted = keep

    def on_resize(self) -> None:
        if self.rows and self.size.width != self._width:
            self._rebuild()

    def contact_at(self, index: int | None) -> int | None:
        return self.rows[index].contact_id if index is not None and 0 <= index < len(self.rows) else None

    def on_focus(self) -> None:
        if self.highlighted is None and self.selectable:
            self.highlighted = self.selectable[0]

    def action_cursor_down(self) -> None:
        rest = [n for n in self.selectable if self.highlighted is None or n > self.highlighted]
        if rest:
            self.highlighted = rest[0]
        else:
            self.screen.step(self, 1)

    def action_cursor_up(self) -> None:
        rest = [n for n in self.selectable if self.highlighted is not None and n < self.highlighted]
        if rest:
            self.highlighted = rest[-1]
        else:
            self.screen.step(self, -1)
