"""Contacts: create, change, delete, find, and describe them.

Every public function that writes is one transaction. Derived columns (``last_contact_at``,
``next_due_at``, the cached strength, reminders that follow from the data) are recomputed by
``derived.refresh()`` inside the same transaction, so they can never disagree with the rows they
summarise.

Names that moved out stay importable from here for callers outside the core: ``get`` and ``resolve``
(``lookup``), ``refresh``, ``cadence_days`` and ``cadence_state`` (``derived``), ``as_datetime``
(``dates``) and the errors (``errors``). Inside the core, import them from their homes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from netui.core import cards, derived, fields, interactions, journal, relations
from netui.core.dates import Birthday, as_date, iso, make_birthday
from netui.core.dates import as_datetime as as_datetime
from netui.core.derived import CadenceState as CadenceState
from netui.core.derived import cadence_days as cadence_days
from netui.core.derived import cadence_state as cadence_state
from netui.core.derived import refresh
from netui.core.errors import Ambiguous as Ambiguous
from netui.core.errors import ContactError, FieldConflict
from netui.core.errors import EditConflict as EditConflict
from netui.core.errors import NotFound as NotFound
from netui.core.lookup import birthday_of as birthday_of
from netui.core.lookup import get
from netui.core.lookup import resolve as resolve
from netui.core.tags import clean_tag as clean_tag
from netui.core.tags import set_tags, tags_of
from netui.core.text import fold, sanitize
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.db.models import (
    Contact,
    ContactMethod,
    Give,
    Interaction,
    Introduction,
    OrgHistory,
    Reminder,
)


class Method(NamedTuple):
    kind: str  # email | phone | url
    value: str
    label: str = ""
    preferred: bool = False


def normalize_method(kind: str, value: str) -> str:
    """What two spellings of the same email or phone have in common."""
    value = value.strip()
    if kind == "email":
        return value.casefold()
    if kind == "phone":
        digits = re.sub(r"[^\d+]", "", value)
        digits = digits.lstrip("+")
        if digits.startswith("00"):
            digits = digits[2:]
        return digits[-9:] if len(digits) >= 9 else digits  # tolerant of country prefixes
    return value.rstrip("/").casefold()


# --- fields ---------------------------------------------------------------------------------

TEXT_FIELDS = ("given_name", "family_name", "nickname", "organization", "title", "how_met", "reason")
MULTILINE_FIELDS = ("note",)


@dataclass
class ContactInput:
    """What a user (or an importer) says about a contact. ``None`` means "leave as it is"."""

    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    nickname: str | None = None
    organization: str | None = None
    title: str | None = None
    birthday: Birthday | None | bool = None  # False clears it
    met_on: dt.date | None | bool = None  # False clears it
    how_met: str | None = None
    reason: str | None = None
    circle: str | None = None
    cadence_days: int | None | bool = None  # False returns to the circle's default
    note: str | None = None
    archived: bool | None = None
    uid: str | None = None
    emails: list[Method] | None = None  # replaces the list
    phones: list[Method] | None = None
    urls: list[Method] | None = None
    add_methods: list[Method] = field(default_factory=list)  # added unless already there
    tags: list[str] | None = None  # replaces the tags
    add_tags: list[str] = field(default_factory=list)
    card: cards.CardData | None = None  # addresses, dates, related people, profiles, photo (``netui.core.cards``)
    # Registry fields (netui.core.fields) without an attribute here yet, by attribute name.
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_plain(cls, values: Mapping[str, Any], *, new: bool) -> ContactInput:
        """The scalar fields of ``values`` (plain values by JSON key, as ``contact_dict`` gives them) as
        a change that sets each one, an empty date, birthday or cadence clearing it; a key ``values``
        lacks is left as it is. Lists (emails, phones, links, tags) are the caller's."""
        known, extra = fields.input_values(values, frozenset(cls.__dataclass_fields__), new=new)
        return cls(**known, extra=extra)


_INPUT_ATTRS = frozenset(ContactInput.__dataclass_fields__)


