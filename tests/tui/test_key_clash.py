"""A ``[keys]`` entry that takes a key another command of the screen had is said, naming both; one that
would take quit's or help's key is refused (said too), and the key keeps its command."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.models import Contact
from netui.tui.commands import read_keys, resolve_keymap
from netui.tui.dialogs.form import FormScreen
from netui.tui.screens.main import MainScreen

from .helpers import settle, started, use_config, wait_for

SIZE = (100, 30)


def _notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_key_taken_from_quit_is_refused_and_one_taken_from_archive_is_said(make_app, tmp_path, now):
    ada = contacts.create(ContactInput(name="Ada Stale"), now - dt.timedelta(days=400))
    use_config(tmp_path, '[keys]\n"main.log" = "q"\n"main.add" = "x"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert await wait_for(pilot, lambda: any(
            "main.log cannot take q from main.quit (Quit): quit and help keep their keys; main.log stays on l" in n
            for n in _notices(app)))
        assert await wait_for(pilot, lambda: any(
            "main.add takes x from main.archive (Archive); it has no key now" in n for n in _notices(app)))
        await pilot.press("x")  # now Add's key, no longer Archive's
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        assert not Contact.get_by_id(ada).archived
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("l")  # the refused entry left Log on its own key
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("q")  # still quits
        await settle(pilot)
        assert await wait_for(pilot, lambda: app.return_code is not None or not app.is_running)


def test_read_keys_says_what_each_entry_took():
    taken = read_keys({"triage.note": "n,q"})
    assert taken.keymap == {"triage.note": "n,q"}
    assert taken.problems == ["config.toml [keys]: triage.note takes q from triage.end_triage (Leave); it keeps esc."]
    refused = read_keys({"main.log": "x,?"})  # one key of help's refuses the whole entry, ? as typed
    assert refused.keymap == {} and len(refused.problems) == 1 and "from main.help (Help)" in refused.problems[0]
    assert read_keys({"main.quit": "Q", "main.log": "q"}) == ({"main.quit": "Q", "main.log": "q"}, [])  # quit moved first
    assert resolve_keymap({"main.log": "q", "nothing": "z"}) == ({}, ["nothing"])  # the help screen shows the same
