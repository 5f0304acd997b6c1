"""The reminder engine (issue #3): the meeting plan, birthdays, custom rules, snooze and done, and what is due.

Every reminder row stores the next time it is due in ``next_due_at`` (NULL once closed). "What is due"
is therefore one range scan of the partial index ``reminder_open_due``, joined to the contact by its
primary key: no function here walks all contacts or expands recurrence rules to answer it. Keep-in-touch
is not a reminder row but ``Contact.next_due_at`` (kept by ``contacts.refresh`` from the date the last
interaction happened), read through the ``(archived, next_due_at)`` index; both kinds are presented
alike as ``DueItem``.

Decisions worth knowing:

- Times are naive local datetimes. A reminder known only by its date is due at 00:00 of that day, so a
  rule stays at the same wall-clock time across daylight-saving changes.
- The meeting plan is anchored at ``met_on`` (00:00 of that day) or, for a contact with no ``met_on``,
  at their first ``in-person`` interaction. Its steps are follow-up (+``follow_up_hours``), call
  (+``call_days``, shows the person's open give ideas) and face-to-face (+``face_to_face_days``).
- A plan step already more than ``PLAN_GRACE_DAYS`` overdue when the plan is set up is not created
  at all: adding (or bulk-loading) people met long ago does not bury the user in ancient follow-ups.
- Plan steps the user has not touched (never snoozed or done) follow their anchor: changing ``met_on``
  moves them, clearing it removes them. Touched steps are the user's and are left alone.
- The face-to-face check is closed by the data, not the user, as soon as an ``in-person`` interaction
  on a later day than the meeting exists (``next_due_at`` NULL with ``done_at`` NULL marks "closed by
  the data"); it re-opens if that interaction is deleted. ``done`` by the user closes it for good.
- Birthdays are one yearly reminder per contact; Feb 29 uses ``BYMONTHDAY=-1`` (the last day of
  February), so it falls on Feb 28 in other years. Archived contacts keep their rows, but nothing of
  theirs is ever due.
- Snoozing keep-in-touch: a row of kind ``keep-in-touch`` (never open itself) remembers the due date
  it snoozed and the new one; ``sync_contact`` re-applies it after every recompute of
  ``Contact.next_due_at`` until the keep-in-touch clock moves (an interaction is logged, the cadence
  changes), which makes the snooze moot and removes it.
- Notifications are for reminder rows only (keep-in-touch shows in the due count and the agenda, it
  would otherwise flood). ``notified_for`` holds the occurrence a notification was raised for, so a
  restart never repeats one, and a snoozed or advanced reminder notifies again when it next comes due.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrule as RRule
from dateutil.rrule import rrulestr
from peewee import JOIN

from netui.core import contacts
from netui.core import settings as settings_mod
from netui.core.dates import Birthday, next_birthday
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Contact, Give, Interaction, Reminder

PLAN_KINDS = ("follow-up", "call", "face-to-face")
KEEP_IN_TOUCH = "keep-in-touch"
PLAN_GRACE_DAYS = 14  # plan steps overdue by more than this when the plan is set up are not created


class ReminderError(contacts.ContactError):
    """A reminder request that cannot be done, in words fit for the user."""


class DueItem(NamedTuple):
    """One thing that is (or will be) due: a reminder row, or a contact's keep-in-touch date."""

    contact_id: int | None
    name: str
    kind: str  # a reminder kind, or "keep-in-touch"
    due: dt.datetime
    why: str  # in words: what to do and why
    reminder_id: int | None = None  # None for keep-in-touch
    gives: tuple[str, ...] = ()  # the open give ideas shown on a call reminder
    rule: str | None = None  # the RRULE of a recurring reminder
    snoozed: bool = False
    note: str = ""  # the reminder's own note, if it has one

    @property
    def key(self) -> str:
        """How the CLI names it: ``r12`` for reminder 12, ``c5`` for contact 5's keep-in-touch."""
        return f"r{self.reminder_id}" if self.reminder_id is not None else f"c{self.contact_id}"


class AgendaGroup(NamedTuple):
    title: str  # overdue | today | this week | later
    items: list[DueItem]
    total: int  # how many there are in all (items holds at most the agenda's limit)


# --- small helpers -----------------------------------------------------------------------------


def _dt(value) -> dt.datetime | None:
    return contacts.as_datetime(value)


