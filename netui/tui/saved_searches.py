"""The command palette's saved searches: "Saved: NAME" for each search in config.toml ``[searches]``.

Choosing one puts its text in the main screen's filter box, so the list, the top bar and the box show
the same search a person could have typed (and can change).
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from netui.core import settings
from netui.core.text import sanitize


class SavedSearches(Provider):
    """Each saved search, by name; the calling screen's ``apply_search`` runs it."""

    def _searches(self) -> list[tuple[str, Content, str]]:
        """Label, what the palette shows (never markup: the palette parses ``help`` as markup), search."""
        out = []
        for name, text in settings.current().searches.items():
            label = f"Saved: {sanitize(name)}"
            out.append((label, Content.assemble(label, ("  " + sanitize(text), "dim")), text))
        return out

    async def discover(self) -> Hits:
        for label, shown, text in self._searches():
            yield DiscoveryHit(shown, partial(self.screen.apply_search, text), text=label)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, shown, text in self._searches():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, shown, partial(self.screen.apply_search, text), text=label)
