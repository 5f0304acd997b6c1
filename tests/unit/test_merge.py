"""Merging imported people into known ones: one person per real person, and nothing the user typed lost."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, merge
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday
from netui.core.merge import Incoming
from netui.db.models import Contact, OrgHistory
from netui.interop import importer


def person(cid: int) -> dict:
    return contacts.contact_dict(cid)


def test_same_uid_updates_instead_of_duplicating(db_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1"), now)
    out = merge.merge(Incoming(name="A. Lovelace", uid="ada-1", emails=[Method("email", "ada@example.com")]), now)
    assert out == merge.Outcome("updated", cid, "uid")
    assert Contact.select().count() == 1
    assert person(cid)["name"] == "Ada Lovelace"  # the name the user typed stays
    assert [e["value"] for e in person(cid)["emails"]] == ["ada@example.com"]


def test_same_email_in_any_case_adds_the_new_phone(db_path, now):
    cid = contacts.create(ContactInput(name="Ben Chen", emails=[Method("email", "Ben@Example.com")]), now)
    out = merge.merge(Incoming(name="Benjamin Chen", emails=[Method("email", "ben@example.COM")],
                               phones=[Method("phone", "+44 20 7946 0000", "work")]), now)
    assert (out.action, out.contact_id, out.matched_by) == ("updated", cid, "email")
    p = person(cid)
    assert [e["value"] for e in p["emails"]] == ["Ben@Example.com"]  # not added twice
    assert [(x["value"], x["label"]) for x in p["phones"]] == [("+44 20 7946 0000", "work")]


def test_same_phone_in_another_spelling_matches_when_the_names_agree(db_path, now):
    cid = contacts.create(ContactInput(name="Chiara Rossi", phones=[Method("phone", "+44 20 7946 0000")]), now)
    out = merge.merge(Incoming(name="Chiara R.", phones=[Method("phone", "020 7946 0000")]), now)
    assert (out.action, out.contact_id, out.matched_by) == ("unchanged", cid, "phone")


def test_a_shared_phone_does_not_merge_different_people(db_path, now):
    """A switchboard or a family landline: same number, another person."""
    reception = contacts.create(ContactInput(name="Acme Reception", phones=[Method("phone", "+44 20 7946 0000")]), now)
    out = merge.merge(Incoming(name="Dana Novak", phones=[Method("phone", "+44 20 7946 0000")]), now)
    assert out.action == "new" and out.contact_id != reception
    # A short number never identifies anyone.
    a = merge.merge(Incoming(name="Eve A", phones=[Method("phone", "112")]), now)
    b = merge.merge(Incoming(name="Eve B", phones=[Method("phone", "112")]), now)
    assert (a.action, b.action) == ("new", "new")


def test_name_plus_organisation_matches_and_a_namesake_elsewhere_does_not(db_path, now):
    cid = contacts.create(ContactInput(name="John Smith", organization="Acme"), now)
    assert merge.merge(Incoming(name="john  SMITH", organization="ACME"), now) == merge.Outcome("unchanged", cid, "name")
    other = merge.merge(Incoming(name="John Smith", organization="Globex"), now)
    assert other.action == "new"


def test_a_name_without_an_organisation_matches_only_an_unambiguous_namesake(db_path, now):
    """A phone export rarely says where people work: the only Sam Okafor is that Sam Okafor."""
    sam = contacts.create(ContactInput(name="Sam Okafor"), now)
    out = merge.merge(Incoming(name="Sam Okafor", organization="Acme", title="Head of Data"), now)
    assert out == merge.Outcome("updated", sam, "name")
    assert merge.merge(Incoming(name="Sam Okafor"), now) == merge.Outcome("unchanged", sam, "name")
    # Two John Smiths elsewhere: a John Smith of unknown employer is not guessed into either.
    contacts.create(ContactInput(name="John Smith", organization="Acme"), now)
    contacts.create(ContactInput(name="John Smith", organization="Globex"), now)
    assert merge.merge(Incoming(name="John Smith"), now).action == "new"


def test_only_empty_fields_are_filled(db_path, now):
    cid = contacts.create(ContactInput(
        name="Grace Hopper", given_name="Amazing Grace", how_met="navy reunion", circle="inner", cadence_days=10,
    ), now)
    merge.merge(Incoming(
        name="Grace Brewster Hopper", uid=Contact.get_by_id(cid).uid, given_name="Grace", family_name="Hopper",
        nickname="Grandma COBOL", how_met="a conference", reason="compilers", circle="outer", cadence_days=99,
        met_on=dt.date(2020, 5, 1), archived=True,
    ), now)
    p = person(cid)
    assert (p["name"], p["given_name"], p["how_met"], p["circle"], p["cadence_days"], p["archived"]) == (
        "Grace Hopper", "Amazing Grace", "navy reunion", "inner", 10, False)
    assert (p["family_name"], p["nickname"], p["reason"], p["met_on"]) == ("Hopper", "Grandma COBOL", "compilers", "2020-05-01")


def test_a_new_job_replaces_the_old_one_which_becomes_history(db_path, now):
    cid = contacts.create(ContactInput(name="Ines Costa", organization="Acme", title="Engineer"), now)
    later = now + dt.timedelta(days=1)
    assert merge.merge(Incoming(name="Ines Costa", uid=Contact.get_by_id(cid).uid, organization="Globex", title="CTO"), later).action == "updated"
    p = person(cid)
    assert (p["organization"], p["title"]) == ("Globex", "CTO")
    assert [(h["organization"], h["title"]) for h in p["org_history"]] == [("Acme", "Engineer")]
    # An old export that still says Acme does not bring the old job back.
    old = Incoming(name="Ines Costa", uid=Contact.get_by_id(cid).uid, organization="acme", title="engineer")
    assert merge.merge(old, later).action == "unchanged"
    assert (person(cid)["organization"], OrgHistory.select().count()) == ("Globex", 1)
    # A promotion at the same employer changes the title; an organisation alone changes nothing.
    assert merge.merge(Incoming(name="Ines Costa", uid=Contact.get_by_id(cid).uid, organization="Globex", title="CEO"), later).action == "updated"
    assert merge.merge(Incoming(name="Ines Costa", uid=Contact.get_by_id(cid).uid, organization="Globex"), later).action == "unchanged"
    assert (person(cid)["title"], OrgHistory.select().count()) == ("CEO", 2)


def test_notes_are_appended_once(db_path, now):
    cid = contacts.create(ContactInput(name="Jonas Meyer", note="Met at PyCon; loves jazz."), now)
    uid = Contact.get_by_id(cid).uid
    assert merge.merge(Incoming(name="Jonas Meyer", uid=uid, note="Phone export note"), now).action == "updated"
    assert person(cid)["note"] == "Met at PyCon; loves jazz.\n\nPhone export note"
    assert merge.merge(Incoming(name="Jonas Meyer", uid=uid, note="Phone export note"), now).action == "unchanged"
    # A note that was extended in another program (and synced back) replaces its shorter self.
    extended = "Met at PyCon; loves jazz.\n\nPhone export note\nAnd he moved to Oslo."
    merge.merge(Incoming(name="Jonas Meyer", uid=uid, note=extended), now)
    assert person(cid)["note"] == extended


def test_a_name_made_from_an_email_gives_way_to_a_real_one(db_path, now):
    first = merge.merge(Incoming(name="kai@example.com", name_is_placeholder=True, emails=[Method("email", "kai@example.com")]), now)
    second = merge.merge(Incoming(name="Kai Tanaka", emails=[Method("email", "kai@example.com")]), now)
    assert (second.action, second.contact_id) == ("updated", first.contact_id)
    assert person(first.contact_id)["name"] == "Kai Tanaka"
    # ...but a real name is never replaced by a placeholder, nor by another real name.
    merge.merge(Incoming(name="kai@example.com", name_is_placeholder=True, emails=[Method("email", "kai@example.com")]), now)
    merge.merge(Incoming(name="K. Tanaka", emails=[Method("email", "kai@example.com")]), now)
    assert person(first.contact_id)["name"] == "Kai Tanaka"


def test_a_birthday_learns_its_year_but_is_not_replaced(db_path, now):
    cid = contacts.create(ContactInput(name="Lara Olsen", birthday=Birthday(4, 15, None)), now)
    uid = Contact.get_by_id(cid).uid
    merge.merge(Incoming(name="Lara Olsen", uid=uid, birthday=Birthday(4, 15, 1988)), now)
    assert person(cid)["birthday"] == "1988-04-15"
    assert merge.merge(Incoming(name="Lara Olsen", uid=uid, birthday=Birthday(5, 1, 1990)), now).action == "unchanged"
    assert person(cid)["birthday"] == "1988-04-15"


def test_new_tags_and_links_are_added_nothing_is_removed(db_path, now):
    cid = contacts.create(ContactInput(name="Mei Li", tags=["chess"], urls=[Method("url", "https://mei.example/")]), now)
    uid = Contact.get_by_id(cid).uid
    merge.merge(Incoming(name="Mei Li", uid=uid, tags=["Chess", "jazz"], urls=[Method("url", "https://MEI.example")]), now)
    p = person(cid)
    assert p["tags"] == ["chess", "jazz"]
    assert [u["value"] for u in p["urls"]] == ["https://mei.example/"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(db_path, tmp_path, now):
    path = tmp_path / "people.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nora Kim\r\nEMAIL:nora@example.com\r\nORG:Acme\r\nNOTE:from the phone\r\n"
        "TEL:+1 555 010 0999\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Omar Haddad\r\nTEL:+1 555 010 0777\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Paula Silva\r\nORG:Helix\r\nEND:VCARD\r\n"
    )
    first = importer.import_paths([path], now)
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    snapshot = [person(cid) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    second = importer.import_paths([path], now + dt.timedelta(days=3))
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert [person(cid) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()] == snapshot


def test_three_sources_in_any_order_twice_give_one_person(db_path, tmp_path, now):
    """The "done when" of the import issue: a phone export, a Google export and LinkedIn, in any order, twice."""
    phone = tmp_path / "phone.vcf"
    phone.write_text("BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Sam;;;\r\nTEL;CELL:+44 7700 900123\r\nORG:Acme\r\nEND:VCARD\r\n")
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Labels\n"
        "Sam,Okafor,Acme,Engineer,* Work,sam@acme.example,Mobile,07700 900123,* myContacts ::: Friends\n"
    )
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Sam,Okafor,https://www.linkedin.com/in/samokafor,sam@acme.example,Globex,Head of Data,14 Mar 2024\n"
    )
    for order in ([phone, google, linkedin], [linkedin, phone, google]):
        for path in order + order:
            importer.import_paths([path], now)
    [sam] = [person(cid) for (cid,) in Contact.select(Contact.id).tuples()]
    assert sam["name"] == "Sam Okafor"
    assert [e["value"] for e in sam["emails"]] == ["sam@acme.example"]
    assert len(sam["phones"]) == 1
    assert [u["value"] for u in sam["urls"]] == ["https://www.linkedin.com/in/samokafor"]
    assert (sam["organization"], sam["title"]) == ("Globex", "Head of Data")
    assert sam["met_on"] == "2024-03-14" and sam["tags"] == ["Friends"]  # as Google wrote it


# --- defects seen on real files (issue 17) -----------------------------------------------------------


def test_namesakes_with_different_emails_or_phones_are_different_people(db_path, now):
    contacts.create(ContactInput(name="John Doe", emails=[Method("email", "john@one.example")]), now)
    assert merge.merge(Incoming(name="John Doe", emails=[Method("email", "jd@two.example")]), now).action == "new"
    # Two John Does now fit a John Doe with only a phone: which one would be a guess.
    assert merge.merge(Incoming(name="John Doe", phones=[Method("phone", "+1 202 555 0101")]), now).action == "new"
    jane = contacts.create(ContactInput(name="Jane Roe", emails=[Method("email", "jane@one.example")]), now)
    by_phone = merge.merge(Incoming(name="Jane Roe", phones=[Method("phone", "+1 202 555 0102")]), now)
    assert (by_phone.action, by_phone.contact_id, by_phone.matched_by) == ("updated", jane, "name")  # nothing says otherwise
    other = merge.merge(Incoming(name="Jane Roe", phones=[Method("phone", "+1 303 555 0199")]), now)
    assert other.action == "new"  # Jane has a phone now, and it is another one
    assert Contact.select().where(Contact.name == "John Doe").count() == 3
    assert Contact.select().where(Contact.name == "Jane Roe").count() == 2


def test_six_john_does_from_five_files_stay_apart(db_path, tmp_path, now):
    for n in range(6):
        path = tmp_path / f"file{n}.vcf"
        path.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe\r\nEMAIL:john{n}@example.com\r\nEND:VCARD\r\n")
        importer.import_paths([path], now)
    assert Contact.select().where(Contact.name == "John Doe").count() == 6
    assert all(len(person(c.id)["emails"]) == 1 for c in Contact.select())


def test_the_report_names_every_merge_and_why(db_path, tmp_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", emails=[Method("email", "ada@example.com")]), now)
    path = tmp_path / "ada.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada L.\r\nEMAIL:ADA@example.com\r\nTEL:+44 20 7946 0001\r\nEND:VCARD\r\n")
    report = importer.import_paths([path], now)
    assert f"card 1 (line 1): merged into #{cid} Ada Lovelace: same email" in report.text()


def test_a_contact_named_after_its_own_phone_is_recognised_on_reimport(db_path, tmp_path, now):
    path = tmp_path / "phone.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:+1 404 555 1212\r\nTEL:+1 404 555 1212\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Bee\r\nTEL:(404) 555-1212\r\nEND:VCARD\r\n"
    )
    importer.import_paths([path], now)
    first = sorted(c.name for c in Contact.select())
    again = importer.import_paths([path], now)
    assert sorted(c.name for c in Contact.select()) == first == ["Ann Bee"]
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