def _day_start(when: dt.datetime) -> dt.datetime:
    return dt.datetime.combine(when.date(), dt.time())


def when_words(due: dt.datetime, now: dt.datetime) -> str:
    """"overdue by 3 days", "due today", "due tomorrow at 09:00", "due in 5 days"."""
    at = f" at {due:%H:%M}" if due.time() != dt.time() else ""
    if due <= now:
        days = (now.date() - due.date()).days
        if days == 0:
            return "due today"
        return f"overdue by {days} day{'s' * (days != 1)}"
    days = (due.date() - now.date()).days
    if days == 0:
        return f"due today{at}"
    if days == 1:
        return f"due tomorrow{at}"
    return f"due in {days} days"


# --- recurrence rules ---------------------------------------------------------------------------

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


def _names_days(rule: str) -> bool:
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


# --- keeping a contact's reminders in step with its data ---------------------------------------


def _plan_offsets(cfg: settings_mod.Settings) -> dict[str, dt.timedelta]:
    return {
        "follow-up": dt.timedelta(hours=cfg.follow_up_hours),
        "call": dt.timedelta(days=cfg.call_days),
        "face-to-face": dt.timedelta(days=cfg.face_to_face_days),
    }


def _met_in_person_since(anchor: dt.datetime, last_in_person: dt.datetime | None) -> bool:
    """An in-person meeting on a later day than the one the plan started with."""
    return last_in_person is not None and last_in_person.date() > anchor.date()


def _plan_steps(anchor, last_in_person, now, cfg) -> list[tuple[str, dt.datetime, bool]]:
    """(kind, due, open) for each step worth creating now; the rule shared by one contact and bulk."""
    cutoff = now - dt.timedelta(days=PLAN_GRACE_DAYS)
    steps = []
    for kind, offset in _plan_offsets(cfg).items():
        due = anchor + offset
        if due < cutoff:
            continue
        satisfied = kind == "face-to-face" and _met_in_person_since(anchor, last_in_person)
        steps.append((kind, due, not satisfied))
    return steps


def _meeting_anchor(contact: Contact) -> dt.datetime | None:
    """When the person was met: ``met_on``, else their first in-person interaction (if any)."""
    if contact.met_on:
        return _dt(contact.met_on)
    if contact.last_in_person_at is None:
        return None
    first = (
        Interaction.select(Interaction.occurred_at)
        .where((Interaction.contact == contact.id) & (Interaction.kind == "in-person"))
        .order_by(Interaction.occurred_at)
        .limit(1)
        .scalar()
    )
    return _dt(first)


def _untouched(row: Reminder) -> bool:
    return row.done_at is None and row.snoozed_until is None


def _sync_plan(contact: Contact, rows: dict[str, list[Reminder]], now: dt.datetime) -> None:
    cfg = settings_mod.current()
    anchor = _meeting_anchor(contact)
    last_in_person = _dt(contact.last_in_person_at)
    if anchor is None:
        for kind in PLAN_KINDS:
            for row in rows.get(kind, []):
                if _untouched(row):
                    row.delete_instance()
        return
    offsets = _plan_offsets(cfg)
    wanted = {kind: (due, is_open) for kind, due, is_open in _plan_steps(anchor, last_in_person, now, cfg)}
    for kind in PLAN_KINDS:
        existing = rows.get(kind, [])
        if not existing:
            if kind in wanted:
                due, is_open = wanted[kind]
                Reminder.create(
                    contact=contact.id, kind=kind, due_at=due, next_due_at=due if is_open else None, created_at=now,
                )
            continue
        row = existing[0]
        due = anchor + offsets[kind]
        changed = False
        if _untouched(row) and _dt(row.due_at) != due:  # the meeting date changed: the step follows it
            row.due_at = due
            if row.next_due_at is not None:
                row.next_due_at = due
            changed = True
        if kind == "face-to-face" and row.done_at is None:
            met = _met_in_person_since(anchor, last_in_person)
            if met and row.next_due_at is not None:
                row.next_due_at = None
                changed = True
            elif not met and row.next_due_at is None:
                row.next_due_at = _dt(row.snoozed_until) or _dt(row.due_at)
                changed = True
        if changed:
            row.save()


