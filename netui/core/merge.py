"""Merging what other programs know about a person into what netui knows, without duplicates.

An importer describes each person it read as an ``Incoming``. ``merge()`` finds the contact it is
(same UID, else a shared email, else a shared phone, else the same name and organisation, or the
same name when one side does not say where the person works and nobody else has that name; a name
only when neither side has an email or phone that says they are two people), and either creates a new contact or *adds to* the one it found:

- new emails, phones, links and tags are added; nothing is removed;
- empty fields are filled; a field the user already filled in is never overwritten (the name, how and
  why they met, the circle, the cadence and the archived flag are netui's, not the file's);
- a changed organisation or title replaces the old one, which ``contacts.update`` keeps as history;
  an organisation the contact already had in the past does not bring it back, so importing an old
  phone export after a fresh LinkedIn export does not flip-flop the current job;
- notes are appended, unless netui already has that text (or the file's note extends netui's, as
  when it was edited in another program), so importing the same file twice changes nothing;
- only the file's news is merged: what the last import of it said already (a note the user has since
  replaced, an email or tag they removed) is not brought back (``netui.core.imported``).

Everything goes through ``contacts.create``/``contacts.update``, which sanitise the text and keep the
derived columns, the search index and the reminders right; an import's new people go through
``NewContacts``, which writes the same rows a batch at a time, and ``Batch`` answers ``find`` for a
batch of people with the database read once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from netui.core import cards, contacts, imported
from netui.core.contacts import ContactInput, Method, normalize_method
from netui.core.dates import Birthday
from netui.core.errors import NotFound
from netui.core.new_contacts import NewContacts
from netui.core.text import fold, sanitize
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.db.models import OrgHistory

MIN_PHONE_MATCH = 7  # digits a phone needs before it may identify a person (not "123", not "0")


@dataclass
class Incoming:
    """One person as a file describes them."""

    name: str
    name_is_placeholder: bool = False  # the file had no name; ``name`` is an email or phone
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    organization: str = ""
    title: str = ""
    emails: list[Method] = field(default_factory=list)
    phones: list[Method] = field(default_factory=list)
    urls: list[Method] = field(default_factory=list)
    birthday: Birthday | None = None
    met_on: dt.date | None = None
    how_met: str = ""
    reason: str = ""
    circle: str | None = None
    cadence_days: int | None = None
    tags: list[str] = field(default_factory=list)
    note: str = ""
    archived: bool | None = None
    uid: str | None = None
    extra: dict[str, object] = field(default_factory=dict)  # registry fields without an attribute here
    card: cards.CardData | None = None  # addresses, dates, related people, profiles, photo


class Outcome(NamedTuple):
    action: str  # new | updated | unchanged
    contact_id: int
    matched_by: str | None  # uid | email | phone | name, or None for a new contact


def _methods(incoming: Incoming) -> list[Method]:
    """The incoming methods, sanitised, without empties and without repeats (by what merging compares)."""
    out: list[Method] = []
    seen: set[tuple[str, str]] = set()
    for kind, methods in (("email", incoming.emails), ("phone", incoming.phones), ("url", incoming.urls)):
        for m in methods:
            value = sanitize(m.value)
            if not value:
                continue
            key = (kind, normalize_method(kind, value) or value.casefold())
            if key in seen:
                continue
            seen.add(key)
            out.append(Method(kind, value, sanitize(m.label), bool(m.preferred)))
    return out


def _rows(sql: str, params: list) -> list[tuple]:
    # Plain SQL on the hot path of an import: peewee builds a query in ~1 ms, SQLite answers in 10 µs.
    return db.execute_sql(sql, params).fetchall()


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


WHY = {
    "uid": "same UID",
    "email": "same email",
    "phone": "same phone and the names agree",
    "name": "same name, and no organisation, email or phone that says otherwise",
}


def why(matched_by: str | None) -> str:
    """Why a person was merged into a contact, in words for a report."""
    return WHY.get(matched_by or "", matched_by or "")


def find(incoming: Incoming) -> tuple[int, str] | None:
    """The contact ``incoming`` describes, and what matched: uid, email, phone, or name (+ organisation).

    A UID is the strongest; then a shared email; then a shared phone when the names agree; a name
    (with the organisation) only when neither side has an email or phone that says they differ:
    two people of the same name with different emails or phones are two people."""
    if incoming.uid:
        rows = _rows("SELECT id FROM contact WHERE uid = ?", [incoming.uid])
        if rows:
            return rows[0][0], "uid"
    methods = _methods(incoming)
    emails = [normalize_method("email", m.value) for m in methods if m.kind == "email"]
    if emails:
        rows = _rows(
            f"SELECT contact_id FROM contact_method WHERE kind = 'email' AND norm IN ({_marks(emails)}) "
            "ORDER BY contact_id LIMIT 1", emails,
        )
        if rows:
            return rows[0][0], "email"
    phones = [n for m in methods if m.kind == "phone" and len(n := normalize_method("phone", m.value)) >= MIN_PHONE_MATCH]
    # A file that named someone after their own phone or email (or had no name) says nothing by the name.
    placeholder = incoming.name_is_placeholder or _named_after(incoming.name, emails, phones)
    if phones:
        # Phones are shared (a switchboard, a family's landline) and compared by their last digits, so
        # a phone alone does not make two differently named people one: the names must share a word.
        for cid, name in _rows(
            f"SELECT DISTINCT m.contact_id, c.name FROM contact_method m JOIN contact c ON c.id = m.contact_id "
            f"WHERE m.kind = 'phone' AND m.norm IN ({_marks(phones)}) ORDER BY m.contact_id", phones,
        ):
            if placeholder or _names_agree(name, incoming.name) or _is_placeholder(cid, name):
                return cid, "phone"
    name = fold(sanitize(incoming.name))
    if name and not placeholder:
        org = fold(sanitize(incoming.organization))
        # ``archived IN (0, 1)`` lets SQLite use the (archived, sort_name) index.
        namesakes = _rows("SELECT id, organization FROM contact WHERE archived IN (0, 1) AND sort_name = ? ORDER BY id", [name])
        same = [cid for cid, organization in namesakes if fold(organization or "") == org and not _contradicts(cid, emails, phones)]
        if len(same) == 1:  # with two that fit, which one is a guess; a new contact is the safe choice
            return same[0], "name"
        # A file that does not say where someone works (a phone) is no reason to doubt the only
        # person of that name; with two namesakes it is, and a new contact is the safe choice.
        if len(namesakes) == 1 and (not org or not namesakes[0][1]) and not _contradicts(namesakes[0][0], emails, phones):
            return namesakes[0][0], "name"
    return None


def _keys(incoming: Incoming) -> set[tuple[str, str]]:
    """Everything ``find`` looks ``incoming`` up by: its UID, emails, long phones and folded name (the
    emails and phones as ``_methods`` gives them to ``find``)."""
    keys = {("email", normalize_method("email", value)) for m in incoming.emails if (value := sanitize(m.value))}
    keys.update(("phone", n) for m in incoming.phones
                if (value := sanitize(m.value)) and len(n := normalize_method("phone", value)) >= MIN_PHONE_MATCH)
    keys.add(("name", fold(sanitize(incoming.name))))
    if incoming.uid:
        keys.add(("uid", incoming.uid))
    return keys


_KEY_SQL = {
    "uid": "SELECT 'uid', uid FROM contact WHERE uid IN ({})",
    "email": "SELECT 'email', norm FROM contact_method WHERE kind = 'email' AND norm IN ({})",
    "phone": "SELECT 'phone', norm FROM contact_method WHERE kind = 'phone' AND norm IN ({})",
    "name": "SELECT 'name', sort_name FROM contact WHERE archived IN (0, 1) AND sort_name IN ({})",
}


class Batch:
    """``find`` for a batch of people brought in one after the other, with the database's answers for
    all of them read first, a few queries per kind of key: someone whose keys are in neither the
    database nor anyone brought in before them in the batch matches nobody, so ``find`` is not asked.
    The answer is always ``find``'s, provided every write between two calls is bringing these people in."""

    def __init__(self, people: list[Incoming]):
        self._keys = {id(p): _keys(p) for p in people}
        wanted: dict[str, list[str]] = {kind: [] for kind in _KEY_SQL}
        for keys in self._keys.values():
            for kind, value in keys:
                wanted[kind].append(value)
        self._known: set[tuple[str, str]] = set()
        for kind, values in wanted.items():
            values = sorted(set(values))
            for start in range(0, len(values), 500):
                chunk = values[start : start + 500]
                self._known.update(_rows(_KEY_SQL[kind].format(_marks(chunk)), chunk))

    def find(self, incoming: Incoming, new: NewContacts | None = None) -> tuple[int, str] | None:
        """``find(incoming)``; ``new`` (the batch's new people so far) is flushed first when it is asked."""
        keys = self._keys.get(id(incoming))
        if keys is None:
            keys = _keys(incoming)
        found = None
        if keys & self._known:
            if new is not None:
                new.flush()
            found = find(incoming)
        self._known |= keys  # whether a new contact or a merge follows, the database may have these now
        return found


