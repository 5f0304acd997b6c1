"""Fitting text to cells: cutting with an ellipsis and wrapping with a hanging indent.

Widths are terminal cells, not characters: a CJK character or an emoji takes two, so a name in any
script is cut at the same column as its neighbours and never splits a wide character in half.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

MIN_WRAP = 12  # narrower than this, a hanging body would be a column of fragments: it wraps under the label


def ellipsize(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: as it is when it fits, else cut and ending in "…"."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def hang(prefix: Content, body: Content, width: int) -> list[Content]:
    """``body`` wrapped beside ``prefix``, its continuation lines under its first character, not at
    column 0: "(last: 02 Jun" / "2026)" reads as one value when the second line hangs under the first.

    ``width`` 0 (not known yet) or too narrow for a column beside the prefix: the body wraps at the
    full width instead, the lines still starting under each other.
    """
    indent = prefix.cell_length
    room = width - indent
    if width <= 0:
        return [prefix + body]
    if room < MIN_WRAP:
        return (prefix + body).wrap(width) or [prefix]
    rows = body.wrap(room) or [Content("")]
    pad = Content(" " * indent)
    return [(prefix if n == 0 else pad) + row.rstrip() for n, row in enumerate(rows)]


def hang_at(row: Content, indent: int, width: int) -> list[Content]:
    """``row`` wrapped with its continuation lines under its column ``indent`` (a label's width)."""
    if width <= 0 or row.cell_length <= width:
        return [row]
    label, body = row.divide([indent])
    return hang(label, body, width)
