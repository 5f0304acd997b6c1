"""`netui import` and `netui export` as a user runs them: the command line (in process), the report on stdout."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke

PHONE = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Sam;;;\r\nFN:Sam Okafor\r\nTEL;CELL:+44 7700 900123\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9 =\r\nmeetings\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE:nobody\r\nEND:VCARD\r\n"
)
LINKEDIN = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Sam,Okafor,https://www.linkedin.com/in/samokafor,sam@acme.example,Acme,Head of Data,14 Mar 2024\n"
    "Mira,Li,https://www.linkedin.com/in/mirali,,Globex,Designer,02 Jan 2019\n"
)


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = invoke(args, env)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    return run


@pytest.fixture
def files(tmp_path):
    phone, linkedin = tmp_path / "phone.vcf", tmp_path / "Connections.csv"
    phone.write_text(PHONE, newline="")
    linkedin.write_text(LINKEDIN)
    return phone, linkedin


def test_import_reports_and_a_second_run_changes_nothing(run, files):
    phone, linkedin = files
    dry = run("import", "--dry-run", str(phone), str(linkedin)).stdout
    assert dry.splitlines()[-2:] == ["Total: 2 new, 1 updated, 0 unchanged, 1 skipped.", "Dry run: nothing was written."]
    assert json.loads(run("list", "--json").stdout) == []
    out = run("import", str(phone), str(linkedin)).stdout.splitlines()
    assert out == [
        f"{phone} (vCard, 2 cards): 1 new, 0 updated, 0 unchanged, 1 skipped",
        "  skipped card 2 (line 9): no name, email or phone to tell who this is",
        f"{linkedin} (LinkedIn CSV, 2 rows): 1 new, 1 updated, 0 unchanged, 0 skipped",
        "  row 1 (line 5): merged into #1 Sam Okafor: same name, and no organisation, email or phone that says otherwise",
        "Total: 2 new, 1 updated, 0 unchanged, 1 skipped.",
    ]
    again = run("import", str(phone), str(linkedin)).stdout
    assert again.splitlines()[-1] == "Total: 0 new, 0 updated, 3 unchanged, 1 skipped."
    sam = json.loads(run("show", "sam@acme.example", "--json").stdout)
    assert (sam["name"], sam["organization"], sam["met_on"], sam["note"]) == ("Sam Okafor", "Acme", "2024-03-14", "café meetings")
    assert [p["value"] for p in sam["phones"]] == ["+44 7700 900123"]


def test_an_unreadable_file_fails_the_command_but_not_the_others(run, files, tmp_path):
    phone, _ = files
    junk = tmp_path / "junk.vcf"
    junk.write_bytes(bytes(range(256)) * 8)
    result = run("import", str(junk), str(phone), code=1)
    assert f"{junk}: could not be read: it contains binary data, not text; nothing imported from it" in result.stdout
    assert result.stdout.splitlines()[-1] == "Total: 1 new, 0 updated, 0 unchanged, 1 skipped; 1 file could not be read."
    run("import", str(tmp_path / "missing.vcf"), code=2)


def test_export_vcard_csv_and_vdir_and_read_them_back(run, files, tmp_path):
    run("import", *map(str, files))
    out_vcf = tmp_path / "all.vcf"
    assert run("export", "--format", "vcard", "-o", str(out_vcf)).stderr.strip() == f"exported 2 items to {out_vcf}"
    text = out_vcf.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\nVERSION:3.0\r\n") == 2 and "FN:Mira Li\r\n" in text
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert [(r["name"], r["Organization Name"], r["met_on"]) for r in rows] == [("Sam Okafor", "Acme", "2024-03-14"), ("Mira Li", "Globex", "2019-01-02")]
    folder = tmp_path / "vdir"
    run("export", "--format", "vdir", "-o", str(folder))
    assert len(list(folder.glob("*.vcf"))) == 2
    for path in (out_vcf, folder):
        assert run("import", str(path)).stdout.splitlines()[-1] == "Total: 0 new, 0 updated, 2 unchanged, 0 skipped."
    assert "needs -o FOLDER" in run("export", "--format", "vdir", code=2).stderr
    assert "is a file; a vdir export needs a folder" in run("export", "--format", "vdir", "-o", str(out_vcf), code=2).stderr  # a mistake to fix: exit 2
