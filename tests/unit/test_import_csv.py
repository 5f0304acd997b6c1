"""LinkedIn, Google, Outlook and hand-made CSVs in; netui's CSV out and back."""

from __future__ import annotations

import csv
import datetime as dt
import io

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday
from netui.db.models import Contact
from netui.interop import csvfiles, importer


def run(tmp_path, now, text: str, name: str = "contacts.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    report = importer.import_paths([path], now)
    people = [contacts.contact_dict(cid, full=False) for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    return report.files[0], people


LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    'address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here '
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Amara,Okafor,https://www.linkedin.com/in/amaraokafor,amara@example.com,Cobalt Health,Head of Data,14 Mar 2024\n"
    'Lars,Eriksen,https://www.linkedin.com/in/larse,,"Fjord Software, Inc.",CTO,02 Jan 2019\n'
    ",,https://www.linkedin.com/in/private,,,,01 Feb 2020\n"
    "Yuki,Ito,https://www.linkedin.com/in/yukiito,,Vertex AI,Researcher,31 Foo 2023\n"
)


def test_linkedin_connections_with_a_notes_preamble(db_path, tmp_path, now):
    f, people = run(tmp_path, now, LINKEDIN, "Connections.csv")
    assert (f.kind, f.read, f.new) == ("LinkedIn CSV", 4, 3)
    amara, lars, yuki = people
    assert (amara["name"], amara["given_name"], amara["family_name"]) == ("Amara Okafor", "Amara", "Okafor")
    assert (amara["organization"], amara["title"], amara["met_on"]) == ("Cobalt Health", "Head of Data", "2024-03-14")
    assert [(e["value"]) for e in amara["emails"]] == ["amara@example.com"]
    assert [(u["value"], u["label"]) for u in amara["urls"]] == [("https://www.linkedin.com/in/amaraokafor", "linkedin")]
    assert (lars["organization"], lars["emails"], lars["met_on"]) == ("Fjord Software, Inc.", [], "2019-01-02")
    assert yuki["met_on"] is None
    # Notes:, the paragraph and a blank line come first; the header is line 4, data rows start at line 5.
    assert [(p.unit, p.position, p.line, p.reason) for p in f.skipped] == [
        ("row", 3, 7, "no name, email or phone to tell who this is"),
    ]
    assert [(p.position, p.reason) for p in f.warnings] == [(4, "the date '31 Foo 2023' is not a date; not kept")]
    assert "  skipped row 3 (line 7): no name, email or phone to tell who this is" in importer.Report([f]).text()


def test_linkedin_without_preamble_and_with_the_old_columns(db_path, tmp_path, now):
    text = "First Name,Last Name,Email Address,Company,Position,Connected On\r\nBen,Chen,ben@x.example,Acme,CEO,5 May 2017\r\n"
    f, [ben] = run(tmp_path, now, text, "Connections.csv")
    assert (f.kind, ben["name"], ben["organization"], ben["met_on"]) == ("LinkedIn CSV", "Ben Chen", "Acme", "2017-05-05")


GOOGLE = (
    "First Name,Middle Name,Last Name,Nickname,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Organization Title,"
    "Organization Department,Website 1 - Label,Website 1 - Value,Address 1 - Street\n"
    'Chiara,,Rossi,Kiki,--04-15,"Met at the climbing gym,\nloves jazz",* myContacts ::: Climbing,* Home,'
    "chiara@home.example ::: chiara@old.example,Work,chiara@work.example,Mobile,+39 333 1234567 ::: +39 06 1234 5678,"
    "Helix Bio,Researcher,Genomics,Blog,https://chiara.example,Via Roma 1\n"
    "Dan,,Novak,,1984-11-02,,* myContacts,,,,,,,,,,,\n"
)


def test_google_contacts_csv(db_path, tmp_path, now):
    f, (chiara, dan) = run(tmp_path, now, GOOGLE, "google.csv")
    assert (f.kind, f.new, f.skipped) == ("Google CSV", 2, [])
    assert (chiara["name"], chiara["nickname"], chiara["birthday"]) == ("Chiara Rossi", "Kiki", "--04-15")
    assert chiara["note"] == "Met at the climbing gym,\nloves jazz"
    assert chiara["tags"] == ["Climbing"]  # as the file wrote it
    assert [(e["value"], e["label"], e["preferred"]) for e in chiara["emails"]] == [
        ("chiara@home.example", "Home", True), ("chiara@old.example", "Home", False), ("chiara@work.example", "Work", False),
    ]
    assert [(p["value"], p["label"]) for p in chiara["phones"]] == [("+39 333 1234567", "Mobile"), ("+39 06 1234 5678", "Mobile")]
    assert (chiara["organization"], chiara["title"]) == ("Helix Bio", "Researcher")
    assert [(u["value"], u["label"]) for u in chiara["urls"]] == [("https://chiara.example", "Blog")]
    assert (dan["name"], dan["birthday"]) == ("Dan Novak", "1984-11-02")
    assert f.not_kept == {"column 'Organization Department'": 1}
    assert [a["street"] for a in chiara["addresses"]] == ["Via Roma 1"]  # kept as her address


def test_outlook_csv_in_windows_1252_with_semicolons(db_path, tmp_path, now):
    text = (
        "Title;First Name;Last Name;Job Title;Company;E-mail Address;E-mail Type;Mobile Phone;Business Fax;Birthday\r\n"
        "Mr.;René;Müller;Geschäftsführer;Café AG;rene@cafe.example;SMTP;+49 170 1234567;+49 30 1234 999;0/0/00\r\n"
    )
    f, [rene] = run(tmp_path, now, text, "outlook.csv", encoding="cp1252")
    assert (rene["name"], rene["title"], rene["organization"]) == ("René Müller", "Geschäftsführer", "Café AG")
    assert [(p["value"], p["label"]) for p in rene["phones"]] == [("+49 170 1234567", "mobile"), ("+49 30 1234 999", "work fax")]
    assert rene["birthday"] is None and f.warnings == []


def test_a_generic_csv_maps_columns_by_their_names(db_path, tmp_path, now):
    text = "Full Name,Email,Phone,Company,Tags,How we met\nEmeka Obi,emeka@example.com,+234 803 000 0000,Zephyr,mentor; ai,Lagos meetup\n"
    f, [emeka] = run(tmp_path, now, text)
    assert (f.kind, emeka["name"], emeka["organization"], emeka["how_met"]) == ("CSV", "Emeka Obi", "Zephyr", "Lagos meetup")
    assert emeka["tags"] == ["ai", "mentor"] and [p["value"] for p in emeka["phones"]] == ["+234 803 000 0000"]


def test_a_csv_without_a_recognisable_header_is_an_error(db_path, tmp_path, now):
    f, people = run(tmp_path, now, "a,b,c\n1,2,3\n", "numbers.csv")
    assert f.error == "no header row with names or emails was found (is it a contacts CSV?)"
    assert people == []


def test_netui_csv_export_reads_back(db_path, tmp_path, now):
    cid = contacts.create(ContactInput(
        name="Fatima Haddad", given_name="Fatima", family_name="Haddad", organization="=HYPERLINK(\"x\")",
        title="Lead", birthday=Birthday(2, 29, None), met_on=dt.date(2025, 6, 1), how_met="a hackathon",
        reason="co-author", circle="inner", cadence_days=21, tags=["ai", "writing"], note="line one\nline two, with comma",
        emails=[Method("email", "fatima@example.com"), Method("email", "f@example.org")],
        phones=[Method("phone", "+44 20 7946 0000"), Method("phone", "-12 34")], urls=[Method("url", "https://f.example")],
        archived=True,
    ), now)
    out = io.StringIO()
    assert csvfiles.write(out, now) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == csvfiles.header({"email": 2, "phone": 2, "url": 1})  # Google's layout
    row = dict(zip(rows[0], rows[1], strict=False))
    assert row["Organization Name"] == "'=HYPERLINK(\"x\")"  # a spreadsheet shows it, does not run it
    assert (row["Phone 1 - Value"], row["Phone 2 - Value"]) == ("+44 20 7946 0000", "-12 34")  # left as they are
    assert row["Birthday"] == "--02-29" and row["archived"] == "yes"
    before = contacts.contact_dict(cid, full=False)
    Contact.delete().execute()
    f, [back] = run(tmp_path, now, out.getvalue(), "netui.csv")
    for key in ("id", "uid", "created_at", "updated_at", "next_due", "last_contact"):
        before.pop(key), back.pop(key)
    assert back == before


# --- defects seen on real files (issue 17) -----------------------------------------------------------


def test_a_row_wrapped_whole_in_quotes_is_read_as_its_columns(db_path, tmp_path, now):
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        '"Wanda,Wrapped,https://www.linkedin.com/in/wanda,wanda@example.com,""Quote, Inc."",CEO,14 Mar 2024"\n'
        "Plain,Person,https://www.linkedin.com/in/plain,plain@example.com,Plain Co,CTO,15 Mar 2024\n"
    )
    f, people = run(tmp_path, now, text, "Connections.csv")
    wanda = next(p for p in people if p["name"] == "Wanda Wrapped")
    assert wanda["organization"] == "Quote, Inc."
    assert [m["value"] for m in wanda["emails"]] == ["wanda@example.com"]
    assert len(people) == 2
    assert [(w.position, w.reason) for w in f.warnings] == [
        (1, "the whole row was wrapped in one pair of quotes; read as its columns")
    ]


