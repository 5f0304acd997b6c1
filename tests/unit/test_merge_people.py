"""Merging two contacts who are one person: everything of both kept, repeats collapsed, undone cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import ForeignKeyField, IntegerField, Model, TextField

from netui.core import (
    cards,
    contacts,
    gives,
    interactions,
    introductions,
    merge_people,
    relations,
    reminders,
    search,
    undo,
)
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday
from netui.core.errors import ContactError
from netui.db import db as database
from netui.db import models as m
from netui.db.models import Contact, Interaction, Introduction, OrgHistory, Related, ScanSeen

D = dt.timedelta
TABLES = [model for model in m.ALL_MODELS if model is not m.Meta]


def counts() -> dict[str, int]:
    return {model._meta.table_name: model.select().count() for model in TABLES}


def card(street: str, service: str, value: str, photo: bytes | None = None) -> cards.CardData:
    return cards.CardData(
        addresses=[cards.Address(label="home", street=street)], dates=[cards.CardDate("anniversary", "2010-06-01")],
        related=[cards.RelatedPerson("assistant", "Sam")], profiles=[cards.Profile(service, value)],
        photo=cards.PhotoData("image/png", photo) if photo else None,
    )


@pytest.fixture
def graces(db, now):
    """Two Grace Hoppers with a bit of everything, some of it the same, and people around them."""
    a = contacts.create(ContactInput(
        name="Grace Hopper", organization="Navy", title="Rear Admiral", how_met="a COBOL talk", circle="inner",
        note="Invented the compiler.", birthday=Birthday(12, 9, 1906), met_on=(now - D(days=3)).date(),
        emails=[Method("email", "grace@navy.example", preferred=True)], phones=[Method("phone", "+1 202 555 0100")],
        tags=["cobol", "navy"], card=card("1 Navy Way", "mastodon", "@grace", b"png-a"),
    ), now)
    b = contacts.create(ContactInput(
        name="Grace B. Hopper", organization="Harvard", title="Programmer", reason="she explains things",
        note="Mark I.", emails=[Method("email", "GRACE@navy.example"), Method("email", "gbh@harvard.example", preferred=True)],
        tags=["Navy", "harvard"], card=card("2 Yard St", "github", "ghopper", b"png-b"),
    ), now)
    x = contacts.create(ContactInput(name="Xavier Ortiz"), now)
    y = contacts.create(ContactInput(name="Yuki Sato"), now)
    interactions.log(a, "call", now - D(days=2), now, summary="a call with A")
    interactions.log(b, "email", now - D(days=20), now, summary="an email to B")
    interactions.log_with([a, b, x], "in-person", now - D(days=1), now, summary="dinner, both Graces on the list")
    interactions.log_with([b, y], "video", now - D(days=5), now, summary="B and Yuki")
    gives.add(a, "send the nanosecond wire", now)
    gives.add(b, "a Mark I photo", now, direction="given")
    introductions.propose(a, b, "she needs a compiler tester", "she wants compiler feedback", now)  # between the two: dropped
    introductions.propose(b, x, "he builds relay hardware", "she writes compilers for it", now)
    introductions.propose(x, y, "she runs the shipyard software", "he designs hull sensors", now, requested_by=b)
    reminders.add_custom(b, now, on=now + D(days=10), note="ask about the Mark I")
    contacts.update(b, ContactInput(organization="Remington Rand"), now)  # B's past job: Harvard
    Related.create(contact=x, name="Grace", label="friend", related_contact=b)
    ScanSeen.create(source="<m1@x>", contact_id=b, outcome="accepted", seen_at=now)
    ScanSeen.create(source="<m2@x>", contact_id=a, outcome="skipped", seen_at=now)
    ScanSeen.create(source="<m2@x>", contact_id=b, outcome="skipped", seen_at=now)
    return a, b, x, y


def test_preview_shows_both_sides_and_the_defaults(graces):
    a, b, _, _ = graces
    p = merge_people.preview(a, b)
    by = {f.key: f for f in p.fields}
    assert (by["name"].a, by["name"].b, by["name"].default) == ("Grace Hopper", "Grace B. Hopper", "a")
    assert (by["org"].a, by["org"].b, by["org"].differs) == ("Navy", "Remington Rand", True)
    assert (by["reason"].a, by["reason"].default) == ("", "b")  # only B has one: B's
    assert by["note"].default == "both"
    assert p.moving["interaction"] == 3 and p.moving["contact_method"] == 2 and p.moving["introduction"] == 3


def test_merging_two_graces_keeps_everything_from_both_and_undoes_cleanly(graces, now):
    a, b, x, y = graces
    before = counts()
    before_dicts = {cid: contacts.contact_dict(cid) for cid in (a, b, x, y)}
    snap = undo.capture("merge", [a, b])
    done = merge_people.merge(a, b, now, keep={"title": "b"})
    stack = undo.UndoStack()
    stack.push(snap)

    after = counts()
    assert done.contact_id == a and done.dropped > 0
    assert after["contact"] == before["contact"] - 1
    assert after["contact_method"] == before["contact_method"] - 1  # grace@navy.example once
    assert after["contact_tag"] == before["contact_tag"] - 1  # navy once
    assert after["interaction"] == before["interaction"] - 1  # the dinner once for Grace
    assert after["introduction"] == before["introduction"] - 1  # Grace to Grace: dropped
    assert after["give"] == before["give"] and after["address"] == before["address"]
    assert after["profile"] == before["profile"] and after["contact_date"] == before["contact_date"]
    assert after["photo"] == before["photo"] - 1  # one photo per person: A's
    assert after["org_history"] == before["org_history"] + 2  # A's Navy title and B's Remington Rand job
    # What the scan offered B is offered to A too (<m2@x> was already A's).
    assert {(s.source, s.contact_id) for s in ScanSeen.select().where(ScanSeen.contact_id == a)} == {("<m1@x>", a), ("<m2@x>", a)}
    assert not Contact.select().where(Contact.id == b).exists()

    g = contacts.contact_dict(a)
    assert (g["name"], g["organization"], g["title"]) == ("Grace Hopper", "Navy", "Programmer")
    assert g["reason"] == "she explains things" and g["note"] == "Invented the compiler.\n\nMark I."
    assert {e["value"] for e in g["emails"]} == {"grace@navy.example", "gbh@harvard.example"}
    assert [e["value"] for e in g["emails"] if e["preferred"]] == ["grace@navy.example"]
    assert g["tags"] == ["cobol", "harvard", "navy"]
    summaries = [i["summary"] for i in g["interactions"]]
    assert summaries.count("dinner, both Graces on the list") == 1 and "an email to B" in summaries
    assert "B and Yuki" in summaries and "a call with A" in summaries
    assert {i.contact_id for i in Interaction.select().where(Interaction.summary == "B and Yuki")} == {a, y}
    assert {r.text for r in m.Give.select().where(m.Give.contact == a)} == {"send the nanosecond wire", "a Mark I photo"}
    assert Introduction.get(Introduction.b == x).a_id == a and Introduction.get(Introduction.a == x).requested_by_id == a
    assert Related.get(Related.contact == x).related_contact_id == a
    assert any(r["note"] == "ask about the Mark I" for r in g["reminders"])
    assert {(h.organization, h.title) for h in OrgHistory.select().where(OrgHistory.contact == a)} >= {
        ("Harvard", "Programmer"), ("Remington Rand", "Programmer")}
    assert search.count(search.Query("gbh")) == 1 and search.count(search.Query("Remington")) == 0
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []

    stack.undo(now=now)
    # Every table as it was; the scan's record keeps A's copy (no foreign key: undo leaves it alone).
    assert counts() == before | {"scan_seen": before["scan_seen"] + 1}
    for cid, was in before_dicts.items():
        assert contacts.contact_dict(cid) == was
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_merging_refuses_one_person_and_a_bad_choice(graces, now):
    a, b, _, _ = graces
    with pytest.raises(ContactError, match="one contact"):
        merge_people.merge(a, a, now)
    with pytest.raises(ContactError, match="not one of"):
        merge_people.merge(a, b, now, keep={"name": "both"})
    with pytest.raises(ContactError, match="no field"):
        merge_people.merge(a, b, now, keep={"shoe": "a"})
    assert Contact.select().where(Contact.id == b).exists()


def test_a_table_added_later_moves_too_and_a_link_between_the_two_goes(db, now):
    """The tables are read from the foreign keys: a new one (relations, say) is merged without a list."""

    class Link(Model):
        a = ForeignKeyField(Contact, backref="links_a", on_delete="CASCADE")
        b = ForeignKeyField(Contact, backref="links_b", on_delete="CASCADE")
        kind = TextField()
        weight = IntegerField(default=0)

        class Meta:
            database = database
            table_name = "test_link"

    database.create_tables([Link])
    try:
        a = contacts.create(ContactInput(name="Ann"), now)
        b = contacts.create(ContactInput(name="Ann B"), now)
        c = contacts.create(ContactInput(name="Cal"), now)
        Link.create(a=b, b=c, kind="colleague")
        Link.create(a=a, b=b, kind="sibling")  # Ann to herself, once merged: dropped
        merge_people.merge(a, b, now)
        assert [(r.a_id, r.b_id, r.kind) for r in Link.select()] == [(a, c, "colleague")]
    finally:
        database.drop_tables([Link])
        del Contact._meta.backrefs[Link.a]
        del Contact._meta.backrefs[Link.b]


def test_two_relations_to_one_person_become_one_and_no_one_is_related_to_themselves(db, now):
    """Ann and Ann B were both Cal's colleague (once each way round): merged, Ann is Cal's colleague once;
    the directed and custom relations that differ stay; a self-relation never survives."""
    a = contacts.create(ContactInput(name="Ann"), now)
    b = contacts.create(ContactInput(name="Ann B"), now)
    c = contacts.create(ContactInput(name="Cal"), now)
    relations.add(a, c, "colleague", now)
    relations.add(c, b, "colleague", now)  # the other way round: the same symmetric relation
    relations.add(a, c, "manager", now)
    relations.add(b, c, "manager", now)  # the same directed relation
    relations.add(c, b, "manager", now)  # the opposite direction: a different fact, kept
    relations.add(a, c, "custom", now, label="chess club")
    relations.add(b, c, "custom", now, label="Chess Club")
    relations.add(b, c, "custom", now, label="choir")
    relations.add(a, b, "friend", now)  # Ann with herself once merged
    snap = undo.capture("merge", [a, b])
    merged = merge_people.merge(a, b, now)
    rows = sorted((r.a_id, r.b_id, r.kind, r.label) for r in m.Relation.select())
    assert rows == sorted([(a, c, "colleague", ""), (a, c, "manager", ""), (c, a, "manager", ""),
                           (a, c, "custom", "chess club"), (a, c, "custom", "choir")])
    assert all(r.a_id != r.b_id for r in m.Relation.select())
    assert [r.type for r in relations.of(a)].count("colleague") == 1
    assert merged.dropped >= 3
    stack = undo.UndoStack()
    stack.push(snap)
    stack.undo(now=now)
    assert m.Relation.select().count() == 9
