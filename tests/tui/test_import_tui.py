"""Import from the TUI: path, progress, report, and the list updated; bad input explained."""

from __future__ import annotations

import pytest

from netui.db.models import Contact
from netui.tui.widgets.contact_list import ContactList
from tests.conftest import CORPUS, needs_corpus

from .helpers import screen_text, settle, type_text


async def _import(pilot, app, path: str) -> str:
    await pilot.press("i")
    await settle(pilot)
    await type_text(pilot, path)
    await pilot.press("enter")
    for worker in [w for w in app.workers if w.group == "import"]:  # the file tree's loader never ends
        await worker.wait()
    await settle(pilot)
    return screen_text(app)


@needs_corpus
@pytest.mark.slow  # one of the longest runs of the suite
async def test_import_a_vcard_file_from_the_welcome_screen(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = await _import(pilot, app, str(CORPUS / "radicale" / "contact_multiple.vcf"))
        assert "2 new" in text and "Total:" in text
        await pilot.press("escape")
        await settle(pilot)
        assert Contact.select().count() == 2
        assert app.screen.query_one(ContactList).total == 2
        assert "Welcome to netui" not in screen_text(app)
        # the same file again: merged, nothing new
        text = await _import(pilot, app, str(CORPUS / "radicale" / "contact_multiple.vcf"))
        assert "0 new" in text and "2 unchanged" in text
        await pilot.press("escape")
        await settle(pilot)
        assert Contact.select().count() == 2


async def test_binary_garbage_and_missing_files_are_explained(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative paths: the message fits on one line
    garbage = tmp_path / "photo.vcf"
    garbage.write_bytes(bytes(range(256)) * 40)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = await _import(pilot, app, garbage.name)
        assert "could not be read" in text and "nothing imported" in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "nope.vcf")
        await pilot.press("enter")
        await settle(pilot)
        assert "no such file or folder" in screen_text(app)
        assert Contact.select().count() == 0