def _contradicts(contact_id: int, emails: list[str], phones: list[str]) -> bool:
    """True when the contact and the incoming person both have emails (or phones) and share none."""
    have: dict[str, set[str]] = {"email": set(), "phone": set()}
    for kind, norm in _rows(
        "SELECT kind, norm FROM contact_method WHERE contact_id = ? AND kind IN ('email', 'phone')", [contact_id]
    ):
        if kind == "phone" and len(norm or "") < MIN_PHONE_MATCH:
            continue
        have[kind].add(norm)
    return any(bool(mine) and bool(have[kind]) and not (set(mine) & have[kind])
               for kind, mine in (("email", emails), ("phone", phones)))


def _named_after(name: str, emails: list[str], phones: list[str]) -> bool:
    """True when ``name`` is only one of these (normalised) emails or phones."""
    clean = sanitize(name)
    if not clean:
        return False
    if "@" in clean:
        return normalize_method("email", clean) in emails
    number = normalize_method("phone", clean)
    return len(number) >= MIN_PHONE_MATCH and number in phones and not any(c.isalpha() for c in clean)


def _words(name: str) -> set[str]:
    return {w for w in fold(sanitize(name)).replace(",", " ").replace(".", " ").split() if len(w) > 1}


def _names_agree(a: str, b: str) -> bool:
    return bool(_words(a) & _words(b))


