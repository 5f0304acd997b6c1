"""netui sync against a vdir folder, two databases sharing one folder (vdirsyncer's part left out)."""

from __future__ import annotations

import datetime as dt
import json

from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact, Meta
from netui.interop import sync, vdir
from netui.interop.sync import contacts as sync_contacts


def ada(now) -> int:
    cid = contacts.create(ContactInput(
        name="Ada Lovelace", uid="ada-1", emails=[Method("email", "ada@example.com", "work")], organization="Engines Ltd",
        title="CTO", how_met="PyCon Lisbon", reason="hiring compiler engineers", circle="inner", tags=["math"],
        note="likes poetry", met_on=dt.date(2026, 11, 1),
    ), now, log_meeting=False)  # the tests count the interactions they log themselves
    interactions.log(cid, "call", now - dt.timedelta(days=2), now, summary="engines; and looms")
    gives.add(cid, "send the Babbage paper", now, "idea", "article")
    return cid


def person(who: str = "Ada") -> dict:
    return contacts.contact_dict(contacts.resolve(who))


def stats(folder) -> dict:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in vdir.members(folder)}


def test_written_once_then_left_alone(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "contacts"
    report = sync.sync_contacts(folder, now)
    assert report.first and report.counts()["written"] == 1
    assert [p.name for p in vdir.members(folder)] == ["ada-1.vcf"]
    text = (folder / "ada-1.vcf").read_bytes().decode().replace("\r\n ", "")  # unfolded
    assert ('X-NETUI-INTERACTION:{"at":"2026-11-19T10:00:00"\\,"kind":"call"\\,"summary":"engines\\; and looms"\\,'
            '"note":""}\r\n') in text
    assert ('X-NETUI-GIVE:{"kind":"article"\\,"direction":"idea"\\,"status":"open"\\,"created":"2026-11-21"\\,'
            '"done":""\\,"text":"send the Babbage paper"\\,"outcome":""}\r\n') in text
    before = stats(folder)
    again = sync.sync_contacts(folder, now)
    assert not again.first and again.counts() == dict.fromkeys(again.counts(), 0)
    assert stats(folder) == before
    row = json.loads(Meta.get(Meta.key == "sync.contact:ada-1").value)
    assert row["file"] == "ada-1.vcf" and set(row["base"]) == {*sync.FIELDS, "*"}
    # A logged interaction does not touch updated_at, but it is a change all the same.
    interactions.log(contacts.resolve("Ada"), "email", now, now, summary="sent the paper")
    assert sync.sync_contacts(folder, now).counts()["written"] == 1
    text = (folder / "ada-1.vcf").read_bytes().decode().replace("\r\n ", "")
    assert '"at":"2026-11-21T10:00:00"\\,"kind":"email"\\,"summary":"sent the paper"' in text


def test_two_machines_add_edit_and_delete(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    report = sync.sync_contacts(folder, now)
    assert report.counts()["new"] == 1 and report.counts()["written"] == 0
    p = person()
    assert (p["uid"], p["organization"], p["how_met"], p["reason"], p["circle"], p["tags"]) == (
        "ada-1", "Engines Ltd", "PyCon Lisbon", "hiring compiler engineers", "inner", ["math"])
    assert [(i["kind"], i["summary"]) for i in p["interactions"]] == [("call", "engines; and looms")]
    assert [(g["text"], g["status"]) for g in p["gives"]] == [("send the Babbage paper", "open")]

    later = now + dt.timedelta(hours=1)
    cid = contacts.resolve("Ada")
    contacts.update(cid, ContactInput(add_methods=[Method("phone", "+44 7700 900123", "cell")]), later)
    interactions.log(cid, "call", later, later, summary="called about the job")
    gives.mark_done(Contact.get_by_id(cid).gives[0].id, later, "she loved it")
    assert sync.sync_contacts(folder, later).counts()["written"] == 1
    a.use()
    report = sync.sync_contacts(folder, later)
    assert report.counts()["updated"] == 1 and report.conflicts == []
    p = person()
    assert [ph["value"] for ph in p["phones"]] == ["+44 7700 900123"]
    assert [i["summary"] for i in p["interactions"]] == ["called about the job", "engines; and looms"]
    assert [(g["direction"], g["status"], g["outcome"]) for g in p["gives"]] == [("given", "done", "she loved it")]
    assert p["last_contact"] == "2026-11-21 11:00:00"  # derived columns follow
    assert sync.sync_contacts(folder, later).counts()["written"] == 0  # nothing bounces back

    contacts.delete(contacts.resolve("Ada"))
    report = sync.sync_contacts(folder, later)
    assert len(report.deleted_there) == 1 and vdir.members(folder) == []
    b.use()
    report = sync.sync_contacts(folder, later)
    assert report.deleted_here == ["Ada Lovelace"] and Contact.select().count() == 0
    assert not Meta.select().where(Meta.key == "sync.contact:ada-1").exists()


def test_a_conflict_keeps_both_sides_and_is_listed(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    sync.sync_contacts(folder, now)
    later = now + dt.timedelta(hours=2)
    cid = contacts.resolve("Ada")
    contacts.update(cid, ContactInput(title="Head of Research", add_methods=[Method("phone", "+49 30 1234567", "work")]), later)
    interactions.log(cid, "video", later, later, summary="B's call")
    a.use()
    cid = contacts.resolve("Ada")
    contacts.update(cid, ContactInput(title="Chief Engineer", add_methods=[Method("phone", "+44 7700 900123", "cell")],
                                      add_tags=["poetry"]), later)
    interactions.log(cid, "in-person", later, later, summary="A's coffee")
    sync.sync_contacts(folder, later)  # A first: the folder now has A's version
    b.use()
    report = sync.sync_contacts(folder, later)
    [conflict] = report.conflicts
    assert conflict.name == "Ada Lovelace" and "title" in conflict.what and "phones" in conflict.what
    p = person()
    assert p["title"] == "Head of Research"  # this machine's value stays...
    assert p["note"] == "likes poetry\n\nfrom sync conflict: title: Chief Engineer"  # ...and the other is kept
    assert sorted(ph["value"] for ph in p["phones"]) == ["+44 7700 900123", "+49 30 1234567"]
    assert sorted(i["summary"] for i in p["interactions"]) == ["A's coffee", "B's call", "engines; and looms"]
    assert p["tags"] == ["math", "poetry"]
    stored = sync.conflicts()
    assert [(c["uid"], c["name"]) for c in stored] == [("ada-1", "Ada Lovelace")] and stored[0]["what"] == conflict.what
    a.use()
    report = sync.sync_contacts(folder, later)
    assert report.conflicts == [] and report.counts()["updated"] == 1
    mine = person()
    assert sorted(ph["value"] for ph in mine["phones"]) == ["+44 7700 900123", "+49 30 1234567"]
    assert mine["title"] == "Head of Research" and "from sync conflict: title: Chief Engineer" in mine["note"]
    assert sorted(i["summary"] for i in mine["interactions"]) == ["A's coffee", "B's call", "engines; and looms"]
    b.use()
    assert sync.sync_contacts(folder, later).counts() == dict.fromkeys(report.counts(), 0)


def test_deleted_elsewhere_but_changed_here_is_archived_not_deleted(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    sync.sync_contacts(folder, now)
    contacts.delete(contacts.resolve("Ada"))
    a.use()
    interactions.log(contacts.resolve("Ada"), "call", now, now, summary="still talking")
    b.use()
    sync.sync_contacts(folder, now)  # B deletes the file
    assert vdir.members(folder) == []
    a.use()
    report = sync.sync_contacts(folder, now)
    assert report.deleted_here == [] and "archived here instead of deleted" in report.conflicts[0].what
    assert person()["archived"] is True
    assert "X-NETUI-ARCHIVED:TRUE" in (folder / "ada-1.vcf").read_bytes().decode()


def test_deleted_here_but_changed_elsewhere_comes_back_archived(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    sync.sync_contacts(folder, now)
    contacts.update(contacts.resolve("Ada"), ContactInput(title="Countess"), now)
    sync.sync_contacts(folder, now)
    a.use()
    contacts.delete(contacts.resolve("Ada"))
    report = sync.sync_contacts(folder, now)
    assert "brought back, archived" in report.conflicts[0].what
    p = person()
    assert (p["title"], p["archived"], len(p["interactions"])) == ("Countess", True, 1)


def test_a_phones_card_changes_standard_fields_and_keeps_its_own(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    # A phone rewrote the card: netui's fields gone, an address and a new title added.
    (folder / "ada-1.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nTITLE:Countess\r\n"
        b"ORG:Engines Ltd\r\nEMAIL;TYPE=work:ada@example.com\r\nitem1.ADR:;;1 Engine Row;London;;;UK\r\n"
        b"item1.X-ABLabel:studio\r\nCATEGORIES:math\r\nNOTE:likes poetry\r\nEND:VCARD\r\n"
    )
    report = sync.sync_contacts(folder, now)
    assert report.counts()["updated"] == 1 and report.counts()["written"] == 1 and not report.conflicts
    p = person()
    assert (p["title"], p["how_met"], p["circle"], len(p["interactions"]), len(p["gives"])) == (
        "Countess", "PyCon Lisbon", "inner", 1, 1)
    text = (folder / "ada-1.vcf").read_bytes().decode()
    assert "X-NETUI-HOW-MET:PyCon Lisbon" in text and "X-NETUI-INTERACTION:" in text  # put back for the server
    # The phone's address is netui's now (it travels both ways), written back as the same ADR.
    assert [(a["label"], a["street"], a["locality"]) for a in p["addresses"]] == [("studio", "1 Engine Row", "London")]
    assert "item1.ADR:;;1 Engine Row;London;;;UK\r\nitem1.X-ABLABEL:studio\r\n" in text
    assert sync.sync_contacts(folder, now).counts()["written"] == 0


def test_a_person_typed_on_both_machines_becomes_one(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    contacts.create(ContactInput(name="Bea Novak", emails=[Method("email", "bea@example.com")], title="CFO"), now)
    sync.sync_contacts(folder, now)
    uid_a = Contact.get().uid
    b.use()
    contacts.create(ContactInput(name="Beatrix Novak", emails=[Method("email", "BEA@example.com")],
                                 phones=[Method("phone", "+1 555 0100")]), now)
    report = sync.sync_contacts(folder, now)
    assert Contact.select().count() == 1 and Contact.get().uid == uid_a
    assert report.counts()["updated"] == 1 and report.counts()["written"] == 1
    p = person("Beatrix")
    assert (p["title"], [ph["value"] for ph in p["phones"]]) == ("CFO", ["+1 555 0100"])
    assert "from sync conflict: name: Bea Novak" in p["note"]
    assert [m.name for m in vdir.members(folder)] == [vdir.filename_for(uid_a)]


def test_a_card_without_uid_gets_one(db_path, tmp_path, now):
    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "from-server.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cy Twombly\r\nEND:VCARD\r\n")
    report = sync.sync_contacts(folder, now)
    assert report.new == ["Cy Twombly"]
    uid = Contact.get().uid
    assert f"UID:{uid}\r\n" in (folder / "from-server.vcf").read_bytes().decode()  # same file, now with the UID
    assert [p.name for p in vdir.members(folder)] == ["from-server.vcf"]
    assert sync.sync_contacts(folder, now).counts() == dict.fromkeys(report.counts(), 0)


def test_unreadable_files_are_reported_and_left(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    (folder / "ada-1.vcf").write_bytes(bytes(range(256)) * 4)  # damaged on the way
    (folder / "two.vcf").write_bytes(b"BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n")
    report = sync.sync_contacts(folder, now)
    assert report.problems == [
        "ada-1.vcf was not read (it contains binary data, not text); left as it is",
        "two.vcf was not read (it holds 2 cards; a vdir file holds one); left as it is",
    ]
    assert Contact.select().count() == 1 and (folder / "ada-1.vcf").read_bytes() == bytes(range(256)) * 4


def test_dry_run_writes_nothing(machines, tmp_path, now):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    contacts.create(ContactInput(name="Dee Local"), now)
    report = sync.sync_contacts(folder, now, dry_run=True)
    assert (report.counts()["new"], report.counts()["written"]) == (1, 1)
    assert [c.name for c in Contact.select()] == ["Dee Local"]
    assert [p.name for p in vdir.members(folder)] == ["ada-1.vcf"]
    assert not Meta.select().where(Meta.key.startswith("sync.")).exists()
    real = sync.sync_contacts(folder, now)
    assert real.counts() == report.counts()


def test_another_folder_starts_afresh(db_path, tmp_path, now):
    ada(now)
    sync.sync_contacts(tmp_path / "one", now)
    report = sync.sync_contacts(tmp_path / "two", now)
    assert report.first and report.counts()["written"] == 1
    assert sync.folders()["contacts"] == str((tmp_path / "two").resolve())
    # Deleting a contact now touches only the folder in use.
    contacts.delete(contacts.resolve("Ada"))
    sync.sync_contacts(tmp_path / "two", now)
    assert [p.name for p in vdir.members(tmp_path / "one")] == ["ada-1.vcf"]
    assert vdir.members(tmp_path / "two") == []


def test_small_batches_give_the_same_result(machines, tmp_path, now, monkeypatch):
    monkeypatch.setattr(sync_contacts, "BATCH", 2)  # where the sync reads it
    a, b = machines
    folder = tmp_path / "shared"
    for n in range(7):
        contacts.create(ContactInput(name=f"Person {n}", emails=[Method("email", f"p{n}@example.com")]), now)
    assert sync.sync_contacts(folder, now).counts()["written"] == 7
    b.use()
    contacts.create(ContactInput(name="Only on B"), now)
    report = sync.sync_contacts(folder, now)
    assert (report.counts()["new"], report.counts()["written"]) == (7, 1)
    assert Contact.select().count() == 8 and len(vdir.members(folder)) == 8


def test_a_contact_the_app_changes_while_syncing_is_not_deleted(machines, tmp_path, now, monkeypatch):
    a, b = machines
    folder = tmp_path / "shared"
    ada(now)
    sync.sync_contacts(folder, now)
    b.use()
    sync.sync_contacts(folder, now)
    contacts.delete(contacts.resolve("Ada"))
    sync.sync_contacts(folder, now)  # B deletes the file
    a.use()
    reading = sync_contacts.fingerprints

    def app_writes_after_the_reading(ids=None):
        rows = reading(ids)
        if ids is None:  # the sync's read of every contact is done: the app logs a call now
            interactions.log(contacts.resolve("Ada"), "call", now, now, summary="just now")
        return rows

    monkeypatch.setattr(sync_contacts, "fingerprints", app_writes_after_the_reading)
    report = sync.sync_contacts(folder, now)
    assert report.deleted_here == [] and "archived here instead of deleted" in report.conflicts[0].what
    assert person()["archived"] is True and person()["interactions"][0]["summary"] == "just now"


def test_a_folder_exported_before_needs_no_rewrite(db_path, tmp_path, now):
    ada(now)
    contacts.create(ContactInput(name="Bea Novak", emails=[Method("email", "bea@example.com", "Home office", True)]), now)
    folder = tmp_path / "contacts"
    vdir.export(folder, now)  # `netui export --format vdir`, before sync existed
    before = stats(folder)
    report = sync.sync_contacts(folder, now)
    assert report.first and report.conflicts == [] and report.counts()["updated"] == 0
    # Cards without interactions and gives are exactly what export wrote; Ada's gains her history.
    assert report.written == ["Ada Lovelace"]
    assert {n: v for n, v in stats(folder).items() if n != "ada-1.vcf"} == {n: v for n, v in before.items() if n != "ada-1.vcf"}


def test_a_new_folder_and_its_files_are_private(db_path, tmp_path, now):
    ada(now)
    folder, calendar = tmp_path / "new" / "contacts", tmp_path / "new" / "calendar"
    sync.sync_contacts(folder, now)
    sync.sync_reminders(calendar, now)
    for where in (folder, calendar):
        assert where.stat().st_mode & 0o777 == 0o700
        assert {p.stat().st_mode & 0o777 for p in where.iterdir()} == {0o600}


def test_a_servers_photo_comes_back_byte_for_byte_and_its_organisation_cards_are_left(db_path, tmp_path, now):
    ada(now)
    folder = tmp_path / "contacts"
    sync.sync_contacts(folder, now)
    photo = "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/"
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nTITLE:Countess\r\n"
        f"EMAIL;TYPE=work:ada@example.com\r\n{vcard_fold(photo)}END:VCARD\r\n"
    )
    (folder / "ada-1.vcf").write_bytes(card.encode())
    org = b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:acme-1\r\nKIND:org\r\nFN:Acme Ltd\r\nORG:Acme Ltd\r\nEND:VCARD\r\n"
    (folder / "acme-1.vcf").write_bytes(org)
    report = sync.sync_contacts(folder, now)
    assert report.counts()["updated"] == 1 and not report.conflicts
    text = (folder / "ada-1.vcf").read_bytes().decode().replace("\r\n ", "")
    assert photo in text  # rewritten by netui (its own fields put back), the photo exactly as it was
    assert (folder / "acme-1.vcf").read_bytes() == org
    assert [c.name for c in Contact.select()] == ["Ada Lovelace"]  # an organisation card is not made a person


def vcard_fold(line: str) -> str:
    out = [line[:75]]
    rest = line[75:]
    while rest:
        out.append(" " + rest[:74])
        rest = rest[74:]
    return "\r\n".join(out) + "\r\n"
