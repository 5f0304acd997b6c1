"""Opening triage on a queue of 5,000 due people versus 5, in networks of the same size.

    .venv/bin/python -m bench.triage_bench [--contacts 20000] [--big 5000] [--small 5] [--repeat 7]

"Opening" is measured twice: in the core, what the triage screen does when it appears (fix the session:
the ordered ids go into a temporary table; read the first card), and in the app, headless, from
pressing ``t`` on the main screen until the first card is drawn. Both databases hold the same number
of contacts, so the difference is the size of the queue alone. The queue is paged from SQLite, so the
big one should cost about as much as the small one: the whole network is scanned once either way (for
the fading check) and only the sort of the people in the queue grows with it; no card but the first
is read. Also printed, for information: ``queue_count`` and the first page of ``queue_page``. Timings
live here, never in tests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

NOW = dt.datetime(2026, 11, 21, 10, 0)
CIRCLES = ("ace", "inner", "regular", "outer")


def build(path: Path, contacts: int, due: int) -> None:
    """A network of ``contacts`` people of whom ``due`` are overdue (a tenth of those with a due follow-up)."""
    from netui.db import close_database, db, open_database

    open_database(path)
    stamp = NOW.isoformat(sep=" ")
    rows, reminders = [], []
    for i in range(1, contacts + 1):
        is_due = i <= due
        next_due = NOW - dt.timedelta(days=1 + i % 200) if is_due else NOW + dt.timedelta(days=1 + i % 300)
        name = f"Person {i:06}"
        rows.append((
            i, str(uuid.UUID(int=i, version=4)), name, name.casefold(), "", "", "", "Acme", "Engineer",
            None, None, None, None, "", "", CIRCLES[i % 4], None, "", 0, stamp, stamp, None, None,
            next_due.isoformat(sep=" "), 20, "fading", 20, stamp,
        ))
        if is_due and i % 10 == 0:
            when = (NOW - dt.timedelta(days=1)).isoformat(sep=" ")
            reminders.append((i, "follow-up", "", when, when, when, stamp))
    with db.atomic():
        db.cursor().executemany(f"INSERT INTO contact VALUES ({', '.join('?' * len(rows[0]))})", rows)
        db.cursor().executemany(
            # Already announced: the app's reminder tick would otherwise raise one notification each.
            "INSERT INTO reminder (contact_id, kind, note, due_at, next_due_at, notified_for, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            reminders,
        )
    close_database()


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Median milliseconds of opening a session (plus its first card), of queue_count and of the first page."""
    from netui.core import settings, triage
    from netui.db import close_database, open_database

    settings.use(settings.Settings())
    open_database(path)
    times: dict[str, list[float]] = {"open": [], "count": [], "page": []}
    size = 0
    triage.queue_page(NOW, 0, 50)  # warm the page cache: both databases start alike
    for _ in range(repeat):
        start = time.perf_counter()
        session = triage.Session(NOW)
        triage.card(session.current, NOW)
        times["open"].append(time.perf_counter() - start)
        size = session.total
        session.close()
        start = time.perf_counter()
        triage.queue_count(NOW)
        times["count"].append(time.perf_counter() - start)
        start = time.perf_counter()
        triage.queue_page(NOW, 0, 50)
        times["page"].append(time.perf_counter() - start)
    times["app"] = asyncio.run(_app_open(repeat))
    close_database()
    out = {name: statistics.median(values) * 1000 for name, values in times.items()}
    out["size"] = size
    return out


async def _app_open(repeat: int) -> list[float]:
    """Seconds from pressing t on the main screen until the triage card is drawn (headless, 100x30)."""
    from netui.tui.app import NetuiApp
    from netui.tui.screens.triage import TriageScreen

    app = NetuiApp(now=lambda: NOW)
    out = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for run in range(repeat + 1):
            start = time.perf_counter()
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, TriageScreen)
            if run:  # the first one warms up
                out.append(time.perf_counter() - start)
            await pilot.press("q")
            await pilot.pause()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20_000, help="people in each network")
    parser.add_argument("--big", type=int, default=5_000, help="people due in the big queue")
    parser.add_argument("--small", type=int, default=5, help="people due in the small queue")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--measure", metavar="DB", help=argparse.SUPPRESS)  # one database, in a fresh process
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.repeat)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"small": Path(tmp) / "small.db", "big": Path(tmp) / "big.db"}
        build(paths["small"], args.contacts, args.small)
        build(paths["big"], args.contacts, args.big)
        results = {}
        for label, path in paths.items():  # each in its own interpreter: no state carried over
            run = subprocess.run(
                [sys.executable, "-m", "bench.triage_bench", "--measure", str(path), "--repeat", str(args.repeat)],
                capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
            )
            results[label] = json.loads(run.stdout.strip().splitlines()[-1])
    small, big = results["small"], results["big"]
    print(f"network of {args.contacts:,} contacts, median of {args.repeat} runs")
    rows = (
        ("open", "open triage: session + first card"), ("app", "open triage in the app (t to card)"),
        ("count", "queue_count"), ("page", "queue_page(0, 50)"),
    )
    for name, what in rows:
        print(
            f"  {what:<36} {small['size']:>6,} due: {small[name]:7.1f} ms   {big['size']:>6,} due: {big[name]:7.1f} ms"
            f"   ratio {big[name] / small[name]:.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
