"""vCard cards read as people: a card's properties become an ``Incoming`` for the importer.

vobject's component reader is deliberately not used for values: it decodes quoted-printable strictly
(one bad byte fails the card) and turns an unescaped comma in a text value into a list, keeping only
the first item (``NOTE:one, two`` becomes ``one``), which would silently lose half of Outlook's notes.
Values are decoded here instead, tolerating what real clients write:
cp1252/Latin-1 and UTF-16 files, a BOM, ``\\r\\r\\n`` and mixed line ends, bare 2.1 TYPE parameters,
Apple ``itemN.`` groups with ``X-ABLabel``, ``http\\://``, yearless birthdays (``--0415``,
``X-APPLE-OMIT-YEAR``, year 1604), vCard 4 ``tel:`` URIs. Addresses, other dates, related people,
profiles and the photo are read by ``extras``; logos, sounds and keys are dropped (netui has no field
for them) without ever failing a card. An organisation's card (``KIND:org``, Apple's
``X-ABSHOWAS:COMPANY``) is kept as an organisation. netui's own ``X-NETUI-*`` properties are read by the
kind of the field they belong to (``netui.core.fields``).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from vobject.base import ParseError

from netui.core import fields
from netui.core.cards import Address, CardData
from netui.core.contacts import Method
from netui.core.dates import Birthday, DateError, make_birthday, parse_birthday
from netui.core.merge import Incoming
from netui.core.text import MAX_FIELD, sanitize
from netui.interop.vcard import extras
from netui.interop.vcard.lines import (
    BINARY,
    CARD_LIMIT,
    HEAD,
    Prop,
    components_of,
    file_charset,
    items_of,
    logical_lines,
    noted_cards,
    prop_name,
    quote,
    text_bytes,
    text_of,
    to_prop,
    unescape,
)
from netui.interop.vcard.params import ablabel, label_of


@dataclass
class Entry:
    """One card (or CSV row) of a file: the person it describes, or why there is none."""

    position: int  # card number in the file (a CSV's row number), from 1
    line: int  # the line it starts on
    incoming: Incoming | None = None
    reason: str = ""  # why it was skipped, when ``incoming`` is None
    warnings: list[str] = field(default_factory=list)  # what was read differently or left out
    not_kept: list[str] = field(default_factory=list)  # kinds of data netui has no field for
    group: str = ""  # a group card's name: its members get it as a tag
    members: list[str] = field(default_factory=list)  # a group card's members, by UID


_BDAY = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})(?:[T ].*)?$")


def parse_bday(value: str, omit_year: str = "") -> Birthday:
    """A vCard birthday; Apple's omitted year, year 1604 and years before 1800 mean "no year"."""
    text = value.strip()
    match = _BDAY.match(text)
    if match:
        year = int(match.group(1)) if match.group(1) else None
        if year is not None and (str(year) == omit_year.strip() or year < 1800):
            year = None
        return make_birthday(int(match.group(2)), int(match.group(3)), year)
    return parse_birthday(text)



# --- properties to a person -------------------------------------------------------------------------

HOUSEKEEPING = {
    "VERSION", "PRODID", "REV", "UID", "X-ABLABEL", "X-ABUID", "SORT-STRING", "CLASS", "PROFILE", "NAME",
    "SOURCE", "MAILER", "KIND", "X-MOZILLA-HTML", "X-RADICALE-NAME", "X-EVOLUTION-FILE-AS", "X-MS-OL-DESIGN",
    "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-ETAG", "X-ID", "X-GENERATOR", "X-ABADR", "X-ABSHOWAS",
    "X-COUCHDB-APPLICATION-ANNOTATIONS", "X-COUCHDB-UUID", "X-ABPERSON", "LANG", "X-FC-LIST-ID", "X-FC-TAGS",
    "CLIENTPIDMAP", "X-IMAGETYPE", "X-IMAGEHASH", "X-SHAREDPHOTODISPLAYPREF", "X-ADDRESSBOOKSERVER-KIND",
}
NOT_KEPT = {
    "LOGO": "logo", "SOUND": "sound", "KEY": "key", "ROLE": "role", "GEO": "location", "TZ": "time zone", "GENDER": "gender", "X-GENDER": "gender",
    "X-PHONETIC-FIRST-NAME": "phonetic name", "X-PHONETIC-LAST-NAME": "phonetic name",
    "X-PHONETIC-MIDDLE-NAME": "phonetic name",
    "FBURL": "calendar address", "CALURI": "calendar address", "CALADRURI": "calendar address",
}
_SYSTEM_GROUPS = {"my contacts", "mycontacts", "* mycontacts", "starred in android", "* starred", "starred"}


