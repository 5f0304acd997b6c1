"""Where a cursor key's time goes on the UI thread: cProfile of the real app (headless) at 100k.

    .venv/bin/python -m bench.profile_keys [--size N] [--downs N] [--top N]

The app runs under Textual's test driver on a copy of the cached demo network; each ``down`` is sent
and the pane is waited for (its worker, if any) before the next. Only the UI thread is profiled: a
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


async def _drive(db: Path, downs: int, profiler: cProfile.Profile) -> float:
    from netui.db import open_database
    from netui.tui.app import NetuiApp

    open_database(db)
    app = NetuiApp(db_path=db, start="main")
    async with app.run_test(size=(100, 30)) as pilot:
        await _idle(pilot)
        cpu = time.process_time()
        for _ in range(downs):
            profiler.enable()
            await pilot.press("down")
            await _idle(pilot)
            profiler.disable()
        return (time.process_time() - cpu) * 1000 / downs


async def _idle(pilot) -> None:
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        busy = [w for w in app.workers if w.group == "pane" and not w.is_finished]
        if not busy and not getattr(app.screen, "_pane_due", False):
            return
        if busy:
            await app.workers.wait_for_complete(busy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--downs", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-profile-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ.update(data.child_env(tmp))
        built, _ = data.demo_db(args.size, tmp)
        work = data.copy_db(built, tmp / "work" / "netui.db")
        profiler = cProfile.Profile()
        per_key = asyncio.run(_drive(work, args.downs, profiler))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    print(f"process CPU per cursor key (UI thread profiled; workers run beside it): {per_key:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
