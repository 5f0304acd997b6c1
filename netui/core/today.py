"""Today: the people who need you, one entry per person, finite and in the method's order.

Whatever is due for a person (a step of the meeting plan, the keep-in-touch cadence, a birthday, a
custom reminder, an introduction's follow-up) is one ``Entry`` listing its reasons; a log on it answers
every reason that log answers (``reminders.answers``, and the cadence restarts). On day 30 the plan's
call and the cadence are one entry, and one call answers both.

The order (``GROUPS``), each group after the one before:

1. **new**: the 48 h follow-up or the 30-day call of someone met in the last weeks; the follow-ups
   first (the most time-critical thing in the method), each the nearest deadline first;
2. **today**: a birthday or a date of yours (a custom reminder) that falls today;
3. **introductions**: an introduction waiting for an answer (how did it go?), or a side asked and
   silent for ``[introductions] chase_days`` (5): "chase", from ``intro_network.to_chase``;
4. **close**: anything due for the ace and inner circles, closest circle first, then the longest due;
5. **rest**: everyone else, by how much the relationship stands to lose: its strength (a strong
   relationship left to decay loses most, a cold one nothing), then the closer circle, then the
   longest due.

Two kinds of people are not listed one by one:

- **let go?** An outer-circle person whose only reason is the cadence, silent for more than
  ``LET_GO_CADENCES`` cadences (overdue by more than two: 360 days at the outer circle's 180), is
  folded into ``let_go``: one decision (archive them all, keep them,
  snooze them) instead of a wall of people gone cold.
- **unscheduled**: a contact with no interaction yet (imported, never met by you; the meeting you add
  is logged) is not overdue by years: their cadence is not due until you decide. Today offers
  ``UNSCHEDULED_PER_DAY`` of them, newest first, to sort into a circle (log how you know them),
  snooze, or let go. Snoozing their keep-in-touch schedules them.

Someone you owe (``karma``: they did something for you, nothing given back since) who is listed
anyway gets an "owe" reason too, with ideas of what to give: it never makes a person due on its own.

``count`` is the number of people due (the header's number): one SQL count that agrees with
``people_due`` by construction (the same conditions), without building the entries.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import NamedTuple

from netui.core import contacts, interactions, intro_network, karma, lookup, reminders
from netui.core import settings as settings_mod
from netui.core.dates import iso
from netui.core.reminders import DueItem, Filter
from netui.core.vocab import CIRCLES, KEEP_IN_TOUCH
from netui.db import db
from netui.db.models import Contact, Reminder

GROUPS = ("new", "today", "introductions", "close", "rest")
NEW_KINDS = ("follow-up", "call")
CLOSE_CIRCLES = ("ace", "inner")
LET_GO_CADENCES = 3  # an outer-circle person silent for more than this many cadences is offered to let go
UNSCHEDULED_PER_DAY = 3
OWE_ONE_BY_ONE = 20  # up to this many entries, whether you owe each is asked per person (indexed)
_REASON_ORDER = ("follow-up", "call", "face-to-face", "birthday", "anniversary", "custom", "intro-follow-up", "chase",
                 KEEP_IN_TOUCH, "owe")


class Reason(NamedTuple):
    """One reason a person is due."""

    kind: str  # a reminder kind, or keep-in-touch
    due: dt.datetime
    note: str  # what to do: a custom reminder's own note, else the reminder's words
    words: str  # "overdue by 3 days", "36 h left", "snoozed until Tue 24 Nov"
    reminder_id: int | None = None  # None for keep-in-touch
    snoozed_until: dt.datetime | None = None
    deadline: dt.datetime | None = None


class Entry(NamedTuple):
    """A person and every reason they are due, with what it takes to act."""

    contact_id: int
    name: str
    circle: str
    reasons: tuple[Reason, ...]
    phone: str
    email: str
    group: str  # one of GROUPS
    strength: int
    overdue_days: int  # since the oldest reason came due (0: due today)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(r.kind for r in self.reasons)


class LetGo(NamedTuple):
    contact_id: int
    name: str
    overdue_days: int


class Unscheduled(NamedTuple):
    contact_id: int
    name: str
    organization: str
    added: dt.datetime


class Today(NamedTuple):
    items: list[Entry]  # at most the limit
    more: int  # how many more people are due
    let_go: list[LetGo]
    unscheduled: list[Unscheduled]


class _Person(NamedTuple):
    circle: str
    strength: int
    cadence: int
    scheduled: bool  # has a real interaction (or a keep-in-touch snooze)


def _people(ids: list[int]) -> dict[int, _Person]:
    """The circle, strength, cadence and whether scheduled, of each of ``ids``: one query, the ids passed
    as one JSON array (some 18,000 people are due at 100,000 contacts)."""
    cfg = settings_mod.current()
    rows = db.execute_sql(
        "SELECT id, circle, strength, cadence_days, last_contact_at IS NOT NULL FROM contact"
        " WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
    return {cid: _Person(circle, strength or 0, cfg.cadence_for(circle, cadence_days), bool(scheduled))
            for cid, circle, strength, cadence_days, scheduled in rows}


def _reason(item: DueItem) -> Reason:
    """A due item as a reason, its words still to say (``_worded``: only the entries shown need them)."""
    note = item.note if item.kind == "custom" and item.note else item.why
    return Reason(item.kind, item.due, note, "", item.reminder_id, item.snoozed_until, item.deadline)


def _worded(reason: Reason, now: dt.datetime) -> Reason:
    """``reason`` with how it stands in words: "overdue by 3 days", "36 h left", "snoozed until Tue 24 Nov"."""
    if reason.words:  # a chase says when it was asked
        return reason
    item = DueItem(None, "", reason.kind, reason.due, "", snoozed_until=reason.snoozed_until, deadline=reason.deadline)
    return reason._replace(words=reminders.due_words(item, now))


def _group(kinds: set[str], reasons: list[Reason], circle: str, today: dt.date) -> str:
    if kinds & set(NEW_KINDS):
        return "new"
    if any(r.kind in ("birthday", "anniversary", "custom") and r.due.date() == today for r in reasons):
        return "today"
    if "intro-follow-up" in kinds or "chase" in kinds:
        return "introductions"
    if circle in CLOSE_CIRCLES:
        return "close"
    return "rest"


def _let_go_after(cadence: int) -> int:
    """Days overdue past which an outer-circle person is offered to let go: silent for LET_GO_CADENCES cadences."""
    return (LET_GO_CADENCES - 1) * cadence


def _rank(circle: str) -> int:
    return CIRCLES.index(circle) if circle in CIRCLES else len(CIRCLES)


def _sort_key(e: Entry):
    oldest = min(r.due for r in e.reasons if r.kind != "owe")
    if e.group == "new":  # the follow-ups first, then the calls; each the nearest deadline first
        soonest = min((r.deadline or r.due) for r in e.reasons if r.kind in NEW_KINDS)
        return (0, "follow-up" not in e.kinds, soonest, e.name, e.contact_id)
    if e.group == "rest":
        return (4, -e.strength, _rank(e.circle), oldest, e.name, e.contact_id)
    return (GROUPS.index(e.group), _rank(e.circle), oldest, e.name, e.contact_id)


def people_due(now: dt.datetime, only: Filter | None = None, *, fold: bool = True) -> tuple[list[Entry], list[LetGo]]:
    """Everyone due at ``now``, one entry each, in the documented order; and those folded into "let go?".

    ``only`` keeps some reason kinds, circles or one person; ``fold=False`` lists the long-cold too.
    """
    entries, let_go = _due(now, only, fold)
    return _detailed(entries, now, only), let_go


def _due(now: dt.datetime, only: Filter | None, fold: bool) -> tuple[list[Entry], list[LetGo]]:
    """``people_due`` in order, without what only a shown card needs: how to reach each person (their
    phone and email are ""), what you owe them (no "owe" reason yet) and the words of each reason.
    None of these changes the order: at 100,000 contacts some 18,000 people are due, and the queue
    shows ten."""
    items = [(i.contact_id, i) for i in reminders.due(now, only=only) if i.contact_id is not None]
    chases = _chases(now, only)
    people = _people(sorted({cid for cid, _ in items} | {c.contact_id for c in chases}))
    by_person: dict[int, list[DueItem]] = defaultdict(list)
    for cid, item in items:
        person = people.get(cid)
        if person is None:
            continue
        if item.kind == KEEP_IN_TOUCH and not (person.scheduled or item.snoozed):
            continue  # unscheduled: their cadence waits until you decide
        by_person[cid].append(item)
    del items  # each person's items go as their entry is made: the read's peak memory at 100,000 contacts
    chase_by: dict[int, list[Reason]] = defaultdict(list)
    for c in chases:
        if c.contact_id in people and (not only or not only.circles or people[c.contact_id].circle in only.circles):
            chase_by[c.contact_id].append(Reason("chase", c.due, c.note, _asked_words(c.asked_on, now), None))
    day = now.date()
    entries, let_go = [], []
    names = _names(set(chase_by) - set(by_person))
    for cid in list(by_person) + [c for c in chase_by if c not in by_person]:
        found = by_person.pop(cid, [])
        person = people[cid]
        found.sort(key=lambda i: (_REASON_ORDER.index(i.kind) if i.kind in _REASON_ORDER else 99, i.due))
        reasons = [_reason(i) for i in found] + chase_by.get(cid, [])
        reasons.sort(key=lambda r: _REASON_ORDER.index(r.kind) if r.kind in _REASON_ORDER else 99)
        overdue = max(0, max((day - r.due.date()).days for r in reasons))
        kinds = {r.kind for r in reasons}
        name = found[0].name if found else names.get(cid, "")
        if fold and person.circle == "outer" and kinds == {KEEP_IN_TOUCH} and overdue > _let_go_after(person.cadence):
            let_go.append(LetGo(cid, name, overdue))
            continue
        entries.append(Entry(
            cid, name, person.circle, tuple(reasons), "", "", _group(kinds, reasons, person.circle, day),
            person.strength, overdue,
        ))
    entries.sort(key=_sort_key)
    let_go.sort(key=lambda p: (-p.overdue_days, p.name, p.contact_id))
    return entries, let_go


def _detailed(entries: list[Entry], now: dt.datetime, only: Filter | None = None) -> list[Entry]:
    """``entries`` with their phone and email, the words of their reasons, and an "owe" reason for
    whoever you owe (it never makes a person due, nor moves them: ``_sort_key`` leaves it out)."""
    if only and only.kinds and "owe" not in only.kinds:
        owe: set[int] | None = set()
    else:  # a few people are asked about one by one; the whole karma bank is read only for many
        owe = karma.owed_ids() if len(entries) > OWE_ONE_BY_ONE else None
    reach = lookup.reach(e.contact_id for e in entries)
    out = []
    for e in entries:
        extra = tuple(_owe_reasons(e.contact_id)) if owe is None or e.contact_id in owe else ()
        reasons = tuple(_worded(r, now) for r in e.reasons)
        out.append(e._replace(reasons=reasons + extra, phone=reach[e.contact_id].phone,
                              email=reach[e.contact_id].email))
    return out


def _chases(now: dt.datetime, only: Filter | None) -> list[intro_network.Chase]:
    if only and only.kinds and "chase" not in only.kinds:
        return []
    return intro_network.to_chase(now, contact_id=only.contact_id if only else None)


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(sorted(ids))).tuples()) if ids else {}


def _asked_words(asked_on: dt.date, now: dt.datetime) -> str:
    days = (now.date() - asked_on).days
    return f"asked {days} day{'s' * (days != 1)} ago, no answer"


def _owe_reasons(contact_id: int) -> list[Reason]:
    """The "owe" reason of someone listed anyway: what they did for you, and ideas to give back."""
    row = karma.owes(contact_id)
    if row is None:
        return []
    ideas = "; ".join(row.ideas)
    note = f"they gave you: {row.last}" + (f". Give back? {ideas}" if ideas else "")
    return [Reason("owe", dt.datetime.combine(row.last_on, dt.time()), note, f"nothing given back since {row.last_on:%d %b}")]


def entry_for(contact_id: int, now: dt.datetime) -> Entry | None:
    """One person's entry if anything is due for them (also someone folded into "let go?")."""
    entries, _ = people_due(now, Filter(contact_id=contact_id), fold=False)
    return entries[0] if entries else None


