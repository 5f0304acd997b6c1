"""The main screen in every built-in theme: the default and a light one at 80x24 and 120x40, each other
theme of ``App.available_themes`` once at 80x24. Every colour comes from the theme's variables, so the
organisation and last-contact columns stay readable in all of them.

The theme is the one remembered in the database (as the palette's "Change theme" leaves it), so these
pictures also show that a chosen theme is restored at start. Beside them, a check without pictures: no
text colour netui uses vanishes into a background netui draws, in any theme.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.widgets import OptionList

import netui.tui
from bench.screenshots import NOW, ShotApp, play
from netui.core import preferences
from netui.tui.app import NetuiApp

THEMES = ["textual-dark", "textual-light"]
SIZES = [(80, 24), (120, 40)]
EVERY_THEME = list(App().available_themes)
OTHERS = [name for name in EVERY_THEME if name not in THEMES]
TUI = Path(netui.tui.__file__).parent
# Textual's own themes put a green at 2.1 against their panel; text on its solid block cursor came to 1.0
# (blue on blue). The floor keeps words from vanishing; the palettes are the themes' own.
FLOOR = 1.8


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("theme", THEMES)
def test_main_in_theme(theme, size, snap_compare, demo_db):
    preferences.save_theme(theme)
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["down", "down", "down"])
        assert pilot.app.theme == theme

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", OTHERS)
def test_main_in_every_builtin_theme(theme, snap_compare, demo_db):
    preferences.save_theme(theme)
    app = ShotApp(db_path=demo_db, now=lambda: NOW)

    async def run_before(pilot) -> None:
        await play(pilot, ["down", "down", "down"])
        assert pilot.app.theme == theme

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_every_builtin_theme_has_a_picture():
    assert sorted(THEMES + OTHERS) == sorted(EVERY_THEME) and len(EVERY_THEME) > 2


def _luminance(c: Color) -> float:
    def channel(v: int) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio: 1 (none) to 21 (black on white)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _styles() -> str:
    return "\n".join(p.read_text() for p in (*TUI.rglob("*.tcss"), *TUI.rglob("*.py")))


def _colour(value: str, under: Color) -> Color:
    """A theme variable's value (``#abc`` or ``auto 87%``: the contrasting text) as drawn on ``under``."""
    if value.startswith("auto"):
        return under + under.get_contrast_text(float(value.split()[1].rstrip("%")) / 100)
    return under + Color.parse(value)


class ListProbe(App):
    """netui's styles around one list, to read the colour a highlighted row is drawn on."""

    CSS_PATH = NetuiApp.CSS_PATH

    def compose(self):
        yield OptionList("one", "two")


async def test_no_theme_draws_text_that_vanishes_into_its_background():
    """Every ``$text…`` colour netui names, on every background its styles name (and a list's highlighted
    row, as Textual resolves it), in every built-in theme but the ANSI ones (the terminal's own colours)."""
    text = _styles()
    texts = sorted(set(re.findall(r"\$(text(?:-[a-z]+)?)\b", text)))
    backgrounds = sorted(set(re.findall(r"background: \$([a-z0-9-]+)(?: (\d+)%)?;", text)))
    assert "text-muted" in texts and ("accent", "40") in backgrounds
    app = ListProbe()
    low = []
    async with app.run_test() as pilot:
        rows = app.query_one(OptionList)
        for theme in EVERY_THEME:
            if theme.startswith("ansi-"):
                continue
            app.theme = theme
            await pilot.pause()
            variables = app.theme_variables
            base = Color.parse(variables["background"])
            grounds = {f"${name} {pct or 100}%": base + Color.parse(variables[name]).multiply_alpha(int(pct or 100) / 100)
                       for name, pct in backgrounds}
            for focused in (True, False):
                if focused:
                    rows.focus()
                else:
                    app.set_focus(None)
                await pilot.pause()
                style = rows.get_component_rich_style("option-list--option-highlighted")
                grounds[f"highlighted row (focused: {focused})"] = Color.from_rich_color(style.bgcolor)
            for ground_name, ground in grounds.items():
                for name in texts:
                    ratio = contrast(_colour(variables[name], ground), ground)
                    if ratio < FLOOR:
                        low.append(f"{theme}: ${name} on {ground_name}: {ratio:.2f}")
    assert not low, low
