"""Every key of the screen it was opened from, read from that screen's command list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen

from netui.tui.commands import SAME_KEYS, Command, keys_display
from netui.tui.safe import line
from netui.tui.widgets.wrapped import Wrapped

GENERAL = (
    ("↑ ↓ j k", "move in the list"),
    ("pgup pgdn home end", "jump in the list"),
    ("tab", "move between the list and the panes"),
    ("ctrl+p", "command palette: every command, and jump to a contact by name"),
)


# The search language (netui.core.searchlang), for screens with a filter box. Every term can be
# negated with a leading minus; anything else typed is searched as words.
SEARCH = (
    ("ada lov", "words: each the start of a word in the name, organisation, emails, tags or notes"),
    ('"exact phrase"', "these words, next to each other"),
    ("-word", "leave out who matches; works before any term: -tag:work, -is:due"),
    ("tag:  circle:  tier:", "a tag; a circle (ace inner regular outer); a tier (strong warm weak cold)"),
    ("trend:fading", "the score against a month ago: rising, steady or fading"),
    ("org:  title:", "the organisation; the job title"),
    ("met:2026", "met then: met:2026-03, met:2026-01..2026-03, met:..2025"),
    ("last:>90d", "last contact over 90 days ago, or never; last:<2w, last:never, last:2026-10"),
    ("is:overdue  is:due", "keep-in-touch date before today; today or before"),
    ("is:archived", "search the archived people"),
    ("city:london", "the town of a postal address"),
    ("has:email  has:phone", "also has:url, has:tag, has:note, has:birthday, has:address"),
    ("owes:me  owed:me", "favours out of balance: they owe you; you owe them (owes:2: by two or more)"),
    ("saved searches", 'config.toml [searches], e.g. "due inner" = "circle:inner is:due"; ctrl+p: Saved: NAME'),
)


Row = tuple[Content, int]  # a line and the column its wrapped lines hang at


def command_rows(commands: tuple[Command, ...], keymap: dict[str, str]) -> list[Row]:
    """One line a command: its key (as remapped), the name ``[keys]`` remaps it by, and what it does;
    the columns as wide as this list needs, so that the sentence keeps most of an 80-column line, and
    a sentence that wraps hangs under its own first word."""
    keys = [keys_display(keymap[c.id]) if c.id in keymap else c.keys_display for c in commands]
    key_width = max((len(k) for k in keys), default=0) + 2
    name_width = max((len(c.id) for c in commands), default=0) + 2
    return [(line((f"  {k:<{key_width}}", "bold"), (f"{c.id:<{name_width}}", "$text-muted"), c.help),
             2 + key_width + name_width)
            for k, c in zip(keys, commands, strict=True)]


def table_rows(pairs: tuple[tuple[str, str], ...]) -> list[Row]:
    """``(keys, what)`` pairs as two columns, the first as wide as its longest keys; ``what`` hangs under itself."""
    width = max((len(k) for k, _ in pairs), default=0) + 2
    return [(line((f"  {k:<{width}}", "bold"), what), 2 + width) for k, what in pairs]


def heading(title: str) -> list[Row]:
    return [(Content(""), 0), (line((title, "bold $text-accent")), 2), (Content(""), 0)]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.source = screen

    def compose(self) -> ComposeResult:
        keymap = self.app.current_keymap()
        rows: list[Row] = [(line(("Keys", "bold $text-accent"), ("   key, its name in config.toml [keys], what it does", "$text-muted")), 7),
                           (Content(""), 0)]
        rows += command_rows(tuple(getattr(self.source, "COMMANDS_LIST", ())), keymap)
        for title, commands in getattr(self.source, "HELP_SECTIONS", ()):
            rows += heading(title)
            rows += command_rows(commands, keymap)
        rows += heading("The same key on every screen")
        rows += table_rows(SAME_KEYS)
        general = getattr(self.source, "HELP_GENERAL", GENERAL)
        if general:
            rows += heading("Also")
            rows += table_rows(general)
        if self.source.query("#filter"):
            rows += heading("Search (the filter box, and netui list --search)")
            rows += table_rows(SEARCH)
        names = [cmd.id for cmd in getattr(self.source, "COMMANDS_LIST", ())]
        rows += [(Content(""), 0),
                 (line(("esc closes this help. Keys are remapped in config.toml [keys] by the name beside each",
                        "$text-muted"), (f', e.g. "{names[0]}" = "ctrl+a".' if names else ".", "$text-muted")), 0)]
        with Vertical(id="help"):
            with VerticalScroll():
                yield Wrapped(rows, id="help-body")

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
