"""The key footer is rebuilt only when the keys it shows change: moving between two people on Today
keeps its widgets; moving onto the "let these go?" card, whose keys differ, shows them."""

from __future__ import annotations

from netui.core import demo
from netui.tui.screens.today import TodayScreen
from netui.tui.widgets.footer import Footer

from .helpers import settle, wait_for


def footer_keys(app) -> list:
    return list(app.screen.query_one(Footer).query("FooterKey"))


def shown(app) -> set[str]:
    return {str(key.description) for key in footer_keys(app) if not key.disabled}


async def test_the_footer_is_rebuilt_only_when_its_keys_change(make_app, db_path, now):
    demo.generate(300, seed=1, now=now)
    app = make_app(start="today")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        await wait_for(pilot, lambda: footer_keys(app))
        widgets = footer_keys(app)
        first = app.screen.current
        await pilot.press("down")
        await settle(pilot)
        assert app.screen.current != first and app.screen.current.startswith("person-")
        assert footer_keys(app) == widgets  # the same keys: the same widgets, not rebuilt
        assert "Keep" not in shown(app)
        while app.screen.current != "let-go":
            await pilot.press("down")
            await settle(pilot)
        await wait_for(pilot, lambda: "Keep" in shown(app))  # the let-go card's own key
        assert footer_keys(app) != widgets
