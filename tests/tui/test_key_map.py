"""One key, one meaning: a key bound on several screens runs the same kind of command on each."""

from __future__ import annotations

from netui.tui.commands import SAME_KEYS, SCOPES, keys_display

# key -> the actions it may run, wherever it is bound (the SAME_KEYS table in words)
MEANS = {
    "d": {"done", "give_done"},
    "delete": {"delete", "delete_entry"},
    "x": {"archive", "let_go", "give_drop", "never"},
    "s": {"snooze"},
    "S": {"snooze_ask", "sync"},  # the list has no snooze: S opens Sync there
    "space": {"skip"},
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
