"""CSV in (LinkedIn's Connections.csv, Google Contacts, Outlook, any CSV with a header row) and out.

Columns are recognised by their header names, not their positions, so one reader serves every
exporter: ``First Name``/``Given Name``, ``Company``/``Organization Name``, ``E-mail 1 - Value`` with
its ``E-mail 1 - Label``, ``Connected On``. The header row is searched for, because LinkedIn puts a
``Notes:`` paragraph of varying length above it. Google packs several values in one cell with
``:::``; those are split. Addresses, events, relations and IM handles are ``csvcards``'s. Columns
netui has no field for are reported as not kept.

Writing produces one row per contact in Google Contacts' own column layout (its export since 2024:
``First Name``, ..., ``Labels``, ``E-mail 1 - Label``, ``E-mail 1 - Value``, ``Phone 1 - ...``,
``Website 1 - ...``, then card data in ``csvcards.WRITTEN``'s groups: ``Address 1 - ...``,
``Relation 1 - ...``, ``Event 1 - ...``, ``IM 1 - ...``, as many as the fullest contact needs), so Google imports it as it imports its own file; a preferred email or phone has
Google's ``* `` before its label (``* work``), and so does a preferred address. netui's fields that Google has no column for
(``name``, ``uid``, ``met_on``, ``circle``...) follow under their own names, which Google leaves
aside and netui reads back, so a netui CSV re-imported into netui keeps every field, label and
preferred flag. A cell that a spreadsheet would run as a formula (``=``, ``@``, or ``+``/``-``
followed by more than a phone number) gets a leading apostrophe, which reading removes again.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from typing import Any, TextIO

from dateutil import parser as du_parser
from peewee import fn

from netui.core import cards, fields
from netui.core.cards import CardData
from netui.core.contacts import Method
from netui.core.dates import DateError, parse_birthday
from netui.core.merge import Incoming
from netui.core.text import sanitize
from netui.db.models import Contact, ContactMethod
from netui.interop import csvcards
from netui.interop.vcard import (
    CardRecord,
    Entry,
    UnreadableFile,
    contact_rows,
    decode_line,
    detect_encoding,
    own_value,
    quote,
    text_bytes,
    warn_if_long,
)

HEADER_SCAN = 60  # rows searched for the header (LinkedIn's preamble is a handful)

# Headers (lower case, punctuation as spaces) that only the CSV reader knows: a middle name is part
# of the name. The rest come from the fields' rows in ``netui.core.fields``.
_CSV_ONLY = {"middle name": ("middle", 3), "additional name": ("middle", 3)}


def exact_headers() -> dict[str, tuple[str, int]]:
    """Header -> (field key, priority). A higher priority wins when a file has two columns for one
    field: Outlook's "Title" is Mr./Ms., its "Job Title" is the job."""
    out = dict(_CSV_ONLY)
    for f in fields.csv_fields():
        if f.csv is None or f.kind == "methods":
            continue
        out.setdefault(_key(f.csv.column), (f.key, 3))
        for header, priority in f.csv.headers:
            out[header] = (f.key, priority)
    return out


_SKIP_WORDS = {"label", "type", "display", "kind"}  # "E-mail 1 - Label" describes another column
_EMAIL = re.compile(r"\be ?mails?\b")
_PHONE = re.compile(r"\b(?:phones?|mobile|tel|telephone|cell|fax|pager)\b")
_URL = re.compile(r"\b(?:urls?|website|web ?page|homepage|home page|web site|linkedin|profile)\b")
_PAIRED = re.compile(r"^(.*?)\s*(\d+)\s+(?:value|address)$")
_LABEL_COL = re.compile(r"^(.*?)\s*(\d+)\s+(?:label|type)$")
_MULTI = re.compile(r"\s*:::\s*")
_EMPTY_DATES = {"0/0/00", "00/00/0000", "0/0/0000", "00.00.0000"}


