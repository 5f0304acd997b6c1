"""The baseline for start-up: the smallest Textual app that draws a line of text, started like netui.

    .venv/bin/python -m bench.minimal_app
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY = "minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(READY)


if __name__ == "__main__":
    MinimalApp().run()
