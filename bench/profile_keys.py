"""Where a key's time goes on the UI thread: cProfile of the real app (headless) at 100k.

    .venv/bin/python -m bench.profile_keys [--size N] [--downs N] [--top N] [--screen KEY] [--type TEXT]

The app runs under Textual's test driver on a copy of the cached demo network; each ``down`` is sent
and the pane is waited for (its worker, if any) before the next. ``--screen T`` (or t, r, O, G, as
``bench.screens``) profiles opening that screen from the list and then the moves in it (``j`` in
triage); ``--type a`` profiles typing those letters into the filter instead of the moves. Only the UI thread is profiled: a
pane read on a worker thread does not count, as it does not delay a frame. Prints the UI thread's
CPU time per key and the top entries by own time. ``PYTHONPATH=OTHER_CHECKOUT`` profiles other code.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path

from bench import data


async def _drive(db: Path, downs: int, profiler: cProfile.Profile, screen: str = "", typed: str = "",
                 opening: cProfile.Profile | None = None) -> float:
    from netui.db import open_database
    from netui.tui.app import NetuiApp

    open_database(db)
    app = NetuiApp(db_path=db, start="main")
    async with app.run_test(size=(100, 30)) as pilot:
        await _idle(pilot, every=True)
        if screen:
            start = time.perf_counter()
            opening.enable()  # the key, the screen's reads (workers: not profiled) and drawing what they read
            await pilot.press(screen)
            await _idle(pilot, every=True)
            await pilot.pause()
            opening.disable()
            print(f"opening {screen}: {(time.perf_counter() - start) * 1000:.0f} ms until it is drawn and idle")
        keys = list(typed) if typed else ["j" if screen == "t" else "down"] * downs
        if typed:
            await pilot.press("slash")
        cpu = time.process_time()
        for key in keys:
            profiler.enable()
            await pilot.press(key)
            await _idle(pilot)
            profiler.disable()
        return (time.process_time() - cpu) * 1000 / len(keys)


async def _idle(pilot, every: bool = False) -> None:
    """Until the pane's worker (``every``: all workers) is done and no pane is due."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        busy = [w for w in app.workers if (every or w.group == "pane") and not w.is_finished]
        if not busy and not getattr(app.screen, "_pane_due", False):
            return
        if busy:
            await app.workers.wait_for_complete(busy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--downs", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--screen", default="", help="open this screen's key first (T, t, r, O, G)")
    parser.add_argument("--type", default="", help="type these letters into the filter instead of moving")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-profile-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ.update(data.child_env(tmp))
        built, _ = data.demo_db(args.size, tmp)
        work = data.copy_db(built, tmp / "work" / "netui.db")
        profiler, opening = cProfile.Profile(), cProfile.Profile()
        per_key = asyncio.run(_drive(work, args.downs, profiler, args.screen, args.type, opening))
    for title, prof in ((f"opening {args.screen}", opening), ("the keys", profiler)) if args.screen else (("the keys", profiler),):
        for order, only in (("tottime", ()), ("cumtime", ("netui",))):
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(order).print_stats(*only, args.top)
            print(f"--- {title}, by {order}{' (netui only)' if only else ''}")
            print(out.getvalue().split("function)", 1)[-1])
    print(f"process CPU per key (UI thread profiled; workers run beside it): {per_key:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
