"""Recurrence rules: what people type (``every 3 months``, ``every other friday``, an RRULE) as checked
RRULE text, the next occurrence of a rule, and a rule in words.

Rules are RFC 5545 RRULE text without DTSTART (a reminder's ``due_at`` is its start). The smallest step
is a day; month ends clamp instead of skipping (``monthly`` from the 31st falls on the last day of
shorter months), and a rule whose parts can never meet is refused when it is typed.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.rrule import rrule as RRule
from dateutil.rrule import rrulestr

from netui.core.dates import Birthday
from netui.core.errors import ReminderError
from netui.core.text import sanitize

_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_PARTS = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYYEARDAY", "BYWEEKNO",
    "BYSETPOS", "WKST", "BYHOUR", "BYMINUTE", "BYSECOND",
}
_WEEKDAYS = {
    "monday": "MO", "mon": "MO", "tuesday": "TU", "tue": "TU", "tues": "TU", "wednesday": "WE", "wed": "WE",
    "thursday": "TH", "thu": "TH", "thurs": "TH", "friday": "FR", "fri": "FR", "saturday": "SA", "sat": "SA",
    "sunday": "SU", "sun": "SU",
}
_SIMPLE = {
    "daily": ("DAILY", 1), "weekly": ("WEEKLY", 1), "fortnightly": ("WEEKLY", 2), "biweekly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1),
}
_UNITS = {
    "day": ("DAILY", 1), "week": ("WEEKLY", 1), "month": ("MONTHLY", 1), "quarter": ("MONTHLY", 3), "year": ("YEARLY", 1),
}
_EVERY = re.compile(r"^(?:every|each)\s+(?:(other)\s+|(\d+)\s+)?([a-z]+?)s?$")
_RULE_HELP = "try 'every 3 months', 'monthly', 'every other friday' or an RRULE like FREQ=MONTHLY;BYDAY=2TU"


def _friendly(text: str, start: dt.datetime) -> str | None:
    """``every 3 months`` and friends as RRULE text; None if ``text`` is not in that form."""
    words = " ".join(text.lower().split())
    if words in _SIMPLE:
        freq, interval = _SIMPLE[words]
        byday = None
    else:
        match = _EVERY.match(words)
        if not match:
            return None
        other, count, unit = match.groups()
        interval = 2 if other else int(count or 1)
        if unit in _UNITS:
            freq, step = _UNITS[unit]
            interval *= step
            byday = None
        else:
            byday = _WEEKDAYS.get(unit) or _WEEKDAYS.get(unit + "s")  # "thurs" loses its s to the regex
            if byday is None:
                return None
            freq = "WEEKLY"
    if not 1 <= interval <= 1000:
        raise ReminderError(f"{text!r}: the interval must be between 1 and 1000")
    parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else []) + ([f"BYDAY={byday}"] if byday else [])
    # Month ends: "monthly" from the 31st means the last day of shorter months, not skipping them.
    if freq == "MONTHLY" and start.day > 28:
        parts += [f"BYMONTHDAY={','.join(str(d) for d in range(28, start.day + 1))}", "BYSETPOS=-1"]
    elif freq == "YEARLY" and (start.month, start.day) == (2, 29):
        parts += ["BYMONTH=2", "BYMONTHDAY=28,29", "BYSETPOS=-1"]
    return ";".join(parts)


def _normalize_rrule(text: str) -> str:
    """Check RRULE text part by part, with messages that say what is wrong."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    body = body.strip().upper().rstrip(";")
    if not body or any(c in body for c in ":\n\r"):
        raise ReminderError(f"{text!r} is not a recurrence rule netui understands ({_RULE_HELP})")
    parts: dict[str, str] = {}
    for item in body.split(";"):
        name, sep, value = item.strip().partition("=")
        if not sep or not value:
            raise ReminderError(f"{text!r}: {item.strip() or 'an empty part'} is not NAME=VALUE ({_RULE_HELP})")
        if name not in _PARTS:
            raise ReminderError(f"{text!r}: netui does not know the rule part {name}")
        if name in parts:
            raise ReminderError(f"{text!r}: {name} is given twice")
        parts[name] = value
    freq = parts.get("FREQ")
    if freq is None:
        raise ReminderError(f"{text!r}: a rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)")
    if freq in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise ReminderError(f"{text!r}: FREQ={freq} is too often for a reminder; the smallest step is DAILY")
    if freq not in _FREQS:
        raise ReminderError(f"{text!r}: FREQ={freq} is not one of {', '.join(_FREQS)}")
    for name, low, high in (("COUNT", 1, 10_000), ("INTERVAL", 1, 1000)):
        if name in parts:
            if not parts[name].isdigit():
                raise ReminderError(f"{text!r}: {name} must be a whole number")
            if not low <= int(parts[name]) <= high:
                if name == "COUNT" and int(parts[name]) == 0:
                    raise ReminderError(f"{text!r}: COUNT=0 would never come due")
                raise ReminderError(f"{text!r}: {name} must be between {low} and {high}")
    if "COUNT" in parts and "UNTIL" in parts:
        raise ReminderError(f"{text!r}: give COUNT or UNTIL, not both")
    if "UNTIL" in parts:
        until = parts["UNTIL"].rstrip("Z")  # netui's times are local: a UTC marker is read as local time
        if re.fullmatch(r"\d{8}", until):
            until += "T235959"  # a date means "up to the end of that day"
        if not re.fullmatch(r"\d{8}T\d{6}", until):
            raise ReminderError(f"{text!r}: UNTIL must be a date like 20271231 or 20271231T090000")
        parts["UNTIL"] = until
    order = ["FREQ", "INTERVAL", "COUNT", "UNTIL"]
    names = order + sorted(p for p in parts if p not in order)
    return ";".join(f"{name}={parts[name]}" for name in names if name in parts)


