"""The list with marks (space) and the bulk dialog (b), at 80x24 and 120x40, on the demo network: three
people marked, one skipped, one more marked, so the marked rows sit beside an unmarked one and the cursor.
"""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play

MARKS = ["space", "space", "space", "down", "space"]

SCREENS: dict[str, list[str]] = {
    "marked": MARKS,
    "bulk-dialog": [*MARKS, "b"],
}
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_bulk(name, size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
