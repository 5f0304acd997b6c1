"""One writer where it matters: nothing replaces the database under a running netui, and a netui whose
file was replaced anyway stops writing and says so."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import Label

from netui.core import contacts, search
from netui.core.contacts import ContactInput
from netui.db import backups, close_database, open_database, repair
from netui.db.database import Replaced, state
from netui.db.lock import InUse
from netui.tui import safety
from netui.tui.app import NetuiApp
from netui.tui.dialogs.form import FormScreen
from tests.tui.helpers import settle, type_text, wait_for, workers_finished

from .conftest import ROOT, netui_env, record_notifications, run_netui, sha256

NETUI = ROOT / ".venv" / "bin" / "netui"


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM contact ORDER BY name")]
    finally:
        conn.close()


@contextmanager
def app_in_a_terminal(db_path: Path, tmp_path: Path, drawn: bytes) -> Iterator[None]:
    """The real app (``.venv/bin/netui``) running in a pseudo-terminal until the block ends; then ``q``."""
    env = {**netui_env(db_path, tmp_path), "TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
            os.chdir(ROOT)
            os.execve(str(NETUI), [str(NETUI)], env)
        finally:
            os._exit(127)
    out = bytearray()

    def read_until(done, limit: float) -> None:
        end = time.monotonic() + limit
        while not done() and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out.extend(chunk)

    try:
        read_until(lambda: drawn in out, 60)
        assert drawn in out, bytes(out[-1500:])
        yield
        os.write(fd, b"q")
        read_until(lambda: False, 30)  # until the app closes the terminal (bounded)
        end = time.monotonic() + 30
        while os.waitpid(pid, os.WNOHANG)[0] == 0:
            if time.monotonic() > end:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                pytest.fail("the app did not quit on q")
            time.sleep(0.05)
    finally:
        os.close(fd)


@pytest.mark.process
def test_restore_refuses_while_the_app_has_the_database_open(db_path, tmp_path, now):
    contacts.create(ContactInput(name="Before The Backup"), now)
    saved = backups.take(db_path, now=now)
    contacts.create(ContactInput(name="Added Later"), now)
    close_database()
    with app_in_a_terminal(db_path, tmp_path, drawn=b"Before The Backup"):
        before = sha256(db_path)
        refused = run_netui(db_path, tmp_path, "restore", str(saved), process=True)
        assert refused.returncode == 1
        assert refused.stderr.splitlines() == [f"netui: netui is open on {db_path}; close it first (nothing was restored)"]
        assert sha256(db_path) == before
    restored = run_netui(db_path, tmp_path, "restore", str(saved))  # the app has quit: now it may
    assert restored.returncode == 0, restored.stderr
    assert names_in(db_path) == ["Before The Backup"]


def test_the_lock_is_held_for_as_long_as_the_database_is_open(db_path, now):
    saved = backups.take(db_path, now=now)
    with pytest.raises(InUse, match="netui is open on"):
        backups.restore(saved, db_path, now)
    with pytest.raises(InUse):
        repair.repair(db_path, now)
    assert oct((db_path.parent / "netui.db.lock").stat().st_mode & 0o777) == "0o600"
    close_database()
    assert backups.restore(saved, db_path, now) is not None


def replace_under(db_path: Path, now) -> Path:
    """What an older netui's restore did, without a lock: another file renamed to the same path."""
    other = db_path.with_name("other.db")
    backups.copy_database(db_path, other)
    conn = sqlite3.connect(other)
    conn.execute("UPDATE contact SET name = 'From The New File', sort_name = 'from the new file'")
    conn.commit()
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(other, db_path)
    return db_path


def test_a_write_to_a_file_replaced_under_netui_is_refused(db_path, now):
    contacts.create(ContactInput(name="Ada"), now)
    replace_under(db_path, now)
    before = sha256(db_path)
    with pytest.raises(Replaced, match=r"not saved: .*netui.db was replaced by another program while netui had it open"):
        contacts.create(ContactInput(name="Lost Otherwise"), now)
    assert sha256(db_path) == before


async def test_the_app_notices_its_file_was_replaced_reads_the_new_one_and_saves_nothing(db_path, clock, now):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = NetuiApp(db_path=db_path, now=clock)
    recorded = record_notifications(app)
    async with app.run_test(size=(110, 36)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        replace_under(db_path, now)
        before = sha256(db_path)
        changed = lambda: [n for n in recorded if n.get("title") == "The database file changed"]  # noqa: E731
        assert await wait_for(pilot, lambda: bool(changed()))  # the app's own check, every few seconds
        assert state.read_only and state.reason == safety.REPLACED_REASON
        assert "was replaced by another program" in changed()[0]["message"]
        assert [r.name for r in search.page(search.Query(""), "name", 0, 10)] == ["From The New File"]
        await pilot.press("x")  # archive: refused, with the reason
        await settle(pilot)
        assert any("read-only (another program replaced the file" in n["message"] for n in recorded)
        assert not safety.follow_file(app)  # said once
        assert len(changed()) == 1
    close_database()
    assert sha256(db_path) == before


async def test_a_refused_form_says_not_saved_once(db_path, clock, now):
    contacts.create(ContactInput(name="Ada"), now)
    close_database()
    open_database(db_path, read_only=True)
    app = NetuiApp(db_path=db_path, now=clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Typed")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        status = str(app.screen.query_one("#form-status", Label).render())
        assert status.startswith("Not saved: ") and status.lower().count("not saved") == 1, status
        await pilot.press("escape")
