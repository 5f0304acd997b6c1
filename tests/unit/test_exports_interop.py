"""Exports that other programs read as they are meant (issue 17): vCard TYPE values, yearless
birthdays khard shows without a year, the organisation history kept through a vCard, Google's CSV
layout, and every file netui writes private, also over a file that was not."""

from __future__ import annotations

import os
import stat

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.interop import files, vdir


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