def _is_placeholder(contact_id: int, name: str) -> bool:
    """True when the contact's name is only one of its emails or phones (its file had no name)."""
    norms = [n for (n,) in _rows(
        "SELECT norm FROM contact_method WHERE contact_id = ? AND kind IN ('email', 'phone')", [contact_id]
    )]
    return _named_after(name, norms, norms)


def _new_input(incoming: Incoming) -> ContactInput:
    methods = _methods(incoming)
    return ContactInput(
        name=incoming.name,
        given_name=incoming.given_name,
        family_name=incoming.family_name,
        nickname=incoming.nickname,
        organization=incoming.organization,
        title=incoming.title,
        birthday=incoming.birthday,
        met_on=incoming.met_on,
        how_met=incoming.how_met,
        reason=incoming.reason,
        circle=incoming.circle if incoming.circle in CIRCLES else None,
        cadence_days=incoming.cadence_days,
        note=incoming.note,
        archived=incoming.archived,
        uid=incoming.uid or None,
        emails=[m for m in methods if m.kind == "email"],
        phones=[m for m in methods if m.kind == "phone"],
        urls=[m for m in methods if m.kind == "url"],
        tags=list(incoming.tags),
        extra=dict(incoming.extra),
        card=incoming.card,
    )


def _same(a: str, b: str) -> bool:
    return fold(a) == fold(b)


_CURRENT = (
    "id", "sort_name", "given_name", "family_name", "nickname", "how_met", "reason", "organization", "title",
    "birthday_month", "birthday_day", "birthday_year", "met_on", "cadence_days", "note",
)


class _Current:
    """The fields of a contact that merging looks at."""

    id: int
    sort_name: str
    given_name: str
    family_name: str
    nickname: str
    how_met: str
    reason: str
    organization: str
    title: str
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None
    met_on: str | None
    cadence_days: int | None
    note: str

    def __init__(self, row: tuple):
        for name, value in zip(_CURRENT, row, strict=False):
            setattr(self, name, value)


def _job_change(contact: _Current, org: str, title: str) -> tuple[str, str] | None:
    """The (organisation, title) to set, or None to keep the current one."""
    cur_org, cur_title = contact.organization or "", contact.title or ""
    if not org and not title:
        return None
    if not cur_org and not cur_title:
        return org, title
    org = org or cur_org  # the file knows only a title: same employer
    if _same(org, cur_org):
        if not title or _same(title, cur_title):
            return None
        org = cur_org
    # A job the contact had before is old news, not a change.
    for old_org, old_title in _rows("SELECT organization, title FROM org_history WHERE contact_id = ?", [contact.id]):
        if _same(old_org, org) and (not title or _same(old_title, title)):
            return None
    return org, title


def _merged_note(current: str, incoming: str) -> str | None:
    if not incoming.strip():
        return None
    if not current.strip():
        return incoming
    if incoming.strip() in current:
        return None
    if incoming.startswith(current.rstrip()):  # the same note, extended elsewhere
        return incoming
    return current.rstrip() + "\n\n" + incoming