def _validate(data: ContactInput) -> None:
    if data.name is not None and not sanitize(data.name):
        raise ContactError("a contact needs a name")
    if data.circle is not None and data.circle not in CIRCLES:
        raise ContactError(f"unknown circle {data.circle!r} (use one of {', '.join(CIRCLES)})")
    if isinstance(data.cadence_days, int) and not isinstance(data.cadence_days, bool):
        if not 1 <= data.cadence_days <= 3650:
            raise ContactError("the cadence is a number of days between 1 and 3650")
    for m in (data.emails or []) + (data.phones or []) + (data.urls or []) + data.add_methods:
        if not sanitize(m.value):
            raise ContactError(f"an empty {m.kind} cannot be stored")
        if m.kind == "email" and "@" not in m.value:
            raise ContactError(f"{sanitize(m.value)!r} does not look like an email address")


def _apply(contact: Contact, data: ContactInput, now: dt.datetime) -> bool:
    """Copy ``data`` onto ``contact``; keep the old organisation/title as history. True if changed."""
    changed = False

    def put(attr: str, value) -> None:
        nonlocal changed
        if getattr(contact, attr) != value:
            setattr(contact, attr, value)
            changed = True

    if data.name is not None:
        name = sanitize(data.name)
        put("name", name)
        put("sort_name", fold(name))
    old_org, old_title = contact.organization or "", contact.title or ""
    for attr in TEXT_FIELDS:
        value = getattr(data, attr)
        if value is not None:
            put(attr, sanitize(value))
    if data.note is not None:
        put("note", sanitize(data.note, multiline=True))
    if contact.id and (old_org or old_title) and (old_org, old_title) != (contact.organization, contact.title):
        OrgHistory.create(contact=contact, organization=old_org, title=old_title, until=now)
    if data.birthday is False:
        put("birthday_month", None)
        put("birthday_day", None)
        put("birthday_year", None)
    elif isinstance(data.birthday, Birthday):
        b = make_birthday(*data.birthday)
        put("birthday_month", b.month)
        put("birthday_day", b.day)
        put("birthday_year", b.year)
    if data.met_on is False:
        put("met_on", None)
    elif isinstance(data.met_on, dt.date):
        put("met_on", data.met_on if not isinstance(data.met_on, dt.datetime) else data.met_on.date())
    if data.circle is not None:
        put("circle", data.circle)
    if data.cadence_days is False:
        put("cadence_days", None)
    elif isinstance(data.cadence_days, int):
        put("cadence_days", data.cadence_days)
    if data.archived is not None:
        put("archived", data.archived)
    for f in fields.extra_fields(_INPUT_ATTRS):
        if data.extra.get(f.attr) is not None:
            put(f.attr, fields.clean(f, data.extra[f.attr]))
    return changed


def _set_methods(contact: Contact, kind: str, methods: Sequence[Method]) -> None:
    """Make the contact's methods of ``kind`` exactly ``methods``, in this order.

    A method that stays (same normalised value) keeps its row and id, and only what differs in it is
    written: changing one label changes that one row. Positions are renumbered only when the order
    changed; new methods follow the last one.
    """
    rows = list(
        ContactMethod.select().where((ContactMethod.contact == contact) & (ContactMethod.kind == kind))
        .order_by(ContactMethod.position, ContactMethod.id)
    )
    unmatched: dict[str, list[ContactMethod]] = {}
    for row in rows:
        unmatched.setdefault(row.norm, []).append(row)
    wanted: list[tuple[ContactMethod | None, dict]] = []
    for m in methods:
        value = sanitize(m.value)
        norm = normalize_method(kind, value)
        same = unmatched.get(norm)
        match = same.pop(0) if same else None
        wanted.append((match, {"value": value, "norm": norm, "label": sanitize(m.label), "preferred": bool(m.preferred)}))
    kept = [match for match, _ in wanted if match is not None]
    new_at_end = all(match is not None for match, _ in wanted[: len(kept)])
    in_order = new_at_end and kept == [row for row in rows if row in kept]
    next_position = max((row.position for row in rows), default=-1) + 1
    for index, (match, values) in enumerate(wanted):
        if match is None:
            position = next_position if in_order else index
            next_position += 1
            ContactMethod.create(contact=contact, kind=kind, position=position, **values)
            continue
        if not in_order:
            values["position"] = index
        changes = {name: value for name, value in values.items() if getattr(match, name) != value}
        if changes:
            ContactMethod.update(**changes).where(ContactMethod.id == match.id).execute()
    stale = [row.id for same in unmatched.values() for row in same]
    if stale:
        ContactMethod.delete().where(ContactMethod.id.in_(stale)).execute()


