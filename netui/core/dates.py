"""Reading the dates people type.

ISO forms, everyday forms ("yesterday", "3 days ago", "in 2 weeks", "last friday"), and anything
dateutil understands. Birthdays may omit the year: ``1987-09-11``, ``09-11``, ``--09-11``, ``--0911``,
``Sep 11``. Every function raises ``DateError`` with a message fit to show next to the field.

The one place dates and times change form, too: raw SQL rows (and JSON, and files) hand back ISO text
where peewee would give a ``datetime``. ``as_datetime``, ``as_date`` and ``iso`` take either and return
the one form the caller wants, so no module keeps its own copy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple, overload

from dateutil.relativedelta import relativedelta

from netui.core.errors import DateError

# --- coercion: stored values (objects or ISO text) in the form the caller needs ------------------


@overload
def as_datetime(value: dt.date) -> dt.datetime: ...


@overload
def as_datetime(value: str | None) -> dt.datetime | None: ...


def as_datetime(value: dt.date | str | None) -> dt.datetime | None:
    """A stored date or datetime (or its ISO text) as a datetime to the second; a date is its midnight."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    return dt.datetime.combine(value, dt.time())


@overload
def as_date(value: dt.date, *, strict: bool = True) -> dt.date: ...


@overload
def as_date(value: str | None, *, strict: bool = True) -> dt.date | None: ...


def as_date(value: dt.date | str | None, *, strict: bool = True) -> dt.date | None:
    """The calendar day of a stored date or datetime (or its ISO text).

    ISO text that is not a date raises ``ValueError``, or gives None when ``strict`` is false (bulk
    reads that must not stop at one damaged row).
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            if strict:
                raise
            return None
    return value.date() if isinstance(value, dt.datetime) else value


@overload
def iso(value: dt.date) -> str: ...


@overload
def iso(value: str | None) -> str | None: ...


def iso(value: dt.date | str | None) -> str | None:
    """The JSON text of a date (``2026-11-03``) or datetime (``2026-11-03 14:00:00``); text stays as it is."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return value.isoformat()


def day_start(when: dt.datetime | dt.date) -> dt.datetime:
    """Midnight at the start of ``when``'s day."""
    day = when.date() if isinstance(when, dt.datetime) else when
    return dt.datetime.combine(day, dt.time())


# --- reading what people type ----------------------------------------------------------------------


class Birthday(NamedTuple):
    month: int
    day: int
    year: int | None = None

    def __str__(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        name = calendar.month_abbr[self.month]
        return f"{self.day} {name}" + (f" {self.year}" if self.year else "")


_UNITS = {
    "minute": "minutes", "min": "minutes", "hour": "hours", "day": "days", "week": "weeks",
    "month": "months", "year": "years",
}
_RELATIVE = re.compile(r"^(?:(in)\s+)?(\d+|an?|one)\s+([a-z]+?)s?(?:\s+(ago|from now))?$")


def _relative(text: str, now: dt.datetime) -> dt.datetime | None:
    words = text.lower().strip()
    if words in ("now",):
        return now
    if words in ("today",):
        return now.replace(hour=0, minute=0, second=0)
    if words in ("yesterday",):
        return (now - dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    if words in ("tomorrow",):
        return (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0)
    match = _RELATIVE.match(words)
    if not match:
        return None
    into, count, unit, direction = match.groups()
    unit = _UNITS.get(unit)
    if unit is None or (not into and not direction):
        return None
    n = 1 if count in ("a", "an", "one") else int(count)
    if n > 100_000:
        raise DateError(f"{text!r} is too far away")
    delta = relativedelta(**{unit: n})  # type: ignore[arg-type]  # unit is one of relativedelta's plural keywords
    when = now - delta if direction == "ago" else now + delta
    if unit not in ("minutes", "hours"):
        when = when.replace(hour=0, minute=0, second=0)
    return when


def parse_datetime(text: str, now: dt.datetime) -> dt.datetime:
    """A point in time from what the user typed. A bare date means midnight of that day."""
    text = (text or "").strip()
    if not text:
        raise DateError("a date is needed")
    try:
        rel = _relative(text, now)
    except OverflowError as exc:
        raise DateError(f"{text!r} is out of range") from exc
    if rel is not None:
        return rel
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None, microsecond=0)
    except ValueError:
        pass
    try:
        from dateutil import parser as du_parser  # start-up: only typed dates need the parser

        default = now.replace(hour=0, minute=0, second=0, microsecond=0)
        value = du_parser.parse(text, default=default, fuzzy=False)
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateError(f"{text!r} is not a date netui understands (try 2026-11-03 or '3 days ago')") from exc
    if value.year < 1900 or value.year > 2200:
        raise DateError(f"{text!r}: the year {value.year} is out of range")
    return value.replace(tzinfo=None, microsecond=0)


def parse_date(text: str, now: dt.datetime) -> dt.date:
    return parse_datetime(text, now).date()


_BDAY_FORMS = [
    re.compile(r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})$"),
    re.compile(r"^--(?P<m>\d{2})-?(?P<d>\d{2})$"),
    re.compile(r"^(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
]


def make_birthday(month: int, day: int, year: int | None = None) -> Birthday:
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist")
    if year is not None and not 1800 <= year <= 2200:
        raise DateError(f"the year {year} is out of range")
    longest = calendar.monthrange(year if year else 2000, month)[1]  # 2000: Feb 29 allowed yearless
    if not 1 <= day <= longest:
        raise DateError(f"{calendar.month_name[month]} has no day {day}" + (f" in {year}" if year else ""))
    return Birthday(month, day, year)


def parse_birthday(text: str, today: dt.date | None = None) -> Birthday:
    """A birthday, with or without its year; with ``today`` (what a person types), not a day to come."""
    bday = _parse_birthday(text)
    if today is not None and bday.year is not None and dt.date(bday.year, bday.month, bday.day) > today:
        raise DateError(f"{text.strip()!r} is still to come: a birthday is the day they were born")
    return bday


def parse_met_on(text: str, now: dt.datetime) -> dt.date:
    """The day you met someone, as typed: a day to come is refused (the meeting plan counts from it)."""
    met = parse_date(text, now)
    if met > now.date():
        raise DateError(f"{met:%d %b %Y} is in the future: when did you meet?")
    return met


def _parse_birthday(text: str) -> Birthday:
    text = (text or "").strip()
    if not text:
        raise DateError("a birthday is needed")
    for form in _BDAY_FORMS:
        match = form.match(text)
        if match:
            parts = match.groupdict()
            year = int(parts["y"]) if parts.get("y") else None
            return make_birthday(int(parts["m"]), int(parts["d"]), year)
    has_year = bool(re.search(r"\b\d{4}\b", text))
    from dateutil import parser as du_parser  # start-up: as in the date parser above

    try:
        value = du_parser.parse(text, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError) as exc:
        raise DateError(f"{text!r} is not a birthday netui understands (try 1987-09-11 or Sep 11)") from exc
    return make_birthday(value.month, value.day, value.year if has_year else None)


def next_birthday(bday: Birthday, after: dt.date) -> dt.date:
    """The next date (on or after ``after``) the birthday is celebrated; Feb 29 falls on Feb 28."""
    for year in (after.year, after.year + 1):
        day = min(bday.day, calendar.monthrange(year, bday.month)[1])
        candidate = dt.date(year, bday.month, day)
        if candidate >= after:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover
