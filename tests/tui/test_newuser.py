"""What a new user met in the app (found trying netui as a user and as a hostile tester)."""

from __future__ import annotations

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.tui.widgets.panes import DetailPane

from .helpers import settle, wait_for


def _pane(app) -> str:
    return app.screen.query_one(DetailPane).content.plain


async def test_a_past_job_reads_its_day_as_every_other_date_for_people(make_app, now):
    cid = contacts.create(ContactInput(name="Ada Byron", organization="Acme"), now)
    contacts.update(cid, ContactInput(organization="Royal Society"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: "Previously" in _pane(app)), _pane(app)
        assert f"Acme  until {now:%d %b %Y}" in _pane(app)  # "09 Dec 2026", not "2026-12-09"
