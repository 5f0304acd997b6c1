"""The main screen in the default theme and a light one, at 80x24 and 120x40: every colour comes from
the theme's variables, so the organisation and last-contact columns stay readable in both.

The light theme is the one remembered in the database (as the palette's "Change theme" leaves it), so
these pictures also show that a chosen theme is restored at start.
"""

from __future__ import annotations

import pytest

from bench.screenshots import NOW, ShotApp, play
from netui.core import preferences

THEMES = ["textual-dark", "textual-light"]
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("theme", THEMES)
def test_main_in_theme(theme, size, snap_compare, demo_db):
    preferences.save_theme(theme)
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["down", "down", "down"])
        assert pilot.app.theme == theme

    assert snap_compare(app, terminal_size=size, run_before=run_before)
