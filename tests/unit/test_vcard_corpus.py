"""Every real-world file in ../shared/corpus imported, with what came in and what was reported.

The files are read in place (never copied into the repository). Each test imports one file into an
empty database and checks the people it produced, their emails, phones, birthdays (with and without
a year), organisations and notes, and the report's skipped cards, notes and "not kept" list.
"""

from __future__ import annotations

import pytest

from netui.core import contacts
from netui.db.models import Contact
from netui.interop import importer
from tests.conftest import CORPUS, needs_corpus

pytestmark = needs_corpus


def load(name: str, now) -> tuple[importer.FileReport, list[dict]]:
    """Import one corpus file; (its report, every contact in id order)."""
    report = importer.import_paths([CORPUS / name], now)
    assert len(report.files) == 1
    people = [contacts.contact_dict(cid, full=False) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    return report.files[0], people


def emails(person: dict) -> list[tuple[str, str, bool]]:
    return [(m["value"], m["label"], m["preferred"]) for m in person["emails"]]


def phones(person: dict) -> list[tuple[str, str, bool]]:
    return [(m["value"], m["label"], m["preferred"]) for m in person["phones"]]


def urls(person: dict) -> list[tuple[str, str]]:
    return [(m["value"], m["label"]) for m in person["urls"]]


def reasons(problems) -> list[tuple[int | None, str]]:
    return [(p.position, p.reason) for p in problems]


def test_every_corpus_file_is_covered_here():
    """A new file in the corpus must get its own test below."""
    tested = {name for name in globals() if name.startswith("test_")}
    for path in sorted(CORPUS.glob("*/*.vcf")):
        slug = "test_" + path.stem.lower().replace("-", "_").removesuffix("_v4")  # v4 twins share a test
        assert any(t.startswith(slug) for t in tested), f"no test for {path.relative_to(CORPUS)}"


# --- ez-vcard ---------------------------------------------------------------------------------------


def test_john_doe_android(db_path, now):
    """Six 2.1 cards: two without any name, UTF-8 quoted-printable with soft breaks, a damaged ORG."""
    f, people = load("ez-vcard/John_Doe_ANDROID.vcf", now)
    assert (f.kind, f.read, f.new, f.skipped) == ("vCard", 6, 6, [])
    assert [p["name"] for p in people] == [
        "john.doe@company.com", "jane.doe@company.com", "Ñ Ñ Ñ Ñ Ñ", " ".join(["Ñ"] * 11), "Ñ Ñ Ñ Ñ", "ÑÑÑÑ",
    ]
    assert emails(people[0]) == [("john.doe@company.com", "", True)]
    assert phones(people[2]) == [("123456789", "cell", True)]
    assert phones(people[3]) == [("123456", "cell", True), ("234567", "home", False), ("3456789", "cell", False),
                                 ("45678901", "home", False)]
    assert people[3]["note"].startswith("Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ")  # a soft line break joins without a space
    bob = people[4]
    assert (bob["given_name"], bob["family_name"], bob["organization"]) == ("Ñ Ñ Ñ", "Ñ Ñ", "Ñ" * 12)
    assert emails(bob) == [("bob@company.com", "work", True)]
    assert phones(bob) == [("123456", "cell", True)]  # the same number three times is one phone
    assert urls(bob) == [("www.company.com", ""), ("http://www.company.com", "")]
    assert people[5]["organization"] == "Ñ" * 44 and emails(people[5]) == [("henry@company.com", "", True)]
    assert reasons(f.warnings) == [
        (1, "no name; named after its email address"),
        (2, "no name; named after its email address"),
        (5, "the email 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ' (line 44) is not an address; not kept"),
        (5, "the photo (line 52) is not valid base64; not kept"),  # the file's photo is cut short
    ]
    assert f.not_kept == {"extra organisation": 1}


def test_john_doe_black_berry(db_path, now):
    f, [john] = load("ez-vcard/John_Doe_BLACK_BERRY.vcf", now)
    assert (john["name"], john["given_name"], john["family_name"], john["organization"]) == ("John Doe", "john", "Doe", "Acme Solutions")
    assert phones(john) == [("+96123456789", "cell", False)]
    assert john["note"] == "" and john["birthday"] is None
    assert (f.skipped, f.warnings, dict(f.not_kept)) == ([], [], {})
    assert john["photo"]["media_type"] == "image/jpeg" and john["photo"]["bytes"] > 1000


def test_john_doe_evolution(db_path, now):
    f, [john] = load("ez-vcard/John_Doe_EVOLUTION.vcf", now)
    assert john["uid"] == "477343c8e6bf375a9bac1f96a5000837"
    assert john["name"] == "Mr. John Richter, James Doe Sr."
    assert (john["nickname"], john["organization"], john["title"]) == ("Johny", "IBM, Accounting, Dungeon", "Money Counter")
    assert emails(john) == [("john.doe@ibm.com", "work", False)]
    assert phones(john) == [("905-666-1234", "cell", False), ("905-555-1234", "work", False)]
    assert urls(john) == [("http://www.ibm.com", "")]  # folded in the middle of the address
    assert john["birthday"] == "1980-03-22" and john["tags"] == ["VIP"]
    assert '"AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO' in john["note"]
    assert john["note"].endswith("POSSIBILITY OF SUCH DAMAGE.")
    assert (f.skipped, f.warnings) == ([], [])
    assert set(f.not_kept) == set()
    assert john["addresses"] and john["profiles"] and john["dates"] and john["related"]


def test_john_doe_gmail(db_path, now):
    f, [john] = load("ez-vcard/John_Doe_GMAIL.vcf", now)
    assert (john["name"], john["organization"], john["title"]) == ("Mr. John Richter, James Doe Sr.", "IBM", "Money Counter")
    assert emails(john) == [("john.doe@ibm.com", "home", False)]
    assert phones(john) == [("905-555-1234", "cell", False), ("905-666-1234", "home", False)]
    assert urls(john) == [("http://www.ibm.com", "work")]  # written http\://
    assert john["birthday"] == "1980-03-22"
    assert john["note"].startswith('THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"')
    assert john["note"].endswith("SUCH DAMAGE.\nFavotire Color: Blue")
    assert (f.skipped, f.warnings) == ([], [])


def test_john_doe_iphone(db_path, now):
    """\\r\\r\\n line ends, Apple itemN. groups with built-in X-ABLabel names."""
    f, [john] = load("ez-vcard/John_Doe_IPHONE.vcf", now)
    assert (john["name"], john["nickname"], john["organization"]) == ("Mr. John Richter James Doe Sr.", "Johny", "IBM, Accounting")
    assert emails(john) == [("john.doe@ibm.com", "", True)]
    assert phones(john) == [
        ("905-555-1234", "cell", True), ("905-666-1234", "home", False), ("905-777-1234", "work", False),
        ("905-888-1234", "home fax", False), ("905-999-1234", "work fax", False), ("905-111-1234", "pager", False),
        ("905-222-1234", "assistantphone", False),
    ]
    assert urls(john) == [("http://www.ibm.com", "homepage")]
    assert john["birthday"] == "2012-06-06"
    assert (f.skipped, f.warnings, dict(f.not_kept)) == ([], [], {})
    assert [a["label"] for a in john["addresses"]] == ["home", "work"] and john["photo"]["bytes"] > 0


def test_john_doe_lotus_notes(db_path, now):
    f, [john] = load("ez-vcard/John_Doe_LOTUS_NOTES.vcf", now)
    assert john["uid"] == "0e7602cc-443e-4b82-b4b1-90f62f99a199"
    assert (john["name"], john["nickname"]) == ("Mr. Doe John I Johny", "Johny,JayJay")
    assert (john["organization"], john["title"]) == ("IBM, SUN", "Generic Accountant")
    assert emails(john) == [("john.doe@ibm.com", "work", True), ("billy_bob@gmail.com", "work", False)]
    assert phones(john) == [("+1 (212) 204-34456", "cell", True), ("00-1-212-555-7777", "work fax", False)]
    assert urls(john) == [("http://www.sun.com", "homepage")]
    assert john["birthday"] == "1980-05-21"
    assert john["note"].startswith('THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\nAND ANY')
    assert (f.skipped, f.warnings) == ([], [])
    assert "role" in f.not_kept and not {"photo", "address"} & set(f.not_kept)
    assert john["addresses"] and john["photo"]


def test_john_doe_mac_address_book(db_path, now):
    """Mixed line ends and a photo folded with two spaces."""
    f, [john] = load("ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf", now)
    assert john["name"] == "Mr. John Richter,James Doe Sr." and john["organization"] == "IBM, Accounting"
    assert emails(john) == [("john.doe@ibm.com", "work", True)]
    assert len(john["phones"]) == 7 and phones(john)[-1] == ("905-222-1234", "AssistantPhone", False)
    assert urls(john) == [("http://www.ibm.com", "homepage")]
    assert john["birthday"] == "2012-06-06"
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO" in john["note"]
    assert (f.skipped, f.warnings) == ([], [])


def test_john_doe_ms_outlook(db_path, now):
    """2.1 from Outlook: a long unfolded NOTE with plain commas, which must not cut the note short."""
    f, [john] = load("ez-vcard/John_Doe_MS_OUTLOOK.vcf", now)
    assert (john["name"], john["organization"], john["title"]) == ("Mr. John Richter James Doe Sr.", "IBM, Accounting", "Money Counter")
    assert emails(john) == [("john.doe@ibm.cm", "", True)]
    assert phones(john) == [("(905) 555-1234", "work", False), ("(905) 666-1234", "home", False)]
    assert john["birthday"] == "1980-03-22"
    assert "EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED" in john["note"]
    assert john["note"].endswith("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")
    assert (f.skipped, f.warnings) == ([], [])
    assert not {"photo", "address", "instant messaging"} & set(f.not_kept)
    assert john["addresses"] and john["photo"] and john["profiles"]


def test_fullcontact(db_path, now):
    """vCard 4.0 with several ORG/TITLE/BDAY (ALTID) and custom TYPE values."""
    f, [p] = load("ez-vcard/fullcontact.vcf", now)
    assert (p["name"], p["given_name"], p["family_name"], p["nickname"]) == (
        "Prefix FirstName MiddleName LastName Suffix", "FirstName", "LastName", "NickName")
    assert (p["organization"], p["title"]) == ("Organization1, Department1", "Title1")
    assert [(v, label) for v, label, _ in emails(p)] == [
        ("home@example.com", "home"), ("work@example.com", "work"), ("school@example.com", "school"),
        ("other@example.com", "other"), ("custom@example.com", "customtype"),
    ]
    assert [label for _, label, _ in phones(p)] == ["home", "work", "cell", "cell", "voice", "home fax", "work fax", "voice", "voice"]
    assert p["birthday"] == "2016-08-01" and p["tags"] == ["Tag"]
    assert p["note"] == "Notes line 1\nNotes line 2"
    assert len(p["urls"]) == 4
    assert f.not_kept["extra organisation"] == 1 and f.not_kept["extra title"] == 1 and "photo" not in f.not_kept
    assert p["photo"] is not None
    assert (f.skipped, f.warnings) == ([], [])


def test_gmail_list(db_path, now):
    f, people = load("ez-vcard/gmail-list.vcf", now)
    assert [(p["name"], emails(p)) for p in people] == [
        ("Arnold Smith", [("asmithk@gmail.com", "", False)]),
        ("Chris Beatle", [("chrisy55d@yahoo.com", "", False)]),
        ("Doug White", [("dwhite@gmail.com", "", False)]),
    ]
    assert (f.new, f.skipped, f.warnings, dict(f.not_kept)) == (3, [], [], {})


def test_gmail_single(db_path, now):
    f, [greg] = load("ez-vcard/gmail-single.vcf", now)
    assert (greg["name"], greg["nickname"], greg["organization"], greg["title"]) == ("Greg Dartmouth", "Gman", "TheCompany", "TheJobTitle")
    assert phones(greg) == [("555 555 1111", "cell", False), ("555 555 2222", "GRAND_CENTRAL", False)]
    assert urls(greg) == [("http://TheProfile.com", "PROFILE")]
    assert greg["birthday"] == "1960-09-10"
    assert greg["note"] == "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    assert (f.skipped, f.warnings) == ([], [])


def test_gmail_single2(db_path, now):
    f, [p] = load("ez-vcard/gmail-single2.vcf", now)
    assert p["name"] == "VCard Test"
    assert emails(p)[-1] == ("customcategory@example.com", "CustomEmailCategory", False)
    assert len(p["emails"]) == 5 and len(p["phones"]) == 11 and len(p["urls"]) == 6
    assert ("5555551118", "work fax", False) in phones(p)
    assert ("http://www.example4.com", "homepage") in urls(p)
    assert p["birthday"] == "1912-06-23"
    assert p["note"] == "note line 1\nnote line 2\nCustomField: field value"
    assert (f.skipped, f.warnings) == ([], [])


def test_issue114(db_path, now):
    """vCard 4.0 with PREF=1 and a LABEL parameter full of ^-escapes."""
    f, [p] = load("ez-vcard/issue114.vcf", now)
    assert (p["name"], p["organization"], p["uid"]) == ("Dummy, Dummy", "Dummy GmbH", "8b574c60-fd7f-4e99-b584-c5db131ae687")
    assert phones(p) == [("+49 1234 56789", "cell", True), ("+49 9876 54321", "work", False)]
    assert emails(p) == [("dummy.dummy@dummy.com", "home", False)]
    assert (f.skipped, f.warnings, dict(f.not_kept)) == ([], [], {})
    assert len(p["addresses"]) == 1


def test_outlook_2003(db_path, now):
    """Quoted-printable with a soft line break in the middle of =0D=0A, bare TYPE parameters."""
    f, [p] = load("ez-vcard/outlook-2003.vcf", now)
    assert (p["name"], p["nickname"], p["organization"], p["title"]) == ("John Doe III", "Joey", "Company, The, TheDepartment", "The Job Title")
    assert p["note"] == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert emails(p) == [("jdoe@hotmail.com", "", True)]
    assert [label for _, label, _ in phones(p)] == ["work", "home", "cell", "work fax"]
    assert urls(p) == [("http://web-page-address.com", "work")]
    assert p["birthday"] == "1980-03-21"
    assert (f.skipped, f.warnings) == ([], [])
    assert "key" in f.not_kept and "address" not in f.not_kept and p["addresses"]


def test_outlook_2007(db_path, now):
    """Quoted-printable with CHARSET=us-ascii and a tab; a base64 KEY and PHOTO that are not kept."""
    f, [p] = load("ez-vcard/outlook-2007.vcf", now)
    assert p["name"] == "Mr. Michael Angstadt Jr." and p["nickname"] == "Mike"
    assert p["note"] == (
        "This is the NOTE field    \nI assume it encodes this text inside a NOTE vCard type.\n"
        "But I'm not sure because there's text formatting going on here.\nIt does not preserve the formatting"
    )
    assert phones(p) == [("(111) 555-1111", "work", False), ("(111) 555-2222", "home", False),
                         ("(111) 555-4444", "cell", False), ("(111) 555-3333", "work fax", False)]
    assert p["birthday"] == "1922-03-10"
    assert emails(p) == [("mike.angstadt@gmail.com", "", True)]
    assert (f.skipped, f.warnings) == ([], [])
    assert "key" in f.not_kept and "photo" not in f.not_kept and p["photo"]


def test_rfc2426_example(db_path, now):
    f, [frank, tim] = load("ez-vcard/rfc2426-example.vcf", now)
    assert (frank["name"], frank["organization"]) == ("Frank Dawson", "Lotus Development Corporation")
    assert emails(frank) == [("Frank_Dawson@Lotus.com", "", True), ("fdawson@earthlink.net", "", False)]
    assert phones(frank) == [("+1-919-676-9515", "msg work", False), ("+1-919-676-9564", "fax work", False)]
    assert urls(frank) == [("http://home.earthlink.net/~fdawson", "")]
    assert (tim["name"], emails(tim)) == ("Tim Howes", [("howes@netscape.com", "", False)])
    assert (f.new, f.skipped, f.warnings, dict(f.not_kept)) == (2, [], [], {})
    assert frank["addresses"] and tim["addresses"]


def test_rfc6350_example(db_path, now):
    """vCard 4.0: a birthday without a year, tel: URIs with an extension, TYPE="work,voice"."""
    f, [simon] = load("ez-vcard/rfc6350-example.vcf", now)
    assert simon["birthday"] == "--02-03"
    assert phones(simon) == [("+1-418-656-9254 ext. 102", "work", True), ("+1-418-262-6501", "work cell video text", False)]
    assert emails(simon) == [("simon.perreault@viagenie.ca", "work", False)]
    assert urls(simon) == [("http://nomis80.org", "home")]
    assert simon["organization"] == "Viagenie"
    assert (f.skipped, f.warnings) == ([], [])


def test_thunderbird_morefunctionsforaddressbook_extension(db_path, now):
    f, [john] = load("ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf", now)
    assert (john["name"], john["organization"], john["title"]) == ("John Doe", "TheOrganization, TheDepartment", "TheTitle")
    assert john["tags"] == ["category1", "category2", "category3"]  # Thunderbird escapes the separating commas
    assert john["note"] == (
        'This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the "note" field; even curse words.'
    )
    assert len(john["emails"]) == 5 and emails(john)[0] == ("doe.john@hotmail.com", "", True)
    assert john["birthday"] == "1970-09-21"
    assert (f.skipped, f.warnings) == ([], [])


# --- radicale ---------------------------------------------------------------------------------------


def test_broken_vcard(db_path, now):
    """No N and no FN: the card still comes in, named after its email, and the report says so."""
    f, [p] = load("radicale/broken-vcard.vcf", now)
    assert (p["name"], p["uid"]) == ("test-misses-N-or-FN@example.com", "C68582D2-2E60-0001-C2C0-000000000000.vcf")
    assert emails(p) == [("test-misses-N-or-FN@example.com", "work", False)]
    assert reasons(f.warnings) == [(1, "no name; named after its email address")]
    assert f.skipped == []


def test_broken_vcards(db_path, now):
    f, people = load("radicale/broken-vcards.vcf", now)
    assert [p["name"] for p in people] == ["test-misses-N-or-FN@example.com", "test-misses-N-or-FN@example1.com"]
    assert reasons(f.warnings) == [(1, "no name; named after its email address"), (2, "no name; named after its email address")]
    assert (f.new, f.skipped) == (2, [])


def test_broken_vcards2_no_uid(db_path, now):
    f, [named, unnamed] = load("radicale/broken-vcards2-no_uid.vcf", now)
    assert (named["name"], named["uid"]) == ("Test Example", "C68582D2-2E60-0001-C2C0-000000000000.vcf")
    assert unnamed["name"] == "test-misses-N-or-FN@example1.com" and unnamed["uid"]  # a UID of its own
    assert reasons(f.warnings) == [(2, "no name; named after its email address")]
    assert f.skipped == []


def test_broken_vcards2(db_path, now):
    f, people = load("radicale/broken-vcards2.vcf", now)
    assert [(p["name"], p["uid"]) for p in people] == [
        ("Test Example", "C68582D2-2E60-0001-C2C0-000000000000.vcf"),
        ("test-misses-N-or-FN@example1.com", "C68582D2-2E60-0001-C2C0-000000000001.vcf"),
    ]
    assert (f.new, f.skipped) == (2, [])


@pytest.mark.parametrize("name", ["contact1.vcf", "contact1_v4.vcf"])
def test_contact1(db_path, now, name):
    f, [p] = load(f"radicale/{name}", now)
    assert (p["uid"], p["name"], p["family_name"], p["nickname"]) == ("contact1", "Contact", "Contact", "test")
    assert (f.new, f.skipped, f.warnings, dict(f.not_kept)) == (1, [], [], {})


def test_contact2_with_bday(db_path, now):
    f, [p] = load("radicale/contact2-with-bday.vcf", now)
    assert (p["name"], p["given_name"], p["family_name"], p["nickname"]) == ("Test-FN", "GivenTest", "FamilyTest", "Test-NICKNAME")
    assert p["birthday"] == "1970-01-01"


def test_contact3_with_bday(db_path, now):
    f, [p] = load("radicale/contact3-with-bday.vcf", now)
    assert (p["name"], p["birthday"], p["uid"]) == ("Test-FN-C3", "1990-01-01", "05cf4901-e581-44ee-bb0a-1e1a875da44a")


def test_contact4_with_bday_no_year(db_path, now):
    """CardBook writes a birthday without a year as 16040101."""
    f, [p] = load("radicale/contact4-with-bday-no-year.vcf", now)
    assert (p["name"], p["birthday"]) == ("Test bday without year Thunderbird CardBook", "--01-01")
    assert (f.skipped, f.warnings) == ([], [])


@pytest.mark.parametrize("name", ["contact_multiple.vcf", "contact_multiple_v4.vcf"])
def test_contact_multiple(db_path, now, name):
    f, people = load(f"radicale/{name}", now)
    assert [(p["uid"], p["name"]) for p in people] == [("contact1", "Contact1"), ("contact2", "Contact2")]
    assert (f.read, f.new) == (2, 2)


@pytest.mark.parametrize("name", ["contact_photo_with_data_uri.vcf", "contact_photo_with_data_uri_v4.vcf"])
def test_contact_photo_with_data_uri(db_path, now, name):
    """A data: URI photo is kept, its bytes exactly."""
    f, [p] = load(f"radicale/{name}", now)
    assert (p["name"], p["nickname"]) == ("Contact", "test")
    assert (f.skipped, f.warnings, dict(f.not_kept)) == ([], [], {})
    assert p["photo"]["bytes"] > 0


def test_the_whole_corpus_twice_changes_nothing_the_second_time(db_path, now):
    files = sorted(CORPUS.glob("*/*.vcf"))
    first = importer.import_paths(files, now)
    assert first.failed_files == [] and first.skipped == 0
    count = Contact.select().count()
    snapshot = [contacts.contact_dict(cid) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    second = importer.import_paths(files, now)
    assert (second.new, second.updated, second.unchanged) == (0, 0, first.new + first.updated + first.unchanged)
    assert Contact.select().count() == count
    assert [contacts.contact_dict(cid) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()] == snapshot
    # The John Doe of IBM exported by six programs is one person.
    assert Contact.select().where(Contact.organization.startswith("IBM")).count() == 1
