"""Merging two contacts who are one person: B goes into A, and nothing either of them had is lost.

``preview(a, b)`` shows both sides field by field (name, organisation, title, how and why you met,
circle, cadence, birthday, met on, note), each with the side kept by default: A's value where both have
one and they differ, the one that is there where only one has it, and both notes one after the other.
``merge(a, b, now, keep={...})`` then moves every row that points at B to A, in one transaction:

- which rows is read from the models' foreign keys (``Contact._meta.backrefs``), so a table added later
  (relations, a journal) moves too, without this module knowing it;
- a row that would repeat one A has is dropped: the same email or phone, the same tag (any unique
  index over the contact), the second photo, B's row of an interaction A was in too, B's reminders that
  follow from the data when A has the same kind (they are worked out again for A);
- a link between A and B themselves (an introduction of one to the other, a relation) would join A to A:
  it is dropped; a related person pointing at the other side keeps its name and loses the link;
- two relations of A's that now say the same (A and B were both Cal's colleague) become one, the oldest;
  a relation of A with A never stays;
- B's organisation and title, when A's are kept, go to A's past jobs; what the scan offered B counts
  as offered to A too (copied: ``scan_seen`` has no foreign key and undo leaves it alone, so B's own
  rows stay for an undo, and A's copies only keep a message from being offered twice).

B is then deleted and A's derived columns, search row and reminders are worked out again. Undo
captures both contacts first (``undo.capture(label, [a, b])``): every row either owned comes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from peewee import ForeignKeyField, Model

from netui.core import contacts, derived, relations
from netui.core.dates import Birthday
from netui.core.errors import ContactError
from netui.core.text import fold
from netui.core.vocab import KEEP_IN_TOUCH, PLAN_KINDS
from netui.db import db
from netui.db.models import Contact, ContactMethod, OrgHistory, Related, Relation

_DATA_KINDS = (*PLAN_KINDS, "birthday", "anniversary", KEEP_IN_TOUCH)  # reminders worked out from the data


class Choosable(NamedTuple):
    """A field the user picks a side of: its key (``--keep-KEY``), its label, and the sides it allows."""

    key: str
    label: str
    sides: tuple[str, ...] = ("a", "b")


CHOOSABLE = (
    Choosable("name", "name"),
    Choosable("org", "organisation"),
    Choosable("title", "title"),
    Choosable("how-met", "how met"),
    Choosable("reason", "reason"),
    Choosable("circle", "circle"),
    Choosable("cadence", "cadence"),
    Choosable("birthday", "birthday"),
    Choosable("met-on", "met on"),
    Choosable("note", "note", ("both", "a", "b")),
)
SIDES = {c.key: c.sides for c in CHOOSABLE}


class Side(NamedTuple):
    """One field of the preview: both values as text, whether they differ, and the side kept by default."""

    key: str
    label: str
    a: str
    b: str
    default: str  # a | b | both

    @property
    def differs(self) -> bool:
        return bool(self.a) and bool(self.b) and self.a != self.b


@dataclass(frozen=True)
class Preview:
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    fields: list[Side]
    moving: dict[str, int]  # table -> B's rows that point at B (moved, or dropped as repeats)


class Merged(NamedTuple):
    contact_id: int
    name: str
    moved: int  # rows that point at A now and pointed at B
    dropped: int  # rows of B that repeated one of A's (or linked A with B) and were dropped


def _values(c: Contact) -> dict[str, str]:
    birthday = contacts.birthday_of(c)
    return {
        "name": c.name or "", "org": c.organization or "", "title": c.title or "", "how-met": c.how_met or "",
        "reason": c.reason or "", "circle": c.circle or "", "cadence": str(c.cadence_days or ""),
        "birthday": str(birthday) if birthday else "", "met-on": str(c.met_on or ""), "note": c.note or "",
    }


def _default(key: str, a: str, b: str) -> str:
    if key == "note":
        return "both" if a and b and a != b and b not in a else ("a" if a else "b")
    return "a" if a or not b else "b"


def _pair(a_id: int, b_id: int) -> tuple[Contact, Contact]:
    if a_id == b_id:
        raise ContactError(f"#{a_id} is one contact: name two people to merge")
    return contacts.get(a_id), contacts.get(b_id)


def _links() -> list[tuple[ForeignKeyField, type[Model]]]:
    """Every column that points at a contact, with its table (read from the models, not listed)."""
    return sorted(Contact._meta.backrefs.items(), key=lambda item: (item[1]._meta.table_name, item[0].column_name))


def preview(a_id: int, b_id: int) -> Preview:
    """Both sides field by field, and how many of B's rows there are in each table that points at B."""
    a, b = _pair(a_id, b_id)
    va, vb = _values(a), _values(b)
    sides = [Side(c.key, c.label, va[c.key], vb[c.key], _default(c.key, va[c.key], vb[c.key])) for c in CHOOSABLE]
    moving: dict[str, int] = {}
    for fk, model in _links():
        n = model.select().where(fk == b_id).count()
        if n:
            table = model._meta.table_name
            moving[table] = moving.get(table, 0) + n
    return Preview(a.id, a.name, b.id, b.name, sides, moving)


