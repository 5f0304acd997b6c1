"""A shared interaction: the timeline saying who else was there, and the question deleting it asks
(this person, or everyone), at 80x24 and 120x40."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts, interactions
from netui.core.contacts import ContactInput

SCREENS: dict[str, list[str]] = {
    "shared-timeline": ["enter"],
    "shared-delete": ["enter", "delete"],
}
SIZES = [(80, 24), (120, 40)]


def dinner() -> None:
    ada, bob, cy = (contacts.create(ContactInput(name=n, organization=o), NOW)
                    for n, o in (("Ada Byron", "Analytical"), ("Bob Kahn", "DARPA"), ("Cy Young", "")))
    interactions.log_with([ada, bob, cy], "in-person", NOW - dt.timedelta(hours=14), NOW, summary="dinner at Rita's")
    interactions.log(ada, "call", NOW - dt.timedelta(days=3), NOW, summary="the engine drawings")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_shared(name, size, snap_compare, db_path):
    dinner()
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
