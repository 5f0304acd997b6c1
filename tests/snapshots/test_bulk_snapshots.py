"""The list with marks (space) and the bulk dialog (b), at 80x24 and 120x40, on the demo network: three
people marked, one skipped, one more marked, so the marked rows sit beside an unmarked one and the cursor.
Then what the dialog asks next: its list of what to do open, the log form with everyone marked in it,
and the export form (its folder pinned: the real one is beside the database, a temporary folder here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.screenshots import NOW, ShotApp, play

MARKS = ["space", "space", "space", "down", "space"]
DOES = [*MARKS, "b", "tab", "down"]  # the dialog's list of what to do, open

SCREENS: dict[str, list[str]] = {
    "marked": MARKS,
    "bulk-dialog": [*MARKS, "b"],
    "bulk-does": DOES,
    "bulk-log": [*DOES, *["down"] * 6, "enter", "ctrl+s"],
    "bulk-export": [*DOES, *["down"] * 7, "enter", "ctrl+s"],
}
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_bulk(name, size, snap_compare, demo_db, monkeypatch):
    monkeypatch.setattr("netui.tui.dialogs.bulk.export_dir", lambda db: Path.home() / ".local/share/netui/exports")
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
