"""A file an export or a backup cannot write is named in one line, exit 2 (not "[Errno 28] ...", exit 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FULL = Path("/dev/full")
EXPORTS = [("export",), ("export", "--format", "vcard"), ("export", "--format", "csv"),
           ("export", "--format", "ics"), ("export", "--format", "vcard", "--search", "Ada")]


def _one_line(result, path) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0], lines[0]
    assert "Errno" not in lines[0]
    return lines[0]


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full")
def test_a_full_disk_names_the_file(run):
    run("add", "Ada", "--email", "ada@quartz.example")
    for args in EXPORTS:
        line = _one_line(run(*args, "-o", str(FULL), code=2), FULL)
        assert line == f"netui: cannot write {FULL}: no space left on device"


def test_a_path_through_a_file_names_the_file(run, tmp_path):
    run("add", "Ada")
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder")
    for args in [*EXPORTS, ("export", "--format", "vdir")]:
        target = blocker / "out"
        _one_line(run(*args, "-o", str(target), code=2), target)
    target = blocker / "copy.db"
    _one_line(run("backup", str(target), code=2), target)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_names_the_file(run, tmp_path):
    run("add", "Ada")
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    target = folder / "all.json"
    assert _one_line(run("export", "-o", str(target), code=2), target).endswith("permission denied")


def test_an_existing_backup_target_is_a_mistake_to_fix(run, tmp_path):
    run("add", "Ada")
    target = tmp_path / "kept.db"
    target.write_bytes(b"mine")
    _one_line(run("backup", str(target), code=2), target)
    assert target.read_bytes() == b"mine"
