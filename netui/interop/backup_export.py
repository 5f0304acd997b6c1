"""Writing the JSON backup (``netui export --format json``; its shape is in ``netui.interop.backup``).

Streamed: contacts are read ``CHUNK`` at a time, each kind of row in one query per chunk (``SECTIONS``,
one entry per kind of a contact's own rows), and written as they are read, so a backup of 100,000
people takes little memory and a number of queries that grows with the chunks, not the people. The
rows are read with plain cursors (``_raw``) and a chunk is a range of ids, since building and
converting ORM rows and queries took most of the time. The bytes are those of
``json.dump(export(now), out, indent=1, ensure_ascii=False)``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

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

__all__ = ["CHUNK", "SECTIONS", "Section", "export", "write"]

CHUNK = 1000  # contacts read and written at a time


@dataclass(frozen=True)
class Section:
    """One kind of a contact's own rows in the backup, after the fields of ``views.contact_dicts``:
    the key, the rows of many contacts in one query (the contact's id first, then what ``as_dict``
    reads, ordered by contact and then as ``contacts.contact_dict`` orders them) and one row's value."""

    key: str
    rows: Callable[[list[int]], Iterable[Sequence]]
    as_dict: Callable[..., dict]


_REMINDER_COLUMNS = (Reminder.kind, Reminder.note, Reminder.rrule, Reminder.due_at, Reminder.next_due_at,
                     Reminder.snoozed_until, Reminder.done_at)


def _among(field: Field, ids: list[int]) -> Expression:
    """``field`` is one of ``ids``, a run of contact ids in order (a chunk of all of them): a range,
    which SQLite reads as quickly as the list and peewee builds a thousand times quicker."""
    return field.between(ids[0], ids[-1]) if ids else field.in_([])


_OWN_FORM = {DateTimeField: re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"), DateField: re.compile(r"\d{4}-\d\d-\d\d")}


def _converter(field: Field) -> Callable[[object], object] | None:
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
    convert = [(i, c) for i, field in enumerate(query._returning) if (c := _converter(field)) is not None]
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
        lambda ids: _raw(OrgHistory.select(OrgHistory.contact, OrgHistory.organization, OrgHistory.title, OrgHistory.until)
                         .where(_among(OrgHistory.contact, ids)).order_by(OrgHistory.contact, OrgHistory.until, OrgHistory.id)),
        lambda organization, title, until: {"organization": organization, "title": title, "until": iso(until)},
    ),
    Section(
        "interactions",
        lambda ids: _raw(Interaction.select(Interaction.contact, Interaction.occurred_at, Interaction.kind,
                                            Interaction.summary, Interaction.note, Interaction.share)
                         .where(_among(Interaction.contact, ids))
                         .order_by(Interaction.contact, Interaction.occurred_at.desc(), Interaction.id.desc())),
        lambda occurred_at, kind, summary, note, share: {"occurred_at": iso(occurred_at), "kind": kind,
                                                         "summary": summary, "note": note, "share": share},
    ),
    Section(
        "gives",
        lambda ids: _raw(Give.select(Give.contact, Give.direction, Give.kind, Give.text, Give.status, Give.outcome,
                                     Give.created_on, Give.done_on, Give.lead, Give.introduction)
                         .where(_among(Give.contact, ids)).order_by(Give.contact, Give.created_on, Give.id)),
        lambda direction, kind, text, status, outcome, created_on, done_on, lead, introduction: {
            "direction": direction, "kind": kind, "text": text, "status": status, "outcome": outcome,
            "created_on": iso(created_on), "done_on": iso(done_on), "lead": lead, "introduction": introduction,
        },
    ),
    Section(
        "reminders",
        lambda ids: _raw(Reminder.select(Reminder.contact, *_REMINDER_COLUMNS)
                         .where(_among(Reminder.contact, ids) & Reminder.introduction.is_null())
                         .order_by(Reminder.contact, Reminder.due_at, Reminder.id)),
        lambda *row: _reminder_dict(*row),
    ),
    Section(
        "relations",
        lambda ids: ((cid, r) for cid, rows in sorted(relations.of_many(ids).items()) for r in rows),
        relations.as_dict,
    ),
    Section(
        "journal",
        lambda ids: _raw(Journal.select(Journal.contact, Journal.noted_on, Journal.text)
                         .where(_among(Journal.contact, ids)).order_by(Journal.contact, Journal.noted_on.desc(), Journal.id.desc())),
        lambda noted_on, text: {"on": iso(noted_on), "text": text},
    ),
)