def _key(header: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


class Column:
    """What one column holds: a field, or an email/phone/url (with where its label comes from)."""

    def __init__(self, index: int, header: str, field: str, priority: int = 3, label: str = "", label_col: int | None = None):
        self.index, self.header, self.field, self.priority = index, header, field, priority
        self.label, self.label_col = label, label_col


_GENERIC = {
    "e", "mail", "email", "emails", "phone", "phones", "tel", "telephone", "url", "urls", "website", "web", "page",
    "site", "homepage", "address", "value", "number", "primary",
}


def _method_label(key: str) -> str:
    """The label a header implies: "Mobile Phone" -> mobile, "Business Fax" -> work fax, "E-mail 2 Address" -> none."""
    if "linkedin" in key.split():
        return "linkedin"
    words = [w for w in key.split() if not w.isdigit() and w not in _GENERIC]
    return " ".join("work" if w == "business" else w for w in words)


def map_header(row: list[str]) -> list[Column]:
    """The columns of a header row that netui can read."""
    keys = [_key(h) for h in row]
    exact = exact_headers()
    label_cols = {}
    for i, key in enumerate(keys):
        match = _LABEL_COL.match(key)
        if match:
            label_cols[(match.group(1), match.group(2))] = i
    columns: list[Column] = []
    for i, key in enumerate(keys):
        if not key or len(key) > 60:  # a sentence (LinkedIn's preamble) is not a header
            continue
        if key in exact:
            field, priority = exact[key]
            columns.append(Column(i, row[i], field, priority))
            continue
        if set(key.split()) & _SKIP_WORDS:
            continue
        paired = _PAIRED.match(key)
        label_col = label_cols.get((paired.group(1), paired.group(2))) if paired else None
        for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("url", _URL)):
            if pattern.search(key):
                label = "" if label_col is not None else _method_label(key)
                columns.append(Column(i, row[i], kind, 3, label, label_col))
                break
    # One column per single-valued field: the highest priority, then the leftmost.
    best: dict[str, Column] = {}
    for col in columns:
        if col.field in ("email", "phone", "url"):
            continue
        if col.field not in best or col.priority > best[col.field].priority:
            best[col.field] = col
    return [c for c in columns if c.field in ("email", "phone", "url") or best.get(c.field) is c]


def _is_header(columns: list[Column]) -> bool:
    fields = {c.field for c in columns}
    return len(columns) >= 2 and bool(fields & {"name", "given_name", "family_name", "email"})