def warn_if_long(value: str, what: str, warnings: list[str], *, multiline: bool = False) -> None:
    """Say so when a field is longer than netui keeps (``sanitize`` cuts it)."""
    if len(value) > MAX_FIELD:
        length = len(sanitize(value, multiline=multiline, limit=len(value)))
        if length > MAX_FIELD:
            warnings.append(f"the {what} is {length:,} characters long; kept the first {MAX_FIELD - 1:,}")


def _phone(prop: Prop) -> str:
    value = text_of(prop).strip()
    if value.lower().startswith("tel:"):
        number, *rest = value[4:].split(";")
        value = urllib.parse.unquote(number)
        for param in rest:
            key, _, ext = param.partition("=")
            if key.strip().lower() == "ext" and ext.strip():
                value += f" ext. {ext.strip()}"
    return value


def to_incoming(props: list[Prop], warnings: list[str], not_kept: list[str]) -> tuple[Incoming | None, str]:
    """Read a card's properties as a person; returns (None, reason) when nobody can be told from it."""
    group_labels = {p.group: ablabel(text_of(p)) for p in props if p.name == "X-ABLABEL" and p.group}
    fn = given = family = additional = nickname = org = title = ""
    uid = None
    emails: list[Method] = []
    phones: list[Method] = []
    urls: list[Method] = []
    notes: list[str] = []
    tags: list[str] = []
    own_tags: list[str] = []
    birthday: Birthday | None = None
    own: dict[str, Any] = {}  # netui's own fields, by attribute
    own_props = fields.own_vcard()
    orgs: list[str] = []
    titles: list[str] = []
    history: list[tuple[str, str, str]] = []  # netui's X-NETUI-ORG-HISTORY: (organisation, title, until)
    card = CardData()
    labels: list[Address] = []  # 3.0 LABELs, an address only on a card without ADR
    for p in props:
        name = p.name
        try:
            if name == "PHOTO":
                card.photo = card.photo or extras.photo(p, warnings)
            elif name in extras.PROPERTIES and extras.read(p, group_labels, card, labels, warnings):
                continue
            elif name == "FN":
                fn = fn or text_of(p).strip()
            elif name == "N":
                parts = components_of(p, lists=True) + [""] * 5
                if not (given or family):
                    family, given, additional = parts[0], parts[1], parts[2]
            elif name == "NICKNAME":
                nickname = nickname or ", ".join(items_of(p))
            elif name == "ORG":
                value = ", ".join(part for part in components_of(p) if part)
                if value and value not in orgs:
                    orgs.append(value)
            elif name == "TITLE":
                value = text_of(p).strip()
                if value and value not in titles:
                    titles.append(value)
            elif name == "EMAIL":
                value = text_of(p).strip()
                if value.lower().startswith("mailto:"):
                    value = value[7:]
                if not value:
                    continue
                if "@" not in value:
                    warnings.append(f"the email {quote(value)} (line {p.line}) is not an address; not kept")
                    continue
                emails.append(Method("email", value, *label_of(p, group_labels)))
            elif name in ("TEL", "X-MS-TEL"):
                value = _phone(p)
                if value:
                    phones.append(Method("phone", value, *label_of(p, group_labels)))
            elif name == "URL":
                value = text_of(p).strip()
                if value:
                    urls.append(Method("url", value, *label_of(p, group_labels)))
            elif name == "BDAY":
                value = text_of(p).strip()
                if value and birthday is None:
                    try:
                        birthday = parse_bday(value, p.param("X-APPLE-OMIT-YEAR"))
                    except DateError:
                        warnings.append(f"the birthday {quote(value)} (line {p.line}) is not a date; not kept")
            elif name == "NOTE":
                value = text_of(p)
                if value and value not in notes:
                    notes.append(value)
            elif name == "CATEGORIES":
                # Split at every comma, escaped or not: Thunderbird escapes the commas between categories.
                tags.extend(t for t in (unescape(x).strip() for x in re.split(r"\\?,", p.value)) if t and t.casefold() not in _SYSTEM_GROUPS)
            elif name == "UID":
                uid = sanitize(text_of(p))[:255] or None
            elif name == "X-NETUI-ORG-HISTORY":
                org_was, title_was, until = (components_of(p) + ["", "", ""])[:3]
                if org_was.strip() or title_was.strip():
                    history.append((org_was.strip(), title_was.strip(), until.strip()))
            elif name == "X-NETUI-TAG":
                if text_of(p).strip():
                    own_tags.append(text_of(p).strip())
            elif name in own_props:
                f = own_props[name]
                read, problem = own_value(f, text_of(p).strip())
                if problem:
                    warnings.append(problem.format(value=quote(str(read)), where=f" (line {p.line})"))
                else:
                    own[f.attr] = read
            elif name in HOUSEKEEPING or name.startswith("X-COUCHDB"):
                continue
            elif name in NOT_KEPT:
                not_kept.append(NOT_KEPT[name])
            elif name.startswith("X-"):
                not_kept.append("other X- fields")
            else:
                not_kept.append(name)
        except (ValueError, IndexError) as exc:
            warnings.append(f"{name} (line {p.line}) could not be read ({exc}); not kept")
    if orgs:
        org = orgs[0]
        not_kept.extend("extra organisation" for _ in orgs[1:])
    if titles:
        title = titles[0]
        not_kept.extend("extra title" for _ in titles[1:])
    note_text = "\n\n".join(notes)

    candidates = [
        (fn, ""), (" ".join(x for x in (given, additional, family) if x), ""), (nickname, ""), (org, ""),
        (emails[0].value if emails else "", "no name; named after its email address"),
        (phones[0].value if phones else "", "no name; named after its phone number"),
    ]
    name, why = next(((n, w) for n, w in candidates if sanitize(n)), ("", ""))
    if not name:
        return None, "no name, email or phone to tell who this is"
    if why:
        warnings.append(why)
    placeholder = bool(why)
    if history:
        own["org_history"] = history  # not a field: travels in ``extra`` to the merge, which keeps it
    for what, value, multiline in (("name", name, False), ("note", note_text, True), ("organisation", org, False)):
        warn_if_long(value, what, warnings, multiline=multiline)
    return Incoming(
        name=name, name_is_placeholder=placeholder, given_name=given, family_name=family, nickname=nickname,
        organization=org, title=title, emails=emails, phones=phones, urls=urls, birthday=birthday,
        tags=own_tags or tags, note=note_text, uid=uid, card=extras.finish(card, labels),
        **{a: v for a, v in own.items() if a in _INCOMING},
        extra={a: v for a, v in own.items() if a not in _INCOMING},
    ), ""


