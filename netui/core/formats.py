"""One way to write numbers, dates and columns, wherever netui shows them.

``2,436 days``, ``151,247 items``, ``09 Dec 2026``: the screens and the CLI's human output use these,
so a date never reads ``2026-12-09`` on one line and ``09 Dec 2026`` on the next. ``cells`` and ``fit``
measure text by the columns a terminal gives it (a CJK character or most emoji take two), so columns
line up whatever the names are written in, and every cut ends in an ellipsis.

Plain Python: the CLI uses it without importing Textual or Rich.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 day``, ``2,436 days``, ``1 person``/``3 people`` (pass the plural when it is not +s)."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def days(n: int) -> str:
    return count(n, "day")


def _as_datetime(value: dt.date | str) -> dt.date:
    if isinstance(value, str):
        text = value.strip()
        return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    return value


def day(value: dt.date | str | None, *, empty: str = "") -> str:
    """``09 Dec 2026`` for a date, a datetime or an ISO text; ``empty`` for none."""
    if value is None or value == "":
        return empty
    d = _as_datetime(value)
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def moment(value: dt.datetime | str | None, *, empty: str = "") -> str:
    """``09 Dec 2026 14:05``; a time of exactly midnight is left out (a date typed without one)."""
    if value is None or value == "":
        return empty
    d = _as_datetime(value)
    if not isinstance(d, dt.datetime) or d.time() == dt.time():
        return day(d)
    return f"{day(d)} {d:%H:%M}"


def birthday(month: int, day_: int, year: int | None = None) -> str:
    """``10 Dec`` when the year is not known, ``10 Dec 1815`` when it is."""
    return f"{day_:02d} {MONTHS[month - 1]}" + (f" {year}" if year else "")


def yearly(text: str) -> str:
    """A stored date that may lack its year (``--12-10`` or ``1815-12-10``), as people read it."""
    if text.startswith("--") and len(text) == 7 and text[2:4].isdigit() and text[5:7].isdigit():
        month, d = int(text[2:4]), int(text[5:7])
        if 1 <= month <= 12 and 1 <= d <= 31:
            return birthday(month, d)
        return text
    try:
        return day(text)
    except ValueError:
        return text


def relative(target: dt.date, today: dt.date) -> str:
    """``today``, ``yesterday``, ``tomorrow``, ``14 days ago``, ``in 76 days``."""
    delta = (target - today).days
    if delta == 0:
        return "today"
    if delta == -1:
        return "yesterday"
    if delta == 1:
        return "tomorrow"
    return f"{days(-delta)} ago" if delta < 0 else f"in {days(delta)}"


def ago(n: int) -> str:
    """The short age of a last contact for a narrow column: ``today``, ``3d``, ``5w``, ``6mo``, ``2y``."""
    if n <= 0:
        return "today"
    if n < 14:
        return f"{n}d"
    if n < 60:
        return f"{n // 7}w"
    return f"{n // 30}mo" if n < 730 else f"{n // 365:,}y"


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    if char in "\u200b\u200c\u200d\u2060\ufeff" or "\ufe00" <= char <= "\ufe0f":
        return 0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes (two for wide characters, none for combining marks)."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(c) for c in text)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in an ellipsis when something was cut."""
    if cells(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        w = _char_cells(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out).rstrip() + ELLIPSIS


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` clipped to ``width`` columns and padded to exactly ``width``."""
    cut = clip(text, width)
    pad = " " * (width - cells(cut))
    return pad + cut if right else cut + pad
