"""The detail pane's timeline with the focus (a row highlighted) and its edit dialog, at 80x24 and 120x40.

As ``test_snapshots.py``: the demo network at the pinned clock, the app settled before each key and
before the picture.
"""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play

PICK = ["down", "down", "down"]  # the fourth contact in the list, as the other snapshots have it

SCREENS: dict[str, list[str]] = {
    "timeline": [*PICK, "enter", "down"],
    "timeline-edit": [*PICK, "enter", "down", "e"],
}
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_timeline(name, size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