def unscheduled(now: dt.datetime, limit: int = UNSCHEDULED_PER_DAY, skip: set[int] | frozenset = frozenset()) -> list[Unscheduled]:
    """A few contacts with no interaction yet, newest first, to sort (``skip``: ids listed elsewhere)."""
    marked = Reminder.select(Reminder.contact).where(Reminder.kind == KEEP_IN_TOUCH)
    query = (
        Contact.select(Contact.id, Contact.name, Contact.organization, Contact.created_at)
        .where((Contact.archived == False) & (Contact.kind == "person") & Contact.last_contact_at.is_null()  # noqa: E712
               & Contact.id.not_in(marked))
        .order_by(Contact.created_at.desc(), Contact.id.desc())
        .tuples()
    )
    out = []
    for cid, name, org, created in query.iterator():
        if cid in skip:
            continue
        out.append(Unscheduled(cid, name, org or "", contacts.as_datetime(created)))
        if len(out) >= limit:
            break
    return out


def today(now: dt.datetime, limit: int | None = None) -> Today:
    """The day's queue: at most ``limit`` people (default ``[today] limit``, 10), how many more, who to let go.

    Entries are made only for the people who may be among the first ``limit`` (``_first``), not for
    everyone due (about 18,000 people at 100,000 contacts, for a queue of ten); who is due at all is
    one SQL statement, the one ``count`` counts.
    """
    limit = max(settings_mod.current().today_limit if limit is None else limit, 0)
    due_ids = _ids(_due_ids_sql(now)[0], now)
    entries, let_go = _first(now, limit)
    shown = _detailed(entries[:limit], now)
    return Today(shown, len(due_ids) - len(shown), let_go, unscheduled(now, skip=due_ids))


