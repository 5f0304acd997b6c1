"""vCard files in (2.1, 3.0, 4.0, as real programs write them) and out (3.0).

Reading never trusts one parser with a whole file. The file is cut into cards here, each card is cut
into properties here (unfolding, quoted-printable soft line breaks, base64 blocks), and each property
line is parsed by vobject's content-line parser on its own. So a broken card is reported with its
file, number, line and reason while its neighbours come in, and a broken line costs only that line.

vobject's component reader is deliberately not used for values: it decodes quoted-printable strictly
(one bad byte fails the card) and turns an unescaped comma in a text value into a list, keeping only
the first item (``NOTE:one, two`` becomes ``one``), which would silently lose half of Outlook's notes.
Values are decoded here instead, tolerating what real clients write:
cp1252/Latin-1 and UTF-16 files, a BOM, ``\\r\\r\\n`` and mixed line ends, bare 2.1 TYPE parameters,
Apple ``itemN.`` groups with ``X-ABLabel``, ``http\\://``, yearless birthdays (``--0415``,
``X-APPLE-OMIT-YEAR``, year 1604), vCard 4 ``tel:`` URIs. Photos and keys are dropped (netui has no
field for them) without ever failing a card.

Writing produces vCard 3.0 (escaped, folded at 75 octets) with netui's own fields as ``X-NETUI-*``
properties, so a round trip through a file keeps everything a contact card holds.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from vobject.base import ParseError, parseLine

from netui import __version__
from netui.core.contacts import Method
from netui.core.dates import Birthday, DateError, as_datetime, iso, make_birthday, parse_birthday
from netui.core.merge import Incoming
from netui.core.text import MAX_FIELD, sanitize
from netui.core.vocab import CIRCLES
from netui.db.models import Contact, ContactMethod, ContactTag, Tag

CARD_LIMIT = 1_000_000  # characters of one card, photos and keys not counted
FILE_LIMIT = 512 * 1024 * 1024  # bytes of one file
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
PRODID = f"-//netui//netui {__version__}//EN"
OMIT_YEAR = 1604  # Apple's (and CardBook's) placeholder year for a birthday without one


class UnreadableFile(ValueError):
    """A file netui cannot read at all; nothing is imported from it."""


@dataclass
class Entry:
    """One card (or CSV row) of a file: the person it describes, or why there is none."""

    position: int  # card number in the file (a CSV's row number), from 1
    line: int  # the line it starts on
    incoming: Incoming | None = None
    reason: str = ""  # why it was skipped, when ``incoming`` is None
    warnings: list[str] = field(default_factory=list)  # what was read differently or left out
    not_kept: list[str] = field(default_factory=list)  # kinds of data netui has no field for


def quote(value: str, limit: int = 60) -> str:
    """A value from a file, made safe and short enough to show inside a report line."""
    text = sanitize(value, limit=limit + 1)
    return repr(text[: limit - 1] + "…" if len(text) > limit else text)


# --- bytes to lines ---------------------------------------------------------------------------------


def text_bytes(data: bytes) -> bytes:
    """The file as bytes in an ASCII-compatible encoding, or UnreadableFile for binary data."""
    if len(data) > FILE_LIMIT:
        raise UnreadableFile(f"it is {len(data) // 2**20} MB, more than the {FILE_LIMIT // 2**20} MB netui reads")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    elif len(data) >= 4 and data[0] and not data[1] and data[2] and not data[3]:
        data = data.decode("utf-16-le", errors="replace").encode("utf-8")
    elif len(data) >= 4 and not data[0] and data[1] and not data[2] and data[3]:
        data = data.decode("utf-16-be", errors="replace").encode("utf-8")
    if b"\x00" in data:
        raise UnreadableFile("it contains binary data, not text")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls * 10 > len(sample):  # text has a stray control character, not one in ten
        raise UnreadableFile("it contains binary data, not text")
    return data


def decode_line(raw: bytes) -> str:
    """One line as text: UTF-8 if it is, else Windows-1252 (Latin-1 for the bytes cp1252 lacks)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw)


_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)


