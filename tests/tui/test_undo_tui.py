"""``u`` in the app: an import is one step; a change made elsewhere since is shown and asked about."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from netui.core import contacts, undo
from netui.core.contacts import ContactInput, Method
from netui.db.models import Contact, Give, Interaction, OrgHistory, Reminder
from netui.interop import backup

from .helpers import screen_text, settle, type_text

SIZE = (100, 30)
NETUI = Path(sys.executable).parent / "netui"

CARDS = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Ada Byron\r
N:Byron;Ada;;;\r
EMAIL:ada@example.org\r
TEL:+44 20 7946 0958\r
CATEGORIES:chess\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Cleo Park\r
N:Park;Cleo;;;\r
EMAIL:cleo@example.org\r
END:VCARD\r
"""


def _people(now) -> tuple[int, int]:
    ada = contacts.create(ContactInput(name="Ada Byron", add_methods=[Method("email", "ada@example.org")]), now)
    bob = contacts.create(ContactInput(name="Bob Stone"), now)
    return ada, bob


async def _archive_bob(pilot) -> None:
    await pilot.press("down", "x")  # the list is by name: Ada, then Bob
    await settle(pilot)


async def _import(pilot, app, path: Path) -> str:
    await pilot.press("i")
    await settle(pilot)
    await type_text(pilot, str(path))
    await pilot.press("enter")
    for worker in [w for w in app.workers if w.group == "import"]:
        await worker.wait()
    await settle(pilot)
    text = screen_text(app)
    await pilot.press("escape")
    await settle(pilot)
    return text


async def test_u_after_an_import_undoes_the_whole_import_and_only_it(make_app, now, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ada, bob = _people(now)
    Path("people.vcf").write_text(CARDS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _archive_bob(pilot)
        assert contacts.get(bob).archived
        text = await _import(pilot, app, Path("people.vcf"))
        assert "1 new, 1 updated" in text and "u on the main screen undoes this import" in text
        assert app.undo_stack.peek().label == "import people.vcf: 1 new, 1 updated"
        assert contacts.methods_of(ada)["phone"] and contacts.tags_of(ada) == ["chess"]

        await pilot.press("u")
        await settle(pilot)
        assert not Contact.select().where(Contact.name == "Cleo Park").exists()
        assert contacts.methods_of(ada)["phone"] == [] and contacts.tags_of(ada) == []
        assert contacts.get(bob).archived  # the older action is still there, not undone instead
        assert len(app.undo_stack) == 1

        await pilot.press("u")
        await settle(pilot)
        assert not contacts.get(bob).archived
        assert len(app.undo_stack) == 0


async def test_an_import_too_large_to_undo_says_so_and_blocks_older_steps(make_app, now, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(undo, "MAX_JOURNAL", 1)
    _, bob = _people(now)
    Path("people.vcf").write_text(CARDS)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _archive_bob(pilot)
        text = await _import(pilot, app, Path("people.vcf"))
        assert "cannot be undone: it merged into or added more than 1 contacts" in text
        await pilot.press("u")
        await settle(pilot)
        assert contacts.get(bob).archived  # u did not reach past the import to an older action
        assert Contact.select().where(Contact.name == "Cleo Park").exists()
        assert len(app.undo_stack) == 2


async def test_a_json_backup_restore_says_it_cannot_be_undone_and_u_does_not_reach_past_it(make_app, now, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ada, _ = _people(now)
    with open("backup.json", "w") as out:
        backup.write(out, now)
    contacts.delete(ada)  # the backup has someone the database lost: merging it brings her back
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _archive_bob(pilot)
        text = await _import(pilot, app, Path("backup.json"))
        assert "import backup.json cannot be undone" in text
        assert contacts.resolve("Ada")  # back from the backup
        assert contacts.get(contacts.resolve("Bob")).archived  # a merge keeps what was done since the backup
        await pilot.press("u")
        await settle(pilot)
        assert len(app.undo_stack) == 2  # the restore stands in front of the archive it replaced


async def test_a_change_made_elsewhere_is_shown_and_undo_anyway_keeps_it(make_app, now):
    ada, _ = _people(now)
    contacts.update(ada, ContactInput(organization="Analytical"), now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", "tab", "ctrl+u")  # to Organisation
        await type_text(pilot, "Royal Society")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert OrgHistory.select().count() == 1
        subprocess.run([str(NETUI), "edit", "Ada", "--title", "CTO"], check=True, capture_output=True, timeout=60)

        await pilot.press("u")
        await settle(pilot)
        text = screen_text(app)
        assert "Ada Byron was changed (title)" in text
        assert "Undo anyway (only this action's own changes)" in text and "Keep" in text
        await pilot.press("n")  # keep
        await settle(pilot)
        history = [h.organization for h in OrgHistory.select().order_by(OrgHistory.id)]
        assert len(app.undo_stack) == 1 and history == ["Analytical", "Royal Society"]  # ours, then the CLI's

        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")  # undo anyway
        await settle(pilot)
        c = contacts.get(ada)
        # The title changed elsewhere stays theirs; the organisation only this action changed goes back
        # (it stayed "Royal Society" before, and with this action's past-job row gone "Analytical" was lost).
        assert (c.organization, c.title) == ("Analytical", "CTO")
        assert [h.organization for h in OrgHistory.select()] == ["Royal Society"]  # only this action's own row went
        assert len(app.undo_stack) == 0


async def test_u_after_a_log_keeps_what_the_command_line_wrote_meanwhile(make_app, now):
    """The reproduction from the issue: log in the app, log/edit/give/remind from the CLI, press u."""
    ada, _ = _people(now)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "tab", *["backspace"] * 3)  # kind stays "call"
        await type_text(pilot, "3 days ago")
        await pilot.press("enter")
        await type_text(pilot, "talked about the engine")
        await pilot.press("enter", "enter")  # on to "with" (nobody else), and log
        await settle(pilot)
        assert [i.summary for i in Interaction.select()] == ["talked about the engine"]
        for args in (("log", "Ada", "--kind", "email", "--note", "sent the notes"), ("edit", "Ada", "--title", "CTO"),
                     ("give", "Ada", "the Lyon guide"), ("remind", "Ada", "--on", "2026-12-01")):
            subprocess.run([str(NETUI), *args], check=True, capture_output=True, timeout=60)

        await pilot.press("u")
        await settle(pilot)
        assert [i.kind for i in Interaction.select()] == ["email"]  # only the app's own call went
        assert contacts.get(ada).title == "CTO"
        assert [g.text for g in Give.select()] == ["the Lyon guide"]
        assert Reminder.select().where(Reminder.kind == "custom").count() == 1
        assert len(app.undo_stack) == 0
