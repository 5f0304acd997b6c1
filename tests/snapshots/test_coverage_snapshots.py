"""Every screen and dialog in pictures: in the default theme and a light one (``textual-light``), at
80x24 and 120x40. The states the other snapshot files leave out come first (``MISSING``, default
theme); then every screen and dialog in the light theme (``LIGHT``). Settled as in test_snapshots.py.

Each picture is a row of a table: the database it starts from, the steps that open it (keys, or a
change made "elsewhere" meanwhile, as the CLI or a sync would) and the screen class it shows, which
the test checks. ``test_every_screen_and_dialog_is_pictured`` lists every Screen subclass under
netui/tui and fails for one without a picture in each theme at each size, so a new dialog cannot go
unseen. Every colour comes from the theme's variables: in the light theme nothing may be drawn light
on light.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import DirectoryTree, Input

import netui.tui
from bench.screenshots import NOW, ShotApp, settle
from netui.core import contacts, interactions, preferences
from netui.core.contacts import ContactInput
from tests.snapshots.test_merge_snapshots import two_graces
from tests.snapshots.test_scan_snapshots import SCAN, scan_files  # noqa: F401  (a fixture, asked for by name)
from tests.snapshots.test_shared_snapshots import dinner
from tests.snapshots.test_sync_snapshots import conflicts
from tests.tui.helpers import KEY_NAMES, wait_for

PICTURES = Path(__file__).parent / "__snapshots__"
PICK = ["down", "down", "down"]  # the fourth contact in the list, as the screenshots have it
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
Step = str | Callable[[ShotApp], None]


def typed(text: str) -> list[str]:
    return [KEY_NAMES.get(ch, ch) for ch in text]


def _contact(app) -> int:
    """The contact the open form or the list is about."""
    screen = app.screen
    return getattr(screen, "contact_id", None) or screen.contact_list.current_id


def retitled(app) -> None:
    """Elsewhere (the CLI, a sync), meanwhile: the title changes."""
    contacts.update(_contact(app), ContactInput(title="Chief Revenue Officer"), NOW)


def moved(app) -> None:
    """Elsewhere, meanwhile: the organisation changes (the same field as the open form's change)."""
    contacts.update(_contact(app), ContactInput(organization="Kestrel Freight"), NOW)


NEW_ORG = ["e", "tab", "ctrl+u", *typed("Royal Society")]  # the edit form, Organisation retyped

# name -> (database, steps on the main screen, the screen class shown). Databases: "demo" the demo
# network, "empty" nobody, "seen" one person called today (nothing due), "graces" two duplicates,
# "sync" two sync conflicts, "scan" a small mailbox (keys typed from its folder), "files" the demo
# network started in a folder of contact files (the import dialog's tree shows them), "shared" a dinner
# logged once for three people.
MISSING: dict[str, tuple[str, list[Step], str]] = {
    "agenda-empty": ("empty", ["r"], "agenda.AgendaScreen"),
    "gives-empty": ("empty", ["G"], "gives.GivesScreen"),
    "overview-empty": ("empty", ["O"], "overview.OverviewScreen"),
    "triage-empty": ("seen", ["t"], "triage.TriageScreen"),
    "scan-pick": ("demo", ["M"], "scan.ScanScreen"),
    "import": ("files", ["i"], "import_file.ImportScreen"),
    "import-report": ("files", ["i", *typed("contacts.vcf"), "enter"], "import_file.ImportScreen"),
    "journal": ("demo", [*PICK, "n"], "form.FormScreen"),
    "give-pane-focused": ("demo", [*PICK, "3", "tab"], "main.MainScreen"),
    "triage-cadence": ("demo", ["t", "f"], "form.FormScreen"),
    "triage-help": ("demo", ["t", "question_mark"], "help.HelpScreen"),
    "agenda-snooze-ask": ("demo", ["r", "S"], "form.FormScreen"),
    "undo-conflict": ("demo", [*PICK, *NEW_ORG, "ctrl+s", retitled, "u"], "base.ConflictScreen"),
}

LIGHT: dict[str, tuple[str, list[Step], str]] = {
    "welcome": ("empty", [], "main.MainScreen"),
    "filter": ("demo", ["slash", *"mei", "enter"], "main.MainScreen"),
    "timeline": ("demo", [*PICK, "enter"], "main.MainScreen"),
    "strength": ("demo", [*PICK, "2"], "main.MainScreen"),
    "give": ("demo", [*PICK, "3"], "main.MainScreen"),
    "help": ("demo", ["question_mark"], "help.HelpScreen"),
    "form-add": ("demo", ["a"], "form.FormScreen"),
    "form-edit": ("demo", [*PICK, "e"], "edit_contact.EditContactScreen"),
    "form-log-dropdown": ("demo", [*PICK, "l", "space"], "form.FormScreen"),
    "form-errors": ("demo", ["T", "s", *"soon", "ctrl+s"], "form.FormScreen"),
    "confirm-delete": ("demo", [*PICK, "enter", "delete"], "confirm.ConfirmScreen"),
    "timeline-edit": ("demo", [*PICK, "enter", "e"], "interaction.EditInteractionScreen"),
    "shared-delete": ("shared", ["enter", "delete"], "interaction.WhichScreen"),
    "introduce": ("demo", [*PICK, "I", *"an"], "introduce.IntroduceScreen"),
    "today": ("demo", ["T"], "today.TodayScreen"),
    "triage": ("demo", ["t"], "triage.TriageScreen"),
    "agenda": ("demo", ["r"], "agenda.AgendaScreen"),
    "overview": ("demo", ["O"], "overview.OverviewScreen"),
    "gives": ("demo", ["G"], "gives.GivesScreen"),
    "organisation": ("demo", [*PICK, "w"], "org.OrgScreen"),
    "send-interest": ("demo", ["G", "b", "enter", "down", "enter"], "send_interest.SendInterestScreen"),
    "import": ("files", ["i"], "import_file.ImportScreen"),
    "journal": ("demo", [*PICK, "n"], "form.FormScreen"),
    "merge-pick": ("graces", ["down", "m"], "merge.PickPersonScreen"),
    "merge": ("graces", ["down", "m", "enter", "b", "down"], "merge.MergeScreen"),
    "edit-conflict": ("demo", [*PICK, *NEW_ORG, moved, "ctrl+s"], "conflict.ConflictScreen"),
    "undo-conflict": ("demo", [*PICK, *NEW_ORG, "ctrl+s", retitled, "u"], "base.ConflictScreen"),
    "sync": ("sync", ["S"], "sync.SyncScreen"),
    "scan-review": ("scan", SCAN, "scan.ScanScreen"),
    "agenda-empty": ("empty", ["r"], "agenda.AgendaScreen"),
    "bulk-export": ("demo", [*["space"] * 3, "down", "space", "b", "tab", *["down"] * 8, "enter", "ctrl+s"],
                    "bulk.ExportScreen"),
    "bulk": ("demo", [*["space"] * 3, "down", "space", "b"], "bulk.BulkScreen"),
}
NARROW_ONLY = {"filter", "strength", "give"}  # the main screen's panes: the 120-column main screen is in test_theme_snapshots

# The default theme's pictures of each screen class in the other snapshot files ({size}: 80x24, 120x40).
ELSEWHERE = {
    "main.MainScreen": "test_snapshots/test_screen[main-{size}]",
    "today.TodayScreen": "test_snapshots/test_screen[today-{size}]",
    "triage.TriageScreen": "test_snapshots/test_screen[triage-{size}]",
    "agenda.AgendaScreen": "test_snapshots/test_screen[agenda-{size}]",
    "overview.OverviewScreen": "test_snapshots/test_screen[overview-{size}]",
    "gives.GivesScreen": "test_snapshots/test_screen[gives-{size}]",
    "org.OrgScreen": "test_org_snapshots/test_organisation_screen[{size}]",
    "sync.SyncScreen": "test_sync_snapshots/test_sync_conflicts[{size}]",
    "scan.ScanScreen": "test_scan_snapshots/test_scan_screen[review-{size}]",
    "help.HelpScreen": "test_snapshots/test_screen[help-{size}]",
    "form.FormScreen": "test_snapshots/test_screen[form-add-{size}]",
    "edit_contact.EditContactScreen": "test_snapshots/test_screen[form-edit-{size}]",
    "interaction.EditInteractionScreen": "test_timeline_snapshots/test_timeline[timeline-edit-{size}]",
    "interaction.WhichScreen": "test_shared_snapshots/test_shared[shared-delete-{size}]",
    "confirm.ConfirmScreen": "test_dialog_snapshots/test_dialog[confirm-delete-{size}]",
    "conflict.ConflictScreen": "test_dialog_snapshots/test_conflict[{size}]",
    "import_file.ImportScreen": "test_coverage_snapshots/test_state[import-{size}]",
    "send_interest.SendInterestScreen": "test_snapshots/test_screen[send-interest-{size}]",
    "introduce.IntroduceScreen": "test_dialog_snapshots/test_dialog[introduce-results-{size}]",
    "merge.PickPersonScreen": "test_merge_snapshots/test_merge[merge-pick-{size}]",
    "merge.MergeScreen": "test_merge_snapshots/test_merge[merge-{size}]",
    "bulk.ExportScreen": "test_bulk_snapshots/test_bulk[bulk-export-{size}]",
    "bulk.BulkScreen": "test_bulk_snapshots/test_bulk[bulk-dialog-{size}]",
}
BASES = {"base.NetuiScreen", "base.ListScreen", "person_panes.PersonPanes", "main_filter.FilterBox", "bulk.OnWorker"}  # never shown themselves

CARDS = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{body}END:VCARD\r\n" for body in (
    "FN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL:ada@analytical.example\r\nORG:Analytical Engines\r\n",
    "FN:Ada Chen\r\nEMAIL:ada.chen253@orbit.example\r\nTEL:+44 7000 000001\r\n",  # merged into the demo's Ada Chen
    "EMAIL:nobody@x.example\r\n",
    "FN:Bea Birthday-Wrongly-Typed\r\nBDAY:notadate\r\n",  # a warning long enough to wrap at 80 columns
))