def split_cards(data: bytes) -> list[tuple[int, list[tuple[int, str]], bool]]:
    """The cards of a file: (first line number, its lines between BEGIN and END, whether END was seen)."""
    data = text_bytes(data)
    lines = re.split(rb"\r\r\n|\r\n|\r|\n", data)
    cards: list[tuple[int, list[tuple[int, str]], bool]] = []
    current: list[tuple[int, str]] | None = None
    start = 0
    for number, raw in enumerate(lines, 1):
        if _BEGIN.match(raw):
            if current is not None:
                cards.append((start, current, False))
            current, start = [], number
        elif _END.match(raw):
            if current is not None:
                cards.append((start, current, True))
                current = None
        elif current is not None:
            current.append((number, decode_line(raw)))
    if current is not None:
        cards.append((start, current, False))
    if not cards:
        raise UnreadableFile("there is no vCard in it (no BEGIN:VCARD line)")
    return cards


# --- lines to properties ----------------------------------------------------------------------------

_HEAD = re.compile(r'^((?:[^:"]|"[^"]*")*):')
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9_-]+(?:;[^:]*)?:")
_QP = re.compile(r"[;=]\s*QUOTED-PRINTABLE\s*(?:[;:]|$)", re.IGNORECASE)
_B64 = re.compile(r"[;=]\s*(?:B|BASE64)\s*(?:[;:,]|$)", re.IGNORECASE)


@dataclass
class Prop:
    name: str  # upper case, without its group
    group: str  # lower case, "" when none
    params: dict[str, list[str]]  # upper-case names
    bare: list[str]  # 2.1's parameters without a name (TEL;CELL;PREF), lower case
    value: str  # still backslash-escaped unless ``raw``
    line: int
    raw: bool = False  # decoded from quoted-printable/base64: no backslash escapes to undo

    def param(self, name: str) -> str:
        values = self.params.get(name)
        return values[0] if values else ""

    def named_types(self) -> list[str]:
        """TYPE=a,b and TYPE="a,b" values, lower case."""
        return [t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",") if t.strip()]


def _prop_name(head: str) -> str:
    name = head.split(";", 1)[0]
    return name.rsplit(".", 1)[-1].strip().upper()


_FREE_TEXT = {"NOTE", "LABEL", "ADR"}


def _logical_lines(lines: list[tuple[int, str]], warnings: list[str]) -> Iterator[tuple[int, str]]:
    """Unfold a card's lines into properties (line number, text)."""
    out: list[list] = []  # [number, text, is_qp]
    i, n = 0, len(lines)
    while i < n:
        number, line = lines[i]
        i += 1
        if not line.strip():
            continue
        if line[0] in " \t":
            if out:
                out[-1][1] += line[1:]
            continue
        head = _HEAD.match(line)
        if head is None or not _PROPERTY.match(line):
            if out and _prop_name(out[-1][1].split(":", 1)[0]) in _FREE_TEXT:
                # A writer that put a raw line break in a note: the line belongs to it.
                warnings.append(f"line {number} is not a property; read as part of line {out[-1][0]}")
                out[-1][1] += ("\n" if out[-1][2] else "\\n") + line
            else:
                warnings.append(f"line {number} is not a property and was ignored: {quote(line)}")
            continue
        head_text = head.group(1)
        text = line
        qp = bool(_QP.search(head_text + ":"))
        if qp:
            while text.endswith("=") and i < n:
                following = lines[i][1]
                if not following.strip():  # a soft break before a blank line: the value ends here
                    text = text[:-1]
                    break
                text += "\n" + following
                i += 1
        elif _B64.search(head_text + ":") and _prop_name(head_text) in BINARY:
            # 2.1 base64 blocks run to a blank line and need not be indented.
            while i < n and lines[i][1].strip() and not _PROPERTY.match(lines[i][1]):
                i += 1
        out.append([number, text, qp])
    for number, text, _ in out:
        yield number, text


