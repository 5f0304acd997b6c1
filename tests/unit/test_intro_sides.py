"""Introductions side by side (schema 5): upgrading old rows, each side's answer, the history, asking for one."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from netui.core import contacts, gives, intro_network, introductions, karma, today
from netui.core.contacts import ContactInput
from netui.core.errors import IntroError
from netui.db import close_database, open_database
from netui.interop import backup
from tests.unit.test_migrations import build_at

NOW = dt.datetime(2026, 11, 21, 10, 0)
REASONS = ("Sam runs the data team she wants to join", "Ada is the data engineer he is hiring")


def test_old_style_introductions_upgrade_to_sides_keeping_everything(tmp_path):
    path = tmp_path / "v3" / "netui.db"
    build_at(path, 3)
    conn = sqlite3.connect(path)
    for i, name in enumerate(("Ada", "Sam", "Mira"), 1):
        conn.execute(
            "INSERT INTO contact (id, uid, name, sort_name, given_name, family_name, nickname, organization, title, "
            "how_met, reason, circle, note, archived, created_at, updated_at, strength, strength_tier, strength_prev) "
            "VALUES (?, ?, ?, ?, '', '', '', '', '', '', '', 'regular', '', 0, '2026-01-01', '2026-01-01', 0, 'cold', 0)",
            (i, f"u{i}", name, name.lower()))
    rows = [  # id, a, b, status, note, proposed_on, made_on
        (1, 1, 2, "asked-a", "Ada said maybe", "2026-10-01", None),
        (2, 1, 3, "asked-b", "", "2026-10-02", None),
        (3, 2, 3, "declined", "Mira is not hiring", "2026-10-03", None),
        (4, 3, 1, "made", "", "2026-10-04", "2026-10-10"),
        (5, 2, 1, "proposed", "", "2026-10-05", None),
    ]
    for iid, a, b, status, note, proposed, made in rows:
        conn.execute(
            "INSERT INTO introduction (id, a_id, b_id, reason_a, reason_b, status, outcome, proposed_on, made_on, note) "
            "VALUES (?, ?, ?, 'ra', 'rb', ?, '', ?, ?, ?)", (iid, a, b, status, proposed, made, note))
    conn.commit()
    conn.close()
    open_database(path)
    try:
        got = {r.id: r for r in introductions.all_intros()}
        assert [(s.state, s.asked_on) for s in got[1].sides] == [("asked", dt.date(2026, 10, 1)), ("not asked", None)]
        assert [(s.state, s.asked_on) for s in got[2].sides] == [("not asked", None), ("asked", dt.date(2026, 10, 2))]
        assert got[3].status == "declined" and got[4].status == "made" and got[5].status == "proposed"
        assert got[1].history == (introductions.Note(dt.date(2026, 10, 1), "Ada said maybe"),)
        assert got[3].history == (introductions.Note(dt.date(2026, 10, 3), "Mira is not hiring"),)
        assert got[2].history == () and got[1].note == "Ada said maybe" and got[1].kind == "connect"
        # The old decline still warns, though it never said who declined.
        warn = intro_network.declined_before(3, 2)
        assert warn is not None and warn.id == 3
        assert intro_network.declined_words(warn).endswith("and it was declined")
        # And the old asked side is one to chase.
        assert [(c.intro_id, c.contact_id, c.side) for c in intro_network.to_chase(NOW)] == [(1, 1, "A"), (2, 3, "B")]
    finally:
        close_database()


@pytest.fixture
def pair(db_path):
    ada = contacts.create(ContactInput(name="Ada Obi"), NOW)
    sam = contacts.create(ContactInput(name="Sam Okafor"), NOW)
    return ada, sam


def test_each_side_answers_on_its_own(pair):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW)
    introductions.advance(iid, "asked-a", NOW)
    introductions.answer(iid, "A", "yes", NOW + dt.timedelta(days=1), note="Ada: great potential")
    row = introductions.get(iid)
    assert [s.state for s in row.sides] == ["accepted", "not asked"]
    assert row.sides[0].answered_on == dt.date(2026, 11, 22) and row.status == "asked-a"
    introductions.answer(iid, "b", "accepted", NOW + dt.timedelta(days=2))
    assert introductions.get(iid).sides[1].asked_on == dt.date(2026, 11, 23)  # answering means asked
    introductions.advance(iid, "made", NOW + dt.timedelta(days=3), note="sent the email")
    row = introductions.get(iid)
    assert [h.note for h in row.history] == ["Ada: great potential", "sent the email"]
    with pytest.raises(IntroError, match="already made"):
        introductions.answer(iid, "A", "declined", NOW)


def test_a_decline_closes_the_introduction_and_names_who(pair):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW)
    introductions.answer(iid, "B", "declined", NOW)
    row = introductions.get(iid)
    assert row.status == "declined" and row.declined_by() == "Sam Okafor"
    assert "Sam Okafor declined on 2026-11-21" in intro_network.declined_words(intro_network.declined_before(sam, ada))
    assert intro_network.declined_before(ada, sam, exclude=iid) is None


def test_no_answer_is_an_answer_and_stops_the_chase(pair):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW)
    introductions.advance(iid, "asked-b", NOW)
    later = NOW + dt.timedelta(days=5)
    assert [c.contact_id for c in intro_network.to_chase(later)] == [sam]
    assert [c.contact_id for c in intro_network.to_chase(later - dt.timedelta(days=1))] == []
    assert today.count(later) == 1 and [e.kinds for e in today.people_due(later)[0]] == [("chase",)]
    introductions.answer(iid, "B", "no answer", later)
    assert introductions.get(iid).sides[1].state == "no answer"
    assert intro_network.to_chase(later) == [] and today.count(later) == 0


def test_an_archived_side_is_not_chased(pair):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW)
    introductions.advance(iid, "asked-b", NOW)
    contacts.set_archived(sam, True, NOW)
    later = NOW + dt.timedelta(days=6)
    assert intro_network.to_chase(later) == [] and today.count(later) == 0


def test_asking_needs_a_specific_reason(pair):
    gary, mary = pair
    with pytest.raises(IntroError, match="say why you want to meet"):
        introductions.ask(gary, mary, "  ", NOW)
    with pytest.raises(IntroError, match="too generic"):
        introductions.ask(gary, mary, "networking, would be great to connect", NOW)


def test_an_introduction_made_for_you_is_a_favour_received(pair):
    gary, mary = pair
    iid = introductions.ask(gary, mary, "she runs hiring at XYZ Corp and I am moving into HR", NOW)
    introductions.advance(iid, "made", NOW)
    assert [(g.direction, g.kind, g.introduction_id) for g in gives.for_contact(gary)] == [
        ("received", "introduction", iid)]
    assert gives.for_contact(mary) == []
    assert [o.contact_id for o in karma.owed()] == [gary]
    reminder = introductions.follow_up(iid)
    assert reminder.contact_id == mary and reminder.next_due_at == NOW + dt.timedelta(hours=48)


def test_owed_counts_favours_since_you_last_gave(pair):
    ada, sam = pair
    gives.add(ada, "reviewed my talk", NOW - dt.timedelta(days=9), "received")
    gives.add(ada, "sent her the paper", NOW - dt.timedelta(days=8), "given")
    assert karma.owed() == []
    gives.add(ada, "lent me a camera", NOW - dt.timedelta(days=3), "received")
    gives.add(ada, "intro to her editor", NOW - dt.timedelta(days=2), "received")
    contacts.update(ada, ContactInput(tags=["Rowing"]), NOW)
    gives.add(ada, "the rowing documentary", NOW, "idea", "article")
    lead = gives.add_lead([sam], "rowing coach job at the club", NOW)
    [row] = karma.owed()
    assert (row.name, row.received, row.last, row.last_on) == ("Ada Obi", 2, "intro to her editor", dt.date(2026, 11, 19))
    # tags keep the case they were written in
    assert row.ideas == ("the rowing documentary (article)", f"pass on lead {lead}: rowing coach job at the club (job-lead)",
                         "send something about Rowing")


def test_give_first_idea_marks_the_one_a_card_shows(pair):
    ada, _ = pair
    assert karma.give_first_idea(ada, NOW) is None
    first = gives.add(ada, "the Adichie interview", NOW - dt.timedelta(days=1))
    gives.add(ada, "a ticket to the regatta", NOW)
    given = karma.give_first_idea(ada, NOW)
    assert (given.id, given.direction, given.status, given.done_on) == (first, "given", "done", NOW.date())
    assert [g.text for g in gives.open_ideas(ada)] == ["a ticket to the regatta"]


def test_owe_is_a_reason_on_an_entry_due_anyway(pair):
    ada, sam = pair
    gives.add(ada, "reviewed my talk", NOW, "received")
    iid = introductions.propose(ada, sam, *REASONS, NOW)
    introductions.advance(iid, "asked-a", NOW)
    later = NOW + dt.timedelta(days=5)
    [entry] = today.people_due(later)[0]
    assert entry.kinds == ("chase", "owe")
    assert entry.reasons[1].note == "they gave you: reviewed my talk"
    assert today.count(later) == 1


def test_the_json_backup_keeps_sides_kind_and_history(pair, tmp_path):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW, note="met both at PyCon")
    introductions.answer(iid, "A", "accepted", NOW + dt.timedelta(days=1), note="Ada: great potential")
    ask = introductions.ask(sam, ada, "she leads the Lumen data team I want to join", NOW)
    data = backup.export(NOW)
    [first, second] = data["introductions"]
    assert first["sides"] == [{"asked_on": "2026-11-22", "answer": "accepted", "answered_on": "2026-11-22"},
                              {"asked_on": None, "answer": "", "answered_on": None}]
    assert first["history"] == [{"on": "2026-11-21", "note": "met both at PyCon"},
                                {"on": "2026-11-22", "note": "Ada: great potential"}]
    assert second["kind"] == "ask" and second["id"] == ask
    before = [introductions.get(i) for i in (iid, ask)]
    close_database()
    open_database(tmp_path / "restored.db")
    backup.restore(json.loads(json.dumps(data)), NOW)
    assert [r[1:] for r in introductions.all_intros()[::-1]] == [r[1:] for r in before]


def test_a_backup_from_before_the_sides_restores_its_note_as_history(pair, tmp_path):
    ada, sam = pair
    iid = introductions.propose(ada, sam, *REASONS, NOW, note="met both at PyCon")
    data = backup.export(NOW)
    for intro in data["introductions"]:
        for key in ("kind", "sides", "history"):
            intro.pop(key)
    close_database()
    open_database(tmp_path / "restored.db")
    backup.restore(data, NOW)
    [row] = introductions.all_intros()
    assert row.id == iid and row.kind == "connect" and row.history == (introductions.Note(NOW.date(), "met both at PyCon"),)
    assert [s.state for s in row.sides] == ["not asked", "not asked"]


def test_a_backup_with_a_bad_answer_is_refused(pair):
    ada, sam = pair
    introductions.propose(ada, sam, *REASONS, NOW)
    data = backup.export(NOW)
    data["introductions"][0]["sides"][1]["answer"] = "perhaps"
    with pytest.raises(backup.BackupError, match=r"introduction 1, field 'sides\[1\].answer': must be one of"):
        backup.validate(data)