def _decode(data: bytes) -> tuple[str, str]:
    """(the text, the encoding it was read in): a BOM says, else UTF-8 if it is, else detected."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "UTF-8 (with a byte order mark)"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "UTF-16 (with a byte order mark)"
    else:
        encoding = ""
    data = text_bytes(data)  # UTF-16 (with or without a BOM) comes back as UTF-8
    try:
        text = data.decode("utf-8")
        return text, encoding or "UTF-8"
    except UnicodeDecodeError:
        pass
    encoding = detect_encoding(data)
    if encoding:
        try:
            return data.decode(encoding), f"{_encoding_name(encoding)} (detected; the file does not say)"
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_line(data), "Windows-1252 (the file does not say, and it could not be detected)"


def _encoding_name(name: str) -> str:
    known = {"cp1252": "Windows-1252", "shift_jis": "Shift_JIS", "cp932": "Shift_JIS (Windows)", "utf_8": "UTF-8"}
    if name in known:
        return known[name]
    if name.startswith("cp"):
        return "Windows-" + name[2:]
    return name.replace("_", "-").upper()


def _unwrap(row: list[str], delimiter: str) -> list[str] | None:
    """A row a writer wrapped whole in one pair of quotes (seen in LinkedIn exports), as its columns."""
    if len(row) == 1 and delimiter in row[0]:
        try:
            return next(csv.reader([row[0]], delimiter=delimiter))
        except (csv.Error, StopIteration):
            return None
    return None


def _cell(row: list[str], index: int) -> str:
    value = row[index].strip() if index < len(row) else ""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]  # the apostrophe netui (or a spreadsheet) put before a formula-like value
    return value


def _date(value: str) -> dt.date:
    for fmt in ("%d %b %Y", "%Y-%m-%d", "%d %B %Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    try:
        return du_parser.parse(value, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError) as exc:
        raise DateError(f"{quote(value)} is not a date") from exc


def _row_entry(position: int, line: int, row: list[str], columns: list[Column], headers: list[str], linkedin: bool) -> Entry | None:
    entry = Entry(position, line)
    values: dict[str, str] = {}
    emails: list[Method] = []
    phones: list[Method] = []
    urls: list[Method] = []
    used = set()
    for col in columns:
        used.add(col.index)
        if col.label_col is not None:
            used.add(col.label_col)
        value = _cell(row, col.index)
        if not value:
            continue
        if col.field in ("email", "phone", "url"):
            label = _cell(row, col.label_col) if col.label_col is not None else col.label
            # Google marks the primary value's label with "* " ("* Work"); a bare "*" is no label.
            primary = label.startswith("*")
            label = label.lstrip("* ").strip()
            parts = re.split(r"\s*(?::::|;|,)\s*|\s+", value) if col.field == "email" else _MULTI.split(value)
            for part in (p.strip() for p in parts):
                if not part:
                    continue
                if col.field == "email" and "@" not in part:
                    entry.warnings.append(f"the email {quote(part)} is not an address; not kept")
                    continue
                if col.field == "url" and linkedin and not label:
                    label = "linkedin"
                target = {"email": emails, "phone": phones, "url": urls}[col.field]
                target.append(Method(col.field, part, label, primary))
                primary = False  # of several values in one cell, the first is the primary one
        else:
            values[col.field] = value
    if not any(_cell(row, i) for i in range(len(row))):
        return None  # a blank row is not a person
    lay = csvcards.layout(tuple(_key(h) for h in headers))  # addresses, events, relations, IM handles
    used |= lay.used
    card = csvcards.read(row, lay, _cell, entry.warnings)
    for i in range(len(row)):
        if i not in used and _cell(row, i) and i < len(headers) and headers[i].strip():
            entry.not_kept.append(f"column {quote(headers[i], 30)}")

    given, middle, family = values.get("given_name", ""), values.get("middle", ""), values.get("family_name", "")
    if given == values.get("name") and not (middle or family) and "uid" in values:
        given = values["given_name"] = ""  # netui's CSV: a name without parts goes in First Name for Google
    org = values.get("organization", "")
    candidates = [
        (values.get("name", ""), ""), (" ".join(x for x in (given, middle, family) if x), ""),
        (values.get("nickname", ""), ""), (org, ""),
        (emails[0].value if emails else "", "no name; named after its email address"),
        (phones[0].value if phones else "", "no name; named after its phone number"),
    ]
    name, why = next(((n, w) for n, w in candidates if sanitize(n)), ("", ""))
    if not name:
        entry.reason = "no name, email or phone to tell who this is"
        return entry
    if why:
        entry.warnings.append(why)
    birthday = None
    bday_text = values.get("birthday", "")
    if bday_text and bday_text not in _EMPTY_DATES:
        try:
            birthday = parse_birthday(bday_text)
        except DateError:
            entry.warnings.append(f"the birthday {quote(bday_text)} is not a date; not kept")
    read: dict[str, Any] = {}  # the fields read by their kind, by attribute
    for f in fields.csv_fields():
        if f.simple and not f.derived:
            read[f.attr] = _simple(f, values.get(f.key, ""), entry.warnings)
    tags = [t for t in re.split(r"\s*(?::::|;|,)\s*", values.get("tags", "")) if t.strip() and not t.startswith("*")]
    entry.incoming = Incoming(
        name=name, name_is_placeholder=bool(why), emails=emails, phones=phones, urls=urls, birthday=birthday,
        tags=tags, uid=sanitize(values.get("uid", ""))[:255] or None, card=card,
        **{a: v for a, v in read.items() if a in _INCOMING},
        extra={a: v for a, v in read.items() if a not in _INCOMING and v not in (None, "")},
    )
    return entry


_INCOMING = frozenset(Incoming.__dataclass_fields__)
_TRUE = ("true", "yes", "1", "x")


def _simple(f: fields.Field, text: str, warnings: list[str]) -> object:
    """A cell of a field read by its kind: text as it is, others checked (a bad value is warned of)."""
    if f.kind in ("text", "multiline"):
        if f.kind == "multiline":
            warn_if_long(text, f.words, warnings, multiline=True)
        return text
    if not text:
        return None
    noun = f.csv.noun if f.csv and f.csv.noun else f.words
    if f.kind == "date":
        try:
            return _date(text)
        except DateError:
            warnings.append(f"the {noun} {quote(text)} is not a date; not kept")
            return None
    value, problem = own_value(f, text, noun=noun, true=_TRUE)
    if problem:
        warnings.append(problem.format(value=quote(str(value)), where=""))
        return None
    return value


def _find_header(text: str) -> tuple[str, int, list[str], list[Column]]:
    """(delimiter, index of the header row, header, columns): the best reading among , ; and tab."""
    best: tuple[int, str, int, list[str], list[Column]] | None = None
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for index, row in enumerate(reader):
                if index >= HEADER_SCAN:
                    break
                row = _unwrap(row, delimiter) or row
                columns = map_header(row)
                if _is_header(columns):
                    if best is None or len(columns) > best[0]:
                        best = (len(columns), delimiter, index, row, columns)
                    break
        except csv.Error:
            continue
    if best is None:
        raise UnreadableFile("no header row with names or emails was found (is it a contacts CSV?)")
    return best[1], best[2], best[3], best[4]


def kind_of(header: list[str]) -> str:
    keys = {_key(h) for h in header}
    if {"first name", "last name", "connected on"} <= keys:
        return "LinkedIn CSV"
    if "group membership" in keys or ("labels" in keys and any(k.startswith("e mail 1") or k.startswith("phone 1") for k in keys)):
        return "Google CSV"
    return "CSV"


def read_bytes(data: bytes) -> tuple[str, list[Entry]]:
    """(what kind of CSV it is, its rows as entries); raises UnreadableFile when it is not one."""
    kind, _, entries = read_csv(data)
    return kind, entries


def read_csv(data: bytes) -> tuple[str, str, list[Entry]]:
    """(what kind of CSV it is, the encoding it was read in, its rows as entries)."""
    text, encoding = _decode(data)
    delimiter, header_index, header, columns = _find_header(text)
    kind = kind_of(header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    entries: list[Entry] = []
    start = 1
    try:
        for index, row in enumerate(reader):
            line, start = start, reader.line_num + 1
            if index <= header_index:
                continue
            unwrapped = _unwrap(row, delimiter) if len(header) > 1 else None
            entry = _row_entry(len(entries) + 1, line, unwrapped or row, columns, header, kind == "LinkedIn CSV")
            if entry is not None:
                if unwrapped:
                    entry.warnings.append("the whole row was wrapped in one pair of quotes; read as its columns")
                entries.append(entry)
    except csv.Error as exc:
        entries.append(Entry(len(entries) + 1, start, reason=f"the CSV is broken here ({exc}); the rest of the file was not read"))
    return kind, encoding, entries


# --- writing ----------------------------------------------------------------------------------------

def columns() -> list[str]:
    """netui's own name for each field with a CSV column, in the fields' order (read back as that field)."""
    return [f.csv.column for f in fields.csv_fields() if f.csv]


COLUMNS = columns()  # as netui names them (a field added to the registry at run time comes too)
_PHONE_LIKE = re.compile(r"[+\-]?[\d\s().\-/+x:]*(?:ext\.?\s*\d+)?", re.IGNORECASE)

# Google Contacts' columns before its numbered ones, in its order, and the fields that go in them.
GOOGLE_HEAD = (
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name",
    "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name", "Organization Title",
    "Organization Department", "Birthday", "Notes", "Photo", "Labels",
)
_GOOGLE = {
    "given_name": "First Name", "family_name": "Last Name", "nickname": "Nickname", "organization": "Organization Name",
    "title": "Organization Title", "birthday": "Birthday", "note": "Notes", "tags": "Labels",
}
_NUMBERED = (("emails", "email", "E-mail"), ("phones", "phone", "Phone"), ("urls", "url", "Website"))


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will show, not run."""
    if value[:1] in ("=", "@", "\t", "\r") or (value[:1] in ("+", "-") and not _PHONE_LIKE.fullmatch(value)):
        return "'" + value
    return value


