"""What people see: every screen of bench/screenshots.py and every main dialog, at 80x24 and 120x40.

The demo network at the pinned clock, in a temporary database; the app settles (no worker running, no
toast, no blinking cursor) before each key and before the picture. A failing test writes
snapshot_report.html showing both pictures; after a deliberate change, look at it, then regenerate with
``.venv/bin/python -m pytest tests/snapshots --snapshot-update`` and review the SVGs like code.
"""

from __future__ import annotations

import pytest

from bench.screenshots import EXTRA, NOW, SHOTS, ShotApp, play

PICK = ["down", "down", "down"]  # the fourth contact in the list, as the screenshots have it

# name -> keys pressed on the main screen (None: an empty database, the welcome screen)
SCREENS: dict[str, list[str] | None] = {
    **{name: keys for name, _size, keys in SHOTS + EXTRA if name != "main-80x24"},  # both sizes below
    "form-edit": [*PICK, "e"],
    "form-log": [*PICK, "l"],
    "form-give": [*PICK, "g"],
    # Typed, so every hit comes from one provider: the empty palette lists providers' commands in the
    # order their searches happen to finish.
    "palette": ["ctrl+p", *"mbeki"],
    "gives": ["G"],
    "send-interest": ["G", "b", "enter", "down", "enter"],  # the most shared interest picked: who has it
    "triage-fading": ["O", "t"],  # the overview's fading list, walked in triage
}
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name, size, snap_compare, request):
    keys = SCREENS[name]
    path = request.getfixturevalue("db_path" if keys is None else "demo_db")
    app = ShotApp(db_path=path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, keys)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