def shown(screen: Screen) -> str:
    return f"{type(screen).__module__.rsplit('.', 1)[-1]}.{type(screen).__name__}"


@pytest.fixture
def start(request, tmp_path):
    """The database a row starts from, opened, by its name."""

    def make(kind: str):
        if kind == "demo":
            return request.getfixturevalue("demo_db")
        if kind == "files":
            folder = tmp_path / "files"
            (folder / "vdir").mkdir(parents=True)
            for name in ("Connections.csv", "netui-backup.json", "Inbox.mbox"):
                (folder / name).write_text("")
            (folder / "contacts.vcf").write_text(CARDS)
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
        elif kind == "shared":
            dinner()
        return path

    return make


async def still(pilot) -> None:
    """The import dialog settled: its file tree listed, every worker but the tree's loader (which never
    ends) finished, then still, as bench.screenshots.settle leaves the other screens."""

    def listed() -> bool:
        trees = pilot.app.screen.query(DirectoryTree)
        return bool(trees) and bool(trees.first().root.children)

    app = pilot.app
    assert await wait_for(pilot, lambda: listed() and all(w.is_finished for w in app.workers if w.name != "_loader"),
                          timeout=30)
    await pilot.wait_for_scheduled_animations()
    app.clear_notifications()
    for box in app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


