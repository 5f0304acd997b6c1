"""The known traps of real vCard files, each in a small file written here, and the report about them."""

from __future__ import annotations

import base64
import codecs

import pytest

from netui.core import contacts
from netui.db.models import Contact
from netui.interop import importer, vcard


def run(tmp_path, now, content: str | bytes, name: str = "cards.vcf"):
    """Import ``content`` from a file; (file report, contacts by name)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = tmp_path / name
    path.write_bytes(data)
    report = importer.import_paths([path], now)
    people = {}
    for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples():
        d = contacts.contact_dict(cid, full=False)
        people[d["name"]] = d
    return report.files[0], people


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def values(person: dict, kind: str) -> list[tuple[str, str, bool]]:
    return [(m["value"], m["label"], m["preferred"]) for m in person[kind]]


# --- encodings and line ends ------------------------------------------------------------------------


def test_quoted_printable_soft_breaks_charsets_and_spellings(db_path, tmp_path, now):
    text = card(
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=",
        "ller",
        "NOTE;encoding=quoted-printable:caf=E9 (no charset: Windows-1252)=0D=0Asecond line, with a comma",
        "TITLE;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gesch=E4ftsf=FChrer",
        version="2.1",
    )
    f, people = run(tmp_path, now, text)
    p = people["Jürgen Müller"]
    assert (p["given_name"], p["family_name"]) == ("Jürgen", "Müller")
    assert p["note"] == "café (no charset: Windows-1252)\nsecond line, with a comma"
    assert p["title"] == "Geschäftsführer"
    assert (f.skipped, f.warnings) == ([], [])


def test_windows_1252_and_latin1_files(db_path, tmp_path, now):
    text = card("FN:Ren\xe9 \u0152uvrard", "ORG:Caf\xe9 \u20ac Co", "NOTE:na\xefve")
    f, people = run(tmp_path, now, text.encode("cp1252"))
    p = people["René Œuvrard"]
    assert (p["organization"], p["note"]) == ("Café € Co", "naïve")
    # Bytes cp1252 leaves undefined (0x81) are read as Latin-1 instead of failing.
    f, people = run(tmp_path, now, card("FN:Zo\xeb", "NOTE:a\x81b").encode("latin-1"), "latin.vcf")
    assert "Zoë" in people


def test_one_file_mixing_utf8_and_cp1252_cards(db_path, tmp_path, now):
    data = card("FN:Zoë Ünal").encode("utf-8") + card("FN:Zoë Ünal-Winkler").encode("cp1252")
    f, people = run(tmp_path, now, data)
    assert set(people) == {"Zoë Ünal", "Zoë Ünal-Winkler"}


def test_bom_and_utf16(db_path, tmp_path, now):
    f, people = run(tmp_path, now, codecs.BOM_UTF8 + card("FN:Bom Person").encode("utf-8"))
    assert "Bom Person" in people and f.skipped == []
    f, people = run(tmp_path, now, card("FN:Wide Person", "EMAIL:wide@example.com").encode("utf-16"), "wide.vcf")
    assert values(people["Wide Person"], "emails") == [("wide@example.com", "", False)]


def test_cr_cr_lf_mixed_line_ends_and_folding(db_path, tmp_path, now):
    data = (
        b"BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:Mixed\nNOTE:folded with a space and\r\n  a tab \r\n\tstill the note\r"
        b"EMAIL:mixed@example.com\r\nEND:VCARD\n"
    )
    f, people = run(tmp_path, now, data)
    p = people["Mixed"]
    assert p["note"] == "folded with a space and a tab still the note"
    assert values(p, "emails") == [("mixed@example.com", "", False)]


# --- parameters, groups, escapes --------------------------------------------------------------------


def test_bare_types_apple_groups_and_escaped_urls(db_path, tmp_path, now):
    text = card(
        "FN:Typed Person",
        "TEL;CELL;PREF:+44 7700 900123",
        "TEL;WORK;FAX:+44 20 7946 0000",
        "item1.TEL:+44 20 7946 0999",
        "item1.X-ABLabel:Desk in the lab",
        "item2.EMAIL;type=INTERNET:lab@example.com",
        "item2.X-ABLabel:_$!<Other>!$_",
        "item3.URL:http\\://example.com/~typed",
        "item3.X-ABLabel:_$!<HomePage>!$_",
        "NOTE:plain commas, in a 3.0 note, stay",
        version="2.1",
    )
    f, people = run(tmp_path, now, text)
    p = people["Typed Person"]
    assert values(p, "phones") == [
        ("+44 7700 900123", "cell", True), ("+44 20 7946 0000", "work fax", False), ("+44 20 7946 0999", "Desk in the lab", False),
    ]
    assert values(p, "emails") == [("lab@example.com", "other", False)]
    assert values(p, "urls") == [("http://example.com/~typed", "homepage", False)]
    assert p["note"] == "plain commas, in a 3.0 note, stay"


def test_vcard4_tel_uris_and_quoted_type_lists(db_path, tmp_path, now):
    text = card(
        "FN:Four",
        'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-555-010-0001;ext=42',
        "TEL;VALUE=uri;TYPE=home:tel:+1-555-010-0002",
        "EMAIL;TYPE=work;PREF=1:four@example.com",
        version="4.0",
    )
    f, people = run(tmp_path, now, text)
    assert values(people["Four"], "phones") == [("+1-555-010-0001 ext. 42", "work", True), ("+1-555-010-0002", "home", False)]
    assert values(people["Four"], "emails") == [("four@example.com", "work", True)]


@pytest.mark.parametrize("line, expected", [
    ("BDAY:--0415", "--04-15"),
    ("BDAY:--04-15", "--04-15"),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15", "--04-15"),
    ("BDAY:16040415", "--04-15"),
    ("BDAY;VALUE=date:1985-04-15", "1985-04-15"),
    ("BDAY:19850415", "1985-04-15"),
    ("BDAY:1985-04-15T00:00:00Z", "1985-04-15"),
    ("BDAY:--0229", "--02-29"),
])
def test_birthdays_with_and_without_year(db_path, tmp_path, now, line, expected):
    f, people = run(tmp_path, now, card("FN:Born", line))
    assert people["Born"]["birthday"] == expected
    assert f.warnings == []


def test_a_birthday_that_is_not_a_date_is_reported_and_the_card_kept(db_path, tmp_path, now):
    f, people = run(tmp_path, now, card("FN:Odd Birthday", "BDAY:1985-13-45", "EMAIL:odd@example.com"))
    assert people["Odd Birthday"]["birthday"] is None
    assert [(w.position, w.reason) for w in f.warnings] == [(1, "the birthday '1985-13-45' (line 4) is not a date; not kept")]


def test_base64_encoded_text_is_decoded(db_path, tmp_path, now):
    note = base64.b64encode("Grüße, aus Köln".encode()).decode()
    f, people = run(tmp_path, now, card("FN:Encoded", f"NOTE;ENCODING=b;CHARSET=UTF-8:{note}"))
    assert people["Encoded"]["note"] == "Grüße, aus Köln"


# --- photos, names, sizes ---------------------------------------------------------------------------


def test_photos_never_fail_a_card(db_path, tmp_path, now):
    text = (
        card("FN:Broken Photo", "PHOTO;ENCODING=b;TYPE=JPEG:!!!not base64 at all!!!", "EMAIL:photo1@example.com")
        + card("FN:Data Uri", "PHOTO:data:image/png;base64,iVBORw0KGgo=", version="4.0")
        + "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Unindented Base64\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n"
        "AAAAAAAABBBBBBBBCCCCCCCC\r\nDDDDDDDDEEEEEEEE==\r\n\r\nEMAIL:photo3@example.com\r\nEND:VCARD\r\n"
    )
    f, people = run(tmp_path, now, text)
    assert set(people) == {"Broken Photo", "Data Uri", "Unindented Base64"}
    assert values(people["Unindented Base64"], "emails") == [("photo3@example.com", "", False)]
    assert (f.skipped, dict(f.not_kept)) == ([], {})
    assert [(w.position, w.reason) for w in f.warnings] == [(1, "the photo (line 4) is not valid base64; not kept")]
    assert people["Data Uri"]["photo"]["media_type"] == "image/png"
    assert people["Unindented Base64"]["photo"]["bytes"] == 36  # the 2.1 block to its blank line


def test_cards_without_fn_are_named_from_what_they_have(db_path, tmp_path, now):
    text = (
        card("N:Lovelace;Ada;;;")
        + card("ORG:Analytical Engines Ltd")
        + card("EMAIL:nameless@example.com")
        + card("TEL:+1 555 0100 200")
        + card("NOTE:only a note", "X-SOMETHING:else")
    )
    f, people = run(tmp_path, now, text)
    assert set(people) == {"Ada Lovelace", "Analytical Engines Ltd", "nameless@example.com", "+1 555 0100 200"}
    assert [(p.position, p.line, p.reason) for p in f.skipped] == [(5, 17, "no name, email or phone to tell who this is")]
    assert [(w.position, w.reason) for w in f.warnings] == [
        (3, "no name; named after its email address"), (4, "no name; named after its phone number"),
    ]


def test_a_huge_card_is_skipped_and_a_huge_note_is_cut(db_path, tmp_path, now):
    huge = card("FN:Huge", "NOTE:" + "x" * (vcard.CARD_LIMIT + 10))
    long_note = card("FN:Long Note", "NOTE:" + "y" * 30_000)
    f, people = run(tmp_path, now, card("FN:Before") + huge + long_note + card("FN:After"))
    assert set(people) == {"Before", "Long Note", "After"}
    assert len(people["Long Note"]["note"]) == 20_000
    assert [(p.position, p.reason) for p in f.skipped] == [
        (2, f"the card is larger than the {vcard.CARD_LIMIT:,} characters netui reads from one card"),
    ]
    assert [(w.position, w.reason) for w in f.warnings] == [(3, "the note is 30,000 characters long; kept the first 19,999")]


def test_binary_garbage_is_a_clear_error_for_that_file_only(db_path, tmp_path, now):
    garbage = tmp_path / "garbage.vcf"
    garbage.write_bytes(bytes(range(256)) * 40)
    good = tmp_path / "good.vcf"
    good.write_text(card("FN:Good Person"))
    report = importer.import_paths([garbage, good], now)
    assert report.failed_files == [garbage]
    assert report.files[0].error == "it contains binary data, not text"
    assert report.new == 1 and Contact.select().count() == 1
    assert f"{garbage}: could not be read: it contains binary data, not text; nothing imported from it" in report.text()


def test_a_file_without_cards_is_an_error(db_path, tmp_path, now):
    path = tmp_path / "notes.vcf"
    path.write_text("just some text\nno cards here\n")
    report = importer.import_paths([path], now)
    assert report.files[0].error == "there is no vCard in it (no BEGIN:VCARD line)"
    assert report.failed_files == [path]


# --- broken cards among good ones -------------------------------------------------------------------


def test_a_broken_card_is_reported_and_its_neighbours_come_in(db_path, tmp_path, now):
    text = (
        card("FN:First", "EMAIL:first@example.com")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\n;;;garbage;;;\r\nEMAIL;=x:broken@example.com\r\nEND:VCARD\r\n"
        + card("FN:Third", "EMAIL;TYPE=work;TYPE:third@example.com", "NOTE:first line", "second line, unfolded",
               "TEL:123 4567", "stray words")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\nEMAIL:cut@example.com\r\n"
    )
    f, people = run(tmp_path, now, text)
    assert set(people) == {"First", "Third", "Cut Short"}
    assert [(p.position, p.line, p.reason) for p in f.skipped] == [(2, 6, "no name, email or phone to tell who this is")]
    assert [(w.position, w.reason) for w in f.warnings] == [
        (2, "line 8 is not a property and was ignored: ';;;garbage;;;'"),
        (2, "line 9 could not be read and was ignored (not a property: 'EMAIL;=x:broken@example.com')"),
        (3, "line 16 is not a property; read as part of line 15"),
        (3, "line 18 is not a property and was ignored: 'stray words'"),
        (4, "it has no END:VCARD (the file may be cut short); read what was there"),
    ]
    assert values(people["Third"], "emails") == [("third@example.com", "work", False)]
    assert people["Third"]["note"] == "first line\nsecond line, unfolded"
    assert values(people["Cut Short"], "emails") == [("cut@example.com", "", False)]


def test_imported_text_is_sanitised(db_path, tmp_path, now):
    f, people = run(tmp_path, now, card("FN:\x1b[31mMallory\x1b[0m \u202eEvil", "NOTE:ring\x07 the bell\x1b]0;title\x07"))
    [p] = people.values()
    assert p["name"] == "Mallory Evil"
    assert p["note"] == "ring the bell"


def test_report_text_names_file_card_line_and_reason(db_path, tmp_path, now):
    path = tmp_path / "mixed.vcf"
    path.write_text(card("FN:Ok") + card("NOTE:nobody"))
    report = importer.import_paths([path], now)
    assert report.text().splitlines() == [
        f"{path} (vCard, 2 cards): 1 new, 0 updated, 0 unchanged, 1 skipped",
        "  skipped card 2 (line 5): no name, email or phone to tell who this is",
        "Total: 1 new, 0 updated, 0 unchanged, 1 skipped.",
    ]
