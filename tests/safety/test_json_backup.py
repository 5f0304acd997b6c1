"""The JSON backup reader: every field checked, every string inert, and `netui import backup.json` merges.

A malformed backup is refused before anything is written, with the contact and the field named; text
from a backup is sanitised like any other; importing merges by UID and keeps what was added since the
backup (with a safety copy of the database first); `--replace` says what it replaces and asks.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.core import contacts, gives, interactions, introductions, reminders
from netui.core.contacts import ContactInput, Method
from netui.db import backups, close_database
from netui.interop import backup

from . import hostile
from .conftest import run_netui


def good_backup(now) -> dict:
    """A small backup of everything a contact can hold, made by netui itself."""
    a = contacts.create(ContactInput(name="Ada Lovelace", organization="Engines", add_methods=[Method("email", "ada@x.org")],
                                     add_tags=["math"], met_on=now.date(), birthday=(12, 10, 1815)), now)
    b = contacts.create(ContactInput(name="Bob Babbage"), now)
    contacts.update(a, ContactInput(organization="Analytical"), now)  # org history
    interactions.log(a, "call", now - dt.timedelta(days=1), now, summary="talked", note="about engines")
    gives.add(a, "a book", now)
    gives.add_lead([a, b], "a job", now)
    reminders.add_custom(a, now, on=now + dt.timedelta(days=3), note="call her", rule="every 3 months")
    introductions.propose(a, b, "Bob builds engines", "Ada writes programs", now, note="soon")
    return json.loads(json.dumps(backup.export(now)))


def mutate(data: dict, path: str, value) -> dict:
    """``data`` with the value at ``contacts.0.gives.0.text`` (say) replaced, or removed (``...``)."""
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    key = int(last) if isinstance(node, list) else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return out


MALFORMED = [
    ("contacts", {"a": 1}, "'contacts' must be a list"),
    ("contacts.0", "Ada", "contact 1: must be an object"),
    ("contacts.0.uid", ..., "'uid': is missing"),
    ("contacts.0.name", ..., "'name': is missing"),
    ("contacts.0.name", 42, "'name': must be text, not 42"),
    ("contacts.0.name", "\x1b[31m", "'name': is empty"),
    ("contacts.0.emails", "ada@x.org", "'emails': must be a list"),
    ("contacts.0.emails.0", "ada@x.org", "'emails[0]': must be an object"),
    ("contacts.0.emails.0.value", None, "'emails[0].value': is missing"),
    ("contacts.0.emails.0.value", "not an address", "'emails[0].value'"),
    ("contacts.0.tags", "math", "'tags': must be a list"),
    ("contacts.0.tags.0", 7, "'tags[0]': must be text"),
    ("contacts.0.birthday", "1815-02-30", "'birthday'"),
    ("contacts.0.met_on", "9999-99-99", "'met_on'"),
    ("contacts.0.met_on", 20261121, "'met_on': must be a date as text"),
    ("contacts.0.cadence_days", 99999999999999999999, "'cadence_days'"),
    ("contacts.0.cadence_days", "30", "'cadence_days': must be a whole number"),
    ("contacts.0.id", 99999999999999999999999, "'id'"),
    ("contacts.0.archived", "false", "'archived': must be true or false"),
    ("contacts.0.circle", "best", "'circle': must be one of"),
    ("contacts.0.interactions", {"kind": "call"}, "'interactions': must be a list"),
    ("contacts.0.interactions.0.occurred_at", ..., "'interactions[0].occurred_at': is missing"),
    ("contacts.0.interactions.0.occurred_at", "yesterday", "'interactions[0].occurred_at'"),
    ("contacts.0.interactions.0.occurred_at", "9999-12-31 23:59:59", "year 9999 is out of range"),
    ("contacts.0.interactions.0.kind", "telepathy", "'interactions[0].kind'"),
    ("contacts.0.gives.0.text", ["a", "book"], "'gives[0].text': must be text"),
    ("contacts.0.gives.0.direction", ..., "'gives[0].direction': is missing"),
    ("contacts.0.gives.1.lead", 2**70, "'gives[1].lead'"),
    ("contacts.0.gives.0.created_on", True, "'gives[0].created_on'"),
    ("contacts.0.reminders.0.due_at", None, "due_at': is missing"),
    ("contacts.0.org_history.0.until", 5, "'org_history[0].until'"),
    ("introductions.0.a", None, "introduction 1, field 'a': is missing"),
    ("introductions.0.status", "married", "introduction 1, field 'status'"),
    ("introductions.0.reminders", "soon", "introduction 1, field 'reminders': must be a list"),
    ("version", "1", "\"version\" must be a whole number"),
]


@pytest.mark.parametrize("path, value, says", MALFORMED, ids=[f"{p}={v!r}"[:50] for p, v, _ in MALFORMED])
def test_a_malformed_backup_is_refused_with_the_contact_and_field(db, now, path, value, says):
    data = good_backup(now)
    bad = mutate(data, path, value)
    before = backup.export(now)
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(bad, now)
    assert says in str(caught.value)
    if path.startswith("contacts.0.") and not path.startswith("contacts.0.name"):
        assert str(caught.value).startswith("contact 1 ('Ada Lovelace'), field ")
    assert backup.export(now) | {"exported_at": 0} == before | {"exported_at": 0}  # nothing written


def test_a_backup_cannot_claim_to_be_checked_already(db, now):
    data = good_backup(now)
    data["checked"] = True
    data["contacts"][0]["interactions"][0]["occurred_at"] = 5
    with pytest.raises(backup.BackupError, match="occurred_at"):
        backup.restore(data, now)


def test_a_duplicate_uid_is_refused(db, now):
    data = good_backup(now)
    data["contacts"][1]["uid"] = data["contacts"][0]["uid"]
    with pytest.raises(backup.BackupError, match="contact 2 .*same uid"):
        backup.validate(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzzing_the_reader_gives_a_backup_or_a_backup_error(db, now, data):
    base = getattr(test_fuzzing_the_reader_gives_a_backup_or_a_backup_error, "base", None)
    if base is None:
        base = good_backup(now)
        test_fuzzing_the_reader_gives_a_backup_or_a_backup_error.base = base
    paths = []

    def walk(node, prefix):
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            paths.append(f"{prefix}{key}")
            walk(value, f"{prefix}{key}.")

    walk(base, "")
    junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                     st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                     st.sampled_from(["9999-12-31 23:59:59", "0001-01-01", "", "\x1b]0;x\x07", "2026-02-30", ...]))
    bad = base
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        try:
            bad = mutate(bad, path, data.draw(junk))
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # an earlier mutation already replaced what this path walks through
    try:
        checked = backup.validate(bad)
    except backup.BackupError as exc:
        assert str(exc).strip()
        return
    assert len(checked["contacts"]) == len(bad["contacts"])


HOSTILE = hostile.OSC_CLIPBOARD + hostile.CSI_RED + hostile.C1 + "\u202e"


def hostile_backup(now) -> dict:
    data = good_backup(now)
    ada = data["contacts"][0]
    for key in ("name", "organization", "title", "how_met", "reason", "note"):
        ada[key] = f"{key} {HOSTILE}"
    ada["interactions"][0].update(summary=f"summary {HOSTILE}", note=f"inote {HOSTILE}")
    for g in ada["gives"]:
        g.update(text=f"give {HOSTILE}", outcome=f"outcome {HOSTILE}")
    ada["reminders"][0]["note"] = f"rnote {HOSTILE}"
    ada["org_history"][0].update(organization=f"old {HOSTILE}", title=f"was {HOSTILE}")
    ada["tags"] = [f"tag{HOSTILE}"]
    ada["emails"][0]["label"] = f"work{HOSTILE}"
    intro = data["introductions"][0]
    intro.update(reason_a=f"ra {HOSTILE}", reason_b=f"rb {HOSTILE}", note=f"in {HOSTILE}")
    intro["reminders"] = [{"kind": "intro-follow-up", "note": f"irn {HOSTILE}", "due_at": "2026-12-01 10:00:00",
                           "next_due_at": "2026-12-01 10:00:00", "contact": ada["uid"]}]
    return data


def stored_text(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        out = []
        for table, columns in {
            "contact": "name, organization, title, how_met, reason, note", "interaction": "summary, note",
            "give": "text, outcome", "reminder": "note", "introduction": "reason_a, reason_b, note",
            "org_history": "organization, title", "tag": "name", "contact_method": "value, label",
        }.items():
            for row in conn.execute(f"SELECT {columns} FROM {table}"):
                out.extend(str(v) for v in row)
        return out
    finally:
        conn.close()


@pytest.mark.parametrize("replace", [False, True])
def test_every_stored_string_from_a_backup_is_sanitised(db_path, tmp_path, now, replace):
    data = hostile_backup(now)
    close_database()
    from netui.db import open_database

    open_database(tmp_path / "other" / "netui.db")
    backup.restore(data, now, replace=replace)
    texts = stored_text(tmp_path / "other" / "netui.db")
    assert any("summary" in t for t in texts) and any("rnote" in t for t in texts) and any("irn" in t for t in texts)
    for text in texts:
        assert not any(c in text for c in "\x1b\x07\x9b\x9c\x9d\u202e"), repr(text)


# --- merging, from the command line ---------------------------------------------------------------


@pytest.fixture
def cli(tmp_path):
    path = tmp_path / "data" / "netui.db"

    def run(*args: str, **kwargs):
        return run_netui(path, tmp_path, *args, **kwargs)

    run.path = path
    return run


def rows(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_importing_a_backup_merges_and_keeps_what_was_added_since(cli, tmp_path):
    cli("add", "Ada Lovelace", "--email", "ada@x.org", "--tag", "math")
    cli("log", "ada", "--kind", "call", "--note", "before the backup")
    saved = tmp_path / "backup.json"
    assert cli("export", "--format", "json", "-o", str(saved)).returncode == 0
    # Since the backup: a meeting, an email, a tag, a give; and a new person.
    cli("log", "ada", "--kind", "in-person", "--on", "yesterday", "--note", "after the backup")
    cli("edit", "ada", "--email", "ada@work.org", "--tag", "poetry", "--title", "Countess")
    cli("give", "ada", "the Menabrea paper")
    cli("add", "Bob Babbage")
    before = rows(cli.path, "SELECT count(*) FROM interaction")[0][0]

    result = cli("import", str(saved))
    assert result.returncode == 0, result.stderr
    assert "merged 0 new, 0 updated and 1 unchanged contacts" in result.stdout
    assert "a copy of the database as it was is kept as" in result.stderr
    assert rows(cli.path, "SELECT count(*) FROM interaction")[0][0] == before == 2
    assert sorted(v for (v,) in rows(cli.path, "SELECT value FROM contact_method")) == ["ada@work.org", "ada@x.org"]
    assert sorted(t for (t,) in rows(cli.path, "SELECT name FROM tag")) == ["math", "poetry"]
    assert rows(cli.path, "SELECT text FROM give") == [("the Menabrea paper",)]
    assert rows(cli.path, "SELECT title FROM contact WHERE name = 'Ada Lovelace'") == [("Countess",)]
    assert rows(cli.path, "SELECT count(*) FROM contact") == [(2,)]
    # The safety copy holds the database as it was, and is listed with the other backups.
    listed = cli("backup", "--list").stdout
    assert "pre-restore" in listed


def test_a_backup_brings_back_what_was_deleted_since(cli, tmp_path):
    cli("add", "Ada Lovelace", "--email", "ada@x.org")
    cli("log", "ada", "--kind", "call", "--note", "kept in the backup")
    cli("give", "ada", "a book")
    saved = tmp_path / "backup.json"
    cli("export", "--format", "json", "-o", str(saved))
    conn = sqlite3.connect(cli.path)
    with conn:
        conn.execute("DELETE FROM interaction")
        conn.execute("DELETE FROM give")
    conn.close()
    cli("log", "ada", "--kind", "email", "--note", "after")
    result = cli("import", str(saved))
    assert "1 updated" in result.stdout
    assert sorted(s for (s,) in rows(cli.path, "SELECT summary FROM interaction")) == ["after", "kept in the backup"]
    assert rows(cli.path, "SELECT text FROM give") == [("a book",)]
    again = cli("import", str(saved))
    assert "0 new, 0 updated and 1 unchanged" in again.stdout


def test_replace_says_what_it_replaces_and_needs_yes(cli, tmp_path):
    for name in ("Ada Lovelace", "Bob Babbage", "Cy Clops"):
        cli("add", name)
    saved = tmp_path / "backup.json"
    cli("export", "--format", "json", "-o", str(saved))
    cli("log", "ada", "--kind", "call", "--note", "after the backup")
    cli("add", "Dee Later")

    refused = cli("import", "--replace", str(saved), stdin=subprocess_devnull())
    assert refused.returncode == 2
    assert "replaces 3 of your 4 contacts" in refused.stderr and "--yes" in refused.stderr
    assert rows(cli.path, "SELECT count(*) FROM interaction") == [(1,)]  # nothing changed

    done = cli("import", "--replace", "--yes", str(saved))
    assert done.returncode == 0, done.stderr
    assert "restored 0 new and 3 replaced contacts" in done.stdout
    assert rows(cli.path, "SELECT count(*) FROM interaction") == [(0,)]  # exactly the backup
    assert rows(cli.path, "SELECT count(*) FROM contact") == [(4,)]  # Dee was not in it: she stays
    assert len(backups.list_backups(cli.path)) >= 1


@pytest.mark.slow  # a real terminal
def test_replace_asks_on_a_terminal(tmp_path):
    """In a pseudo-terminal: the question is asked, and anything but y leaves the database as it was."""
    import os
    import pty

    from .conftest import ROOT, netui_env

    path = tmp_path / "data" / "netui.db"
    run_netui(path, tmp_path, "add", "Ada Lovelace")
    saved = tmp_path / "backup.json"
    run_netui(path, tmp_path, "export", "--format", "json", "-o", str(saved))
    run_netui(path, tmp_path, "log", "ada", "--kind", "call")
    for answer, interactions_left in ((b"n\n", 1), (b"y\n", 0)):
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "netui", "import", "--replace", str(saved)],
                      netui_env(path, tmp_path))
        out = read_until(fd, b"[y/N]")
        assert b"replaces 1 of your 1 contacts" in out
        os.write(fd, answer)
        out += read_until(fd, None)
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == (1 if answer == b"n\n" else 0), out
        assert rows(path, "SELECT count(*) FROM interaction") == [(interactions_left,)]


def read_until(fd: int, marker: bytes | None, limit: float = 60.0) -> bytes:
    import os
    import select
    import time

    out = bytearray()
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out.extend(chunk)
        if marker is not None and marker in out:
            break
    return bytes(out)


def subprocess_devnull():
    import subprocess

    return subprocess.DEVNULL


def test_a_malformed_backup_file_is_one_line_and_changes_nothing(cli, tmp_path):
    cli("add", "Ada Lovelace")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "netui-backup", "version": 1,
                               "contacts": [{"uid": "x", "name": "Eve", "interactions": [{"occurred_at": 5, "kind": "call"}]}]}))
    result = cli("import", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"netui: {bad}: contact 1 ('Eve'), field 'interactions[0].occurred_at': must be a date and time as text "
        "(2026-11-21 10:00), not 5"
    ]
    assert rows(cli.path, "SELECT name FROM contact") == [("Ada Lovelace",)]
    assert backups.list_backups(cli.path) == []  # refused before the safety copy: nothing to protect