def _add_methods(contact: Contact, methods: Iterable[Method]) -> int:
    """Add the methods this contact does not have yet (same kind and normalised value)."""
    existing = ContactMethod.select(ContactMethod.kind, ContactMethod.norm).where(ContactMethod.contact == contact)
    known = set(existing.tuples()) if contact.id else set()
    position = len(known)
    rows = []
    for m in methods:
        value = sanitize(m.value)
        norm = normalize_method(m.kind, value)
        if not value or (m.kind, norm) in known:
            continue
        known.add((m.kind, norm))
        rows.append({
            "contact": contact.id, "kind": m.kind, "value": value, "norm": norm, "label": sanitize(m.label),
            "preferred": m.preferred, "position": position,
        })
        position += 1
    if rows:
        ContactMethod.insert_many(rows).execute()
    return len(rows)


def _write_children(contact: Contact, data: ContactInput) -> None:
    for kind, methods in (("email", data.emails), ("phone", data.phones), ("url", data.urls)):
        if methods is not None:
            _set_methods(contact, kind, methods)
    if data.add_methods:
        _add_methods(contact, data.add_methods)
    if data.tags is not None:
        set_tags(contact.id, data.tags, replace=True)
    if data.add_tags:
        set_tags(contact.id, data.add_tags, replace=False)
    if data.card is not None:
        cards.write(contact.id, data.card)


def prepare(data: ContactInput, now: dt.datetime, created: dt.datetime | None = None,
            updated: dt.datetime | None = None) -> Contact:
    """The row ``create`` would insert, checked and filled in but not saved (``ContactError`` if it
    cannot be stored): what a bulk load writes in one statement of its own."""
    if not data.name or not sanitize(data.name):
        raise ContactError("a contact needs a name")
    _validate(data)
    contact = Contact(uid=data.uid or str(uuid.uuid4()), name="", sort_name="", created_at=created or now,
                      updated_at=updated or now)
    _apply(contact, data, now)
    return contact


def create(data: ContactInput, now: dt.datetime, *, as_is: tuple[dt.datetime, dt.datetime, int | None] | None = None,
           log_meeting: bool = True) -> int:
    """Add a contact; returns its id. Sets up what follows (the meeting logged unless ``log_meeting`` is False:
    an import), unless ``as_is`` (a restore: its times, its id if free)."""
    created, updated, wanted = as_is or (now, now, None)
    with db.atomic():
        contact = prepare(data, now, created, updated)
        contact.id = wanted if wanted and not Contact.get_or_none(Contact.id == wanted) else None
        contact.save(force_insert=True)
        _write_children(contact, data)
        if as_is is None:  # a restore writes the rest of the contact, and its derived columns, as they were
            refresh(contact.id, now, created=not (log_meeting and interactions.log_meeting(contact, now)))
    return contact.id


# --- editing what changed -----------------------------------------------------------------------

# The fields an edit compares, as ContactInput names them: the registry's user fields.
EDIT_FIELDS = tuple(f.attr for f in fields.FIELDS if f.kind != "id" and not f.derived and hasattr(ContactInput, f.attr))
_METHOD_FIELDS = {"emails": "email", "phones": "phone", "urls": "url"}


def edit_values(contact_id: int) -> dict[str, object]:
    """Every field an edit compares, as ContactInput holds it: what a form opens with.

    Text is a str, birthday a Birthday or None, met_on a date or None, cadence_days an int or None
    (the circle's), methods lists of Method, tags a sorted list. Read in one transaction, so the
    values belong together.
    """
    with db.atomic("DEFERRED"):  # a consistent read, without waiting for the write lock
        return _current(get(contact_id))


