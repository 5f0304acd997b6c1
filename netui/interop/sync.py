"""Keeping netui in step with other devices through vdir folders that vdirsyncer syncs.

netui does not speak CardDAV or CalDAV itself: vdirsyncer already syncs a folder with any server
(Nextcloud, Radicale, Fastmail, iCloud). ``netui sync`` keeps such folders in step with the database,
so the round on each machine is ``vdirsyncer sync; netui sync; vdirsyncer sync`` (bring the server's
changes down, merge them in and write ours, send ours up).

Contacts: two-way, one ``.vcf`` per contact
    Every card carries netui's own fields as ``X-NETUI-*`` properties (how/why met, circle, cadence,
    tags, archived, written by ``vcard.card_text``), and so do interactions and give notes, one
    property each:

        X-NETUI-INTERACTION:{"at":"2026-11-20T10:00:00"\\,"kind":"call"\\,"summary":"…"\\,"note":""}
        X-NETUI-GIVE:{"kind":"article"\\,"direction":"idea"\\,"status":"open"\\,"created":"2026-11-20"\\,
                      "done":""\\,"text":"…"\\,"outcome":""}

    Each value is one JSON object written as vCard text (commas and semicolons escaped), because
    servers rewrite cards: Radicale, for one, reads every unknown ``X-`` property as text and escapes
    its semicolons, which would break a structured value. They live inside the card rather than in a
    companion file because vdirsyncer sends only the ``.vcf`` items to a CardDAV server: a second file
    per contact would never reach the other machine. A give's job-lead number and introduction link
    are local ids and do not travel.

    What was agreed at the last sync is kept in the ``Meta`` table, one row per contact
    (``sync.contact:<uid>``): the file it lives in, a hash of that file's bytes, and a short hash of
    each field of the contact as both sides had it (the *base*). So a side has changed when its hashes
    differ from the base: the folder's side by the file's bytes (only changed files are parsed), netui's
    by the record it would write (``Contact.updated_at`` alone would miss logged interactions).
    Files are matched to contacts by UID, not by name: vdirsyncer names the files it downloads itself.

    - Changed in netui only: the card is written, atomically, into the file that already holds that
      UID (so names stay stable), or a new ``vdir.filename_for(uid)``; never when the bytes are the same.
    - Changed in the folder only: the card's fields replace netui's, deletions included (an email
      removed on the phone goes here too). A card without ``X-NETUI-CIRCLE`` was rewritten by a program
      that dropped netui's fields; it changes the standard fields only, netui's own fields and history
      stay, and the next write puts them back on the server.
    - Changed on both sides (a conflict): merged field by field against the base. A field only one side
      changed takes that side's value. A field both changed: emails, phones, links, tags, interactions
      and gives are united (a deletion made on one side comes back: nothing is dropped when in doubt);
      for a single value netui's is kept and the other is appended to the note as
      ``from sync conflict: <field>: <value>`` (a note changed on both keeps both texts). The conflict
      is printed and kept in ``Meta`` (``sync.conflicts``) for the app to show.
    - A file that appeared: a new contact with its UID. If the UID is unknown but the card matches a
      contact that was never synced (email, phone, or name and organisation, as importing does), that
      contact takes the file's UID and both are merged, so a person typed on two machines before their
      first sync does not become two.
    - A file that went away (deleted on another device): the contact is deleted, unless it changed in
      netui since the last sync; then it is archived instead, its card written back, and a conflict listed.
    - A contact deleted in netui: its file is deleted, unless the file changed since the last sync; then
      the contact comes back, archived, and a conflict is listed. Changes win over deletions.
    - Fields of other programs that netui has no place for (addresses, photos, anniversaries...) are
      carried over from the file into every card netui writes over it, so a phone's data is not lost.
      vCard 2.1 quoted-printable values are not carried (CardDAV servers only hold 3.0 and 4.0).

Reminders: one-way, one ``.ics`` per item
    The calendar ``ics.write`` produces is cut into one VCALENDAR per to-do or birthday event, named by
    its UID. An item is written when netui's version of it changed since netui last wrote it (its text
    without DTSTAMP, hashed in ``sync.reminders.files``); an item changed only in the folder (ticked off
    on the phone) is left alone, and files of items that netui no longer has are deleted. Files netui
    never wrote are never touched.

Safety: both sides are read first, without the write lock (the app can keep writing; what it changes
meanwhile is merged against the base like any other change, and a contact is checked again just before
it is deleted). Then the work is done in batches of contacts, each one transaction, and each batch's
files are written inside it before the commit: a crash in between leaves files that the next sync reads
back as changes of the folder, which merge to the same contacts. A file vdirsyncer changes while netui
runs is not overwritten: it is left for the next sync. ``dry_run`` does everything in one transaction
that is rolled back, and touches no file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vobject.base import ParseError, parseLine

from netui.core import contacts, merge
from netui.core.contacts import ContactError, ContactInput, Method, normalize_method
from netui.core.dates import Birthday, DateError, as_date, as_datetime, iso, make_birthday
from netui.core.text import sanitize
from netui.core.vocab import CIRCLES, GIVE_DIRECTIONS, GIVE_KINDS, INTERACTION_KINDS
from netui.db import db
from netui.db.models import (
    Contact,
    Give,
    Interaction,
    Meta,
)
from netui.interop import ics, vcard, vdir

STATE_PREFIX = "sync.contact:"
CONTACTS_FOLDER_KEY = "sync.contacts.folder"
REMINDERS_FOLDER_KEY = "sync.reminders.folder"
REMINDER_FILES_KEY = "sync.reminders.files"
CONFLICTS_KEY = "sync.conflicts"
LAST_KEY = "sync.last"
MAX_CONFLICTS_KEPT = 500
BATCH = 200  # contacts per write transaction

SINGLE = (
    "name", "given_name", "family_name", "nickname", "organization", "title", "birthday", "met_on",
    "how_met", "reason", "circle", "cadence_days", "note", "archived",
)
MULTI = ("emails", "phones", "urls", "tags", "interactions", "gives")
FIELDS = SINGLE + MULTI
# netui's own fields: a card without X-NETUI-CIRCLE (rewritten by a program that drops them) says nothing about these.
OWN = ("met_on", "how_met", "reason", "circle", "cadence_days", "archived", "interactions", "gives")
WORDS = {
    "name": "name", "given_name": "given name", "family_name": "family name", "nickname": "nickname",
    "organization": "organisation", "title": "title", "birthday": "birthday", "met_on": "met on",
    "how_met": "how met", "reason": "reason", "circle": "circle", "cadence_days": "cadence (days)",
    "note": "note", "archived": "archived", "emails": "emails", "phones": "phones", "urls": "links",
    "tags": "tags", "interactions": "interactions", "gives": "give notes",
}
GIVE_STATUSES = ("open", "done", "dropped")

# Properties netui reads into its own fields (or writes itself); everything else in a file is carried over.
_KNOWN = {
    "BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "FN", "N", "NICKNAME", "ORG", "TITLE", "EMAIL", "TEL",
    "X-MS-TEL", "URL", "BDAY", "NOTE", "CATEGORIES",
}


class SyncError(ContactError):
    """A sync that cannot start as asked (no folder, a folder that is a file); shown as it is."""


# --- records: a contact as sync compares it ----------------------------------------------------------


@dataclass
class Record:
    """What a card carries about one person, in plain comparable values (JSON-able)."""

    uid: str
    values: dict[str, object]
    own: bool = True  # the card carries netui's own fields

    def hashes(self) -> dict[str, str]:
        """Each field's hash, and the whole record's under ``*`` (what "has it changed" compares)."""
        return {**{f: _short(self.values[f]) for f in FIELDS}, "*": self.overall()}

    def overall(self) -> str:
        return _short([self.values[f] for f in FIELDS])


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def _methods(methods: Iterable[Method]) -> list[list]:
    return [[sanitize(m.value), sanitize(m.label), bool(m.preferred)] for m in methods if sanitize(m.value)]


def _tags(tags: Iterable[str]) -> list[str]:
    return sorted({t for t in (contacts._clean_tag(x) for x in tags) if t})


_CONTACT_COLUMNS = (
    "id, uid, name, given_name, family_name, nickname, organization, title, birthday_month, birthday_day, "
    "birthday_year, met_on, how_met, reason, circle, cadence_days, note, archived, updated_at"
)


def _chunk_records(ids: list[int]) -> Iterator[tuple[int, Record, dt.datetime]]:
    """Plain SQL, no model objects: the whole address book is read on every sync."""
    marks = ",".join("?" * len(ids))
    methods: dict[int, dict[str, list[list]]] = defaultdict(lambda: {"email": [], "phone": [], "url": []})
    for cid, kind, value, label, preferred in db.execute_sql(
        f"SELECT contact_id, kind, value, label, preferred FROM contact_method WHERE contact_id IN ({marks}) "
        "ORDER BY contact_id, kind, position, id", ids,
    ):
        if value:
            methods[cid].setdefault(kind, []).append([value, label or "", bool(preferred)])
    tags: dict[int, list[str]] = defaultdict(list)
    for cid, name in db.execute_sql(
        f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id IN ({marks})",
        ids,
    ):
        tags[cid].append(name)
    interactions, gives = _db_history(ids)
    rows = db.execute_sql(f"SELECT {_CONTACT_COLUMNS} FROM contact WHERE id IN ({marks}) ORDER BY id", ids).fetchall()
    for (cid, uid, name, given, family, nickname, org, title, month, day, year, met_on, how_met, reason, circle,
         cadence, note, archived, updated) in rows:
        bday = Birthday(month, day, year) if month and day else None
        m = methods[cid]
        record = Record(uid, {
            "name": name, "given_name": given or "", "family_name": family or "", "nickname": nickname or "",
            "organization": org or "", "title": title or "", "birthday": str(bday) if bday else None,
            "met_on": iso(as_date(met_on)), "how_met": how_met or "", "reason": reason or "", "circle": circle,
            "cadence_days": cadence, "note": note or "", "archived": bool(archived),
            "emails": m.get("email", []), "phones": m.get("phone", []), "urls": m.get("url", []),
            "tags": sorted(set(tags[cid])), "interactions": sorted(interactions[cid]), "gives": sorted(gives[cid]),
        })
        yield cid, record, dt.datetime.fromisoformat(str(updated))


def _db_history(ids: list[int]) -> tuple[dict[int, list[list]], dict[int, list[list]]]:
    """Interactions and gives of some contacts, as record items."""
    marks = ",".join("?" * len(ids))
    interactions: dict[int, list[list]] = defaultdict(list)
    for cid, at, kind, summary, note in db.execute_sql(
        f"SELECT contact_id, occurred_at, kind, summary, note FROM interaction WHERE contact_id IN ({marks})", ids
    ):
        interactions[cid].append([as_datetime(at).isoformat(), kind, summary or "", note or ""])
    gives: dict[int, list[list]] = defaultdict(list)
    for cid, kind, direction, status, created, done, text, outcome in db.execute_sql(
        "SELECT contact_id, kind, direction, status, created_on, done_on, text, outcome FROM give "
        f"WHERE contact_id IN ({marks})", ids,
    ):
        gives[cid].append([kind, direction, status, iso(as_date(created)) or "", iso(as_date(done)) or "", text, outcome or ""])
    return interactions, gives


def local_records(ids: list[int] | None = None) -> Iterator[tuple[int, Record, dt.datetime]]:
    """(contact id, record, updated_at) for the given contacts, or all, a few queries per 500."""
    if ids is None:
        ids = [cid for (cid,) in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    for start in range(0, len(ids), 500):
        yield from _chunk_records(ids[start : start + 500])


# --- cards: reading and writing ----------------------------------------------------------------------


@dataclass
class Card:
    """One file of the folder, read: its record (None when unreadable) and what else it holds."""

    record: Record | None
    reason: str = ""  # why there is no record
    warnings: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # other programs' property lines, kept as they are


def _unfold(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[list] = []
    for number, line in lines:
        if line[:1] in (" ", "\t") and out:
            out[-1][1] += line[1:]
        elif line.strip():
            out.append([number, line])
    return [(n, t) for n, t in out]


INTERACTION_KEYS = ("at", "kind", "summary", "note")
GIVE_KEYS = ("kind", "direction", "status", "created", "done", "text", "outcome")


def history_value(name: str, item: list) -> str:
    """An interaction or give (as a record holds it) as the text value of its X-NETUI- property."""
    keys = INTERACTION_KEYS if name == "X-NETUI-INTERACTION" else GIVE_KEYS
    return vcard.escape(json.dumps(dict(zip(keys, item, strict=False)), ensure_ascii=False, separators=(",", ":")))


def _history_line(name: str, value: str, number: int, warnings: list[str]) -> list | None:
    try:
        data = json.loads(vcard.unescape(value))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        get = lambda key: str(data.get(key) or "")  # noqa: E731
        if name == "X-NETUI-INTERACTION":
            if get("kind") not in INTERACTION_KINDS:
                raise ValueError(f"unknown kind {vcard.quote(get('kind'))}")
            at = as_datetime(dt.datetime.fromisoformat(get("at").strip())).isoformat()
            return [at, get("kind"), sanitize(get("summary")), sanitize(get("note"), multiline=True)]
        if get("kind") not in GIVE_KINDS or get("direction") not in GIVE_DIRECTIONS or get("status") not in GIVE_STATUSES:
            raise ValueError("unknown kind, direction or status")
        created = dt.date.fromisoformat(get("created").strip()).isoformat()
        done = dt.date.fromisoformat(get("done").strip()).isoformat() if get("done").strip() else ""
        if not sanitize(get("text")):
            raise ValueError("no text")
        return [get("kind"), get("direction"), get("status"), created, done, sanitize(get("text")), sanitize(get("outcome"))]
    except ValueError as exc:
        warnings.append(f"{name} (line {number}) could not be read ({exc}); not kept")
        return None


def read_card(data: bytes) -> Card:
    """A vdir member as a record, plus the lines netui does not read (carried into what it writes)."""
    try:
        cards = vcard.split_cards(data)
    except vcard.UnreadableFile as exc:
        return Card(None, str(exc))
    if len(cards) != 1:
        return Card(None, f"it holds {len(cards)} cards; a vdir file holds one")
    start, lines, closed = cards[0]
    entry = vcard.read_card(1, start, lines, closed)
    if entry.incoming is None:
        return Card(None, entry.reason, entry.warnings)
    warnings = list(entry.warnings)
    interactions: list[list] = []
    gives: list[list] = []
    carried: list[str] = []
    groups_used: set[str] = set()
    pending_labels: list[tuple[str, str]] = []
    for number, text in _unfold(lines):
        try:
            name, _, value, group = parseLine(text, number)
        except ParseError:
            continue  # vcard.read_card has said so already
        name = name.upper()
        if name in ("X-NETUI-INTERACTION", "X-NETUI-GIVE"):
            item = _history_line(name, value, number, warnings)
            if item is not None:
                (interactions if name == "X-NETUI-INTERACTION" else gives).append(item)
        elif name == "X-ABLABEL" and group:
            pending_labels.append((group.lower(), text))
        elif name in _KNOWN or name.startswith("X-NETUI-"):
            continue
        elif "QUOTED-PRINTABLE" in text.split(":", 1)[0].upper():
            warnings.append(f"line {number} ({name}) is quoted-printable vCard 2.1 and is not carried over")
        else:
            if group:
                groups_used.add(group.lower())
            carried.append(text)
    carried += [text for group, text in pending_labels if group in groups_used]
    inc = entry.incoming
    own = inc.circle is not None
    birthday = str(inc.birthday) if inc.birthday else None
    record = Record(inc.uid or "", {
        "name": sanitize(inc.name), "given_name": sanitize(inc.given_name), "family_name": sanitize(inc.family_name),
        "nickname": sanitize(inc.nickname), "organization": sanitize(inc.organization), "title": sanitize(inc.title),
        "birthday": birthday, "met_on": iso(as_date(inc.met_on)), "how_met": sanitize(inc.how_met),
        "reason": sanitize(inc.reason), "circle": inc.circle if inc.circle in CIRCLES else None,
        "cadence_days": inc.cadence_days, "note": sanitize(inc.note, multiline=True), "archived": bool(inc.archived),
        "emails": _methods(inc.emails), "phones": _methods(inc.phones), "urls": _methods(inc.urls),
        "tags": _tags(inc.tags), "interactions": sorted(interactions), "gives": sorted(gives),
    }, own=own)
    return Card(record, warnings=warnings, carried=carried)


def _rename_groups(carried: list[str], taken: int) -> list[str]:
    """Carried lines keep their groups unless netui's own ``itemN`` groups (1..taken) would clash."""
    out = []
    renames: dict[str, str] = {}
    existing = set()
    for text in carried:
        head = text.split(":", 1)[0].split(";", 1)[0]
        if "." in head:
            existing.add(head.split(".", 1)[0].lower())
    n = 0
    for text in carried:
        head = text.split(":", 1)[0].split(";", 1)[0]
        if "." in head:
            group = head.split(".", 1)[0]
            match = re.fullmatch(r"item(\d+)", group, re.IGNORECASE)
            if match and 1 <= int(match.group(1)) <= taken:
                if group.lower() not in renames:
                    n += 1
                    while f"kept{n}" in existing:
                        n += 1
                    renames[group.lower()] = f"kept{n}"
                text = renames[group.lower()] + text[len(group):]
        out.append(text)
    return out


