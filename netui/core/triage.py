"""Triage (issue #5): the queue of people who need attention now, one card each, and what to do about them.

Who is in the queue
    - **overdue keep-in-touch**: ``Contact.next_due_at <= now`` (last contact + cadence has passed);
    - **due reminders**: a reminder row of theirs with ``next_due_at <= now`` (48 h follow-up, 30-day
      call, 90-day face-to-face check, birthday, custom, introduction follow-up);
    - **fading**: ``strength_prev >= warm bound and strength < strength_prev`` (was warm or strong 30
      days ago and is dropping; the overview's definition).

Archived contacts are never in it. A contact appears once, with all of its reasons.

The order
    Each contact gets urgency *points*:

    - 10 for being in the queue at all;
    - 1 per day overdue, counted from the oldest of its due dates, at most 90 (beyond three months
      "very overdue" is all the same, so a long-forgotten acquaintance does not bury everyone else);
    - 30 if a reminder row is due: those are promises with a date (a follow-up within 48 hours, a
      birthday) that lose their point when they slip;
    - 1 per strength point lost in the last 30 days (``strength_prev - strength``, if positive).

    The points are multiplied by the circle's weight: **ace 8, inner 4, regular 2, outer 1**. The queue
    is sorted by that urgency, highest first; ties go to the closer circle, then the oldest due date,
    then the name. Examples: an ace contact due today scores 80, an outer contact overdue by half a
    year 100, an inner contact overdue by 12 days 88, a regular contact's follow-up due today 80, an
    ace contact's birthday today 320.

The order is one SQL ``ORDER BY`` over a computed urgency (a CTE: the due reminders grouped per
contact, left-joined to one pass over the contacts), so ``queue_page`` and ``queue_count`` never build
the queue in Python; their cost is one scan of ``contact`` plus sorting the people in the queue.
A ``Session`` fixes the set at its start: the ordered ids go into a temporary table (SQL, not Python
memory) and are read back a page at a time, so acting on one person never reshuffles the rest.

The actions (``log``, ``snooze``, ``set_cadence``, ``add_idea``, ``add_note``, ``archive``) are each one
transaction; the screen captures an undo snapshot of the contact before each.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from netui.core import contacts, derived, gives, interactions, karma, lookup, reminders, strength
from netui.core import settings as settings_mod
from netui.core.contacts import ContactInput
from netui.core.dates import DateError, as_datetime, iso, parse_date
from netui.core.errors import ReminderError, TriageError
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Reminder

CIRCLE_WEIGHTS = {"ace": 8, "inner": 4, "regular": 2, "outer": 1}
BASE_POINTS = 10
OVERDUE_CAP_DAYS = 90
REMINDER_POINTS = 30
FADING = "fading"

# The actions a session counts, and how its summary says them (one, many).
ACTION_WORDS = {
    "call": ("call", "calls"), "in-person": ("meeting", "meetings"), "email": ("email", "emails"),
    "message": ("message", "messages"), "snooze": ("snoozed", "snoozed"), "cadence": ("cadence changed", "cadences changed"),
    "idea": ("give idea", "give ideas"), "gave": ("idea given", "ideas given"), "note": ("note", "notes"), "archive": ("archived", "archived"),
    "skipped": ("skipped", "skipped"),
}


class QueueRow(NamedTuple):
    """One contact in the queue, with every reason they are in it."""

    contact_id: int
    name: str
    circle: str
    urgency: int
    overdue_days: int  # since the oldest due date, at most 90 (0 when only fading)
    keep_in_touch_due: dt.datetime | None  # set when the keep-in-touch date has passed
    reminder_due: dt.datetime | None  # the oldest due reminder row
    reminder_kinds: tuple[str, ...]  # kinds of the due reminder rows, oldest first
    fading: bool
    strength: int
    strength_prev: int

    @property
    def reasons(self) -> tuple[str, ...]:
        """``keep-in-touch``, the due reminder kinds, ``fading``: why they are here, as codes."""
        out: tuple[str, ...] = (reminders.KEEP_IN_TOUCH,) if self.keep_in_touch_due is not None else ()
        out += tuple(dict.fromkeys(self.reminder_kinds))
        return out + ((FADING,) if self.fading else ())


# --- the queue ------------------------------------------------------------------------------------


def warm_bound(settings: settings_mod.Settings | None = None) -> int:
    """The score a fading person was at or above 30 days ago: the ``warm`` bound (or the lowest but one)."""
    cfg = settings or settings_mod.current()
    if "warm" in cfg.tiers:
        return cfg.tiers["warm"]
    bounds = sorted(cfg.tiers.values(), reverse=True)
    return bounds[-2] if len(bounds) > 1 else (bounds[0] if bounds else 0)


_WEIGHT = "CASE c.circle " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in CIRCLE_WEIGHTS.items()) + " ELSE 2 END"
_RANK = "CASE c.circle " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(CIRCLE_WEIGHTS)) + " ELSE 2 END"

# Parameters, by name: now (text), today and cap (date text: today, today - 90 days), warm (the bound).
# Being fading needs ``strength_prev``, which no index holds, so the contacts are read in one plain
# scan (NOT INDEXED: going through the archived index would add a random row lookup per contact);
# the due reminders are one range scan of ``reminder_open_due``, grouped per contact beforehand.
_REM = """
WITH rem AS MATERIALIZED (
    SELECT contact_id AS cid, min(next_due_at) AS due, group_concat(kind, ',') AS kinds
    FROM (SELECT contact_id, next_due_at, kind FROM reminder
          WHERE next_due_at IS NOT NULL AND next_due_at <= :now AND contact_id IS NOT NULL
          ORDER BY next_due_at, id)
    GROUP BY contact_id
)"""
_IN_QUEUE = (
    "c.archived = 0 AND c.kind = 'person' AND (c.next_due_at <= :now OR (c.strength_prev >= :warm AND c.strength < c.strength_prev) "
    "OR rem.cid IS NOT NULL)"
)
_CTE = _REM + """,
q AS (
    SELECT c.id AS id, c.name AS name, c.sort_name AS sort_name, c.circle AS circle,
           c.strength AS strength, c.strength_prev AS prev,
           CASE WHEN c.next_due_at <= :now THEN c.next_due_at END AS kit_due,
           rem.due AS rem_due, rem.kinds AS kinds,
           (c.strength_prev >= :warm AND c.strength < c.strength_prev) AS fading,
           WEIGHT AS weight, RANK AS circle_rank
    FROM contact c NOT INDEXED LEFT JOIN rem ON rem.cid = c.id
    WHERE IN_QUEUE
),
dated AS (SELECT q.*, coalesce(min(kit_due, rem_due), kit_due, rem_due) AS due FROM q),
scored AS (
    SELECT dated.*,
           CASE WHEN due IS NULL THEN 0 WHEN due < :cap THEN OVERDUE_CAP
                ELSE max(CAST(julianday(:today) - julianday(substr(due, 1, 10)) AS INTEGER), 0) END AS overdue
    FROM dated
)
""".replace("WEIGHT", _WEIGHT).replace("RANK", _RANK).replace("IN_QUEUE", _IN_QUEUE).replace(
    "OVERDUE_CAP", str(OVERDUE_CAP_DAYS)
)

_URGENCY = (
    f"weight * ({BASE_POINTS} + min(overdue, {OVERDUE_CAP_DAYS}) "
    f"+ {REMINDER_POINTS} * (rem_due IS NOT NULL) + max(prev - strength, 0))"
)
_COLUMNS = f"id, name, circle, {_URGENCY} AS urgency, overdue, kit_due, rem_due, kinds, fading, strength, prev"
_ORDER = "ORDER BY urgency DESC, circle_rank, due IS NULL, due, sort_name, id"


def _params(now: dt.datetime) -> dict:
    cap = now.date() - dt.timedelta(days=OVERDUE_CAP_DAYS)
    return {"now": iso(now), "today": now.date().isoformat(), "cap": cap.isoformat(), "warm": warm_bound()}


def _row(values) -> QueueRow:
    cid, name, circle, urgency, overdue, kit, rem, kinds, fading, score, prev = values
    return QueueRow(
        cid, name, circle, urgency, overdue, as_datetime(kit), as_datetime(rem),
        tuple(kinds.split(",")) if kinds else (), bool(fading), score, prev,
    )


def queue_page(now: dt.datetime, offset: int = 0, limit: int = 50) -> list[QueueRow]:
    """The queue at ``now``, most urgent first, ``limit`` rows from ``offset``."""
    sql = f"{_CTE} SELECT {_COLUMNS} FROM scored {_ORDER} LIMIT :limit OFFSET :offset"
    return [_row(r) for r in db.execute_sql(sql, {**_params(now), "limit": limit, "offset": offset})]


def queue_count(now: dt.datetime) -> int:
    """How many people are in the queue at ``now``."""
    sql = f"{_REM} SELECT count(*) FROM contact c NOT INDEXED LEFT JOIN rem ON rem.cid = c.id WHERE {_IN_QUEUE}"
    return db.execute_sql(sql, _params(now)).fetchone()[0]


def reason_words(row: QueueRow, now: dt.datetime) -> list[str]:
    """Why a queue row is there, short: "keep-in-touch overdue by 12 days", "follow-up due today", "fading"."""
    out = []
    if row.keep_in_touch_due is not None:
        out.append(f"keep-in-touch {reminders.when_words(row.keep_in_touch_due, now)}")
    if row.reminder_kinds and row.reminder_due is not None:
        kinds = ", ".join(dict.fromkeys(row.reminder_kinds))
        out.append(f"{kinds} {reminders.when_words(row.reminder_due, now)}")
    if row.fading:
        out.append(f"fading: strength {row.strength_prev} → {row.strength} in 30 days")
    return out


# --- a session: the set fixed at the start ------------------------------------------------------

_SESSIONS = itertools.count(1)


class Session:
    """One walk through the queue. The ordered ids live in a temporary table read a page at a time.

    Bookkeeping (where the cursor is, what was done at each position) is plain Python and small: it
    grows with what the user does, not with the size of the queue.
    """

    PAGE = 50

    def __init__(self, now: dt.datetime, ids: list[int] | None = None, label: str = "") -> None:
        """The whole queue at ``now``, or only ``ids`` in that order (Today's queue: ``netui.core.today``;
        the overview's fading list, ``label`` "fading": what the walk is called on screen)."""
        self.now = now.replace(microsecond=0)
        self.label = label or ("" if ids is None else "today")
        self.table = f"temp.triage_walk_{next(_SESSIONS)}"
        self.everyone = ids is None
        db.execute_sql(f"DROP TABLE IF EXISTS {self.table}")
        # Positions are rowids 1..n handed out in the ORDER BY's order (the table starts empty).
        db.execute_sql(f"CREATE TABLE {self.table} (pos INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL)")
        if ids is None:
            sql = f"INSERT INTO {self.table} (contact_id) {_CTE} SELECT id FROM scored {_ORDER.replace('urgency', _URGENCY)}"
            self.total = db.execute_sql(sql, _params(self.now)).rowcount
        else:
            for cid in ids:
                db.execute_sql(f"INSERT INTO {self.table} (contact_id) VALUES (?)", (cid,))
            self.total = len(ids)
        self.position = 0
        self.visited: set[int] = {0} if self.total else set()
        self.actions: dict[int, list[str]] = {}  # position -> what was done there, in order
        self._page: tuple[int, list[int]] = (-1, [])

    def contact_at(self, pos: int) -> int | None:
        """The contact at ``pos`` (0-based), reading the page it is on."""
        if not 0 <= pos < self.total:
            return None
        start = pos - pos % self.PAGE
        if self._page[0] != start:
            rows = db.execute_sql(
                f"SELECT contact_id FROM {self.table} WHERE pos > ? AND pos <= ? ORDER BY pos", (start, start + self.PAGE)
            ).fetchall()
            self._page = (start, [cid for (cid,) in rows])
        page = self._page[1]
        return page[pos - start] if pos - start < len(page) else None

    def position_of(self, contact_id: int) -> int | None:
        row = db.execute_sql(f"SELECT pos FROM {self.table} WHERE contact_id = ?", (contact_id,)).fetchone()
        return row[0] - 1 if row else None

    @property
    def current(self) -> int | None:
        return self.contact_at(self.position)

    @property
    def finished(self) -> bool:
        """The cursor went past the last card."""
        return self.position >= self.total

    def progress(self) -> str:
        """"7 of 23" (or "done: 23 of 23")."""
        if self.finished:
            return f"done: {self.total} of {self.total}"
        return f"{self.position + 1} of {self.total}"

    def forward(self) -> None:
        self.position = min(self.position + 1, self.total)
        if not self.finished:
            self.visited.add(self.position)

    def back(self) -> bool:
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def go_to(self, pos: int) -> None:
        self.position = max(0, min(pos, self.total))
        if not self.finished:
            self.visited.add(self.position)

    def record(self, pos: int, action: str) -> None:
        self.actions.setdefault(pos, []).append(action)

    def unrecord(self, pos: int, action: str) -> None:
        done = self.actions.get(pos, [])
        if action in done:
            done.reverse()
            done.remove(action)
            done.reverse()
        if not done:
            self.actions.pop(pos, None)

    def counts(self) -> Counter:
        """What was done, by action, plus how many cards were passed over with nothing done (the card
        still on screen is not passed over: leaving on it is not a skip)."""
        out: Counter = Counter(a for done in self.actions.values() for a in done)
        skipped = len(self.visited - set(self.actions) - {self.position})
        if skipped:
            out["skipped"] = skipped
        return out

    def summary(self) -> str:
        """"Triage: 12 of 23 seen. 4 calls, 2 snoozed, 1 archived, 5 skipped." (counts by action)."""
        counts = self.counts()
        seen = len(self.visited)
        order = [a for a in ACTION_WORDS if counts.get(a)] + sorted(a for a in counts if a not in ACTION_WORDS)
        parts = [f"{counts[a]} {ACTION_WORDS.get(a, (a, a))[counts[a] != 1]}" for a in order]
        what = ", ".join(parts) if parts else "nothing done"
        return f"Triage: {seen} of {self.total} seen. {what}."

    def close(self) -> None:
        """Drop the temporary table (the connection may already be gone)."""
        try:
            db.execute_sql(f"DROP TABLE IF EXISTS {self.table}")
        except Exception:  # noqa: BLE001 - closing after the database was closed is harmless
            pass


# --- the card --------------------------------------------------------------------------------------


@dataclass
class Card:
    """Everything needed to decide about one person in seconds."""

    contact_id: int
    name: str
    organization: str
    title: str
    circle: str
    cadence_days: int
    cadence_words: str  # "overdue by 12 days", "on track: next touch due in 30 days"
    archived: bool
    reasons: list[str]  # why they are in the queue, in words (empty once nothing is due)
    notes: list[str]  # the due reminders' own notes
    met: str  # "12 Mar 2026 at PyCon Lisbon"
    why_met: str
    interests: list[str]
    last: list[interactions.InteractionRow]  # the last three
    interaction_count: int
    ideas: list[str]  # open give ideas
    strength: strength.Strength
    strength_prev: int
    note: str = ""
    due: list[reminders.DueItem] = field(default_factory=list)
    phone: str = ""  # the preferred phone and email: what a call or a follow-up needs, on the card
    email: str = ""


def due_items(contact_id: int, now: dt.datetime) -> list[reminders.DueItem]:
    """A contact's reminders and keep-in-touch date that are due at ``now``."""
    return [i for i in reminders.upcoming_for(contact_id, now, limit=50) if i.due <= now]


def card(contact_id: int, now: dt.datetime) -> Card:
    """The card of one contact at ``now`` (raises ``NotFound`` if they were deleted)."""
    c = lookup.get(contact_id)
    due = [] if c.archived else due_items(contact_id, now)
    reasons = []
    for item in due:
        when = reminders.due_words(item, now)
        label = when if item.kind == reminders.KEEP_IN_TOUCH else f"{item.kind} {when}"
        reasons.append(f"{label}: {item.why}")
    prev = c.strength_prev or 0
    if not c.archived and prev >= warm_bound() and (c.strength or 0) < prev:
        reasons.append(f"fading: strength {prev} → {c.strength} in the last 30 days (was {strength.tier_for(prev)})")
    met = as_datetime(c.met_on)
    met_words = " at ".join(p for p in (f"{met:%d %b %Y}" if met else "", c.how_met) if p)
    counts = interactions.counts_by_kind(contact_id)
    reach = lookup.reach([contact_id])[contact_id]
    return Card(
        contact_id=c.id, name=c.name, organization=c.organization, title=c.title, circle=c.circle,
        cadence_days=derived.cadence_days(c), cadence_words=derived.cadence_state(c, now).words,
        archived=bool(c.archived), reasons=reasons, notes=[i.note for i in due if i.note and i.note not in i.why],
        met=met_words, why_met=c.reason, interests=contacts.tags_of(contact_id),
        last=interactions.recent(contact_id, 3), interaction_count=sum(counts.values()),
        ideas=[g.text for g in gives.open_ideas(contact_id)], strength=strength.compute(contact_id, now),
        strength_prev=prev, note=c.note, due=due, phone=reach.phone, email=reach.email,
    )


# --- actions: each one transaction ---------------------------------------------------------------


def _due_reminder_ids(contact_id: int, now: dt.datetime) -> list[tuple[int, str]]:
    return list(
        Reminder.select(Reminder.id, Reminder.kind)
        .where(
            (Reminder.contact == contact_id) & Reminder.next_due_at.is_null(False)
            & (Reminder.next_due_at <= now.replace(microsecond=0))
        )
        .order_by(Reminder.next_due_at, Reminder.id)
        .tuples()
    )


def log(contact_id: int, kind: str, now: dt.datetime, summary: str = "") -> list[str]:
    """Log an interaction dated ``now``; returns the kinds of the reminders it closed.

    The one rule of ``interactions.log`` decides what it answers: the cadence restarts, a plan step
    closes when the kind answers it (a call is not a meeting: the face-to-face check stays open), a
    due birthday or custom reminder is done.
    """
    return [c.kind for c in interactions.log(contact_id, kind, now, now, summary=summary).closed]


def snooze(contact_id: int, now: dt.datetime, by: str | relativedelta | None = "1w",
           until: dt.date | dt.datetime | None = None) -> dt.datetime:
    """Put off everything due for this person (reminder rows and keep-in-touch) by ``by`` or ``until``.

    Returns the new due time. Raises ``TriageError`` when nothing is due (someone only fading).
    """
    if until is not None:
        by = None
    with db.atomic():
        contact = lookup.get(contact_id)
        target = None
        for rid, _ in _due_reminder_ids(contact_id, now):
            target = reminders.snooze(rid, now, by=by, until=until)
        due = as_datetime(contact.next_due_at)
        if not contact.archived and due is not None and due <= now:
            target = reminders.snooze_contact(contact_id, now, by=by, until=until)
        if target is None:
            raise TriageError(f"nothing is due for {contact.name} to snooze (they are here because they are fading)")
    return target


def parse_snooze(text: str, now: dt.datetime) -> tuple[str | relativedelta | None, dt.date | None]:
    """``1d``/``1w``/``1m``/``3d`` (an amount) or a date (``2026-12-24``, ``next friday``) as (by, until)."""
    words = " ".join(sanitize(text).lower().split())
    if not words:
        raise TriageError("say how long: 1d, 1w, 1m or a date")
    try:
        return reminders.parse_snooze(words), None
    except ReminderError:
        pass
    try:
        day = parse_date(words, now)
    except DateError:
        raise TriageError(f"{words!r}: snooze by 1d, 1w, 1m (or 3d, 2 weeks) or until a date like 2026-12-24") from None
    if day <= now.date():
        raise TriageError(f"{day:%Y-%m-%d} is not after today: snooze until a later date")
    return None, day


def set_cadence(contact_id: int, now: dt.datetime, cadence_days: int | None, circle: str | None = None) -> bool:
    """Change the keep-in-touch cadence (None: the circle's default) and optionally the circle."""
    data = ContactInput(cadence_days=cadence_days if cadence_days is not None else False, circle=circle)
    return contacts.update(contact_id, data, now)


def add_idea(contact_id: int, text: str, now: dt.datetime, kind: str = "other") -> int:
    """Note something you could give them (an article, an intro, a referral)."""
    return gives.add(contact_id, text, now, direction="idea", kind=kind)


def give_idea(contact_id: int, now: dt.datetime) -> str:
    """Mark the first give idea on the card (the oldest open one) as given today; returns its text.

    Raises ``TriageError`` when they have no open idea (g notes one)."""
    given = karma.give_first_idea(contact_id, now)
    if given is None:
        raise TriageError(f"{lookup.get(contact_id).name} has no open give idea to mark given (g notes one)")
    return given.text


def add_note(contact_id: int, text: str, now: dt.datetime) -> None:
    """Append a dated line to the contact's note."""
    clean = sanitize(text)
    if not clean:
        raise TriageError("the note is empty")
    with db.atomic():
        old = lookup.get(contact_id).note or ""
        entry = f"{now:%Y-%m-%d}: {clean}"
        contacts.update(contact_id, ContactInput(note=f"{old.rstrip()}\n{entry}" if old.strip() else entry), now)


def archive(contact_id: int, now: dt.datetime) -> None:
    """Let them go: archived, out of every queue, no reminders; reversible (undo, or restore)."""
    contacts.set_archived(contact_id, True, now)
