"""Introductions: specific reasons, the double opt-in, what making one does, outcomes, requests, the tree."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, gives, intro_network, introductions
from netui.core.contacts import ContactInput
from netui.core.introductions import IntroError
from netui.db.models import Give, Interaction, Introduction, Reminder

REASON_A = "Sam is hiring a head of data and Ada led the data team at Lumen"
REASON_B = "Ada has exactly the analytics background his team lacks"


@pytest.fixture
def people(db_path, now):
    return tuple(contacts.create(ContactInput(name=n), now) for n in ("Ada Obi", "Sam Okafor", "Mira Li"))


def test_propose_records_both_reasons(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    row = introductions.get(iid)
    assert (row.a_id, row.b_id, row.a_name, row.b_name) == (ada, sam, "Ada Obi", "Sam Okafor")
    assert (row.reason_a, row.reason_b, row.status, row.proposed_on) == (REASON_A, REASON_B, "proposed", now.date())
    assert row.made_on is None and row.outcome == "" and row.requested_by_id is None
    assert row.other(ada) == (sam, "Sam Okafor") and row.reason_for(sam) == REASON_B


@pytest.mark.parametrize(
    "reason_a, reason_b, message",
    [
        ("", REASON_B, "say why Ada Obi should meet Sam Okafor"),
        (REASON_A, "   ", "say why Sam Okafor should meet Ada Obi"),
        ("you should meet Sam", REASON_B, "too generic"),
        (REASON_A, "Networking!", "the reason for Sam Okafor .* is too generic"),
        ("You two should really connect, great people", REASON_B, "too generic"),
        (REASON_A, "mutual benefit, would be useful to meet Ada Obi", "too generic"),
    ],
)
def test_empty_and_generic_reasons_are_refused(people, now, reason_a, reason_b, message):
    ada, sam, _ = people
    with pytest.raises(IntroError, match=message):
        introductions.propose(ada, sam, reason_a, reason_b, now)
    assert Introduction.select().count() == 0


def test_short_specific_reasons_pass(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, "fundraising for Lumen", "he invests in climate", now)
    assert introductions.get(iid).reason_a == "fundraising for Lumen"


def test_cannot_introduce_someone_to_themselves_or_a_stranger(people, now):
    ada, _, _ = people
    with pytest.raises(IntroError, match="two different people"):
        introductions.propose(ada, ada, REASON_A, REASON_B, now)
    with pytest.raises(contacts.NotFound):
        introductions.propose(ada, 999, REASON_A, REASON_B, now)
    with pytest.raises(contacts.NotFound):
        introductions.propose(ada, people[1], REASON_A, REASON_B, now, requested_by=999)
    assert Introduction.select().count() == 0


def test_double_opt_in_then_made(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    introductions.advance(iid, "asked-a", now)
    introductions.advance(iid, "asked B", now, note="Sam said yes on Tuesday")
    assert (introductions.get(iid).status, introductions.get(iid).note) == ("asked-b", "Sam said yes on Tuesday")
    introductions.advance(iid, "made", now)
    assert (introductions.get(iid).status, introductions.get(iid).made_on) == ("made", now.date())


def test_the_opt_ins_may_come_in_either_order(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    introductions.advance(iid, "asked-b", now)
    introductions.advance(iid, "asked-a", now)
    assert introductions.get(iid).status == "asked-a"


@pytest.mark.parametrize(
    "path, bad, message",
    [
        ([], "proposed", "already proposed"),
        (["asked-a"], "proposed", "cannot go from asked-a to proposed"),
        (["made"], "declined", "cannot go from made to declined: made is final"),
        (["declined"], "made", "cannot go from declined to made: declined is final"),
        ([], "married", "unknown introduction status 'married'"),
    ],
)
def test_invalid_transitions_are_refused(people, now, path, bad, message):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    for status in path:
        introductions.advance(iid, status, now)
    before = introductions.get(iid)
    with pytest.raises(IntroError, match=message):
        introductions.advance(iid, bad, now)
    assert introductions.get(iid) == before


def test_advance_an_unknown_introduction(people, now):
    with pytest.raises(IntroError, match="no introduction #7"):
        introductions.advance(7, "made", now)


def test_making_an_introduction_logs_gives_and_schedules_the_follow_up(people, now):
    ada, sam, mira = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now - dt.timedelta(days=3))
    introductions.advance(iid, "made", now)

    for person, other in ((ada, "Sam Okafor"), (sam, "Ada Obi")):
        (log,) = Interaction.select().where(Interaction.contact == person)
        assert (log.kind, log.summary, log.occurred_at) == ("email", f"introduced to {other}", now)
        assert contacts.get(person).last_contact_at == now
        (give,) = Give.select().where(Give.contact == person)
        assert (give.direction, give.kind, give.status, give.introduction_id) == ("given", "introduction", "done", iid)
        assert (give.text, give.done_on) == (f"introduced to {other}", now.date())
        assert gives.balance(person).given == 1
    assert not Interaction.select().where(Interaction.contact == mira).exists()

    (reminder,) = Reminder.select().where(Reminder.introduction == iid)
    assert (reminder.kind, reminder.contact_id) == ("intro-follow-up", ada)
    assert reminder.due_at == reminder.next_due_at == now + dt.timedelta(days=14)
    assert reminder.done_at is None
    assert "Ada Obi and Sam Okafor" in reminder.note
    assert introductions.follow_up(iid).id == reminder.id


def test_making_it_needs_specific_reasons_and_is_all_or_nothing(people, now, monkeypatch):
    ada, sam, _ = people
    iid = introductions.request(ada, sam, "you should meet", now)  # recorded as said
    with pytest.raises(IntroError, match="the reason for Ada Obi .* is too generic"):
        introductions.advance(iid, "made", now)
    introductions.set_reasons(iid, now, reason_a=REASON_A)
    with pytest.raises(IntroError, match="say why Sam Okafor should meet Ada Obi"):
        introductions.advance(iid, "asked-b", now)
    with pytest.raises(IntroError, match="too generic"):
        introductions.set_reasons(iid, now, reason_b="networking")
    assert introductions.get(iid).status == "proposed"

    introductions.set_reasons(iid, now, reason_b=REASON_B)
    assert (introductions.get(iid).reason_a, introductions.get(iid).reason_b) == (REASON_A, REASON_B)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(gives, "add", boom)  # fails after the reminder and the first email are written
    with pytest.raises(RuntimeError):
        introductions.advance(iid, "made", now)
    assert introductions.get(iid).status == "proposed"
    assert Interaction.select().count() == Give.select().count() == Reminder.select().count() == 0


def test_set_outcome_closes_the_follow_up_and_marks_the_gives(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    with pytest.raises(IntroError, match="only a made introduction has an outcome"):
        introductions.set_outcome(iid, "helpful", now)
    introductions.advance(iid, "made", now)
    later = now + dt.timedelta(days=15)
    introductions.set_outcome(iid, "wasted time", later)
    row = introductions.get(iid)
    assert (row.outcome, row.outcome_on, row.state) == ("wasted-time", later.date(), "wasted-time")
    (reminder,) = Reminder.select().where(Reminder.introduction == iid)
    assert (reminder.done_at, reminder.next_due_at) == (later, None)
    assert introductions.follow_up(iid) is None
    assert {g.outcome for g in Give.select().where(Give.introduction == iid)} == {"wasted-time"}
    introductions.set_outcome(iid, "neutral", later)  # changing your mind is fine
    assert introductions.get(iid).outcome == "neutral"
    with pytest.raises(IntroError, match="unknown outcome 'meh'"):
        introductions.set_outcome(iid, "meh", later)


def test_requests_made_to_you_and_declining_them(people, now):
    ada, sam, mira = people
    with pytest.raises(IntroError, match="what reason did Mira Li give"):
        introductions.request(mira, sam, "", now)
    iid = introductions.request(mira, sam, "wants to pitch her climate startup to his fund", now)
    row = introductions.get(iid)
    assert (row.a_id, row.b_id, row.requested_by_id, row.requested_by_name) == (mira, sam, mira, "Mira Li")
    assert (row.reason_a, row.reason_b, row.status) == ("wants to pitch her climate startup to his fund", "", "proposed")
    introductions.advance(iid, "declined", now, note="his fund does not do climate")
    assert introductions.get(iid).status == "declined"
    assert Interaction.select().count() == 0 and Reminder.select().count() == 0

    third_party = introductions.propose(ada, sam, REASON_A, REASON_B, now, requested_by=mira)
    assert [r.id for r in introductions.for_contact(mira)] == [third_party, iid]


def test_for_contact_and_all_intros(people, now):
    ada, sam, mira = people
    first = introductions.propose(ada, sam, REASON_A, REASON_B, now - dt.timedelta(days=5))
    second = introductions.propose(mira, ada, "needs a data lead for her startup", "wants an early-stage role", now)
    assert [r.id for r in introductions.for_contact(ada)] == [second, first]
    assert [r.id for r in introductions.for_contact(sam)] == [first]
    assert [r.id for r in introductions.all_intros()] == [second, first]


def test_stats_and_tree(people, now):
    ada, sam, mira = people
    one = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    introductions.advance(one, "made", now)
    introductions.set_outcome(one, "helpful", now)
    two = introductions.propose(ada, mira, "Mira runs the climate meetup", "Ada wants to speak at it", now)
    introductions.advance(two, "asked-a", now)
    three = introductions.request(mira, sam, "wants his advice on hiring", now)
    introductions.advance(three, "declined", now)

    assert intro_network.stats() == intro_network.IntroStats(
        total=3, in_progress=1, made=1, declined=1, helpful=1, neutral=0, wasted_time=0, awaiting_outcome=0,
        requests=1,
    )
    root = intro_network.tree()
    assert root.label == "You"
    assert [(p.label, p.contact_id) for p in root.children] == [("Ada Obi", ada), ("Mira Li", mira)]
    assert [(leaf.label, leaf.intro_id) for leaf in root.children[0].children] == [
        ("Ada Obi ↔ Sam Okafor (helpful)", one), ("Ada Obi ↔ Mira Li (asked-a)", two),
    ]
    assert intro_network.render_tree(root) == [
        "You",
        "├─ Ada Obi",
        "│  ├─ Ada Obi ↔ Sam Okafor (helpful)",
        "│  └─ Ada Obi ↔ Mira Li (asked-a)",
        "└─ Mira Li",
        "   └─ Mira Li ↔ Sam Okafor (declined, asked by Mira Li)",
    ]


def test_empty_tree(db_path):
    assert intro_network.render_tree(intro_network.tree()) == ["You"]
    assert intro_network.stats().total == 0


def test_deleting_an_introduction_removes_its_reminder_and_keeps_the_gives(people, now):
    ada, sam, _ = people
    iid = introductions.propose(ada, sam, REASON_A, REASON_B, now)
    introductions.advance(iid, "made", now)
    introductions.delete(iid, now)
    assert Reminder.select().count() == 0
    assert [g.introduction_id for g in Give.select()] == [None, None]


def test_deleting_a_contact_takes_their_introductions(people, now):
    ada, sam, mira = people
    introductions.propose(ada, sam, REASON_A, REASON_B, now)
    introductions.request(mira, ada, "wants to learn about data team hiring", now)
    contacts.delete(ada)
    assert Introduction.select().count() == 0
