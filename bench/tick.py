"""The reminder tick at two network sizes with the same work due, each in a fresh process.

    .venv/bin/python -m bench.tick DB [--repeat 7]   (prints one JSON line)

The database (a copy) is first changed so that exactly ``DUE`` contacts are due to be kept in touch
with and ``DUE`` reminders are due and not yet announced, however many people it holds: the rest are
moved to 2031. The app then runs headless with the probe on; after its own start-up work is done
(the catch-up tick, the integrity check, the daily backup) the tick is run ``repeat`` times, each
time with the same reminders made unannounced again. Measured: the whole tick (the worker, which
waits for the UI thread's part) and, by the probe, the UI thread's part alone.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.data import NOW

DUE = 20
FAR = "2031-01-01 00:00:00"


def prepare(path: Path) -> list[int]:
    """Leave ``DUE`` due contacts and ``DUE`` due reminders; returns the reminders' ids."""
    import sqlite3

    now = dt.datetime.fromisoformat(NOW).isoformat(sep=" ")
    with sqlite3.connect(path) as con:
        con.execute(
            "UPDATE contact SET next_due_at = ? WHERE next_due_at <= ? AND id NOT IN "
            "(SELECT id FROM contact WHERE archived = 0 AND next_due_at <= ? ORDER BY next_due_at, id LIMIT ?)",
            (FAR, now, now, DUE),
        )
        keep = [r[0] for r in con.execute(
            "SELECT id FROM reminder WHERE next_due_at <= ? ORDER BY next_due_at, id LIMIT ?", (now, DUE)
        )]
        marks = ",".join("?" * len(keep)) or "NULL"
        con.execute(f"UPDATE reminder SET next_due_at = ? WHERE next_due_at <= ? AND id NOT IN ({marks})", (FAR, now, *keep))
        con.execute(f"UPDATE reminder SET notified_for = NULL WHERE id IN ({marks})", keep)
    return keep


async def _ticks(path: Path, keep: list[int], repeat: int) -> list[float]:
    from netui.db import db
    from netui.tui.app import NetuiApp

    now = dt.datetime.fromisoformat(NOW)
    app = NetuiApp(db_path=path, now=lambda: now)
    out = []
    marks = ",".join("?" * len(keep)) or "NULL"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for run in range(repeat + 1):
            db.execute_sql(f"UPDATE reminder SET notified_for = NULL WHERE id IN ({marks})", keep)
            start = time.perf_counter()
            await app.tick().wait()
            if run:  # the first one warms up
                out.append(time.perf_counter() - start)
            await pilot.pause()
    return out


def measure(path: Path, repeat: int) -> dict:
    keep = prepare(path)
    from netui.core import reminders, settings
    from netui.db import close_database, db, open_database

    settings.use(settings.Settings())
    open_database(path)
    times = asyncio.run(_ticks(path, keep, repeat))
    due = reminders.due_count(dt.datetime.fromisoformat(NOW))
    contacts = db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    close_database()
    return {"tick_ms": statistics.median(times) * 1000, "runs": len(times), "due": due, "contacts": contacts}


def run(path: Path, repeat: int, env: dict) -> dict:
    """Measure in a fresh interpreter (nothing cached from another size); the probe's UI-thread times added."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "probe.jsonl"
        out = subprocess.run(
            [sys.executable, "-m", "bench.tick", str(path), "--repeat", str(repeat)],
            env={**env, "NETUI_PROBE": str(probe)}, capture_output=True, text=True, check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        ui = [json.loads(line) for line in probe.read_text().splitlines()] if probe.exists() else []
    ui = [r["ms"] for r in ui if r["what"] == "tick-ui"][-repeat:]  # the start-up tick left out
    result["ui_ms"] = statistics.median(ui) if ui else None
    result["ui_max_ms"] = max(ui) if ui else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.setdefault("NETUI_NOW", NOW)
    print(json.dumps(measure(Path(args.db), args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
