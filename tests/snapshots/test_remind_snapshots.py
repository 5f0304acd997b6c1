"""The reminder dialog (!) about the selected person, at 80x24 and 120x40, on the demo network."""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_remind_dialog(size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["down", "exclamation_mark"])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