_INCOMING = frozenset(Incoming.__dataclass_fields__)
_TRUE = ("true", "yes", "1")


def own_value(f: fields.Field, text: str, *, noun: str = "", true: tuple[str, ...] = _TRUE) -> tuple[object, str]:
    """A netui field's value from its text, by the field's kind: (value, "") or (the text, a warning
    to fill with ``value`` and ``where``). Shared with the CSV reader, which says its own ``noun``."""
    noun = noun or (f.vcard.noun if f.vcard and f.vcard.noun else f.words)
    if f.kind == "choice":
        value = text.lower()
        return (value, "") if value in f.choices else (value, f"unknown {noun} {{value}}{{where}}; not kept")
    if f.kind == "days":
        low, high = f.bounds
        if text.isdigit() and low <= int(text) <= high:
            return int(text), ""
        return text, f"the {noun} {{value}}{{where}} is not {low} to {high} days; not kept"
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(text[:10]), ""
        except ValueError:
            return text, f"the {noun} {{value}}{{where}} is not a date; not kept"
    if f.kind == "flag":
        return text.lower() in true, ""
    return text, ""


def read_card(
    position: int, start: int, lines: list[tuple[int, str]], closed: bool = True,
    notes: tuple[str, ...] | list[str] = (), charset: str = "",
) -> Entry:
    """One card, read on its own: every problem is this card's alone."""
    entry = Entry(position, start)
    entry.warnings.extend(notes)
    if not closed:
        entry.warnings.append("it has no END:VCARD (the file may be cut short); read what was there")
    props: list[Prop] = []
    size = 0
    for number, text in logical_lines(lines, entry.warnings):
        head, colon, _ = text.partition(":")  # up to the first colon, when no quotes come before it (most lines)
        if '"' in head or not colon:
            found = HEAD.match(text)
            head = found.group(1) if found else ""
        name = prop_name(head) if head else ""
        if name in BINARY and name != "PHOTO":
            entry.not_kept.append(NOT_KEPT[name])
            continue
        if name == "PHOTO":  # its bytes do not count towards the card's size (``extras.photo`` limits them)
            try:
                props.append(to_prop(number, text, charset))
            except ParseError as exc:
                entry.warnings.append(f"line {number} could not be read and was ignored ({_parse_reason(exc)})")
            continue
        size += len(text)
        if size > CARD_LIMIT:
            entry.reason = f"the card is larger than the {CARD_LIMIT:,} characters netui reads from one card"
            return entry
        try:
            props.append(to_prop(number, text, charset))
        except ParseError as exc:
            entry.warnings.append(f"line {number} could not be read and was ignored ({_parse_reason(exc)})")
    if any(p.name == "VERSION" and p.value.strip() == "2.1" for p in props):
        for p in props:
            p.legacy = True
    kind = next((text_of(p).strip().lower() for p in props if p.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND")), "")
    if kind == "group":
        return _group(entry, props)
    company = any(p.name == "X-ABSHOWAS" and text_of(p).strip().upper() == "COMPANY" for p in props)
    entry.incoming, entry.reason = to_incoming(props, entry.warnings, entry.not_kept)
    if entry.incoming is not None and (kind in ("org", "organization") or company):
        entry.incoming.extra["kind"] = "org"  # kept, marked, and left out of cadence and every queue
    return entry


def _group(entry: Entry, props: list[Prop]) -> Entry:
    """A group card (``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``): not a person, a tag for its members."""
    name = next((text_of(p).strip() for p in props if p.name in ("FN", "N") and text_of(p).strip(" ;")), "")
    entry.group = sanitize(name.strip(" ;")) or "group"
    for p in props:
        if p.name in ("MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"):
            member = sanitize(text_of(p).strip())[:255]
            if member:
                entry.members.append(member)
    entry.reason = f"the group {quote(entry.group)}, not a person"
    return entry


def _parse_reason(exc: ParseError) -> str:
    text = str(exc)
    if "Failed to parse line:" in text:
        return "not a property: " + quote(text.split("Failed to parse line:", 1)[1].strip())
    return re.sub(r"^At line \d+: ", "", text)


def read_bytes(data: bytes) -> list[Entry]:
    """Every card of a vCard file; raises UnreadableFile when the file is not vCard text at all."""
    cards = noted_cards(data)
    charset = file_charset(text_bytes(data))
    return [
        read_card(i, start, lines, closed, notes, charset)
        for i, (start, lines, closed, notes) in enumerate(cards, 1)
    ]

