"""The triage queue: who is in it, in which order, a session fixed at its start, and the actions."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts, gives, interactions, reminders, triage, undo
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Interaction, Reminder

D = dt.timedelta


def person(now, name, when=None, **fields) -> int:
    """A contact created at ``when`` (default ``now``)."""
    return contacts.create(ContactInput(name=name, **fields), when or now)


def talked(cid, kind, when, now) -> None:
    interactions.log(cid, kind, when, now)


def row_of(cid) -> dict:
    return Contact.select().where(Contact.id == cid).dicts().get()


@pytest.fixture
def network(db, now):
    """Hand-made contacts, one for each way into (or out of) the queue."""
    ids = {}
    # Ace, last call 20 days ago on a 14-day cadence: overdue by 6 days.
    ids["ace"] = person(now, "Ada Ace", now - D(days=200), circle="ace")
    talked(ids["ace"], "call", now - D(days=20), now)
    # Outer, created 400 days ago, never contacted: overdue by 220 days (counted as 90).
    ids["outer"] = person(now, "Olga Outer", now - D(days=400), circle="outer")
    # Regular, met 3 days ago: the 48 h follow-up is due (since yesterday), keep-in-touch is not.
    ids["met"] = person(now, "Mateo Met", circle="regular", met_on=(now - D(days=3)).date(), how_met="PyCon Lisbon")
    # Inner, five video calls 35 days ago and nothing since (60-day cadence): fading, not overdue.
    ids["fading"] = person(now, "Fatima Fading", now - D(days=300), circle="inner", cadence_days=60)
    for _ in range(5):
        talked(ids["fading"], "video", now - D(days=35), now)
    # Regular, called last week: nothing due.
    ids["fine"] = person(now, "Felix Fine", now - D(days=200), circle="regular")
    talked(ids["fine"], "call", now - D(days=7), now)
    # Overdue but archived: let go, never in the queue.
    ids["gone"] = person(now, "Gina Gone", now - D(days=400), circle="ace")
    contacts.set_archived(ids["gone"], True, now)
    # Both overdue keep-in-touch and a due reminder: appears once, with both reasons.
    ids["both"] = person(now, "Bea Both", now - D(days=400), circle="regular")
    reminders.add_custom(ids["both"], now - D(days=5), on=(now - D(days=2)).date(), note="ask about the new job")
    return ids


def expected_urgency(cid, now) -> int:
    """The documented formula, computed here from the row and its due dates."""
    c = contacts.get(cid)
    due = [contacts.as_datetime(c.next_due_at)] if c.next_due_at and contacts.as_datetime(c.next_due_at) <= now else []
    rem = [contacts.as_datetime(r.next_due_at) for r in Reminder.select().where(
        (Reminder.contact == cid) & Reminder.next_due_at.is_null(False)) if contacts.as_datetime(r.next_due_at) <= now]
    oldest = min(due + rem) if due + rem else None
    overdue = (now.date() - oldest.date()).days if oldest else 0
    points = 10 + min(overdue, 90) + (30 if rem else 0) + max(c.strength_prev - c.strength, 0)
    return triage.CIRCLE_WEIGHTS[c.circle] * points


def test_the_queue_holds_overdue_due_and_fading_people_once_each_in_the_documented_order(network, now):
    rows = triage.queue_page(now, 0, 100)
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"Ada Ace", "Olga Outer", "Mateo Met", "Fatima Fading", "Bea Both"}
    assert triage.queue_count(now) == 5
    for r in rows:
        assert r.urgency == expected_urgency(r.contact_id, now), r.name
    assert [r.urgency for r in rows] == sorted((r.urgency for r in rows), reverse=True)

    ace, outer, met, fading, both = (by_name[n] for n in ("Ada Ace", "Olga Outer", "Mateo Met", "Fatima Fading", "Bea Both"))
    assert ace.urgency == 8 * (10 + 6) and ace.reasons == ("keep-in-touch",)
    assert outer.urgency == 1 * (10 + 90) and outer.overdue_days == 90
    assert met.urgency == 2 * (10 + 3 + 30) and met.reasons == ("follow-up",)  # due since the meeting
    assert fading.reasons == ("fading",) and fading.fading and fading.strength < fading.strength_prev
    assert fading.strength_prev >= triage.warm_bound()
    assert both.reasons == ("keep-in-touch", "custom")
    assert both.urgency == 2 * (10 + 90 + 30)  # overdue since long before the reminder
    # Ace first among equals: same points, closer circle ahead.
    assert [r.name for r in rows] == ["Bea Both", "Ada Ace", "Olga Outer", "Mateo Met", "Fatima Fading"]
    words = triage.reason_words(both, now)
    assert words[0].startswith("keep-in-touch overdue by") and words[1] == "custom overdue by 2 days"


def test_ties_go_to_the_closer_circle_then_the_oldest_due_date(db, now):
    # Both score 40: an inner contact due today (4 x 10) and a regular one overdue by 10 days (2 x 20).
    inner = person(now, "Ines Inner", now - D(days=30), circle="inner")  # due today: 10 points x 4
    regular = person(now, "Rosa Regular", now - D(days=100), circle="regular")  # overdue 10: 20 points x 2
    rows = triage.queue_page(now, 0, 10)
    assert [(r.contact_id, r.urgency) for r in rows] == [(inner, 40), (regular, 40)]


def test_pages_cover_the_queue_exactly(db, now):
    for i in range(23):
        person(now, f"Person {i:02}", now - D(days=200 + 3 * i), circle=("ace", "inner", "regular", "outer")[i % 4])
    whole = triage.queue_page(now, 0, 100)
    assert len(whole) == triage.queue_count(now) == 23
    paged = [r for start in range(0, 23, 5) for r in triage.queue_page(now, start, 5)]
    assert paged == whole


def test_a_session_is_fixed_at_its_start(network, now):
    session = triage.Session(now)
    assert session.total == 5 and session.progress() == "1 of 5"
    order = [session.contact_at(i) for i in range(session.total)]
    assert order == [r.contact_id for r in triage.queue_page(now, 0, 100)]
    triage.log(order[0], "call", now)
    triage.archive(order[1], now)
    assert triage.queue_count(now) == 3
    assert [session.contact_at(i) for i in range(session.total)] == order and session.total == 5
    assert session.position_of(order[3]) == 3 and session.contact_at(5) is None
    session.record(0, "call")
    session.forward()
    session.record(1, "archive")
    session.forward()
    session.forward()
    assert session.progress() == "4 of 5"
    assert session.back() and session.progress() == "3 of 5"
    session.go_to(5)
    assert session.finished and session.progress() == "done: 5 of 5"
    assert dict(session.counts()) == {"call": 1, "archive": 1, "skipped": 2}
    assert session.summary() == "Triage: 4 of 5 seen. 1 call, 1 archived, 2 skipped."
    session.unrecord(0, "call")
    assert dict(session.counts()) == {"archive": 1, "skipped": 3}
    session.record(1, "call")
    session.record(2, "call")
    assert session.summary() == "Triage: 4 of 5 seen. 2 calls, 1 archived, 2 skipped."
    session.close()


def test_an_empty_queue_makes_an_empty_session(db, now):
    session = triage.Session(now)
    assert session.total == 0 and session.finished and session.current is None
    assert session.summary() == "Triage: 0 of 0 seen. nothing done."


def test_the_card_says_who_why_and_what_to_bring(network, now):
    cid = network["met"]
    gives.add(cid, "intro to a hiring manager", now)
    contacts.update(cid, ContactInput(organization="Helix Bio", title="CTO", reason="hiring data engineers",
                                      tags=["chess", "climbing"]), now)
    talked(cid, "email", now - D(days=4), now)  # before the meeting: it answers nothing
    card = triage.card(cid, now)
    assert (card.name, card.organization, card.title, card.circle, card.cadence_days) == (
        "Mateo Met", "Helix Bio", "CTO", "regular", 90)
    assert card.met == f"{(now - D(days=3)):%d %b %Y} at PyCon Lisbon" and card.why_met == "hiring data engineers"
    assert card.interests == ["chess", "climbing"] and card.ideas == ["intro to a hiring manager"]
    assert (card.phone, card.email) == ("", "")
    contacts.update(cid, ContactInput(add_methods=[contacts.Method("phone", "+44 7700 900123")]), now)
    assert triage.card(cid, now).phone == "+44 7700 900123"
    assert len(card.reasons) == 1 and card.reasons[0].startswith("follow-up overdue by 1 day: follow up on meeting")
    assert [i.kind for i in card.last] == ["in-person", "email"] and card.interaction_count == 2  # the meeting
    assert card.strength.factors[-1] == "last contact 3 days ago"
    both = triage.card(network["both"], now)
    assert any(r.startswith("custom overdue by 2 days: ask about the new job") for r in both.reasons)
    assert both.notes == []  # the note is the reason's words already
    fading = triage.card(network["fading"], now)
    assert fading.reasons[-1].startswith(f"fading: strength {fading.strength_prev} → ")


# --- actions ------------------------------------------------------------------------------------


def test_logging_restarts_the_cadence_and_closes_the_due_reminders(network, now):
    cid = network["both"]
    closed = triage.log(cid, "message", now, summary="congrats on the job")
    assert closed == ["custom"]
    c = contacts.get(cid)
    assert contacts.as_datetime(c.last_contact_at) == now
    assert contacts.as_datetime(c.next_due_at) == now + D(days=90)
    (custom,) = Reminder.select().where((Reminder.contact == cid) & (Reminder.kind == "custom"))
    assert custom.next_due_at is None and contacts.as_datetime(custom.done_at) == now
    (row,) = Interaction.select().where(Interaction.contact == cid)
    assert (row.kind, row.summary) == ("message", "congrats on the job")
    assert cid not in [r.contact_id for r in triage.queue_page(now, 0, 100)]


def test_a_call_does_not_close_the_face_to_face_check_but_a_meeting_does(db, now):
    cid = person(now, "Nora Nine", circle="regular", cadence_days=120, met_on=(now - D(days=92)).date())
    assert [i.kind for i in triage.due_items(cid, now)] == ["face-to-face"]
    assert triage.log(cid, "call", now) == []
    assert [i.kind for i in triage.due_items(cid, now)] == ["face-to-face"]
    triage.log(cid, "in-person", now)  # the data closes it
    assert triage.due_items(cid, now) == []


def test_snooze_puts_off_reminders_and_keep_in_touch_alike(network, now):
    cid = network["both"]
    target = triage.snooze(cid, now)
    assert target == now + D(weeks=1)
    c = contacts.get(cid)
    assert contacts.as_datetime(c.next_due_at) == now + D(weeks=1)
    (custom,) = Reminder.select().where((Reminder.contact == cid) & (Reminder.kind == "custom"))
    assert contacts.as_datetime(custom.next_due_at) == now + D(weeks=1)
    assert triage.due_items(cid, now) == []
    by, until = triage.parse_snooze("2026-12-24", now)
    assert (by, until) == (None, dt.date(2026, 12, 24))
    triage.snooze(network["ace"], now, by=by, until=until)
    assert contacts.as_datetime(contacts.get(network["ace"]).next_due_at) == dt.datetime(2026, 12, 24)


def test_snoozing_someone_only_fading_says_there_is_nothing_to_snooze(network, now):
    before = row_of(network["fading"])
    with pytest.raises(triage.TriageError, match="nothing is due for Fatima Fading"):
        triage.snooze(network["fading"], now)
    assert row_of(network["fading"]) == before


@pytest.mark.parametrize("text, expected", [
    ("1d", "days=+1"), ("1w", "days=+7"), ("1m", "months=+1"), ("3d", "days=+3"), ("2 weeks", "days=+14"),
])
def test_parse_snooze_amounts(now, text, expected):
    by, until = triage.parse_snooze(text, now)
    assert until is None and expected in repr(by)


@pytest.mark.parametrize("text", ["", "soon", "2026-11-20", "yesterday"])
def test_parse_snooze_rejects_what_is_not_later(now, text):
    with pytest.raises(triage.TriageError):
        triage.parse_snooze(text, now)


def test_notes_are_appended_with_the_date_and_cadence_changes(network, now):
    cid = network["ace"]
    triage.add_note(cid, "moving to Lisbon in spring", now)
    triage.add_note(cid, "has a new dog", now)
    assert contacts.get(cid).note == "2026-11-21: moving to Lisbon in spring\n2026-11-21: has a new dog"
    triage.set_cadence(cid, now, 60)
    c = contacts.get(cid)
    assert c.cadence_days == 60 and contacts.as_datetime(c.next_due_at) == now - D(days=20) + D(days=60)
    triage.set_cadence(cid, now, None, circle="inner")
    c = contacts.get(cid)
    assert (c.cadence_days, c.circle) == (None, "inner")
    with pytest.raises(triage.TriageError):
        triage.add_note(cid, "   ", now)


@pytest.mark.parametrize("action", ["call", "in-person", "snooze", "cadence", "idea", "note", "archive"])
def test_undo_of_every_action_restores_the_exact_state(network, now, action):
    cid = network["both"]
    before_dict, before_row = contacts.contact_dict(cid), row_of(cid)
    snap = undo.capture(action, [cid])
    {
        "call": lambda: triage.log(cid, "call", now),
        "in-person": lambda: triage.log(cid, "in-person", now, "coffee"),
        "snooze": lambda: triage.snooze(cid, now),
        "cadence": lambda: triage.set_cadence(cid, now, 30),
        "idea": lambda: triage.add_idea(cid, "send the pricing deck", now),
        "note": lambda: triage.add_note(cid, "likes jazz", now),
        "archive": lambda: triage.archive(cid, now),
    }[action]()
    assert contacts.contact_dict(cid) != before_dict
    undo.restore(snap)
    assert contacts.contact_dict(cid) == before_dict
    assert row_of(cid) == before_row


def test_netui_triage_opens_the_app_straight_into_triage():
    from netui.cli import build_parser
    from netui.cli.app import run_app

    args = build_parser().parse_args(["triage", "--db", "x.db"])
    assert (args.func, args.start, args.db) == (run_app, "triage", "x.db")