def card_bytes(record: Record, updated: dt.datetime, carried: list[str] = ()) -> bytes:
    """The card netui writes for a record: ``vcard.card_text`` plus history and carried-over lines."""
    v = record.values
    month, day, year = _birthday(v["birthday"]) or (None, None, None)
    contact = Contact(
        uid=record.uid, name=v["name"], given_name=v["given_name"], family_name=v["family_name"],
        nickname=v["nickname"], organization=v["organization"], title=v["title"], birthday_month=month,
        birthday_day=day, birthday_year=year, met_on=v["met_on"], how_met=v["how_met"], reason=v["reason"],
        circle=v["circle"] or "regular", cadence_days=v["cadence_days"], note=v["note"], archived=v["archived"],
        updated_at=updated,
    )
    methods = {
        kind: [Method(kind, value, label, preferred) for value, label, preferred in v[key]]
        for kind, key in (("email", "emails"), ("phone", "phones"), ("url", "urls"))
    }
    text = vcard.card_text(contact, methods, list(v["tags"]))
    extra = []
    for name, key in (("X-NETUI-INTERACTION", "interactions"), ("X-NETUI-GIVE", "gives")):
        extra += [vcard.fold(f"{name}:{history_value(name, item)}") for item in v[key]]
    taken = text.count("X-ABLABEL")
    extra += [vcard.fold(line) for line in _rename_groups(list(carried), taken)]
    end = "END:VCARD\r\n"
    return (text[: -len(end)] + "".join(extra) + end).encode("utf-8")


