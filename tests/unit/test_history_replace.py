"""interactions.replace and gives.replace: another copy's history written through the core, dates kept."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput
from netui.core.gives import GiveItem
from netui.core.interactions import InteractionItem
from netui.db.models import Give, Interaction

D = dt.timedelta


def test_interactions_take_the_given_dates_and_refresh_the_contact(db_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace"), now)
    kept = interactions.log(cid, "call", now - D(days=9), now, summary="engines").id
    later = now + D(days=3)  # another device's clock runs ahead: still kept as it says
    items = [InteractionItem(now - D(days=9), "call", "engines"), InteractionItem(later, "in-person", "coffee\x1b[31m")]
    assert interactions.replace(cid, items, now)
    rows = list(Interaction.select().where(Interaction.contact == cid).order_by(Interaction.occurred_at))
    assert [(r.id == kept, r.kind, r.summary) for r in rows] == [(True, "call", "engines"), (False, "in-person", "coffee")]
    assert contacts.get(cid).last_contact_at == later
    assert not interactions.replace(cid, items, now)  # the same again changes nothing


def test_interactions_not_asked_for_and_doubles_go(db_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace"), now)
    for _ in range(2):
        interactions.log(cid, "call", now - D(days=2), now, summary="twice")
    interactions.log(cid, "email", now - D(days=1), now)
    assert interactions.replace(cid, [InteractionItem(now - D(days=2), "call", "twice")], now)
    assert [(r.kind, r.summary) for r in Interaction.select().where(Interaction.contact == cid)] == [("call", "twice")]
    assert contacts.get(cid).last_contact_at == now - D(days=2)
    with pytest.raises(contacts.ContactError):
        interactions.replace(cid, [InteractionItem(now, "carrier pigeon")], now)


def test_gives_keep_their_rows_and_take_the_other_state(db_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace"), now)
    gid = gives.add(cid, "the Babbage paper", now - D(days=5), "idea", "article")
    gives.add(cid, "a book", now, "idea", "gift")
    made = dt.date(2026, 1, 5)
    items = [
        GiveItem("article", "given", "done", (now - D(days=5)).date(), now.date(), "the Babbage paper", "loved it"),
        GiveItem("favor", "received", "done", made, made, "a lift", ""),
    ]
    assert gives.replace(cid, items, now)
    rows = {g.text: g for g in Give.select().where(Give.contact == cid)}
    assert set(rows) == {"the Babbage paper", "a lift"}
    assert rows["the Babbage paper"].id == gid
    assert (rows["the Babbage paper"].status, rows["the Babbage paper"].outcome) == ("done", "loved it")
    assert rows["a lift"].created_on == made  # the date the other copy gave, not today
    assert not gives.replace(cid, items, now)
    with pytest.raises(gives.GiveError):
        gives.replace(cid, [items[0]._replace(status="maybe")], now)
