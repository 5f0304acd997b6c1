"""What a card holds besides names, emails and phones (``netui.core.cards``): read from vCard 3.0 and
4.0 and from Google and Outlook CSVs, stored, shown in ``show --json``, exported, backed up, undone."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from netui.core import cards, contacts, interactions, search, undo
from netui.core import today as today_mod
from netui.core.contacts import ContactInput
from netui.db.models import Address, ContactDate, Photo, Profile, Related, Reminder, Tag
from netui.interop import backup, importer, vcard, vdir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V3, V4 = FIXTURES / "card-data-3.0.vcf", FIXTURES / "card-data-4.0.vcf"
GOOGLE, OUTLOOK = FIXTURES / "card-data-google.csv", FIXTURES / "card-data-outlook.csv"
JPEG = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(range(256)) * 2 + b"\xff\xd9"  # the 3.0 fixture's photo
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200, 256)) * 3  # the 4.0 fixture's data: URI


def by_name(name: str) -> dict:
    return contacts.contact_dict(contacts.resolve(name))


def show_json(db_path: Path, name: str) -> dict:
    env = {**os.environ, "NETUI_DB": str(db_path)}
    out = subprocess.run([sys.executable, "-m", "netui", "show", name, "--json"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def names_in(value: object):
    """Every "name" in a JSON answer, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "name":
                yield item
            yield from names_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from names_in(item)


def photo_bytes(contact_id: int) -> bytes:
    return bytes(Photo.get(Photo.contact == contact_id).data)


def card_keys(d: dict) -> dict:
    return {k: d[k] for k in (*cards.KEYS, "kind", "tags")}


ADA = {
    "addresses": [
        {"label": "home", "street": "12 St James's Square", "locality": "London", "region": "Greater London",
         "postal_code": "SW1Y 4JH", "country": "United Kingdom", "preferred": True},
        {"label": "summer house", "street": "1 Ockham Park", "locality": "Ockham", "region": "Surrey",
         "postal_code": "GU23 6NY", "country": "United Kingdom", "preferred": False},
    ],
    "dates": [{"label": "anniversary", "date": "1835-07-08"}, {"label": "first program", "date": "--11-27"}],
    "profiles": [
        {"service": "skype", "value": "ada.lovelace"}, {"service": "aim", "value": "adaaim"},
        {"service": "jabber", "value": "ada@jabber.example.org"}, {"service": "skype", "value": "ada.work"},
        {"service": "twitter", "value": "https://twitter.com/adalovelace"},
    ],
    "photo": {"media_type": "image/jpeg", "bytes": len(JPEG), "url": ""},
    "kind": "person",
}


def test_vcard_3_and_4_keep_every_kind_of_card_data(db_path, now):
    report = importer.import_paths([V3, V4], now)
    assert report.counts()["new"] == 5 and report.skipped == 0
    assert not any(f.not_kept for f in report.files)  # nothing reported as "not kept" any more
    ada, babbage, grace = by_name("Ada Lovelace"), by_name("Charles Babbage"), by_name("Grace Hopper")
    assert {k: ada[k] for k in ADA} == ADA
    assert ada["related"] == [  # Babbage came later in the file: linked once everyone was in
        {"label": "spouse", "name": "William King", "contact_id": None},
        {"label": "friend", "name": "Charles Babbage", "contact_id": babbage["id"]},
    ]
    assert photo_bytes(ada["id"]) == JPEG
    # 3.0: a LABEL without ADR is the address; X-ANNIVERSARY, X-MS-SPOUSE; a photo by URL stays a URL.
    assert babbage["addresses"] == [{"label": "work", "street": "1 Dorset Street\nLondon", "locality": "", "region": "",
                                     "postal_code": "", "country": "", "preferred": False}]
    assert babbage["dates"] == [{"label": "anniversary", "date": "1814-07-02"}]
    assert babbage["related"] == [{"label": "spouse", "name": "Georgiana Whitmore", "contact_id": None}]
    assert babbage["photo"] == {"media_type": "", "bytes": 0, "url": "https://example.org/babbage.jpg"}
    # 4.0: ADR with PREF=1, ANNIVERSARY, RELATED by text and by urn:uuid, IMPP URIs, a data: URI photo.
    assert grace["addresses"] == [{"label": "work", "street": "1 Navy Yard", "locality": "Washington", "region": "DC",
                                   "postal_code": "20374", "country": "USA", "preferred": True}]
    assert grace["dates"] == [{"label": "anniversary", "date": "1930-06-15"}]
    assert grace["related"] == [{"label": "spouse", "name": "Vincent Hopper", "contact_id": None},
                                {"label": "colleague", "name": "Ada Lovelace", "contact_id": ada["id"]}]
    assert grace["profiles"] == [{"service": "jabber", "value": "grace@jabber.example.org"},
                                 {"service": "aim", "value": "gracehopper"}]
    assert grace["photo"] == {"media_type": "image/png", "bytes": len(PNG), "url": ""}
    assert photo_bytes(grace["id"]) == PNG
    warnings = [w.reason for f in report.files for w in f.warnings]
    assert "the date 'not a date' (line 8) is not a date; not kept" in warnings
    # In the database, row for row.
    assert Address.select().where(Address.contact == ada["id"]).count() == 2
    assert ContactDate.select().where(ContactDate.contact == ada["id"]).count() == 2
    assert Related.select().where(Related.contact == grace["id"]).count() == 2
    assert Profile.select().where(Profile.contact == ada["id"]).count() == 5
    # And in show --json, as the CLI prints it.
    shown = show_json(db_path, "Ada Lovelace")
    assert card_keys(shown) == card_keys(ada)


