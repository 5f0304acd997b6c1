"""The JSON backup carries relations (from both sides, restored once) and the journal, and round-trips them."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from netui.core import contacts, journal, relations, search
from netui.core.contacts import ContactInput
from netui.db import close_database, open_database
from netui.db.models import Journal, Relation
from netui.interop import backup


@pytest.fixture
def family(db, now):
    sam, gary, ada = (contacts.create(ContactInput(name=n), now) for n in ("Sam Hiring", "Gary Stone", "Ada Obi"))
    relations.add(sam, gary, "introduced-by", now)
    relations.add(ada, gary, "manager", now)
    relations.add(sam, ada, "custom", now, label="tennis partner")
    journal.add(sam, "moved to the London office", now, on=dt.date(2026, 11, 2))
    journal.add(sam, "kids: Ana 7,\nLeo 4", now, on=dt.date(2026, 10, 1))
    return sam, gary, ada


def _dump(now) -> str:
    out = io.StringIO()
    backup.write(out, now)
    return out.getvalue()


def test_the_backup_holds_relations_from_each_side_and_the_journal(family, now):
    sam, gary, ada = family
    data = {c["name"]: c for c in backup.export(now)["contacts"]}
    assert data["Gary Stone"]["relations"] == [
        {"type": "report", "label": "", "contact_id": ada, "name": "Ada Obi"},
        {"type": "introduced", "label": "", "contact_id": sam, "name": "Sam Hiring"},
    ]
    assert data["Sam Hiring"]["journal"] == [{"on": "2026-11-02", "text": "moved to the London office"},
                                             {"on": "2026-10-01", "text": "kids: Ana 7,\nLeo 4"}]
    assert json.loads(_dump(now)) == backup.export(now)  # the streamed file says the same


def test_round_trip_restores_them_once_merged_or_replaced(family, tmp_path, now):
    text = _dump(now)
    original = backup.export(now)
    close_database()
    open_database(tmp_path / "restored.db")
    assert backup.restore(json.loads(text), now) == {"new": 3, "updated": 0, "unchanged": 0}
    assert backup.export(now) == original
    assert Relation.select().count() == 3 and Journal.select().count() == 2
    assert search.count(search.Query("london")) == 1  # the journal is searchable after a restore
    assert backup.restore(json.loads(text), now) == {"new": 0, "updated": 0, "unchanged": 3}
    assert backup.export(now) == original
    assert backup.restore(json.loads(text), now, replace=True) == {"new": 0, "replaced": 3}
    assert backup.export(now) == original
    assert Relation.select().count() == 3 and Journal.select().count() == 2


def test_merging_adds_what_the_database_lacks(family, now):
    sam, gary, ada = family
    data = backup.export(now)
    relations.remove(sam, gary)
    journal.delete(journal.of(sam)[0].id)
    journal.add(sam, "new since the backup", now)
    backup.restore(data, now)
    assert [r.type for r in relations.of(gary)] == ["report", "introduced"]
    assert [e.text for e in journal.of(sam)] == ["new since the backup", "moved to the London office", "kids: Ana 7,\nLeo 4"]


@pytest.mark.parametrize("change, says", [
    (lambda c: c["relations"][0].update(type="nemesis"), "relations[0].type"),
    (lambda c: c["relations"][0].update(contact_id=None), "relations[0].contact_id"),
    (lambda c: c["journal"][0].update(on="someday"), "journal[0].on"),
    (lambda c: c["journal"][0].update(text=""), "journal[0].text"),
])
def test_a_bad_relation_or_entry_is_refused_naming_the_field(family, now, change, says):
    data = backup.export(now)
    sam = next(c for c in data["contacts"] if c["name"] == "Sam Hiring")
    change(sam)
    with pytest.raises(backup.BackupError, match=says.replace("[", r"\[").replace("]", r"\]")):
        backup.restore(data, now)


def test_vcard_export_writes_related_by_uid_once_per_person(db, now):
    import vobject

    from netui.core import cards
    from netui.interop import vcard

    sam, gary, ada = (contacts.create(ContactInput(name=n), now) for n in ("Sam Hiring", "Gary Stone", "Ada Obi"))
    relations.add(sam, gary, "introduced-by", now)
    # Sam's card from an address book already names Gary (linked), and someone netui does not know.
    cards.write(sam, cards.CardData(related=[cards.RelatedPerson("friend", "Gary Stone", gary),
                                             cards.RelatedPerson("spouse", "Robin Hiring")]))
    text = {record.uid: card for record, card in vcard.cards([sam, gary, ada])}
    uid = {cid: contacts.get(cid).uid for cid in (sam, gary, ada)}
    sam_card = text[uid[sam]]
    assert f"RELATED;TYPE=acquaintance;X-NETUI-RELATION=introduced-by:urn:uuid:{uid[gary]}" in sam_card.replace("\r\n ", "")
    assert sam_card.count("Gary") == 0  # the same person is not written twice (once by name, once by UID)
    assert "Robin Hiring" in sam_card  # a related person without a contact is kept as before
    gary_card = vobject.readOne(text[uid[gary]])
    assert [(r.value, r.params["X-NETUI-RELATION"]) for r in gary_card.contents["related"]] == [
        (f"urn:uuid:{uid[sam]}", ["introduced"])]
    assert "RELATED" not in text[uid[ada]]
