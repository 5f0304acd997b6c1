"""The add/edit form asks for the name's parts and links: typed, they are kept; left empty on add,
the name is split, so a vCard written later has a real N:."""

from __future__ import annotations

import io

from netui.core import contacts
from netui.db.models import Contact, ContactMethod
from netui.interop.vcard import writing
from netui.tui.dialogs.form import FormScreen

from .helpers import settle, type_text, wait_for

SIZE = (80, 24)


async def _type_in(pilot, app, field: str, text: str) -> None:
    app.screen.query_one(f"#field-{field}").focus()
    await settle(pilot)
    await type_text(pilot, text)


async def test_adding_splits_the_name_and_editing_keeps_typed_parts_and_links(make_app, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "Ada King Lovelace")
        await _type_in(pilot, app, "nickname", "Countess")
        await _type_in(pilot, app, "urls", "https://ada.example")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: Contact.select().count() == 1)
        ada = Contact.get()
        assert (ada.given_name, ada.family_name, ada.nickname) == ("Ada King", "Lovelace", "Countess")
        assert [(m.kind, m.value, m.label) for m in ContactMethod.select()] == [("url", "https://ada.example", "")]
        out = io.StringIO()
        writing.write(out, now)
        assert "N:Lovelace;Ada King;;;" in out.getvalue()

        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        field = app.screen.query_one("#field-given_name")
        field.focus()
        await settle(pilot)
        await pilot.press("home", *["delete"] * len("Ada King"))
        await type_text(pilot, "Augusta Ada")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: Contact.get().given_name == "Augusta Ada")
    assert contacts.contact_dict(ada.id)["family_name"] == "Lovelace"


async def _rename(pilot, app, name: str, *, given: str | None = None) -> None:
    """e on the selected person, the name replaced (and the given name, if ``given``), ctrl+s."""
    await pilot.press("e")
    assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
    box = app.screen.query_one("#field-name")
    await _type_in(pilot, app, "name", "")
    await pilot.press("home", *["delete"] * len(box.value))
    await type_text(pilot, name)
    if given is not None:
        box = app.screen.query_one("#field-given_name")
        await _type_in(pilot, app, "given_name", "")
        await pilot.press("home", *["delete"] * len(box.value))
        await type_text(pilot, given)
    await pilot.press("ctrl+s")
    assert await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))


async def test_renaming_splits_again_unless_the_parts_were_typed(make_app, now):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, FormScreen))
        await type_text(pilot, "Grace Hopper")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: Contact.select().count() == 1)
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen))
        await _rename(pilot, app, "Grace Brewster Murray")  # the split was netui's: it follows the name
        assert await wait_for(pilot, lambda: Contact.get().name == "Grace Brewster Murray")
        assert (Contact.get().given_name, Contact.get().family_name) == ("Grace Brewster", "Murray")
        await _rename(pilot, app, "Grace Hopper", given="Amazing Grace")  # typed with the name: kept as typed
        assert await wait_for(pilot, lambda: Contact.get().name == "Grace Hopper")
        assert (Contact.get().given_name, Contact.get().family_name) == ("Amazing Grace", "Murray")
        await _rename(pilot, app, "G. M. Hopper")  # typed before: kept
        assert await wait_for(pilot, lambda: Contact.get().name == "G. M. Hopper")
        assert (Contact.get().given_name, Contact.get().family_name) == ("Amazing Grace", "Murray")
