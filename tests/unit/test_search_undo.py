from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core import contacts, demo, interactions, search, undo
from netui.core.contacts import ContactInput, Method


def _names(query: str, sort: str = "name") -> list[str]:
    q = search.Query(query)
    return [r.name for r in search.page(q, sort, 0, 100)]


def test_search_matches_names_orgs_emails_tags_and_notes(db, now):
    contacts.create(ContactInput(name="Zoë Adams", organization="Quartz Legal"), now)
    contacts.create(ContactInput(name="Bob", add_methods=[Method("email", "bob@bigcorp.example")]), now)
    contacts.create(ContactInput(name="Cy", add_tags=["arsenal"], note="loves Le Guin novels"), now)
    assert _names("zoe") == ["Zoë Adams"]  # accents do not matter
    assert _names("quar") == ["Zoë Adams"]
    assert _names("bigcorp") == ["Bob"]
    assert _names("tag:arse") == ["Cy"]
    assert _names("guin") == ["Cy"]
    assert _names("zo quartz") == ["Zoë Adams"]
    assert _names("zo bob") == []


def test_any_text_is_a_valid_search(db, now):
    contacts.create(ContactInput(name="Ada"), now)
    for text in ['"', "*", "-", "AND", "a AND", "(", "NEAR(", "tag:", "ada ", "^", "'", "\\", "col:x", "\x00"]:
        search.count(search.Query(text))
        search.page(search.Query(text), "name", 0, 10)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_search_never_raises(db, text):
    search.page(search.Query(text), "strength", 0, 5)


def test_pages_and_positions_cover_the_whole_list(db, now):
    demo.generate(250, now=now)
    q = search.Query("")
    total = search.count(q)
    assert total == 250
    for sort in search.SORTS:
        seen = []
        for offset in range(0, total, 60):
            seen += [r.id for r in search.page(q, sort, offset, 60)]
        assert len(seen) == len(set(seen)) == total
        assert search.position(q, sort, seen[137]) == 137


def test_archived_contacts_leave_the_list(db, now):
    cid = contacts.create(ContactInput(name="Ada"), now)
    contacts.set_archived(cid, True, now)
    assert search.count(search.Query("")) == 0
    assert search.count(search.Query("", archived=True)) == 1


def test_undo_restores_the_exact_previous_state(db, now):
    cid = contacts.create(ContactInput(name="Ada", add_tags=["x"], add_methods=[Method("email", "a@x.org")]), now)
    interactions.log(cid, "call", now - dt.timedelta(days=3), now)
    before = contacts.contact_dict(cid)
    row_before = contacts.get(cid).__data__.copy()
    stack = undo.UndoStack()
    snap = undo.capture("log", [cid])  # before the action; pushed after it, with the rows it wrote
    interactions.log(cid, "in-person", now, now, "coffee")
    stack.push(snap)
    snap = undo.capture("edit", [cid])
    contacts.update(cid, ContactInput(name="Ada L", tags=["y"], circle="ace"), now)
    stack.push(snap)
    snap = undo.capture("delete", [cid])
    contacts.delete(cid)
    stack.push(snap)
    assert stack.undo().label == "delete"
    assert contacts.get(cid).name == "Ada L"
    assert stack.undo().label == "edit"
    assert stack.undo().label == "log"
    assert contacts.contact_dict(cid) == before
    assert contacts.get(cid).__data__ == row_before  # cached strength, due dates: all as they were
    assert search.count(search.Query("ada")) == 1
    assert stack.undo() is None


def test_undo_of_an_add_removes_the_contact(db, now):
    cid = contacts.create(ContactInput(name="Ada"), now)
    undo.restore(undo.Snapshot("add", [cid]))
    assert contacts.count() == 0
    assert search.count(search.Query("ada")) == 0
