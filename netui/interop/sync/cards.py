"""Cards: a vdir member read as a record (plus the lines of other programs it carries), and the card
netui writes for a record.

netui's fields travel as ``vcard.card_text`` writes them (addresses as ADR, dates as ANNIVERSARY and
X-ABDATE, related people as RELATED and X-ABRELATEDNAMES, profiles as IMPP or X-SOCIALPROFILE, the
photo as PHOTO: what other clients read); interactions and give notes as one
``X-NETUI-INTERACTION``/``X-NETUI-GIVE`` property each, a JSON object written as vCard text. Lines of
other programs' properties that netui has no field for (X-FOO, Apple's X-ABShowAs...) are carried
over, untouched, into every card netui writes over them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from vobject.base import ParseError, parseLine

from netui.core import cards as card_data
from netui.core import fields
from netui.core.dates import as_datetime
from netui.core.text import sanitize
from netui.core.vocab import GIVE_DIRECTIONS, GIVE_KINDS, GIVE_STATUSES, INTERACTION_KINDS
from netui.interop import vcard
from netui.interop.sync.records import Record, card_values, methods_of, plain_card, plain_methods, plain_tags
from netui.interop.vcard import extras

# Read or written by netui outside the fields (the rest of what netui reads comes from the registry).
_HOUSEKEEPING = {"BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "X-MS-TEL"}


def known_properties() -> frozenset[str]:
    """Properties netui reads into its own fields (or writes itself); everything else in a file is carried over."""
    return frozenset(_HOUSEKEEPING) | fields.vcard_properties() | extras.PROPERTIES



@dataclass
class Card:
    """One file of the folder, read: its record (None when unreadable) and what else it holds."""

    record: Record | None
    reason: str = ""  # why there is no record
    warnings: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # other programs' property lines, kept as they are
    servers: bool = False  # a group or organisation card: the server's, left as it is without a word
    group: str = ""  # a group card's name: its members get it as a tag
    members: list[str] = field(default_factory=list)  # a group card's MEMBERs (``urn:uuid:…``, ``mailto:…``)


def unfold(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
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


def history_item(name: str, value: str, number: int, warnings: list[str]) -> list | None:
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
    if not closed:  # cut short (vdirsyncer or a server stopped mid-write): read now, its missing lines would be deletions
        return Card(None, "it is cut short (no END:VCARD); read again at the next sync")
    entry = vcard.read_card(1, start, lines, closed)
    if entry.incoming is None:
        return Card(None, entry.reason, entry.warnings, servers=bool(entry.group), group=entry.group,
                    members=list(entry.members))
    if entry.incoming.extra.get("kind") == "org":  # as a group card: the server's, left as it is
        return Card(None, f"an organisation ({vcard.quote(entry.incoming.name)}), left as it is", entry.warnings,
                    servers=True)
    warnings = list(entry.warnings)
    interactions: list[list] = []
    gives: list[list] = []
    carried: list[str] = []
    groups_used: set[str] = set()
    pending_labels: list[tuple[str, str]] = []
    known = known_properties()
    for number, text in unfold(lines):
        try:
            name, _, value, group = parseLine(text, number)
        except ParseError:
            continue  # vcard.read_card has said so already
        name = name.upper()
        if name in ("X-NETUI-INTERACTION", "X-NETUI-GIVE"):
            item = history_item(name, value, number, warnings)
            if item is not None:
                (interactions if name == "X-NETUI-INTERACTION" else gives).append(item)
        elif name == "X-ABLABEL" and group:
            pending_labels.append((group.lower(), text))
        elif name in known or name.startswith("X-NETUI-"):
            continue
        elif "QUOTED-PRINTABLE" in text.split(":", 1)[0].upper():
            warnings.append(f"line {number} ({name}) is quoted-printable vCard 2.1 and is not carried over")
        else:
            if group:
                groups_used.add(group.lower())
            carried.append(text)
    carried += [text for group, text in pending_labels if group in groups_used]
    inc = entry.incoming
    values: dict[str, Any] = {f.key: fields.plain(f, fields.value_of(f, inc)) for f in fields.sync_fields()}
    values.update({
        "emails": plain_methods(inc.emails), "phones": plain_methods(inc.phones), "urls": plain_methods(inc.urls),
        "tags": plain_tags(inc.tags), "interactions": sorted(interactions), "gives": sorted(gives),
    })
    card = card_data.clean(inc.card or card_data.CardData())
    values.update(plain_card(card))
    photo = card.photo if isinstance(card.photo, card_data.PhotoData) else None
    record = Record(inc.uid or "", values, own=inc.circle is not None, photo=photo)
    return Card(record, warnings=warnings, carried=carried)


def rename_groups(carried: list[str], taken: int) -> list[str]:
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


def card_bytes(record: Record, updated: dt.datetime, carried: Sequence[str] = ()) -> bytes:
    """The card netui writes for a record: ``vcard.card_text`` plus history and carried-over lines."""
    v = record.values
    text = vcard.card_text(vcard.CardRecord(record.uid, {**v, **methods_of(record), **card_values(record)}, updated))
    extra = []
    for name, key in (("X-NETUI-INTERACTION", "interactions"), ("X-NETUI-GIVE", "gives")):
        extra += [vcard.fold(f"{name}:{history_value(name, item)}") for item in v[key]]
    taken = text.count("X-ABLABEL")
    extra += [vcard.fold(line) for line in rename_groups(list(carried), taken)]
    end = "END:VCARD\r\n"
    return (text[: -len(end)] + "".join(extra) + end).encode("utf-8")
