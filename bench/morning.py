"""The morning loop at 100k: open Today, act on ten people, undo one; p95 per action.

    .venv/bin/python -m bench.morning [--size N]

The same pty session as the typing session (``bench.tui.session``, which starts on the list), then
``T``, ten ``c`` (called: logs a call and the next person comes up) and one ``u``. Each key is timed by the in-app probe
from the key to the frame that shows what it did (``act`` records: the action that ran).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench import data, tui

ACTS = 10


def keys() -> list[tuple]:
    """Today, once its cards are read ("ready:today": a key sent before would find no card), then the ten."""
    return [("T", True, '"ready:today"')] + [("c", True)] * ACTS + [("u", True)]


def actions(records: list[dict]) -> list[float]:
    """Milliseconds of each Today key: opening it, each call logged, the undo."""
    return [r["ms"] for r in records if r.get("key") in ("T", "c", "u") and "after" not in r]


@contextmanager
def prepared(size: int, prefix: str, warm: bool = True) -> Iterator[tuple[Path, dict, Path]]:
    """A working copy of the cached demo network of ``size`` people, started once if ``warm`` (the
    day's first start done: reminders announced, backup taken): (its database, the environment, a
    scratch folder)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp_name:
        tmp = Path(tmp_name)
        env = data.child_env(tmp)
        built, _ = data.demo_db(size, tmp)
        work = data.copy_db(built, tmp / "work" / "netui.db")
        if warm:
            tui.warm_up(work, data.first_name_shown(work, env), env, tmp)
        yield work, env, tmp


def records(path: Path) -> list[dict]:
    """The probe's records so far (one JSON object a line)."""
    try:
        return [json.loads(line) for line in path.read_text().splitlines()]
    except FileNotFoundError:
        return []


def run(db: Path, env: dict, tmp: Path) -> tuple[list[float], list[dict]]:
    """Run the loop on ``db`` (a copy: it writes); the latencies and the probe's records."""
    marker = data.first_name_shown(db, env)
    records, _ = tui.session(db, marker, env, tmp, tmp / "probe-morning.jsonl", keys=keys())
    return actions(records), records


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import p95

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args(argv)
    with prepared(args.size, "netui-morning-") as (work, env, tmp):
        values, seen = run(work, env, tmp)
    for r in seen:
        print(r)
    ready = [r["ms"] for r in seen if r.get("key") == "T" and r["what"] == "ready:today"]
    if ready:
        print(f"Today's cards drawn {ready[0]:.0f} ms after T (read on a worker; the first frame says it is reading)")
    if values:
        print(f"morning loop at {args.size:,}: p50 {statistics.median(values):.1f} ms, p95 {p95(values):.1f} ms "
              f"(n={len(values)})")
    else:
        print("morning loop: no records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
