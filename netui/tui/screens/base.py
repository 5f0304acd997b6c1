"""What every netui screen shares: redrawing on ``DataChanged``, the contact its keys act on, help.

``NetuiScreen.data_changed`` redraws what the screen shows. It runs when the app passes on a
``DataChanged`` while the screen is visible; a screen hidden under another one redraws once, when it
is shown again. ``ListScreen`` adds what the agenda, the give list and the overview share: undo, back.
"""

from __future__ import annotations

from textual.screen import Screen

from netui.tui.safe import notify
from netui.tui.screens.help import HelpScreen
from netui.tui.writes import ActsOnContact, DataChanged


class NetuiScreen(ActsOnContact, Screen):
    """A screen that follows the data: ``data_changed`` redraws it."""

    _stale = False  # something changed while the screen was hidden

    def data_changed(self, event: DataChanged | None) -> None:
        """Redraw after a change (``event`` None: changes happened while hidden)."""

    def on_data_changed(self, event: DataChanged) -> None:
        if self.is_current:
            self.data_changed(event)
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.data_changed(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self))


class ListScreen(NetuiScreen):
    """A screen over the main one that redraws itself with ``reload()`` after every change."""

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def data_changed(self, event: DataChanged | None) -> None:
        self.reload()

    def action_undo(self) -> None:
        snap = self.app.undo_stack.undo()
        notify(self.app, f"Undone: {snap.label}" if snap else "Nothing to undo.")
        self.reload()
        self.app.refresh_due()

    def action_back(self) -> None:
        self.app.pop_screen()
