"""Merging two contacts: picking the second person, and both sides field by field, at 80x24 and 120x40.

Two Graces who are one person (the same email), with a bit of everything that differs between them;
the app settled before each key and before the picture, as in ``test_snapshots.py``.
"""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput, Method
from netui.core.dates import Birthday

SCREENS: dict[str, list[str]] = {
    "merge-pick": ["down", "m"],
    "merge": ["down", "m", "enter", "b", "down", "down", "down"],
}
SIZES = [(80, 24), (120, 40)]


def two_graces() -> None:
    a = contacts.create(ContactInput(
        name="Grace Hopper", organization="US Navy", title="Rear Admiral", how_met="a COBOL talk in Philadelphia",
        circle="inner", note="Invented the first compiler; hands out nanosecond wires.", birthday=Birthday(12, 9, 1906),
        emails=[Method("email", "grace@navy.example")], tags=["cobol"],
    ), NOW)
    b = contacts.create(ContactInput(
        name="Grace B. Hopper", organization="Harvard Computation Lab", title="Programmer",
        reason="she explains machines to people", note="Worked on the Mark I.",
        emails=[Method("email", "grace@navy.example"), Method("email", "gbh@harvard.example")], tags=["mark-i"],
    ), NOW)
    contacts.create(ContactInput(name="Howard Aiken", organization="Harvard Computation Lab"), NOW)
    interactions.log(a, "call", NOW.replace(hour=8), NOW, summary="about the COBOL meeting")
    interactions.log(b, "email", NOW.replace(hour=9), NOW, summary="the Mark I manual")
    gives.add(b, "a photo of the moth", NOW)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_merge(name, size, snap_compare, db_path):
    two_graces()
    app = ShotApp(db_path=db_path, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
