"""Command palette providers: the screen's commands, and jump-to-contact by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from netui.core import search
from netui.core.text import sanitize


def _highlight(matcher, text: str) -> Content:
    """Like ``Matcher.highlight`` but never parses ``text`` as markup (names are untrusted)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style or "bold underline", offset, offset + 1)
    return content


class ScreenCommands(Provider):
    """The current screen's commands (the same list that feeds its keys and help)."""

    def _commands(self):
        return [c for c in getattr(self.screen, "COMMANDS_LIST", ()) if self.screen.check_action(c.action, ()) is not False]

    async def discover(self) -> Hits:
        for cmd in self._commands():
            yield DiscoveryHit(Content(cmd.help), partial(self.screen.run_action, cmd.action), text=cmd.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in self._commands():
            score = matcher.match(cmd.help)
            if score > 0:
                yield Hit(score, _highlight(matcher, cmd.help), partial(self.screen.run_action, cmd.action), text=cmd.help)


class JumpToContact(Provider):
    """Type a few letters of a name, organisation or tag: jump straight to that person."""

    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        matcher = self.matcher(query)
        rows = search.page(search.Query(query), "name", 0, 20)
        rows += search.page(search.Query(query, archived=True), "name", 0, 5)
        for row in rows:
            name = sanitize(row.name)
            label = f"Jump to {name}" + (f" ({sanitize(row.organization)})" if row.organization else "")
            yield Hit(
                max(matcher.match(name), 0.5),
                _highlight(matcher, label),
                partial(self.app.jump_to, row.id),
                text=label,
            )