def _sync_birthday(contact: Contact, rows: list[Reminder], now: dt.datetime) -> None:
    bday = contacts.birthday_of(contact)
    if bday is None:
        for row in rows:
            row.delete_instance()
        return
    for extra in rows[1:]:
        extra.delete_instance()
    rule = birthday_rule(bday)
    if rows and rows[0].rrule == rule:
        return
    due = dt.datetime.combine(next_birthday(bday, now.date()), dt.time())
    if rows:
        Reminder.update(rrule=rule, due_at=due, next_due_at=due, snoozed_until=None, done_at=None).where(
            Reminder.id == rows[0].id
        ).execute()
    else:
        Reminder.create(contact=contact.id, kind="birthday", rrule=rule, due_at=due, next_due_at=due, created_at=now)


def _markers(contact_id: int) -> list[Reminder]:
    """A contact's keep-in-touch snooze (a list, in case an old restore left two)."""
    return list(
        Reminder.select().where((Reminder.contact == contact_id) & (Reminder.kind == KEEP_IN_TOUCH)).order_by(Reminder.id)
    )


def _sync_keep_in_touch(contact: Contact, rows: list[Reminder]) -> None:
    if not rows:
        return
    marker, extras = rows[0], rows[1:]
    for extra in extras:
        extra.delete_instance()
    due, snoozed = _dt(contact.next_due_at), _dt(marker.snoozed_until)
    if contact.archived or due is None or snoozed is None:
        marker.delete_instance()
    elif due == snoozed:
        return
    elif due == _dt(marker.due_at):
        Contact.update(next_due_at=snoozed).where(Contact.id == contact.id).execute()
    else:  # the clock moved (an interaction, a new cadence): the snooze has done its job
        marker.delete_instance()


def sync_contact(contact_id: int, now: dt.datetime, *, created: bool = False) -> None:
    """Create, move or close the reminders that follow from a contact's data (in the caller's transaction).

    Called by ``contacts.refresh`` after every write, once ``last_in_person_at`` and ``next_due_at``
    are up to date. Idempotent: running it twice changes nothing the second time.
    """
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return
    rows: dict[str, list[Reminder]] = defaultdict(list)
    if not created:  # a contact created this instant has no reminders yet
        query = (
            Reminder.select()
            .where((Reminder.contact == contact_id) & Reminder.introduction.is_null())
            .order_by(Reminder.id)
        )
        for row in query:
            rows[row.kind].append(row)
    _sync_plan(contact, rows, now)
    _sync_birthday(contact, rows.get("birthday", []), now)
    _sync_keep_in_touch(contact, rows.get(KEEP_IN_TOUCH, []))


def bulk_sync(now: dt.datetime, first_id: int = 0) -> None:
    """Create the reminders that follow from the data for every contact with id >= first_id (bulk load).

    Set-based: one indexed query finds the few contacts met recently enough to get plan steps, one
    finds the birthdays, and rows go in with ``executemany``. The outcome is what ``sync_contact``
    would produce for each contact. Keep-in-touch snoozes of every contact are re-applied, since a bulk
    recompute of ``Contact.next_due_at`` (``demo.refresh_all``) overwrites them.
    """
    cfg = settings_mod.current()
    earliest = now - dt.timedelta(days=PLAN_GRACE_DAYS) - max(_plan_offsets(cfg).values())
    stamp = now.isoformat(sep=" ")
    # Inside a caller's transaction (the demo's bulk load) it simply joins it: a savepoint there makes
    # SQLite's inserts 30 times slower once the load has outgrown the page cache.
    with db.atomic() if not db.in_transaction() else contextlib.nullcontext():
        candidates = db.execute_sql(
            "SELECT id, datetime(met_on), last_in_person_at FROM contact "
            "WHERE id >= ? AND met_on IS NOT NULL AND met_on >= ? "
            "UNION ALL "
            "SELECT c.id, (SELECT min(i.occurred_at) FROM interaction i "
            "WHERE i.contact_id = c.id AND i.kind = 'in-person'), c.last_in_person_at FROM contact c "
            "WHERE c.id >= ? AND c.met_on IS NULL AND c.last_in_person_at >= ?",
            (first_id, earliest.date().isoformat(), first_id, earliest.isoformat(sep=" ")),
        ).fetchall()
        plan_rows = []
        for cid, anchor, last_in_person in candidates:
            if anchor is None:
                continue
            for kind, due, is_open in _plan_steps(_dt(anchor), _dt(last_in_person), now, cfg):
                due_text = due.isoformat(sep=" ")
                plan_rows.append((cid, kind, due_text, due_text if is_open else None, stamp, cid, kind))
        births = db.execute_sql(
            "SELECT id, birthday_month, birthday_day FROM contact "
            "WHERE id >= ? AND birthday_month IS NOT NULL AND birthday_day IS NOT NULL",
            (first_id,),
        ).fetchall()
        birthday_rows = []
        for cid, month, day in births:
            bday = Birthday(month, day)
            due = dt.datetime.combine(next_birthday(bday, now.date()), dt.time()).isoformat(sep=" ")
            birthday_rows.append((cid, "birthday", birthday_rule(bday), due, due, stamp, cid, "birthday"))
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO reminder (contact_id, kind, note, due_at, next_due_at, created_at) "
            "SELECT ?, ?, '', ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM reminder "
            "WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL)",
            plan_rows,
        )
        cursor.executemany(
            "INSERT INTO reminder (contact_id, kind, note, rrule, due_at, next_due_at, created_at) "
            "SELECT ?, ?, '', ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM reminder "
            "WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL)",
            birthday_rows,
        )
        markers = list(
            Reminder.select(Reminder.contact)
            .where((Reminder.kind == KEEP_IN_TOUCH) & Reminder.introduction.is_null())
            .distinct()
            .tuples()
        )
        for (cid,) in markers:
            _sync_keep_in_touch(Contact.get_by_id(cid), _markers(cid))


