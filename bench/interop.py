"""Files in and out, timed end to end as a user runs them: each a fresh process, the wall clock.

* vCard import: ``netui import cards.vcf`` into a new database, against a program that only parses
  the same file with vobject (``vobject.readComponents``), in the same run.
* The JSON backup of the 100k network against ``netui backup`` (the file copied), and ``netui list
  --json`` of 10,000 of its contacts against ``netui list`` of the same.
* Search: ``netui list --search NAME`` against ``khard list NAME``, both finding one person among the
  same 10,000; khard reads a vdir written by ``netui export --format vdir`` from the imported database,
  through a config file of its own (``KHARD_CONFIG``).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.data import BIN, NEEDLE

VOBJECT_PARSE = (
    "import sys, vobject\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    n = sum(1 for _ in vobject.readComponents(f))\n"
    "print(n)\n"
)

KHARD_CONFIG = """[general]
debug = no

[addressbooks]
[[bench]]
path = {path}

[contact table]

[vcard]
"""


def timed(argv: list[str], env: dict, cwd: Path | None = None) -> tuple[float, str]:
    """Wall seconds of one run of ``argv`` (which must succeed), and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return seconds, done.stdout


def netui_import(cards: Path, db: Path, env: dict) -> tuple[float, str]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return timed([str(BIN / "netui"), "--db", str(db), "import", str(cards)], env)


def vobject_parse(cards: Path, env: dict) -> tuple[float, int]:
    seconds, out = timed([str(BIN / "python"), "-c", VOBJECT_PARSE, str(cards)], env)
    return seconds, int(out.strip())


def export_vdir(db: Path, folder: Path, env: dict) -> float:
    return timed([str(BIN / "netui"), "--db", str(db), "export", "--format", "vdir", "-o", str(folder)], env)[0]


def khard_env(folder: Path, tmp: Path, env: dict) -> dict:
    config = tmp / "khard" / "khard.conf"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(KHARD_CONFIG.format(path=folder), encoding="utf-8")
    return {**env, "KHARD_CONFIG": str(config)}


def needle() -> str:
    return NEEDLE[1]


def khard_list(env: dict) -> tuple[float, str]:
    return timed([str(BIN / "khard"), "list", needle()], env)


def netui_list(db: Path, env: dict) -> tuple[float, str]:
    return timed([str(BIN / "netui"), "--db", str(db), "list", "--search", needle()], env)


def netui_list_json(db: Path, env: dict, limit: int = 0) -> tuple[float, str]:
    """The first ``limit`` contacts of ``db`` (every one: 0) as JSON (``netui list --json``)."""
    return timed([str(BIN / "netui"), "--db", str(db), "list", "--json", "--limit", str(limit)], env)


def netui_list_plain(db: Path, env: dict, limit: int = 0) -> tuple[float, str]:
    """The same contacts as ``netui_list_json``, one line each (``netui list``)."""
    return timed([str(BIN / "netui"), "--db", str(db), "list", "--limit", str(limit)], env)


def export_json(db: Path, out: Path, env: dict) -> float:
    """Seconds of ``netui export --format json -o OUT``: the JSON backup of everything."""
    out.unlink(missing_ok=True)
    return timed([str(BIN / "netui"), "--db", str(db), "export", "--format", "json", "-o", str(out)], env)[0]


def backup_copy(db: Path, out: Path, env: dict) -> float:
    """Seconds of ``netui backup OUT``: the database file copied (SQLite's backup), the JSON backup's baseline."""
    out.unlink(missing_ok=True)
    return timed([str(BIN / "netui"), "--db", str(db), "backup", str(out)], env)[0]