async def steps(pilot, todo: list[Step]) -> None:
    """Each step (a key, or a change made elsewhere), the app settled before, between and after."""
    await settle(pilot)
    for step in todo:
        if callable(step):
            step(pilot.app)
        else:
            await pilot.press(step)
        if pilot.app.screen.query(DirectoryTree):
            await still(pilot)
        else:
            await settle(pilot)


def shot(snap_compare, path, todo: list[Step], screen: str, size: tuple[int, int]) -> bool:
    app = ShotApp(db_path=path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await steps(pilot, todo)
        assert shown(pilot.app.screen) == screen

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(MISSING))
def test_state(name, size, snap_compare, start):
    kind, todo, screen = MISSING[name]
    assert shot(snap_compare, start(kind), todo, screen, SIZES[size])


@pytest.mark.parametrize(("name", "size"), [(n, s) for n in LIGHT for s in SIZES if s == "80x24" or n not in NARROW_ONLY])
def test_light(name, size, snap_compare, start, monkeypatch):
    kind, todo, screen = LIGHT[name]
    # The export form's folder is beside the database, a temporary one here: pinned as the bulk pictures pin it.
    monkeypatch.setattr("netui.tui.dialogs.bulk.export_dir", lambda db: Path.home() / ".local/share/netui/exports")
    path = start(kind)
    preferences.save_theme("textual-light")  # remembered, so the app starts in it
    assert shot(snap_compare, path, todo, screen, SIZES[size])


def screen_classes() -> set[str]:
    """Every Screen subclass defined under netui/tui (each module imported)."""
    for module in pkgutil.walk_packages(netui.tui.__path__, "netui.tui."):
        importlib.import_module(module.name)
    found, todo = set(), [Screen]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if cls.__module__.startswith("netui.tui."):
                found.add(f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}")
    return found


def test_every_screen_and_dialog_is_pictured():
    """Each screen class: a picture in the default theme and in the light one, at 80x24 and 120x40."""
    classes = screen_classes() - BASES
    assert {"main.MainScreen", "help.HelpScreen", "conflict.ConflictScreen", "base.ConflictScreen"} <= classes
    light = {screen for name, (_k, _s, screen) in LIGHT.items() if name not in NARROW_ONLY}
    light.add("main.MainScreen")  # test_theme_snapshots: the main screen in textual-light at both sizes
    default = {screen for _k, _s, screen in MISSING.values()}
    missing = [f"{cls}: no picture in textual-light" for cls in sorted(classes - light)]
    missing += [f"{cls}: no picture in the default theme" for cls in sorted(classes - default - set(ELSEWHERE))]
    for cls, picture in ELSEWHERE.items():
        for size in SIZES:
            if not (PICTURES / (picture.format(size=size) + ".svg")).is_file():
                missing.append(f"{cls}: {picture.format(size=size)} is not a picture")
    assert not missing, missing
