"""Small text charts for the strength pane and the overview: bars, stacked bars, and month columns.

Pure functions from numbers to ``Content`` sized for a given width, so a screen redraws them on resize
and tests can read them as text. Bars use eighth blocks: a bar's end is as exact as a terminal allows.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence

from textual.content import Content

from netui.tui.safe import line

RIGHT_EIGHTHS = " ▏▎▍▌▋▊▉█"
UP_EIGHTHS = " ▁▂▃▄▅▆▇█"
MUTED = "$text-muted"
BAR_GREY = "$panel-lighten-3"  # a quiet bar (cold, neutral) that stays darker than the text
TIER_STYLE = {"strong": "$text-success", "warm": "$text-warning", "weak": "$text-error", "cold": MUTED}
_BY_RANK = ("$text-success", "$text-warning", "$text-error", MUTED)  # for tiers renamed in config.toml


def tier_style(tier: str, names: Sequence[str] = (), *, bar: bool = False) -> str:
    """The colour of a tier: green strong, amber warm, red weak, grey cold (by rank if renamed).

    ``bar``: for blocks rather than text, where muted text's translucent grey would be too bright.
    """
    if tier in TIER_STYLE:
        style = TIER_STYLE[tier]
    elif tier in names:
        rank = list(names).index(tier)
        style = MUTED if rank == len(names) - 1 else _BY_RANK[min(rank, len(_BY_RANK) - 2)]
    else:
        style = MUTED
    return BAR_GREY if bar and style == MUTED else style


def hbar(value: float, top: float, width: int) -> str:
    """A bar ``width * value / top`` cells long, to the eighth of a cell; a non-zero value shows."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * min(value, top) / top))
    full, rest = divmod(eighths, 8)
    return "█" * full + (RIGHT_EIGHTHS[rest] if rest else "")


def stacked(parts: Sequence[tuple[int, str]], top: int, width: int) -> Content:
    """One bar of ``(count, style)`` parts side by side, ``width * sum / top`` whole cells long.

    Cells are shared by largest remainder, and every non-zero part keeps at least one cell when the
    bar has room, so a small tier next to a big one is still seen.
    """
    total = sum(n for n, _ in parts)
    if top <= 0 or total <= 0 or width <= 0:
        return Content("")
    cells = max(1, round(width * total / top))
    exact = [cells * n / total for n, _ in parts]
    sizes = [math.floor(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: -(exact[i] - sizes[i]))[: cells - sum(sizes)]:
        sizes[i] += 1
    for i, (n, _) in enumerate(parts):  # a part with people but no cell borrows from the biggest
        if n and not sizes[i]:
            big = max(range(len(sizes)), key=lambda j: sizes[j])
            if sizes[big] > 1:
                sizes[big] -= 1
                sizes[i] = 1
    return line(*[("█" * size, style) for size, (_, style) in zip(sizes, parts, strict=False) if size])


def columns(values: Sequence[float], top: float, height: int, col_width: int, styles: Sequence[str],
            gap: int = 1) -> list[Content]:
    """A column chart, top row first: one column of ``col_width - gap`` cells per value.

    Each row holds eight levels, so a chart four rows high tells 32 heights apart; a non-zero value
    always shows at least the lowest level.
    """
    bar = max(1, col_width - gap)
    pad = " " * (col_width - bar)
    levels = []
    for v in values:
        level = round(8 * height * min(v, top) / top) if top > 0 and v > 0 else 0
        levels.append(max(level, 1) if v > 0 else 0)
    rows = []
    for r in range(height):
        base = 8 * (height - 1 - r)
        parts = []
        for level, style in zip(levels, styles, strict=False):
            parts.append((UP_EIGHTHS[min(8, max(0, level - base))] * bar, style))
            parts.append(pad)
        rows.append(line(*parts))
    return rows


def month_labels(months: Sequence[str], col_width: int, *, years: bool = True) -> list[Content]:
    """Labels under month columns ("YYYY-MM"): month names as often as they fit, then the years.

    Months are labelled every 1, 2, 3, 6 or 12 months (whichever is the first to leave a space
    between names), always on January; the year row puts each year under its January, and under
    the first column when no January is near.
    """
    width = col_width * len(months) + 2  # the last name may run past its column
    step = next((s for s in (1, 2, 3, 6, 12) if s * col_width >= 4), 12)
    names = [" "] * width
    year_row = [" "] * width

    def put(row: list[str], at: int, text: str) -> None:
        for i, ch in enumerate(text):
            if at + i < width:
                row[at + i] = ch

    first_jan = None
    for n, month in enumerate(months):
        number = int(month[5:7])
        if (number - 1) % step == 0:
            put(names, n * col_width, calendar.month_abbr[number])
        if number == 1:
            first_jan = n if first_jan is None else first_jan
            put(year_row, n * col_width, month[:4])
    if months and (first_jan is None or first_jan * col_width >= 5):
        put(year_row, 0, months[0][:4])
    out = [line(("".join(names).rstrip(), MUTED))]
    if years:
        out.append(line(("".join(year_row).rstrip(), MUTED)))
    return out


def fit(content: Content, width: int) -> Content:
    """``content`` cut to ``width`` cells with an ellipsis, or padded to it."""
    if width <= 0:
        return Content("")
    return content.truncate(width, ellipsis=True, pad=True)


def month_name(month: str) -> str:
    """ "2026-10" -> "Oct 2026"."""
    return f"{calendar.month_abbr[int(month[5:7])]} {month[:4]}"
