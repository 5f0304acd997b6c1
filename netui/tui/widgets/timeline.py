"""A pane whose timeline can be walked and acted on: the detail pane's interactions, one highlighted.

With the focus (enter, or tab from the contact list) up and down move the highlight over the
interactions the pane lists, e and d post ``Picked`` and the screen edits or deletes that interaction
(widgets do not reach for screens), escape goes back to the list. Moving the highlight draws the pane
again from the value it keeps (``LinePane.view_of``): no query per key. After a write the highlight
stays on the same interaction, or on the one that took its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.message import Message

from netui.core import contacts
from netui.tui.commands import TIMELINE, bindings
from netui.tui.safe import notify
from netui.tui.widgets.line_pane import LinePane
from netui.tui.writes import ActsOnContact


class TimelinePane(ActsOnContact, LinePane):
    """A ``LinePane`` whose value lists interactions in ``recent`` (newest first), drawn one per line.

    ``draw`` asks ``place_cursor`` which row is highlighted and passes that row's line through
    ``highlighted``; nothing is highlighted while the pane does not have the focus.
    """

    BINDINGS = bindings(TIMELINE)
    ROW_KEYS = ("edit_entry", "delete_entry")
    CURSOR = "bold on $accent 40%"  # as the contact list's cursor

    @dataclass
    class Picked(Message):
        """A key asks for ``action`` (one of ``ROW_KEYS``) on an interaction; the screen does it."""

        pane: TimelinePane
        action: str
        interaction_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contact_id: int | None = None
        self.cursor = 0  # the highlighted row, newest first
        self._cursor_id: int | None = None  # that row's interaction: the highlight follows it after a write
        self._cursor_line: int | None = None  # the line it was drawn on, to scroll to
        self._walking = False  # the pane has the focus: a row is highlighted
        self._drawn_width = 0  # the width the lines were drawn for

    def show(self, contact_id: int | None, now) -> None:
        if contact_id != self.contact_id:
            self.cursor, self._cursor_id = 0, None
        self.contact_id = contact_id
        self._drawn_width = self.size.width
        super().show(contact_id, now)
        self._follow_cursor()

    @property
    def text_width(self) -> int:
        """Cells a line may use, less a scrollbar's column (0 before the first layout: no wrapping yet)."""
        return max(1, self.size.width - 1) if self.size.width else 0

    def on_resize(self) -> None:
        """Lines hang under their text for one width: a new width draws them again."""
        changed, self._drawn_width = self.size.width != self._drawn_width, self.size.width
        if changed and self.contact_id is not None:
            self._redraw()
        else:
            super().on_resize()

    # --- drawing the highlight ----------------------------------------------------------------------

    def place_cursor(self, rows: list) -> int | None:
        """The highlighted row's index in ``rows`` (None: no highlight); on the same interaction as before."""
        self._cursor_line = None
        if not rows or not self._walking:
            return None
        ids = [r.id for r in rows]
        if self._cursor_id in ids:
            self.cursor = ids.index(self._cursor_id)
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self._cursor_id = ids[self.cursor]
        return self.cursor

    def highlighted(self, row: Content, at: int) -> Content:
        """``row``, drawn as line ``at``, highlighted across the pane (less a scrollbar's column)."""
        self._cursor_line = at
        return row.extend_right(max(0, self.size.width - 1 - row.cell_length)).stylize(self.CURSOR)

    def _redraw(self) -> None:
        if self.contact_id is None:
            return
        try:
            self.set_content(self.build(self.contact_id, self.app.now()), keep_scroll=True)
        except contacts.NotFound:
            return
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        if self._walking and self._cursor_line is not None:
            self.scroll_to_line(self._cursor_line)

    def on_focus(self) -> None:
        self._walking = True  # set here: ``has_focus`` changes only after these handlers
        self._redraw()

    def on_blur(self) -> None:
        self._walking = False
        self._redraw()

    # --- keys ---------------------------------------------------------------------------------------

    def acting_on(self, action: str) -> int | None:
        return self.contact_id if action in self.ROW_KEYS else None

    def _move(self, by: int) -> None:
        self.cursor += by
        self._cursor_id = None
        self._redraw()

    def action_entry_up(self) -> None:
        self._move(-1)

    def action_entry_down(self) -> None:
        self._move(1)

    def _rows(self) -> list[Any]:
        if self.contact_id is None:
            return []
        try:
            return list(self.view_of(self.contact_id, self.app.now()).recent)
        except contacts.NotFound:
            return []

    def _pick(self, action: str) -> None:
        rows = self._rows()
        if not rows:
            notify(self.app, "Nothing logged yet: l logs a call, a message or a meeting.")
            return
        self.post_message(self.Picked(self, action, rows[max(0, min(self.cursor, len(rows) - 1))].id))

    def action_edit_entry(self) -> None:
        self._pick("edit_entry")

    def action_delete_entry(self) -> None:
        self._pick("delete_entry")

    def action_leave(self) -> None:
        target = self.screen.query("#list")
        if target:
            target.first().focus()