def _first(now: dt.datetime, limit: int) -> tuple[list[Entry], list[LetGo]]:
    """Entries holding the first ``limit`` of the queue, in order, and everyone folded into "let go?".

    The groups before "close" (new, today, introductions) are read first; when they fill the queue,
    nobody else can be among the first ``limit``. Else the close circles' due people join them, and of
    the rest only those at least as strong as the ``limit``-th strongest due outside the close circles:
    each weaker one has at least ``limit`` entries before them (the earlier groups, or the stronger).
    The let-go candidates are read in every case, so that the fold is whole.
    """
    fold = _ids(f"SELECT c.id FROM contact c WHERE {_KEEP_IN_TOUCH_DUE} AND {_cold_sql()}", now)
    early = _ids(f"""SELECT r.contact_id FROM reminder r
            WHERE r.next_due_at IS NOT NULL AND r.next_due_at <= :now
              AND (r.kind IN ('follow-up', 'call', 'intro-follow-up')
                   OR r.kind IN ('birthday', 'anniversary', 'custom') AND r.next_due_at >= :today)
            UNION {intro_network.CHASE_IDS_SQL}""", now)
    entries, let_go = _due(now, Filter(contact_ids=frozenset(early | fold)), True)
    if sum(1 for e in entries if e.group not in ("close", "rest")) >= limit:
        return entries, let_go
    sql, _ = _due_ids_sql(now)
    outside = "coalesce(c.circle, '') NOT IN ('ace', 'inner')"
    strongest = db.execute_sql(
        f"SELECT coalesce(c.strength, 0) FROM ({sql}) d JOIN contact c ON c.id = d.contact_id WHERE {outside}"
        " ORDER BY 1 DESC LIMIT 1 OFFSET :offset", {**_params(now), "offset": max(limit - 1, 0)}).fetchone()
    more = _ids(f"""SELECT c.id FROM ({sql}) d JOIN contact c ON c.id = d.contact_id
            WHERE NOT ({outside}) OR coalesce(c.strength, 0) >= :floor""", now, floor=strongest[0] if strongest else 0)
    return _due(now, Filter(contact_ids=frozenset(early | fold | more)), True)


