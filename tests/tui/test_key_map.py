"""One key, one meaning: a key bound on several screens runs the same kind of command on each."""

from __future__ import annotations

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.tui.commands import SAME_KEYS, SCOPES, keys_display
from netui.tui.layout import hang_at
from netui.tui.widgets.wrapped import Wrapped

from .helpers import settle

# key -> the actions it may run, wherever it is bound (the SAME_KEYS table in words)
MEANS = {
    "d": {"done", "give_done"},
    "delete": {"delete", "delete_entry"},
    "x": {"archive", "let_go", "give_drop", "never"},
    "s": {"snooze"},
    "S": {"snooze_ask", "sync"},  # the list has no snooze: S opens Sync there
    "space": {"skip", "mark"},  # on the list, where there is nobody to skip to, it marks for b
    "l": {"log", "accept_one"},
    "a": {"add", "add_person"},
    "g": {"give", "add_idea"},
    "y": {"copy"},
    "f": {"cadence", "circle"},
    "e": {"edit", "edit_entry"},
    "u": {"undo"},
    "c": {"log_call"},
    "at": {"log_email"},
}


def _bound() -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for commands in SCOPES:
        for c in commands:
            for key in c.key.split(","):
                out.setdefault(key, set()).add((c.scope, c.action))
    return out


def test_each_shared_key_means_one_thing_on_every_screen():
    bound = _bound()
    for key, actions in MEANS.items():
        strays = sorted(f"{scope}.{action}" for scope, action in bound.get(key, ()) if action not in actions)
        assert not strays, f"{key!r} also runs {strays}"


def test_the_same_keys_table_names_keys_that_exist():
    shown = {keys_display(k) for k in _bound()}
    for keys, _what in SAME_KEYS:
        for key in keys.split():
            assert key in shown, key


async def test_help_lines_hang_under_their_text_at_60_80_and_120_columns(make_app, now):
    """Each wrapped sentence hangs under its first word, and the help ends at its last line (its height
    counted for the width it has, not for the first guess: no blank rows to scroll through)."""
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = app.screen.query_one("#help-body", Wrapped)
        for width, height in ((80, 24), (60, 20), (120, 40)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            room = body.size.width
            wrapped = 0
            for row, indent in body._rows:
                plain = row.plain
                if plain.startswith("  "):  # a key and its sentence: the sentence starts at the indent
                    assert plain[indent - 1] == " " and plain[indent] != " ", plain
                for piece in hang_at(row, indent, room)[1:]:
                    wrapped += 1
                    assert piece.plain[:indent].strip() == "" and piece.plain[indent] != " ", (plain, piece.plain)
            assert wrapped, "nothing wrapped: the test shows nothing"
            assert body.size.height == sum(len(hang_at(row, indent, room)) for row, indent in body._rows)
