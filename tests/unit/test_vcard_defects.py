"""Defects seen on real vCard files (issue 17), each on a small file of the same layout written here."""

from __future__ import annotations

from netui.core import contacts
from netui.db.models import Contact
from netui.interop import importer


def run(tmp_path, now, data: str | bytes, name: str = "cards.vcf"):
    """Import ``data`` from a file; (file report, contacts by name)."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    report = importer.import_paths([path], now)
    people = {}
    for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples():
        d = contacts.contact_dict(cid, full=False)
        people[d["name"]] = d
    return report, people


def crlf(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def phones(person: dict) -> list[str]:
    return [m["value"] for m in person["phones"]]


def test_a_line_folded_before_its_colon_is_unfolded_first(db_path, tmp_path, now):
    data = crlf(
        "BEGIN:VCARD", "VERSION:3.0", "FN:Folded Head",
        "TEL;TYPE=CELL:+1 404 555 1212",
        'item1.TEL;TYPE="home,',
        ' voice";X-LONG-LABEL="Atlanta, Georgia, United States of A',
        ' merica":+1 404 555 1213',
        "EMAIL;TY",
        " PE=WORK:folded@example.com",
        "END:VCARD",
    )
    report, people = run(tmp_path, now, data)
    p = people["Folded Head"]
    assert phones(p) == ["+1 404 555 1212", "+1 404 555 1213"]
    assert [m["value"] for m in p["emails"]] == ["folded@example.com"]
    assert report.files[0].warnings == []


def test_a_character_split_by_a_fold_is_decoded_whole(db_path, tmp_path, now):
    note = "Привет, это заметка о встрече на конференции в Москве"
    raw = ("NOTE:" + note).encode("utf-8")
    cut = raw.index("встрече".encode()) + 1  # inside the two bytes of "в"
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\n" + raw[:cut] + b"\r\n " + raw[cut:] + b"\r\nEND:VCARD\r\n"
    report, people = run(tmp_path, now, data)
    assert people["Anna"]["note"] == note
    assert report.files[0].warnings == []


def test_a_quoted_printable_character_split_across_soft_breaks(db_path, tmp_path, now):
    data = crlf(
        "BEGIN:VCARD", "VERSION:2.1", "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;=D0=90=D0=BD=D0=",
        "=BD=D0=B0;;;", "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=90=D0=BD=D0=BD=D0=B0", "END:VCARD",
    )
    _, people = run(tmp_path, now, data)
    assert people["Анна"]["given_name"] == "Анна"


def test_charset_is_honoured_for_plain_values(db_path, tmp_path, now):
    data = b"\r\n".join([
        b"BEGIN:VCARD", b"VERSION:2.1",
        b"N;CHARSET=SHIFT_JIS:" + "安藤;メイド".encode("shift_jis") + b";;;",
        b"FN;CHARSET=Shift_JIS:" + "安藤 メイド".encode("shift_jis"),
        b"ORG;CHARSET=WINDOWS-1252:" + "Caf\u00e9 \u20ac".encode("cp1252"),
        b"TITLE;CHARSET=ISO-8859-2:" + "Łódź".encode("iso-8859-2"),
        b"NOTE;CHARSET=UTF-8:" + "naïve".encode(),
        b"END:VCARD", b"",
    ])
    _, people = run(tmp_path, now, data)
    p = people["安藤 メイド"]
    assert (p["family_name"], p["given_name"]) == ("安藤", "メイド")
    assert (p["organization"], p["title"], p["note"]) == ("Café €", "Łódź", "naïve")


def test_charset_utf16_in_a_utf16_file(db_path, tmp_path, now):
    text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-16:Zoë Ünal\r\nEND:VCARD\r\n"
    _, people = run(tmp_path, now, text.encode("utf-16"))
    assert "Zoë Ünal" in people


def test_a_grouped_begin_line_is_read(db_path, tmp_path, now):
    data = crlf("home.BEGIN:VCARD", "VERSION:3.0", "FN:Grouped Begin", "home.END:VCARD")
    report, people = run(tmp_path, now, data)
    assert "Grouped Begin" in people
    assert report.files[0].error == ""


def test_a_nested_21_card_keeps_its_parents_data(db_path, tmp_path, now):
    data = crlf(
        "BEGIN:VCARD", "VERSION:2.1", "FN:Boss Person", "TEL;WORK:+44 20 7946 0101",
        "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Assistant Person", "TEL;WORK:+44 20 7946 0102", "END:VCARD",
        "EMAIL;INTERNET:boss@example.com", "NOTE:after the agent", "END:VCARD",
    )
    report, people = run(tmp_path, now, data)
    boss = people["Boss Person"]
    assert phones(boss) == ["+44 20 7946 0101"]
    assert [m["value"] for m in boss["emails"]] == ["boss@example.com"]
    assert boss["note"] == "after the agent"
    assert phones(people["Assistant Person"]) == ["+44 20 7946 0102"]
    text = report.text()
    assert "nested inside this one" in text
    assert "cut short" not in text


def test_a_card_without_end_before_the_next_is_still_cut_short(db_path, tmp_path, now):
    data = crlf("BEGIN:VCARD", "VERSION:3.0", "FN:First", "BEGIN:VCARD", "VERSION:3.0", "FN:Second", "END:VCARD")
    report, people = run(tmp_path, now, data)
    assert {"First", "Second"} <= set(people)
    assert "cut short" in report.text()


def test_under_21_a_backslash_before_an_ordinary_character_is_kept(db_path, tmp_path, now):
    data = crlf("BEGIN:VCARD", "VERSION:2.1", r"FN:Path Person", r"NOTE:files in C:\Users\path\; one\, two", "END:VCARD")
    _, people = run(tmp_path, now, data)
    assert people["Path Person"]["note"] == r"files in C:\Users\path; one, two"


def test_a_comment_line_is_not_put_into_the_note(db_path, tmp_path, now):
    data = crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Commented", "NOTE:the note", "# exported by a script", "END:VCARD")
    report, people = run(tmp_path, now, data)
    assert people["Commented"]["note"] == "the note"
    assert "comment" in report.text()


def test_group_cards_are_not_people_and_tag_their_members(db_path, tmp_path, now):
    data = crlf(
        "BEGIN:VCARD", "VERSION:4.0", "KIND:group", "FN:Book Club", "MEMBER:urn:uuid:aaa-1",
        "MEMBER:urn:uuid:missing-9", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "X-ADDRESSBOOKSERVER-KIND:group", "FN:Climbing",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:bbb-2", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:aaa-1", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Ada Member", "UID:aaa-1", "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:Bo Member", "UID:urn:uuid:bbb-2", "END:VCARD",
        "BEGIN:VCARD", "VERSION:4.0", "KIND:org", "FN:Acme Corporation", "END:VCARD",
    )
    report, people = run(tmp_path, now, data)
    assert set(people) == {"Ada Member", "Bo Member", "Acme Corporation"}
    assert [people[n]["kind"] for n in ("Ada Member", "Acme Corporation")] == ["person", "org"]
    assert sorted(t.casefold() for t in people["Ada Member"]["tags"]) == ["book-club", "climbing"]
    assert [t.casefold() for t in people["Bo Member"]["tags"]] == ["climbing"]
    text = report.text()
    assert "card 1 (line 1): the group 'Book Club' is not a person; its 1 member got it as a tag (1 member not found)" in text
    assert "the group 'Climbing' is not a person; its 2 members got it as a tag" in text
    assert "card 5 (line 25): 'Acme Corporation' is an organisation: kept as one, out of cadence and every queue" in text
    again = importer.import_paths([tmp_path / "cards.vcf"], now)
    assert (again.new, again.updated) == (0, 0)


def test_a_dry_run_tags_nobody(db_path, tmp_path, now):
    path = tmp_path / "g.vcf"
    path.write_bytes(crlf("BEGIN:VCARD", "VERSION:3.0", "FN:Ada Member", "UID:aaa-1", "END:VCARD"))
    importer.import_paths([path], now)
    path.write_bytes(crlf("BEGIN:VCARD", "VERSION:4.0", "KIND:group", "FN:Book Club", "MEMBER:urn:uuid:aaa-1", "END:VCARD"))
    report = importer.import_paths([path], now, dry_run=True)
    assert "its 1 member got it as a tag" in report.text()
    assert contacts.contact_dict(Contact.get().id, full=False)["tags"] == []


def test_a_shift_jis_file_without_charset_is_detected(db_path, tmp_path, now):
    people_in = [("安藤", "メイド", "ando@example.jp"), ("山田", "太郎", "yamada@example.jp"), ("佐藤", "花子", "sato@example.jp")]
    text = "".join(
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nN:{family};{given};;;\r\nFN:{family} {given}\r\nEMAIL:{email}\r\n"
        f"NOTE:東京の会議で会いました\r\nEND:VCARD\r\n"
        for family, given, email in people_in
    )
    _, people = run(tmp_path, now, text.encode("shift_jis"))
    assert set(people) == {"安藤 メイド", "山田 太郎", "佐藤 花子"}
    assert people["安藤 メイド"]["note"] == "東京の会議で会いました"


def test_a_charset_name_that_is_not_ascii_is_read_as_utf8(db_path, tmp_path, now):
    # Found by the fuzz test: the codec lookup of a name with \xff in it raised UnicodeEncodeError.
    report, people = run(tmp_path, now, b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=\xff\xfeUTF-8:Lovelace;Ada\r\n"
                                        b"FN;CHARSET=\xff\xfeUTF-8:Ada Lovelace\r\nEND:VCARD\r\n")
    assert (report.files[0].new, report.files[0].error) == (1, "")
    assert list(people) == ["Ada Lovelace"]
