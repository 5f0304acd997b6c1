"""The detail pane shows what a card holds besides names, emails and phones."""

from __future__ import annotations

import pytest

from netui.core import card_text, cards, contacts
from netui.core.contacts import ContactInput
from netui.tui.dialogs.form import FormScreen
from netui.tui.widgets.panes import DetailPane

from .helpers import screen_text, settle, type_text, workers_finished


async def test_the_detail_pane_shows_addresses_dates_related_profiles_and_the_photo(make_app, now):
    contacts.create(ContactInput(name="Ada Lovelace", card=cards.CardData(
        addresses=[cards.Address("home", "12 St James's Square", "London", "", "SW1Y 4JH", "UK", True)],
        dates=[cards.CardDate("anniversary", "1835-07-08")],
        related=[cards.RelatedPerson("spouse", "William King")],
        profiles=[cards.Profile("skype", "ada.lovelace")],
        photo=cards.PhotoData("image/jpeg", b"\xff\xd8\xff" + bytes(97)),
    )), now)
    contacts.create(ContactInput(name="Analytical Engines", extra={"kind": "org"}), now)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = app.screen.query_one(DetailPane).content.plain
        assert "12 St James's Square, SW1Y 4JH London, UK  (home) *" in text
        assert "1835-07-08  (anniversary)" in text
        assert "William King  (spouse)" in text
        assert "ada.lovelace" in text and "skype" in text
        assert "image/jpeg, 100 bytes" in text
        await pilot.press("j")
        await settle(pilot)
        text = app.screen.query_one(DetailPane).content.plain
        assert text.startswith("Analytical Engines") and "an organisation" in text


async def test_the_edit_form_edits_addresses_dates_and_profiles(make_app, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", card=cards.CardData(
        addresses=[cards.Address("home", "1 Road", "Town", preferred=True)],
        profiles=[cards.Profile("skype", "ada.lovelace")],
        photo=cards.PhotoData("image/png", b"\x89PNG" + bytes(10)),
    )), now)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        form = app.screen
        assert form.raw_values()["addresses"] == "home: 1 Road; Town *"
        assert form.raw_values()["profiles"] == "skype: ada.lovelace"
        form.widget_for("addresses").focus()
        await pilot.pause()
        await pilot.press("end", "enter")
        await type_text(pilot, "work: 2 Street; City; ; 12345; UK")
        form.widget_for("dates").focus()
        await pilot.pause()
        await type_text(pilot, "anniversary: 1998-06-20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)
    d = contacts.contact_dict(cid)
    assert [(a["label"], a["street"], a["locality"], a["postal_code"], a["country"], a["preferred"])
            for a in d["addresses"]] == [("home", "1 Road", "Town", "", "", True), ("work", "2 Street", "City", "12345", "UK", False)]
    assert d["dates"] == [{"label": "anniversary", "date": "1998-06-20"}]
    assert d["profiles"] == [{"service": "skype", "value": "ada.lovelace"}]
    assert d["photo"]["bytes"] == 14  # the form does not touch the photo


def test_card_lines_read_back_as_written():
    items = [cards.Address("home", "1 Road\nFlat 2", "Town", "", "AB1", "", True), cards.Address("", "PO Box 5")]
    assert card_text.parse("addresses", card_text.text("addresses", items)) == items
    dates = [cards.CardDate("anniversary", "--06-20"), cards.CardDate("", "1998-01-02")]
    assert card_text.parse("dates", card_text.text("dates", dates)) == dates
    profiles = [cards.Profile("twitter", "https://twitter.com/ada"), cards.Profile("", "https://example.social/@ada")]
    assert card_text.parse("profiles", card_text.text("profiles", profiles)) == profiles
    with pytest.raises(ValueError, match="line 2: 'soon' is not a date"):
        card_text.parse("dates", "anniversary: 1998-06-20\nbirthday: soon")


async def test_the_edit_form_links_related_people_and_keeps_every_label(make_app, now):
    bob = contacts.create(ContactInput(name="Bob Smith"), now)
    contacts.create(ContactInput(name="Jo Doe"), now)
    contacts.create(ContactInput(name="Jo Doe"), now)  # two of that name: not linked
    cid = contacts.create(ContactInput(name="Ada Lovelace", card=cards.CardData(
        addresses=[cards.Address("home office", "1 Road", "Town")],
        dates=[cards.CardDate("first day: school", "--09-01")],
        profiles=[cards.Profile("google talk", "ada")],
    )), now)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await workers_finished(pilot)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        form = app.screen
        assert form.raw_values()["addresses"] == "home office: 1 Road; Town"
        assert form.raw_values()["dates"] == '"first day: school": --09-01'
        form.widget_for("related").focus()
        await pilot.pause()
        await type_text(pilot, "spouse: Bob Smith")
        await pilot.press("enter")
        await type_text(pilot, "best friend: Jo Doe")
        form.widget_for("addresses").focus()
        await pilot.pause()
        await pilot.press("end", "enter")
        await type_text(pilot, "second home: 2 Street")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen), screen_text(app)
    d = contacts.contact_dict(cid)
    assert d["related"] == [{"label": "spouse", "name": "Bob Smith", "contact_id": bob},
                            {"label": "best friend", "name": "Jo Doe", "contact_id": None}]
    assert [(a["label"], a["street"]) for a in d["addresses"]] == [("home office", "1 Road"), ("second home", "2 Street")]
    assert d["dates"] == [{"label": "first day: school", "date": "--09-01"}]
    assert d["profiles"] == [{"service": "google talk", "value": "ada"}]


def test_card_labels_read_back_as_written_whatever_they_hold():
    related = [cards.RelatedPerson("spouse", "Bob Smith"), cards.RelatedPerson("", "Dr: Who")]
    assert card_text.parse("related", card_text.text("related", related)) == related
    addresses = [cards.Address("home office", "1 Road"), cards.Address("a:b", "s"), cards.Address("", "Flat: 2")]
    assert card_text.parse("addresses", card_text.text("addresses", addresses)) == addresses
    profiles = [cards.Profile("Google Talk", "ada"), cards.Profile("", "xmpp:ada@example.org"), cards.Profile('"x', "y")]
    assert card_text.parse("profiles", card_text.text("profiles", profiles)) == profiles
