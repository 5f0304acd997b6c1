"""Write screenshots/*.svg from the demo network: `make screenshots`.

The app runs headless at 100x30 (and the main screen also at 80x24) on a fresh demo database with the
clock pinned, so the pictures are reproducible. The snapshot tests (tests/snapshots/) use the same
screens, database and settling, at 80x24 and 120x40.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from textual.widgets import Input, TextArea

from netui.core import demo
from netui.db import close_database, open_database
from netui.tui.app import NetuiApp

NOW = dt.datetime(2026, 11, 21, 10, 0)
OUT = Path(__file__).resolve().parent.parent / "screenshots"
DEMO_CONTACTS, DEMO_SEED = 300, 1

# (file name, size, keys to press after start); keys run on the main screen.
SHOTS = [
    ("main", (100, 30), ["down", "down", "down"]),
    ("main-80x24", (80, 24), ["down", "down", "down"]),
    ("filter", (100, 30), ["slash", *"mei", "enter"]),
    ("strength", (100, 30), ["down", "down", "down", "2"]),
    ("give", (100, 30), ["down", "down", "down", "3"]),
    ("help", (100, 30), ["question_mark"]),
    ("form-add", (100, 30), ["a"]),
    ("timeline", (100, 30), ["down", "down", "down", "enter"]),
    ("welcome", (80, 24), None),
]
EXTRA: list[tuple[str, tuple[int, int], list[str] | None]] = [
    ("agenda", (100, 30), ["r"]),
    ("overview", (100, 30), ["O"]),
    ("triage", (100, 30), ["t"]),
    ("today", (100, 30), ["T"]),
]


class ShotApp(NetuiApp):
    """The app as it is, noting when its first background tick has landed: that tick raises the toasts of
    what came due and recounts, and a picture taken before it would depend on timing."""

    ticked = False

    def _after_tick(self, items, count: int) -> None:
        super()._after_tick(items, count)
        self.ticked = True


def make_database(path: Path, demo_network: bool = True) -> None:
    """Open (creating) the database at ``path``, with the demo network in it unless it is the welcome screen's."""
    open_database(path)
    if demo_network:
        demo.generate(DEMO_CONTACTS, seed=DEMO_SEED, now=NOW)


async def settle(pilot, timeout: float = 30.0) -> None:
    """Wait until the app is still: its first tick landed (a ShotApp), no worker running (a screen's loader,
    the palette's search), its messages handled, no toast left (they come and go with time) and no cursor
    blinking."""
    app = pilot.app
    end = time.monotonic() + timeout
    while True:
        await pilot.pause()
        busy = [w.name for w in app.workers if not w.is_finished]
        busy += ["pane (due)" for screen in app.screen_stack if getattr(screen, "_pane_due", False)]
        if not busy and getattr(app, "ticked", True):
            break
        if time.monotonic() > end:
            raise TimeoutError(f"not settled after {timeout} s: workers {busy}, first tick {getattr(app, 'ticked', None)}")
        await pilot.pause(0.02)
    await pilot.wait_for_scheduled_animations()
    app.clear_notifications()
    for widget in (*app.screen.query(Input), *app.screen.query(TextArea)):
        widget.cursor_blink = False
    await pilot.pause()
    # Rows drawn once a list knows its width change heights, and the page lays out again: wait until two
    # looks in a row find every widget where it was (a busy machine can leave one more layout pending).
    shape, still_by = None, time.monotonic() + 5
    while shape != (shape := _layout(app)) and time.monotonic() < still_by:
        await pilot.pause(0.02)
    await pilot.pause()


def _layout(app) -> list[tuple]:
    """Where each widget of the screen is, how much it holds and how far it is scrolled."""
    return [(id(w), w.region, w.virtual_size, w.scroll_offset) for w in app.screen.walk_children(with_self=True)]


async def play(pilot, keys: list[str] | None) -> None:
    """Press ``keys`` one at a time, the app settled before, between and after."""
    await settle(pilot)
    for key in keys or []:
        await pilot.press(key)
        await settle(pilot)


async def shoot(name: str, size: tuple[int, int], keys: list[str] | None, folder: Path) -> Path:
    path = folder / f"{name}.db"
    make_database(path, demo_network=keys is not None)
    app = ShotApp(db_path=path, now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        await play(pilot, keys)
        if keys and name in {n for n, _, _ in EXTRA} and type(app.screen).__name__ == "MainScreen":
            raise RuntimeError("that screen does not exist yet")
        target = OUT / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(OUT))
    close_database()
    return target


def main() -> None:
    os.environ["NETUI_NOW"] = NOW.isoformat()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, keys in SHOTS + EXTRA:
            try:
                target = asyncio.run(shoot(name, size, keys, Path(tmp)))
            except Exception as exc:  # a screen not built yet should not stop the others
                print(f"skipped {name}: {exc}")
                continue
            print(f"wrote {target.relative_to(OUT.parent)}")


if __name__ == "__main__":
    main()
