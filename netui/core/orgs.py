"""Everyone at one organisation, past and present: who works there now (``Contact.organization``) and who
did (``OrgHistory``), each with their strength and last contact.

``members("quartz")`` matches an organisation's name by its folded words: the name itself, or one it
contains ("quartz" finds "Quartz" and "Quartz Labs"). A person who is at it now is listed once, as now;
one who left is listed once, with the latest job they had there and when netui learnt it ended.
Present first, then past, each by strength (warmest first) and name.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netui.core.dates import as_datetime
from netui.core.text import fold, sanitize
from netui.db.models import Contact, OrgHistory


class Member(NamedTuple):
    """One person at an organisation; ``until`` is None while they are there."""

    contact_id: int
    name: str
    organization: str
    title: str
    until: dt.datetime | None
    strength: int
    tier: str
    last_contact_at: dt.datetime | None
    archived: bool

    @property
    def current(self) -> bool:
        return self.until is None


def _matches(org: str, wanted: str) -> bool:
    have = fold(org)
    return bool(have) and (have == wanted or wanted in have)


def members(name: str) -> list[Member]:
    """Everyone at the organisation(s) ``name`` matches, present then past; empty for empty ``name``."""
    wanted = fold(sanitize(name))
    if not wanted:
        return []
    out: dict[int, Member] = {}
    for c in Contact.select().where(Contact.organization != ""):
        if _matches(c.organization, wanted):
            out[c.id] = _member(c, c.organization, c.title, None)
    past = (OrgHistory.select(OrgHistory, Contact).join(Contact)
            .where(OrgHistory.organization != "").order_by(OrgHistory.until.desc(), OrgHistory.id.desc()))
    for h in past:
        if h.contact_id not in out and _matches(h.organization, wanted):
            out[h.contact_id] = _member(h.contact, h.organization, h.title, h.until)
    return sorted(out.values(), key=lambda m: (not m.current, m.archived, -m.strength, fold(m.name)))


def _member(c: Contact, organization: str, title: str, until: dt.datetime | None) -> Member:
    return Member(c.id, c.name, organization, title or "", as_datetime(until), c.strength or 0,
                  c.strength_tier or "cold", as_datetime(c.last_contact_at), bool(c.archived))


def as_dict(m: Member) -> dict:
    """One member in ``netui org --json``."""
    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat(timespec="minutes") if value else None

    return {"contact_id": m.contact_id, "name": m.name, "organization": m.organization, "title": m.title,
            "current": m.current, "until": iso(m.until), "strength": m.strength, "tier": m.tier,
            "last_contact_at": iso(m.last_contact_at), "archived": m.archived}


def organisation_of(contact_id: int) -> str:
    """Someone's organisation now or, with none, the last one netui knows they had; "" for none."""
    c = Contact.get_or_none(Contact.id == contact_id)
    if c is None:
        return ""
    if c.organization:
        return c.organization
    last = (OrgHistory.select().where((OrgHistory.contact == contact_id) & (OrgHistory.organization != ""))
            .order_by(OrgHistory.until.desc(), OrgHistory.id.desc()).first())
    return last.organization if last else ""