def _cell_text(f: fields.Field, record: CardRecord) -> str:
    value = record.values.get(f.key)
    if f.kind == "tags":
        return " ::: ".join(record.tags())
    if f.kind == "flag":
        return "yes" if value else ""
    return str(value if value is not None else "")


def _own_fields() -> list[fields.Field]:
    """The fields Google has no column for, written under netui's names after Google's columns."""
    return [f for f in fields.csv_fields() if f.csv and f.key not in _GOOGLE and f.kind != "methods"]


def _counts() -> dict[str, int]:
    """How many numbered pairs each kind of method needs: the most any contact has, at least one."""
    most: dict[str, int] = {}
    for kind, n in (
        ContactMethod.select(ContactMethod.kind, fn.COUNT(ContactMethod.id))
        .group_by(ContactMethod.contact, ContactMethod.kind).tuples()
    ):
        most[kind] = max(most.get(kind, 0), n)
    return {kind: max(1, most.get(kind, 0)) for _, kind, _ in _NUMBERED}


def header(counts: dict[str, int] | None = None, card_counts: dict[str, int] | None = None) -> list[str]:
    """The header row netui writes: Google's columns, its numbered groups (card data's too), then netui's
    own fields."""
    counts = counts or {kind: 1 for _, kind, _ in _NUMBERED}
    row = list(GOOGLE_HEAD)
    for _, kind, title in _NUMBERED:
        for i in range(1, counts[kind] + 1):
            row += [f"{title} {i} - Label", f"{title} {i} - Value"]
    row += csvcards.header(card_counts or csvcards.counts({}))
    return row + [f.csv.column for f in _own_fields() if f.csv]


