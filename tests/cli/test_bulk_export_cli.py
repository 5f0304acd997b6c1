"""netui export --search: only the people a search finds, as vCard, CSV or JSON, to a private file or
standard output; a format that is not for some people, an empty search or nobody found is one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest

from netui.cli import main
from netui.core import contacts
from netui.core.contacts import ContactInput


@pytest.fixture
def people(db_path, now) -> dict[str, int]:
    """Three people at Quartz (one archived) and one at Acme."""
    ids = {name: contacts.create(ContactInput(name=name, organization=org), now)
           for name, org in (("Cy Twombly", "Quartz"), ("Ada Lovelace", "Quartz"), ("Bea Li", "Quartz"),
                             ("Dan Acme", "Acme"))}
    contacts.set_archived(ids["Bea Li"], True, now)
    return ids


def test_export_search_writes_only_the_people_found_to_a_private_file(people, tmp_path, capsys):
    target = tmp_path / "out" / "quartz.vcf"
    assert main(["export", "--search", "org:quartz", "--format", "vcard", "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"exported 2 people to {target}\n"
    text = target.read_text()
    assert text.count("BEGIN:VCARD") == 2
    assert [line for line in text.splitlines() if line.startswith("FN:")] == ["FN:Ada Lovelace", "FN:Cy Twombly"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700

    assert main(["export", "--search", "org:quartz is:archived", "--format", "csv", "-o", str(tmp_path / "a.csv")]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text())))
    assert [row["First Name"] for row in rows] == ["Bea Li"]


def test_export_search_as_json_is_what_list_json_prints(people, capsys):
    assert main(["list", "--search", "org:quartz", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert main(["export", "--search", "org:quartz", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported == listed
    assert [person["name"] for person in exported] == ["Ada Lovelace", "Cy Twombly"]


@pytest.mark.parametrize(("args", "said"), [
    (["--search", "org:quartz", "--format", "ics"], "netui: --search exports vcard, csv, json, not ics\n"),
    (["--search", "  "], "netui: --search is empty: say who (netui export without --search writes everyone)\n"),
    (["--search", "org:nowhere"], 'netui: nobody matches "org:nowhere": nothing exported\n'),
])
def test_export_search_refuses_in_one_line(people, capsys, args, said):
    assert main(["export", *args]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", said)