def test_a_second_import_changes_nothing(db_path, now):
    importer.import_paths([V3, V4, GOOGLE, OUTLOOK], now)
    again = importer.import_paths([V3, V4, GOOGLE, OUTLOOK], now)
    assert (again.new, again.updated) == (0, 0)


def test_organisations_are_kept_marked_and_left_out_of_cadence_and_queues(db_path, now):
    importer.import_paths([V3, V4], now)
    org, person = contacts.resolve("Analytical Engines Ltd"), contacts.resolve("Charles Babbage")
    assert contacts.contact_dict(org)["kind"] == "org" and contacts.contact_dict(person)["kind"] == "person"
    assert contacts.contact_dict(contacts.resolve("US Navy"))["kind"] == "org"  # KIND:org (4.0)
    long_ago = now - dt.timedelta(days=400)
    for cid in (org, person):
        interactions.log(cid, "call", long_ago, long_ago)
    assert contacts.contact_dict(org)["next_due"] is None
    env = {**os.environ, "NETUI_DB": str(db_path)}
    for command in (["today", "--json"], ["due", "--json"]):
        out = subprocess.run([sys.executable, "-m", "netui", *command], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        names = set(names_in(json.loads(out.stdout)))
        assert "Charles Babbage" in names, command  # a person in the same state is due
        assert not {"Analytical Engines Ltd", "US Navy"} & names, command


def test_group_members_get_the_group_as_a_tag(db_path, now):
    importer.import_paths([V3, V4], now)
    assert by_name("Ada Lovelace")["tags"] == ["Pioneers", "Poetry", "Royal-Society", "VIP"]
    assert by_name("Charles Babbage")["tags"] == ["Royal-Society"]
    assert by_name("Grace Hopper")["tags"] == ["COBOL", "Pioneers"]


def test_tags_keep_their_case_and_still_match_in_any_case(db_path, now):
    importer.import_paths([V3], now)
    ada = contacts.resolve("Ada Lovelace")
    assert "VIP" in contacts.contact_dict(ada)["tags"]
    assert Tag.get(Tag.name == "vip").display == "VIP"
    assert [r.name for r in search.page(search.Query("tag:vip"), "name", 0, 10)] == ["Ada Lovelace"]
    assert [r.name for r in search.page(search.Query("tag:VIP"), "name", 0, 10)] == ["Ada Lovelace"]
    contacts.update(ada, ContactInput(add_tags=["vip"]), now)  # the same tag, not a second one
    assert contacts.contact_dict(ada)["tags"].count("VIP") == 1 and Tag.select().where(Tag.name == "vip").count() == 1


def test_google_and_outlook_csv_columns_are_kept(db_path, now):
    report = importer.import_paths([GOOGLE, OUTLOOK], now)
    assert report.counts()["new"] == 4
    chiara, dan, mary = by_name("Chiara Rossi"), by_name("Dan Okafor"), by_name("Mary Major")
    assert chiara["addresses"] == [
        {"label": "home", "street": "Via Roma 1", "locality": "Torino", "region": "Piemonte", "postal_code": "10121",
         "country": "Italy", "preferred": True},
        {"label": "work", "street": "Corso Francia 100\nScala B", "locality": "Torino", "region": "",
         "postal_code": "10138", "country": "Italy", "preferred": False},
    ]
    assert chiara["dates"] == [{"label": "anniversary", "date": "2015-09-12"}, {"label": "Graduation", "date": "--07-01"}]
    assert chiara["related"] == [{"label": "spouse", "name": "Marco Rossi", "contact_id": None}]
    assert chiara["profiles"] == [{"service": "skype", "value": "chiara.rossi"}]
    assert chiara["tags"] == ["VIP"]
    assert dan["related"] == [{"label": "manager", "name": "Chiara Rossi", "contact_id": chiara["id"]}]
    assert dan["profiles"] == [{"service": "jabber", "value": "dan@jabber.example.org"}]
    assert mary["addresses"] == [
        {"label": "work", "street": "1 Microsoft Way\nBuilding 9", "locality": "Redmond", "region": "WA",
         "postal_code": "98052", "country": "United States", "preferred": False},
        {"label": "home", "street": "22 Lake Road", "locality": "Kirkland", "region": "WA", "postal_code": "98033",
         "country": "United States", "preferred": False},
    ]
    assert mary["dates"] == [{"label": "anniversary", "date": "1998-06-20"}]
    assert [(r["label"], r["name"]) for r in mary["related"]] == [
        ("assistant", "Alex Assistant"), ("child", "Sam; Kim"), ("manager", "Pat Boss"), ("spouse", "Jordan Major")]
    assert by_name("Empty Dates")["dates"] == []  # Outlook's 0/0/00 is no date
    kept = {k for f in report.files for k in f.not_kept}
    assert not any(word in k for k in kept for word in ("Address", "Street", "Event", "Relation", "IM", "Spouse"))
    assert card_keys(show_json(db_path, "Mary Major")) == card_keys(mary)


def test_a_vcard_export_reads_back_the_same_and_keeps_the_photo_bytes(db_path, tmp_path, now):
    importer.import_paths([V3, V4, GOOGLE, OUTLOOK], now)
    out = io.StringIO()
    vcard.write(out, now)
    text = out.getvalue()
    for prop in ("ADR;TYPE=home,pref:", "ANNIVERSARY:1835-07-08", "X-ABDATE", "RELATED;TYPE=spouse;VALUE=text:",
                 "X-ABRELATEDNAMES", "IMPP;X-SERVICE-TYPE=skype:skype:ada.lovelace", "X-SOCIALPROFILE;TYPE=twitter:",
                 "PHOTO;ENCODING=b;TYPE=JPEG:", "KIND:org", "PHOTO;VALUE=uri:https://example.org/babbage.jpg"):
        assert prop in text, prop
    before = {c: card_keys(by_name(c)) for c in ("Ada Lovelace", "Grace Hopper", "Mary Major", "Chiara Rossi")}
    exported = tmp_path / "all.vcf"
    exported.write_text(text, encoding="utf-8")
    again = importer.import_paths([exported], now)  # into the same database: nothing new, nothing changed
    assert (again.new, again.updated) == (0, 0)
    # Into an empty one: the same card data, the same photo bytes.
    for cid in [c.id for c in contacts.Contact.select()]:
        contacts.delete(cid)
    importer.import_paths([exported], now)
    after = {c: card_keys(by_name(c)) for c in before}
    assert after == before
    assert photo_bytes(contacts.resolve("Ada Lovelace")) == JPEG
    assert photo_bytes(contacts.resolve("Grace Hopper")) == PNG


def test_a_vdir_export_writes_the_card_data(db_path, tmp_path, now):
    importer.import_paths([V3], now)
    folder = tmp_path / "vdir"
    vdir.export(folder, now)
    text = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.vcf")).replace("\n ", "")
    assert "ADR;TYPE=home,pref:;;12 St James's Square;London;Greater London;SW1Y 4JH;United Kingdom" in text
    assert "X-ABSHOWAS:COMPANY" in text
    again = importer.import_paths([folder], now)
    assert (again.new, again.updated) == (0, 0)


def test_the_json_backup_restores_card_data_and_exact_photo_bytes(db_path, tmp_path, now):
    importer.import_paths([V3, V4], now)
    before = {c: card_keys(by_name(c)) for c in ("Ada Lovelace", "Grace Hopper", "Analytical Engines Ltd")}
    data = backup.export(now)
    ada = next(c for c in data["contacts"] if c["name"] == "Ada Lovelace")
    assert base64.b64decode(ada["photo"]["base64"]) == JPEG
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    for cid in [c.id for c in contacts.Contact.select()]:
        contacts.delete(cid)
    backup.read(path, now)
    assert {c: card_keys(by_name(c)) for c in before} == before
    assert photo_bytes(contacts.resolve("Ada Lovelace")) == JPEG
    assert photo_bytes(contacts.resolve("Grace Hopper")) == PNG
    backup.read(path, now)  # merging the same backup again changes nothing
    assert {c: card_keys(by_name(c)) for c in before} == before


def test_undo_of_a_delete_restores_every_kind_of_card_data(db_path, now):
    importer.import_paths([V3], now)
    ada = contacts.resolve("Ada Lovelace")
    before = contacts.contact_dict(ada)
    assert before["addresses"] and before["dates"] and before["related"] and before["profiles"] and before["photo"]
    stack = undo.UndoStack()
    snap = undo.capture("delete Ada", [ada])
    contacts.delete(ada)
    stack.push(snap)
    assert Address.select().where(Address.contact == ada).count() == 0 and not Photo.select().where(Photo.contact == ada).count()
    stack.undo(now=now)
    assert contacts.contact_dict(ada) == before
    assert photo_bytes(ada) == JPEG


def test_card_data_is_written_replaced_and_cleared_through_contact_input(db_path, now):
    cid = contacts.create(ContactInput(name="Ada", card=cards.CardData(
        addresses=[cards.Address("home", "1 Road", "Town")], dates=[cards.CardDate("anniversary", "19980620")],
        profiles=[cards.Profile("Mastodon", "@ada@example.social")], photo=cards.PhotoData("image/png", PNG),
    )), now)
    d = contacts.contact_dict(cid)
    assert d["dates"] == [{"label": "anniversary", "date": "1998-06-20"}]
    assert d["profiles"] == [{"service": "mastodon", "value": "@ada@example.social"}]
    assert contacts.update(cid, ContactInput(card=cards.CardData(addresses=[], photo=False)), now)
    d = contacts.contact_dict(cid)
    assert (d["addresses"], d["photo"], len(d["dates"])) == ([], None, 1)
    assert not contacts.update(cid, ContactInput(card=cards.CardData(dates=[cards.CardDate("anniversary", "1998-06-20")])), now)


def test_dates_get_yearly_reminders_of_their_own_kind(db_path, now):
    importer.import_paths([V3], now)
    ada = contacts.resolve("Ada Lovelace")
    rows = {(r.note, r.next_due_at) for r in Reminder.select().where((Reminder.contact == ada) & (Reminder.kind == "anniversary"))}
    assert rows == {("first program", dt.datetime(2026, 11, 27)), ("anniversary", dt.datetime(2027, 7, 8))}
    entries, _ = today_mod.people_due(dt.datetime(2026, 11, 27, 9, 0))
    [entry] = [e for e in entries if e.contact_id == ada]
    assert [(r.kind, r.note) for r in entry.reasons] == [("anniversary", "first program")]
    assert entry.group == "today"
    # A changed date moves its reminder; a removed one takes its reminder with it.
    contacts.update(ada, ContactInput(card=cards.CardData(dates=[cards.CardDate("anniversary", "1835-07-09")])), now)
    rows = {(r.note, r.next_due_at) for r in Reminder.select().where((Reminder.contact == ada) & (Reminder.kind == "anniversary"))}
    assert rows == {("anniversary", dt.datetime(2027, 7, 9))}
    importer.import_paths([V3], now)  # the file's dates come back (merged in), and with them their reminders
    assert Reminder.select().where((Reminder.contact == ada) & (Reminder.kind == "anniversary")).count() == 3
