"""The screens, dialogs and empty states the other snapshot files leave out, at 80x24 and 120x40; then
every screen and dialog in a light theme (``textual-light``) at 80x24, and at 120x40 where the wide
layout shows more. Settled as in test_snapshots.py.

Each picture is a row of a table: the database it starts from and the keys that open it, so a new
screen or dialog is one line here. Every colour comes from the theme's variables: in the light theme
nothing may be drawn light on light.
"""

from __future__ import annotations

import pytest
from textual.widgets import DirectoryTree, Input

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts, interactions, preferences
from netui.core.contacts import ContactInput
from tests.snapshots.test_merge_snapshots import two_graces
from tests.snapshots.test_scan_snapshots import SCAN, scan_files  # noqa: F401  (a fixture, asked for by name)
from tests.snapshots.test_sync_snapshots import conflicts
from tests.tui.helpers import wait_for

PICK = ["down", "down", "down"]  # the fourth contact in the list, as the screenshots have it
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

# name -> (database, keys pressed on the main screen). Databases: "demo" the demo network, "empty"
# nobody, "seen" one person called today (nothing due), "graces" two duplicates, "sync" two sync
# conflicts, "scan" a small mailbox (keys typed from its folder), "files" the demo network started in a
# folder of contact files (the import dialog's tree shows it).
MISSING: dict[str, tuple[str, list[str]]] = {
    "agenda-empty": ("empty", ["r"]),
    "gives-empty": ("empty", ["G"]),
    "overview-empty": ("empty", ["O"]),
    "triage-empty": ("seen", ["t"]),
    "scan-pick": ("demo", ["M"]),
    "import": ("files", ["i"]),
    "journal": ("demo", [*PICK, "n"]),
    "give-pane-focused": ("demo", [*PICK, "3", "tab"]),
    "triage-cadence": ("demo", ["t", "f"]),
    "triage-help": ("demo", ["t", "question_mark"]),
    "agenda-snooze-ask": ("demo", ["r", "S"]),
}

LIGHT: dict[str, tuple[str, list[str]]] = {
    "welcome": ("empty", []),
    "filter": ("demo", ["slash", *"mei", "enter"]),
    "timeline": ("demo", [*PICK, "enter"]),
    "strength": ("demo", [*PICK, "2"]),
    "give": ("demo", [*PICK, "3"]),
    "help": ("demo", ["question_mark"]),
    "form-add": ("demo", ["a"]),
    "form-log-dropdown": ("demo", [*PICK, "l", "space"]),
    "form-errors": ("demo", ["T", "s", *"soon", "ctrl+s"]),
    "confirm-delete": ("demo", [*PICK, "enter", "delete"]),
    "timeline-edit": ("demo", [*PICK, "enter", "e"]),
    "introduce": ("demo", [*PICK, "I", *"an"]),
    "today": ("demo", ["T"]),
    "triage": ("demo", ["t"]),
    "agenda": ("demo", ["r"]),
    "overview": ("demo", ["O"]),
    "gives": ("demo", ["G"]),
    "send-interest": ("demo", ["G", "b", "enter", "down", "enter"]),
    "import": ("files", ["i"]),
    "journal": ("demo", [*PICK, "n"]),
    "merge-pick": ("graces", ["down", "m"]),
    "merge": ("graces", ["down", "m", "enter", "b", "down"]),
    "sync": ("sync", ["S"]),
    "scan-review": ("scan", SCAN),
    "agenda-empty": ("empty", ["r"]),
}
LIGHT_WIDE = ["overview", "triage", "help", "agenda"]  # their 120-column layouts differ from the 80-column ones


@pytest.fixture
def start(request, tmp_path):
    """The database a row starts from, opened, by its name."""

    def make(kind: str):
        if kind == "demo":
            return request.getfixturevalue("demo_db")
        if kind == "files":
            folder = tmp_path / "files"
            (folder / "vdir").mkdir(parents=True)
            for name in ("contacts.vcf", "Connections.csv", "netui-backup.json", "Inbox.mbox"):
                (folder / name).write_text("")
            request.getfixturevalue("monkeypatch").chdir(folder)
            return request.getfixturevalue("demo_db")
        if kind == "scan":
            return request.getfixturevalue("scan_files")
        path = request.getfixturevalue("db_path")
        if kind == "seen":
            cid = contacts.create(ContactInput(name="Felix Fine"), NOW)
            interactions.log(cid, "call", NOW, NOW)
        elif kind == "graces":
            two_graces()
        elif kind == "sync":
            conflicts(tmp_path)
        return path

    return make


async def open_import(pilot) -> None:
    """``i``, then wait for the dialog's file tree to list its folder (its loader worker never ends)."""
    await pilot.press("i")

    def listed() -> bool:
        trees = pilot.app.screen.query(DirectoryTree)
        return bool(trees) and bool(trees.first().root.children)

    app = pilot.app
    assert await wait_for(pilot, lambda: listed() and all(w.is_finished for w in app.workers if w.name != "_loader"),
                          timeout=30)
    await pilot.wait_for_scheduled_animations()  # then still, as bench.screenshots.settle leaves the others
    app.clear_notifications()
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


def shot(snap_compare, path, keys: list[str], size: tuple[int, int]) -> bool:
    app = ShotApp(db_path=path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        if keys[-1:] == ["i"]:
            await play(pilot, keys[:-1])
            await open_import(pilot)
        else:
            await play(pilot, keys)

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(MISSING))
def test_state(name, size, snap_compare, start):
    kind, keys = MISSING[name]
    assert shot(snap_compare, start(kind), keys, SIZES[size])


@pytest.mark.parametrize(("name", "size"), [*((n, "80x24") for n in LIGHT), *((n, "120x40") for n in LIGHT_WIDE)])
def test_light(name, size, snap_compare, start):
    kind, keys = LIGHT[name]
    path = start(kind)
    preferences.save_theme("textual-light")  # remembered, so the app starts in it
    assert shot(snap_compare, path, keys, SIZES[size])