# --- what is due ---------------------------------------------------------------------------------


def _reminder_query():
    """Open reminders with what their words need, of contacts that are not archived."""
    return (
        Reminder.select(
            Reminder.id.alias("id"), Reminder.kind.alias("kind"), Reminder.note.alias("note"),
            Reminder.rrule.alias("rrule"), Reminder.due_at.alias("due_at"), Reminder.next_due_at.alias("next_due_at"),
            Reminder.snoozed_until.alias("snoozed_until"), Reminder.contact.alias("contact_id"),
            Contact.name.alias("name"), Contact.met_on.alias("met_on"), Contact.how_met.alias("how_met"),
            Contact.reason.alias("reason"), Contact.birthday_year.alias("birthday_year"),
        )
        .join(Contact, JOIN.LEFT_OUTER, on=(Reminder.contact == Contact.id))
        .where(Reminder.next_due_at.is_null(False) & ((Contact.archived == False) | Contact.id.is_null()))  # noqa: E712
    )


def _contact_query():
    """Keep-in-touch dates of contacts that are not archived."""
    return Contact.select(
        Contact.id, Contact.name, Contact.next_due_at, Contact.last_contact_at, Contact.met_on, Contact.created_at,
        Contact.circle, Contact.cadence_days,
    ).where((Contact.archived == False) & Contact.next_due_at.is_null(False))  # noqa: E712


def _open_ideas(contact_ids: Iterable[int]) -> dict[int, list[str]]:
    ids = sorted(set(contact_ids))
    out: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = (
            Give.select(Give.contact, Give.text)
            .where(Give.contact.in_(ids[start : start + 500]) & (Give.status == "open") & (Give.direction == "idea"))
            .order_by(Give.created_on, Give.id)
            .tuples()
        )
        for cid, text in rows:
            out[cid].append(text)
    return out


def _met_words(row: dict) -> str:
    met = _dt(row["met_on"])
    place = f" at {row['how_met']}" if row["how_met"] else ""
    return f"{place}{f' on {met:%d %b %Y}' if met else ''}"


def _reminder_why(row: dict, due: dt.datetime, gives: list[str]) -> str:
    kind, note = row["kind"], row["note"] or ""
    if kind == "follow-up":
        why = f"follow up on meeting{_met_words(row)}: a note saying where you met and why you want to stay in touch"
        return why + (f" ({row['reason']})" if row["reason"] else "")
    if kind == "call":
        ideas = f"give ideas: {'; '.join(gives)}" if gives else "no give ideas yet: what could you offer?"
        met = _met_words(row)
        return f"call them{f' (met{met})' if met else ''}; {ideas}"
    if kind == "face-to-face":
        return f"not met in person since meeting{_met_words(row)}: meet face to face before they go cold"
    if kind == "birthday":
        year = row["birthday_year"]
        return f"birthday, turns {due.year - year}" if year else "birthday"
    if kind == "intro-follow-up":
        return note or "how did the introduction go?"
    words = note or ("reminder" if kind == "custom" else kind)
    return words + (f" (repeats {describe_rule(row['rrule'])})" if row["rrule"] else "")


