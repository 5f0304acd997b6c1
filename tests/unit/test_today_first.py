"""Today reads entries only for the people who may be first: the queue must be exactly the one that
sorting everyone due gives (``today._due`` over everyone, the way the queue was read before)."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, demo, today
from netui.core.contacts import ContactInput

D = dt.timedelta


def everyone_sorted(now: dt.datetime, limit: int) -> today.Today:
    """The queue from an entry for each person due: the reference the fast read must agree with."""
    entries, let_go = today._due(now, None, True)
    shown = today._detailed(entries[:limit], now)
    return today.Today(shown, len(entries) - len(shown), let_go,
                       today.unscheduled(now, skip={e.contact_id for e in entries}))


@pytest.fixture
def network(db, now):
    demo.generate(600, now=now)
    # Ties in strength just below the strongest outside the close circles, in the inner circle, and
    # strangers never contacted (unscheduled: their cadence waits).
    for n in range(6):
        cid = contacts.create(ContactInput(name=f"Tie {n}", circle="regular" if n % 2 else "inner"), now - D(days=900))
        contacts.Contact.update(strength=80, last_contact_at=now - D(days=800), next_due_at=now - D(days=700)).where(
            contacts.Contact.id == cid).execute()
    return now


@pytest.mark.parametrize("days", [0, 3, 45, 200])
def test_the_first_page_is_the_one_sorting_everyone_gives(network, days):
    now = network + D(days=days)
    for limit in (0, 1, 3, 10, 40, 400):
        fast, slow = today.today(now, limit), everyone_sorted(now, limit)
        assert fast.items == slow.items, (days, limit)
        assert (fast.more, fast.let_go, fast.unscheduled) == (slow.more, slow.let_go, slow.unscheduled), (days, limit)
    assert today.count(now) == len(today._due(now, None, True)[0])


def test_the_read_reaches_past_the_first_groups_only_when_they_do_not_fill_the_page(network, monkeypatch):
    calls = []
    real = today._due
    monkeypatch.setattr(today, "_due", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    first = today.today(network, 1)
    assert len(calls) == 1 and first.items[0].group == "new"
    calls.clear()
    page = today.today(network, 30)  # 12 are new here: the close circles and the strongest of the rest follow
    assert len(calls) == 2 and {e.group for e in page.items} == {"new", "close", "rest"}
    assert len(calls[1].contact_ids) < today.count(network) / 2  # not everyone due: the weak are left out