def _reminder_dict(kind, note, rrule, due_at, next_due_at, snoozed_until, done_at) -> dict:
    return {"kind": kind, "note": note, "rrule": rrule, "due_at": iso(due_at), "next_due_at": iso(next_due_at),
            "snoozed_until": iso(snoozed_until), "done_at": iso(done_at)}


_METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def _contact_dicts(ids: list[int]) -> list[dict]:
    """``views.contact_dicts(ids)`` of a run of ids (``_among``), read with plain cursors: four queries."""
    columns, plan = _plan()
    at = {c: i for i, c in enumerate(columns)}
    rows = list(_raw(Contact.select(*(getattr(Contact, c) for c in columns)).where(_among(Contact.id, ids))
                     .order_by(Contact.id)))
    methods: dict[tuple[int, str], list[dict]] = {}
    for cid, kind, value, label, preferred in _raw(
        ContactMethod.select(ContactMethod.contact, ContactMethod.kind, ContactMethod.value, ContactMethod.label,
                             ContactMethod.preferred).where(_among(ContactMethod.contact, ids))
        .order_by(ContactMethod.contact, ContactMethod.kind, ContactMethod.position, ContactMethod.id)
    ):
        methods.setdefault((cid, kind), []).append({"value": value, "label": label, "preferred": bool(preferred)})
    tags: dict[int, list[str]] = {}
    for cid, name in _raw(Tag.select(ContactTag.contact, cards.tag_shown()).join(ContactTag)
                          .where(_among(ContactTag.contact, ids)).order_by(ContactTag.contact, Tag.name)):
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
                item[f.key] = methods.get((cid, _METHOD_KINDS[f.key]), [])
            elif how == "tags":
                item[f.key] = tags.get(cid, [])
            elif how == "card":
                item[f.key] = card[cid][f.key]
            else:
                item[f.key] = fields.stored(f, tuple(row[i] for i in where))
        out.append(item)
    return out


def _plan() -> tuple[tuple[str, ...], tuple[tuple[fields.Field, str, Any], ...]]:
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


def _contacts() -> Iterator[dict]:
    """Every contact as ``contacts.contact_dict`` has it, by id, in a few queries per ``CHUNK``."""
    ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = _contact_dicts(chunk)
        owned: dict[str, dict[int, list[dict]]] = {}
        for section in SECTIONS:
            by_contact: dict[int, list[dict]] = owned.setdefault(section.key, {})
            for contact_id, *row in section.rows(chunk):
                by_contact.setdefault(contact_id, []).append(section.as_dict(*row))
        photos = dict(Photo.select(Photo.contact, Photo.data).where(_among(Photo.contact, chunk) & Photo.data.is_null(False))
                      .tuples())
        for item in found:
            for section in SECTIONS:
                item[section.key] = owned[section.key].get(item["id"], [])
            if item.get("photo") is not None:  # the bytes themselves, so a restore gives back the same photo
                data = photos.get(item["id"])
                item["photo"]["base64"] = base64.b64encode(bytes(data)).decode("ascii") if data else ""
            yield item


def _introductions() -> Iterator[dict]:
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


def _scan_seen() -> Iterator[dict]:
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


def _header(now: dt.datetime) -> dict:
    return {"format": FORMAT, "version": VERSION, "exported_at": now.isoformat(sep=" ")}


def export(now: dt.datetime) -> dict:
    """The whole backup as one object (``write`` streams the same to a file)."""
    return _header(now) | {"contacts": list(_contacts()), "introductions": list(_introductions()),
                           "scan_seen": list(_scan_seen())}