def _current(contact: Contact) -> dict[str, object]:
    """What the contact holds, each value as ``_comparable`` makes it (text written raw by another
    program compares as it is shown)."""
    methods = methods_of(contact.id)
    values = {
        "name": contact.name, "given_name": contact.given_name, "family_name": contact.family_name,
        "nickname": contact.nickname, "organization": contact.organization, "title": contact.title,
        "birthday": birthday_of(contact), "met_on": as_date(contact.met_on), "how_met": contact.how_met,
        "reason": contact.reason,
        "circle": contact.circle, "cadence_days": contact.cadence_days, "note": contact.note,
        "archived": bool(contact.archived), "emails": methods["email"], "phones": methods["phone"],
        "urls": methods["url"], "tags": tags_of(contact.id),
    }
    return {name: _comparable(name, value) for name, value in values.items()}


def _comparable(name: str, value: object) -> object:
    """A field's value as it would be stored, so that two spellings of the same value compare equal.

    None stands for "empty" (a cleared date, birthday or cadence).
    """
    if value is None or (value is False and name in ("birthday", "met_on", "cadence_days")):
        return None
    if name in _METHOD_FIELDS and isinstance(value, Iterable):
        kind = _METHOD_FIELDS[name]
        return [Method(kind, sanitize(m.value), sanitize(m.label), bool(m.preferred)) for m in value]
    if name == "tags" and isinstance(value, Iterable):
        return sorted({clean_tag(t) for t in value} - {""})
    if name == "note":
        return sanitize(value, multiline=True)
    if name in TEXT_FIELDS or name == "name":
        return sanitize(value)
    if name == "birthday" and isinstance(value, tuple):
        return Birthday(*value)
    if name == "met_on" and isinstance(value, dt.date):
        return as_date(value)
    if name == "archived":
        return bool(value)
    return value


def update(
    contact_id: int, data: ContactInput, now: dt.datetime, *, expected: dict[str, object] | None = None,
) -> bool:
    """Change a contact; returns True if anything changed.

    Only the fields ``data`` sets are written, and one that already holds the wanted value is left
    alone, so saving what did not change writes nothing (``updated_at`` stays). ``expected`` holds what
    the writer was shown (a form: the values it was opened with) for fields it writes: one that was
    changed elsewhere since, to something other than this write wants, is a conflict, and then nothing
    is written and ``EditConflict`` lists each field with both values. A field changed elsewhere that
    this write does not set is kept. The check and the write are one transaction.
    """
    _validate(data)
    with db.atomic():
        contact = get(contact_id)
        current = _current(contact)
        wanted = {
            name: _comparable(name, getattr(data, name)) for name in EDIT_FIELDS if getattr(data, name) is not None
        }
        conflicts = [
            FieldConflict(name, current[name], wanted[name])
            for name, seen in (expected or {}).items()
            if name in wanted and current[name] != wanted[name] and current[name] != _comparable(name, seen)
        ]
        if conflicts:
            raise EditConflict(contact_id, conflicts, {key: f.words for key, f in fields.by_key().items()})
        same_as_now: dict[str, Any] = {name: None for name, value in wanted.items() if value == current[name]}
        data = replace(data, **same_as_now)  # None: left as it is
        before = contact_dict(contact_id)
        if _apply(contact, data, now):
            contact.save(only=contact.dirty_fields)
        _write_children(contact, data)
        interactions.move_meeting(contact_id, before["met_on"], contact.met_on, now)
        changed = contact_dict(contact_id) != before
        if changed:
            Contact.update(updated_at=now).where(Contact.id == contact_id).execute()
            refresh(contact_id, now)
    return changed


def delete(contact_id: int) -> None:
    with db.atomic():
        get(contact_id)
        derived.forget([contact_id])
        Contact.delete().where(Contact.id == contact_id).execute()


def set_archived(contact_id: int, archived: bool, now: dt.datetime) -> None:
    update(contact_id, ContactInput(archived=archived), now)


