"""`netui sync --status`: when the last sync ran, whether it failed and why, what it wrote, the conflicts."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

from netui.interop import sync
from netui.interop.sync.schedule import record_last
from netui.interop.sync.state import CONTACTS_FOLDER_KEY, set_meta
from netui.interop.sync.status import SETUP


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-12-09T14:05",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "netui", *args], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    return run


def test_a_database_never_synced_says_how_to_start(run):
    result = run("sync", "--status")
    assert result.stdout.startswith("never synced; set up with netui sync --contacts DIR --reminders DIR")
    assert json.loads(run("sync", "--status", "--json").stdout)["synced"] is False


def test_status_after_a_sync_and_after_a_failure(run, tmp_path):
    cards, calendar = tmp_path / "cards", tmp_path / "calendar"
    run("add", "Ada Lovelace", "--email", "ada@example.org", "--met-on", "2026-11-20", "--how-met", "PyCon")
    run("sync", "--contacts", str(cards), "--reminders", str(calendar))
    reminders = len(list(calendar.glob("*.ics")))
    assert run("sync", "--status").stdout.splitlines() == [
        "last sync: 09 Dec 2026 14:05, ok",
        f"  wrote 1 card and {reminders} reminders",
        f"  contacts: {cards}",
        f"  reminders: {calendar}",
        "no sync conflicts",
    ]
    state = json.loads(run("sync", "--status", "--json").stdout)
    assert (state["synced"], state["ok"], state["at"], state["contacts"]["written"]) == (True, True, "2026-12-09 14:05:00", 1)

    shutil.rmtree(cards)
    cards.write_text("not a folder")  # the remembered folder became a file: the sync cannot run
    result = run("sync", code=2)
    assert result.stderr == f"netui: {cards} is a file; sync needs a folder\n"
    lines = run("sync", "--status").stdout.splitlines()
    assert lines[:2] == [f"last sync: 09 Dec 2026 14:05, failed: {cards} is a file; sync needs a folder",
                         "  last good sync: 09 Dec 2026 14:05"]
    state = json.loads(run("sync", "--status", "--json").stdout)
    assert (state["ok"], state["message"], state["last_ok"]) == (False, f"{cards} is a file; sync needs a folder",
                                                                 "2026-12-09 14:05:00")

    cards.unlink()  # put right: the next sync succeeds and says so
    run("sync")
    assert run("sync", "--status").stdout.startswith("last sync: 09 Dec 2026 14:05, ok\n")


def test_status_lists_the_conflicts_the_sync_kept(run, tmp_path):
    cards = tmp_path / "cards"
    run("add", "Bea Novak", "--email", "bea@example.org")
    run("sync", "--contacts", str(cards))
    [card] = list(cards.glob("*.vcf"))
    card.write_bytes(card.read_bytes().replace(b"FN:Bea Novak", b"FN:Bea Folder"))
    run("edit", "Bea Novak", "--name", "Bea Here")
    run("sync")
    out = run("sync", "--status").stdout
    assert "1 conflict kept both versions (netui sync --conflicts lists them):\n  Bea Here: " in out
    assert "Bea Folder" in out
    assert len(json.loads(run("sync", "--status", "--json").stdout)["conflicts"]) == 1


def test_the_header_and_status_say_the_same_in_every_state(db_path, tmp_path):
    """In process: never set up, folders set but not run, ok today, ok earlier, failed: one story each."""
    now = dt.datetime(2026, 12, 9, 14, 5)

    def both() -> tuple[str, str]:
        return sync.header_words(now), sync.status_lines(sync.status())[0]

    assert both() == ("", "never synced; set up with " + SETUP)
    set_meta(CONTACTS_FOLDER_KEY, str(tmp_path / "cards"))
    assert both() == ("not synced yet", "not synced yet (folders set; netui sync runs it)")
    record_last(now, None, None)
    assert both() == ("synced 14:05", "last sync: 09 Dec 2026 14:05, ok")
    record_last(now - dt.timedelta(days=2), None, None)
    assert both() == ("synced 07 Dec 14:05", "last sync: 07 Dec 2026 14:05, ok")
    sync.record_failure(now, "the server is down")
    assert both() == ("sync failed", "last sync: 09 Dec 2026 14:05, failed: the server is down")
