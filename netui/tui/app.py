"""The netui application: screens, the clock, the undo history, and the background reminder tick."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App

from netui.core import clock, undo
from netui.tui.palette import JumpToContact, ScreenCommands


class NetuiApp(App[int]):
    CSS_PATH = "netui.tcss"
    TITLE = "netui"
    COMMANDS = App.COMMANDS | {ScreenCommands, JumpToContact}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: Path | None = None, *, start: str = "main", now=None) -> None:
        super().__init__()
        self.db_path = db_path
        self.start = start
        self._clock = now or clock.now  # tests inject a clock they can move
        self.undo_stack = undo.UndoStack()
        self.due_count = 0

    def now(self) -> dt.datetime:
        return self._clock()

    def on_mount(self) -> None:
        from netui.tui.screens.main import MainScreen

        self.theme = "textual-dark"
        self.due_count = self._count_due()
        self.push_screen(MainScreen())

    def _count_due(self) -> int:
        from netui.core import reminders

        count = getattr(reminders, "due_count", None)
        return count(self.now()) if count else 0

    def refresh_due(self) -> None:
        """Recount what is due and update the top bar."""
        self.due_count = self._count_due()
        screen = self.screen
        if hasattr(screen, "update_topbar"):
            screen.update_topbar()

    def jump_to(self, contact_id: int) -> None:
        """Show ``contact_id`` on the main screen (clearing a filter that hides them)."""
        from netui.core import contacts, search
        from netui.tui.screens.main import MainScreen

        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        lst = screen.contact_list
        archived = bool(contacts.get(contact_id).archived)
        if search.position(lst.query_, lst.sort, contact_id) is None:
            box = screen.query_one("#filter")
            with box.prevent(box.Changed):
                box.value = ""
            box.display = False
            lst.load(search.Query("", archived=archived))
        screen.reload(keep=contact_id)
        lst.focus()
