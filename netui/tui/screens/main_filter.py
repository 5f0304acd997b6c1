"""The main screen's filter box: typing searches, the arrows move the list meanwhile, escape keeps the
person found, and ``org:NAME`` alone offers the organisation's view."""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.widgets import Input

from netui.core import orgs, search
from netui.tui import probe


class FilterBox(Screen):
    """Mixed into MainScreen, which has ``contact_list``, ``update_topbar`` and ``_intro_key``."""

    def action_filter(self) -> None:
        """Into the filter box, the cursor after what is kept there: the next key adds to it."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()
        box.cursor_position = len(box.value)
        self.call_after_refresh(self._filter_hint)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        probe.mark("filter")
        lst = self.contact_list
        lst.load(search.Query(event.value, archived=lst.query_.archived, now=self.app.now()), keep=None)
        lst.cursor = 0
        self.update_topbar()
        self._filter_hint()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        from netui.tui.screens.org import open_for_search  # loaded on first use, as the other screens

        self.contact_list.focus()
        open_for_search(self.app, event.value)  # org:NAME alone: its organisation's view

    @on(Input.Blurred, "#filter")
    def _filter_hint(self, event: Input.Blurred | None = None) -> None:
        """"enter: organisation view" beside the box while it has the focus and holds org:NAME alone."""
        box = self.query_one("#filter", Input)
        self.query_one("#filter-hint").display = box.has_focus and orgs.asked_for(box.value) is not None

    # The keys that move the list while the filter box has the focus: type, look, type again.
    LIST_KEYS = {"up": ("cursor", -1), "down": ("cursor", 1), "pageup": ("page", -1), "pagedown": ("page", 1)}

    def on_key(self, event) -> None:
        box = self.query_one("#filter", Input)
        lst = self.contact_list
        if self._intro_key(event.key):
            event.stop()
        elif box.has_focus and event.key in self.LIST_KEYS:
            event.stop()
            name, step = self.LIST_KEYS[event.key]
            getattr(lst, f"action_{name}")(step)
        elif event.key == "escape" and (box.has_focus or box.value):
            # The filter goes; the person it found stays highlighted, now among everyone.
            event.stop()
            probe.mark("filter")
            found = lst.current_id
            with box.prevent(Input.Changed):
                box.value = ""
            box.display = False
            lst.load(search.Query("", archived=lst.query_.archived, now=self.app.now()), keep=found)
            self.update_topbar()
            lst.focus()

    def apply_search(self, text: str) -> None:
        """Put ``text`` in the filter box and list who it finds (a saved search from the palette)."""
        box = self.query_one("#filter", Input)
        box.display = True
        box.value = text  # Input.Changed runs the search
        self.contact_list.focus()
