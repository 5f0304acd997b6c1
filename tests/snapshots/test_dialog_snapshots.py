"""Forms, dialogs and notifications at 80x24, 120x40 and 60x20 (settled as in test_snapshots.py): a form with
four errors, open dropdowns, triage's note form, a refused snooze, the introduce dialog, a confirmation, the
edit conflict, and the catch-up toast."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from bench.screenshots import NOW, ShotApp, play, settle
from netui.tui.dialogs.conflict import Conflict, ConflictScreen
from tests.tui.helpers import wait_for

SIZES = [(80, 24), (120, 40), (60, 20)]
IDS = [f"{w}x{h}" for w, h in SIZES]
PICK = ["down", "down", "down"]  # the fourth contact in the list, as the screenshots have it
# Name emptied; Emails "foo"; Met on "Feb 30"; Birthday "xx": four messages, then saved (refused).
FOUR_ERRORS = ["a", "tab", "tab", "tab", *"foo", "enter", "enter", "enter", *"Feb", "space", *"30",
               "tab", "tab", "tab", "tab", *"xx", "ctrl+s"]  # how met, reason, introduced by, then Birthday

DIALOGS: dict[str, list[str]] = {
    "add-form": ["a"],
    "add-four-errors": FOUR_ERRORS,
    "log-dropdown-open": [*PICK, "l", "space"],
    "add-circle-open": ["a", *["tab"] * 11, "space"],  # past Introduced by
    "give-kind-open": [*PICK, "g", "tab", "tab", "space"],
    "triage-log-met-note": ["t", "P"],
    "snooze-refused": ["T", "s", *"soon", "ctrl+s"],
    "introduce-results": [*PICK, "I", *"an"],
    "confirm-delete": [*PICK, "enter", "delete"],
    "introduce-refused": [*PICK, "I", *"chen", "enter", "ctrl+s"],
}


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(name, size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, DIALOGS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_conflict(size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)
    conflicts = [
        Conflict("title", "Title", "Head of Sales", "VP Sales"),
        Conflict("emails", "Emails", "work: ada@kestrel.example *", "work: ada@kestrel.example *\nhome: ada@home.example"),
        Conflict("note", "Note", "met at the Lisbon meetup", "met at the Lisbon meetup ↵ likes chess"),
        Conflict("organization", "Organisation", "Kestrel Logistics", "Kestrel"),
    ]

    async def run_before(pilot) -> None:
        await play(pilot, PICK)
        await pilot.app.push_screen(ConflictScreen("Ada Mbeki", conflicts))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


class ToastApp(ShotApp):
    CATCH_UP_SECONDS = 3600.0  # up for the whole test, however busy the machine


@pytest.mark.parametrize("size", SIZES[:2], ids=IDS[:2])
def test_catch_up_toast(size, snap_compare, demo_db):
    """What came due while netui was closed: one short toast, bottom right, the detail pane readable beside it."""
    app = ToastApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        assert await wait_for(pilot, lambda: app.ticked and bool(app.screen.query(Toast)), timeout=60)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_help_at_60x20(snap_compare, demo_db):
    """The help at its narrowest: each sentence that wraps hangs under its first word."""
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["question_mark"])

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
