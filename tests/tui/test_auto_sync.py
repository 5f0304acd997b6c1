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
        assert any("Synced" in str(n.message) for n in app._notifications)
        # The list follows the file: it redraws once the app notices the sync's write (the next tick).
        assert await wait_for(pilot, lambda: "Remote Person" in screen_text(app))