def row_of(record: CardRecord, counts: dict[str, int], card: CardData | None = None,
           card_counts: dict[str, int] | None = None) -> list[str]:
    """One contact as a row under ``header(counts, card_counts)``."""
    by_column = {_GOOGLE[f.key]: _cell_text(f, record) for f in fields.csv_fields() if f.key in _GOOGLE}
    if not (by_column["First Name"] or by_column["Last Name"]):
        by_column["First Name"] = str(record.values.get("name") or "")  # Google names a contact by its parts
    row = [by_column.get(column, "") for column in GOOGLE_HEAD]
    for key, kind, _ in _NUMBERED:
        methods = record.methods(key)
        for i in range(counts[kind]):
            m = methods[i] if i < len(methods) else None
            row += ["", ""] if m is None else [("* " if m.preferred else "") + m.label, m.value]
    row += csvcards.cells(card or CardData(), card_counts or csvcards.counts({}))
    row += [_cell_text(f, record) for f in _own_fields()]
    return [safe_cell(cell) for cell in row]


def write(out: TextIO, now: dt.datetime, ids: list[int] | None = None) -> int:
    """Every contact (or those of ``ids``, in that order) as one CSV row in Google Contacts' layout, with
    a header row; returns how many."""
    writer = csv.writer(out, lineterminator="\r\n")
    counts = _counts()
    if ids is None:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    card_of = cards.cards_of(ids)
    card_counts = csvcards.counts(card_of)
    writer.writerow(header(counts, card_counts))
    n = 0
    for record, cid in zip(contact_rows(ids), ids, strict=True):
        writer.writerow(row_of(record, counts, card_of[cid], card_counts))
        n += 1
    return n
