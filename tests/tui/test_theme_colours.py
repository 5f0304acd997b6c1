"""Text is drawn in the theme's text colours: ``$text-accent`` rather than ``$accent`` (and so on), which
Textual derives to stay readable on the theme's background, light or dark. ``$accent`` itself is for
borders and backgrounds: orange text on a light theme's grey cannot be read."""

from __future__ import annotations

import re
from pathlib import Path

import netui.tui

TUI = Path(netui.tui.__file__).parent
RAW = r"\$(accent|success|warning|error|primary|secondary)\b(?!-)"


def test_text_styles_use_the_themes_text_colours():
    found = []
    for path in sorted(TUI.rglob("*.py")):
        for n, text in enumerate(path.read_text().splitlines(), 1):
            # a style string whose colour is a raw theme colour, not a background ("on $accent 40%")
            for match in re.finditer(r'"([^"]*)"', text):
                style = match.group(1)
                if re.search(rf"(?<!on ){RAW}", style) and not re.search(rf"on {RAW}", style):
                    found.append(f"{path.name}:{n}: {style}")
    for path in sorted(TUI.rglob("*.tcss")):
        for n, text in enumerate(path.read_text().splitlines(), 1):
            if re.match(rf"\s*(border-title-)?color:\s*{RAW}", text):
                found.append(f"{path.name}:{n}: {text.strip()}")
    assert not found, found
