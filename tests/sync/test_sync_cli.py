"""`netui sync` as a user runs it: a real process, folders remembered, mistakes in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "netui", *args], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    return run


def test_sync_remembers_its_folders_and_says_what_it_did(run, tmp_path):
    cards, calendar = tmp_path / "cards", tmp_path / "calendar"
    result = run("sync", code=2)
    assert result.stderr == "netui: no folder to sync with: give --contacts DIR (and --reminders DIR) once; they are remembered\n"
    run("add", "Ada Lovelace", "--email", "ada@example.org", "--met-on", "2026-11-20", "--how-met", "PyCon")
    result = run("sync", "--contacts", str(cards), "--reminders", str(calendar), "--dry-run")
    assert "  1 written, 0 read in (0 new, 0 updated)" in result.stdout and result.stdout.endswith("Dry run: nothing was written.\n")
    assert not cards.exists() or not list(cards.iterdir())
    result = run("sync", "--contacts", str(cards), "--reminders", str(calendar))
    assert result.stdout.splitlines()[:2] == [
        f"contacts: {cards} (first sync with this folder)",
        "  1 written, 0 read in (0 new, 0 updated), 0 deleted here, 0 deleted in the folder, 0 conflicts",
    ]
    assert f"reminders: {calendar}" in result.stdout and len(list(calendar.glob("*.ics"))) >= 2
    [card] = list(cards.glob("*.vcf"))
    text = card.read_bytes().decode()
    card.write_bytes(text.replace("FN:Ada Lovelace", "FN:Ada King").encode())
    result = json.loads(run("sync", "--json").stdout)  # the folders were remembered
    assert (result["contacts"]["updated"], result["contacts"]["written"], result["contacts"]["conflicts"]) == (1, 0, [])
    assert json.loads(run("show", "Ada King", "--json").stdout)["how_met"] == "PyCon"
    assert run("sync", "--conflicts").stdout == "no sync conflicts\n"


def test_merge_two_versions_for_vdirsyncer(run, tmp_path):
    a, b = tmp_path / "a.vcf", tmp_path / "b.vcf"
    a.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x-1\r\nFN:Bea Novak\r\nTITLE:CFO\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n")
    b.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x-1\r\nFN:Bea Novak\r\nTITLE:CEO\r\nEMAIL:bea@example.com\r\n"
                  b"ADR:;;1 Main St;Springfield;;;US\r\nEND:VCARD\r\n")
    result = run("sync", "--merge", str(a), str(b))
    assert result.stderr == "from sync conflict: title: CEO\n"
    merged = a.read_bytes()
    assert merged == b.read_bytes()
    text = merged.decode()
    for line in ("TITLE:CFO", "TEL:+1 555 0100", "EMAIL;TYPE=internet:bea@example.com", "NOTE:from sync conflict: title: CEO",
                 "ADR:;;1 Main St;Springfield;;;US", "UID:x-1"):
        assert line + "\r\n" in text
    (tmp_path / "junk.vcf").write_bytes(b"\x00\x01")
    result = run("sync", "--merge", str(a), str(tmp_path / "junk.vcf"), code=2)
    assert result.stderr == f"netui: {tmp_path / 'junk.vcf'}: it contains binary data, not text\n"
