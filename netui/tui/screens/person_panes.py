"""The tabs beside the contact list, for the person under the cursor: which pane is made, when it is
drawn, and where its rows are read.

The list repaints first; the active pane follows after the list's frame, drawn at once from a value
it keeps, else read on a worker thread with its own connection and drawn when the read is back for
the person still under the cursor. Keys faster than frames ask once, for the person the cursor ended
on; a read the cursor has left behind is cancelled, its value dropped. The strength and give panes
are made when their tab is first shown (start-up composes only the detail pane).
"""

from __future__ import annotations

import datetime as dt

from textual import work
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane
from textual.worker import get_current_worker

from netui.core import contacts
from netui.db import db
from netui.tui import probe
from netui.tui.safe import notify
from netui.tui.widgets.panes import DetailPane, GivePane, LinePane, Pane, StrengthPane


class PersonPanes(Screen):
    """Mixed into the main screen, whose ``TabbedContent#panes`` has a ``TabPane`` per entry of ``PANES``."""

    PANES: dict[str, type[LinePane | Pane]] = {"detail": DetailPane, "strength": StrengthPane, "give": GivePane}

    def pane(self, name: str) -> LinePane | Pane:
        """The pane of tab ``name`` ("detail", "strength", "give"), made on first use."""
        found = self.query(self.PANES[name])
        if found:
            return found.first()
        widget = self.PANES[name](id=f"{name}-pane")
        self.query_one(f"TabPane#{name}", TabPane).mount(widget)
        return widget

    def made_panes(self) -> list[LinePane | Pane]:
        return [w for kind in self.PANES.values() for w in self.query(kind)]

    _pane_for: int | None = None
    _pane_due = False

    def show_contact(self, contact_id: int | None) -> None:
        """Show ``contact_id`` in the active pane once the list's frame is out.

        The list repaints first; the pane follows after the next refresh. Keys faster than frames
        draw the pane once, for the person the cursor ended on.
        """
        probe.mark("open", self.query_one(TabbedContent).active)
        self._pane_for = contact_id
        if not self._pane_due:
            self._pane_due = True
            self.call_after_refresh(self._draw_pane)

    def _draw_pane(self) -> None:
        """The active pane, for the person the cursor is on: drawn now from a kept value, else read on a
        worker (``_read_pane``) and drawn when it is back; the other panes when their tab is shown."""
        self._pane_due = False
        contact_id = self._pane_for
        now = self.app.now()
        active = self.query_one(TabbedContent).active or "detail"
        widget = self.pane(active)
        if not widget.is_mounted:  # made just now: drawn once it has its own widgets
            self._pane_due = True
            widget.call_after_refresh(self._draw_pane)
            return
        if isinstance(widget, LinePane) and contact_id is not None and not widget.has_view(contact_id, now):
            self._read_pane(widget, contact_id, now, widget.generation)
            return
        widget.show(contact_id, now)
        probe.later("pane", active)

    @work(thread=True, exclusive=True, group="pane", exit_on_error=False)
    def _read_pane(self, pane: LinePane, contact_id: int, now: dt.datetime, generation: int) -> None:
        """Read one person's pane on this thread's own connection; a newer read (the cursor moved on)
        cancels this one, whose value is then dropped."""
        worker = get_current_worker()
        try:
            with db.connection_context():
                view = pane.load(contact_id, now)
        except contacts.NotFound:
            view = None
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not worker.is_cancelled:
                self.app.call_from_thread(notify, self.app, f"The pane could not be read: {exc}", severity="error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._pane_read, pane, contact_id, view, generation)

    def _pane_read(self, pane: LinePane, contact_id: int, view, generation: int) -> None:
        if not self.is_attached or contact_id != self._pane_for:
            return  # the cursor moved on: its own read follows
        if view is None:  # deleted meanwhile: the list's reload follows
            pane.show(None, self.app.now())
            return
        if not pane.keep(contact_id, view, generation):
            self.show_contact(contact_id)  # a write landed while it was read: read again
            return
        if self.query_one(TabbedContent).active == pane.parent.id:
            pane.show(contact_id, self.app.now())
            probe.later("pane", pane.parent.id)

