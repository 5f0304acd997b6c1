from __future__ import annotations

import datetime as dt

import pytest

from netui.core.dates import (
    Birthday,
    DateError,
    as_date,
    as_datetime,
    day_start,
    iso,
    next_birthday,
    parse_birthday,
    parse_date,
    parse_datetime,
)

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


# --- coercion: what SQL rows, JSON and peewee hand back, in the one form each caller needs ------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("2026-11-03 14:05:09", dt.datetime(2026, 11, 3, 14, 5, 9)),
        ("2026-11-03T14:05:09.123456", dt.datetime(2026, 11, 3, 14, 5, 9)),
        ("2026-11-03", dt.datetime(2026, 11, 3)),
        (dt.datetime(2026, 11, 3, 14, 5, 9, 999), dt.datetime(2026, 11, 3, 14, 5, 9)),
        (dt.date(2026, 11, 3), dt.datetime(2026, 11, 3)),
    ],
)
def test_as_datetime_reads_objects_and_iso_text_to_the_second(value, expected):
    assert as_datetime(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026-11-03 23:59:59", dt.date(2026, 11, 3)),
        (dt.datetime(2026, 11, 3, 23, 59), dt.date(2026, 11, 3)),
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3)),
    ],
)
def test_as_date_is_the_calendar_day(value, expected):
    assert as_date(value) == expected


def test_as_date_of_damaged_text_raises_unless_told_to_skip_it():
    with pytest.raises(ValueError):
        as_date("not a date")
    assert as_date("not a date", strict=False) is None
    assert as_date("2026-11-03", strict=False) == dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, None),
        ("", None),
        ("2026-11-03 14:05:09", "2026-11-03 14:05:09"),  # text is already in its JSON form
        (dt.datetime(2026, 11, 3, 14, 5, 9, 999), "2026-11-03 14:05:09"),
        (dt.datetime(2026, 11, 3), "2026-11-03 00:00:00"),
        (dt.date(2026, 11, 3), "2026-11-03"),
    ],
)
def test_iso_is_the_json_text(value, expected):
    assert iso(value) == expected


def test_day_start_is_midnight_of_that_day():
    assert day_start(dt.datetime(2026, 11, 3, 14, 5)) == dt.datetime(2026, 11, 3)
    assert day_start(dt.date(2026, 11, 3)) == dt.datetime(2026, 11, 3)
