"""A pane whose timeline can be walked and acted on: the detail pane's rows, one highlighted.

With the focus (enter, or tab from the contact list) up and down move the highlight over the rows the
pane lists: the people related to the contact, then the timeline's interactions and journal entries,
newest first. The highlight starts on the newest timeline row (up from there reaches the people). e and
delete post ``Picked`` and the screen edits or deletes that row, enter on a person opens them (widgets do not
reach for screens), escape goes back to the list. Moving the highlight draws the pane
again from the value it keeps (``LinePane.view_of``): no query per key. After a write the highlight
stays on the same interaction, or on the one that took its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.content import Content
from textual.message import Message

from netui.core import contacts
from netui.tui.commands import TIMELINE, bindings, first_keys
from netui.tui.safe import notify
from netui.tui.widgets.line_pane import LinePane
from netui.tui.writes import ActsOnContact

Row = tuple[str, int]  # a walkable row: ("person", relation id), ("interaction", id) or ("journal", id)


class TimelinePane(ActsOnContact, LinePane):
    """A ``LinePane`` whose value lists walkable rows (``walk``: people first, then the timeline), drawn
    one per line.

    ``draw`` calls ``place_cursor`` with the rows in order and passes each row's line through ``mark``,
    which highlights the one under the cursor; nothing is highlighted while the pane does not have the focus.
    """

    BINDINGS = bindings(TIMELINE)
    ROW_KEYS = ("edit_entry", "delete_entry", "open_person")
    CURSOR = "bold on $accent 40%"  # as the contact list's cursor

    @dataclass
    class Picked(Message):
        """A key asks for ``action`` (one of ``ROW_KEYS``) on a row; the screen does it.

        ``kind`` says what ``interaction_id`` is the id of: an interaction, a journal entry, or (for a
        person) the relation, or the person to open for ``open_person``."""

        pane: TimelinePane
        action: str
        interaction_id: int
        kind: str = "interaction"  # interaction | journal | person

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contact_id: int | None = None
        self.cursor: int | None = None  # the highlighted row of ``walk``; None: the newest timeline row
        self._cursor_id: Row | None = None  # that row: the highlight follows it after a write
        self._cursor_line: int | None = None  # the line it was drawn on, to scroll to
        self._walking = False  # the pane has the focus: a row is highlighted
        self._drawn_width = 0  # the width the lines were drawn for

    def show(self, contact_id: int | None, now) -> None:
        if contact_id != self.contact_id:
            self.cursor, self._cursor_id = None, None
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

    def walk(self, view: Any) -> list[Row]:
        """The rows of ``view`` the cursor walks, top to bottom (a subclass says which)."""
        return [("interaction", r.id) for r in view.recent]

    @staticmethod
    def _start(rows: list[Row]) -> int:
        """Where the highlight starts: the newest timeline row (past the people above it)."""
        return next((n for n, row in enumerate(rows) if row[0] != "person"), 0)

    def place_cursor(self, rows: list[Row]) -> int | None:
        """The highlighted row's index in ``rows`` (None: no highlight); on the same row as before."""
        self._cursor_line = None
        if not rows or not self._walking:
            return None
        if self._cursor_id in rows:
            self.cursor = rows.index(self._cursor_id)
        cursor = self._start(rows) if self.cursor is None else self.cursor
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self._cursor_id = rows[self.cursor]
        return self.cursor

    def mark(self, row_id: Row, row: Content, at: int) -> Content:
        """``row`` (drawn as line ``at``), highlighted if it is the cursor's row."""
        return self.highlighted(row, at) if self._walking and row_id == self._cursor_id else row

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
        rows = self._rows()
        self.cursor = (self._start(rows) if self.cursor is None else self.cursor) + by
        self._cursor_id = None
        self._redraw()

    def action_entry_up(self) -> None:
        self._move(-1)

    def action_entry_down(self) -> None:
        self._move(1)

    def _rows(self) -> list[Row]:
        if self.contact_id is None:
            return []
        try:
            return self.walk(self.view_of(self.contact_id, self.app.now()))
        except contacts.NotFound:
            return []

    def _current(self) -> Row | None:
        rows = self._rows()
        if not rows:
            return None
        cursor = self._start(rows) if self.cursor is None else self.cursor
        return rows[max(0, min(cursor, len(rows) - 1))]

    def _pick(self, action: str) -> None:
        row = self._current()
        if row is None:
            notify(self.app, "Nothing logged yet: l logs a call, a message or a meeting.")
            return
        if action == "edit_entry" and row[0] == "person":
            opens, removes = first_keys(TIMELINE, ("open_person", "delete_entry"), self.app.current_keymap())
            notify(self.app, f"{opens} opens the highlighted person; {removes} removes the relation.")
            return
        self.post_message(self.Picked(self, action, row[1], row[0]))

    def action_edit_entry(self) -> None:
        self._pick("edit_entry")

    def action_delete_entry(self) -> None:
        self._pick("delete_entry")

    def person_of(self, relation_id: int) -> int | None:
        """The contact a person row (by its relation) stands for (a subclass knows its view)."""
        return None

    def action_open_person(self) -> None:
        row = self._current()
        if row is None or row[0] != "person":
            notify(self.app, "Highlight someone under People first (up from the timeline).")
            return
        other = self.person_of(row[1])
        if other is not None:
            self.post_message(self.Picked(self, "open_person", other, "person"))

    def take_focus_on_people(self) -> bool:
        """Focus the pane with the first person highlighted; False when nobody is related."""
        rows = self._rows()
        if not rows or rows[0][0] != "person":
            return False
        self.cursor, self._cursor_id = 0, rows[0]
        self.focus()
        return True

    def action_leave(self) -> None:
        target = self.screen.query("#list")
        if target:
            target.first().focus()
