"""Driving the app like a user: type text, read the screen as text."""

from __future__ import annotations

from pathlib import Path

from netui.core import settings

KEY_NAMES = {
    " ": "space", "/": "slash", "?": "question_mark", "-": "minus", "@": "at", ".": "full_stop",
    ",": "comma", ":": "colon", "'": "apostrophe", "[": "left_square_bracket", "]": "right_square_bracket",
    "=": "equals_sign", "\"": "quotation_mark", "*": "asterisk", "+": "plus", "#": "number_sign",
    "(": "left_parenthesis", ")": "right_parenthesis", "_": "underscore",
}


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[KEY_NAMES.get(ch, ch) for ch in text])


def screen_text(app) -> str:
    """Everything visible on the screen (all layers), as plain text lines."""
    # As App.export_screenshot does: a full render with the screens beneath a modal made visible.
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


async def settle(pilot) -> None:
    """Let the app handle what is queued, and the main screen's pane worker and the screens' queue
    reads (Today, triage) finish (each is drawn when its read is back)."""
    await pilot.pause()
    await pilot.pause()
    await screens_read(pilot)
    await panes_read(pilot)


SCREEN_READS = ("today", "triage", "gives-owed", "count")  # worker groups that read off the UI thread (count: the header's due count)


async def screens_read(pilot, rounds: int = 20) -> None:
    """Wait until no queue read of a screen is running (a read that lands is drawn at once)."""
    app = pilot.app
    for _ in range(rounds):
        pending = [w for w in app.workers if w.group in SCREEN_READS and not w.is_finished]
        if not pending:
            return
        await workers_finished(pilot, pending)
        await pilot.pause()


async def panes_read(pilot, rounds: int = 50) -> None:
    """Wait until no pane read is due or running (each read that lands may ask for the next)."""
    app = pilot.app
    for _ in range(rounds):
        pending = [w for w in app.workers if w.group == "pane" and not w.is_finished]
        due = any(getattr(screen, "_pane_due", False) for screen in app.screen_stack)
        if not pending and not due:
            return
        if pending:
            await workers_finished(pilot, pending)
        await pilot.pause()


async def workers_finished(pilot, workers=None, timeout: float = 15.0) -> None:
    """Wait until these workers (default: all the app's) are finished, cancelled and failed ones
    included: a read cancelled by a newer one is normal, and ``Worker.wait`` raises on it."""
    import asyncio

    from textual.worker import WorkerState

    chosen = list(pilot.app.workers if workers is None else workers)
    running = [w for w in chosen if w.state != WorkerState.PENDING]
    await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
    await wait_for(pilot, lambda: all(w.is_finished for w in chosen), timeout)  # those not started yet


async def started(pilot) -> None:
    """Let start-up's put-off work land (the check, the daily backup, the first tick and what its
    workers wrote), so that what follows is the test's doing. Bounded: a damaged file never ticks."""
    app = pilot.app
    await wait_for(pilot, lambda: app._caught_up and not app._after_first_frame, timeout=10)
    await workers_finished(pilot)
    await settle(pilot)


class CountsTicks:
    """Mix into NetuiApp: counts the background ticks that have landed, so a test waits for a tick
    instead of sleeping through a few of them."""

    ticks = 0

    def _after_tick(self, items, count: int) -> None:
        super()._after_tick(items, count)
        self.ticks += 1


async def wait_for(pilot, condition, timeout: float = 15.0) -> bool:
    """Let the app run until ``condition()`` holds (workers and timers need real time); bounded."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return False
        await pilot.pause(0.05)
    return True


def use_config(tmp_path: Path, text: str) -> None:
    """Start the next app with this config.toml (``[keys]`` remappings and the like)."""
    config = tmp_path / "config.toml"
    config.write_text(text)
    settings.use(settings.load(config))
