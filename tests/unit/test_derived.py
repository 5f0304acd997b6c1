"""derived.refresh is the one way the cached columns of a contact are kept: every write goes through it."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, derived, interactions, introductions
from netui.core.contacts import ContactInput
from netui.core.dates import as_datetime
from netui.db.models import Contact

D = dt.timedelta


def _spy(monkeypatch) -> list[int]:
    seen: list[int] = []
    real = derived.refresh
    spy = lambda cid, n, **kw: (seen.append(cid), real(cid, n, **kw))
    monkeypatch.setattr(derived, "refresh", spy)
    monkeypatch.setattr(contacts, "refresh", spy)  # the name contacts.create and update call it by
    return seen


def test_contacts_refresh_is_the_derived_one():
    assert contacts.refresh is derived.refresh  # kept for callers outside the core


def test_writes_of_contacts_interactions_and_introductions_refresh_through_derived(db_path, now, monkeypatch):
    seen = _spy(monkeypatch)
    ada = contacts.create(ContactInput(name="Ada Obi"), now)
    bo = contacts.create(ContactInput(name="Bo Li"), now)
    assert seen == [ada, bo]
    seen.clear()
    contacts.update(ada, ContactInput(organization="Acme"), now)
    iid = interactions.log(ada, "call", now - D(days=2), now).id
    interactions.delete(iid, now)
    assert seen == [ada, ada, ada]
    seen.clear()
    introductions.propose(ada, bo, "Bo hires data engineers", "Ada is a data engineer", now)
    assert sorted(seen) == [ada, bo]


def test_refresh_keeps_the_keep_in_touch_clock(db_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi", circle="inner"), now - D(days=100))
    interactions.log(ada, "in-person", now - D(days=10), now)
    c = Contact.get_by_id(ada)
    assert as_datetime(c.last_contact_at) == as_datetime(c.last_in_person_at) == now - D(days=10)
    assert as_datetime(c.next_due_at) == now - D(days=10) + D(days=derived.cadence_days(c))
    assert derived.cadence_state(c, now).state == "on-track"


def test_refresh_all_in_bulk_agrees_with_refresh_one_by_one(db_path, now):
    ids = [contacts.create(ContactInput(name=f"P{i}", circle=circle), now - D(days=200))
           for i, circle in enumerate(("ace", "inner", "regular", "outer"))]
    for i, cid in enumerate(ids):
        interactions.log(cid, ("call", "social", "in-person", "email")[i], now - D(days=5 * i), now)
    one_by_one = list(Contact.select(Contact.last_contact_at, Contact.last_in_person_at, Contact.next_due_at).tuples())
    Contact.update(last_contact_at=None, last_in_person_at=None, next_due_at=None).execute()
    derived.refresh_all(now)
    bulk = list(Contact.select(Contact.last_contact_at, Contact.last_in_person_at, Contact.next_due_at).tuples())
    norm = lambda rows: [tuple(as_datetime(v) for v in row) for row in rows]
    assert norm(bulk) == norm(one_by_one)