def count(now: dt.datetime) -> int:
    """How many people are due at ``now`` (not reminders): the header's number, as ``people_due`` counts them."""
    sql, params = _due_ids_sql(now)
    return db.execute_sql(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def anyone_due(now: dt.datetime) -> bool:
    """Whether ``count(now)`` is above zero, asked so that SQLite stops at the first person found (where
    the app opens: Today when someone is due)."""
    sql, params = _due_ids_sql(now, distinct=False)
    return db.execute_sql(f"SELECT EXISTS ({sql})", params).fetchone()[0] == 1


def _due_ids_sql(now: dt.datetime, *, distinct: bool = True) -> tuple[str, dict]:
    """The ids of the people due (each once when ``distinct``), as SQL and its parameters.

    The due reminders are read from the due-date index and joined to their contact (CROSS JOIN keeps
    that order: else SQLite walks all 100,000 contacts and looks for each one's due reminders).
    """
    union = "UNION" if distinct else "UNION ALL"
    sql = f"""
            SELECT r.contact_id FROM reminder r CROSS JOIN contact c ON c.id = r.contact_id
            WHERE r.next_due_at IS NOT NULL AND r.next_due_at <= :now AND c.archived = 0 AND c.kind = 'person'
            {union}
            SELECT c.id FROM contact c WHERE {_KEEP_IN_TOUCH_DUE} AND NOT ({_cold_sql()})
            {union}
            {intro_network.CHASE_IDS_SQL}"""
    return sql, _params(now)


# A contact's keep-in-touch date has come, and it counts: they were in touch once, or a snooze set it.
_KEEP_IN_TOUCH_DUE = f"""c.archived = 0 AND c.kind = 'person' AND c.next_due_at <= :now
              AND (c.last_contact_at IS NOT NULL OR EXISTS (
                  SELECT 1 FROM reminder k WHERE k.contact_id = c.id AND k.kind = '{KEEP_IN_TOUCH}'
                  AND k.snoozed_until = c.next_due_at))"""


def _cold_sql() -> str:
    """An outer-circle contact silent for more than ``LET_GO_CADENCES`` cadences (``_let_go_after``)."""
    cfg = settings_mod.current()
    cases = " ".join(f"WHEN '{circle}' THEN {days}" for circle, days in cfg.cadence.items())
    cadence = f"coalesce(nullif(c.cadence_days, 0), CASE c.circle {cases} ELSE {cfg.cadence.get('regular', 90)} END)"
    return f"c.circle = 'outer' AND julianday(:today) - julianday(date(c.next_due_at)) > {LET_GO_CADENCES - 1} * {cadence}"


def _params(now: dt.datetime) -> dict:
    return {"now": iso(now.replace(microsecond=0)), "today": now.date().isoformat(),
            "chase_cutoff": intro_network.chase_cutoff(now)}


def _ids(sql: str, now: dt.datetime, **more) -> set[int]:
    return {cid for (cid,) in db.execute_sql(sql, {**_params(now), **more})}


def log(contact_id: int, kind: str, now: dt.datetime, summary: str = "") -> list[str]:
    """Act on a person's entry with a log dated ``now``: returns the reasons it answered, by kind.

    The cadence restarts and the one rule closes what the kind answers; the reasons that stay (a
    face-to-face check after a call) keep the person due.
    """
    return log_entry(contact_id, kind, now, summary)[0]


def log_entry(contact_id: int, kind: str, now: dt.datetime, summary: str = "") -> tuple[list[str], Entry | None]:
    """``log``, and what is still due for the person after it (``entry_for``, read once for both)."""
    before = entry_for(contact_id, now)
    interactions.log(contact_id, kind, now, now, summary=summary)
    after = entry_for(contact_id, now)
    left = {(r.kind, r.reminder_id) for r in after.reasons} if after else set()
    return [r.kind for r in (before.reasons if before else ()) if (r.kind, r.reminder_id) not in left], after


# --- deciding about the folded and the unscheduled: each one transaction --------------------------


def let_go(contact_ids: list[int], now: dt.datetime) -> int:
    """"Let these go?": archive them all (out of every queue, no reminders; undo restores them)."""
    with db.atomic():
        for cid in contact_ids:
            contacts.set_archived(cid, True, now)
    return len(contact_ids)


def keep(contact_ids: list[int], now: dt.datetime) -> int:
    """Keep them: each stays, and comes up again one cadence from now, one by one (not folded)."""
    with db.atomic():
        for cid in contact_ids:
            cadence = settings_mod.current().cadence_for(*_circle_and_cadence(cid))
            reminders.snooze_contact(cid, now, until=now + dt.timedelta(days=cadence))
    return len(contact_ids)


def snooze_all(contact_ids: list[int], now: dt.datetime, by=None, until=None) -> dt.datetime | None:
    """Put off their keep-in-touch dates alike (``by`` 1w/1m or ``until`` a date); the new date."""
    target = None
    with db.atomic():
        for cid in contact_ids:
            target = reminders.snooze_contact(cid, now, by=by, until=until)
    return target


def schedule(contact_id: int, circle: str, now: dt.datetime) -> dt.datetime:
    """Sort an unscheduled contact into ``circle``: their keep-in-touch clock starts today (first touch
    due one cadence from now); returns that date."""
    with db.atomic():  # the circle is checked by contacts.update
        contacts.update(contact_id, contacts.ContactInput(circle=circle), now)
        cadence = settings_mod.current().cadence_for(*_circle_and_cadence(contact_id))
        return reminders.snooze_contact(contact_id, now, until=now + dt.timedelta(days=cadence))


def _circle_and_cadence(contact_id: int) -> tuple[str, int | None]:
    c = lookup.get(contact_id)
    return c.circle, c.cadence_days
