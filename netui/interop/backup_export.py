"""Reading the JSON backup out of the database (``netui export --format json``; its shape is in
``netui.interop.backup``): every contact as ``contacts.contact_dict`` has it, and the rest.

Contacts are read ``CHUNK`` at a time, each kind of row in one query per chunk (``SECTIONS``, one
entry per kind of a contact's own rows), so a backup of 100,000 people takes little memory and a
number of queries that grows with the chunks, not the people. The rows are read with plain cursors
(``_raw``) and a chunk is a range of ids, since building and converting ORM rows and queries took
most of the time. ``export`` gives the whole backup as one object; ``backup_write.write`` streams its
text, laid out from the same queries' rows.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import (
    JOIN,
    CharField,
    DateField,
    DateTimeField,
    Expression,
    Field,
    ForeignKeyField,
    IntegerField,
    Select,
    TextField,
)

from netui.core import cards, fields, relations, scan
from netui.core.dates import iso
from netui.db import db
from netui.db.models import (
    Contact,
    ContactMethod,
    ContactTag,
    Give,
    Interaction,
    Introduction,
    IntroNote,
    Journal,
    OrgHistory,
    Photo,
    Reminder,
    ScanSeen,
    Tag,
)
from netui.interop.backup_check import FORMAT, VERSION

__all__ = ["CHUNK", "SECTIONS", "Section", "chunk_items", "chunks", "contact_dicts", "export", "header", "introductions", "scan_seen"]

CHUNK = 1000  # contacts read and written at a time


@dataclass(frozen=True)
class Section:
    """One kind of a contact's own rows in the backup, after the fields of ``views.contact_dicts``:
    the key, the query of the rows of many contacts (the contact's id first, then what ``as_dict``
    reads; one contact's rows together, ordered as ``contacts.contact_dict`` orders them) and one
    row's value.
    ``as_dict`` gives its columns in order, a date through ``iso``, so that the writer can lay out
    the rows themselves (``backup_write``). Rows that are not one query's (relations) are ``read``."""

    key: str
    query: Callable[[list[int]], Select] | None
    as_dict: Callable[..., dict]
    read: Callable[[list[int]], Iterable[Sequence]] | None = None

    def rows(self, ids: list[int]) -> Iterable[Sequence]:
        if self.query is None:
            assert self.read is not None
            return self.read(ids)
        return _raw(self.query(ids))


_REMINDER_COLUMNS = (Reminder.kind, Reminder.note, Reminder.rrule, Reminder.due_at, Reminder.next_due_at,
                     Reminder.snoozed_until, Reminder.done_at)


def _among(field: Field, ids: list[int]) -> Expression:
    """``field`` is one of ``ids``, a run of contact ids in order (a chunk of all of them): a range,
    which SQLite reads as quickly as the list and peewee builds a thousand times quicker."""
    return field.between(ids[0], ids[-1]) if ids else field.in_([])


def _one_of(field: Field, ids: list[int]) -> Expression:
    """``field`` is one of ``ids``, whichever they are."""
    return field.in_(ids)


Among = Callable[[Field, list[int]], Expression]
IDS_AT_ONCE = 5000  # ids in one IN (...) list: far below SQLite's limit on parameters


def contact_dicts(contact_ids: list[int]) -> list[dict]:
    """``views.contact_dicts``: ``contacts.contact_dict(id, full=False)`` of these contacts, in the order
    given (ids of contacts that do not exist are left out), read as the backup reads them: plain cursors,
    four queries per ``IDS_AT_ONCE`` contacts, several times quicker than ORM rows."""
    found: dict[int, dict] = {}
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), IDS_AT_ONCE):
        found.update((item["id"], item) for item in _contact_dicts(ids[start : start + IDS_AT_ONCE], _one_of))
    return [found[i] for i in contact_ids if i in found]