def test_a_header_wrapped_whole_in_quotes(db_path, tmp_path, now):
    text = '"First Name,Last Name,Email Address"\n"Hedda,Header,hedda@example.com"\n'
    f, people = run(tmp_path, now, text)
    assert [(p["name"], p["emails"][0]["value"]) for p in people] == [("Hedda Header", "hedda@example.com")]


def test_a_shift_jis_csv_without_a_bom_is_detected_and_reported(db_path, tmp_path, now):
    rows = [("名", "姓", "メールアドレス", "会社")] + [
        ("メイド", "安藤", "ando@example.jp", "株式会社テスト"),
        ("太郎", "山田", "yamada@example.jp", "山田商事株式会社"),
        ("花子", "佐藤", "sato@example.jp", "東京電力"),
    ]
    text = "First Name,Last Name,E-mail Address,Company\n" + "\n".join(",".join(r) for r in rows[1:]) + "\n"
    f, people = run(tmp_path, now, text, encoding="shift_jis")
    ando = next(p for p in people if p["emails"][0]["value"] == "ando@example.jp")
    assert (ando["given_name"], ando["family_name"], ando["organization"]) == ("メイド", "安藤", "株式会社テスト")
    assert [p["emails"][0]["value"] for p in people] == ["ando@example.jp", "yamada@example.jp", "sato@example.jp"]
    assert "Shift_JIS" in f.encoding and "detected" in f.encoding
    report_text = importer.Report(files=[f]).text()
    assert "read as Shift_JIS" in report_text


def test_a_utf8_csv_goes_without_saying(db_path, tmp_path, now):
    f, _ = run(tmp_path, now, "Name,Email\nÅse,ase@example.com\n")
    assert f.encoding == "UTF-8"
    assert "read as" not in importer.Report(files=[f]).text()
