"""Command palette providers: the screen's commands, and jump-to-contact by name.

A command is found by its name ("overview", "agenda", "triage"), its label and the words of its
sentence, each shown with its key; netui's own commands rank above Textual's (theme, quit, screenshot),
and the people found by name between the two.
"""

from __future__ import annotations

import re
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from netui.core import search
from netui.core.text import sanitize
from netui.tui.commands import Command, keys_display


def _highlight(matcher, text: str) -> Content:
    """Like ``Matcher.highlight`` but never parses ``text`` as markup (names are untrusted)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style or "bold underline", offset, offset + 1)
    return content


# Textual's own commands (theme, quit, keys) score up to 4 points per letter typed (its fuzzy matcher): each
# tier below is a multiple of that ceiling, so netui's commands come first and the people found by name next.
WORDS_SCORE = 3.0  # every word typed starts a word of the command's name, label or sentence
NAME_BONUS = 1.0  # ... and the first one starts its name or label: "agenda" is the Agenda, not a sentence that mentions it
DISCOVERY_SCORE = 1000.0  # the empty palette: the screen's commands in their order (Textual's then score 0)
CONTACT_SCORE = 1.0  # a person found by name: above Textual's commands, below a command found by its words
FUZZY_SCORE = 1.0  # letters in order in the name or label only ("ovrv"): a sentence matches too much that way


def ceiling(query: str) -> float:
    """Above any score Textual's fuzzy matcher gives ``query`` (at most 4 per letter)."""
    return 4.0 * len(query) + 1.0


def command_words(cmd: Command) -> tuple[list[str], list[str]]:
    """The words a command is found by: its name and label first, then its sentence's."""
    names = f"{cmd.action.replace('_', ' ')} {cmd.label}".lower()
    return re.findall(r"\w+", names), re.findall(r"\w+", cmd.help.lower())


def whole_name(cmd: Command, query: str, typed: list[str]) -> float:
    """The bonus for typing a command's whole name: its keymap name ("gives") above its label ("Give"),
    both above the same words with a plural's "s" dropped, so each name finds its own command first."""
    raw, action, label = query.strip().lower(), cmd.action.replace("_", " "), cmd.label.lower()
    if raw in (action, cmd.id):
        return 0.5
    if raw == label:
        return 0.45
    return 0.3 if " ".join(typed) in (action, label.rstrip("…")) else 0.0


def command_score(cmd: Command, query: str, fuzzy: float) -> float:
    """How well ``query`` finds ``cmd``: every word typed starting a word of it beats letters in order."""
    typed = [t[:-1] if len(t) > 3 and t.endswith("s") else t for t in re.findall(r"\w+", query.lower())]  # "keys": key
    if not typed:
        return 0.0
    names, sentence = command_words(cmd)
    every = names + sentence
    if all(any(w.startswith(t) for w in every) for t in typed):
        first = any(w.startswith(typed[0]) for w in names)
        cover = len(typed) / len(every)  # "keys" is more of "Help: list every key" than of Today's sentence
        return ceiling(query) * (WORDS_SCORE + NAME_BONUS * first + whole_name(cmd, query, typed) + 0.25 * cover)
    return ceiling(query) * FUZZY_SCORE + fuzzy if fuzzy > 0 else 0.0


def command_display(cmd: Command, keys: str, matcher=None) -> Content:
    """ "Agenda  r  Reminders: overdue, today, this week, later": the label, its key, its sentence (the key
    before the sentence: a long sentence wraps, and the key stays beside the name)."""
    label = _highlight(matcher, cmd.label) if matcher is not None else Content(cmd.label)
    return Content.assemble(label.stylize("bold"), ("  " + keys, "bold $text-accent"), ("  " + cmd.help, "$text-muted"))


class ScreenCommands(Provider):
    """The current screen's commands (the same list that feeds its keys and help), with their keys."""

    def _commands(self):
        return [c for c in getattr(self.screen, "COMMANDS_LIST", ()) if self.screen.check_action(c.action, ()) is not False]

    def _keys(self, cmd: Command) -> str:
        keymap = self.app.current_keymap() if hasattr(self.app, "current_keymap") else {}
        return keys_display(keymap.get(cmd.id, cmd.key))

    async def discover(self) -> Hits:
        # Scored hits, not discovery hits (all 0, in whatever order the providers answer): the screen's own
        # commands come first, in the order the screen lists them, above Textual's.
        for n, cmd in enumerate(self._commands()):
            yield Hit(DISCOVERY_SCORE - n / 1000, command_display(cmd, self._keys(cmd)),
                      partial(self.screen.run_action, cmd.action), text=f"{cmd.label}: {cmd.help}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd in self._commands():
            fuzzy = max(matcher.match(cmd.label), matcher.match(cmd.action.replace("_", " ")))
            score = command_score(cmd, query, fuzzy)
            if score > 0:
                yield Hit(score, command_display(cmd, self._keys(cmd), matcher),
                          partial(self.screen.run_action, cmd.action), text=f"{cmd.label}: {cmd.help}")


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
                ceiling(query) * CONTACT_SCORE + 0.9 * max(matcher.match(name), 0.5),
                _highlight(matcher, label),
                partial(self.app.jump_to, row.id),
                text=label,
            )
