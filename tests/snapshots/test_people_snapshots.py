"""The detail pane with People and the journal, at 80x24 and 120x40: the demo network's fourth contact
(as the other snapshots pick) with two relations and two journal entries, as shown and walked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import journal, relations, search

PICK = ["down", "down", "down"]  # the fourth contact in the list, as the other snapshots have it

SCREENS: dict[str, list[str]] = {
    "people": PICK,
    "people-walk": [*PICK, "enter", "up"],  # the cursor on the nearest person
}
SIZES = [(80, 24), (120, 40)]


def _context() -> None:
    """Two people linked to the fourth contact and two dated entries in their journal."""
    first = search.page(search.Query(""), "name", 0, 6)
    me, introducer, colleague = first[3].id, first[0].id, first[5].id
    relations.add(me, introducer, "introduced-by", NOW)
    relations.add(colleague, me, "manager", NOW)
    journal.add(me, "moved to the London office; the team doubled", NOW, on=dt.date(2026, 11, 20))
    journal.add(me, "kids: Ana 7, Leo 4", NOW, on=dt.date(2026, 9, 14))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("name", list(SCREENS))
def test_people(name, size, snap_compare, demo_db):
    _context()
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, SCREENS[name])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
