"""What the secondary list screens (agenda, give list) share: undo, back, help."""

from __future__ import annotations

from textual.screen import Screen

from netui.tui.safe import notify


class ListScreen(Screen):
    """A screen over the main one that redraws itself with ``reload()`` after every change."""

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def action_undo(self) -> None:
        snap = self.app.undo_stack.undo()
        notify(self.app, f"Undone: {snap.label}" if snap else "Nothing to undo.")
        self.reload()
        self.app.refresh_due()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from netui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
