"""Addresses, dates, related people, profiles and the photo travel both ways as the standard vCard
properties; what netui does not model stays on the card; an older netui's sync state upgrades quietly."""

from __future__ import annotations

import base64
import datetime as dt
import json

from netui.core import cards, contacts
from netui.core.cards import Address, CardData, CardDate, PhotoData, Profile, RelatedPerson
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact, Meta
from netui.interop import sync
from netui.interop.sync.records import CARD_FIELDS

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9") + bytes(range(256))


def ada_with_card(now) -> int:
    return contacts.create(ContactInput(
        name="Ada Lovelace", uid="ada-1", emails=[Method("email", "ada@example.com", "work")], card=CardData(
            addresses=[Address("home", "12 St James's Square", "London", "", "SW1Y 4JH", "UK", True)],
            dates=[CardDate("anniversary", "1835-07-08"), CardDate("first program", "--08-01")],
            related=[RelatedPerson("spouse", "William King")],
            profiles=[Profile("skype", "ada.lovelace"), Profile("twitter", "@ada")],
            photo=PhotoData("image/jpeg", JPEG),
        ),
    ), now, log_meeting=False)


def unfolded(path) -> str:
    return path.read_bytes().decode().replace("\r\n ", "")


def test_card_data_travels_as_standard_properties_to_the_other_machine(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada_with_card(now)
    sync.sync_contacts(folder, now)
    text = unfolded(folder / "ada-1.vcf")
    assert "ADR;TYPE=home,pref:;;12 St James's Square;London;;SW1Y 4JH;UK\r\n" in text
    assert "ANNIVERSARY:1835-07-08\r\n" in text and "X-ABDATE" in text
    assert "RELATED;TYPE=spouse;VALUE=text:William King\r\n" in text
    assert "IMPP;X-SERVICE-TYPE=skype:skype:ada.lovelace\r\n" in text and "X-SOCIALPROFILE;TYPE=twitter:@ada" in text
    assert f"PHOTO;ENCODING=b;TYPE=JPEG:{base64.b64encode(JPEG).decode()}\r\n" in text
    b.use()
    assert sync.sync_contacts(folder, now).counts()["new"] == 1
    card = cards.card_of(contacts.resolve("Ada"))
    assert card.addresses == [Address("home", "12 St James's Square", "London", "", "SW1Y 4JH", "UK", True)]
    assert sorted((d.label, d.date) for d in card.dates) == [("anniversary", "1835-07-08"), ("first program", "--08-01")]
    assert [(r.label, r.name) for r in card.related] == [("spouse", "William King")]
    assert sorted((p.service, p.value) for p in card.profiles) == [("skype", "ada.lovelace"), ("twitter", "@ada")]
    assert card.photo == PhotoData("image/jpeg", JPEG)  # the same bytes
    again = sync.sync_contacts(folder, now)
    assert again.counts() == dict.fromkeys(again.counts(), 0)  # read back as written: nothing bounces

    # B edits the address and drops a profile; A gets both.
    later = now + dt.timedelta(hours=1)
    contacts.update(contacts.resolve("Ada"), ContactInput(card=CardData(
        addresses=[Address("home", "1 Ockham Park", "Ripley", "", "GU23", "UK", True)],
        profiles=[Profile("skype", "ada.lovelace")])), later)
    assert sync.sync_contacts(folder, later).counts()["written"] == 1
    a.use()
    report = sync.sync_contacts(folder, later)
    assert report.counts()["updated"] == 1 and not report.conflicts
    card = cards.card_of(contacts.resolve("Ada"))
    assert [x.street for x in card.addresses] == ["1 Ockham Park"] and [p.service for p in card.profiles] == ["skype"]


def test_a_third_clients_edit_comes_back_and_its_own_properties_stay(db_path, tmp_path, now):
    ada_with_card(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    path = folder / "ada-1.vcf"
    text = path.read_bytes().decode()
    # A phone moves her, adds an anniversary of its own kind, a profile, and properties netui does not model.
    text = text.replace("12 St James's Square;London;;SW1Y 4JH", "1 Ockham Park;Ripley;Surrey;GU23")
    text = text.replace("END:VCARD", "X-ANNIVERSARY:1835-07-09\r\nX-SOCIALPROFILE;TYPE=mastodon:@ada@hachyderm.io\r\n"
                        "X-FOO;BAR=baz:keep me\\, exactly\r\nitem9.X-ABShowAs:PERSON\r\nitem9.X-ABLabel:shown\r\n"
                        "X-APPLE-SUBLOCALITY:Mayfair\r\nEND:VCARD")
    path.write_bytes(text.encode())
    report = sync.sync_contacts(folder, now)
    assert report.counts()["updated"] == 1 and not report.conflicts
    card = cards.card_of(contacts.resolve("Ada"))
    assert [(x.street, x.locality, x.region) for x in card.addresses] == [("1 Ockham Park", "Ripley", "Surrey")]
    assert ("mastodon", "@ada@hachyderm.io") in [(p.service, p.value) for p in card.profiles]
    # netui writes over the card (its own change), the other program's lines stay as they were.
    later = now + dt.timedelta(hours=1)
    contacts.update(contacts.resolve("Ada"), ContactInput(title="Countess"), later)
    assert sync.sync_contacts(folder, later).counts()["written"] == 1
    text = unfolded(path)
    assert "TITLE:Countess" in text and "X-FOO;BAR=baz:keep me\\, exactly\r\n" in text
    assert "item9.X-ABShowAs:PERSON\r\n" in text and "item9.X-ABLabel:shown\r\n" in text
    assert "X-APPLE-SUBLOCALITY:Mayfair\r\n" in text
    assert "ADR;TYPE=home,pref:;;1 Ockham Park;Ripley;Surrey;GU23;UK\r\n" in text


def test_a_servers_group_card_is_left_as_it_is_and_tags_its_members_once(db_path, tmp_path, now):
    ada_with_card(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    group = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:grp-1\r\nFN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n"
             b"X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:ada-1\r\nEND:VCARD\r\n")
    (folder / "grp-1.vcf").write_bytes(group)
    report = sync.sync_contacts(folder, now)
    # Ada gets the group as a tag, and her card is written with it in the same sync.
    assert report.counts() == {**dict.fromkeys(report.counts(), 0), "written": 1} and report.problems == []
    assert report.notes == ["grp-1.vcf: the group 'Family' tagged 1 member with its name"]
    ada = contacts.resolve("Ada")
    assert "family" in [t.lower() for t in contacts.tags_of(ada)]
    [ada_card] = [p for p in folder.glob("*.vcf") if p.name != "grp-1.vcf"]
    assert "categories:family" in unfolded(ada_card).lower()
    assert (folder / "grp-1.vcf").read_bytes() == group
    assert [c.name for c in Contact.select()] == ["Ada Lovelace"]
    assert sync.sync_contacts(folder, now).counts() == dict.fromkeys(report.counts(), 0)
    # A tag removed here stays removed: the group tagged her once.
    contacts.update(ada, ContactInput(tags=[]), now)
    sync.sync_contacts(folder, now)
    assert contacts.tags_of(ada) == []
    assert (folder / "grp-1.vcf").read_bytes() == group


def _as_an_older_netui_left_it() -> None:
    """Sync state as the netui before this one wrote it: no hash for the card's data, another overall hash."""
    for row in list(Meta.select().where(Meta.key.startswith("sync.contact:"))):
        state = json.loads(row.value)
        state["base"] = {k: v for k, v in state["base"].items() if k not in CARD_FIELDS} | {"*": "0ld0ld0ld0ld"}
        Meta.replace(key=row.key, value=json.dumps(state)).execute()


def test_the_first_sync_after_the_upgrade_changes_nothing_that_did_not_change(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    for n in range(5):
        contacts.create(ContactInput(name=f"Person {n}", uid=f"p-{n}", note="same"), now)
    ada_with_card(now)
    sync.sync_contacts(folder, now)
    b.use()
    sync.sync_contacts(folder, now)
    for machine in (a, b):
        machine.use()
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        _as_an_older_netui_left_it()
        report = sync.sync_contacts(folder, now)
        assert report.counts() == dict.fromkeys(report.counts(), 0), report.text()
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        again = sync.sync_contacts(folder, now)  # the state is complete now: the files are not read again
        assert again.counts() == dict.fromkeys(again.counts(), 0)
        assert all(set(CARD_FIELDS) <= set(json.loads(r.value)["base"])
                   for r in Meta.select().where(Meta.key.startswith("sync.contact:")))


def test_the_upgrade_keeps_both_an_address_only_the_phone_had_and_one_only_netui_had(db_path, tmp_path, now):
    cid = contacts.create(ContactInput(name="Bo Chen", uid="bo-1", card=CardData(
        addresses=[Address("work", "5 Dock St", "Leeds")])), now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    path = folder / "bo-1.vcf"
    # Before the upgrade, netui wrote no ADR of its own and carried the phone's: the file has only the phone's.
    text = "".join(line + "\r\n" for line in path.read_bytes().decode().split("\r\n") if line and not line.startswith("ADR"))
    path.write_bytes(text.replace("END:VCARD", "ADR;TYPE=home:;;9 Mill Lane;York;;;\r\nEND:VCARD").encode())
    _as_an_older_netui_left_it()
    state = json.loads(Meta.get(Meta.key == "sync.contact:bo-1").value)
    state["hash"] = sync.records.digest(path.read_bytes())
    Meta.replace(key="sync.contact:bo-1", value=json.dumps(state)).execute()
    report = sync.sync_contacts(folder, now)
    assert not report.conflicts
    assert sorted(x.street for x in cards.card_of(cid).addresses) == ["5 Dock St", "9 Mill Lane"]
    assert "9 Mill Lane" in unfolded(path) and "5 Dock St" in unfolded(path)


def test_a_card_cut_short_is_left_for_the_next_sync_and_loses_nothing(db_path, tmp_path, now):
    """vdirsyncer (or the server) stopped halfway through writing a card: its missing lines are not
    deletions. The sync says so, changes nothing, and the next sync reads the whole card."""
    cid = ada_with_card(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    path = folder / "ada-1.vcf"
    whole = path.read_bytes().replace(b"EMAIL;TYPE=internet,work:ada@example.com",
                                      b"EMAIL;TYPE=internet,work:ada@example.com\r\nTITLE:Countess")
    path.write_bytes(whole[: whole.index(b"ADR")])  # no address, no photo, no END:VCARD
    report = sync.sync_contacts(folder, now)
    assert report.problems == ["ada-1.vcf was not read (it is cut short (no END:VCARD); read again at the next sync); "
                               "left as it is"]
    card = cards.card_of(cid)
    assert card.addresses and card.photo and contacts.contact_dict(cid)["title"] == ""
    assert path.read_bytes() == whole[: whole.index(b"ADR")]  # not written over either
    path.write_bytes(whole)
    report = sync.sync_contacts(folder, now)
    assert report.problems == [] and report.counts()["updated"] == 1
    assert contacts.contact_dict(cid)["title"] == "Countess" and cards.card_of(cid).addresses


def test_a_group_member_read_in_by_the_same_sync_gets_the_tag(db_path, tmp_path, now):
    folder = tmp_path / "contacts"
    folder.mkdir(mode=0o700)
    (folder / "grp-2.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:grp-2\r\nFN:Chess club\r\nKIND:group\r\n"
                                        b"MEMBER:urn:uuid:bea-1\r\nMEMBER:mailto:nobody@example.org\r\nEND:VCARD\r\n")
    (folder / "bea-1.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bea-1\r\nFN:Bea Novak\r\nEND:VCARD\r\n")
    report = sync.sync_contacts(folder, now)
    assert report.counts()["new"] == 1 and report.notes == ["grp-2.vcf: the group 'Chess club' tagged 1 member with its name"]
    assert contacts.tags_of(contacts.resolve("Bea")) == ["Chess-club"]
    assert sync.sync_contacts(folder, now).counts()["written"] == 1  # her card now carries it
    assert "CATEGORIES:chess-club" in unfolded(folder / "bea-1.vcf")
    assert sync.sync_contacts(folder, now).counts() == dict.fromkeys(report.counts(), 0)