def set_uid(contact_id: int, uid: str) -> None:
    """Give a contact another UID (sync: a card in a folder turned out to be this never-synced contact)."""
    with db.atomic():
        get(contact_id)
        Contact.update(uid=uid).where(Contact.id == contact_id).execute()


# --- describing people ------------------------------------------------------------------------


def methods_of(contact_id: int) -> dict[str, list[Method]]:
    out: dict[str, list[Method]] = {"email": [], "phone": [], "url": []}
    rows = ContactMethod.select().where(ContactMethod.contact == contact_id).order_by(
        ContactMethod.kind, ContactMethod.position, ContactMethod.id
    )
    for row in rows:
        out.setdefault(row.kind, []).append(Method(row.kind, row.value, row.label, row.preferred))
    return out


def _method_dicts(methods: list[Method]) -> list[dict]:
    return [{"value": m.value, "label": m.label, "preferred": bool(m.preferred)} for m in methods]


def contact_dict(contact_id: int, *, full: bool = True) -> dict:
    """The documented JSON shape of a contact (see the README's JSON section): one key per row of
    ``fields.FIELDS``, in its order, and with ``full`` the contact's history."""
    c = get(contact_id)
    methods, card = methods_of(contact_id), cards.plain(cards.card_of(contact_id))
    out: dict = {}
    for f in fields.FIELDS:
        if f.kind == "methods":
            out[f.key] = _method_dicts(methods[{"emails": "email", "phones": "phone", "urls": "url"}[f.key]])
        elif f.kind == "tags":
            out[f.key] = tags_of(contact_id)
        elif f.kind == "card":
            out[f.key] = card[f.key]
        else:
            out[f.key] = fields.of_model(f, c)
    if not full:
        return out
    out["org_history"] = [
        {"organization": h.organization, "title": h.title, "until": iso(h.until)}
        for h in OrgHistory.select().where(OrgHistory.contact == contact_id).order_by(OrgHistory.until, OrgHistory.id)
    ]
    out["interactions"] = [
        {"occurred_at": iso(i.occurred_at), "kind": i.kind, "summary": i.summary, "note": i.note, "share": i.share}
        for i in Interaction.select().where(Interaction.contact == contact_id).order_by(
            Interaction.occurred_at.desc(), Interaction.id.desc()
        )
    ]
    out["gives"] = [
        {
            "direction": g.direction, "kind": g.kind, "text": g.text, "status": g.status,
            "outcome": g.outcome, "created_on": iso(g.created_on), "done_on": iso(g.done_on),
            "lead": g.lead, "introduction": g.introduction_id,
        }
        for g in Give.select().where(Give.contact == contact_id).order_by(Give.created_on, Give.id)
    ]
    out["reminders"] = [
        {
            "kind": r.kind, "note": r.note, "rrule": r.rrule, "due_at": iso(r.due_at),
            "next_due_at": iso(r.next_due_at), "snoozed_until": iso(r.snoozed_until),
            "done_at": iso(r.done_at),
        }
        for r in Reminder.select().where((Reminder.contact == contact_id) & Reminder.introduction.is_null())
        .order_by(Reminder.due_at, Reminder.id)
    ]
    out["relations"] = [relations.as_dict(r) for r in relations.of(contact_id)]
    out["journal"] = [journal.as_dict(e) for e in journal.of(contact_id)]
    return out


def count(*, include_archived: bool = True) -> int:
    query = Contact.select()
    if not include_archived:
        query = query.where(Contact.archived == False)  # noqa: E712
    return query.count()


def introductions_of(contact_id: int) -> list[Introduction]:
    """A contact's introductions, newest first, each with both people read in the same query."""
    a, b = Contact.alias(), Contact.alias()
    return list(
        Introduction.select(Introduction, a, b)
        .join(a, on=(Introduction.a == a.id), attr="a").switch(Introduction)
        .join(b, on=(Introduction.b == b.id), attr="b")
        .where((Introduction.a == contact_id) | (Introduction.b == contact_id))
        .order_by(Introduction.proposed_on.desc())
    )
