"""What Today looks like after one person is done, and its empty state, at 80x24 and 120x40 (settled as in
test_snapshots.py; the morning's queue itself is test_snapshots.py's "today")."""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts, interactions
from netui.core.contacts import ContactInput

SIZES = [(80, 24), (120, 40)]
IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("keys", [["T", "c"]], ids=["one-done"])
def test_today(keys, size, snap_compare, demo_db):
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, keys)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_today_empty(size, snap_compare, db_path):
    cid = contacts.create(ContactInput(name="Felix Fine"), NOW)
    interactions.log(cid, "call", NOW, NOW)  # nothing due, nothing to sort
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["T"])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