# --- merging two versions of one person --------------------------------------------------------------


def _empty(value: object) -> bool:
    return value in (None, "", [], False)


def _show(f: str, value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _method_key(kind: str, item: list) -> str:
    return normalize_method(kind, item[0]) or item[0].casefold()


def _union(f: str, local: list, remote: list) -> list:
    """Both sides' items: methods by what merging compares, gives by kind, text and date, the rest as equal."""
    if f in ("emails", "phones", "urls"):
        kind = {"emails": "email", "phones": "phone", "urls": "url"}[f]
        seen = {_method_key(kind, m) for m in local}
        return list(local) + [m for m in remote if _method_key(kind, m) not in seen]
    if f == "gives":
        keys = {(g[0], g[5], g[3]) for g in local}
        return sorted(list(local) + [g for g in remote if (g[0], g[5], g[3]) not in keys])
    if f == "tags":
        return sorted(set(local) | set(remote))
    seen_items = {json.dumps(x, ensure_ascii=False) for x in local}
    return sorted(list(local) + [x for x in remote if json.dumps(x, ensure_ascii=False) not in seen_items])


def _give_differences(local: list, remote: list) -> list[str]:
    """Gives both sides have (same kind, text and date) but left in different states: theirs, in words."""
    mine = {(g[0], g[5], g[3]): g for g in local}
    out = []
    for g in remote:
        other = mine.get((g[0], g[5], g[3]))
        if other is not None and other != g:
            state = f"{g[1]}, {g[2]}" + (f" on {g[4]}" if g[4] else "") + (f", outcome: {g[6]}" if g[6] else "")
            out.append(f"give “{g[5]}”: {state}")
    return out


@dataclass
class Merged:
    record: Record
    both_changed: list[str]  # fields both sides changed differently (words for the report)
    aside: list[str]  # "field: their value" lines appended to the note


def merge_records(base: dict[str, str] | None, local: Record, remote: Record) -> Merged:
    """Three-way merge of one person: ``base`` holds the field hashes agreed at the last sync (None: never).

    A field only one side changed takes that side's value; a field both changed is united (lists) or
    keeps netui's value with the other appended to the note. Nothing either side holds is dropped,
    except what one side deliberately removed from a field the other did not touch.
    """
    out: dict[str, object] = {}
    both: list[str] = []
    aside: list[str] = []
    for f in FIELDS:
        lv, rv = local.values[f], remote.values[f]
        if f in OWN and not remote.own:
            out[f] = lv
            continue
        if lv == rv:
            out[f] = lv
            continue
        if base is not None and _short(lv) == base.get(f):
            out[f] = rv  # only the folder changed it
            continue
        if base is not None and _short(rv) == base.get(f):
            out[f] = lv  # only netui changed it
            continue
        if f in MULTI:
            out[f] = _union(f, lv, rv)
            if f == "gives":
                aside += _give_differences(lv, rv)
            if base is not None:
                both.append(WORDS[f])
            continue
        if _empty(rv) or (f == "circle" and rv is None):
            out[f] = lv
        elif _empty(lv):
            out[f] = rv
        elif f == "note":
            a, b = str(lv), str(rv)
            out[f] = a if b.strip() in a else b if a.strip() in b else a
            if out[f] == a and b.strip() not in a:
                aside.append(f"note: {b}")
            if base is not None:
                both.append(WORDS[f])
        else:
            out[f] = lv
            aside.append(f"{WORDS[f]}: {_show(f, rv)}")
            both.append(WORDS[f])
    note = str(out["note"] or "")
    for line in aside:
        line = f"from sync conflict: {line}"
        if line not in note:
            note = (note.rstrip() + "\n\n" + line) if note.strip() else line
    out["note"] = note
    return Merged(Record(local.uid or remote.uid, out, own=True), both, aside)


# --- the database side --------------------------------------------------------------------------------


def _birthday(text: str | None) -> Birthday | None:
    """A record's birthday (``1987-09-11`` or ``--09-11``) back as a Birthday."""
    if not text:
        return None
    if text.startswith("--"):
        return make_birthday(int(text[2:4]), int(text[5:7]), None)
    return make_birthday(int(text[5:7]), int(text[8:10]), int(text[:4]))


def _input(record: Record, *, new: bool) -> ContactInput:
    v = record.values
    bday = _birthday(v["birthday"]) or False
    met_on = dt.date.fromisoformat(v["met_on"]) if v["met_on"] else False
    methods = {
        key: [Method(kind, value, label, preferred) for value, label, preferred in v[key]]
        for kind, key in (("email", "emails"), ("phone", "phones"), ("url", "urls"))
    }
    return ContactInput(
        name=v["name"], given_name=v["given_name"], family_name=v["family_name"], nickname=v["nickname"],
        organization=v["organization"], title=v["title"], birthday=bday if bday else False,
        met_on=met_on, how_met=v["how_met"], reason=v["reason"], circle=v["circle"] or ("regular" if new else None),
        cadence_days=v["cadence_days"] or False, note=v["note"], archived=bool(v["archived"]),
        uid=record.uid if new else None, emails=methods["emails"], phones=methods["phones"], urls=methods["urls"],
        tags=list(v["tags"]),
    )


def _set_history(contact_id: int, record: Record, now: dt.datetime) -> bool:
    """Make the contact's interactions and gives those of ``record``; True when anything changed."""
    changed = False
    want = {json.dumps(i, ensure_ascii=False) for i in record.values["interactions"]}
    have: dict[str, list[int]] = defaultdict(list)
    for row in Interaction.select().where(Interaction.contact == contact_id).order_by(Interaction.id):
        item = [as_datetime(row.occurred_at).isoformat(), row.kind, row.summary or "", row.note or ""]
        have[json.dumps(item, ensure_ascii=False)].append(row.id)
    for key, ids in have.items():
        drop = ids if key not in want else ids[1:]  # the same interaction twice is one
        if drop:
            Interaction.delete().where(Interaction.id.in_(drop)).execute()
            changed = True
    for key in want - set(have):
        at, kind, summary, note = json.loads(key)
        Interaction.create(contact=contact_id, occurred_at=dt.datetime.fromisoformat(at), kind=kind,
                           summary=summary, note=note, created_at=now)
        changed = True
    wanted = {(g[0], g[5], g[3]): g for g in record.values["gives"]}
    seen = set()
    for row in Give.select().where(Give.contact == contact_id).order_by(Give.id):
        key = (row.kind, row.text, iso(as_date(row.created_on)) or "")
        g = wanted.get(key)
        if g is None or key in seen:
            row.delete_instance()
            changed = True
            continue
        seen.add(key)
        state = (g[1], g[2], g[4] or None, g[6])
        if (row.direction, row.status, iso(as_date(row.done_on)), row.outcome or "") != state:
            Give.update(direction=g[1], status=g[2], done_on=dt.date.fromisoformat(g[4]) if g[4] else None,
                        outcome=g[6]).where(Give.id == row.id).execute()
            changed = True
    for key, g in wanted.items():
        if key not in seen:
            Give.create(contact=contact_id, kind=g[0], direction=g[1], status=g[2],
                        created_on=dt.date.fromisoformat(g[3]), done_on=dt.date.fromisoformat(g[4]) if g[4] else None,
                        text=g[5], outcome=g[6])
            changed = True
    return changed


def store(record: Record, contact_id: int | None, now: dt.datetime) -> int:
    """Write ``record`` into the database (a new contact when ``contact_id`` is None); returns its id."""
    with db.atomic():
        if contact_id is None:
            contact_id = contacts.create(_input(record, new=True), now)
        else:
            contacts.update(contact_id, _input(record, new=False), now)
        if _set_history(contact_id, record, now):
            contacts.refresh(contact_id, now)
    return contact_id


def _local_record(contact_id: int) -> tuple[Record, dt.datetime]:
    found = list(local_records([contact_id]))
    if not found:
        raise contacts.NotFound(f"there is no contact #{contact_id} (deleted while syncing?)")
    return found[0][1], found[0][2]


# --- state in Meta -----------------------------------------------------------------------------------


@dataclass
class ItemState:
    file: str
    hash: str  # of the file's bytes
    base: dict[str, str]  # field hashes agreed at the last sync

    @property
    def overall(self) -> str:
        return self.base.get("*", "")


def _load_state() -> dict[str, ItemState]:
    out = {}
    rows = Meta.select(Meta.key, Meta.value).where(
        (Meta.key >= STATE_PREFIX) & (Meta.key < STATE_PREFIX[:-1] + chr(ord(STATE_PREFIX[-1]) + 1))
    ).tuples()
    for key, value in rows:
        try:
            data = json.loads(value)
            out[key[len(STATE_PREFIX):]] = ItemState(str(data["file"]), str(data["hash"]), dict(data["base"]))
        except (ValueError, KeyError, TypeError):
            continue  # a damaged row: that contact is treated as never synced
    return out


def _save_state(uid: str, item: ItemState | None) -> None:
    if item is None:
        Meta.delete().where(Meta.key == STATE_PREFIX + uid).execute()
    else:
        value = json.dumps({"file": item.file, "hash": item.hash, "base": item.base}, separators=(",", ":"))
        Meta.replace(key=STATE_PREFIX + uid, value=value).execute()


def _forget_state() -> None:
    Meta.delete().where(
        (Meta.key >= STATE_PREFIX) & (Meta.key < STATE_PREFIX[:-1] + chr(ord(STATE_PREFIX[-1]) + 1))
    ).execute()


def get_meta(key: str, default=None):
    row = Meta.get_or_none(Meta.key == key)
    if row is None:
        return default
    try:
        return json.loads(row.value)
    except ValueError:
        return default


def _set_meta(key: str, value) -> None:
    Meta.replace(key=key, value=json.dumps(value, ensure_ascii=False)).execute()


def folders() -> dict[str, str | None]:
    """The folders ``netui sync`` remembers for this database."""
    return {"contacts": get_meta(CONTACTS_FOLDER_KEY), "reminders": get_meta(REMINDERS_FOLDER_KEY)}


def conflicts() -> list[dict]:
    """Conflicts found by past syncs, oldest first: ``{"at", "uid", "name", "what"}``."""
    value = get_meta(CONFLICTS_KEY, [])
    return value if isinstance(value, list) else []


def clear_conflicts() -> int:
    """Forget the listed conflicts (the user has looked at them); returns how many there were."""
    n = len(conflicts())
    with db.atomic():
        Meta.delete().where(Meta.key == CONFLICTS_KEY).execute()
    return n


def last_sync() -> dict | None:
    """When the last sync ran and what it did (``{"at", "contacts", "reminders"}``), for the app."""
    return get_meta(LAST_KEY)


# --- files ---------------------------------------------------------------------------------------------


def _atomic_write(path: Path, data: bytes) -> None:
    vdir._atomic_write(path, data)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _prepare(folder: Path | str) -> Path:
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise SyncError(f"{folder} is a file; sync needs a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    return folder.resolve()


# --- contacts ----------------------------------------------------------------------------------------


@dataclass
class Conflict:
    uid: str
    name: str
    what: str

    def text(self) -> str:
        return f"{self.name}: {self.what}"


@dataclass
class ContactsReport:
    folder: Path
    first: bool = False  # no sync with this folder before
    written: list[str] = field(default_factory=list)  # names whose card was written to the folder
    new: list[str] = field(default_factory=list)  # contacts created from the folder
    updated: list[str] = field(default_factory=list)  # contacts changed from the folder
    deleted_here: list[str] = field(default_factory=list)  # contacts deleted because their file went
    deleted_there: list[str] = field(default_factory=list)  # files deleted because their contact went
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files not read, writes put off
    notes: list[str] = field(default_factory=list)  # what was read differently from a file

    def counts(self) -> dict[str, int]:
        return {
            "written": len(self.written), "read_in": len(self.new) + len(self.updated), "new": len(self.new),
            "updated": len(self.updated), "deleted_here": len(self.deleted_here),
            "deleted_there": len(self.deleted_there), "conflicts": len(self.conflicts), "problems": len(self.problems),
        }

    def text(self) -> str:
        c = self.counts()
        lines = [f"contacts: {self.folder}" + (" (first sync with this folder)" if self.first else "")]
        lines.append(
            f"  {c['written']} written, {c['read_in']} read in ({c['new']} new, {c['updated']} updated), "
            f"{c['deleted_here']} deleted here, {c['deleted_there']} deleted in the folder, "
            f"{c['conflicts']} conflict{'s' * (c['conflicts'] != 1)}"
        )
        lines += [f"  conflict: {x.text()}" for x in self.conflicts]
        lines += [f"  {p}" for p in self.problems]
        lines += [f"  {n}" for n in self.notes[:50]]
        if len(self.notes) > 50:
            lines.append(f"  … and {len(self.notes) - 50} more notes like these")
        return "\n".join(lines)


@dataclass
class _Found:
    """A member file of the folder as this sync saw it."""

    name: str
    data: bytes
    hash: str
    card: Card | None = None  # parsed only when it changed since the last sync


class _ContactSync:
    def __init__(self, folder: Path, now: dt.datetime, dry_run: bool, report: ContactsReport):
        self.folder, self.now, self.dry_run, self.report = folder, now, dry_run, report
        self.state = _load_state()
        self.handled: set[str] = set()  # uids whose state this run settled

    # files -------------------------------------------------------------------------------------------

    def scan(self) -> dict[str, _Found]:
        """uid -> the file that holds it; files that changed are parsed, unchanged ones are not."""
        by_file = {s.file: uid for uid, s in self.state.items()}
        found: dict[str, _Found] = {}
        for path in vdir.members(self.folder):
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.report.problems.append(f"{path.name} could not be read ({exc.strerror or exc}); left as it is")
                uid = by_file.get(path.name)
                if uid:
                    self.handled.add(uid)  # neither delete it nor its contact on a read error
                continue
            h = _digest(data)
            known = by_file.get(path.name)
            if known and self.state[known].hash == h:
                if known not in found:
                    found[known] = _Found(path.name, data, h)
                continue
            card = read_card(data)
            self.report.notes += [f"{path.name}: {w}" for w in card.warnings]
            if card.record is None:
                self.report.problems.append(f"{path.name} was not read ({card.reason}); left as it is")
                if known:
                    self.handled.add(known)
                continue
            uid = card.record.uid or known
            if not uid:
                uid = f"file:{path.name}"  # no UID: a new contact gets one, and the file with it
            if uid in found:
                self.report.problems.append(
                    f"{path.name} has the same UID as {found[uid].name}; left as it is, only {found[uid].name} is synced"
                )
                continue
            found[uid] = _Found(path.name, data, h, card)
        return found

    def write(self, uid: str, record: Record, updated: dt.datetime, where: _Found | None) -> _Found | None:
        """Write the card unless the file already says the same; returns the file as it now is."""
        carried = where.card.carried if where and where.card else (read_card(where.data).carried if where else [])
        data = card_bytes(record, updated, carried)
        if where is not None and where.data == data:
            return where
        name = where.name if where is not None else self._free_name(uid)
        self.report.written.append(record.values["name"])
        if self.dry_run:
            return _Found(name, data, _digest(data))
        path = self.folder / name
        if where is not None:
            try:
                now_there = path.read_bytes()
            except OSError:
                now_there = None
            if now_there is None or _digest(now_there) != where.hash:
                self.report.written.pop()
                self.report.problems.append(
                    f"{name} changed while netui was syncing (vdirsyncer?); left for the next sync"
                )
                return None
        _atomic_write(path, data)
        return _Found(name, data, _digest(data))

    def _free_name(self, uid: str) -> str:
        name = vdir.filename_for(uid)
        n = 1
        while (self.folder / name).exists():
            n += 1
            name = vdir.filename_for(f"{uid}#{n}")
        return name

    def delete_file(self, found: _Found) -> bool:
        if self.dry_run:
            return True
        path = self.folder / found.name
        try:
            if _digest(path.read_bytes()) != found.hash:
                self.report.problems.append(f"{found.name} changed while netui was syncing; not deleted")
                return False
            path.unlink()
        except FileNotFoundError:
            pass
        return True

    # the database ------------------------------------------------------------------------------------

    def settle(self, uid: str, contact_id: int, where: _Found | None) -> None:
        """Make the file say what the database says (if needed) and record that as agreed."""
        record, updated = _local_record(contact_id)
        current = (where.card or read_card(where.data)).record if where else None
        if current is None or current.uid != record.uid or current.values != record.values:
            written = self.write(uid, record, updated, where)
            if written is None:
                self.handled.add(record.uid)
                return  # the state stays: the file is read again next time
            where = written
        if where is None:
            return
        if record.uid != uid and uid in self.state:
            _save_state(uid, None)
        _save_state(record.uid, ItemState(where.name, where.hash, record.hashes()))
        self.state[record.uid] = ItemState(where.name, where.hash, record.hashes())
        self.handled.add(record.uid)

    def conflict(self, uid: str, name: str, what: str) -> None:
        self.report.conflicts.append(Conflict(uid, name, what))

    def run(self) -> None:
        """Read both sides without the write lock, then act in batches of ``BATCH``, one transaction each.

        The app can go on writing meanwhile: what it changes after the reading is still merged against
        the base, never overwritten, and a deletion checks the contact again just before.
        """
        found = self.scan()
        local: dict[str, tuple[int, str]] = {}
        for cid, record, _ in local_records():
            local[record.uid] = (cid, record.overall())
        # Files first: one that matches a contact never synced may give it its UID.
        work = [("file", uid) for uid in sorted(set(found) - set(self.state))]
        work += [("uid", uid) for uid in sorted(set(self.state) | set(local))]
        for start in range(0, len(work), BATCH):
            with db.atomic():
                for what, uid in work[start : start + BATCH]:
                    if uid in self.handled:
                        continue
                    if what == "file":
                        self._new_file(uid, found[uid], local)
                        continue
                    try:
                        with db.atomic():  # a savepoint: one contact that fails leaves nothing half-done
                            self._one(uid, self.state.get(uid), local.get(uid), found.get(uid))
                    except (ContactError, DateError, ValueError) as exc:
                        self.handled.add(uid)
                        self.report.problems.append(f"{uid}: not synced ({exc})")

    def _new_file(self, uid: str, where: _Found, local: dict[str, tuple[int, str]]) -> None:
        remote = where.card.record
        try:
            with db.atomic():
                if uid in local:  # both sides have it, never synced together: merge without a base
                    cid = local[uid][0]
                    mine, _ = _local_record(cid)
                    merged = merge_records(None, mine, remote)
                    if merged.record.values != mine.values:
                        store(merged.record, cid, self.now)
                        self.report.updated.append(mine.values["name"])
                    if merged.aside:
                        self.conflict(uid, mine.values["name"], "both this database and the folder had this contact "
                                      "before their first sync; " + _kept_aside(merged.aside))
                    self.settle(uid, cid, where)
                    return
                match = None
                if not uid.startswith("file:"):
                    match = self._never_synced_match(remote, local)
                if match is not None:
                    cid, old_uid = match
                    Contact.update(uid=uid).where(Contact.id == cid).execute()
                    local[uid] = local.pop(old_uid)
                    self.handled.add(old_uid)
                    mine, _ = _local_record(cid)
                    merged = merge_records(None, mine, remote)
                    if merged.record.values != mine.values:
                        store(merged.record, cid, self.now)
                        self.report.updated.append(mine.values["name"])
                    if merged.aside:
                        self.conflict(uid, mine.values["name"], "a card in the folder was this contact (merged, "
                                      "and it took the card's UID); " + _kept_aside(merged.aside))
                    self.settle(uid, cid, where)
                    return
                if uid.startswith("file:"):
                    remote = Record(str(uuid.uuid4()), remote.values, remote.own)
                cid = store(remote, None, self.now)
                self.report.new.append(remote.values["name"])
                local[remote.uid] = (cid, "")
                self.settle(remote.uid, cid, where)
        except (ContactError, DateError, ValueError) as exc:
            self.handled.add(uid)
            self.report.problems.append(f"{where.name} was not read in ({exc}); left as it is")

    def _never_synced_match(self, remote: Record, local: dict[str, tuple[int, str]]) -> tuple[int, str] | None:
        v = remote.values
        incoming = merge.Incoming(
            name=v["name"], organization=v["organization"],
            emails=[Method("email", m[0]) for m in v["emails"]], phones=[Method("phone", m[0]) for m in v["phones"]],
        )
        found = merge.find(incoming)
        if found is None:
            return None
        cid = found[0]
        uid = Contact.get_by_id(cid).uid
        if uid in self.state or uid in self.handled or uid not in local:
            return None
        return cid, uid

    def _one(self, uid: str, s: ItemState | None, loc: tuple[int, str] | None, where: _Found | None) -> None:
        if s is None:
            if loc is not None:  # new in netui
                self.settle(uid, loc[0], where)
            return
        local_changed = loc is not None and loc[1] != s.overall
        remote = where.card.record if where and where.card else None
        remote_changed = remote is not None and remote.overall() != s.overall
        if loc is not None and where is not None:
            if not remote_changed:
                if local_changed or where.hash != s.hash or where.name != s.file:
                    self.settle(uid, loc[0], where)
                self.handled.add(uid)
                return
            mine, _ = _local_record(loc[0])
            merged = merge_records(s.base, mine, remote)
            if merged.record.values != mine.values:
                store(merged.record, loc[0], self.now)
                self.report.updated.append(mine.values["name"])
            if local_changed and mine.values != remote.values:
                what = "changed here and in the folder since the last sync; merged"
                if merged.both_changed:
                    what += f" ({', '.join(merged.both_changed)} changed on both sides)"
                if merged.aside:
                    what += "; " + _kept_aside(merged.aside)
                self.conflict(uid, mine.values["name"], what)
            self.settle(uid, loc[0], where)
        elif loc is not None:  # the file went away
            if not local_changed and _local_record(loc[0])[0].overall() == s.overall:  # still: the app may write
                name = Contact.get_by_id(loc[0]).name
                contacts.delete(loc[0])
                self.report.deleted_here.append(name)
                _save_state(uid, None)
                self.handled.add(uid)
                return
            contacts.set_archived(loc[0], True, self.now)
            name = Contact.get_by_id(loc[0]).name
            self.conflict(uid, name, "deleted in the folder (on another device) but changed here since the last sync; "
                          "archived here instead of deleted, and its card written back")
            self.settle(uid, loc[0], None)
        elif where is not None:  # the contact was deleted in netui
            if not remote_changed:
                if self.delete_file(where):
                    self.report.deleted_there.append(s_name(where))
                    _save_state(uid, None)
                self.handled.add(uid)
                return
            revived = Record(remote.uid or uid, {**remote.values, "archived": True}, remote.own)
            cid = store(revived, None, self.now)
            self.conflict(uid, revived.values["name"], "deleted here but changed in the folder (on another device) "
                          "since the last sync; brought back, archived")
            self.report.new.append(revived.values["name"])
            self.settle(revived.uid, cid, where)
        else:
            _save_state(uid, None)
            self.handled.add(uid)


def s_name(found: _Found) -> str:
    """The name a deleted file's card gave, for the report (its file name when it cannot be read)."""
    card = found.card or read_card(found.data)
    return card.record.values["name"] if card.record else found.name


def _kept_aside(aside: list[str]) -> str:
    shown = "; ".join(sanitize(a)[:79] + "…" if len(sanitize(a)) > 80 else sanitize(a) for a in aside[:5])
    more = f" and {len(aside) - 5} more" if len(aside) > 5 else ""
    return f"their values were added to the note ({shown}{more})"


def sync_contacts(folder: Path | str, now: dt.datetime, *, dry_run: bool = False) -> ContactsReport:
    """Two-way sync of every contact with a vdir folder (see the module's docstring).

    Written in batches of ``BATCH`` contacts, each one transaction with its files; a dry run does all
    of it in one transaction that is rolled back, and touches no file.
    """
    folder = _prepare(folder)
    report = ContactsReport(folder)
    with db.atomic() if dry_run else contextlib.nullcontext() as outer:
        with db.atomic():
            report.first = get_meta(CONTACTS_FOLDER_KEY) != str(folder)
            if report.first:
                _forget_state()
                _set_meta(CONTACTS_FOLDER_KEY, str(folder))
        _ContactSync(folder, now, dry_run, report).run()
        if report.conflicts:
            with db.atomic():
                kept = conflicts() + [
                    {"at": now.isoformat(sep=" "), "uid": c.uid, "name": c.name, "what": c.what}
                    for c in report.conflicts
                ]
                _set_meta(CONFLICTS_KEY, kept[-MAX_CONFLICTS_KEPT:])
        if outer is not None:
            outer.rollback()
    if not dry_run:
        _fsync_folder(folder)
    return report


# --- reminders ---------------------------------------------------------------------------------------


@dataclass
class RemindersReport:
    folder: Path
    written: int = 0
    deleted: int = 0
    unchanged: int = 0
    left: int = 0  # changed in the folder only (ticked off on the phone): not overwritten

    def text(self) -> str:
        text = f"reminders: {self.folder}\n  {self.written} written, {self.deleted} deleted, {self.unchanged} unchanged"
        if self.left:
            text += f", {self.left} changed in the folder and left as they are"
        return text


_COMPONENT = re.compile(r"^BEGIN:(VTODO|VEVENT)\r?\n.*?^END:\1\r?\n", re.MULTILINE | re.DOTALL)


def reminder_items(now: dt.datetime) -> list[tuple[str, str, str]]:
    """(uid, file text, hash of what matters) for every item of netui's calendar, one VCALENDAR each."""
    out = io.StringIO()
    ics.write(out, now)
    text = out.getvalue()
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + vcard.fold(f"PRODID:{vcard.PRODID}")
    items = []
    for match in _COMPONENT.finditer(text):
        block = match.group(0).replace("\r\n", "\n").replace("\n", "\r\n")
        unfolded = re.sub(r"\r\n[ \t]", "", block)
        uid_match = re.search(r"^UID:(.*)$", unfolded, re.MULTILINE)
        if uid_match is None:
            continue
        meaning = "\n".join(line for line in unfolded.split("\r\n") if not line.startswith("DTSTAMP"))
        items.append((uid_match.group(1).strip(), header + block + "END:VCALENDAR\r\n", _digest(meaning.encode("utf-8"))))
    return items


def _ics_name(uid: str) -> str:
    return vdir.filename_for(uid)[: -len(".vcf")] + ".ics"


def sync_reminders(folder: Path | str, now: dt.datetime, *, dry_run: bool = False) -> RemindersReport:
    """One-way: netui's open reminders and birthdays into a folder, one .ics per item."""
    folder = _prepare(folder)
    report = RemindersReport(folder)
    items = reminder_items(now)  # the slow part (vobject) reads only: done before taking the write lock
    with db.atomic() as txn:
        if get_meta(REMINDERS_FOLDER_KEY) != str(folder):
            _set_meta(REMINDERS_FOLDER_KEY, str(folder))
            _set_meta(REMINDER_FILES_KEY, {})
        before = get_meta(REMINDER_FILES_KEY, {})
        before = before if isinstance(before, dict) else {}
        after: dict[str, list[str]] = {}  # file name -> [hash of netui's item, hash of the bytes written]
        for uid, text, meaning in items:
            name = _ics_name(uid)
            path = folder / name
            data = text.encode("utf-8")
            previous = before.get(name)
            if isinstance(previous, list) and len(previous) == 2 and previous[0] == meaning:
                try:
                    there = _digest(path.read_bytes())
                except OSError:
                    there = None
                if there is not None:
                    after[name] = previous
                    if there == previous[1]:
                        report.unchanged += 1
                    else:
                        report.left += 1
                    continue
            after[name] = [meaning, _digest(data)]
            report.written += 1
            if not dry_run:
                _atomic_write(path, data)
        for name in before:
            if name in after or "/" in name or name.startswith("."):
                continue
            path = folder / name
            if path.exists():
                report.deleted += 1
                if not dry_run:
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        pass
        _set_meta(REMINDER_FILES_KEY, after)
        if dry_run:
            txn.rollback()
    if not dry_run:
        _fsync_folder(folder)
    return report


def record_last(now: dt.datetime, contacts_report: ContactsReport | None, reminders_report: RemindersReport | None) -> None:
    """Remember when the last sync ran and what it did, for the app to show."""
    with db.atomic():
        _set_meta(LAST_KEY, {
            "at": now.isoformat(sep=" "),
            "contacts": contacts_report.counts() if contacts_report else None,
            "reminders": {"written": reminders_report.written, "deleted": reminders_report.deleted} if reminders_report else None,
        })


def sync_if_due(now: dt.datetime, every_minutes: int) -> tuple[ContactsReport | None, RemindersReport | None] | None:
    """The app's automatic sync: the remembered folders, at most every ``every_minutes``.

    Returns the reports when it ran, None when nothing was due or no folder is set up yet.
    """
    last = last_sync()
    if last and now - dt.datetime.fromisoformat(last["at"]) < dt.timedelta(minutes=every_minutes):
        return None
    where = folders()
    if not where["contacts"] and not where["reminders"]:
        return None
    contacts_report = sync_contacts(Path(where["contacts"]), now) if where["contacts"] else None
    reminders_report = sync_reminders(Path(where["reminders"]), now) if where["reminders"] else None
    record_last(now, contacts_report, reminders_report)
    return contacts_report, reminders_report


# --- two files, no database: vdirsyncer's conflict_resolution command ----------------------------------


def merge_files(a: Path, b: Path, now: dt.datetime) -> list[str]:
    """Merge two versions of one card into both files (for vdirsyncer's ``conflict_resolution`` command).

    Without a base, every field that differs is merged as a conflict: lists united, ``a``'s single
    values kept and ``b``'s appended to the note. Returns what was kept aside.
    """
    cards = []
    for path in (a, b):
        card = read_card(Path(path).read_bytes())
        if card.record is None:
            raise SyncError(f"{path}: {card.reason}")
        cards.append(card)
    merged = merge_records(None, cards[0].record, cards[1].record)
    carried = list(cards[0].carried) + [line for line in cards[1].carried if line not in cards[0].carried]
    data = card_bytes(merged.record, now, carried)
    for path in (a, b):
        _atomic_write(Path(path), data)
    return merged.aside
