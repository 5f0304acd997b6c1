"""The app's write protocol: one announcement per write, the due count as an app reactive, widgets
that never reach for screens, and key names that belong to one screen each."""

from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from netui.core import contacts, interactions
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Interaction
from netui.tui.app import NetuiApp
from netui.tui.commands import MAIN, SCOPES, TRIAGE, resolve_keymap
from netui.tui.screens.main import MainScreen
from netui.tui.screens.triage import TriageScreen
from netui.tui.writes import DataChanged

from .helpers import screen_text, settle, started, use_config, wait_for

SIZE = (100, 30)
TUI = Path(__file__).resolve().parents[2] / "netui" / "tui"
D = dt.timedelta


class RecordingApp(NetuiApp):
    """The app, keeping every DataChanged it receives."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.changes: list[DataChanged] = []

    def on_data_changed(self, event: DataChanged) -> None:
        self.changes.append(event)
        super().on_data_changed(event)


async def test_a_write_is_one_undo_step_and_one_announcement(db_path, clock, now):
    ada = contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = RecordingApp(db_path=db_path, now=clock)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.changes.clear()
        await pilot.press("x")  # archive
        await settle(pilot)
        assert Contact.get_by_id(ada).archived
        assert len(app.undo_stack) == 1
        assert [(c.contact_ids, c.external) for c in app.changes] == [((ada,), False)]
        assert "0 contacts" in screen_text(app).splitlines()[0]  # the main screen redrew on it


async def test_the_due_count_follows_writes_in_triage(make_app, now):
    ada = contacts.create(ContactInput(name="Ada Stale"), now - D(days=400))
    interactions.log(ada, "message", now - D(days=400), now)  # someone never contacted is not due: unscheduled
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.due_count == 1 and "1 due" in screen_text(app).splitlines()[0]
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        await pilot.press("c")  # a call: nothing is due any more
        await settle(pilot)
        assert app.due_count == 0
        assert [i.kind for i in Interaction.select().where(Interaction.contact == ada)] == ["message", "call"]
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "due" not in screen_text(app).splitlines()[0]


def test_widgets_never_import_screens():
    for path in sorted((TUI / "widgets").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any(n.startswith("netui.tui.screens") for n in names), f"{path.name} imports {names}"


def test_no_screen_is_probed_for_methods():
    for path in sorted(TUI.rglob("*.py")):
        text = path.read_text()
        for probe in ('"reload"', '"update_topbar"', '"action_pane_give"'):
            assert probe not in text, f"{path.relative_to(TUI)} probes a screen for {probe}"


# --- key names ---------------------------------------------------------------------------------------


def test_every_binding_id_is_unique_and_names_its_screen():
    ids = [c.id for commands in SCOPES for c in commands]
    assert len(ids) == len(set(ids))
    assert "main.archive" in ids and "triage.archive" in ids
    assert all(c.id.startswith("main.") for c in MAIN) and all(c.id.startswith("triage.") for c in TRIAGE)


def test_old_key_names_mean_the_main_screens_command():
    keymap, unknown = resolve_keymap({"archive": "z", "log": "L", "triage.skip": "n", "log_call": "p", "snooze_ask": "w",
                                      "nothing": "q"})
    assert keymap == {"main.archive": "z", "main.log": "L", "triage.skip": "n", "triage.log_call": "p"}
    assert unknown == ["snooze_ask", "nothing"]  # two screens have snooze_ask, none has nothing
    assert resolve_keymap({"main.log": "L", "log": "K"})[0] == {"main.log": "L"}  # the full name wins
    assert resolve_keymap({"log": "K", "main.log": "L"})[0] == {"main.log": "L"}


@pytest.mark.parametrize("name", ["main.archive", "archive"])
async def test_remapping_main_archive_leaves_triage_alone(make_app, tmp_path, now, name):
    stale = contacts.create(ContactInput(name="Ada Stale"), now - D(days=400))
    other = contacts.create(ContactInput(name="Bea Stale"), now - D(days=400))
    use_config(tmp_path, f'[keys]\n"{name}" = "z"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("x")  # no longer archive on the main screen
        await settle(pilot)
        assert not Contact.get_by_id(stale).archived and not Contact.get_by_id(other).archived
        await pilot.press("z")
        await settle(pilot)
        assert Contact.get_by_id(stale).archived  # the first by name
        await pilot.press("u")
        await settle(pilot)
        assert not Contact.get_by_id(stale).archived
        await pilot.press("t", "w")  # everyone due: the stale were never contacted, so not in today's queue
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        first = app.screen.current
        await pilot.press("z")  # not triage's key
        await settle(pilot)
        assert not Contact.get_by_id(first).archived
        await pilot.press("x")  # triage's own archive key is untouched
        await settle(pilot)
        assert Contact.get_by_id(first).archived
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = app.screen.query_one("#help-body").text  # unwrapped
        assert '"triage.log_call" = "ctrl+a"' in help_text and "triage.archive" in help_text  # names for config.toml


def test_the_readme_keymap_example_names_real_commands():
    readme = (TUI.parents[1] / "README.md").read_text()
    block = next(b for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[keys]" in b)
    keys = tomllib.loads(block)["keys"]
    keymap, unknown = resolve_keymap(keys)
    assert not unknown and keymap["main.log"] == "L" and keymap["triage.skip"] == "j,space,n"


async def test_a_key_name_that_matches_nothing_is_reported(make_app, tmp_path):
    use_config(tmp_path, '[keys]\n"main.lgo" = "L"\n')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: any("no command is named main.lgo" in str(n.message) for n in app._notifications))


def test_a_change_is_dropped_only_for_one_that_covers_it():
    ada = DataChanged((1,), frozenset({"gives"}))
    assert ada.can_replace(DataChanged())  # anyone, everything
    assert ada.can_replace(DataChanged((1, 2)))
    assert not ada.can_replace(DataChanged((2,)))
    assert not ada.can_replace(DataChanged((1,), frozenset({"reminders"})))
    assert not DataChanged().can_replace(DataChanged((1,)))
    assert not DataChanged(external=True).can_replace(DataChanged())  # the later one must say "elsewhere" too
    assert DataChanged().can_replace(DataChanged(external=True))
