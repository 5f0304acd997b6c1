"""`netui export -o PATH`: private files, symlinks written through, devices never replaced, `-o -` to
stdout, and no partial file left behind (a killed export's is removed by the next one)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from netui import cli
from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db import close_database

from .conftest import run_netui


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def exported(db_path, now, capsys):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    close_database()

    def export(*args: str) -> tuple[int, str, str]:
        code = cli.main(["export", *args])
        close_database()
        out, err = capsys.readouterr()
        return code, out, err

    return export


@pytest.mark.parametrize("fmt", ["json", "vcard", "csv", "ics"])
def test_an_export_is_0600_also_over_an_existing_file(exported, tmp_path, fmt):
    target = tmp_path / "out" / "deeper" / f"everyone.{fmt}"
    assert exported("--format", fmt, "-o", str(target))[0] == 0
    assert mode(target) == 0o600 and mode(target.parent) == 0o700 and mode(target.parent.parent) == 0o700
    target.chmod(0o644)
    assert exported("--format", fmt, "-o", str(target))[0] == 0
    assert mode(target) == 0o600
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no partial file left


def test_a_vdir_export_is_private(exported, tmp_path):
    folder = tmp_path / "vdir"
    assert exported("--format", "vdir", "-o", str(folder))[0] == 0
    assert mode(folder) == 0o700
    files = list(folder.iterdir())
    assert files and all(mode(f) == 0o600 for f in files)


def test_a_symlink_is_written_through_not_replaced(exported, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert exported("-o", str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())["format"] == "netui-backup"
    assert mode(real) == 0o600


def test_a_dangling_symlink_creates_the_file_it_names(exported, tmp_path):
    link = tmp_path / "link.vcf"
    link.symlink_to(tmp_path / "made.vcf")
    assert exported("--format", "vcard", "-o", str(link))[0] == 0
    assert link.is_symlink() and "BEGIN:VCARD" in (tmp_path / "made.vcf").read_text()


def test_a_device_is_written_into_never_replaced(exported):
    assert exported("-o", os.devnull)[0] == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_fifo_is_written_into(exported, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    assert exported("--format", "csv", "-o", str(fifo))[0] == 0
    reader.join(30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and "Ada Lovelace" in got[0]


def test_a_folder_is_refused(exported, tmp_path):
    code, out, err = exported("-o", str(tmp_path))
    assert code == 2 and "is a folder" in err and err.count("\n") == 1


def test_dash_writes_to_stdout(exported):
    code, out, err = exported("-o", "-")
    assert code == 0 and json.loads(out)["contacts"][0]["name"] == "Ada Lovelace" and err == ""


def test_a_failed_export_leaves_no_partial_file(exported, tmp_path, monkeypatch):
    from netui.interop import csvfiles

    def half(out, now):
        out.write("name\nAda\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csvfiles, "write", half)
    target = tmp_path / "x.csv"
    target.write_text("the old export\n")
    code, out, err = exported("--format", "csv", "-o", str(target))
    assert code == 2 and err == f"netui: cannot write {target}: no space left on device\n"  # named, one line
    assert target.read_text() == "the old export\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".x.csv")) == []


def test_a_killed_exports_partial_file_is_removed_next_time(exported, tmp_path):
    dead = 2**22 + 12345  # above the largest pid Linux hands out
    leftover = tmp_path / f".x.csv.{dead}.netui-part"
    leftover.write_text("half")
    assert exported("--format", "csv", "-o", str(tmp_path / "x.csv"))[0] == 0
    assert not leftover.exists()


@pytest.mark.process
def test_exporting_over_a_symlink_in_a_real_process(tmp_path):
    path = tmp_path / "data" / "netui.db"
    run_netui(path, tmp_path, "add", "Ada Lovelace")
    real = tmp_path / "real.ics"
    real.write_text("")
    (tmp_path / "link.ics").symlink_to(real)
    result = run_netui(path, tmp_path, "export", "--format", "ics", "-o", str(tmp_path / "link.ics"), process=True)
    assert result.returncode == 0
    assert (tmp_path / "link.ics").is_symlink() and "BEGIN:VCALENDAR" in real.read_text()
