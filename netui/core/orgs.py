"""Everyone at one organisation, past and present: who works there now (``Contact.organization``) and who
did (``OrgHistory``), each with their strength and last contact.

``members("quartz")`` matches an organisation's name by its folded words: the name itself, or one it
contains ("quartz" finds "Quartz" and "Quartz Labs"). A person who is at it now is listed once, as now;
one who left is listed once, with the latest job they had there and when netui learnt it ended.
Present first, then past, each by strength (warmest first) and name.

The filter's ``org:quartz`` alone offers the same view (``asked_for``): the words typed can match several
organisations ("Quartz", "Quartz Labs", "Rose Quartz"), so ``closest`` picks one, the one named exactly
as typed, else one whose name starts with it, else the one with the most people, and says which others
matched; the view then lists that organisation alone (``members(name, exact=True)``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from netui.core.dates import as_datetime
from netui.core.searchlang import tokenize
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


def _matches(org: str, wanted: str, exact: bool = False) -> bool:
    have = fold(org)
    return bool(have) and (have == wanted or (not exact and wanted in have))


def members(name: str, *, exact: bool = False) -> list[Member]:
    """Everyone at the organisation(s) ``name`` matches (with ``exact``, only the one named so, in any
    case), present then past; empty for empty ``name``."""
    wanted = fold(sanitize(name))
    if not wanted:
        return []
    out: dict[int, Member] = {}
    for c in Contact.select().where(Contact.organization != ""):
        if _matches(c.organization, wanted, exact):
            out[c.id] = _member(c, c.organization, c.title, None)
    past = (OrgHistory.select(OrgHistory, Contact).join(Contact)
            .where(OrgHistory.organization != "").order_by(OrgHistory.until.desc(), OrgHistory.id.desc()))
    for h in past:
        if h.contact_id not in out and _matches(h.organization, wanted, exact):
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


# --- the filter's org:NAME ------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def asked_for(search: str) -> str | None:
    """The organisation a search asks for when it is one ``org:NAME`` term and nothing else (not
    negated, a value typed); None for any other search."""
    terms = tokenize(search)
    if len(terms) != 1:
        return None
    term = terms[0]
    if term.kind != "field" or term.name != "org" or term.negated or not _WORD.search(fold(term.value)):
        return None
    return sanitize(term.value).strip()


class Pick(NamedTuple):
    """The organisation ``closest`` chose for what was typed, and the names of the others that matched."""

    name: str
    people: int
    others: tuple[str, ...]


def _words_match(typed: list[str], name: str) -> bool:
    """Each typed word begins a word of ``name``, as the filter's ``org:`` reads it."""
    words = _WORD.findall(fold(name))
    return all(any(w.startswith(t) for w in words) for t in typed)


def closest(typed: str) -> Pick | None:
    """The organisation ``org:typed`` means: of those whose words the typed words begin (now or in
    someone's history), the one named exactly so, else one whose name starts with it, else the one with
    the most people. None when no organisation matches. Names differing only in case are one."""
    words = _WORD.findall(fold(sanitize(typed)))
    if not words:
        return None
    wanted = " ".join(words)
    people: dict[str, set[int]] = {}
    spelt: dict[str, dict[str, int]] = {}  # the spellings of one organisation, and how often each is used
    rows = [*Contact.select(Contact.id, Contact.organization).where(Contact.organization != "").tuples(),
            *OrgHistory.select(OrgHistory.contact, OrgHistory.organization)
            .where(OrgHistory.organization != "").tuples()]
    for cid, org in rows:
        if not _words_match(words, org):
            continue
        key = fold(org)
        people.setdefault(key, set()).add(cid)
        spelling = spelt.setdefault(key, {})
        spelling[org] = spelling.get(org, 0) + 1
    if not people:
        return None

    def rank(key: str) -> tuple:
        plain = " ".join(_WORD.findall(key))
        return (plain != wanted, not plain.startswith(wanted), -len(people[key]), key)

    keys = sorted(people, key=rank)
    names = [min(spelt[k], key=lambda s: (-spelt[k][s], s)) for k in keys]  # the most used spelling
    return Pick(names[0], len(people[keys[0]]), tuple(names[1:]))