def _reminder_items(rows: list[dict]) -> list[DueItem]:
    ideas = _open_ideas(r["contact_id"] for r in rows if r["kind"] == "call" and r["contact_id"])
    items = []
    for row in rows:
        due = _dt(row["next_due_at"])
        gives = ideas.get(row["contact_id"], []) if row["kind"] == "call" else []
        items.append(DueItem(
            row["contact_id"], row["name"] or "", row["kind"], due, _reminder_why(row, due, gives), row["id"],
            tuple(gives), row["rrule"], row["snoozed_until"] is not None, row["note"] or "",
        ))
    return items


def _contact_items(rows: Iterable[dict]) -> list[DueItem]:
    cfg = settings_mod.current()
    items = []
    for c in rows:
        cadence = cfg.cadence_for(c["circle"], c["cadence_days"])
        last = _dt(c["last_contact_at"])
        if last:
            why = f"keep in touch every {cadence} days; last contact {last:%d %b %Y}"
        else:
            since = _dt(c["met_on"]) or _dt(c["created_at"])
            why = f"keep in touch every {cadence} days; nothing logged since {since:%d %b %Y}"
        items.append(DueItem(c["id"], c["name"], KEEP_IN_TOUCH, _dt(c["next_due_at"]), why))
    return items


def _window(
    lo: dt.datetime | None, hi: dt.datetime | None, limit: int | None = None, *, reminders_only: bool = False
) -> list[DueItem]:
    """Everything due in [lo, hi), soonest first, at most ``limit`` items."""
    rq, cq = _reminder_query(), _contact_query()
    if lo is not None:
        rq, cq = rq.where(Reminder.next_due_at >= lo), cq.where(Contact.next_due_at >= lo)
    if hi is not None:
        rq, cq = rq.where(Reminder.next_due_at < hi), cq.where(Contact.next_due_at < hi)
    rq, cq = rq.order_by(Reminder.next_due_at, Reminder.id), cq.order_by(Contact.next_due_at, Contact.id)
    if limit is not None:
        rq, cq = rq.limit(limit), cq.limit(limit)
    items = _reminder_items(list(rq.dicts()))
    if not reminders_only:
        items += _contact_items(cq.dicts())
    items.sort(key=lambda i: (i.due, i.reminder_id is None, i.reminder_id or 0, i.contact_id or 0))
    return items if limit is None else items[:limit]


def _count(lo: dt.datetime | None, hi: dt.datetime | None) -> int:
    rq, cq = _reminder_query(), _contact_query()
    if lo is not None:
        rq, cq = rq.where(Reminder.next_due_at >= lo), cq.where(Contact.next_due_at >= lo)
    if hi is not None:
        rq, cq = rq.where(Reminder.next_due_at < hi), cq.where(Contact.next_due_at < hi)
    return rq.count() + cq.count()


def due(now: dt.datetime, within_days: int = 0, *, limit: int | None = None) -> list[DueItem]:
    """Everything due by ``now + within_days``: reminders and keep-in-touch, overdue first."""
    if within_days < 0:
        raise ReminderError("the number of days ahead must be 0 or more")
    return _window(None, now + dt.timedelta(days=within_days, seconds=1), limit)


def due_count(now: dt.datetime) -> int:
    """How many things are due now (the header's number)."""
    return _count(None, now + dt.timedelta(seconds=1))


def agenda(now: dt.datetime, limit: int = 50) -> list[AgendaGroup]:
    """Overdue (before today), today, this week (the next 7 days) and later; each at most ``limit`` items."""
    today = _day_start(now)
    bounds = [
        ("overdue", None, today),
        ("today", today, today + dt.timedelta(days=1)),
        ("this week", today + dt.timedelta(days=1), today + dt.timedelta(days=8)),
        ("later", today + dt.timedelta(days=8), None),
    ]
    return [AgendaGroup(title, _window(lo, hi, limit), _count(lo, hi)) for title, lo, hi in bounds]


