"""The filtered list says where a row matched when it was not the name ("· email: countess@…")."""

from __future__ import annotations

from netui.core import contacts
from netui.core.contacts import ContactInput, Method

from .helpers import screen_text, settle, type_text, wait_for


async def test_a_filtered_row_shows_where_it_matched(make_app, now):
    contacts.create(ContactInput(name="Ada Lovelace", organization="Quartz", emails=[
        Method("email", "countess@analytical-engines-of-the-future.example")]), now)
    contacts.create(ContactInput(name="Analyt Bob", organization="Acme"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "analyt")
        assert await wait_for(pilot, lambda: "· countess@…" in screen_text(app))  # 80 columns: the value, no label
        text = screen_text(app)
        ada_line = next(line for line in text.splitlines() if "Ada Lovelace" in line)
        assert "…" in ada_line and "Quartz" not in ada_line  # cut to the list's width, in the org's place
        bob_line = next(line for line in text.splitlines() if "Analyt Bob" in line)
        assert "Acme" in bob_line and "·" not in bob_line  # found by the name: the organisation as always
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: "· email" not in screen_text(app))