_OWN_FORM = {DateTimeField: re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"), DateField: re.compile(r"\d{4}-\d\d-\d\d")}


def converter(field: Field) -> Callable[[object], object] | None:
    """What the ORM makes of a stored value of ``field`` (None: the value as SQLite gives it, for text
    and whole numbers, which is what netui stores there), except that a date or time stored in netui's
    own form stays that text: it is what ``iso`` (or ``as_date``) makes of the parsed value, and a
    text the ORM cannot parse stays text there too."""
    if isinstance(field, (DateTimeField, DateField)):
        own = _OWN_FORM[DateTimeField if isinstance(field, DateTimeField) else DateField].fullmatch
        return lambda value: value if type(value) is str and own(value) else field.python_value(value)
    if isinstance(field, (TextField, CharField, IntegerField, ForeignKeyField)) or not isinstance(field, Field):
        return None  # an expression (``cards.tag_shown()``): its value as SQLite gives it, as with ``tuples()``
    return field.python_value


def _raw(query: Select) -> Iterator[Sequence]:
    """The rows of ``query`` as ``query.tuples()`` gives them (but see ``_converter``), read with a plain
    cursor: several times quicker."""
    convert = [(i, c) for i, field in enumerate(query._returning) if (c := converter(field)) is not None]
    sql, params = query.sql()
    cursor = db.execute_sql(sql, params)
    if not convert:
        yield from cursor
        return
    for row in cursor:
        values = list(row)
        for i, c in convert:
            values[i] = c(values[i])
        yield values


SECTIONS = (
    Section(
        "org_history",
        lambda ids: OrgHistory.select(OrgHistory.contact, OrgHistory.organization, OrgHistory.title, OrgHistory.until)
        .where(_among(OrgHistory.contact, ids)).order_by(OrgHistory.contact, OrgHistory.until, OrgHistory.id),
        lambda organization, title, until: {"organization": organization, "title": title, "until": iso(until)},
    ),
    Section(
        "interactions",
        lambda ids: Interaction.select(Interaction.contact, Interaction.occurred_at, Interaction.kind,
                                       Interaction.summary, Interaction.note, Interaction.share)
        .where(_among(Interaction.contact, ids))  # the contacts backwards: the index's order, no sorting
        .order_by(Interaction.contact.desc(), Interaction.occurred_at.desc(), Interaction.id.desc()),
        lambda occurred_at, kind, summary, note, share: {"occurred_at": iso(occurred_at), "kind": kind,
                                                         "summary": summary, "note": note, "share": share},
    ),
    Section(
        "gives",
        lambda ids: Give.select(Give.contact, Give.direction, Give.kind, Give.text, Give.status, Give.outcome,
                                Give.created_on, Give.done_on, Give.lead, Give.introduction)
        .where(_among(Give.contact, ids)).order_by(Give.contact, Give.created_on, Give.id),
        lambda direction, kind, text, status, outcome, created_on, done_on, lead, introduction: {
            "direction": direction, "kind": kind, "text": text, "status": status, "outcome": outcome,
            "created_on": iso(created_on), "done_on": iso(done_on), "lead": lead, "introduction": introduction,
        },
    ),
    Section(
        "reminders",
        lambda ids: Reminder.select(Reminder.contact, *_REMINDER_COLUMNS)
        # "+ 0": SQLite would otherwise read every reminder without an introduction through that index.
        .where(_among(Reminder.contact, ids) & (Reminder.introduction + 0).is_null())
        .order_by(Reminder.contact, Reminder.due_at, Reminder.id),
        lambda *row: _reminder_dict(*row),
    ),
    Section(
        "relations",
        None,
        relations.as_dict,
        lambda ids: ((cid, r) for cid, rows in sorted(relations.of_many(ids).items()) for r in rows),
    ),
    Section(
        "journal",
        lambda ids: Journal.select(Journal.contact, Journal.noted_on, Journal.text)
        .where(_among(Journal.contact, ids)).order_by(Journal.contact.desc(), Journal.noted_on.desc(), Journal.id.desc()),
        lambda noted_on, text: {"on": iso(noted_on), "text": text},
    ),
)

def _reminder_dict(kind, note, rrule, due_at, next_due_at, snoozed_until, done_at) -> dict:
    return {"kind": kind, "note": note, "rrule": rrule, "due_at": iso(due_at), "next_due_at": iso(next_due_at),
            "snoozed_until": iso(snoozed_until), "done_at": iso(done_at)}


METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def _contact_dicts(ids: list[int], among: Among = _among) -> list[dict]:
    """``views.contact_dicts(ids)`` of a run of ids (``_among``; or of any ids, ``_one_of``), by id, read
    with plain cursors: four queries."""
    columns, plan = plan_of_fields()
    at = {c: i for i, c in enumerate(columns)}
    rows = list(_raw(contact_query(ids, among)))
    methods: dict[tuple[int, str], list[dict]] = {}
    for cid, kind, value, label, preferred in _raw(method_query(ids, among)):
        methods.setdefault((cid, kind), []).append({"value": value, "label": label, "preferred": bool(preferred)})
    tags: dict[int, list[str]] = {}
    for cid, name in _raw(tag_query(ids, among)):
        tags.setdefault(cid, []).append(name)
    card = {i: cards.plain(c) for i, c in cards.cards_of([row[at["id"]] for row in rows]).items()}
    out = []
    for row in rows:
        cid = row[at["id"]]
        item: dict = {}
        for f, how, where in plan:  # as contact_dict: one key per row of the registry, in its order
            if how == "as is":
                item[f.key] = row[where]
            elif how == "text":
                item[f.key] = row[where] or ""
            elif how == "methods":
                item[f.key] = methods.get((cid, METHOD_KINDS[f.key]), [])
            elif how == "tags":
                item[f.key] = tags.get(cid, [])
            elif how == "card":
                item[f.key] = card[cid][f.key]
            else:
                item[f.key] = fields.stored(f, tuple(row[i] for i in where))
        out.append(item)
    return out


def contact_query(ids: list[int], among: Among = _among) -> Select:
    """The contacts' own columns (``plan_of_fields``), by id."""
    return Contact.select(*(getattr(Contact, c) for c in plan_of_fields()[0])).where(among(Contact.id, ids)).order_by(Contact.id)


def method_query(ids: list[int], among: Among = _among) -> Select:
    """(contact, kind, value, label, preferred) of the contacts' emails, phones and links, in order."""
    return (ContactMethod.select(ContactMethod.contact, ContactMethod.kind, ContactMethod.value, ContactMethod.label,
                                 ContactMethod.preferred).where(among(ContactMethod.contact, ids))
            .order_by(ContactMethod.contact, ContactMethod.kind, ContactMethod.position, ContactMethod.id))


def tag_query(ids: list[int], among: Among = _among) -> Select:
    """(contact, tag as shown) of the contacts' tags, in order."""
    return (Tag.select(ContactTag.contact, cards.tag_shown()).join(ContactTag)
            .where(among(ContactTag.contact, ids)).order_by(ContactTag.contact, Tag.name))


def plan_of_fields() -> tuple[tuple[str, ...], tuple[tuple[fields.Field, str, Any], ...]]:
    """The contact columns to read, and how ``_contact_dicts`` gives each field's value: what
    ``fields.stored`` does, its simple cases inline. Made again when the registry changes."""
    if _memo[0] is not fields.FIELDS:
        columns = tuple(dict.fromkeys(c for f in fields.FIELDS for c in f.db_columns))
        at = {c: i for i, c in enumerate(columns)}
        plan: list[tuple[fields.Field, str, Any]] = []
        for f in fields.FIELDS:
            if f.kind in ("methods", "tags", "card"):
                plan.append((f, f.kind, None))
            elif len(f.db_columns) == 1 and f.kind in ("text", "multiline"):
                plan.append((f, "text", at[f.db_columns[0]]))
            elif len(f.db_columns) == 1 and f.kind not in ("birthday", "date", "datetime", "flag"):
                plan.append((f, "as is", at[f.db_columns[0]]))
            else:
                plan.append((f, "stored", tuple(at[c] for c in f.db_columns)))
        _memo[:] = [fields.FIELDS, (columns, tuple(plan))]
    return _memo[1]


_memo: list = [None, None]  # [the FIELDS the plan was made from, (columns, plan)]


def chunks() -> Iterator[list[int]]:
    """Every contact's id in order, ``CHUNK`` at a time."""
    ids = [cid for (cid,) in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def section_dicts(section: Section, chunk: list[int]) -> dict[int, list[dict]]:
    """The rows of ``section`` of a chunk of contacts, as dicts, by contact."""
    by_contact: dict[int, list[dict]] = {}
    for contact_id, *row in section.rows(chunk):
        by_contact.setdefault(contact_id, []).append(section.as_dict(*row))
    return by_contact


def photo_data(chunk: list[int]) -> dict[int, str]:
    """The photos of a chunk of contacts, their bytes in base64, by contact."""
    query = Photo.select(Photo.contact, Photo.data).where(_among(Photo.contact, chunk) & Photo.data.is_null(False))
    return {cid: base64.b64encode(bytes(data)).decode("ascii") if data else "" for cid, data in query.tuples()}


def chunk_items(chunk: list[int]) -> Iterator[dict]:
    """The contacts of a chunk as ``contacts.contact_dict`` has them, in a few queries."""
    found = _contact_dicts(chunk)
    owned = {section.key: section_dicts(section, chunk) for section in SECTIONS}
    photos = photo_data(chunk)
    for item in found:
        for section in SECTIONS:
            item[section.key] = owned[section.key].get(item["id"], [])
        if item.get("photo") is not None:  # the bytes themselves, so a restore gives back the same photo
            item["photo"]["base64"] = photos.get(item["id"], "")
        yield item


def _contacts() -> Iterator[dict]:
    """Every contact as ``contacts.contact_dict`` has it, by id, in a few queries per ``CHUNK``."""
    for chunk in chunks():
        yield from chunk_items(chunk)


def introductions() -> Iterator[dict]:
    """Every introduction with its notes and reminders, in four queries per ``CHUNK``."""
    intros = list(Introduction.select().order_by(Introduction.id))
    for start in range(0, len(intros), CHUNK):
        chunk = intros[start : start + CHUNK]
        people = {x for i in chunk for x in (i.a_id, i.b_id, i.requested_by_id) if x}
        reminders: dict[int, list[tuple]] = {}
        for row in (Reminder.select(Reminder.introduction, Reminder.contact, *_REMINDER_COLUMNS)
                    .where(Reminder.introduction.in_([i.id for i in chunk]))
                    .order_by(Reminder.introduction, Reminder.id).tuples()):
            reminders.setdefault(row[0], []).append(row[1:])
            if row[1]:
                people.add(row[1])
        uid = dict(Contact.select(Contact.id, Contact.uid).where(Contact.id.in_(sorted(people))).tuples())
        history: dict[int, list[dict]] = {}
        for intro_id, noted_on, note in (IntroNote.select(IntroNote.introduction, IntroNote.noted_on, IntroNote.note)
                                         .where(IntroNote.introduction.in_([i.id for i in chunk]))
                                         .order_by(IntroNote.introduction, IntroNote.id).tuples()):
            history.setdefault(intro_id, []).append({"on": iso(noted_on), "note": note})
        for intro in chunk:
            yield {
                "id": intro.id, "a": uid.get(intro.a_id), "b": uid.get(intro.b_id), "reason_a": intro.reason_a,
                "reason_b": intro.reason_b, "status": intro.status, "outcome": intro.outcome,
                "requested_by": uid.get(intro.requested_by_id), "proposed_on": iso(intro.proposed_on),
                "made_on": iso(intro.made_on), "outcome_on": iso(intro.outcome_on), "note": intro.note,
                "kind": intro.kind,
                "sides": [{"asked_on": iso(getattr(intro, f"{side}_asked_on")), "answer": getattr(intro, f"{side}_answer"),
                           "answered_on": iso(getattr(intro, f"{side}_answered_on"))} for side in ("a", "b")],
                "history": history.get(intro.id, []),
                "reminders": [_reminder_dict(*row) | {"contact": uid.get(contact_id) if contact_id else None}
                              for contact_id, *row in reminders.get(intro.id, [])],
            }


def scan_seen() -> Iterator[dict]:
    """The rows of ``scan_seen`` that name a contact still here, with its uid, and the never-list."""
    query = (
        ScanSeen.select(ScanSeen.source, Contact.uid, ScanSeen.outcome, ScanSeen.seen_at)
        .join(Contact, JOIN.LEFT_OUTER, on=(ScanSeen.contact_id == Contact.id))
        .order_by(ScanSeen.id)
        .tuples()
    )
    for source, uid, outcome, seen_at in query:
        if (uid is None) == (outcome == scan.NEVER):
            yield {"source": source, "contact": uid, "outcome": outcome, "seen_at": iso(seen_at)}


def header(now: dt.datetime) -> dict:
    return {"format": FORMAT, "version": VERSION, "exported_at": now.isoformat(sep=" ")}


def export(now: dt.datetime) -> dict:
    """The whole backup as one object (``backup_write.write`` streams the same to a file)."""
    return header(now) | {"contacts": list(_contacts()), "introductions": list(introductions()),
                           "scan_seen": list(scan_seen())}
