"""Importing an unchanged card again does not undo what the user changed since the last import: a note
they replaced, an email or tag they removed, a birthday they cleared stay as they are; what the card
changed since is merged as usual, and an import that was undone is taken in again."""

from __future__ import annotations

from netui.core import contacts, undo
from netui.core.contacts import ContactInput, Method
from netui.interop import importer

CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Obi\r\nN:Obi;Ada;;;\r\nORG:Acme\r\nTITLE:Engineer\r\n"
        "EMAIL:ada@acme.example\r\nEMAIL:ada@home.example\r\nBDAY:1990-03-01\r\nCATEGORIES:rowing\r\n"
        "NOTE:{note}\r\nEND:VCARD\r\n")


def _import(tmp_path, now, note="from the card", **kw):
    path = tmp_path / "ada.vcf"
    path.write_text(CARD.format(note=note), encoding="utf-8")
    return importer.import_paths([path], now, **kw)


def _ada():
    cid = contacts.resolve("Ada Obi")
    return cid, contacts.get(cid)


def test_a_replaced_note_is_not_brought_back_by_the_same_card(db, tmp_path, now):
    _import(tmp_path, now)
    cid, ada = _ada()
    assert ada.note == "from the card"
    contacts.update(cid, ContactInput(note="my own words"), now)  # netui edit --note
    report = _import(tmp_path, now)
    assert (report.updated, report.unchanged) == (0, 1)
    assert _ada()[1].note == "my own words"
    _import(tmp_path, now, note="moved to Lisbon")  # the card's news is still merged
    assert _ada()[1].note == "my own words\n\nmoved to Lisbon"


def test_removed_emails_and_tags_and_a_cleared_birthday_stay_removed(db, tmp_path, now):
    _import(tmp_path, now)
    cid, _ = _ada()
    contacts.update(cid, ContactInput(emails=[Method("email", "ada@acme.example")], tags=[], birthday=False,
                                      organization="", title=""), now)
    _import(tmp_path, now)
    cid, ada = _ada()
    assert [m.value for m in contacts.methods_of(cid)["email"]] == ["ada@acme.example"]
    assert contacts.tags_of(cid) == [] and ada.birthday_month is None
    assert (ada.organization, ada.title) == ("", "")
    path = tmp_path / "ada.vcf"  # a card that lists a new email brings that one in, not the removed one
    path.write_text(CARD.format(note="from the card").replace("EMAIL:ada@home", "EMAIL:ada@new.example\r\nEMAIL:ada@home"))
    importer.import_paths([path], now)
    assert sorted(m.value for m in contacts.methods_of(cid)["email"]) == ["ada@acme.example", "ada@new.example"]


def test_an_undone_import_is_taken_in_again(db, tmp_path, now):
    known = contacts.create(ContactInput(name="Ada Obi", add_methods=[Method("email", "ada@acme.example")]),
                            now.replace(year=now.year - 1))
    journal = undo.Journal("import ada.vcf")
    _import(tmp_path, now, journal=journal)
    assert contacts.get(known).note == "from the card"
    stack = undo.UndoStack()
    stack.push(journal.finish())
    stack.undo(now=now)
    assert contacts.get(known).note == ""
    _import(tmp_path, now)
    assert contacts.get(known).note == "from the card"


def test_a_dry_run_remembers_nothing(db, tmp_path, now):
    contacts.create(ContactInput(name="Ada Obi", add_methods=[Method("email", "ada@acme.example")]), now)
    _import(tmp_path, now, dry_run=True)
    assert _import(tmp_path, now).updated == 1  # the dry run's memory went with its rollback
    assert _ada()[1].note == "from the card"


def test_a_deleted_contacts_memory_goes_with_them_and_the_next_person_with_their_id_takes_the_card_whole(
        db, tmp_path, now):
    """Deleted by mistake, added again by hand (SQLite gives the new row the freed id), the old card
    imported to bring the details back: all of them come in, none is taken as already said."""
    _import(tmp_path, now)
    cid, _ = _ada()
    contacts.delete(cid)
    assert db.execute_sql("SELECT count(*) FROM meta WHERE key LIKE 'imported:%'").fetchone()[0] == 0
    again = contacts.create(ContactInput(name="Ada Obi", add_methods=[Method("email", "ada@acme.example")]), now)
    assert again == cid  # the freed id, as SQLite gives it
    report = _import(tmp_path, now)
    assert report.updated == 1
    ada = contacts.get(again)
    assert ada.note == "from the card" and ada.birthday_month == 3 and ada.organization == "Acme"
    assert contacts.tags_of(again) == ["rowing"]


def test_undoing_the_import_that_added_a_contact_forgets_what_its_card_said(db, tmp_path, now):
    journal = undo.Journal("import ada.vcf")
    _import(tmp_path, now, journal=journal)
    cid, _ = _ada()
    stack = undo.UndoStack()
    stack.push(journal.finish())
    assert db.execute_sql("SELECT count(*) FROM meta WHERE key = ?", [f"imported:{cid}"]).fetchone()[0] == 1
    stack.undo(now=now)
    assert db.execute_sql("SELECT count(*) FROM meta WHERE key = ?", [f"imported:{cid}"]).fetchone()[0] == 0
