"""Interests you can use: who has a tag, and one send recorded for all of them in one transaction."""

from __future__ import annotations

import pytest

from netui.core import contacts, gives, interactions, interests
from netui.core.contacts import ContactInput
from netui.db.models import Give, Interaction


@pytest.fixture
def people(db_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi", tags=["Rowing"]), now)
    bea = contacts.create(ContactInput(name="Bea Li", tags=["rowing", "jazz"]), now)
    gone = contacts.create(ContactInput(name="Old Friend", tags=["rowing"], archived=True), now)
    return ada, bea, gone


def test_who_has_an_interest_in_any_case_and_only_active(people):
    ada, bea, _ = people
    assert [p.contact_id for p in interests.interested("#ROWING")] == [ada, bea]
    assert interests.interested("chess") == [] and interests.interested("  ") == []
    assert interests.interests() == [interests.Interest("rowing", "Rowing", 2), interests.Interest("jazz", "jazz", 1)]


def test_send_logs_and_gives_for_each(people, now):
    ada, bea, _ = people
    assert interests.send([ada, bea, ada], "the Boat Race article", now, kind="message") == [ada, bea]
    for cid in (ada, bea):
        (i,) = Interaction.select().where(Interaction.contact == cid)
        assert (i.kind, i.summary, i.occurred_at) == ("message", "sent: the Boat Race article", now)
        (g,) = Give.select().where(Give.contact == cid)
        assert (g.direction, g.kind, g.status, g.done_on) == ("given", "article", "done", now.date())
    assert gives.balance(ada).given == 1


def test_a_send_that_fails_midway_changes_nothing(people, now, monkeypatch):
    ada, bea, _ = people
    real = interactions.log

    def fail_on_bea(cid, *args, **kwargs):
        if cid == bea:
            raise OSError("disk full")
        return real(cid, *args, **kwargs)

    monkeypatch.setattr(interactions, "log", fail_on_bea)
    with pytest.raises(OSError):
        interests.send([ada, bea], "x", now)
    assert Interaction.select().count() == 0 and Give.select().count() == 0


@pytest.mark.parametrize("ids, what, kind, says", [
    ([1], "  ", "email", "say what you are sending"),
    ([], "x", "email", "nobody is chosen"),
    ([1], "x", "call", "not a way to send"),
])
def test_refusals(people, now, ids, what, kind, says):
    with pytest.raises(gives.GiveError, match=says):
        interests.send(ids, what, now, kind=kind)
