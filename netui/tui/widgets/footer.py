"""The key footer: Textual's, rebuilt only when the keys it shows change.

Textual's ``Footer`` recomposes itself (unmounts and mounts a widget per key, 20 to 40 of them) each
time a screen's bindings are refreshed, and netui refreshes them on most keys: a cursor moved onto a
row where other keys apply, a card marked done. Mostly nothing the footer shows has changed, and the
rebuild cost a full layout of the screen on every such key.

Today uses it (each key there is an action that refreshes the bindings). The other screens keep
Textual's: on the overview, whose lists settle their height over several layouts, skipping the rebuild
left a list's scrollbar drawn one row off in about one picture in six.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """``Footer`` that skips a rebuild which would show the same keys, enabled alike."""

    _shown: tuple | None = None  # what the last rebuild showed

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self._keys(screen)
            if self._bindings_ready and shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _keys(self, screen: Screen) -> tuple:
        """What compose shows: each shown key, its label, what it does, and whether it is enabled."""
        app = screen.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip,
             binding.group)
            for _node, binding, enabled, tooltip in screen.active_bindings.values() if binding.show
        )
