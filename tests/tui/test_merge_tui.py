"""Merging two Graces in the app by keys: m, pick the likely duplicate, pick fields, ctrl+s; u undoes."""

from __future__ import annotations

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput, Method
from netui.db.models import ALL_MODELS, Contact, Interaction, Meta
from netui.tui.dialogs.merge import MergeScreen, PickPersonScreen

from .helpers import screen_text, settle, type_text, wait_for

SIZE = (100, 30)


def counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS if m is not Meta}  # meta: the app's own notes


def two_graces(now) -> tuple[int, int]:
    a = contacts.create(ContactInput(name="Grace Hopper", organization="Navy", note="COBOL",
                                     emails=[Method("email", "grace@navy.example")], tags=["navy"]), now)
    b = contacts.create(ContactInput(name="Grace B. Hopper", organization="Harvard", note="Mark I",
                                     emails=[Method("email", "grace@navy.example"), Method("email", "gbh@harvard.example")],
                                     tags=["harvard"]), now)
    contacts.create(ContactInput(name="Howard Aiken"), now)
    interactions.log(a, "call", now.replace(hour=8), now, summary="A's call")
    interactions.log(b, "email", now.replace(hour=9), now, summary="B's email")
    return a, b


async def test_merge_two_graces_by_keys_and_undo(make_app, now):
    a, b = two_graces(now)
    before = counts()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")  # Grace Hopper (the list is by name: Grace B. Hopper first)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PickPersonScreen)
        assert "Grace B. Hopper  #2  same email grace@navy.example" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        text = screen_text(app)
        assert "Merge #2 Grace B. Hopper (B) into #1 Grace Hopper (A)" in text
        assert "B's records move to A: 2 emails and phones, 1 tag, 1 interaction" in text
        await pilot.press("b")  # name: B's
        await pilot.press("down", "down")  # organisation, then note (both by default)
        await pilot.press("a")  # only A's note
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MergeScreen)
        assert not Contact.select().where(Contact.id == b).exists()
        g = contacts.contact_dict(a)
        assert (g["name"], g["organization"], g["note"]) == ("Grace B. Hopper", "Navy", "COBOL")
        assert sorted(e["value"] for e in g["emails"]) == ["gbh@harvard.example", "grace@navy.example"]
        assert g["tags"] == ["harvard", "navy"]
        assert sorted(i.summary for i in Interaction.select().where(Interaction.contact == a)) == ["A's call", "B's email"]
        after = counts()
        assert after["contact"] == before["contact"] - 1 and after["contact_method"] == before["contact_method"] - 1
        assert after["interaction"] == before["interaction"]
        assert await wait_for(pilot, lambda: any("Merged Grace B. Hopper into Grace B. Hopper" in str(n.message) for n in app._notifications))

        await pilot.press("u")
        await settle(pilot)
        assert counts() == before
        assert contacts.get(a).name == "Grace Hopper" and contacts.get(b).organization == "Harvard"


async def test_pick_anyone_by_typing_and_escape_changes_nothing(make_app, now):
    two_graces(now)
    before = counts()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")  # Grace B. Hopper: Grace Hopper looks like her
        await settle(pilot)
        await type_text(pilot, "howard")
        await settle(pilot)
        assert "Howard Aiken" in screen_text(app) and "Grace Hopper  #1" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert counts() == before
