"""The app with a database that refuses: read-only, damaged, full, changed by another netui."""

from __future__ import annotations

import os

import pytest
from textual.widgets import Input, Label

from netui.core import contacts, search
from netui.core.contacts import ContactInput
from netui.db import backups, close_database, open_database
from netui.db.database import state
from netui.tui.app import NetuiApp
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.dialogs.form import FormScreen
from netui.tui.safety import DAMAGED_REASON
from tests.tui.helpers import screen_text, settle, type_text, wait_for, workers_finished

from .conftest import overwrite_pages, record_notifications, run_netui, sha256, table_pages


def messages(app) -> list[str]:
    return [n["message"] for n in app.recorded]


def make_app(db_path, clock) -> NetuiApp:
    app = NetuiApp(db_path=db_path, now=clock)
    app.recorded = record_notifications(app)
    return app


async def finish_workers(app, pilot) -> None:
    await workers_finished(pilot)
    await settle(pilot)


def fill(now, n: int) -> None:
    for i in range(n):
        contacts.create(ContactInput(name=f"Person {i:03d}", note="n" * 1200), now)


async def test_read_only_browses_and_refuses_writes_with_the_reason(db_path, clock, now):
    fill(now, 3)
    close_database()
    before = sha256(db_path)
    open_database(db_path, read_only=True)
    app = make_app(db_path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        assert any(m.startswith("Read-only: it was opened read-only on purpose.") for m in messages(app))
        assert "Person 000" in screen_text(app)
        await pilot.press("down", "x")  # archive: a key action that writes
        await settle(pilot)
        assert app.is_running
        assert any("is open read-only (it was opened read-only on purpose)" in m for m in messages(app))
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Typed Name")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)  # still open, with what was typed
        assert form.query_one("#field-name", Input).value == "Typed Name"
        status = str(form.query_one("#form-status", Label).render())
        assert "open read-only" in status
        await pilot.press("escape")
        await settle(pilot)
    assert contacts.count() == 3 and not contacts.get(2).archived
    close_database()
    assert sha256(db_path) == before
    assert not (db_path.parent / "backups").exists()  # no daily backup of a read-only file


def damage(db_path, now) -> tuple:
    """A database with a good backup of 40 people, then a 41st, then pages of its search index overwritten
    (a part the first screen does not read, so the app starts and its background check finds it)."""
    fill(now, 40)
    good = backups.take(db_path, now=now)
    contacts.create(ContactInput(name="Added After The Backup"), now)
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "contact_fts_content")[:2])
    return good, sha256(db_path)


async def test_damage_found_after_the_first_frame_goes_read_only_and_offers_the_backup(db_path, clock, now):
    good, damaged_hash = damage(db_path, now)
    open_database(db_path)
    app = make_app(db_path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        assert state.read_only and state.reason == DAMAGED_REASON
        assert any(m.startswith("netui.db is damaged") and "now read-only" in m for m in messages(app))
        assert isinstance(app.screen, ConfirmScreen)
        assert "Restore the newest good backup, from Sat 21 Nov 2026 10:00 (manual)?" in app.screen.question.plain
        assert await wait_for(pilot, lambda: "Restore the newest good" in screen_text(app))
        await pilot.press("n")
        await settle(pilot)
        assert any("Not restored; netui stays read-only." in m for m in messages(app))
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "New")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "open read-only (it is damaged" in str(app.screen.query_one("#form-status", Label).render())
        await pilot.press("escape")
    close_database()
    assert sha256(db_path) == damaged_hash  # never written to
    assert [b.path for b in backups.list_backups(db_path)] == [good]  # no daily backup of a damaged file


async def test_damage_in_the_pages_of_the_first_screen_offers_the_backup_instead_of_crashing(db_path, clock, now):
    fill(now, 40)
    backups.take(db_path, now=now)  # the good backup the app will offer
    close_database()
    overwrite_pages(db_path, table_pages(db_path, "contact")[:3])  # the rows the list shows first
    open_database(db_path)
    app = make_app(db_path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        assert state.read_only and state.reason == DAMAGED_REASON
        assert any("damaged" in m for m in messages(app))
        assert isinstance(app.screen, ConfirmScreen)
        assert "Restore the newest good backup" in app.screen.question.plain
        await pilot.press("y")
        await finish_workers(app, pilot)
        assert await wait_for(pilot, lambda: "Person 000" in screen_text(app))  # the backup's people, shown
    close_database()
    open_database(db_path)
    assert contacts.count() == 40  # the good backup is the database again


async def test_restoring_the_offered_backup_keeps_the_damaged_file(db_path, clock, now):
    good, damaged_hash = damage(db_path, now)
    open_database(db_path)
    app = make_app(db_path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert not state.read_only
        assert any(m.startswith("Restored the backup from Sat 21 Nov 2026 10:00 (manual).") for m in messages(app))
        assert contacts.count() == 40
        assert "Added After The Backup" not in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "After Restore")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert search.count(search.Query("After Restore")) == 1
    kept = [b for b in backups.list_backups(db_path) if b.kind == "damaged"]
    assert len(kept) == 1 and sha256(kept[0].path) == damaged_hash


async def test_disk_full_keeps_the_form_and_what_was_typed(small_disk, tmp_path, clock, now, monkeypatch):
    disk = small_disk(4096)
    path = disk.path / "netui.db"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    open_database(path)
    fill(now, 5)
    app = make_app(path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        from netui.db import db

        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the next write must grow the WAL
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "Grace Hopper")
        disk.fill()
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-name", Input).value == "Grace Hopper"
        status = str(form.query_one("#form-status", Label).render())
        assert "the disk holding" in status and "is full" in status
        disk.free()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert contacts.count() == 6
    assert search.count(search.Query("Grace Hopper")) == 1


@pytest.mark.process
async def test_a_second_netui_writes_and_this_one_shows_it_on_its_next_refresh(db_path, tmp_path, clock, now):
    fill(now, 2)
    app = make_app(db_path, clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await finish_workers(app, pilot)
        result = run_netui(db_path, tmp_path, "add", "From The Other Netui", process=True)
        assert result.returncode == 0, result.stderr
        app.screen.reload()
        await settle(pilot)
        assert "From The Other Netui" in screen_text(app)
    assert os.path.exists(db_path)
