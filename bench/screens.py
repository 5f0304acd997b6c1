"""Every screen at 100k: opening it, and moving in it, each key timed to its frame by the in-app probe.

    .venv/bin/python -m bench.screens [--size N] [--rounds R] [--moves M]

One pty session on a copy of the demo network (``bench.morning.prepared``), on the list once the
day's first start is done (its check and backup: the session waits until the app is idle). For
each screen in turn, Today ``T``, triage ``t``, the Agenda ``r``, the overview ``O`` and the give list
``G``: its key, then ``M`` moves (``down``; in triage ``j`` and ``k``, a card on and back), then back to
the list. Three figures per screen: key to the screen's first frame, key to the frame with what it
read on a worker (the probe's ``ready``; the screen reads on a worker, so this is not a key's latency
but the wait for its content) and key to frame for each move (p50 and p95). About two minutes at
100k on two cores, most of it the copy of the network and the day's first start (check, backup).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench import data, tui
from bench.__main__ import log, p95
from bench.morning import prepared, records
from bench.terminal import Terminal

# key -> (screen, its move keys taken in turn, what the app's "ready" probe names); escape leaves each
# (``tui.to_list``). Triage goes a card on and back: its walk (Today's queue) may be shorter than the moves.
SCREENS = {
    "T": ("Today", ("down",), "today"),
    "t": ("Triage", ("j", "k"), "triage"),
    "r": ("Agenda", ("down",), "agenda"),
    "O": ("Overview", ("down",), "overview"),
    "G": ("Give list", ("down",), "gives"),
}
WAIT = 30.0  # seconds a screen's content may take before the bench gives up on it (and goes on)
MOVE_WAIT = 5.0  # the same for a move's frame


def _wait(probe: Path, seen: int, found, timeout: float = WAIT) -> dict | None:
    """The first record after the first ``seen`` that ``found`` accepts, waiting up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = next((r for r in records(probe)[seen:] if found(r)), None)
        if got is not None:
            return got
        time.sleep(0.005)
    return None


def _key(term: Terminal, probe: Path, key: str, found, timeout: float = WAIT) -> dict | None:
    """Press ``key``; the probe's record of its frame (None: none came)."""
    seen = len(records(probe))
    before = len(term.output)
    term.press(key, settle=0.0, timeout=0.0)
    got = _wait(probe, seen, found, timeout)
    term.settle(0.03, timeout=3.0, after=before)
    return got


def run(db: Path, env: dict, tmp: Path, rounds: int = 1, moves: int = 15) -> dict[str, dict[str, list[float]]]:
    """Open each screen ``rounds`` times on ``db`` (a copy: the app writes), ``moves`` keys in each."""
    probe = tmp / "probe-screens.jsonl"
    probe.unlink(missing_ok=True)
    out = {key: {"open": [], "ready": [], "move": []} for key in SCREENS}
    term = Terminal(tui.netui_argv(db), {**env, "NETUI_PROBE": str(probe)}, tui.SIZE, cwd=tmp)
    try:
        term.wait_for(data.first_name_shown(db, env), timeout=120)
        term.wait_idle()
        tui.to_list(term)
        log("on the list")
        for _ in range(rounds):
            for key, (name, move, ready) in SCREENS.items():
                log(f"{name} ...")
                seen = len(records(probe))
                opened = _key(term, probe, key, lambda r, k=key: r.get("key") == k and "after" not in r)
                if opened is not None:
                    out[key]["open"].append(opened["ms"])
                content = _wait(probe, seen, lambda r, k=key, w=ready: r.get("key") == k and r.get("what") == f"ready:{w}")
                if content is not None:
                    out[key]["ready"].append(content["ms"])
                term.settle(0.1, timeout=5.0)
                for n in range(moves):
                    m = move[n % len(move)]
                    moved = _key(term, probe, m, lambda r, m=m: r.get("key") == m and "after" not in r, MOVE_WAIT)
                    if moved is not None:
                        out[key]["move"].append(moved["ms"])
                tui.to_list(term)
    finally:
        term.finish(("q",), timeout=120)
    return out


def table(values: dict[str, dict[str, list[float]]], size: int) -> str:
    """The figures as one Markdown table (ms)."""
    def cell(v: list[float], fn) -> str:
        return f"{fn(v):,.1f}" if v else "-"

    rows = [f"every screen at {size:,} (ms; open and ready: median; moves: n per screen in brackets)",
            "| screen | key to first frame | key to its content | move p50 | move p95 |", "|---|---|---|---|---|"]
    for key, (name, move, _) in SCREENS.items():
        v = values[key]
        rows.append(f"| {name} (`{key}`, `{' '.join(move)}`) | {cell(v['open'], statistics.median)} | "
                    f"{cell(v['ready'], statistics.median)} | {cell(v['move'], statistics.median)} | "
                    f"{cell(v['move'], p95)} ({len(v['move'])}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--moves", type=int, default=15)
    args = parser.parse_args(argv)
    with prepared(args.size, "netui-screens-", warm=False) as (work, env, tmp):  # run() waits out the first start
        log("warmed up")
        values = run(work, env, tmp, args.rounds, args.moves)
    print(table(values, args.size))
    print(json.dumps(values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