def plan(contact_id: int, incoming: Incoming) -> ContactInput | None:
    """What merging ``incoming`` into the contact would change, or None when it adds nothing."""
    rows = _rows(f"SELECT {', '.join(_CURRENT)} FROM contact WHERE id = ?", [contact_id])
    if not rows:
        raise NotFound(f"there is no contact #{contact_id}")
    c = _Current(rows[0])
    change = ContactInput()
    touched = False

    def fill(attr: str, value: str) -> None:
        nonlocal touched
        value = sanitize(value)
        if value and not (getattr(c, attr) or ""):
            setattr(change, attr, value)
            touched = True

    existing = _rows("SELECT kind, value, norm FROM contact_method WHERE contact_id = ?", [contact_id])
    # A name that is only an email or phone (the file it came from had none) gives way to a real one.
    placeholders = {fold(value) for kind, value, _ in existing if kind in ("email", "phone")}
    norms = [norm for kind, _, norm in existing if kind in ("email", "phone")]
    name = sanitize(incoming.name)
    named = name and not incoming.name_is_placeholder and not _named_after(name, norms, norms)
    if named and (c.sort_name in placeholders or _named_after(c.sort_name, norms, norms)) and fold(name) != c.sort_name:
        change.name = name
        touched = True
    for attr in ("given_name", "family_name", "nickname", "how_met", "reason"):
        fill(attr, getattr(incoming, attr))
    job = _job_change(c, sanitize(incoming.organization), sanitize(incoming.title))
    if job is not None:
        change.organization, change.title = job
        touched = True
    b = incoming.birthday
    if b is not None:
        if not c.birthday_month:
            change.birthday = b
            touched = True
        elif c.birthday_year is None and b.year and (c.birthday_month, c.birthday_day) == (b.month, b.day):
            change.birthday = b
            touched = True
    if incoming.met_on and not c.met_on:
        change.met_on = incoming.met_on
        touched = True
    if incoming.cadence_days and c.cadence_days is None:
        change.cadence_days = incoming.cadence_days
        touched = True
    note = _merged_note(c.note or "", sanitize(incoming.note, multiline=True))
    if note is not None:
        change.note = note
        touched = True
    have = {(kind, norm) for kind, _, norm in existing}
    for m in _methods(incoming):
        key = (m.kind, normalize_method(m.kind, m.value))
        if key not in have:
            have.add(key)
            change.add_methods.append(m)
            touched = True
    tags = {name for (name,) in _rows(
        "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = ?", [contact_id]
    )}
    for tag in incoming.tags:
        clean = contacts.clean_tag(tag)
        if clean and clean not in tags:
            tags.add(clean)
            change.add_tags.append(tag)
            touched = True
    change.card = cards.merged(contact_id, incoming.card)  # the addresses, dates... it lacks
    return change if touched or change.card is not None else None


def keep_history(contact_id: int, incoming: Incoming, now: dt.datetime) -> bool:
    """Add the past organisations a file lists (``extra["org_history"]``: netui's own vCard property)
    that the contact's history does not have yet; True if it added any."""
    history = incoming.extra.get("org_history")
    if not isinstance(history, list) or not history:
        return False
    have = {(fold(o), fold(t)) for o, t in _rows(
        "SELECT organization, title FROM org_history WHERE contact_id = ?", [contact_id])}
    added = False
    for org, title, until in history:
        org, title = sanitize(str(org)), sanitize(str(title))
        if (org or title) and (fold(org), fold(title)) not in have:
            try:
                when = dt.datetime.fromisoformat(str(until))
            except ValueError:
                when = now  # a date netui cannot read: it changed before now, at the latest
            OrgHistory.create(contact=contact_id, organization=org, title=title, until=when)
            have.add((fold(org), fold(title)))
            added = True
    return added


def merge(incoming: Incoming, now: dt.datetime) -> Outcome:
    """Bring ``incoming`` in: a new contact, or an update of the one it matches. One transaction."""
    with db.atomic():
        return bring_in(incoming, find(incoming), now)


def bring_in(incoming: Incoming, match: tuple[int, str] | None, now: dt.datetime,
             new: NewContacts | None = None) -> Outcome:
    """``merge`` once ``find`` has said what ``incoming`` matches, in the caller's transaction.

    With ``new`` (an import's batch) a new contact is added to it, and it is flushed before a contact
    is changed, so that every change sees the database the one-at-a-time path would have made."""
    if match is None:
        # Imported, not met by you: no meeting is logged, the contact is unscheduled until you decide.
        data = _new_input(incoming)
        contact_id = contacts.create(data, now, log_meeting=False) if new is None else new.add(data)
        keep_history(contact_id, incoming, now)
        imported.remember(contact_id, imported.said(incoming))
        return Outcome("new", contact_id, None)
    if new is not None:
        new.flush()
    contact_id, how = match
    was, card = imported.before(contact_id), imported.said(incoming)
    change = plan(contact_id, imported.news(contact_id, incoming, card))  # what the user changed since the last import stays
    changed = change is not None and contacts.update(contact_id, change, now)
    changed = keep_history(contact_id, incoming, now) or changed
    imported.remember(contact_id, card, was)
    return Outcome("updated" if changed else "unchanged", contact_id, how)
