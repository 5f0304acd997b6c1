"""vdir export (one file per contact, atomic, only when changed, deletions) and reading it back; khard reads it."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact
from netui.interop import files, importer, vcard, vdir


def make_people(now) -> dict[str, int]:
    return {
        "ada": contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", emails=[Method("email", "ada@example.com", "work")]), now),
        "zoe": contacts.create(ContactInput(name="Zoë Ünal", uid="urn:uuid:7/zoë u", emails=[Method("email", "zoe@example.org")]), now),
        "sam": contacts.create(ContactInput(name="Sam Okafor", uid="sam", phones=[Method("phone", "+44 7700 900123")]), now),
    }


def test_filenames_are_safe_and_never_shared():
    assert vdir.filename_for("ada-1") == "ada-1.vcf"
    weird = vdir.filename_for("urn:uuid:7/zoë u")
    assert weird.endswith(".vcf") and "/" not in weird and ":" not in weird and " " not in weird
    assert weird != vdir.filename_for("urn:uuid:7/zoë_u") != vdir.filename_for("urn_uuid_7_zo_u")
    assert vdir.filename_for("../../etc/passwd") not in ("../../etc/passwd.vcf",) and "/" not in vdir.filename_for("../../etc/passwd")
    assert vdir.filename_for(".hidden").startswith("hidden-")
    assert vdir.filename_for("x.vcf") != "x.vcf"


def test_one_file_per_contact_written_only_when_changed(db_path, tmp_path, now):
    ids = make_people(now)
    folder = tmp_path / "contacts"
    assert vdir.export(folder, now) == 3
    names = sorted(p.name for p in vdir.members(folder))
    assert names == sorted(vdir.filename_for(u) for u in ("ada-1", "urn:uuid:7/zoë u", "sam"))
    ada = folder / "ada-1.vcf"
    [(contact, text)] = list(vcard.cards([ids["ada"]]))
    assert ada.read_bytes() == text.encode("utf-8")
    stats = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in vdir.members(folder)}
    assert vdir.export(folder, now) == 3
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in vdir.members(folder)} == stats
    contacts.update(ids["ada"], ContactInput(title="Countess"), now)
    vdir.export(folder, now)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in vdir.members(folder)}
    assert [n for n in after if after[n] != stats[n]] == ["ada-1.vcf"]
    assert b"TITLE:Countess" in ada.read_bytes()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_deleted_contacts_leave_the_folder_but_others_files_stay(db_path, tmp_path, now):
    ids = make_people(now)
    folder = tmp_path / "contacts"
    vdir.export(folder, now)
    foreign = folder / "from-the-server.vcf"
    foreign.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone Else\r\nEND:VCARD\r\n")
    edited = folder / "sam.vcf"
    edited.write_text(edited.read_text().replace("FN:Sam Okafor", "FN:Samuel Okafor"))
    contacts.delete(ids["ada"])
    contacts.delete(ids["sam"])
    assert vdir.export(folder, now) == 1
    assert not (folder / "ada-1.vcf").exists()  # netui wrote it, its contact is gone
    assert foreign.exists()  # never netui's
    assert edited.exists()  # changed elsewhere since netui wrote it: not deleted blindly
    manifest = json.loads((folder / vdir.MANIFEST).read_text())
    assert list(manifest["files"]) == [vdir.filename_for("urn:uuid:7/zoë u")]


def test_export_to_a_file_is_refused(db_path, tmp_path, now):
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file; a vdir export needs a folder"):
        vdir.export(target, now)


def test_a_contact_edited_in_another_program_updates_the_same_person(db_path, tmp_path, now):
    ids = make_people(now)
    folder = tmp_path / "contacts"
    vdir.export(folder, now)
    ada = folder / "ada-1.vcf"
    text = ada.read_text()
    text = text.replace("END:VCARD", "EMAIL;TYPE=home:ada@home.example\r\nNOTE:synced back from the phone\r\nEND:VCARD")
    ada.write_text(text)
    (folder / "new-from-phone.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Bea Novak\r\nEND:VCARD\r\n")
    report = importer.import_paths([folder], now)
    [f] = report.files
    assert (f.kind, f.read, f.new, f.updated, f.unchanged) == ("vdir", 4, 1, 1, 2)
    assert Contact.select().count() == 4
    p = contacts.contact_dict(ids["ada"])
    assert [e["value"] for e in p["emails"]] == ["ada@example.com", "ada@home.example"]
    assert p["note"] == "synced back from the phone"
    assert importer.import_paths([folder], now).unchanged == 4


def test_an_unreadable_member_of_a_vdir_is_reported_by_name(db_path, tmp_path, now):
    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "good.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good\r\nEND:VCARD\r\n")
    (folder / "broken.vcf").write_bytes(bytes(range(256)) * 4)
    (folder / "ignored.txt").write_text("not a card")
    report = importer.import_paths([folder], now)
    assert report.new == 1 and report.failed_files == [folder / "broken.vcf"]
    assert "  skipped broken.vcf: could not be read: it contains binary data, not text; nothing imported from it" in report.text()


def test_khard_lists_the_exported_vdir(db_path, tmp_path, now):
    if importlib.util.find_spec("khard") is None:
        pytest.skip("khard is not installed (pip install -e '.[test]' brings it)")
    make_people(now)
    contacts.create(ContactInput(name="Mateo Silva", emails=[Method("email", "mateo@example.com", "Home office", True),
                                                         Method("email", "m.silva@work.example", "work")]), now)
    folder = tmp_path / "contacts"
    vdir.export(folder, now)
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[netui]]\npath = {folder}\n\n[general]\ndefault_action = list\neditor = /bin/false\n"
        "merge_editor = /bin/false\n\n[contact table]\ndisplay = formatted_name\nsort = formatted_name\n\n[vcard]\n"
    )
    env = {**os.environ, "KHARD_CONFIG": str(config), "HOME": str(tmp_path)}

    def khard(*args: str) -> list[list[str]]:
        done = subprocess.run([sys.executable, "-m", "khard", *args], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        return [line.split("\t") for line in done.stdout.splitlines() if line]

    assert sorted((uid, name) for uid, name, _ in khard("list", "--parsable")) == sorted([
        ("ada-1", "Ada Lovelace"), ("urn:uuid:7/zoë u", "Zoë Ünal"), ("sam", "Sam Okafor"),
        (Contact.get(Contact.name == "Mateo Silva").uid, "Mateo Silva"),
    ])
    emails = {(email, name) for email, name, *_ in khard("email", "--parsable", "--remove-first-line")}
    assert emails == {
        ("ada@example.com", "Ada Lovelace"), ("zoe@example.org", "Zoë Ünal"),
        ("mateo@example.com", "Mateo Silva"), ("m.silva@work.example", "Mateo Silva"),
    }


def test_files_are_private_and_a_new_folder_too(db_path, tmp_path, now):
    make_people(now)
    folder = tmp_path / "new" / "contacts"
    vdir.export(folder, now)
    assert folder.stat().st_mode & 0o777 == 0o700
    modes = {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}
    assert set(modes.values()) == {0o600} and vdir.MANIFEST in modes
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    vdir.export(shared, now)
    assert shared.stat().st_mode & 0o777 == 0o755  # a folder the user made is theirs: left as it is


def test_an_export_file_is_private_and_replaced_only_when_complete(tmp_path):
    target = tmp_path / "contacts.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), files.atomic_text(target) as out:
        out.write("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["contacts.csv"]
    with files.atomic_text(target) as out:
        out.write("new\r\n")
    assert target.read_bytes() == b"new\r\n" and target.stat().st_mode & 0o777 == 0o600