def _json(value, indent: str = "") -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False)`` nested at ``indent``, several times quicker:
    json's own encoder is written in Python whenever it indents."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if _flat(value):
            # A dict of scalars (most of them): the C encoder cannot indent, but it can separate.
            encode = _FLAT.get(inner)
            if encode is None:
                encode = _FLAT[inner] = _flat_encoder(",\n" + inner)
            return "{\n" + inner + "".join(encode(value, 0))[1:-1] + f"\n{indent}}}"
        shape = (indent, *value)
        prefixes = _PREFIXES.get(shape)
        if prefixes is None:
            prefixes = [f"{inner}{_string(k)}: " for k in value]
            if len(_PREFIXES) < 1000:
                _PREFIXES[shape] = prefixes
        parts = []
        for prefix, v in zip(prefixes, value.values(), strict=True):
            kind = type(v)  # the scalars inline: most values are, and a call each is most of the time
            if kind is str:
                text = _string(v)
            elif v is None:
                text = "null"
            elif kind is bool:
                text = "true" if v else "false"
            elif kind is int:
                text = int.__repr__(v)
            else:
                text = _json(v, inner)
            parts.append(prefix + text)
        return "{\n" + ",\n".join(parts) + f"\n{indent}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if _SCALAR_TYPES.issuperset(map(type, value)):  # tags, and other lists of plain values
            encode = _FLAT.get(inner)
            if encode is None:
                encode = _FLAT[inner] = _flat_encoder(",\n" + inner)
            return "[\n" + inner + "".join(encode(value, 0))[1:-1] + f"\n{indent}]"
        if all(type(v) is dict and v and _flat(v) for v in value):
            # A list of dicts of scalars (interactions, reminders...) in one call of the C encoder, its
            # items apart at the one place a raw line break follows a closing brace (a string has none).
            deeper = inner + " "
            encode = _FLAT.get(deeper)
            if encode is None:
                encode = _FLAT[deeper] = _flat_encoder(",\n" + deeper)
            body = "".join(encode(value, 0))[2:-2].replace(f"}},\n{deeper}{{", f"\n{inner}}},\n{inner}{{\n{deeper}")
            return f"[\n{inner}{{\n{deeper}{body}\n{inner}}}\n{indent}]"
        return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + f"\n{indent}]"
    return json.dumps(value)  # a float, or what JSON refuses (TypeError), as json.dumps has it


_SCALAR_TYPES = frozenset({str, int, bool, type(None)})
_STR = frozenset({str})
_FLAT: dict[str, Callable] = {}  # by indent


def _flat(value: dict) -> bool:
    """True when ``value`` maps text to scalars only (the C encoder writes it as ``_json`` would)."""
    return _SCALAR_TYPES.issuperset(map(type, value.values())) and _STR.issuperset(map(type, value))


def _flat_encoder(item_separator: str) -> Callable:
    """``json.JSONEncoder(ensure_ascii=False, separators=(item_separator, ": "))`` made once: its C
    encoder, which ``encode`` would make again at every call."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # a Python without the C accelerator
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(item_separator, ": "))
        return lambda value, _level: encoder.encode(value)
    return c_make_encoder(None, None, _string, None, ": ", item_separator, False, False, True)

# What comes before each value of a dict, by the dict's indent and keys (a backup has a few shapes of dict).
_PREFIXES: dict[tuple, list[str]] = {}


_string = json.encoder.encode_basestring  # the C one: a string as JSON, non-ASCII kept


def write(out: IO[str], now: dt.datetime) -> int:
    """Write the backup to ``out`` as it is read; returns the number of contacts."""
    out.write("{\n")
    for key, value in _header(now).items():
        out.write(f" {_string(key)}: {_json(value, ' ')},\n")
    count = 0
    lists = (("contacts", _contacts()), ("introductions", _introductions()), ("scan_seen", _scan_seen()))
    for n, (key, items) in enumerate(lists):
        out.write(f" {_string(key)}: [")
        first = True
        for item in items:
            out.write(("\n  " if first else ",\n  ") + _json(item, "  "))
            first = False
            count += key == "contacts"
        out.write(("]" if first else "\n ]") + (",\n" if n < len(lists) - 1 else "\n"))
    out.write("}\n")
    return count
