"""Sync's own part, without the network: netui's first sync of 10,000 contacts into an empty vdir
folder (every card written), then a sync where nothing changed on either side, and the same for the
reminders' calendar folder. vdirsyncer and the server are left out: they are the same whatever netui does.

    .venv/bin/python -m bench.sync_bench [--contacts N]

Each sync runs in a child process on a copy of the demo network (``bench.data``), timed around the
call itself (``sync_contacts`` / ``sync_reminders``), so the figures are netui's work, not Python's
start-up. The no-change goal: under a second at 10,000 contacts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import data

CONTACTS = 10_000
GOAL_S = 1.0

# Run in the child: one sync, timed around the call; prints the seconds and the report's counts.
_ONE = """
import json, sys, time, datetime as dt
from netui.db import open_database
from netui.interop import sync
open_database(sys.argv[1])
now = dt.datetime.fromisoformat(sys.argv[4])
start = time.perf_counter()
if sys.argv[2] == "contacts":
    counts = sync.sync_contacts(sys.argv[3], now).counts()
else:
    counts = sync.sync_reminders(sys.argv[3], now).counts()
print(json.dumps({"seconds": time.perf_counter() - start, "counts": counts}))
"""


def one(db: Path, kind: str, folder: Path, env: dict) -> dict:
    out = subprocess.run([str(data.BIN / "python"), "-c", _ONE, str(db), kind, str(folder), data.NOW],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(tmp: Path, env: dict, *, contacts: int = CONTACTS, log=print) -> dict:
    """First sync and no-change sync of contacts and reminders, seconds each (the no-change ones: best of 3)."""
    network, _ = data.demo_db(contacts, tmp)
    db = data.copy_db(network, tmp / "sync" / "netui.db")
    cards, calendar = tmp / "sync" / "cards", tmp / "sync" / "calendar"
    out: dict = {"people": contacts}
    for kind, folder in (("contacts", cards), ("reminders", calendar)):
        log(f"first {kind} sync of {contacts:,} contacts ...")
        first = one(db, kind, folder, env)
        log(f"  {first['seconds']:.2f} s, {first['counts']['written']:,} files written")
        log(f"{kind} sync with nothing changed ...")
        again = [one(db, kind, folder, env) for _ in range(3)]
        assert all(a["counts"]["written"] == 0 for a in again), again
        out[kind] = {"first": round(first["seconds"], 3), "files": first["counts"]["written"],
                     "no_change": round(min(a["seconds"] for a in again), 3)}
    return out


def rows(result: dict) -> list[tuple]:
    """(name, value, unit, goal, baseline, baseline_of, ratio, met) for the table."""
    n, c, r = result["people"], result["contacts"], result["reminders"]
    return [
        (f"sync: first contacts sync, {n:,} contacts ({c['files']:,} cards written)", c["first"], "s", "reported",
         None, "", None, None),
        (f"sync: contacts, nothing changed ({n:,} contacts)", c["no_change"], "s", f"< {GOAL_S:.0f} s",
         None, "", None, c["no_change"] < GOAL_S),
        (f"sync: first reminders sync ({r['files']:,} items)", r["first"], "s", "reported", None, "", None, None),
        ("sync: reminders, nothing changed", r["no_change"], "s", f"< {GOAL_S:.0f} s", None, "", None,
         r["no_change"] < GOAL_S),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        result = run(tmp, data.child_env(tmp), contacts=args.contacts,
                     log=lambda text: print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True))
    for name, value, unit, goal, *_rest, met in rows(result):
        print(f"{name}: {value:.2f} {unit} (goal {goal}) {'' if met is None else 'met' if met else 'SHORT'}")
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