def newly_due(now: dt.datetime) -> list[DueItem]:
    """Reminders due by ``now`` that no notification was raised for yet (this occurrence)."""
    query = (
        _reminder_query()
        .where(
            (Reminder.next_due_at < now + dt.timedelta(seconds=1))
            & (Reminder.notified_for.is_null() | (Reminder.notified_for != Reminder.next_due_at))
        )
        .order_by(Reminder.next_due_at, Reminder.id)
    )
    return _reminder_items(list(query.dicts()))


def mark_notified(items: Iterable[DueItem]) -> None:
    """Remember that these occurrences were announced, so they never are again (also after a restart)."""
    with db.atomic():
        for item in items:
            if item.reminder_id is None:
                continue
            Reminder.update(notified_for=item.due).where(
                (Reminder.id == item.reminder_id) & (Reminder.next_due_at == item.due)
            ).execute()


def upcoming_for(contact_id: int, now: dt.datetime, limit: int = 5) -> list[DueItem]:
    """A contact's open reminders and keep-in-touch date, soonest (or most overdue) first."""
    query = (
        _reminder_query()
        .where(Reminder.contact == contact_id)
        .order_by(Reminder.next_due_at, Reminder.id)
        .limit(limit)
    )
    items = _reminder_items(list(query.dicts()))
    items += _contact_items(_contact_query().where(Contact.id == contact_id).dicts())
    items.sort(key=lambda i: (i.due, i.reminder_id is None, i.reminder_id or 0))
    return items[:limit]


def open_items() -> list[DueItem]:
    """Every open reminder row of a contact that is not archived, soonest first (the .ics export)."""
    return _window(None, None, reminders_only=True)


def item(reminder_id: int) -> DueItem:
    """One open reminder as a DueItem."""
    _open_row(reminder_id)  # says why not: no such reminder, or closed
    rows = list(_reminder_query().where(Reminder.id == reminder_id).dicts())
    if not rows:
        raise ReminderError(f"reminder #{reminder_id} belongs to an archived contact")
    return _reminder_items(rows)[0]


# --- acting on reminders ---------------------------------------------------------------------------

_SNOOZE = re.compile(r"^(\d+)?\s*(d|days?|w|weeks?|m|months?)$")


def parse_snooze(text: str) -> relativedelta:
    """``1d``, ``1w``, ``1m`` (or ``3d``, ``2 weeks``, ``month``) as a relativedelta."""
    match = _SNOOZE.match(" ".join(str(text).lower().split()))
    n = int(match.group(1) or 1) if match else 0
    if not match or not 1 <= n <= 1000:
        raise ReminderError(f"{sanitize(text)!r}: snooze by 1d, 1w or 1m (or a number of days, weeks or months, like 3d)")
    unit = match.group(2)[0]
    return relativedelta(**{{"d": "days", "w": "weeks", "m": "months"}[unit]: n})


def _target(current: dt.datetime, now: dt.datetime, by, until) -> dt.datetime:
    if by is not None and until is not None:
        raise ReminderError("snooze either by an amount or until a date, not both")
    if until is not None:
        target = until if isinstance(until, dt.datetime) else dt.datetime.combine(until, dt.time())
        target = target.replace(microsecond=0)
        if target <= now:
            raise ReminderError(f"snooze until a time after now ({target:%Y-%m-%d %H:%M} has passed)")
        return target
    delta = parse_snooze(by or "1d") if not isinstance(by, relativedelta) else by
    # From now when it is already due, from its due time when it is not: either way, later by `by`.
    return (max(now, current) + delta).replace(microsecond=0)


def _open_row(reminder_id: int) -> Reminder:
    row = Reminder.get_or_none(Reminder.id == reminder_id)
    if row is None or row.kind == KEEP_IN_TOUCH:
        raise contacts.NotFound(f"there is no reminder #{reminder_id}")
    if row.next_due_at is None:
        raise ReminderError(f"reminder #{reminder_id} ({row.kind}) is closed: nothing to do")
    return row


