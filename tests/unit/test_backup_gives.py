"""The JSON backup keeps the karma bank: gives, job leads, introductions and their follow-ups, exactly."""

from __future__ import annotations

import datetime as dt
import json

from netui.core import contacts, gives, introductions
from netui.core.contacts import ContactInput
from netui.db import close_database, open_database
from netui.db.models import Contact, Give, Introduction, Reminder
from netui.interop import backup


def build(now: dt.datetime) -> dict[str, int]:
    """A small network with every kind of give and introduction state."""
    earlier = now - dt.timedelta(days=20)
    ids = {
        n.split()[0].lower(): contacts.create(ContactInput(name=n, tags=["adichie"] if n == "Ada Obi" else []), earlier)
        for n in ("Ada Obi", "Sam Okafor", "Mira Li", "Ben Chen", "Mary Novak")
    }
    ada, sam, mira, ben, mary = (ids[k] for k in ("ada", "sam", "mira", "ben", "mary"))
    idea = gives.add(ada, "send her the Adichie interview", earlier, kind="article")
    gives.mark_done(idea, now - dt.timedelta(days=2), outcome="she loved it")
    gives.add(ada, "recommend a climbing gym", earlier, kind="advice")
    gives.add(sam, "introduced me to his CTO", earlier, direction="received", kind="introduction")
    dropped = gives.add(mira, "buy her the Le Guin box set", earlier, kind="gift")
    gives.drop(dropped, now, outcome="she has it already")
    lead = gives.add_lead([mary, sam, ben], "head of HR role at Lumen", earlier)
    mary_give, sam_give, _ = (t.id for t in gives.lead_status(lead).targets)
    gives.mark_done(mary_give, now, outcome="interview on Monday")
    gives.drop(sam_give, now)
    gives.add_lead([ben], "designer referral for Fjord", earlier, kind="referral")

    helpful = introductions.propose(ada, sam, "Sam is hiring a head of data", "Ada led data at Lumen", earlier)
    introductions.advance(helpful, "asked-a", earlier)
    introductions.advance(helpful, "made", earlier + dt.timedelta(days=1))
    introductions.set_outcome(helpful, "helpful", now)
    pending = introductions.propose(mira, ben, "Ben runs the climate meetup", "Mira wants to speak at it", now,
                                    note="ask after his holiday")
    introductions.advance(pending, "made", now)  # follow-up still open
    declined = introductions.request(ben, mary, "wants advice on HR tooling", earlier)
    introductions.advance(declined, "declined", now, note="Mary is swamped")
    introductions.propose(sam, mary, "Mary knows the Berlin HR scene", "Sam is hiring in Berlin", now,
                          requested_by=ben)
    return ids


def fingerprint() -> dict:
    """What the database says about gives and introductions, by uid (row ids may differ after a restore)."""
    uid = dict(Contact.select(Contact.id, Contact.uid).tuples())

    def intro_key(intro_id):
        if intro_id is None:
            return None
        i = Introduction.get_by_id(intro_id)
        return (uid[i.a_id], uid[i.b_id], str(i.proposed_on))

    return {
        "gives": sorted(
            (uid[g.contact_id], g.direction, g.kind, g.text, g.status, g.outcome, str(g.created_on), str(g.done_on), g.lead)
            for g in Give.select()
        ),
        "intros": sorted(
            (uid[i.a_id], uid[i.b_id], i.reason_a, i.reason_b, i.status, i.outcome,
             uid.get(i.requested_by_id), str(i.proposed_on), str(i.made_on), str(i.outcome_on), i.note)
            for i in Introduction.select()
        ),
        "intro_reminders": sorted(
            (intro_key(r.introduction_id), uid.get(r.contact_id), r.kind, r.note, str(r.due_at), str(r.next_due_at),
             str(r.done_at))
            for r in Reminder.select().where(Reminder.introduction.is_null(False))
        ),
        "balances": {uid[cid]: gives.balance(cid) for cid in uid},
        "only_takes": sorted(uid[cid] for cid in uid if gives.only_takes(cid)),
    }


def give_links() -> list:
    """Which given favours came from which introduction."""
    uid = dict(Contact.select(Contact.id, Contact.uid).tuples())
    return sorted(
        (uid[g.contact_id], g.text, uid[g.introduction.a_id], uid[g.introduction.b_id])
        for g in Give.select().where(Give.introduction.is_null(False))
    )


def round_trip(tmp_path, now) -> tuple[dict, dict]:
    """Export the open database, restore it into a fresh one (left open); return both exports."""
    exported = json.loads(json.dumps(backup.export(now)))  # what a file would hold
    close_database()
    open_database(tmp_path / "restored" / "netui.db")
    stats = backup.restore(exported, now)
    assert stats == {"new": len(exported["contacts"]), "updated": 0, "unchanged": 0}
    return exported, backup.export(now)


def test_gives_leads_and_introductions_survive_a_round_trip(db_path, tmp_path, now):
    build(now)
    before = fingerprint()
    assert len(before["gives"]) == 12 and len(before["intros"]) == 4 and len(before["intro_reminders"]) == 2
    first, second = round_trip(tmp_path, now)
    assert fingerprint() == before
    first.pop("exported_at"), second.pop("exported_at")
    assert second == first


def test_leads_keep_their_targets_and_statuses(db_path, tmp_path, now):
    ids = build(now)
    lead = Give.get(Give.text == "head of HR role at Lumen").lead
    uid = dict(Contact.select(Contact.id, Contact.uid).tuples())
    expected = [(uid[t.contact_id], t.status, t.outcome) for t in gives.lead_status(lead).targets]
    round_trip(tmp_path, now)
    uid = dict(Contact.select(Contact.id, Contact.uid).tuples())
    assert sorted((uid[t.contact_id], t.status, t.outcome) for t in gives.lead_status(lead).targets) == sorted(expected)
    assert len(ids) == 5
    # A lead passed after the restore gets a number of its own.
    new = gives.add_lead([Contact.get(Contact.name == "Ada Obi").id], "another role", now)
    assert new not in {g.lead for g in Give.select().where(Give.text != "another role")}


def test_the_open_follow_up_still_comes_due_after_a_restore(db_path, tmp_path, now):
    build(now)
    round_trip(tmp_path, now)
    intro = Introduction.get(Introduction.note == "ask after his holiday")
    reminder = introductions.follow_up(intro.id)
    assert reminder is not None and reminder.contact.name == "Mira Li"
    assert reminder.next_due_at == now + dt.timedelta(days=14)
    introductions.set_outcome(intro.id, "neutral", now)
    assert introductions.follow_up(intro.id) is None


def test_restoring_the_same_backup_twice_changes_nothing(db_path, now):
    build(now)
    before = fingerprint()
    data = json.loads(json.dumps(backup.export(now)))
    backup.restore(data, now)
    assert fingerprint() == before


def test_given_introductions_stay_linked_to_their_introduction(db_path, tmp_path, now):
    build(now)
    before = give_links()
    assert len(before) == 4
    round_trip(tmp_path, now)
    assert give_links() == before
