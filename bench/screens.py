"""Opening each screen at 100k: the key's first frame and the frame with what the screen is for.

    .venv/bin/python -m bench.screens [--size N] [--rounds R]

From the list (the same pty session as the typing session), each screen's key in turn: Today ``T``,
triage ``t``, the Agenda ``r``, the overview ``O`` and the give list ``G``, then escape back to the
list. Two figures per key: the in-app probe's key to first frame (the screen's frame, and its reading
line where the screen reads on a worker), and key to the first sight of the screen's content on the
terminal (a name of Today's queue, the agenda's first group, the overview's counts, the give list's
title), timed from outside as start-up is.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench import data, tui
from bench.terminal import Terminal, Timeout

# key -> (screen, what its content shows once read; None: the first name of Today's queue)
SCREENS = {
    "T": ("Today", None),
    "t": ("Triage", None),
    "r": ("Agenda", "OVERDUE"),
    "O": ("Overview", "deep ("),
    "G": ("Give list", "open idea"),
}


def run(db: Path, env: dict, tmp: Path, rounds: int = 3) -> dict[str, dict[str, list[float]]]:
    """Open each screen ``rounds`` times on ``db`` (a copy: the app writes); milliseconds per key."""
    marker = data.first_name_shown(db, env)
    probe = tmp / "probe-screens.jsonl"
    probe.unlink(missing_ok=True)
    out: dict[str, dict[str, list[float]]] = {key: {"frame": [], "content": []} for key in SCREENS}
    term = Terminal(tui.netui_argv(db), {**env, "NETUI_PROBE": str(probe)}, tui.SIZE, cwd=tmp)
    try:
        term.wait_for(marker, timeout=120)
        term.wait_idle()
        tui.to_list(term)
        for _ in range(rounds):
            for key, (_, shows) in SCREENS.items():
                seen = _records(probe)
                start = len(term.output)
                t0 = time.monotonic()
                term.press(key, settle=0.0, timeout=0.0)
                try:
                    at = term.wait_for(shows or marker, timeout=120, start=start)  # seconds since exec
                    out[key]["content"].append((term.started + at - t0) * 1000)
                except Timeout:
                    pass
                frames = [r for r in _records(probe)[len(seen):] if r.get("key") == key and "after" not in r]
                if frames:
                    out[key]["frame"].append(frames[0]["ms"])
                term.wait_idle(window=0.3)
                tui.to_list(term)
    finally:
        term.finish(("q",), timeout=120)
    return out


def _records(path: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in path.read_text().splitlines()]
    except FileNotFoundError:
        return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-screens-") as tmp_name:
        tmp = Path(tmp_name)
        env = data.child_env(tmp)
        built, _ = data.demo_db(args.size, tmp)
        work = data.copy_db(built, tmp / "work" / "netui.db")
        tui.warm_up(work, data.first_name_shown(work, env), env, tmp)
        values = run(work, env, tmp, args.rounds)
    print(f"opening each screen at {args.size:,} (median of {args.rounds}; ms):")
    print("| screen | key to first frame | key to its content |")
    print("|---|---|---|")
    for key, (name, _) in SCREENS.items():
        frame, content = values[key]["frame"], values[key]["content"]
        cells = [f"{statistics.median(v):,.0f}" if v else "-" for v in (frame, content)]
        print(f"| {name} (`{key}`) | {cells[0]} | {cells[1]} |")
    print(json.dumps(values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
