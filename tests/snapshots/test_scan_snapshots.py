"""What the Scan screen looks like: the review of one person's proposals and the report, 80x24 and 120x40.

The small mailbox and calendar of ``tests/tui/scan_mail.py``, typed as relative paths from their folder,
times in UTC; the app settles (no worker running) before each key and before the picture.
"""

from __future__ import annotations

import time

import pytest

from bench.screenshots import NOW, ShotApp, play
from tests.tui.helpers import KEY_NAMES
from tests.tui.scan_mail import people, write

SIZES = [(80, 24), (120, 40)]
SCAN = ["M", *[KEY_NAMES.get(ch, ch) for ch in "Inbox calendar.ics"], "enter"]
STATES = {
    "review": SCAN,
    "report": [*SCAN, "L", "x", "l", "space"],  # Ada all, never Sam's address, Zoe's one, pass on Zed
}


@pytest.fixture
def scan_files(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    people(NOW)
    write(tmp_path / "mail")
    monkeypatch.chdir(tmp_path / "mail")
    yield db_path
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("state", list(STATES))
def test_scan_screen(state, size, snap_compare, scan_files):
    app = ShotApp(db_path=scan_files, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, STATES[state])

    assert snap_compare(app, terminal_size=size, run_before=run_before)
