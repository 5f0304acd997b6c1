"""kill -9 of `netui import` at random moments: whole batches only, a sound file, and a clean re-run.

Each run imports a generated vCard file in a real process and kills it after a random (seeded)
delay: while Python starts, while the file is read, inside a batch, or while a batch commits. The
importer writes ``BATCH`` people per transaction, so what is left is always a whole number of
batches from the start of the file (or all of it); importing again adds the rest and duplicates none.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time

import pytest

from netui.db import check
from netui.interop import importer

from .conftest import ROOT, netui_env, run_netui

pytestmark = [pytest.mark.slow, pytest.mark.process]  # real processes killed at random moments, up to MAX_DELAY each

CARDS = 1200  # two whole batches and a partial one; the delays reach past the whole import on a quiet machine
RUNS = 10
MAX_DELAY = 6.0


@pytest.fixture(scope="module")
def cards(tmp_path_factory):
    path = tmp_path_factory.mktemp("cards") / "people.vcf"
    with open(path, "w", newline="") as out:
        for i in range(CARDS):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:kill-{i:06d}\r\nFN:Person {i:06d}\r\nN:{i:06d};Person;;;\r\n"
                f"EMAIL;TYPE=INTERNET:p{i:06d}@example.org\r\nTEL;TYPE=CELL:+1 555 {i:07d}\r\n"
                f"ORG:Org {i % 97}\r\nNOTE:met at event {i % 13}\r\nEND:VCARD\r\n"
            )
    return path


def people(path) -> list[tuple[str, str]]:
    """(uid, name) of everyone stored, after checking the file is sound."""
    if not path.exists() or path.stat().st_size == 0:
        return []
    result = check.integrity_check(path)
    assert result.ok, result.text()
    conn = sqlite3.connect(path)
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # killed before the schema was made
            return []
        return conn.execute("SELECT uid, name FROM contact ORDER BY id").fetchall()
    finally:
        conn.close()


def assert_whole_batches(rows: list[tuple[str, str]]) -> None:
    assert len(rows) % importer.BATCH == 0 or len(rows) == CARDS, len(rows)
    assert [name for _uid, name in rows] == [f"Person {i:06d}" for i in range(len(rows))]
    assert len({uid for uid, _name in rows}) == len(rows)


@pytest.mark.parametrize("run", range(RUNS))
def test_kill_9_during_an_import(run, cards, tmp_path):
    rng = random.Random(4242 + run)
    path = tmp_path / "data" / "netui.db"
    proc = subprocess.Popen([sys.executable, "-m", "netui", "import", str(cards)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=netui_env(path, tmp_path), cwd=ROOT)
    try:
        time.sleep(rng.uniform(0.2, MAX_DELAY))
        proc.kill()
    finally:
        proc.wait(timeout=30)
    assert_whole_batches(people(path))
    if run % 4 == 0:  # the re-run completes, and adds only what was missing
        result = run_netui(path, tmp_path, "import", str(cards), timeout=180)
        assert result.returncode == 0, result.stderr
        rows = people(path)
        assert len(rows) == CARDS
        assert_whole_batches(rows)
