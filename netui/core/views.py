"""What the panes beside the contact list show about one person, and the command line's listing of
many, each read in a few queries.

A pane asks for one value (``detail`` or ``strength``) and draws it; the value holds rows, never the
words or styles that depend on the time of day, so the TUI can keep it for a contact until a write
touches them and redraw it with a later ``now`` for free. Each function runs at most one query per
kind of row (the contact, their methods, tags, reminders, past jobs, interactions, gives).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peewee import fn

from netui.core import cards, fields, interactions, journal, relations
from netui.core.contacts import Method, as_datetime, methods_of, tags_of
from netui.core.dates import as_date
from netui.core.interactions import InteractionRow
from netui.core.lookup import get
from netui.core.text import fold
from netui.db import db
from netui.db.models import Contact, ContactMethod, ContactTag, Interaction, OrgHistory, Reminder, Tag

if TYPE_CHECKING:
    from netui.core.strength import Strength

RECENT = 30  # interactions the detail pane lists; older ones are counted
REMINDERS = 4


@dataclass(frozen=True)
class ReminderLine:
    due: dt.datetime | None
    kind: str
    note: str


@dataclass(frozen=True)
class PastJob:
    organization: str
    title: str
    until: str  # ISO text, as stored


@dataclass(frozen=True)
class Detail:
    """The detail pane's rows: who they are, how to reach them, what is coming up, what happened."""

    contact: Contact
    methods: dict[str, list[Method]]
    tags: list[str]
    reminders: list[ReminderLine]
    org_history: list[PastJob]  # oldest first
    recent: list[InteractionRow]  # newest first, at most RECENT
    total: int  # every interaction, also those not in ``recent``
    card: cards.CardData = field(default_factory=cards.CardData)  # addresses, dates, related, profiles, photo
    people: list[relations.Related] = field(default_factory=list)  # relations, as this person sees them
    entries: list[journal.Entry] = field(default_factory=list)  # the journal: dated entries, newest first, at most RECENT
    shared: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # share key -> the others (id, name)