# What B's rows are, in words (a table not named here is called by its name: a table added later).
_NOUNS = {
    "contact_method": ("email or phone", "emails and phones"), "contact_tag": ("tag", "tags"),
    "org_history": ("past job", "past jobs"), "give": ("give note", "give notes"),
    "related": ("related person", "related people"), "address": ("address", "addresses"),
    "contact_date": ("date", "dates"),
}


def moving_words(moving: dict[str, int]) -> str:
    """"3 interactions, 2 emails and phones, 1 tag": what moves from B to A ("nothing" when nothing does)."""
    parts = []
    for table, n in sorted(moving.items(), key=lambda item: (-item[1], item[0])):
        one, many = _NOUNS.get(table, (table.replace("_", " "), table.replace("_", " ") + "s"))
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts) or "nothing"


def check_keep(keep: dict[str, str]) -> None:
    for key, side in keep.items():
        if key not in SIDES:
            raise ContactError(f"there is no field {key!r} to keep (fields: {', '.join(SIDES)})")
        if side not in SIDES[key]:
            raise ContactError(f"keep {key}: {side!r} is not one of {', '.join(SIDES[key])}")


def _chosen(a: Contact, b: Contact, keep: dict[str, str]) -> tuple[contacts.ContactInput, dict[str, str]]:
    """The change that gives A the chosen values, and which side each field came from."""
    va, vb = _values(a), _values(b)
    side = {c.key: keep.get(c.key) or _default(c.key, va[c.key], vb[c.key]) for c in CHOOSABLE}
    data = contacts.ContactInput()

    def pick(key: str, attr: str) -> Any:  # a column of the side kept
        return getattr(b if side[key] == "b" else a, attr)

    if side["name"] == "b":
        data.name, data.given_name, data.family_name = b.name, b.given_name, b.family_name
        data.nickname = b.nickname or a.nickname
    elif not a.nickname and b.nickname:
        data.nickname = b.nickname
    data.organization, data.title = pick("org", "organization") or "", pick("title", "title") or ""
    data.how_met, data.reason = pick("how-met", "how_met") or "", pick("reason", "reason") or ""
    data.circle = pick("circle", "circle")
    data.cadence_days = pick("cadence", "cadence_days") or False
    birthday: Birthday | None = contacts.birthday_of(b if side["birthday"] == "b" else a)
    data.birthday = birthday if birthday else False
    met = pick("met-on", "met_on")
    data.met_on = met if met else False
    if side["note"] == "both":
        data.note = "\n\n".join(n for n in (a.note, b.note) if n)
    else:
        data.note = pick("note", "note") or ""
    data.archived = bool(a.archived and b.archived)  # one of them is someone you keep: so is the merged one
    return data, side


def _count(sql: str, params: tuple) -> int:
    return db.execute_sql(sql, params).rowcount


def _drop_repeats(a_id: int, b_id: int) -> int:
    """Delete B's rows that would repeat one of A's once moved; how many went."""
    dropped = 0
    # The same email, phone or link; the interaction both were in; the reminders worked out from the data.
    dropped += _count('DELETE FROM "contact_method" WHERE "contact_id" = ? AND EXISTS (SELECT 1 FROM "contact_method" x '
                      'WHERE x."contact_id" = ? AND x."kind" = "contact_method"."kind" AND x."norm" = "contact_method"."norm")',
                      (b_id, a_id))
    dropped += _count('DELETE FROM "interaction" WHERE "contact_id" = ? AND "share" IS NOT NULL AND EXISTS '
                      '(SELECT 1 FROM "interaction" x WHERE x."contact_id" = ? AND x."share" = "interaction"."share")',
                      (b_id, a_id))
    kinds = ",".join("?" * len(_DATA_KINDS))
    dropped += _count(f'DELETE FROM "reminder" WHERE "contact_id" = ? AND "introduction_id" IS NULL AND "kind" IN ({kinds}) '
                      'AND EXISTS (SELECT 1 FROM "reminder" x WHERE x."contact_id" = ? AND x."introduction_id" IS NULL '
                      'AND x."kind" = "reminder"."kind")', (b_id, *_DATA_KINDS, a_id))
    for fk, model in _links():
        table, col = model._meta.table_name, fk.column_name
        # Any unique index over the contact (a tag once per person, one photo): B's repeat goes.
        for others in _unique_with(model, fk):
            same = "".join(f' AND x."{c}" IS "{table}"."{c}"' for c in others)
            dropped += _count(f'DELETE FROM "{table}" WHERE "{col}" = ? AND EXISTS '
                              f'(SELECT 1 FROM "{table}" x WHERE x."{col}" = ?{same})', (b_id, a_id))
        # A link between A and B (both ends required): it would join A to A.
        for other, target in model._meta.refs.items():
            if target is Contact and other is not fk and fk.on_delete == other.on_delete == "CASCADE":
                dropped += _count(f'DELETE FROM "{table}" WHERE "{col}" = ? AND "{other.column_name}" = ?', (b_id, a_id))
    return dropped