def snooze(reminder_id: int, now: dt.datetime, by: str | relativedelta | None = None,
           until: dt.datetime | dt.date | None = None) -> dt.datetime:
    """Put a reminder off by 1d/1w/1m (month ends handled: Jan 31 + 1m = Feb 28/29) or until a date.

    Returns the new due time. Without ``by`` or ``until`` it is one day.
    """
    with db.atomic():
        row = _open_row(reminder_id)
        target = _target(_dt(row.next_due_at), now, by, until)
        Reminder.update(snoozed_until=target, next_due_at=target).where(Reminder.id == reminder_id).execute()
    return target


def snooze_contact(contact_id: int, now: dt.datetime, by: str | relativedelta | None = None,
                   until: dt.datetime | dt.date | None = None) -> dt.datetime:
    """Put off a contact's keep-in-touch date; logging an interaction makes the snooze moot."""
    with db.atomic():
        contact = contacts.get(contact_id)
        current = _dt(contact.next_due_at)
        if contact.archived or current is None:
            raise ReminderError(f"{contact.name} is archived: there is no keep-in-touch date to snooze")
        target = _target(current, now, by, until)
        markers = _markers(contact_id)
        if markers and _dt(markers[0].snoozed_until) == current:
            unsnoozed = _dt(markers[0].due_at)  # snoozing again: remember the original date
        else:
            unsnoozed = current
        Reminder.delete().where((Reminder.contact == contact_id) & (Reminder.kind == KEEP_IN_TOUCH)).execute()
        Reminder.create(
            contact=contact_id, kind=KEEP_IN_TOUCH, due_at=unsnoozed, next_due_at=None, snoozed_until=target,
            created_at=now,
        )
        Contact.update(next_due_at=target).where(Contact.id == contact_id).execute()
    return target


def done(reminder_id: int, now: dt.datetime) -> dt.datetime | None:
    """Mark a reminder done: a recurring one moves to its next occurrence after now, a one-off closes.

    Returns the next due time, or None when the reminder is closed.
    """
    with db.atomic():
        row = _open_row(reminder_id)
        upcoming = None
        if row.rrule:
            base = max(now, _dt(row.next_due_at))  # done early: this occurrence counts as handled
            upcoming = next_occurrence(row.rrule, _dt(row.due_at), base)
        Reminder.update(next_due_at=upcoming, done_at=now, snoozed_until=None).where(
            Reminder.id == reminder_id
        ).execute()
    return upcoming


def add_custom(contact_id: int, now: dt.datetime, on: dt.datetime | dt.date | None = None,
               rule: str | None = None, note: str = "") -> int:
    """A reminder of your own: once ``on`` a date, or by a ``rule`` (starting ``on``, if given).

    A recurring reminder without ``on`` first comes due one interval from today (``every 3 months``
    means three months from today) or, for a rule that names days (``every other friday``,
    ``FREQ=MONTHLY;BYDAY=2TU``), on the next such day. Nothing is stored if the rule is invalid or
    has no occurrence left. Returns the reminder's id.
    """
    if on is None and not rule:
        raise ReminderError("say when: a date (--on) or a rule (--rule)")
    if on is not None and not isinstance(on, dt.datetime):
        on = dt.datetime.combine(on, dt.time())
    on = on.replace(microsecond=0) if on is not None else None
    today = _day_start(now)
    with db.atomic():
        contact = contacts.get(contact_id)
        if contact.archived:
            raise ReminderError(f"{contact.name} is archived: unarchive them to set reminders")
        text = None
        if rule:
            start = on or today
            text = parse_rule(rule, start)
            if on is not None:
                first = next_occurrence(text, on, today, inc=True)
            else:
                if _names_days(text):  # "every other friday" starts this coming Friday, not in two weeks
                    probe = ";".join(p for p in text.split(";") if not p.startswith(("INTERVAL=", "COUNT=", "UNTIL=")))
                    day = next_occurrence(probe, today, now)
                    start = _day_start(day) if day else today
                first = next_occurrence(text, start, now)
            if first is None:
                raise ReminderError(f"{sanitize(rule)!r} has no occurrence left after {now:%Y-%m-%d}")
            start = on or first  # the rule's DTSTART is its first occurrence: COUNT counts from there
        else:
            if on < today:
                raise ReminderError(f"{on:%Y-%m-%d} is in the past: a reminder needs a date from today on")
            start = first = on
        row = Reminder.create(
            contact=contact_id, kind="custom", note=sanitize(note, multiline=True), rrule=text, due_at=start,
            next_due_at=first, created_at=now,
        )
    return row.id
