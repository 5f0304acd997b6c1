"""The field registry: a field added by one row (and its column) travels through JSON, vCard, CSV and
sync with no other change; and the registry agrees with what the formats wrote before it existed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from peewee import TextField

from netui.core import contacts, fields
from netui.core.contacts import ContactInput
from netui.core.dates import Birthday
from netui.db import db, open_database
from netui.db.models import Contact
from netui.interop import backup, csvfiles, importer, sync, vcard
from netui.tui import forms
from netui.tui.widgets import panes

PRONOUNS = fields.Field(
    "pronouns", "pronouns", "text", "pronouns", fields.VCard("X-NETUI-PRONOUNS", 18, own=True), fields.Csv("pronouns"),
    "own", fields.Form("Pronouns", 13, placeholder="she/her"), fields.Pane("pronouns", 18),
)


def _add_column() -> None:
    """What the field's migration would do (a database made while the model has the field may have it)."""
    if "pronouns" not in {c.name for c in db.get_columns("contact")}:
        db.execute_sql("ALTER TABLE contact ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")


@pytest.fixture
def pronouns(db_path, monkeypatch):
    """A field that netui does not have: one registry row, and the column its migration would add."""
    Contact._meta.add_field("pronouns", TextField(default=""))
    _add_column()
    monkeypatch.setattr(fields, "FIELDS", fields.FIELDS + (PRONOUNS,))
    yield PRONOUNS
    Contact._meta.remove_field("pronouns")


