"""An import is one undoable step: what it created goes, what it merged into is put back."""

from __future__ import annotations

import pytest

from netui.core import contacts, interactions, undo
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact
from netui.interop import importer
from tests.unit.test_undo_exact import dump


def cards(n: int, start: int = 0, extra: str = "") -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:person{i}@example.com\r\n"
        f"TEL:+44 20 7946 {i:04d}\r\n{extra}END:VCARD\r\n"
        for i in range(start, start + n)
    )


def _import(path, now, **kw) -> tuple[importer.Report, undo.Snapshot]:
    journal = undo.Journal(f"import {path.name}", **kw)
    report = importer.import_paths([path], now, journal=journal, batch_size=4)
    return report, journal.finish()


def test_undo_of_an_import_removes_what_it_created_and_puts_back_what_it_merged(db, tmp_path, now):
    known = contacts.create(ContactInput(name="Person 1", add_methods=[Method("email", "person1@example.com")],
                                         note="met at the fair", add_tags=["fair"]), now)
    interactions.log(known, "call", now, now)
    path = tmp_path / "people.vcf"
    path.write_text(cards(10, extra="CATEGORIES:batch\r\nNOTE:from the phone\r\nORG:Initech\r\n"))
    before = dump(db)
    stack = undo.UndoStack()
    report, step = _import(path, now)
    stack.push(step)
    assert (report.new, report.updated) == (9, 1)
    assert sorted(step.contact_ids) == sorted(c.id for c in Contact.select())
    assert "batch" in contacts.tags_of(known) and contacts.get(known).organization == "Initech"

    assert stack.undo(now=now) is step
    after = dump(db)
    # What the import remembers of each card (``netui.core.imported``) is bookkeeping an undo leaves: the
    # next import sees the contact back as before it and takes the card in again (tests/unit/test_import_memory.py).
    after["meta"] = [row for row in after["meta"] if not row[0].startswith("'imported:")]
    assert after == before  # every table, the search index included


def test_a_dry_run_records_nothing(db, tmp_path, now):
    path = tmp_path / "people.vcf"
    path.write_text(cards(3))
    journal = undo.Journal("import")
    importer.import_paths([path], now, dry_run=True, journal=journal)
    assert journal.snapshot.contact_ids == []


def test_an_import_changed_elsewhere_since_conflicts_and_force_keeps_their_work(db, tmp_path, now):
    path = tmp_path / "people.vcf"
    path.write_text(cards(3))
    stack = undo.UndoStack()
    stack.push(_import(path, now)[1])
    p1 = contacts.resolve("Person 1")
    contacts.update(p1, ContactInput(title="CTO"), now)  # as another process would
    interactions.log(contacts.resolve("Person 2"), "call", now, now)
    with pytest.raises(undo.UndoConflict) as caught:
        stack.undo(now=now)
    assert "Person 1 was changed (title)" in str(caught.value)
    assert "the call with Person 2 on 2026-11-21 was added to Person 2" in str(caught.value)
    assert Contact.select().count() == 3
    stack.undo(force=True, now=now)
    assert sorted(c.name for c in Contact.select()) == ["Person 1", "Person 2"]


def test_an_import_too_large_to_keep_says_so_and_stands_in_front_of_older_steps(db, tmp_path, now):
    ada = contacts.create(ContactInput(name="Ada"), now)
    stack = undo.UndoStack()
    snap = undo.capture("archive Ada", [ada])
    contacts.set_archived(ada, True, now)
    stack.push(snap)
    path = tmp_path / "people.vcf"
    path.write_text(cards(5))
    report, step = _import(path, now, limit=3)
    stack.push(step)
    assert report.new == 5 and step.blocked
    with pytest.raises(undo.CannotUndo, match="import people.vcf cannot be undone: it merged into or added more than 3 contacts"):
        stack.undo(now=now)
    assert len(stack) == 2 and contacts.get(ada).archived  # the older step is not undone instead

