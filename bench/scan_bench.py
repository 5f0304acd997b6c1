"""Scanning a mailbox: 100,000 messages generated here, read by ``netui scan`` as a user runs it.

    .venv/bin/python -m bench.scan_bench [--messages 100000] [--small 10000]

The figure is the wall time of ``netui scan Inbox --dry-run`` (every message read, matched and proposed;
nothing written) in a fresh process, on a copy of the demo network of 1,000 people; the goal is under a
minute on the 2 cores of the reference machine (the scan is one process, one thread). The baseline,
measured in the same run, is the standard library alone reading the header block of every message of
the same file (``mailbox.mbox`` and the ``email`` header parser): what netui adds on top of it.

Memory is the peak resident size of the scanning process (``ru_maxrss`` from ``wait4``), at 100,000
messages against 10,000 of the same mix: the messages are streamed, so it should barely grow. What
does grow is what there is to review (one small record per proposal) and the mailbox's table of
message offsets (``mailbox.mbox`` keeps one).

The mix, per message: a third with one of the network's people (from or to them), half with strangers,
a tenth from mailing lists, a few from no-reply senders, one in a thousand damaged; bodies of about a
kilobyte that the scan never reads. ``make bench`` runs this as one of its figures; run alone, it
prints the same table rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path

from bench import data

BIG, SMALL = 100_000, 10_000
GOAL_S = 60.0

STDLIB_READ = (
    "import mailbox, sys\n"
    "from email import policy\n"
    "from email.parser import BytesHeaderParser\n"
    "parser = BytesHeaderParser(policy=policy.compat32)\n"
    "box = mailbox.mbox(sys.argv[1], create=False)\n"
    "n = 0\n"
    "for key in box.iterkeys():\n"
    "    with box.get_file(key) as fp:\n"
    "        lines = []\n"
    "        for line in fp:\n"
    "            if line in (b'\\n', b'\\r\\n'):\n"
    "                break\n"
    "            lines.append(line)\n"
    "    parser.parsebytes(b''.join(lines[1:]))\n"
    "    n += 1\n"
    "print(n)\n"
)

BODY = ("Thanks for the notes from Tuesday. " * 4 + "\n") * 7


def contact_emails(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return [v for (v,) in con.execute("SELECT value FROM contact_method WHERE kind = 'email' ORDER BY id")]


def write_mbox(path: Path, count: int, people: list[str], seed: int = 11) -> Path:
    """``count`` messages in one mbox file, written as they are made (the file is never held in memory)."""
    rng = random.Random(seed)
    me = "me@home.example"
    strangers = [f"someone{i}@elsewhere{i % 97}.example" for i in range(5_000)]
    start = dt.datetime.fromisoformat(data.NOW).replace(tzinfo=dt.UTC) - dt.timedelta(days=730)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for i in range(count):
            when = start + dt.timedelta(seconds=rng.randrange(730 * 86400))
            roll = rng.random()
            extra = ""
            if roll < 0.001:
                out.write(f"From MAILER-DAEMON Mon Nov  2 09:00:00 2026\nthis is no message {i}\n\n")
                continue
            if roll < 0.33:
                other = rng.choice(people)
            elif roll < 0.83:
                other = rng.choice(strangers)
            elif roll < 0.93:
                other, extra = "announce@lists.example", "List-Id: <announce.lists.example>\n"
            else:
                other = "no-reply@service.example"
            sender, to = (other, me) if rng.random() < 0.5 else (me, other)
            out.write(
                f"From {sender} {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: {sender}\nTo: {to}\nSubject: Note {i} about the plan\n"
                f"Date: {format_datetime(when)}\nMessage-ID: <bench-{i}@home.example>\n{extra}"
                f"\n{BODY}\n"
            )
    return path


def measured(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one run of ``argv``, which must succeed."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {err.read().decode()[-500:]}")
    return seconds, usage.ru_maxrss / 1024  # kilobytes on Linux


def run(tmp: Path, env: dict, *, messages: int = BIG, small: int = SMALL, log=print) -> dict:
    """The scan figures: seconds and peak MB at ``messages`` and ``small`` messages, the stdlib baseline."""
    network, _ = data.demo_db(1_000, tmp)
    db = data.copy_db(network, tmp / "scan" / "netui.db")
    people = contact_emails(db)
    out: dict = {"messages": messages, "small": small}
    for size in (small, messages):
        log(f"an mbox of {size:,} messages ...")
        mbox = write_mbox(tmp / "scan" / f"Inbox-{size}", size, people)
        log(f"netui scan of {size:,} messages (--dry-run) ...")
        seconds, peak = measured([str(data.BIN / "netui"), "--db", str(db), "scan", str(mbox), "--dry-run"], env)
        out[size] = {"seconds": round(seconds, 2), "peak_mb": round(peak, 1), "mbox_mb": round(mbox.stat().st_size / 2**20, 1)}
        if size == messages:
            log("the standard library alone reading the same headers ...")
            base, base_peak = measured([str(data.BIN / "python"), "-c", STDLIB_READ, str(mbox)], env)
            out["stdlib"] = {"seconds": round(base, 2), "peak_mb": round(base_peak, 1)}
        mbox.unlink()
    return out


def rows(result: dict) -> list[tuple]:
    """(name, value, unit, goal, baseline, baseline_of, ratio, met) for the table."""
    big, small = result[result["messages"]], result[result["small"]]
    base = result["stdlib"]["seconds"]
    return [
        (f"scan {result['messages']:,} messages (netui scan --dry-run)", big["seconds"], "s", f"< {GOAL_S:.0f} s",
         base, "stdlib reads headers", big["seconds"] / base, big["seconds"] < GOAL_S),
        (f"scan, peak memory ({result['messages']:,} messages)", big["peak_mb"], "MB",
         f"<= 1.5x at {result['small']:,}", small["peak_mb"], f"at {result['small']:,}",
         big["peak_mb"] / small["peak_mb"], big["peak_mb"] / small["peak_mb"] <= 1.5),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=BIG)
    parser.add_argument("--small", type=int, default=SMALL)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-bench-scan-") as tmp_name:
        tmp = Path(tmp_name)
        result = run(tmp, data.child_env(tmp), messages=args.messages, small=args.small,
                     log=lambda text: print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True))
    for name, value, unit, goal, baseline, of, ratio, met in rows(result):
        print(f"{name}: {value:.1f} {unit} (goal {goal}; {baseline:.1f} {unit} {of}; {ratio:.2f}x) "
              f"{'met' if met else 'SHORT'}")
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
