"""Finding one contact: by id, or by what a person types (an id, an email, a name or part of one).

Small on purpose and depending on nothing else in the core but the errors, the dates and the text, so
that every module can look a contact up: ``contacts`` (which writes), ``derived`` (which recomputes
after a write) and ``reminders`` (which ``derived`` calls) all stand on it without needing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from netui.core.dates import Birthday
from netui.core.errors import Ambiguous, NotFound
from netui.core.text import fold, sanitize
from netui.db.models import Contact, ContactMethod


def get(contact_id: int) -> Contact:
    """The contact row; ``NotFound`` if there is none."""
    try:
        return Contact.get_by_id(contact_id)
    except Contact.DoesNotExist:
        raise NotFound(f"there is no contact #{contact_id}") from None


def resolve(who: str) -> int:
    """Find one contact by id (``12`` or ``#12``), email, exact name, or a unique part of a name."""
    text = sanitize(who).strip()
    if not text:
        raise NotFound("no contact given")
    if re.fullmatch(r"#?\d+", text):
        cid = int(text.lstrip("#"))
        if Contact.select().where(Contact.id == cid).exists():
            return cid
    if "@" in text:
        rows = list(
            Contact.select(Contact.id, Contact.name)
            .join(ContactMethod)
            .where((ContactMethod.kind == "email") & (ContactMethod.norm == text.casefold()))
            .distinct()
            .tuples()
        )
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise Ambiguous(who, rows)
    key = fold(text)
    exact = list(Contact.select(Contact.id, Contact.name).where(Contact.sort_name == key).tuples())
    if len(exact) == 1:
        return exact[0][0]
    if len(exact) > 1:
        raise Ambiguous(who, exact)
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    partial = list(
        Contact.select(Contact.id, Contact.name)
        .where(Contact.sort_name ** f"%{escaped}%")
        .order_by(Contact.sort_name)
        .limit(51)
        .tuples()
    )
    if len(partial) == 1:
        return partial[0][0]
    if partial:
        raise Ambiguous(who, partial)
    raise NotFound(f"no contact matches {text!r}")


def complete(prefix: str, exclude: Iterable[int] = ()) -> str | None:
    """The name a few typed letters begin (the first by name, the active first), for completion as you type."""
    key = fold(sanitize(prefix)).strip()
    if not key:
        return None
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    row = (Contact.select(Contact.name).where((Contact.sort_name ** f"{escaped}%") & Contact.id.not_in(list(exclude)))
           .order_by(Contact.archived, Contact.sort_name).limit(1).tuples().first())
    return row[0] if row else None


def birthday_of(contact: Contact) -> Birthday | None:
    """The contact's birthday (the year may be unknown), or None."""
    if contact.birthday_month and contact.birthday_day:
        return Birthday(contact.birthday_month, contact.birthday_day, contact.birthday_year)
    return None


class Reach(NamedTuple):
    """How to reach someone now: the preferred (else the first) phone and email; "" when there is none."""

    phone: str = ""
    email: str = ""


def reach(contact_ids: Iterable[int]) -> dict[int, Reach]:
    """The preferred phone and email of each contact (what a call or a follow-up needs), in a few queries."""
    ids = sorted(set(contact_ids))
    best: dict[tuple[int, str], str] = {}
    for start in range(0, len(ids), 500):
        rows = (
            ContactMethod.select(ContactMethod.contact, ContactMethod.kind, ContactMethod.value)
            .where(ContactMethod.contact.in_(ids[start : start + 500]) & ContactMethod.kind.in_(("phone", "email")))
            .order_by(ContactMethod.contact, ContactMethod.kind, ContactMethod.preferred.desc(),
                      ContactMethod.position, ContactMethod.id)
            .tuples()
        )
        for cid, kind, value in rows:
            best.setdefault((cid, kind), value)
    return {cid: Reach(best.get((cid, "phone"), ""), best.get((cid, "email"), "")) for cid in ids}
