"""The baseline for keys: a bare Textual app with a filter and a list answering the same keys as netui.

    NETUI_PROBE=FILE .venv/bin/python -m bench.key_app

Stock widgets only (an ``Input`` and an ``OptionList`` of 1,000 names, filtered in memory: 30 pages), timed by the
same probe as netui (``netui.tui.probe``): ``/`` then letters and backspace filter, ``escape`` clears,
``pagedown`` pages, ``down`` moves the cursor. What a key costs here is Textual's frame and the
terminal's round trip; what netui's key costs beyond it is netui's.
"""

from __future__ import annotations

import random

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList

from netui.core.demo import FIRST, LAST, ORGS
from netui.tui import probe

READY = "key baseline ready"


def names(count: int = 1000, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return sorted(f"{rng.choice(FIRST)} {rng.choice(LAST)}  ·  {rng.choice(ORGS)}" for _ in range(count))


class Names(OptionList):
    def action_cursor_down(self) -> None:
        probe.mark("open")
        super().action_cursor_down()

    def action_page_down(self) -> None:
        probe.mark("scroll")
        super().action_page_down()


class KeyApp(App[None]):
    BINDINGS = [Binding("slash", "filter", "filter"), Binding("escape", "clear", "clear"), Binding("q", "quit", "quit")]

    def __init__(self) -> None:
        super().__init__()
        probe.install(self)
        self.everyone = names()

    def compose(self) -> ComposeResult:
        yield Input(placeholder=READY, id="filter")
        yield Names(*self.everyone, id="list")

    def on_mount(self) -> None:
        self.query_one(Names).focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_clear(self) -> None:
        probe.mark("filter")
        self.query_one(Input).value = ""
        self.query_one(Names).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        probe.mark("filter")
        text = event.value.lower()
        rows = self.query_one(Names)
        rows.clear_options()
        rows.add_options([n for n in self.everyone if text in n.lower()])
        if rows.option_count:
            rows.highlighted = 0


if __name__ == "__main__":
    KeyApp().run()
