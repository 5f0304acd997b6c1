"""The detail pane shows what a card holds besides names, emails and phones."""

from __future__ import annotations

from netui.core import cards, contacts
from netui.core.contacts import ContactInput
from netui.tui.widgets.panes import DetailPane

from .helpers import settle


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
