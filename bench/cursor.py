"""A focused figure: cursor down at 100k, split into the list's frame and the pane's frame.

    .venv/bin/python -m bench.cursor [--size N] [--downs N]

The same pty session as ``make bench`` (``bench.tui.session``), with only ``down`` keys in the detail
and the strength pane; a minute instead of ten. Figures from two runs compare only when they were
measured minutes apart on the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench import data, tui
from bench.__main__ import p95


def split(records: list[dict]) -> dict[str, list[float]]:
    """Milliseconds from each cursor key to its list frame ("list") and to its pane frame ("pane")."""
    out: dict[str, list[float]] = {"list": [], "pane": []}
    for r in records:
        if r.get("key") not in ("down", "up"):
            continue
        if r["what"].startswith("open"):
            out["list"].append(r["ms"])
        elif r["what"].startswith("pane") and str(r.get("after", "")).startswith("open"):
            out["pane"].append(r["ms"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--downs", type=int, default=30, help="cursor keys in each pane")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-cursor-") as tmp_name:
        tmp = Path(tmp_name)
        env = data.child_env(tmp)
        built, _ = data.demo_db(args.size, tmp)
        work = data.copy_db(built, tmp / "work" / "netui.db")
        marker = data.first_name_shown(work, env)
        tui.warm_up(work, marker, env, tmp)
        keys = [("down", True)] * args.downs + [("2", True)] + [("down", True)] * args.downs
        records, rss = tui.session(work, marker, env, tmp, tmp / "probe.jsonl", keys=keys)
    for name, values in split(records).items():
        if values:
            print(f"cursor down to the {name} frame at {args.size:,}: p50 {statistics.median(values):.1f} ms, "
                  f"p95 {p95(values):.1f} ms (n={len(values)})")
        else:
            print(f"cursor down to the {name} frame: no records")
    print(f"peak memory {rss:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
