"""The benchmarks' data: demo networks cached under bench/.data, and a generated vCard file.

A demo database is built with the real command (``netui demo --contacts N --seed S``, the clock pinned)
and kept with a small JSON note of what produced it: the size, the seed, the clock, the schema version
and a digest of the generator's source. It is rebuilt when the file is missing or any of those changed,
so a cached network is always the one the current generator would make. Measurements never run on the
cached file itself (the app writes: reminders announced, a daily backup); they run on copies.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
NOW = "2026-11-21T10:00:00"  # every run and every build sees the same clock
SEED = 1
BIN = Path(sys.executable).parent


def child_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment for every program the bench starts: pinned clock, no user config, cached bytecode.

    Byte code is written under bench/.data (a user's install has it too; a checkout run with
    PYTHONDONTWRITEBYTECODE would otherwise compile netui at every start and the minimal app not).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETUI_", "KHARD_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        NETUI_NOW=NOW, PYTHONPYCACHEPREFIX=str(DATA / "pycache"),
        XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"), HOME=str(tmp / "home"),
        **extra,
    )
    return env


def _recipe(contacts: int, seed: int) -> dict:
    from netui.core import demo
    from netui.db.migrations import LATEST

    source = Path(demo.__file__).read_bytes()
    return {
        "contacts": contacts, "interactions": contacts * 10, "seed": seed, "now": NOW, "schema": LATEST,
        "generator": hashlib.sha256(source).hexdigest()[:16],
    }


def demo_db(contacts: int, tmp: Path, seed: int = SEED) -> tuple[Path, float | None]:
    """The cached demo network of ``contacts`` people, and the seconds it took to build (None: cached)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"demo-{contacts}.db"
    note = path.with_suffix(".json")
    recipe = _recipe(contacts, seed)
    try:
        if path.exists() and json.loads(note.read_text())["recipe"] == recipe:
            return path, None
    except (OSError, ValueError, KeyError):
        pass
    part = DATA / f".demo-{contacts}.part.db"
    for stale in (path, part, note):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{stale}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "netui"), "--db", str(part), "demo", "--contacts", str(contacts), "--seed", str(seed)],
        env=child_env(tmp), check=True, stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    with sqlite3.connect(part) as con:  # one self-contained file: copies need no -wal beside them
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(part, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    note.write_text(json.dumps({"recipe": recipe, "build_seconds": round(seconds, 1)}, indent=1))
    return path, seconds


def copy_db(source: Path, target: Path) -> Path:
    """A working copy the app may write to (the cached network stays as built)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def first_name_shown(path: Path, env: dict[str, str]) -> str:
    """The name the first useful frame shows: netui opens on Today when someone is due (its first
    person, as ``netui today`` lists them), else on the list (its first row)."""
    done = subprocess.run([str(BIN / "netui"), "--db", str(path), "today", "--json", "--limit", "1"], env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    items = json.loads(done.stdout)["items"]
    return items[0]["name"] if items else first_name_in_list(path)


def first_name_in_list(path: Path) -> str:
    """The name on the first row of the list (sorted by name): what the first useful frame shows."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return con.execute("SELECT name FROM contact WHERE archived = 0 ORDER BY sort_name, id LIMIT 1").fetchone()[0]


# --- a vCard file of people as phones and address books export them ---------------------------------

NEEDLE = ("Philippa", "Quarrington")  # one person, found by name among the others
NEEDLE_AT = 7777


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def write_vcards(path: Path, count: int = 10_000, seed: int = 7) -> Path:
    """``count`` vCard 3.0 cards: names, organisations, titles, emails, phones, some birthdays, addresses,
    notes and categories, each with its own UID; one of them is the ``NEEDLE`` person."""
    from netui.core.demo import FIRST, INTERESTS, LAST, ORGS, PLACES, REASONS, TITLES

    rng = random.Random(seed)
    # Every name different (a middle initial makes enough of them), so the import adds everyone and the
    # vdir holds the same people: an importer rightly merges two cards with the same name and email.
    names = rng.sample([(f, m, la) for f in FIRST for m in "ABCDEFGHJKLMNPRSTW" for la in LAST], count)
    cards = []
    for i, (first, middle, last) in enumerate(names):
        if i == NEEDLE_AT:
            (first, last), middle = NEEDLE, ""
        org, title = rng.choice(ORGS), rng.choice(TITLES)
        slug = f"{first}.{last}".lower().replace("'", "")
        full = f"{first} {middle}. {last}" if middle else f"{first} {last}"
        lines = [
            "BEGIN:VCARD", "VERSION:3.0", f"UID:bench-{seed}-{i:06}",
            f"N:{_escape(last)};{_escape(first)};{middle};;", f"FN:{_escape(full)}",
            f"ORG:{_escape(org)}", f"TITLE:{_escape(title)}",
            f"EMAIL;TYPE=INTERNET,WORK:{slug}{i}@{org.split()[0].lower()}.example",
        ]
        if rng.random() < 0.3:
            lines.append(f"EMAIL;TYPE=INTERNET,HOME:{slug}.{i}@mail.example")
        if rng.random() < 0.6:
            lines.append(f"TEL;TYPE=CELL:+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}")
        if rng.random() < 0.2:
            lines.append(f"TEL;TYPE=WORK,VOICE:+1 415 {rng.randint(100, 999)} {rng.randint(1000, 9999)}")
        if rng.random() < 0.4:
            lines.append(f"BDAY:{rng.randint(1960, 2000)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}")
        if rng.random() < 0.3:
            lines.append(f"ADR;TYPE=WORK:;;{rng.randint(1, 200)} High Street;London;;N{rng.randint(1, 20)} {rng.randint(1, 9)}AB;United Kingdom")
        if rng.random() < 0.3:
            lines.append(f"NOTE:Met at {_escape(rng.choice(PLACES))}\\, {_escape(rng.choice(REASONS))}")
        tags = rng.sample(INTERESTS, rng.randint(0, 3))
        if tags:
            lines.append(f"CATEGORIES:{','.join(tags)}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines) + "\r\n")
    path.write_text("".join(cards), encoding="utf-8", newline="")
    return path
