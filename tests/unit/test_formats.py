"""One format for numbers, dates and columns (netui.core.formats)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from netui.core import formats


def test_counts_have_thousands_separators_and_plurals():
    assert formats.days(1) == "1 day"
    assert formats.days(2436) == "2,436 days"
    assert formats.count(151247, "item") == "151,247 items"
    assert formats.count(1, "person", "people") == "1 person"
    assert formats.count(3, "person", "people") == "3 people"


def test_dates_read_the_same_everywhere():
    assert formats.day(dt.date(2026, 12, 9)) == "09 Dec 2026"
    assert formats.day("2026-12-09 19:26:13") == "09 Dec 2026"
    assert formats.day(None, empty="never") == "never"
    assert formats.moment("2026-06-02 19:26:13") == "02 Jun 2026 19:26"
    assert formats.moment(dt.datetime(2026, 6, 2)) == "02 Jun 2026"  # a date typed without a time
    assert formats.yearly("--12-10") == "10 Dec"
    assert formats.yearly("1815-12-10") == "10 Dec 1815"
    assert formats.yearly("--13-40") == "--13-40"  # not a date: shown as stored, never an error


def test_relative_and_short_ages():
    today = dt.date(2026, 12, 4)
    assert formats.relative(today, today) == "today"
    assert formats.relative(dt.date(2026, 11, 20), today) == "14 days ago"
    assert formats.relative(dt.date(2027, 2, 18), today) == "in 76 days"
    assert formats.relative(dt.date(2026, 12, 5), today) == "tomorrow"
    assert [formats.ago(n) for n in (0, 3, 20, 200, 4000)] == ["today", "3d", "2w", "6mo", "10y"]


def test_wide_characters_take_two_columns_and_marks_none():
    assert formats.cells("Ada") == 3
    assert formats.cells("安藤 ハナ") == 9
    assert formats.cells("Zoë") == 3 and formats.cells("Zoe\u0308") == 3
    assert formats.cells("🎉 party") == 8


def test_fit_pads_to_exactly_the_width_and_cuts_with_an_ellipsis():
    assert formats.fit("Ada", 6) == "Ada   "
    assert formats.fit("Quartz Legal", 8) == "Quartz… "  # the cut trims the space before the ellipsis
    assert formats.fit("安藤ハナコさん", 7) == "安藤ハ…"
    assert formats.fit("安藤ハナコさん", 6) == "安藤… "  # a wide character is never split: padded instead
    assert formats.fit("42", 5, right=True) == "   42"


@given(st.text(max_size=40), st.integers(min_value=0, max_value=30))
def test_fit_is_always_exactly_the_width(text, width):
    out = formats.fit(text, width)
    assert formats.cells(out) == width
    if formats.cells(text) > width > 0:
        assert out.rstrip().endswith(formats.ELLIPSIS)
