"""The Sync screen (`S`, or "Sync" in the palette): how the last sync went, and every conflict it kept,
both values side by side, one key to pick each side.

A conflict is a field both this machine and another one changed since they last agreed (a contact's
title, a reminder's date), or a reminder deleted on the server while it was open here. Sync never
drops either value: netui's stays and the other waits here (and in ``netui sync --status``). ``m``
keeps this machine's value, ``t`` takes theirs; the next sync carries the answer to the other side.
Conflicts that are only a line to read (lists united, a deletion turned into archiving) go with either key.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netui.core.errors import ContactError
from netui.interop import sync
from netui.tui.commands import SYNC, bindings
from netui.tui.safe import line, notify
from netui.tui.screens.base import ListScreen
from netui.tui.writes import write

HEAD = "bold $text-accent"
MUTED = "$text-muted"


def _status() -> Content:
    """The last sync in a few lines, as ``netui sync --status`` says it, without the conflicts."""
    st = sync.status()
    lines = [text for text in sync.status_lines({**st, "conflicts": []}) if text != "no sync conflicts"]
    return Content("\n").join(
        line((text, "$text-error" if "failed" in text else MUTED if text.startswith("  ") else "")) for text in lines
    )


def _prompt(choice: sync.Choice, width: int) -> Content:
    """A conflict in three lines (name and what, then each side), cut to the list's width."""
    room = max(20, width - 16)

    def cut(text: str, room: int = room) -> str:
        text = " ↵ ".join(part for part in text.split("\n") if part.strip())
        return text if len(text) <= room else text[: room - 1] + "…"

    head = line((choice.name, "bold"), ("  " + cut(choice.what, max(10, width - 8 - len(choice.name))), MUTED))
    if not choice.field:
        return head
    return Content("\n").join([
        head,
        line(("  m here   ", MUTED), (cut(choice.here), "")),
        line(("  t there  ", MUTED), (cut(choice.there), "")),
    ])


class SyncScreen(ListScreen):
    """The last sync and the conflicts it kept; ``m`` keeps this machine's value, ``t`` takes theirs."""

    COMMANDS_LIST = SYNC
    BINDINGS = bindings(SYNC)
    HELP_GENERAL = (
        ("↑ ↓", "move between conflicts"),
        ("ctrl+p", "command palette"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[sync.Choice] = []

    def compose(self) -> ComposeResult:
        yield Static(line(("Sync", HEAD)), id="sync-title")
        yield Static(id="sync-status")
        yield Static(id="sync-count")
        yield OptionList(id="sync-conflicts")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.query_one("#sync-status", Static).update(_status())
        self.choices = sync.choices()
        listing = self.query_one("#sync-conflicts", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        width = self.size.width or 80
        listing.add_options([Option(_prompt(c, width), id=c.key) for c in self.choices])
        n = len(self.choices)
        count = "No sync conflicts: both sides agree." if not n else (
            f"{n} conflict{'s' * (n != 1)}: m keeps this machine's value, t takes the other side's")
        self.query_one("#sync-count", Static).update(line((count, "" if n else MUTED)))
        listing.display = bool(n)
        if n:
            listing.highlighted = min(keep or 0, n - 1)
            listing.focus()

    def _pick(self, side: str) -> None:
        listing = self.query_one("#sync-conflicts", OptionList)
        if not self.choices or listing.highlighted is None:
            notify(self.app, "No conflict to settle.")
            return
        choice = self.choices[listing.highlighted]
        label = f"sync conflict: {choice.name}, {choice.what} from {'here' if side == 'here' else 'there'}"
        try:
            said = write(self.app, label, [choice.contact_id], lambda: sync.resolve(choice, side, self.app.now()))
        except ContactError as exc:
            notify(self.app, str(exc), severity="warning")
            self.reload()
            return
        notify(self.app, said)
        self.reload()

    def action_mine(self) -> None:
        self._pick("here")

    def action_theirs(self) -> None:
        self._pick("there")