def test_a_new_field_is_in_the_json(pronouns, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", extra={"pronouns": "she/her\x1b[31m"}), now)
    assert contacts.contact_dict(cid)["pronouns"] == "she/her"  # sanitised on the way in, like every field
    assert list(contacts.contact_dict(cid, full=False))[-1] == "pronouns"
    assert contacts.update(cid, ContactInput(extra={"pronouns": "they/them"}), now)
    assert contacts.contact_dict(cid)["pronouns"] == "they/them"


def test_a_new_field_round_trips_through_a_vcard(pronouns, now, tmp_path):
    cid = contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", extra={"pronouns": "she/her; mostly"}), now)
    [(_, text)] = list(vcard.cards([cid]))
    assert "X-NETUI-PRONOUNS:she/her\\; mostly\r\n" in text
    [entry] = vcard.read_bytes(text.encode("utf-8"))
    assert entry.incoming is not None and entry.incoming.extra == {"pronouns": "she/her; mostly"}
    assert entry.not_kept == []  # read as netui's own field, not reported as something netui has no place for
    contacts.delete(cid)
    path = tmp_path / "ada.vcf"
    path.write_text(text, encoding="utf-8")
    importer.import_paths([path], now)
    assert contacts.contact_dict(contacts.resolve("Ada"))["pronouns"] == "she/her; mostly"


def test_a_new_field_round_trips_through_a_csv(pronouns, now):
    contacts.create(ContactInput(name="Ada Lovelace", extra={"pronouns": "=she/her"}), now)
    out = io.StringIO()
    csvfiles.write(out, now)
    header, row = out.getvalue().splitlines()[:2]
    assert header.endswith(",archived,pronouns") and row.endswith(",'=she/her")  # a formula is defused as always
    kind, [entry] = csvfiles.read_bytes(out.getvalue().encode("utf-8"))
    assert entry.incoming is not None and entry.incoming.extra == {"pronouns": "=she/her"}
    assert entry.not_kept == []


def test_a_new_field_round_trips_through_sync(pronouns, tmp_path, now):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    folder = tmp_path / "shared"
    open_database(b)
    _add_column()
    open_database(a)
    _add_column()
    cid = contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", extra={"pronouns": "she/her"}), now)
    sync.sync_contacts(folder, now)
    assert "X-NETUI-PRONOUNS:she/her" in (folder / "ada-1.vcf").read_text()

    open_database(b)
    sync.sync_contacts(folder, now)
    bada = contacts.resolve("Ada")
    assert contacts.contact_dict(bada)["pronouns"] == "she/her"
    contacts.update(bada, ContactInput(extra={"pronouns": "they/them"}), now)
    report = sync.sync_contacts(folder, now)
    assert report.written == ["Ada Lovelace"]

    open_database(a)
    report = sync.sync_contacts(folder, now)
    assert report.updated == ["Ada Lovelace"] and report.conflicts == []
    assert contacts.contact_dict(cid)["pronouns"] == "they/them"

    # Changed on both sides: netui's value stays, the other is noted, in the field's own words.
    contacts.update(cid, ContactInput(extra={"pronouns": "she/they"}), now + dt.timedelta(hours=1))
    open_database(b)
    contacts.update(bada, ContactInput(extra={"pronouns": "any"}), now + dt.timedelta(hours=1))
    sync.sync_contacts(folder, now)
    open_database(a)
    report = sync.sync_contacts(folder, now)
    ada = contacts.contact_dict(cid)
    assert ada["pronouns"] == "she/they" and "from sync conflict: pronouns: any" in ada["note"]
    assert "pronouns changed on both sides" in report.conflicts[0].what


def test_a_new_field_travels_through_a_json_backup(pronouns, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", extra={"pronouns": "she/her"}), now)
    data = backup.export(now)
    assert data["contacts"][0]["pronouns"] == "she/her"
    contacts.delete(cid)
    backup.restore(json.loads(json.dumps(data)), now)
    assert contacts.contact_dict(contacts.resolve("Ada"))["pronouns"] == "she/her"
    bad = json.loads(json.dumps(data))
    bad["contacts"][0]["pronouns"] = 5
    with pytest.raises(backup.BackupError, match="pronouns"):  # checked as its kind says, like every field
        backup.validate(bad)


def test_a_new_field_is_on_the_form_and_in_the_detail_pane(pronouns, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", extra={"pronouns": "she/her"}), now)
    form = forms.contact_form(now, cid)
    [field] = [f for f in form.fields if f.name == "pronouns"]
    assert (field.label, field.value) == ("Pronouns", "she/her")
    names = [f.name for f in form.fields]
    assert names[names.index("note") + 1] == "pronouns"  # placed by its order in the registry (after the note)
    pane = panes.DetailPane()
    text = pane.draw(pane.load(cid, now), now).plain
    assert "pronouns  she/her" in text


def test_the_registry_names_each_format_once():
    keys = [f.key for f in fields.FIELDS]
    assert len(keys) == len(set(keys))
    assert [f.key for f in fields.sync_fields()] == list(sync.SINGLE)
    assert csvfiles.columns() == csvfiles.COLUMNS == [
        "uid", "name", "given_name", "family_name", "nickname", "organization", "title", "emails", "phones", "urls",
        "birthday", "met_on", "how_met", "reason", "circle", "cadence_days", "tags", "note", "archived",
    ]
    own = [f.vcard.prop for f in fields.vcard_order() if f.vcard and f.vcard.own]
    assert own == ["X-NETUI-HOW-MET", "X-NETUI-REASON", "X-NETUI-CIRCLE", "X-NETUI-CADENCE", "X-NETUI-MET-ON",
                   "X-NETUI-ARCHIVED"]
    form = [(f.form.name or f.key, f.form.label) for f in fields.form_fields() if f.form]
    assert form == [  # the contact form as tui/forms.py asks today
        ("name", "Name"), ("organization", "Organisation"), ("title", "Title"), ("emails", "Emails"),
        ("phones", "Phones"), ("met_on", "Met on"), ("how_met", "Where/at"), ("reason", "Why"),
        ("birthday", "Birthday"), ("tags", "Interests"), ("circle", "Circle"), ("cadence", "Cadence"), ("note", "Note"),
        ("given_name", "Given name"), ("family_name", "Family name"), ("nickname", "Nickname"), ("urls", "Links"),
        ("addresses", "Addresses"), ("dates", "Dates"), ("related", "Related"), ("profiles", "Profiles"),
    ]
    rows = [f.pane.label for f in fields.pane_fields() if f.pane and f.pane.place == "row"]
    assert rows == ["email", "phone", "web", "birthday", "met", "met", "why", "interests"]  # as the detail pane shows them
    assert not [f.key for f in fields.FIELDS if f.derived and (f.form or f.pane or f.vcard or f.csv or f.sync)]


def test_every_model_column_of_a_contact_is_in_the_registry_or_kept_by_netui():
    registered = {c for f in fields.FIELDS for c in f.db_columns}
    internal = {"sort_name", "last_in_person_at", "strength", "strength_tier", "strength_prev", "strength_at"}
    assert set(Contact._meta.fields) == registered | internal


def test_a_contacts_json_makes_the_same_contact_again(db_path, now):
    cid = contacts.create(ContactInput(
        name="Ada Lovelace", given_name="Ada", family_name="King", nickname="Countess", organization="Engines",
        title="CTO", birthday=Birthday(12, 10, None), met_on=dt.date(2026, 11, 1), how_met="PyCon", reason="looms",
        circle="inner", cadence_days=21, note="one\ntwo", archived=True,
    ), now)
    before = contacts.contact_dict(cid, full=False)
    again = contacts.create(ContactInput.from_plain(before, new=True), now)
    after = contacts.contact_dict(again, full=False)
    assert {f.key: after[f.key] for f in fields.scalar_fields()} == {f.key: before[f.key] for f in fields.scalar_fields()}
    cleared = ContactInput.from_plain({"met_on": None, "cadence_days": None, "birthday": None}, new=False)
    contacts.update(again, cleared, now)
    assert [contacts.contact_dict(again)[k] for k in ("met_on", "cadence_days", "birthday", "title")] == [None, None, None, "CTO"]
