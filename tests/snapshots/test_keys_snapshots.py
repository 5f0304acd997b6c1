"""Keys and empty states as people see them, at 80x24 and 120x40 (settled as in test_snapshots.py): the
palette with each command's key, a filter that finds nobody, the archived view with nobody in it, and
the sample network opened in its own database."""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play

SIZES = [(80, 24), (120, 40)]
IDS = [f"{w}x{h}" for w, h in SIZES]

# name -> keys pressed on the main screen of the demo network
STATES = {
    "palette-open": ["ctrl+p"],  # this screen's commands first, each with its key
    "palette-overview": ["ctrl+p", *"overview"],
    "filter-nobody": ["slash", *"qqq"],
    "archived-nobody": ["A"],
    "sample-opened": ["D"],
}


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("name", list(STATES))
def test_keys_state(name, size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, STATES[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
