"""Give notes: ideas, favours given and received, balances, leads and the give list across everyone."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, derived, gives, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Give


def person(name: str, now: dt.datetime, **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), now)


def test_add_idea_is_open_and_sanitized(db_path, now):
    ada = person("Ada Obi", now)
    gid = gives.add(ada, "send her the \x1b[31mAdichie\x1b[0m interview", now, kind="article")
    g = Give.get_by_id(gid)
    assert (g.direction, g.kind, g.status, g.text) == ("idea", "article", "open", "send her the Adichie interview")
    assert g.created_on == now.date() and g.done_on is None
    assert gives.open_ideas(ada)[0].id == gid


def test_given_and_received_are_done_when_noted(db_path, now):
    ada = person("Ada Obi", now)
    given = gives.add(ada, "reviewed her CV", now, direction="given", kind="advice")
    received = gives.add(ada, "intro to her VC", now, direction="received", kind="intro")
    assert Give.get_by_id(given).status == "done" and Give.get_by_id(given).done_on == now.date()
    assert Give.get_by_id(received).kind == "introduction"
    assert gives.open_ideas(ada) == []


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": "  "}, "needs some text"),
        ({"text": "x", "kind": "bribe"}, "unknown give kind 'bribe'"),
        ({"text": "x", "direction": "sideways"}, "unknown give direction 'sideways'"),
    ],
)
def test_add_rejects_bad_input_with_a_clear_message(db_path, now, kwargs, message):
    ada = person("Ada Obi", now)
    with pytest.raises(gives.GiveError, match=message):
        gives.add(ada, now=now, **kwargs)
    assert Give.select().count() == 0


def test_add_to_a_missing_contact_is_not_found(db_path, now):
    with pytest.raises(contacts.NotFound):
        gives.add(999, "anything", now)


def test_mark_done_turns_an_idea_into_a_favour_given(db_path, now):
    ada = person("Ada Obi", now)
    gid = gives.add(ada, "send the article", now)
    later = now + dt.timedelta(days=3)
    gives.mark_done(gid, later, outcome="she loved it")
    g = Give.get_by_id(gid)
    assert (g.direction, g.status, g.done_on, g.outcome) == ("given", "done", later.date(), "she loved it")
    assert gives.balance(ada) == gives.Balance(given=1, received=0, open_ideas=0)
    with pytest.raises(gives.GiveError, match="already done"):
        gives.mark_done(gid, later)


def test_drop_keeps_the_idea_out_of_balances(db_path, now):
    ada = person("Ada Obi", now)
    gid = gives.add(ada, "buy her lunch", now, kind="gift")
    gives.drop(gid, now)
    g = Give.get_by_id(gid)
    assert (g.direction, g.status) == ("idea", "dropped")
    assert gives.balance(ada) == gives.Balance(0, 0, 0)
    with pytest.raises(gives.GiveError, match="already dropped"):
        gives.drop(gid, now)


def test_delete_edit_and_outcome(db_path, now):
    ada = person("Ada Obi", now)
    gid = gives.add(ada, "book", now)
    gives.edit(gid, now, text="the Le Guin book", kind="gift")
    assert (gives.get(gid).text, gives.get(gid).kind) == ("the Le Guin book", "gift")
    gives.set_outcome(gid, "she is reading it", now)
    assert gives.get(gid).outcome == "she is reading it"
    gives.delete(gid, now)
    assert Give.select().count() == 0
    with pytest.raises(gives.GiveError, match="no give note #"):
        gives.delete(gid, now)


def test_balance_per_person_and_overall(db_path, now):
    ada, sam, mira = (person(n, now) for n in ("Ada Obi", "Sam Okafor", "Mira Li"))
    gives.add(ada, "a", now, direction="given")
    gives.add(ada, "b", now, direction="given")
    gives.add(ada, "c", now, direction="received")
    gives.add(ada, "d", now)
    gives.add(sam, "e", now, direction="received")
    gives.add(sam, "f", now, direction="received")
    dropped = gives.add(mira, "g", now)
    gives.drop(dropped, now)
    gives.add(mira, "h", now)
    assert gives.balance(ada) == gives.Balance(given=2, received=1, open_ideas=1)
    assert gives.balance(sam) == gives.Balance(given=0, received=2, open_ideas=0)
    assert gives.balance(mira) == gives.Balance(given=0, received=0, open_ideas=1)
    assert gives.balance() == gives.Balance(given=2, received=3, open_ideas=2)


def test_only_takes_flags_someone_you_have_only_received_from(db_path, now):
    ada, sam, mira = (person(n, now) for n in ("Ada Obi", "Sam Okafor", "Mira Li"))
    gives.add(sam, "introduced me to his CTO", now, direction="received")
    gives.add(ada, "advice on pricing", now, direction="received")
    gives.add(ada, "sent her a lead", now, direction="given")
    assert gives.only_takes(sam) is True
    assert gives.only_takes(ada) is False
    assert gives.only_takes(mira) is False  # nothing either way is not taking
    idea = gives.add(sam, "send him the podcast", now)
    assert gives.only_takes(sam) is True  # an idea is not yet a gift
    gives.mark_done(idea, now)
    assert gives.only_takes(sam) is False


def test_for_contact_lists_open_ideas_first_then_history_newest_first(db_path, now):
    ada = person("Ada Obi", now)
    old = gives.add(ada, "old favour", now - dt.timedelta(days=10), direction="given")
    idea = gives.add(ada, "an idea", now - dt.timedelta(days=20))
    recent = gives.add(ada, "recent help", now - dt.timedelta(days=1), direction="received")
    rows = gives.for_contact(ada)
    assert [r.id for r in rows] == [idea, recent, old]
    assert rows[0].contact_name == "Ada Obi" and rows[0].created_on == (now - dt.timedelta(days=20)).date()


def test_writes_refresh_the_contact(db_path, now, monkeypatch):
    ada = person("Ada Obi", now)
    seen = []
    real = derived.refresh
    monkeypatch.setattr(derived, "refresh", lambda cid, n, **kw: (seen.append(cid), real(cid, n, **kw)))
    gid = gives.add(ada, "x", now)
    gives.mark_done(gid, now)
    gives.set_outcome(gid, "fine", now)
    gives.delete(gid, now)
    assert seen == [ada] * 4


def test_a_failed_write_leaves_nothing_behind(db_path, now, monkeypatch):
    ada = person("Ada Obi", now)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(derived, "refresh", boom)
    with pytest.raises(RuntimeError):
        gives.add(ada, "x", now)
    with pytest.raises(RuntimeError):
        gives.add_lead([ada], "role", now)
    assert Give.select().count() == 0


# --- leads ------------------------------------------------------------------------------------


def test_a_lead_goes_to_several_people_each_with_its_own_status(db_path, now):
    mary, sam, ada = (person(n, now) for n in ("Mary Chen", "Sam Okafor", "Ada Obi"))
    lead = gives.add_lead([mary, sam, mary], "head of HR role at Lumen", now)
    second = gives.add_lead([ada], "designer role at Fjord", now, kind="referral")
    assert lead != second
    status = gives.lead_status(lead)
    assert (status.kind, status.text, status.created_on) == ("job-lead", "head of HR role at Lumen", now.date())
    assert [t.contact_id for t in status.targets] == [mary, sam]  # Mary once, in order
    assert all(t.status == "open" and t.direction == "idea" for t in status.targets)

    mary_give, sam_give = (t.id for t in status.targets)
    later = now + dt.timedelta(days=2)
    gives.mark_done(mary_give, later, outcome="applied, interview next week")
    gives.drop(sam_give, later, outcome="not looking")
    targets = {t.contact_id: t for t in gives.lead_status(lead).targets}
    assert (targets[mary].status, targets[mary].direction, targets[mary].outcome) == (
        "done", "given", "applied, interview next week"
    )
    assert (targets[sam].status, targets[sam].outcome) == ("dropped", "not looking")
    assert [t.contact_id for t in gives.lead_status(second).targets] == [ada]
    assert gives.balance(mary).given == 1 and gives.balance(sam).given == 0


def test_lead_errors(db_path, now):
    with pytest.raises(gives.GiveError, match="at least one person"):
        gives.add_lead([], "role", now)
    with pytest.raises(gives.GiveError, match="no lead #42"):
        gives.lead_status(42)
    ada = person("Ada Obi", now)
    with pytest.raises(contacts.NotFound):
        gives.add_lead([ada, 999], "role", now)
    assert Give.select().count() == 0


# --- the give list across everyone ------------------------------------------------------------


def test_give_list_puts_the_relationship_that_needs_it_most_first(db_path, now):
    long_ago = now - dt.timedelta(days=200)
    # Overdue: regular circle (90 days), last contact 200 and 100 days ago.
    very_overdue = person("Vera Overdue", now, circle="regular")
    interactions.log(very_overdue, "call", long_ago, now)
    overdue = person("Otto Overdue", now, circle="regular")
    interactions.log(overdue, "call", now - dt.timedelta(days=100), now)
    # Close circles, on track: the weaker one first.
    inner_weak = person("Iris Inner", now, circle="inner")
    interactions.log(inner_weak, "message", now - dt.timedelta(days=1), now)
    ace_strong = person("Abe Ace", now, circle="ace")
    for days in (1, 2, 3, 4):
        interactions.log(ace_strong, "in-person", now - dt.timedelta(days=days), now)
    # Everyone else, on track, by when they come due.
    soon = person("Sol Soon", now, circle="outer")
    interactions.log(soon, "call", now - dt.timedelta(days=170), now)
    later = person("Lou Later", now, circle="regular")
    interactions.log(later, "call", now - dt.timedelta(days=1), now)
    archived = person("Arch Ived", now, archived=True)

    for cid in (later, soon, ace_strong, inner_weak, overdue, very_overdue, archived):
        gives.add(cid, f"idea for {contacts.get(cid).name}", now)
    done = gives.add(overdue, "already given", now, direction="given")

    rows = gives.give_list(now, limit=100)
    assert [r.contact_id for r in rows] == [very_overdue, overdue, inner_weak, ace_strong, soon, later]
    assert done not in [r.give_id for r in rows]
    assert rows[0].why == "overdue by 110 days"
    assert rows[2].why.startswith("inner circle, strength ")
    assert rows[4].why == "due in 10 days"
    assert contacts.get(inner_weak).strength < contacts.get(ace_strong).strength
    assert gives.give_list_count() == 6
    # Paged: windows are consecutive slices of the same order.
    assert gives.give_list(now, limit=2, offset=2) == rows[2:4]
    assert gives.give_list(now, limit=10, offset=6) == []


def test_all_gives_lists_everything_newest_first(db_path, now):
    ada, sam = person("Ada Obi", now), person("Sam Okafor", now)
    first = gives.add(ada, "one", now - dt.timedelta(days=2))
    second = gives.add(sam, "two", now - dt.timedelta(days=1), direction="received")
    assert [r.id for r in gives.all_gives()] == [second, first]
    assert [r.id for r in gives.all_gives(open_only=True)] == [first]
    assert [r.id for r in gives.all_gives(limit=1, offset=1)] == [first]
    assert Contact.select().count() == 2


def test_lead_numbers_never_reuse_one_already_stored(db_path, now):
    ada, sam = person("Ada Obi", now), person("Sam Okafor", now)
    # A restored backup keeps its lead numbers, whatever the row ids are here.
    Give.create(contact=ada, direction="idea", kind="job-lead", text="old lead", created_on=now.date(), lead=7)
    lead = gives.add_lead([sam], "new lead", now)
    assert lead == 8
    assert [t.text for t in gives.lead_status(7).targets] == ["old lead"]
    assert [t.contact_id for t in gives.lead_status(lead).targets] == [sam]
