from __future__ import annotations

import datetime as dt

import pytest

from netui.core.dates import Birthday, DateError, next_birthday, parse_birthday, parse_date, parse_datetime

NOW = dt.datetime(2026, 11, 21, 10, 30)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-03", dt.datetime(2026, 11, 3)),
        ("2026-11-03 14:00", dt.datetime(2026, 11, 3, 14, 0)),
        ("yesterday", dt.datetime(2026, 11, 20)),
        ("today", dt.datetime(2026, 11, 21)),
        ("now", NOW),
        ("3 days ago", dt.datetime(2026, 11, 18)),
        ("2 weeks ago", dt.datetime(2026, 11, 7)),
        ("in 1 month", dt.datetime(2026, 12, 21)),
        ("a year ago", dt.datetime(2025, 11, 21)),
        ("Nov 3", dt.datetime(2026, 11, 3)),
        ("3 March 2024", dt.datetime(2024, 3, 3)),
    ],
)
def test_everyday_dates(text, expected):
    assert parse_datetime(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "Feb 30 2025", "2025-02-30", "not a date", "0000-01-01", "year 0"])
def test_bad_dates_say_so(text):
    with pytest.raises(DateError):
        parse_date(text, NOW)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1987-09-11", Birthday(9, 11, 1987)),
        ("09-11", Birthday(9, 11)),
        ("--09-11", Birthday(9, 11)),
        ("--0911", Birthday(9, 11)),
        ("Sep 11", Birthday(9, 11)),
        ("11 September 1987", Birthday(9, 11, 1987)),
        ("--02-29", Birthday(2, 29)),
    ],
)
def test_birthdays_with_and_without_year(text, expected):
    assert parse_birthday(text) == expected


@pytest.mark.parametrize("text", ["2023-02-29", "--02-30", "13-01", "Smarch 3"])
def test_impossible_birthdays(text):
    with pytest.raises(DateError):
        parse_birthday(text)


def test_birthday_text_forms():
    assert str(Birthday(9, 11)) == "--09-11"
    assert str(Birthday(9, 11, 1987)) == "1987-09-11"
    assert Birthday(9, 11).display() == "11 Sep"


def test_feb_29_is_celebrated_on_feb_28_in_other_years():
    assert next_birthday(Birthday(2, 29), dt.date(2026, 1, 1)) == dt.date(2026, 2, 28)
    assert next_birthday(Birthday(2, 29), dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)
    assert next_birthday(Birthday(1, 5), dt.date(2026, 11, 21)) == dt.date(2027, 1, 5)
