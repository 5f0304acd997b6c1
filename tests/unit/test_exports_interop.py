"""Exports that other programs read as they are meant (issue 17): vCard TYPE values, yearless
birthdays khard shows without a year, the organisation history kept through a vCard, Google's CSV
layout, and every file netui writes private, also over a file that was not."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import os
import stat
import subprocess
import sys

import pytest
import vobject

from netui import cli
from netui.core import cards, contacts
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday
from netui.db import close_database, open_database
from netui.db.models import Contact, OrgHistory
from netui.interop import csvfiles, files, importer, vcard, vdir
from netui.interop.vcard.writing import VERSIONS

LABELS = [  # (label, what the TYPE parameter says in 3.0, the X-ABLabel netui adds, if any)
    ("cell", ["cell"], None), ("mobile", ["cell"], "mobile"), ("work", ["work"], None), ("home", ["home"], None),
    ("work fax", ["work", "fax"], None), ("pager", ["pager"], None), ("voice", ["voice"], None),
    ("Work", ["work"], "Work"), ("main", None, "main"), ("Home office", None, "Home office"), ("", None, None),
]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_vdir_export_makes_every_file_private_over_wider_ones(db_path, tmp_path, now):
    contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", emails=[Method("email", "ada@example.com")]), now)
    contacts.create(ContactInput(name="Sam Okafor", uid="sam"), now)
    folder = tmp_path / "cards"
    folder.mkdir()
    os.chmod(folder, 0o755)
    vdir.export(folder, now)
    (folder / "ada-1.vcf").chmod(0o644)  # the same card, made readable by anyone since
    (folder / "sam.vcf").write_text("an older card")
    (folder / "sam.vcf").chmod(0o644)
    (folder / vdir.MANIFEST).chmod(0o644)
    vdir.export(folder, now)
    assert {p.name: mode(p) for p in folder.iterdir()} == {"ada-1.vcf": 0o600, "sam.vcf": 0o600, vdir.MANIFEST: 0o600}
    assert mode(folder) == 0o755  # a folder the user made is theirs; what netui writes in it is not


def test_every_folder_netui_creates_is_0700_parents_too(db_path, tmp_path, now):
    old = os.umask(0o022)
    try:
        folder = tmp_path / "a" / "b" / "cards"
        vdir.export(folder, now)
        files.private_folder(tmp_path / "sync" / "state")
    finally:
        os.umask(old)
    assert [mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", folder)] == [0o700] * 3
    assert mode(tmp_path / "sync") == mode(tmp_path / "sync" / "state") == 0o700


def test_an_atomic_write_over_a_wider_file_is_0600(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("{}")
    target.chmod(0o644)
    files.atomic_write(target, b"[]")
    assert mode(target) == 0o600 and target.read_bytes() == b"[]"
    with files.atomic_text(target) as out:
        out.write("x")
    assert mode(target) == 0o600


def phone_lines(version: str, label: str, preferred: bool = False) -> tuple[dict, list[str]]:
    """The TEL line of a card with one phone, read by vobject: (its params, the X-ABLabel values of its group)."""
    record = vcard.CardRecord("x", {"name": "X", "phones": [Method("phone", "+1 555 0100", label, preferred)]},
                              dt.datetime(2026, 1, 1))
    card = vobject.readOne(vcard.card_text(record, version))
    [tel] = card.contents["tel"]
    labels = [x.value for x in card.contents.get("x-ablabel", []) if tel.group and x.group == tel.group]
    return tel.params, labels


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("label", "types", "ablabel"), LABELS)
def test_labels_go_out_as_the_types_other_programs_read(version, label, types, ablabel):
    params, labels = phone_lines(version, label)
    assert [t.lower() for t in params.get("TYPE", [])] == (types or [])
    assert labels == ([ablabel] if ablabel else [])


def test_preferred_is_type_pref_in_30_and_pref_1_in_40():
    params, _ = phone_lines("3.0", "cell", True)
    assert params["TYPE"] == ["cell", "pref"] and "PREF" not in params
    params, _ = phone_lines("4.0", "cell", True)
    assert params["TYPE"] == ["cell"] and params["PREF"] == ["1"]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_label_and_preferred_flag_comes_back_from_a_card(db_path, tmp_path, now, version):
    phones = [Method("phone", f"+1 555 01{i:02}", label, i == 1) for i, (label, _, _) in enumerate(LABELS)]
    emails = [Method("email", "ada@work.example", "Work", True), Method("email", "ada@home.example", "home"),
              Method("email", "ada@else.example", "Home office")]
    urls = [Method("url", "https://ada.example", "homepage"), Method("url", "https://work.example", "work")]
    cid = contacts.create(ContactInput(name="Ada Lovelace", phones=phones, emails=emails, urls=urls), now)
    before = contacts.contact_dict(cid)
    path = tmp_path / "ada.vcf"
    with path.open("w", encoding="utf-8", newline="") as out:
        vcard.write(out, now, version)
    contacts.delete(cid)
    importer.import_paths([path], now)
    after = contacts.contact_dict(contacts.resolve("Ada"))
    for key in ("emails", "phones", "urls"):
        assert after[key] == before[key]


def test_the_org_history_survives_a_vcard_and_a_vdir(db_path, tmp_path, now):
    cid = contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", organization="Acme; Ltd", title="Engineer"), now)
    contacts.update(cid, ContactInput(organization="Globex", title="CTO"), now + dt.timedelta(days=30))
    contacts.update(cid, ContactInput(organization="Initech, Inc.", title=""), now + dt.timedelta(days=60))
    before = contacts.contact_dict(cid, full=True)["org_history"]
    assert [h["organization"] for h in before] == ["Acme; Ltd", "Globex"]
    [(_, text)] = list(vcard.cards([cid]))
    assert "X-NETUI-ORG-HISTORY:Acme\\; Ltd;Engineer;2026-12-21 10:00:00\r\n" in text
    vdir.export(tmp_path / "cards", now)
    for source in (tmp_path / "cards", tmp_path / "cards" / "ada-1.vcf"):
        contacts.delete(contacts.resolve("Ada"))
        report = importer.import_paths([source], now)
        cid = contacts.resolve("Ada")
        assert report.new == 1 and contacts.contact_dict(cid, full=True)["org_history"] == before
        # a second import changes nothing
        assert importer.import_paths([source], now).unchanged == 1 and OrgHistory.select().count() == 2
    assert contacts.contact_dict(cid)["organization"] == "Initech, Inc."


def khard_env(tmp_path, folder) -> dict[str, str]:
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[netui]]\npath = {folder}\n\n[general]\ndefault_action = list\neditor = /bin/false\n"
        "merge_editor = /bin/false\n\n[contact table]\ndisplay = formatted_name\nsort = formatted_name\n\n[vcard]\n"
    )
    return {**os.environ, "KHARD_CONFIG": str(config), "HOME": str(tmp_path), "LC_ALL": "C"}


@pytest.mark.parametrize("version", VERSIONS)
def test_khard_shows_a_yearless_birthday_without_a_year(db_path, tmp_path, now, version):
    if importlib.util.find_spec("khard") is None:
        pytest.skip("khard is not installed (pip install -e '.[test]' brings it)")
    contacts.create(ContactInput(name="Ada Lovelace", birthday=Birthday(12, 10, None)), now)
    contacts.create(ContactInput(name="Alan Turing", birthday=Birthday(6, 23, 1912)), now)
    contacts.create(ContactInput(name="Sam Okafor"), now)
    folder = tmp_path / "cards"
    vdir.export(folder, now, version)
    done = subprocess.run([sys.executable, "-m", "khard", "birthdays"], capture_output=True, text=True,
                          env=khard_env(tmp_path, folder), timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    # 3.0 has no yearless date: netui writes Apple's 1604-12-10 with X-APPLE-OMIT-YEAR, which khard reads as
    # a whole date (it knows no omitted year) and shows with the year 04; 4.0's --1210 it shows as --12-10.
    yearless = "12/10/04" if version == "3.0" else "--12-10"
    assert rows == [["Name", "Birthday"], ["Alan", "Turing", "06/23/12"], ["Ada", "Lovelace", yearless]]


def test_a_netui_csv_is_in_googles_layout(db_path, now):
    contacts.create(ContactInput(name="Ada Lovelace", organization="Analytical", tags=["maths"],
                                 emails=[Method("email", "ada@work.example", "work", True)]), now)
    out = io.StringIO()
    csvfiles.write(out, now)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    header = out.getvalue().split("\r\n")[0]
    assert header.startswith(
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,"
        "Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,"
        "Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,"
        "Website 1 - Value,")
    [row] = rows
    assert (row["First Name"], row["Organization Name"], row["Labels"]) == ("Ada Lovelace", "Analytical", "maths")
    assert (row["E-mail 1 - Label"], row["E-mail 1 - Value"]) == ("* work", "ada@work.example")  # Google's primary mark
    kind, [entry] = csvfiles.read_bytes(out.getvalue().encode("utf-8"))
    assert kind == "Google CSV" and entry.incoming is not None
    assert (entry.incoming.name, entry.incoming.given_name) == ("Ada Lovelace", "")


def test_a_netui_csv_re_imported_keeps_labels_and_preferred_flags(tmp_path):
    base = {**os.environ, "NETUI_NOW": "2026-11-21T10:00", "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_DATA_HOME": str(tmp_path / "data")}

    def netui(db: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "netui", *args], capture_output=True, text=True, timeout=120,
                              env={**base, "NETUI_DB": str(tmp_path / db)})
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
        return done.stdout

    source = tmp_path / "people.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
        "EMAIL;TYPE=work,pref:ada@work.example\r\nEMAIL;TYPE=home:ada@home.example\r\n"
        "item1.EMAIL:ada@else.example\r\nitem1.X-ABLabel:Home office\r\n"
        "TEL;TYPE=cell:+44 7700 900123\r\nTEL;TYPE=work,fax,pref:+44 20 7946 0000\r\nTEL:+44 20 7946 0001\r\n"
        "URL;TYPE=work:https://ada.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:sam\r\nFN:Sam Okafor\r\nEMAIL;TYPE=pref:sam@example.org\r\n"
        "item2.TEL;TYPE=pref:+1 555 0100\r\nitem2.X-ABLabel:_$!<Mobile>!$_\r\nEND:VCARD\r\n",
        encoding="utf-8")
    netui("a.db", "import", str(source))
    exported = tmp_path / "people.csv"
    netui("a.db", "export", "--format", "csv", "-o", str(exported))
    netui("b.db", "import", str(exported))
    for who in ("Ada Lovelace", "Sam Okafor"):
        before, after = (json.loads(netui(db, "show", who, "--json")) for db in ("a.db", "b.db"))
        for key in ("name", "given_name", "family_name", "emails", "phones", "urls"):
            assert after[key] == before[key], (who, key)
    ada = json.loads(netui("b.db", "show", "Ada Lovelace", "--json"))
    assert [(e["label"], e["preferred"]) for e in ada["emails"]] == [("work", True), ("home", False), ("Home office", False)]


def test_export_writes_vcard_40_when_asked(db_path, tmp_path, now, capsys):
    contacts.create(ContactInput(name="Ada Lovelace", birthday=Birthday(12, 10, None),
                                 phones=[Method("phone", "+44 7700 900123", "mobile", True)]), now)
    close_database()
    target = tmp_path / "out" / "everyone.vcf"
    assert cli.main(["export", "--format", "vcard", "--vcard-version", "4.0", "-o", str(target)]) == 0
    close_database()
    lines = target.read_bytes().decode("utf-8").split("\r\n")
    assert "VERSION:4.0" in lines and "BDAY:--1210" in lines
    assert "item1.TEL;TYPE=cell;PREF=1:+44 7700 900123" in lines and "item1.X-ABLABEL:mobile" in lines
    assert mode(target) == 0o600 and mode(target.parent) == 0o700
    assert cli.main(["export", "--format", "vdir", "--vcard-version", "4.0", "-o", str(tmp_path / "cards")]) == 0
    close_database()
    [card] = (tmp_path / "cards").glob("*.vcf")
    assert "VERSION:4.0\r\n" in card.read_bytes().decode("utf-8")


def test_card_data_goes_out_in_googles_columns_and_comes_back_with_labels_and_flags(db_path, tmp_path, now):
    bob = contacts.create(ContactInput(name="Bob Smith"), now)
    ada = contacts.create(ContactInput(name="Ada Lovelace", card=cards.CardData(
        addresses=[cards.Address("home", "1 Road\nFlat 2", "Town", "Reg", "AB1", "UK", True),
                   cards.Address("second home", "2 St")],
        dates=[cards.CardDate("anniversary", "1998-06-20"), cards.CardDate("first day", "--09-01")],
        related=[cards.RelatedPerson("spouse", "Bob Smith"), cards.RelatedPerson("best friend", "Jo Doe")],
        profiles=[cards.Profile("skype", "ada.l")])), now)
    out = io.StringIO()
    csvfiles.write(out, now)
    [_, row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["Address 1 - Label"], row["Address 1 - Street"], row["Address 1 - Postal Code"]) == (
        "* home", "1 Road\nFlat 2", "AB1")
    assert (row["Relation 1 - Label"], row["Relation 1 - Value"]) == ("spouse", "Bob Smith")
    assert (row["Event 2 - Label"], row["Event 2 - Value"]) == ("first day", "--09-01")
    assert (row["IM 1 - Service"], row["IM 1 - Value"]) == ("skype", "ada.l")
    before = contacts.contact_dict(ada)
    path = tmp_path / "people.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    close_database()
    open_database(tmp_path / "again.db")
    importer.import_paths([path], now)
    after = contacts.contact_dict(Contact.get(Contact.name == "Ada Lovelace").id)
    for key in ("addresses", "dates", "related", "profiles"):
        assert after[key] == before[key], key
    assert after["related"][0]["contact_id"] == bob  # Bob came first again: linked by name


def test_khard_reads_the_exported_addresses_with_their_labels(db_path, tmp_path, now):
    if importlib.util.find_spec("khard") is None:
        pytest.skip("khard is not installed (pip install -e '.[test]' brings it)")
    contacts.create(ContactInput(name="Ada Lovelace", card=cards.CardData(addresses=[
        cards.Address("home", "12 St James's Square", "London", "Greater London", "SW1Y 4JH", "UK", True),
        cards.Address("work office", "2 Street", "City")])), now)
    folder = tmp_path / "cards"
    vdir.export(folder, now)
    done = subprocess.run([sys.executable, "-m", "khard", "postaddress", "--parsable"], capture_output=True,
                          text=True, env=khard_env(tmp_path, folder), timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [(name, label) for _, name, label in rows] == [("Ada Lovelace", "home, pref"), ("Ada Lovelace", "work office")]
    assert "'street': \"12 St James's Square\", 'code': 'SW1Y 4JH', 'city': 'London', 'region': 'Greater London', " \
           "'country': 'UK'" in rows[0][0]