def _decode_bytes(data: bytes, charset: str) -> str:
    for name in (charset, "utf-8"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_line(data)


def _to_prop(number: int, text: str) -> Prop:
    name, params_list, value, group = parseLine(text, number)
    params: dict[str, list[str]] = {}
    bare: list[str] = []
    for item in params_list:
        if len(item) == 1:  # a bare 2.1 parameter: TEL;CELL, or QUOTED-PRINTABLE, BASE64
            bare.append(item[0].strip().lower())
        else:
            params.setdefault(item[0].upper(), []).extend(item[1:])
    encodings = [e.strip().upper() for e in params.get("ENCODING", [])] + [t.upper() for t in bare]
    prop = Prop(name.upper(), (group or "").lower(), params, bare, value, number)
    charset = prop.param("CHARSET")
    if "QUOTED-PRINTABLE" in encodings:
        prop.value = _decode_bytes(binascii.a2b_qp(value.replace("\r", "").encode("utf-8")), charset)
        prop.raw = True
    elif ("B" in encodings or "BASE64" in encodings) and prop.name not in BINARY:
        try:
            prop.value = _decode_bytes(base64.b64decode(re.sub(r"\s+", "", value), validate=False), charset)
        except (binascii.Error, ValueError):
            raise ParseError("its base64 value cannot be decoded", number) from None
        prop.raw = True
    if prop.raw:
        prop.params.pop("ENCODING", None)
        prop.bare = [t for t in prop.bare if t not in ("quoted-printable", "base64", "b")]
    return prop


# --- value helpers ----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    r"""Undo vCard text escapes: ``\n`` is a line break, ``\x`` is ``x`` (``\, \; \\``, Apple's ``\:``, Google's ``\"``)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def split_escaped(text: str, sep: str) -> list[str]:
    """Split at ``sep`` where it is not escaped; the parts keep their other escapes."""
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _text(prop: Prop) -> str:
    return prop.value if prop.raw else unescape(prop.value)


def _items(prop: Prop) -> list[str]:
    """A comma list (NICKNAME, CATEGORIES): its non-empty items, unescaped."""
    parts = prop.value.split(",") if prop.raw else [unescape(p) for p in split_escaped(prop.value, ",")]
    return [p.strip() for p in parts if p.strip()]


def _components(prop: Prop, *, lists: bool = False) -> list[str]:
    """The parts of a structured value (N, ORG), unescaped; with ``lists`` a part's comma list is joined by spaces."""
    out = []
    for part in split_escaped(prop.value, ";"):
        if prop.raw:
            out.append(part.replace("\\;", ";").strip())
        elif lists:
            out.append(" ".join(unescape(p).strip() for p in split_escaped(part, ",") if p.strip()))
        else:
            out.append(unescape(part).strip())
    return out


LABEL_TYPES = {
    "home", "work", "cell", "mobile", "fax", "pager", "text", "video", "msg", "main", "voice", "other",
    "iphone", "school", "personal", "car", "isdn", "modem", "bbs", "textphone", "internet", "pref", "x400",
}
_NOT_LABELS = {"pref", "internet", "x400"}


def label_from_types(tokens: Iterable[str], *, explicit: Iterable[str] = ()) -> str:
    """The label netui shows for a set of TYPE values: ``work fax``, ``cell``; noise left out."""
    chosen: list[str] = []
    explicit = set(explicit)
    for token in tokens:
        if token in _NOT_LABELS or (token not in LABEL_TYPES and token not in explicit):
            continue
        if token not in chosen:
            chosen.append(token)
    if len(chosen) > 1 and "voice" in chosen:
        chosen.remove("voice")
    return " ".join(chosen)


def _ablabel(value: str) -> str:
    """Apple's ``_$!<HomePage>!$_`` is a built-in label; anything else is the user's own words."""
    match = re.fullmatch(r"_\$!<(.*)>!\$_", value.strip())
    return match.group(1).lower() if match else value.strip()


def _label(prop: Prop, group_labels: dict[str, str]) -> tuple[str, bool]:
    """The label and preferred flag of an email, phone or link."""
    named = prop.named_types()
    tokens = named + prop.bare
    preferred = "pref" in tokens or prop.param("PREF").strip() == "1"
    label = group_labels.get(prop.group) if prop.group else None
    if label is None:
        # TYPE=customtype is the writer's own word; a bare 2.1 token counts only when it is a known type.
        label = label_from_types(tokens, explicit=named)
    return label, preferred


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
    "ADR": "address", "LABEL": "address", "PHOTO": "photo", "LOGO": "logo", "SOUND": "sound", "KEY": "key",
    "IMPP": "instant messaging", "X-AIM": "instant messaging", "X-ICQ": "instant messaging",
    "X-JABBER": "instant messaging", "X-MSN": "instant messaging", "X-YAHOO": "instant messaging",
    "X-SKYPE": "instant messaging", "X-GTALK": "instant messaging", "X-QQ": "instant messaging",
    "X-GOOGLE-TALK": "instant messaging", "X-MS-IMADDRESS": "instant messaging", "X-SKYPE-USERNAME": "instant messaging",
    "ANNIVERSARY": "other dates", "X-ABDATE": "other dates", "X-ANNIVERSARY": "other dates",
    "X-MS-ANNIVERSARY": "other dates", "X-EVOLUTION-ANNIVERSARY": "other dates",
    "X-ABRELATEDNAMES": "related people", "RELATED": "related people", "X-SPOUSE": "related people",
    "X-MS-SPOUSE": "related people", "X-EVOLUTION-SPOUSE": "related people", "X-MS-MANAGER": "related people",
    "X-MS-ASSISTANT": "related people", "X-EVOLUTION-MANAGER": "related people",
    "X-EVOLUTION-ASSISTANT": "related people", "X-ASSISTANT": "related people", "X-MANAGER": "related people",
    "ROLE": "role", "GEO": "location", "TZ": "time zone", "GENDER": "gender", "X-GENDER": "gender",
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
    value = _text(prop).strip()
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
    group_labels = {p.group: _ablabel(_text(p)) for p in props if p.name == "X-ABLABEL" and p.group}
    fn = given = family = additional = nickname = org = title = ""
    uid = None
    emails: list[Method] = []
    phones: list[Method] = []
    urls: list[Method] = []
    notes: list[str] = []
    tags: list[str] = []
    own_tags: list[str] = []
    birthday: Birthday | None = None
    own: dict[str, object] = {}
    orgs: list[str] = []
    titles: list[str] = []
    for p in props:
        name = p.name
        try:
            if name == "FN":
                fn = fn or _text(p).strip()
            elif name == "N":
                parts = _components(p, lists=True) + [""] * 5
                if not (given or family):
                    family, given, additional = parts[0], parts[1], parts[2]
            elif name == "NICKNAME":
                nickname = nickname or ", ".join(_items(p))
            elif name == "ORG":
                value = ", ".join(part for part in _components(p) if part)
                if value and value not in orgs:
                    orgs.append(value)
            elif name == "TITLE":
                value = _text(p).strip()
                if value and value not in titles:
                    titles.append(value)
            elif name == "EMAIL":
                value = _text(p).strip()
                if value.lower().startswith("mailto:"):
                    value = value[7:]
                if not value:
                    continue
                if "@" not in value:
                    warnings.append(f"the email {quote(value)} (line {p.line}) is not an address; not kept")
                    continue
                emails.append(Method("email", value, *_label(p, group_labels)))
            elif name in ("TEL", "X-MS-TEL"):
                value = _phone(p)
                if value:
                    phones.append(Method("phone", value, *_label(p, group_labels)))
            elif name == "URL":
                value = _text(p).strip()
                if value:
                    urls.append(Method("url", value, *_label(p, group_labels)))
            elif name == "BDAY":
                value = _text(p).strip()
                if value and birthday is None:
                    try:
                        birthday = parse_bday(value, p.param("X-APPLE-OMIT-YEAR"))
                    except DateError:
                        warnings.append(f"the birthday {quote(value)} (line {p.line}) is not a date; not kept")
            elif name == "NOTE":
                value = _text(p)
                if value and value not in notes:
                    notes.append(value)
            elif name == "CATEGORIES":
                # Split at every comma, escaped or not: Thunderbird escapes the commas between categories.
                tags.extend(t for t in (unescape(x).strip() for x in re.split(r"\\?,", p.value)) if t and t.casefold() not in _SYSTEM_GROUPS)
            elif name == "UID":
                uid = sanitize(_text(p))[:255] or None
            elif name == "X-NETUI-TAG":
                if _text(p).strip():
                    own_tags.append(_text(p).strip())
            elif name in ("X-NETUI-HOW-MET", "X-NETUI-REASON"):
                own[name] = _text(p).strip()
            elif name == "X-NETUI-CIRCLE":
                value = _text(p).strip().lower()
                if value in CIRCLES:
                    own[name] = value
                else:
                    warnings.append(f"unknown circle {quote(value)} (line {p.line}); not kept")
            elif name == "X-NETUI-CADENCE":
                value = _text(p).strip()
                if value.isdigit() and 1 <= int(value) <= 3650:
                    own[name] = int(value)
                else:
                    warnings.append(f"the cadence {quote(value)} (line {p.line}) is not 1 to 3650 days; not kept")
            elif name == "X-NETUI-MET-ON":
                value = _text(p).strip()
                try:
                    own[name] = dt.date.fromisoformat(value[:10])
                except ValueError:
                    warnings.append(f"the meeting date {quote(value)} (line {p.line}) is not a date; not kept")
            elif name == "X-NETUI-ARCHIVED":
                own[name] = _text(p).strip().lower() in ("true", "yes", "1")
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
    for what, value, multiline in (("name", name, False), ("note", note_text, True), ("organisation", org, False)):
        warn_if_long(value, what, warnings, multiline=multiline)
    return Incoming(
        name=name, name_is_placeholder=placeholder, given_name=given, family_name=family, nickname=nickname,
        organization=org, title=title, emails=emails, phones=phones, urls=urls, birthday=birthday,
        met_on=own.get("X-NETUI-MET-ON"), how_met=own.get("X-NETUI-HOW-MET", ""),
        reason=own.get("X-NETUI-REASON", ""), circle=own.get("X-NETUI-CIRCLE"),
        cadence_days=own.get("X-NETUI-CADENCE"), tags=own_tags or tags, note=note_text,
        archived=own.get("X-NETUI-ARCHIVED"), uid=uid,
    ), ""


def read_card(position: int, start: int, lines: list[tuple[int, str]], closed: bool = True) -> Entry:
    """One card, read on its own: every problem is this card's alone."""
    entry = Entry(position, start)
    if not closed:
        entry.warnings.append("it has no END:VCARD (the file may be cut short); read what was there")
    props: list[Prop] = []
    size = 0
    for number, text in _logical_lines(lines, entry.warnings):
        head = _HEAD.match(text)
        name = _prop_name(head.group(1)) if head else ""
        if name in BINARY:
            entry.not_kept.append(NOT_KEPT[name])
            continue
        size += len(text)
        if size > CARD_LIMIT:
            entry.reason = f"the card is larger than the {CARD_LIMIT:,} characters netui reads from one card"
            return entry
        try:
            props.append(_to_prop(number, text))
        except ParseError as exc:
            entry.warnings.append(f"line {number} could not be read and was ignored ({_parse_reason(exc)})")
    entry.incoming, entry.reason = to_incoming(props, entry.warnings, entry.not_kept)
    return entry


def _parse_reason(exc: ParseError) -> str:
    text = str(exc)
    if "Failed to parse line:" in text:
        return "not a property: " + quote(text.split("Failed to parse line:", 1)[1].strip())
    return re.sub(r"^At line \d+: ", "", text)


def read_bytes(data: bytes) -> list[Entry]:
    """Every card of a vCard file; raises UnreadableFile when the file is not vCard text at all."""
    return [read_card(i, start, lines, closed) for i, (start, lines, closed) in enumerate(split_cards(data), 1)]


# --- writing ----------------------------------------------------------------------------------------


def _types_for(label: str, extra: tuple[str, ...] = ()) -> list[str] | None:
    """TYPE values that read back as exactly ``label``, or None when only an X-ABLabel can carry it."""
    tokens = label.split(" ") if label else []
    if any(t not in LABEL_TYPES or t in _NOT_LABELS for t in tokens):
        return None
    if label_from_types(list(extra) + tokens) != label:
        return None
    return tokens


def contact_rows(ids: list[int]) -> Iterator[tuple[Contact, dict[str, list[Method]], list[str]]]:
    """Contacts with their methods and tags, a few queries per 500 contacts."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        methods: dict[int, dict[str, list[Method]]] = {cid: {"email": [], "phone": [], "url": []} for cid in chunk}
        for m in ContactMethod.select().where(ContactMethod.contact.in_(chunk)).order_by(
            ContactMethod.contact, ContactMethod.kind, ContactMethod.position, ContactMethod.id
        ):
            methods[m.contact_id].setdefault(m.kind, []).append(Method(m.kind, m.value, m.label, m.preferred))
        tags: dict[int, list[str]] = {cid: [] for cid in chunk}
        for cid, name in (
            ContactTag.select(ContactTag.contact, Tag.name).join(Tag).where(ContactTag.contact.in_(chunk))
            .order_by(Tag.name).tuples()
        ):
            tags[cid].append(name)
        by_id = {c.id: c for c in Contact.select().where(Contact.id.in_(chunk))}
        for cid in chunk:
            if cid in by_id:
                yield by_id[cid], methods[cid], tags[cid]


def escape(text: str) -> str:
    """A text value as vCard 3.0 writes it: backslash, newline, comma and semicolon escaped."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text.replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 2426 3.1.1) without splitting a UTF-8 sequence."""
    if len(line) <= 75 and len(line.encode("utf-8")) <= 75:
        return line + "\r\n"
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _prop(name: str, value: str, params: str = "", group: str = "") -> str:
    return fold(f"{group + '.' if group else ''}{name}{params}:{value}")


def _method_lines(name: str, m: Method, counter: list[int], extra: tuple[str, ...] = ()) -> str:
    """An EMAIL/TEL/URL line; a label that TYPE cannot carry goes in an Apple X-ABLabel of its group."""
    types = _types_for(m.label, extra) if m.label else []
    group = ""
    if types is None:
        counter[0] += 1
        group, types = f"item{counter[0]}", []
    types = list(extra) + types + (["pref"] if m.preferred else [])
    text = _prop(name, escape(m.value), f";TYPE={','.join(types)}" if types else "", group)
    if group:
        text += _prop("X-ABLABEL", escape(m.label), group=group)
    return text


def card_text(contact: Contact, methods: dict[str, list[Method]], tags: list[str]) -> str:
    """A contact as a vCard 3.0 card: CRLF line ends, folded at 75 octets, netui's fields as X-NETUI-*.

    Written here rather than by vobject, which takes about ten times as long per card; the tests
    read the result back with vobject and with khard.
    """
    parts = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\n", _prop("PRODID", PRODID), _prop("UID", escape(contact.uid)),
        _prop("FN", escape(contact.name)),
        _prop("N", f"{escape(contact.family_name or '')};{escape(contact.given_name or '')};;;"),
    ]
    if contact.nickname:
        parts.append(_prop("NICKNAME", escape(contact.nickname)))
    if contact.organization:
        parts.append(_prop("ORG", escape(contact.organization)))
    if contact.title:
        parts.append(_prop("TITLE", escape(contact.title)))
    counter = [0]
    parts += [_method_lines("EMAIL", m, counter, ("internet",)) for m in methods.get("email", [])]
    parts += [_method_lines("TEL", m, counter) for m in methods.get("phone", [])]
    parts += [_method_lines("URL", m, counter) for m in methods.get("url", [])]
    if contact.birthday_month and contact.birthday_day:
        day = f"{contact.birthday_month:02d}-{contact.birthday_day:02d}"
        if contact.birthday_year:
            parts.append(_prop("BDAY", f"{contact.birthday_year:04d}-{day}"))
        else:
            parts.append(_prop("BDAY", f"{OMIT_YEAR}-{day}", f";X-APPLE-OMIT-YEAR={OMIT_YEAR}"))
    if contact.note:
        parts.append(_prop("NOTE", escape(contact.note)))
    if tags:
        parts.append(_prop("CATEGORIES", ",".join(escape(t) for t in tags)))
        parts += [_prop("X-NETUI-TAG", escape(t)) for t in tags]
    if contact.how_met:
        parts.append(_prop("X-NETUI-HOW-MET", escape(contact.how_met)))
    if contact.reason:
        parts.append(_prop("X-NETUI-REASON", escape(contact.reason)))
    parts.append(_prop("X-NETUI-CIRCLE", escape(contact.circle)))
    if contact.cadence_days:
        parts.append(_prop("X-NETUI-CADENCE", str(contact.cadence_days)))
    if contact.met_on:
        parts.append(_prop("X-NETUI-MET-ON", iso(contact.met_on)))
    if contact.archived:
        parts.append(_prop("X-NETUI-ARCHIVED", "TRUE"))
    updated = as_datetime(contact.updated_at)
    parts.append(_prop("REV", updated.strftime("%Y%m%dT%H%M%S")))
    parts.append("END:VCARD\r\n")
    return "".join(parts)


def cards(ids: list[int] | None = None) -> Iterator[tuple[Contact, str]]:
    """(contact, card text) for the given contacts, or for all of them in id order."""
    if ids is None:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    for contact, methods, tags in contact_rows(ids):
        yield contact, card_text(contact, methods, tags)


def write(out: TextIO, now: dt.datetime) -> int:
    """Every contact, archived ones too, as one vCard 3.0 file; returns how many."""
    n = 0
    for _, text in cards():
        out.write(text)
        n += 1
    return n