def _tidy_relations(a_id: int) -> int:
    """Drop A's relations with A and the repeats among A's relations (same pair and kind, either order
    for a symmetric kind, the same label for a custom one), keeping the oldest; how many went."""
    rows = Relation.select().where((Relation.a == a_id) | (Relation.b == a_id)).order_by(Relation.id)
    seen: set[tuple] = set()
    gone: list[int] = []
    for r in rows:
        pair = (r.a_id, r.b_id) if r.kind not in relations.SYMMETRIC else tuple(sorted((r.a_id, r.b_id)))
        key = (*pair, r.kind, fold(r.label) if r.kind == "custom" else "")
        if r.a_id == r.b_id or key in seen:
            gone.append(r.id)
        seen.add(key)
    if gone:
        Relation.delete().where(Relation.id.in_(gone)).execute()
    return len(gone)


def _unique_with(model: type[Model], fk: ForeignKeyField) -> list[tuple[str, ...]]:
    """For each unique index of ``model`` over ``fk``: its other columns."""
    out: list[tuple[str, ...]] = [()] if fk.unique else []
    for names, unique in model._meta.indexes:
        if unique and fk.name in names:
            out.append(tuple(model._meta.fields[n].column_name for n in names if n != fk.name))
    return out


def merge(a_id: int, b_id: int, now: dt.datetime, keep: dict[str, str] | None = None) -> Merged:
    """Merge B into A (``keep``: field key -> "a", "b" or, for the note, "both"); one transaction."""
    keep = dict(keep or {})
    check_keep(keep)
    with db.atomic():
        a, b = _pair(a_id, b_id)
        data, side = _chosen(a, b, keep)
        dropped = _drop_repeats(a_id, b_id)
        last = ContactMethod.select(ContactMethod.position).where(ContactMethod.contact == a_id)
        shift = max([r.position for r in last], default=-1) + 1
        ContactMethod.update(position=ContactMethod.position + shift).where(ContactMethod.contact == b_id).execute()
        for kind in ("email", "phone", "url"):  # A's preferred stays the preferred one
            if ContactMethod.select().where((ContactMethod.contact == a_id) & (ContactMethod.kind == kind)
                                            & (ContactMethod.preferred == True)).exists():  # noqa: E712
                ContactMethod.update(preferred=False).where((ContactMethod.contact == b_id) & (ContactMethod.kind == kind)).execute()
        moved = 0
        for fk, model in _links():
            moved += model.update({fk: a_id}).where(fk == b_id).execute()
        dropped += _tidy_relations(a_id)
        Related.update(related_contact=None).where((Related.contact == a_id) & (Related.related_contact == a_id)).execute()
        db.execute_sql('INSERT OR IGNORE INTO "scan_seen" ("source", "contact_id", "outcome", "seen_at") '
                       'SELECT "source", ?, "outcome", "seen_at" FROM "scan_seen" WHERE "contact_id" = ?', (a_id, b_id))
        b_job = (b.organization or "", b.title or "")
        if any(b_job) and b_job != (data.organization, data.title):  # B's job, not kept: A's past jobs have it
            OrgHistory.create(contact=a_id, organization=b_job[0], title=b_job[1], until=now)
        Contact.update(created_at=min(contacts.as_datetime(a.created_at), contacts.as_datetime(b.created_at))).where(
            Contact.id == a_id).execute()
        derived.forget([b_id])
        Contact.delete().where(Contact.id == b_id).execute()
        contacts.update(a_id, data, now)
        derived.refresh(a_id, now)
        name = contacts.get(a_id).name
    return Merged(a_id, name, moved, dropped)
