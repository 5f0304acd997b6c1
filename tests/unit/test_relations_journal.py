"""Relations (two-sided, stored once) and the dated journal: the core, the search, undo and the schema step."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from netui.core import contacts, journal, relations, search, undo
from netui.core.contacts import ContactInput
from netui.db import close_database, migrations, open_database
from netui.db.models import Journal, Relation


@pytest.fixture
def people(db_path, now):
    return tuple(contacts.create(ContactInput(name=n), now) for n in ("Sam Hiring", "Gary Vee", "Ada Obi"))


def test_a_relation_is_stored_once_and_read_from_both_sides(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "introduced-by", now)
    assert Relation.select().count() == 1
    [seen_by_sam] = relations.of(sam)
    [seen_by_gary] = relations.of(gary)
    assert (seen_by_sam.type, seen_by_sam.contact_id, seen_by_sam.name, seen_by_sam.words) == (
        "introduced-by", gary, "Gary Vee", "introduced by")
    assert (seen_by_gary.type, seen_by_gary.contact_id, seen_by_gary.name, seen_by_gary.words) == (
        "introduced", sam, "Sam Hiring", "introduced")


def test_manager_reads_as_report_from_the_other_side_and_a_reverse_word_is_the_same_link(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "Manager", now)  # Gary is Sam's manager
    assert [r.words for r in relations.of(gary)] == ["report"]
    with pytest.raises(relations.RelationError, match="already"):
        relations.add(gary, sam, "report", now)  # the same link, said from Gary's side
    assert Relation.select().count() == 1


def test_symmetric_kinds_are_duplicates_in_either_order_and_custom_needs_words(people, now):
    sam, gary, ada = people
    relations.add(sam, gary, "colleague", now, label="at Quartz")
    with pytest.raises(relations.RelationError, match="already"):
        relations.add(gary, sam, "colleague", now)
    with pytest.raises(relations.RelationError, match="needs words"):
        relations.add(sam, ada, "custom", now)
    relations.add(sam, ada, "custom", now, label="god\x1b[31mmother")
    assert [r.words for r in relations.of(ada)] == ["godmother"]  # sanitised, shown on both sides
    relations.add(sam, ada, "custom", now, label="neighbour")  # other words: another link
    with pytest.raises(relations.RelationError, match="already"):
        relations.add(ada, sam, "custom", now, label="Neighbour")
    assert [r.words for r in relations.of(gary)] == ["colleague (at Quartz)"]


def test_refusals_say_what(people, now):
    sam, gary, _ = people
    with pytest.raises(relations.RelationError, match="themselves"):
        relations.add(sam, sam, "friend", now)
    with pytest.raises(relations.RelationError, match="unknown relation 'boss of'"):
        relations.add(sam, gary, "boss of", now)
    with pytest.raises(relations.RelationError, match="not related"):
        relations.remove(sam, gary)
    with pytest.raises(contacts.NotFound):
        relations.add(sam, 999, "friend", now)


def test_remove_by_type_or_all(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "friend", now)
    relations.add(sam, gary, "introduced-by", now)
    assert relations.remove(gary, sam, "introduced") == 1  # said from Gary's side
    assert [r.type for r in relations.of(sam)] == ["friend"]
    relations.add(sam, gary, "manager", now)
    assert relations.remove(sam, gary) == 2
    assert relations.of(sam) == []


def test_deleting_a_contact_removes_their_relations(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "friend", now)
    contacts.delete(gary)
    assert relations.of(sam) == [] and Relation.select().count() == 0


def test_show_json_carries_relations_and_journal(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "introduced-by", now)
    journal.add(sam, "moved to the London office", now, on=dt.date(2026, 11, 2))
    data = contacts.contact_dict(sam)
    assert data["relations"] == [{"type": "introduced-by", "label": "", "contact_id": gary, "name": "Gary Vee"}]
    assert data["journal"] == [{"on": "2026-11-02", "text": "moved to the London office"}]
    assert contacts.contact_dict(gary)["relations"] == [
        {"type": "introduced", "label": "", "contact_id": sam, "name": "Sam Hiring"}]
    assert "relations" not in contacts.contact_dict(sam, full=False)  # the registry's fields alone


def test_journal_entries_are_dated_never_in_the_future_and_newest_first(people, now):
    sam, _, _ = people
    first = journal.add(sam, "kids: Ana 7, Leo 4", now, on=dt.date(2026, 10, 1))
    journal.add(sam, "she moved to the London office", now)
    assert [(e.on, e.text) for e in journal.of(sam)] == [
        (now.date(), "she moved to the London office"), (dt.date(2026, 10, 1), "kids: Ana 7, Leo 4")]
    with pytest.raises(journal.JournalError, match="in the future"):
        journal.add(sam, "later", now, on=now.date() + dt.timedelta(days=1))
    with pytest.raises(journal.JournalError, match="needs some text"):
        journal.add(sam, " \x1b[2J ", now)
    assert journal.edit(first, now, text="kids: Ana 8, Leo 5")
    assert not journal.edit(first, now, text="kids: Ana 8, Leo 5")
    assert journal.get(first).text == "kids: Ana 8, Leo 5"
    journal.delete(first)
    assert len(journal.of(sam)) == 1


def test_a_journal_word_finds_the_person_and_stops_when_the_entry_goes(people, now):
    sam, _, _ = people
    entry = journal.add(sam, "training for the Lisbon marathon", now)
    assert [r.id for r in search.page(search.Query("marathon"), "name", 0, 10)] == [sam]
    search.rebuild()  # a rebuild keeps it
    assert search.count(search.Query("marathon")) == 1
    journal.edit(entry, now, text="took up chess")
    assert search.count(search.Query("marathon")) == 0
    assert search.count(search.Query("chess")) == 1
    journal.delete(entry)
    assert search.count(search.Query("chess")) == 0


def test_undo_takes_back_a_relation_between_two_contacts_and_a_journal_entry(people, now):
    sam, gary, _ = people
    stack = undo.UndoStack()
    snap = undo.capture("relate", [sam, gary])
    relations.add(sam, gary, "introduced-by", now)
    stack.push(snap)
    snap = undo.capture("unrelate", [gary])  # one side is enough: the row points at both
    relations.remove(gary, sam)
    stack.push(snap)
    stack.undo(now=now)
    assert [r.type for r in relations.of(gary)] == ["introduced"]
    stack.undo(now=now)
    assert Relation.select().count() == 0
    snap = undo.capture("note", [sam])
    journal.add(sam, "marathon in April", now)
    stack.push(snap)
    stack.undo(now=now)
    assert Journal.select().count() == 0
    assert search.count(search.Query("marathon")) == 0


def test_undo_of_a_deleted_contact_brings_their_relations_back(people, now):
    sam, gary, _ = people
    relations.add(sam, gary, "manager", now)
    journal.add(gary, "runs the data team", now)
    stack = undo.UndoStack()
    snap = undo.capture("delete Gary", [gary])
    contacts.delete(gary)
    stack.push(snap)
    stack.undo(now=now)
    assert [(r.type, r.name) for r in relations.of(sam)] == [("manager", "Gary Vee")]
    assert [e.text for e in journal.of(gary)] == ["runs the data team"]


def test_a_version_5_database_upgrades_to_relations_and_journal(tmp_path, now):
    from tests.unit.test_migrations import build_at, fresh_schema, schema_of

    path = tmp_path / "v5" / "netui.db"
    build_at(path, 5)
    conn = sqlite3.connect(path)
    assert "relation" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    open_database(path)
    try:
        a = contacts.create(ContactInput(name="Sam"), now)
        b = contacts.create(ContactInput(name="Gary"), now)
        relations.add(a, b, "introduced-by", now)
        journal.add(a, "first entry", now)
        assert migrations.schema_version(Relation._meta.database) == migrations.LATEST  # 6, and the steps after it
    finally:
        close_database()
    assert schema_of(path) == fresh_schema(tmp_path)


def test_undoing_the_first_of_two_relations_is_no_conflict(people, now):
    sam, gary, ada = people
    stack = undo.UndoStack()
    for other, kind in ((gary, "friend"), (ada, "colleague")):
        snap = undo.capture("relate", [sam, other])
        relations.add(sam, other, kind, now)
        stack.push(snap)
    first = stack._stack[0]
    undo.restore(first, now=now)  # the older step: Sam's row was not rewritten by either
    assert [(r.type, r.name) for r in relations.of(sam)] == [("colleague", "Ada Obi")]