def detail(contact_id: int) -> Detail:
    """One person's detail pane, in eight queries (``NotFound`` if they are gone)."""
    c = get(contact_id)
    reminders: list[ReminderLine] = []
    if not c.archived:  # an archived contact's reminders are never due
        rows = (
            Reminder.select(Reminder.kind, Reminder.note, Reminder.next_due_at)
            .where((Reminder.contact == contact_id) & Reminder.next_due_at.is_null(False))
            .order_by(Reminder.next_due_at, Reminder.id).limit(REMINDERS).tuples()
        )
        reminders = [ReminderLine(as_datetime(due), kind, note or "") for kind, note, due in rows]
    history = [
        PastJob(org or "", title or "", str(until or ""))
        for org, title, until in OrgHistory.select(OrgHistory.organization, OrgHistory.title, OrgHistory.until)
        .where(OrgHistory.contact == contact_id).order_by(OrgHistory.until, OrgHistory.id).tuples()
    ]
    total = 0
    recent = []
    # The newest rows and, on each, how many there are in all: one query instead of two.
    for row_id, occurred, kind, summary, note, share, count in (
        Interaction.select(Interaction.id, Interaction.occurred_at, Interaction.kind, Interaction.summary,
                           Interaction.note, Interaction.share, fn.COUNT(Interaction.id).over())
        .where(Interaction.contact == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(RECENT).tuples()
    ):
        total = count
        recent.append(InteractionRow(row_id, contact_id, as_datetime(occurred), kind, summary, note, share))
    shared = interactions.shared_with((r.share for r in recent), contact_id)  # no query when nothing is shared
    people, entries = _people_and_journal(contact_id)
    card = cards.card_of(contact_id)
    if card.related:  # someone a relation names is shown there, once, not again as the card's related person
        linked = {p.contact_id for p in people}
        card.related = [r for r in card.related if r.contact_id is None or r.contact_id not in linked]
    return Detail(c, methods_of(contact_id), tags_of(contact_id), reminders, history, recent, total,
                  card, people, entries, shared)


def _people_and_journal(contact_id: int) -> tuple[list[relations.Related], list[journal.Entry]]:
    """The relations (as this person sees them) and the newest journal entries, in one query."""
    people: list[relations.Related] = []
    entries: list[journal.Entry] = []
    for part, rid, kind, label, other, name, uid, reverse in db.execute_sql(
        "SELECT 'r', r.id, r.kind, r.label, c.id, c.name, c.uid, 0 FROM relation r JOIN contact c ON c.id = r.b_id "
        "WHERE r.a_id = ? UNION ALL SELECT 'r', r.id, r.kind, r.label, c.id, c.name, c.uid, 1 FROM relation r "
        "JOIN contact c ON c.id = r.a_id WHERE r.b_id = ? UNION ALL SELECT * FROM (SELECT 'j', id, noted_on, text, "
        "NULL, NULL, NULL, NULL FROM journal WHERE contact_id = ? ORDER BY noted_on DESC, id DESC LIMIT ?)",
        [contact_id, contact_id, contact_id, RECENT],
    ):
        if part == "j":
            entries.append(journal.Entry(rid, contact_id, as_date(kind), label))
        else:
            people.append(relations.seen(rid, kind, label, other, name, uid, bool(reverse)))
    people.sort(key=lambda r: (fold(r.name), r.id))
    entries.sort(key=lambda e: (e.on, e.id), reverse=True)
    return people, entries


@dataclass(frozen=True)
class StrengthView:
    """The strength pane's values: today's score explained, 30 days ago, month ends, counts by kind."""

    day: dt.date  # the day the scores are of
    name: str
    circle: str
    score: Strength
    before: int  # the score ``trend_days`` ago
    history: list[int]  # the score at each month's end, oldest first; the last is today's
    counts: dict[str, int]  # interactions by kind, all time, in the order of the kinds' names


def strength(contact_id: int, now: dt.datetime, *, months: int = 24, trend_days: int = 30) -> StrengthView:
    """One person's strength pane, from their rows read once (three queries)."""
    from netui.core import strength as strength_mod  # start-up: the first frame shows the detail pane

    name, circle = _name_and_circle(contact_id)
    interactions, gives = strength_mod._load(contact_id)
    today = now.date()
    score = strength_mod.score_of(interactions, gives, now)
    before = strength_mod.score_of(interactions, gives, today - dt.timedelta(days=trend_days)).score
    history = []
    for back in range(months - 1, -1, -1):  # as strength.history does, from the rows already read
        year, month0 = divmod(today.year * 12 + today.month - back, 12)  # the month after, 0-based
        end = min(today, dt.date(year, month0 + 1, 1) - dt.timedelta(days=1))
        history.append(score.score if end == today else strength_mod.score_of(interactions, gives, end).score)
    counts: dict[str, int] = {}
    for kind, _ in interactions:
        counts[kind] = counts.get(kind, 0) + 1
    return StrengthView(today, name, circle, score, before, history, dict(sorted(counts.items())))


def _name_and_circle(contact_id: int) -> tuple[str, str]:
    row = Contact.select(Contact.name, Contact.circle).where(Contact.id == contact_id).tuples().first()
    if row is None:
        get(contact_id)  # raises NotFound, worded as everywhere else
    return row


CHUNK = 5000  # ids per IN (...) list: far below SQLite's limit on parameters
_METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def contact_dicts(contact_ids: list[int]) -> list[dict]:
    """``contacts.contact_dict(id, full=False)`` of many contacts, in the order given, in three queries
    per ``CHUNK`` contacts instead of three per contact; ids of contacts that do not exist are left out."""
    out: list[dict] = []
    for start in range(0, len(contact_ids), CHUNK):
        ids = contact_ids[start : start + CHUNK]
        rows = {c.id: c for c in Contact.select().where(Contact.id.in_(ids))}
        methods: dict[int, dict[str, list[Method]]] = {i: {"email": [], "phone": [], "url": []} for i in ids}
        for m in ContactMethod.select().where(ContactMethod.contact.in_(ids)).order_by(
            ContactMethod.contact, ContactMethod.kind, ContactMethod.position, ContactMethod.id
        ):
            methods[m.contact_id].setdefault(m.kind, []).append(Method(m.kind, m.value, m.label, m.preferred))
        tags: dict[int, list[str]] = {i: [] for i in ids}
        for contact_id, name in (
            Tag.select(ContactTag.contact, cards.tag_shown()).join(ContactTag).where(ContactTag.contact.in_(ids))
            .order_by(ContactTag.contact, Tag.name).tuples()
        ):
            tags[contact_id].append(name)
        card = {i: cards.plain(c) for i, c in cards.cards_of([i for i in ids if i in rows]).items()}
        for i in ids:
            if i not in rows:
                continue
            row: dict = {}
            for f in fields.FIELDS:  # as contact_dict: one key per row of the registry, in its order
                if f.kind == "methods":
                    row[f.key] = [{"value": m.value, "label": m.label, "preferred": bool(m.preferred)}
                                  for m in methods[i][_METHOD_KINDS[f.key]]]
                elif f.kind == "tags":
                    row[f.key] = tags[i]
                elif f.kind == "card":
                    row[f.key] = card[i][f.key]
                else:
                    row[f.key] = fields.of_model(f, rows[i])
            out.append(row)
    return out
