"""Two netui machines kept in step through a real CardDAV/CalDAV server, with vdirsyncer in between.

Everything is real and local: Radicale (from PyPI) on 127.0.0.1 with its storage in tmp_path, one
vdirsyncer configuration and status folder per machine, ``netui sync`` through the command's own
entry point (in this process: the two databases take turns). A change travels as the README's round
has it: ``netui sync`` on the machine that made it and ``vdirsyncer sync`` up, then ``vdirsyncer sync``
down on the other machine and ``netui sync`` there, so every ``netui sync`` runs after its machine
pulled what the server had. Every process the test starts is stopped by it.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from netui.cli import main as netui_main
from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday
from netui.db.models import Contact
from netui.interop import sync

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("radicale") is None or importlib.util.find_spec("vdirsyncer") is None,
        reason="Radicale and vdirsyncer are not installed (pip install -e '.[test]' brings them)",
    ),
    pytest.mark.slow,  # a real server and many vdirsyncer processes
]

USER = "alice"
AUTH = "Basic " + base64.b64encode(f"{USER}:secret".encode()).decode()
MKCOL = (
    '<?xml version="1.0" encoding="utf-8"?><mkcol xmlns="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav" '
    'xmlns:C="urn:ietf:params:xml:ns:caldav"><set><prop><resourcetype><collection/>{kind}</resourcetype>'
    "<displayname>{name}</displayname></prop></set></mkcol>"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "NO_PROXY": "*"}


@pytest.fixture
def server(tmp_path):
    """A Radicale server on a free loopback port; its base URL. Stopped (and waited for) afterwards."""
    port = _free_port()
    home = tmp_path / "radicale"
    home.mkdir()
    config = home / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n\n[auth]\ntype = none\n\n[storage]\nfilesystem_folder = {home / 'storage'}\n\n"
        "[web]\ntype = none\n\n[logging]\nlevel = warning\n"
    )
    log = open(home / "log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)], stdout=log,
                            stderr=subprocess.STDOUT, env=_env(home), cwd=home)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Radicale did not start: {(home / 'log').read_text()}")
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}/{USER}/"
        for name, kind in (("contacts", "<CR:addressbook/>"), ("reminders", "<C:calendar/>")):
            request = urllib.request.Request(
                base + name + "/", data=MKCOL.format(kind=kind, name=name).encode(), method="MKCOL",
                headers={"Authorization": AUTH, "Content-Type": "application/xml"},
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert answer.status == 201
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


class Device:
    """One machine: its database, its vdir folders and its vdirsyncer configuration."""

    def __init__(self, name: str, root: Path, base_url: str, *, reminders: bool):
        self.name, self.root = name, root
        self.told = False
        self.db = root / "netui.db"
        self.cards = root / "contacts"
        self.calendar = root / "reminders" if reminders else None
        self.cards.mkdir(parents=True)
        pairs = [("contacts", self.cards, ".vcf", "carddav", base_url + "contacts/")]
        if self.calendar is not None:
            self.calendar.mkdir()
            pairs.append(("reminders", self.calendar, ".ics", "caldav", base_url + "reminders/"))
        # A race (both sides changed a card between two runs of vdirsyncer) is merged by netui, as the README says.
        merge = json.dumps(["command", sys.executable, "-m", "netui", "sync", "--merge"])
        text = f'[general]\nstatus_path = "{root / "status"}"\n\n'
        for pair, folder, ext, kind, url in pairs:
            resolution = f"conflict_resolution = {merge}\n" if pair == "contacts" else ""
            text += (
                f'[pair {pair}]\na = "{pair}_local"\nb = "{pair}_remote"\ncollections = null\n{resolution}\n'
                f'[storage {pair}_local]\ntype = "filesystem"\npath = "{folder}"\nfileext = "{ext}"\n\n'
                f'[storage {pair}_remote]\ntype = "{kind}"\nurl = "{url}"\nusername = "{USER}"\npassword = "secret"\n\n'
            )
        self.config = root / "vdirsyncer.conf"
        self.config.write_text(text)

    def use(self) -> Device:
        from netui.db import open_database

        open_database(self.db)
        return self

    def vdirsyncer(self, command: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "vdirsyncer", "-c", str(self.config), command],
            capture_output=True, text=True, env=_env(self.root), timeout=60, stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, f"vdirsyncer {command} on {self.name} failed:\n{result.stdout}{result.stderr}"
        return result.stdout + result.stderr

    def netui_sync(self, capsys) -> str:
        args = ["--db", str(self.db), "sync"]
        if not self.told:  # the first time only: netui remembers its folders
            args += ["--contacts", str(self.cards)] + (["--reminders", str(self.calendar)] if self.calendar else [])
            self.told = True
        capsys.readouterr()
        assert netui_main(args) == 0
        out = capsys.readouterr()
        assert out.err == ""
        self.use()
        return out.out


def hand_over(first: Device, second: Device, capsys) -> tuple[str, str]:
    """What a change on ``first`` goes through to reach ``second``: netui, up, down, netui (each pulls first)."""
    first.use()
    out_first = first.netui_sync(capsys)
    first.vdirsyncer("sync")
    second.vdirsyncer("sync")
    second.use()
    return out_first, second.netui_sync(capsys)


def who(name: str) -> dict:
    return contacts.contact_dict(contacts.resolve(name))


def test_two_machines_through_radicale(server, tmp_path, db_path, capsys, now):
    a = Device("A", tmp_path / "machine-a", server, reminders=True)
    b = Device("B", tmp_path / "machine-b", server, reminders=False)
    for device in (a, b):
        device.use()
        device.vdirsyncer("discover")

    # Added on A, synced A then B: it is on B, with netui's own fields and history.
    a.use()
    ada = contacts.create(ContactInput(
        name="Ada Lovelace", emails=[Method("email", "ada@example.com", "work")], organization="Engines Ltd",
        how_met="PyCon Lisbon", reason="hiring compiler engineers", circle="inner", tags=["math"], met_on=now.date(),
    ), now, log_meeting=False)  # the meeting is logged below, by hand
    interactions.log(ada, "in-person", now - dt.timedelta(hours=2), now, summary="met at the booth")
    gives.add(ada, "send the Babbage paper", now, "idea", "article")
    # Bea's birthday keeps the calendar from ever being emptied (vdirsyncer refuses that without --force-delete).
    contacts.create(ContactInput(name="Bea Novak", emails=[Method("email", "bea@example.com")], title="CFO",
                                 birthday=Birthday(3, 14)), now)
    out_a, out_b = hand_over(a, b, capsys)
    assert "  2 written, 0 read in" in out_a and "  0 written, 2 read in (2 new, 0 updated)" in out_b
    p = who("Ada")
    assert (p["uid"], p["how_met"], p["reason"], p["circle"], p["tags"]) == (
        Contact.get(Contact.name == "Ada Lovelace").uid, "PyCon Lisbon", "hiring compiler engineers", "inner", ["math"])
    assert [(i["kind"], i["summary"]) for i in p["interactions"]] == [("in-person", "met at the booth")]
    assert [g["text"] for g in p["gives"]] == ["send the Babbage paper"]
    # A's reminders reached the calendar on the server.
    request = urllib.request.Request(server + "reminders/", headers={"Authorization": AUTH})
    with urllib.request.urlopen(request, timeout=10) as answer:
        calendar = answer.read().decode()
    assert "SUMMARY:Follow up with Ada Lovelace" in calendar and "SUMMARY:Call Ada Lovelace" in calendar

    # Edited on B (a new phone, a logged call): A has both after syncing both ways.
    later = now + dt.timedelta(hours=3)
    cid = contacts.resolve("Ada")
    contacts.update(cid, ContactInput(add_methods=[Method("phone", "+44 7700 900123", "cell")]), later)
    interactions.log(cid, "call", later, later, summary="called about the role")
    out_b, out_a = hand_over(b, a, capsys)
    assert "  1 written, 0 read in" in out_b and "  0 written, 1 read in (0 new, 1 updated)" in out_a
    p = who("Ada")
    assert [ph["value"] for ph in p["phones"]] == ["+44 7700 900123"]
    assert [i["summary"] for i in p["interactions"]] == ["called about the role", "met at the booth"]

    # Deleted on A: gone on B after syncing.
    contacts.delete(contacts.resolve("Ada"))
    out_a, out_b = hand_over(a, b, capsys)
    assert "1 deleted in the folder" in out_a and "1 deleted here" in out_b
    assert [c.name for c in Contact.select()] == ["Bea Novak"]

    # Edited on both before syncing: nothing lost, the conflict reported (and kept for the app).
    cid = contacts.resolve("Bea")
    contacts.update(cid, ContactInput(title="CEO", add_methods=[Method("phone", "+1 555 0100", "work")]), later)
    interactions.log(cid, "video", later, later, summary="B: board call")
    a.use()
    cid = contacts.resolve("Bea")
    contacts.update(cid, ContactInput(title="Chief Financial Officer", add_methods=[Method("email", "bea@home.example")]), later)
    interactions.log(cid, "email", later, later, summary="A: sent the deck")
    _, out_b = hand_over(a, b, capsys)  # B pulls A's version before its own netui sync: no vdirsyncer conflict
    assert "1 conflict\n" in out_b and "  conflict: Bea Novak: changed here and in the folder since the last sync" in out_b
    assert [c["name"] for c in sync.conflicts()] == ["Bea Novak"]
    b.vdirsyncer("sync")
    a.vdirsyncer("sync")
    a.use()
    assert "  0 written, 1 read in (0 new, 1 updated)" in a.netui_sync(capsys)
    on_a = who("Bea")
    b.use()
    on_b = who("Bea")
    for p in (on_a, on_b):
        assert p["title"] == "CEO" and "from sync conflict: title: Chief Financial Officer" in p["note"]
        assert sorted(e["value"] for e in p["emails"]) == ["bea@example.com", "bea@home.example"]
        assert [ph["value"] for ph in p["phones"]] == ["+1 555 0100"]
        assert sorted(i["summary"] for i in p["interactions"]) == ["A: sent the deck", "B: board call"]
        p["interactions"].sort(key=lambda i: i["summary"])
    keys = ("name", "title", "note", "emails", "phones", "tags", "interactions", "gives", "circle", "how_met", "birthday")
    assert {k: on_a[k] for k in keys} == {k: on_b[k] for k in keys}
    assert "  0 written, 0 read in" in b.netui_sync(capsys)  # settled: nothing bounces

    # A race: both machines wrote the card before either pulled. vdirsyncer meets the conflict and
    # hands both versions to `netui sync --merge`, which keeps both sides' changes.
    contacts.update(contacts.resolve("Bea"), ContactInput(nickname="Bee"), later)
    b.netui_sync(capsys)
    a.use()
    contacts.update(contacts.resolve("Bea"), ContactInput(add_tags=["finance"]), later)
    a.netui_sync(capsys)
    a.vdirsyncer("sync")
    b.vdirsyncer("sync")
    b.use()
    assert "  0 written, 1 read in (0 new, 1 updated)" in b.netui_sync(capsys)
    p = who("Bea")
    assert (p["nickname"], p["tags"], p["title"]) == ("Bee", ["finance"], "CEO")

    # khard reads the same vdir.
    if importlib.util.find_spec("khard") is None:
        return
    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[netui]]\npath = {b.cards}\n\n[general]\ndefault_action = list\neditor = /bin/false\n"
        "merge_editor = /bin/false\n\n[contact table]\ndisplay = formatted_name\nsort = formatted_name\n\n[vcard]\n"
    )
    env = {**_env(tmp_path), "KHARD_CONFIG": str(config)}
    done = subprocess.run([sys.executable, "-m", "khard", "email", "--parsable", "--remove-first-line"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(tuple(line.split("\t")[:2]) for line in done.stdout.splitlines() if line) == [
        ("bea@example.com", "Bea Novak"), ("bea@home.example", "Bea Novak"),
    ]


def test_reminders_card_data_and_a_third_client_through_radicale(server, tmp_path, db_path, capsys, now):
    """Both machines share the calendar: a reminder done on A closes on B; a third client (its own
    vdirsyncer and folders) ticks a to-do off and moves an address, and both come back into netui; a
    conflict is listed on the Sync screen and settled by a key."""
    import asyncio

    from netui.core import cards, reminders
    from netui.core.cards import Address, CardData
    from netui.db.models import Reminder
    from netui.tui.app import NetuiApp

    a = Device("A", tmp_path / "machine-a", server, reminders=True)
    b = Device("B", tmp_path / "machine-b", server, reminders=True)
    c = Device("C", tmp_path / "phone", server, reminders=True)  # a third client: only files, no netui
    for device in (a, b, c):
        device.vdirsyncer("discover")
    a.use()
    contacts.create(ContactInput(name="Ada Lovelace", uid="ada-1", met_on=now.date(), card=CardData(
        addresses=[Address("home", "12 St James's Square", "London", "", "SW1Y 4JH", "UK")])), now)
    contacts.create(ContactInput(name="Bea Novak", uid="bea-1", birthday=Birthday(3, 14)), now)  # never empty
    hand_over(a, b, capsys)
    assert [x.street for x in cards.card_of(contacts.resolve("Ada")).addresses] == ["12 St James's Square"]
    assert Reminder.get(Reminder.kind == "follow-up").next_due_at is not None  # B's own plan, same UID

    # Done on A: closed on B.
    a.use()
    later = now + dt.timedelta(days=2)
    reminders.done(Reminder.get(Reminder.kind == "follow-up").id, later)
    _, out_b = hand_over(a, b, capsys)
    assert "done elsewhere: Ada Lovelace" in out_b
    assert Reminder.get(Reminder.kind == "follow-up").next_due_at is None

    # The third client ticks the call off and moves Ada, straight in its copy of the server's collections.
    c.vdirsyncer("sync")
    [call] = [f for f in c.calendar.glob("*.ics") if b"UID:ada-1.call@netui" in f.read_bytes()]
    call.write_bytes(call.read_bytes().replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED"))
    [card] = [f for f in c.cards.glob("*.vcf") if b"FN:Ada Lovelace" in f.read_bytes()]
    card.write_bytes(card.read_bytes().replace(b"12 St James's Square;London", b"1 Ockham Park;Ripley"))
    c.vdirsyncer("sync")
    for device in (a, b):
        device.vdirsyncer("sync")
        device.use()
        out = device.netui_sync(capsys)
        assert "done elsewhere: Ada Lovelace" in out, out
        assert Reminder.get(Reminder.kind == "call").next_due_at is None
        assert [x.street for x in cards.card_of(contacts.resolve("Ada")).addresses] == ["1 Ockham Park"]

    # Both machines change Bea's title before syncing: listed on B's Sync screen, settled with t.
    a.use()
    contacts.update(contacts.resolve("Bea"), ContactInput(title="CEO"), later)
    b.use()
    contacts.update(contacts.resolve("Bea"), ContactInput(title="CFO"), later)
    a.vdirsyncer("sync")
    hand_over(a, b, capsys)
    assert [x["field"] for x in sync.conflicts()[-1]["choices"]] == ["title"]

    async def settle_in_the_app() -> None:
        app = NetuiApp(db_path=b.db, now=lambda: later)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("S")
            await pilot.pause()
            await pilot.press("t")
            await pilot.pause()

    asyncio.run(settle_in_the_app())
    b.use()
    assert who("Bea")["title"] == "CEO" and sync.conflicts() == []
    b.netui_sync(capsys)
    b.vdirsyncer("sync")
    a.vdirsyncer("sync")
    a.use()
    a.netui_sync(capsys)
    assert who("Bea")["title"] == "CEO"
