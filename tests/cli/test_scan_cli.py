"""`netui scan` as a user drives it: list, --json, --dry-run, --yes, a second scan, bad input."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess

import pytest

from netui.cli import scan as scan_cli
from netui.core.scan import Proposal
from tests.helpers.cli import invoke
from tests.scan_files import BODY_MARK, EXPECTED, write_all

NOW = "2026-11-21T10:00:00"


@pytest.fixture
def run(tmp_path):
    env = dict(os.environ)
    env.update(
        NETUI_DB=str(tmp_path / "netui.db"), NETUI_NOW=NOW, XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )

    def netui(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = invoke(args, env)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        return result

    netui.db = tmp_path / "netui.db"
    return netui


@pytest.fixture
def files(tmp_path, run):
    run("add", "Ada Obi", "--email", "ada@example.com")
    run("add", "Sam Okafor", "--email", "sam@example.org")
    return [str(p) for p in write_all(tmp_path / "files")]


def count(db, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        conn.close()


def test_json_lists_the_proposals_and_writes_nothing_without_yes(run, files):
    out = json.loads(run("scan", *files, "--json").stdout)
    got = {(p["name"], p["kind"], p["occurred_at"], p["summary"]) for p in out["proposals"]}
    assert got == {(n, k, at.isoformat(), s) for n, k, at, s in EXPECTED}
    assert set(out["proposals"][0]) == {"contact_id", "name", "kind", "occurred_at", "summary", "source"}
    assert out["new_people"] == [{"name": "Zed Stranger", "address": "zed@else.where", "messages": 3}]
    assert count(run.db, "interaction") == 0 and count(run.db, "scan_seen") == 0


def test_without_a_terminal_it_lists_by_person_and_writes_nothing(run, files):
    result = run("scan", *files)
    assert "Ada Obi (#1): 4" in result.stdout and "Sam Okafor (#2): 5" in result.stdout
    assert "Zed Stranger <zed@else.where>: 3 messages" in result.stdout
    assert "Nothing written" in result.stdout
    assert "Inbox: message 7: no From or Date header" in result.stderr
    assert count(run.db, "interaction") == 0


def test_dry_run_with_yes_writes_nothing(run, files):
    run("scan", *files, "--yes", "--dry-run")
    assert count(run.db, "interaction") == 0 and count(run.db, "scan_seen") == 0


def test_yes_logs_everything_once_and_a_second_scan_proposes_nothing(run, files):
    result = run("scan", *files, "--yes")
    assert f"Logged {len(EXPECTED)} interactions" in result.stdout
    assert count(run.db, "interaction") == len(EXPECTED)
    again = json.loads(run("scan", *files, "--json").stdout)
    assert again["proposals"] == []
    run("scan", *files, "--yes")
    assert count(run.db, "interaction") == len(EXPECTED)
    conn = sqlite3.connect(run.db)
    assert BODY_MARK not in "\n".join(conn.iterdump())
    conn.close()
    history = run("show", "Ada Obi", "--json").stdout
    assert "Lunch next week?" in history


def test_since_limits_the_scan(run, files):
    out = json.loads(run("scan", *files, "--json", "--since", "2026-11-16").stdout)
    assert {p["occurred_at"][:10] for p in out["proposals"]} <= {"2026-11-16", "2026-11-17", "2026-11-18"}
    assert len(out["proposals"]) == sum(1 for e in EXPECTED if e[2].date().isoformat() >= "2026-11-16")


def test_a_file_that_is_neither_mail_nor_calendar_is_refused(run, tmp_path, files):
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list\n")
    result = run("scan", files[0], str(junk), code=2)
    assert result.stderr.strip() == f"netui: {junk}: neither a mailbox (mbox, Maildir, .eml) nor a calendar (.ics)"
    assert "Traceback" not in result.stderr
    run("scan", files[0], "--since", "not a date", code=2)


def test_the_prompt_asks_person_by_person(monkeypatch):
    when = dt.datetime(2026, 11, 10, 9, 0)
    props = [Proposal(1, "Ada", "email", when, "a", "m1"), Proposal(1, "Ada", "email", when, "b", "m2"),
             Proposal(2, "Sam", "call", when, "c", "e1"), Proposal(3, "Zoe", "video", when, "d", "e2")]
    answers = iter(["what?", "n", "a"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    accepted, skipped = scan_cli._ask(props)
    assert [p.source for p in skipped] == ["m1", "m2"] and [p.source for p in accepted] == ["e1", "e2"]
    answers = iter(["y", "q"])
    accepted, skipped = scan_cli._ask(props)
    assert [p.source for p in accepted] == ["m1", "m2"] and skipped == []


def test_never_for_an_address_is_kept_and_honoured_by_every_later_scan(run, files):
    run("scan", *files, "--never", "Sam@Example.org", "--dry-run", "--json")
    assert count(run.db, "scan_seen") == 0  # a dry run writes nothing, but already leaves Sam out
    result = run("scan", *files, "--never", "Sam@Example.org")
    assert "Never proposed again: sam@example.org" in result.stdout
    assert "Sam Okafor" not in result.stdout and "Ada Obi (#1): 4" in result.stdout
    assert run("scan", "--never-list").stdout.split() == ["sam@example.org"]
    out = json.loads(run("scan", *files, "--json").stdout)
    assert {p["name"] for p in out["proposals"]} == {"Ada Obi"}
    run("scan", *files, "--never", "zed@else.where")  # a stranger: no longer offered as a new person
    assert json.loads(run("scan", *files, "--json").stdout)["new_people"] == []
    assert run("scan", "--never", "not-an-address", code=2).stderr.strip() == \
        "netui: --never 'not-an-address': not an email address"
    assert "give at least one PATH" in run("scan", code=2).stderr
