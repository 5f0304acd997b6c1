"""With [sync] auto = true the background tick syncs the remembered folder and says what came in."""

from __future__ import annotations

from netui.core import contacts, settings
from netui.core.contacts import ContactInput
from netui.db.models import Contact
from netui.interop import sync
from netui.tui.app import NetuiApp

from .helpers import CountsTicks, screen_text, wait_for


class FastTickApp(CountsTicks, NetuiApp):
    TICK_SECONDS = 0.1


async def test_the_tick_syncs_a_card_brought_in_by_vdirsyncer(db_path, clock, now, tmp_path):
    folder = tmp_path / "vdir"
    contacts.create(ContactInput(name="Local Person"), now)
    sync.sync_contacts(folder, now)  # the first sync remembers the folder
    sync.record_last(now, None, None)
    (folder / "remote-1.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:remote-1\r\nFN:Remote Person\r\nEMAIL:remote@example.org\r\nEND:VCARD\r\n"
    )
    settings.use(settings.Settings(sync_auto=True, sync_every_minutes=15))
    app = FastTickApp(db_path=db_path, now=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.ticks >= 3)  # a few ticks, each one checking
        assert not Contact.select().where(Contact.name == "Remote Person").exists()  # not due yet
        clock.advance(minutes=16)
        assert await wait_for(pilot, lambda: any("Synced" in str(n.message) for n in app._notifications))
        assert Contact.select().where(Contact.name == "Remote Person").exists()
        assert await wait_for(pilot, lambda: any("Synced" in str(n.message) for n in app._notifications))
        # The list follows the file: it redraws once the app notices the sync's write (the next tick).
        assert await wait_for(pilot, lambda: "Remote Person" in screen_text(app))


async def test_the_header_says_when_the_sync_ran_and_when_it_failed(db_path, clock, now, tmp_path):
    folder = tmp_path / "vdir"
    contacts.create(ContactInput(name="Local Person"), now)
    sync.sync_contacts(folder, now)
    sync.record_last(now, None, None)
    settings.use(settings.Settings(sync_auto=True, sync_every_minutes=15))
    app = FastTickApp(db_path=db_path, now=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await wait_for(pilot, lambda: f"synced {now:%H:%M}" in screen_text(app))
        for card in folder.iterdir():
            card.unlink()
        folder.rmdir()
        folder.write_text("not a folder")  # the remembered folder became a file: the next sync fails
        clock.advance(minutes=16)
        assert await wait_for(pilot, lambda: "sync failed" in screen_text(app))
        assert f"synced {now:%H:%M}" not in screen_text(app)
        # The header is redrawn by the tick's result, the notice is posted after it: wait for both.
        assert await wait_for(pilot, lambda: any("Sync failed" in str(n.message) for n in app._notifications))
        assert sync.status()["ok"] is False


async def test_no_sync_words_in_the_header_when_sync_is_not_set_up(db_path, clock, now):
    contacts.create(ContactInput(name="Local Person"), now)
    app = FastTickApp(db_path=db_path, now=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        assert await wait_for(pilot, lambda: app.ticks >= 2)
        assert "Local Person" in screen_text(app)
        assert "sync" not in screen_text(app).split("\n")[0]
