"""The CLI as a user runs it: NETUI_DB and NETUI_NOW in the environment (``run`` from tests/cli/conftest.py,
in process; the real process is the subject of the test marked ``process``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import invoke


def test_add_log_show_list_round(run):
    run("add", "Ada Lovelace", "--email", "ada@x.org", "--org", "Analytical", "--birthday=--12-10",
        "--met-on", "yesterday", "--how-met", "PyCon", "--reason", "hiring compiler people", "--tag", "math",
        "--circle", "inner")
    run("add", "Alan Turing", "--phone", "+44 1234 567890", "--birthday", "Jun 23 1912")
    out = run("log", "ada", "--kind", "call", "--on", "3 days ago", "--note", "catch up").stdout
    assert out == "logged call with Ada Lovelace on 18 Nov 2026; next touch due 20 Dec 2026\n"
    show = json.loads(run("show", "ada@x.org", "--json").stdout)
    assert show["name"] == "Ada Lovelace" and show["birthday"] == "--12-10"
    assert show["met_on"] == "2026-11-20" and show["how_met"] == "PyCon"
    assert show["interactions"] == [  # newest first; the meeting was logged when she was added
        {"id": 1, "occurred_at": "2026-11-20 00:00:00", "kind": "in-person", "summary": "met at PyCon", "note": "",
         "share": None, "with": []},
        {"id": 2, "occurred_at": "2026-11-18 00:00:00", "kind": "call", "summary": "catch up", "note": "",
         "share": None, "with": []},
    ]
    assert show["last_contact"] == "2026-11-20 00:00:00"
    assert set(show["strength"]) >= {"score", "tier", "factors"}
    listing = json.loads(run("list", "--json").stdout)
    assert [c["name"] for c in listing] == ["Ada Lovelace", "Alan Turing"]
    assert listing[1]["birthday"] == "1912-06-23"
    assert [c["name"] for c in json.loads(run("list", "--search", "anal", "--json").stdout)] == ["Ada Lovelace"]
    assert "Alan Turing" in run("list", "--sort", "last-contact").stdout.splitlines()[1]


def test_edit_and_delete(run):
    run("add", "Ada Lovelace")
    run("edit", "ada", "--org", "Royal Society", "--email", "ada@rs.org", "--tag", "poetry")
    show = json.loads(run("show", "ada", "--json").stdout)
    assert show["organization"] == "Royal Society" and show["tags"] == ["poetry"]
    assert show["emails"][0]["value"] == "ada@rs.org"
    run("delete", "ada")
    assert json.loads(run("list", "--json").stdout) == []


def test_unknown_and_ambiguous_who_exit_2_with_candidates(run):
    run("add", "Alan Turing")
    run("add", "Alan Kay")
    err = run("show", "alan", code=2).stderr
    assert "Alan Turing" in err and "Alan Kay" in err
    assert "no contact matches" in run("log", "grace", "--kind", "call", code=2).stderr


def test_bad_input_is_one_clear_line(run):
    err = run("add", "X", "--birthday", "Feb 30", code=2).stderr
    assert err.startswith("netui: ") and len(err.strip().splitlines()) == 1
    err = run("add", "X", "--met-on", "the day after never", code=2).stderr
    assert "not a date" in err
    run("add", "Ada")
    assert "unknown kind" in run("log", "Ada", "--kind", "telepathy", code=2).stderr


def test_backup_round_trip_through_files(run, tmp_path):
    run("demo", "--contacts", "40", "--seed", "7")
    first = tmp_path / "a.json"
    run("export", "--format", "json", "-o", str(first))
    data = json.loads(first.read_text())
    assert data["format"] == "netui-backup" and len(data["contacts"]) == 40
    other = str(tmp_path / "other.db")
    run("--db", other, "import", str(first))
    second = tmp_path / "b.json"
    run("--db", other, "export", "-o", str(second))
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a["contacts"] == b["contacts"] and a["introductions"] == b["introductions"]


def test_demo_is_reproducible(run, tmp_path):
    run("demo", "--contacts", "30", "--seed", "3")
    run("--db", str(tmp_path / "b.db"), "demo", "--contacts", "30", "--seed", "3")
    a = json.loads(run("list", "--json").stdout)
    b = json.loads(run("--db", str(tmp_path / "b.db"), "list", "--json").stdout)
    assert [c["name"] for c in a] == [c["name"] for c in b] and len(a) == 30


def test_default_database_follows_xdg(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NETUI_DB"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), NETUI_NOW="2026-11-21")
    assert invoke(["add", "Ada"], env).returncode == 0
    path = tmp_path / "xdg" / "netui" / "netui.db"
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_version(run):
    assert run("--version").stdout.startswith("netui ")


@pytest.mark.process
def test_the_installed_command_runs_says_and_refuses_as_a_process(tmp_path):
    """The real entry points, as a shell runs them: the console script and ``python -m netui``; a good
    command exits 0 with its output, a bad one exits 2 with one line and no traceback."""
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    script = Path(sys.executable).with_name("netui")
    added = subprocess.run([str(script), "add", "Ada Lovelace"], capture_output=True, text=True, env=env, timeout=60)
    assert added.returncode == 0 and "Ada Lovelace" in added.stdout, added.stderr
    refused = subprocess.run([sys.executable, "-m", "netui", "show", "grace"], capture_output=True, text=True,
                             env=env, timeout=60)
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("netui: ") and refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
