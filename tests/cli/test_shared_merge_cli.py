"""A dinner with three logged once, and two Graces merged, from the command line as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke


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


def show(run, who: str) -> dict:
    return json.loads(run("show", who, "--json").stdout)


def test_a_dinner_with_three_is_logged_once_and_shows_in_each_timeline(run):
    for name in ("Ada Byron", "Bob Kahn", "Cy Young"):
        run("add", name)
    out = run("log", "Ada", "Bob", "Cy", "--kind", "in-person", "--on", "2026-11-20 19:00", "--note", "dinner").stdout
    assert out.splitlines()[0] == "logged one in-person with Ada Byron, Bob Kahn, Cy Young on 20 Nov 2026 19:00"
    for who, others in (("Ada", ["Bob Kahn", "Cy Young"]), ("Bob", ["Ada Byron", "Cy Young"]), ("Cy", ["Ada Byron", "Bob Kahn"])):
        data = show(run, who)
        assert len(data["interactions"]) == 1
        item = data["interactions"][0]
        assert (item["kind"], item["summary"]) == ("in-person", "dinner")
        assert [w["name"] for w in item["with"]] == others
        assert data["last_contact"].startswith("2026-11-20")
    bob_row = show(run, "Bob")["interactions"][0]["id"]
    changed = run("relog", str(bob_row), "--summary", "dinner at Rita's").stdout
    assert "for everyone it was with: Bob Kahn, Ada Byron, Cy Young" in changed
    assert show(run, "Cy")["interactions"][0]["summary"] == "dinner at Rita's"
    said = run("unlog", str(bob_row)).stdout
    assert "they keep it (netui unlog" in said
    assert show(run, "Bob")["interactions"] == [] and len(show(run, "Ada")["interactions"]) == 1
    assert [w["name"] for w in show(run, "Ada")["interactions"][0]["with"]] == ["Cy Young"]
    ada_row = show(run, "Ada")["interactions"][0]["id"]
    assert "deleted for everyone" in run("unlog", str(ada_row), "--all").stdout
    assert show(run, "Cy")["interactions"] == []


def test_duplicates_suggests_the_merge_and_merge_shows_then_merges(run, tmp_path):
    run("add", "Grace Hopper", "--email", "grace@navy.example", "--org", "Navy", "--note", "COBOL")
    run("add", "Grace B. Hopper", "--email", "grace@navy.example", "--org", "Harvard", "--tag", "mark-i",
        "--note", "Mark I", "--allow-duplicate")
    run("log", "Grace Hopper", "--kind", "call")
    run("log", "2", "--kind", "email", "--on", "3 days ago")
    assert "    netui merge 1 2" in run("duplicates").stdout.splitlines()
    shown = run("merge", "1", "2").stdout
    assert "  organisation  * A: Navy" in shown and "Harvard   (--keep-org a/b)" in shown
    assert shown.splitlines()[-1] == "not merged: add --yes to merge (* marks what is kept)"
    assert len(json.loads(run("list", "--json").stdout)) == 2  # nothing changed
    done = run("merge", "Grace Hopper", "#2", "--keep-org", "b", "--yes").stdout
    assert "merged into #1 Grace Hopper" in done and "netui restore puts it back" in done
    data = show(run, "1")
    assert data["organization"] == "Harvard" and data["tags"] == ["mark-i"] and data["note"] == "COBOL\n\nMark I"
    assert [e["value"] for e in data["emails"]] == ["grace@navy.example"]
    assert sorted(i["kind"] for i in data["interactions"]) == ["call", "email"]
    assert len(json.loads(run("list", "--json").stdout)) == 1
    assert run("duplicates").stdout.strip() == "no likely duplicates"
    assert "one contact" in run("merge", "1", "1", code=2).stderr
    assert "invalid choice" in run("merge", "1", "2", "--keep-note", "c", code=2).stderr