def _rrule(text: str, dtstart: dt.datetime) -> RRule:
    try:
        rule = rrulestr(text, dtstart=dtstart, ignoretz=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise ReminderError(f"{text!r} is not a valid recurrence rule ({exc or _RULE_HELP})") from None
    if not isinstance(rule, RRule):  # pragma: no cover - one RRULE line never makes a set
        raise ReminderError(f"{text!r}: one rule only")
    return rule


def _can_happen(rule: str, start: dt.datetime) -> bool:
    """Whether the rule's calendar parts can ever meet (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 cannot).

    dateutil looks for a match up to the year 9999 before giving up, which takes seconds. The same
    rule without COUNT or UNTIL, started a multiple of 400 years later (the Gregorian calendar repeats
    exactly), reaches 9999 after a few hundred years instead.
    """
    probe_rule = ";".join(p for p in rule.split(";") if not p.startswith(("COUNT=", "UNTIL=")))
    probe_start = start.replace(year=9200 + start.year % 400)
    try:
        return _rrule(probe_rule, probe_start).after(probe_start, inc=True) is not None
    except (ValueError, OverflowError):
        return False


def parse_rule(text: str, start: dt.datetime) -> str:
    """RRULE text from what the user typed (``every 3 months``, ``monthly``, ``FREQ=MONTHLY;BYDAY=2TU``).

    Raises ``ReminderError`` for anything that is not a rule, too frequent, or can never happen.
    """
    raw = sanitize(text)
    if not raw:
        raise ReminderError("a rule is needed (" + _RULE_HELP + ")")
    friendly = _friendly(raw, start)
    if friendly is None and "=" not in raw:
        raise ReminderError(f"{raw!r} is not a recurrence rule netui understands ({_RULE_HELP})")
    normalized = friendly or _normalize_rrule(raw)
    _rrule(normalized, start)  # a rule dateutil rejects gets its message here
    if not _can_happen(normalized, start):
        raise ReminderError(f"{raw!r} can never happen: its parts contradict each other")
    return normalized


def next_occurrence(rule: str, dtstart: dt.datetime, after: dt.datetime, *, inc: bool = False) -> dt.datetime | None:
    """The rule's first occurrence after ``after`` (or at it, with ``inc``); None once it has ended."""
    return _rrule(rule, dtstart).after(after, inc=inc)


_DAY_NAMES = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
}
_NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "second to last"}


def describe_rule(rule: str | None) -> str:
    """A rule in words, for lists: "every 3 months", "every other Friday", "monthly on the 2nd Tuesday"."""
    if not rule:
        return "once"
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    freq = parts.get("FREQ", "")
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(freq, "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    words = f"every {interval} {unit}s" if interval > 1 else {"day": "daily"}.get(unit, f"{unit}ly")
    extra = set(parts) - {"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"}
    days = parts.get("BYDAY", "").split(",")
    if extra == {"BYDAY"} and freq == "WEEKLY" and all(d in _DAY_NAMES for d in days):
        names = " and ".join(_DAY_NAMES[d] for d in days)
        words = f"every {names}" if interval == 1 else f"every other {names}" if interval == 2 else f"{words} on {names}"
    elif extra == {"BYDAY"} and freq == "MONTHLY" and len(days) == 1 and re.fullmatch(r"[+-]?\d[A-Z]{2}", days[0]) \
            and int(days[0][:-2]) in _NTH and days[0][-2:] in _DAY_NAMES:
        words += f" on the {_NTH[int(days[0][:-2])]} {_DAY_NAMES[days[0][-2:]]}"
    elif extra == {"BYMONTHDAY", "BYSETPOS"} and freq == "MONTHLY" and parts["BYSETPOS"] == "-1":
        last = parts["BYMONTHDAY"].split(",")[-1]
        words += f" on day {last} (or the last day of a shorter month)"
    elif extra:
        words += f": {rule}"
    if "COUNT" in parts:
        words += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        words += f", until {parts['UNTIL'][:4]}-{parts['UNTIL'][4:6]}-{parts['UNTIL'][6:8]}"
    return words


def names_days(rule: str) -> bool:
    """Whether a rule picks particular days (BYDAY=FR, BYMONTHDAY=15), beyond netui's month-end clamp."""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    by = {name for name in parts if name.startswith("BY")} - {"BYHOUR", "BYMINUTE", "BYSECOND"}
    if parts.get("BYSETPOS") == "-1" and parts.get("BYMONTHDAY", "").startswith("28,"):
        by -= {"BYMONTHDAY", "BYSETPOS", "BYMONTH"}
    return bool(by)


def birthday_rule(bday: Birthday) -> str:
    """The yearly rule of a birthday; Feb 29 is the last day of February (Feb 28 in common years)."""
    day = -1 if (bday.month, bday.day) == (2, 29) else bday.day
    return f"FREQ=YEARLY;BYMONTH={bday.month};BYMONTHDAY={day}"
