"""Writing the JSON backup as it is read (``netui export --format json``): ``write``.

The bytes are those of ``json.dump(export(now), out, indent=1, ensure_ascii=False)``, but a chunk of
contacts is written from its rows with no dict per row: the queries of ``backup_export`` are made
once as SQL, their rows are turned into JSON text by the C encoder in one call per query and laid
out with one template per shape (``backup_text``). Where a value is not as netui writes it (a date
stored in another form, bytes in a text column), that kind of row of that chunk, or that chunk's
contacts, are read the ORM's way instead (``backup_export``): the same text, a little slower.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import IO, Any

from peewee import DateField, DateTimeField, Field, Select

from netui.core import cards, fields
from netui.db import db
from netui.db.models import Contact
from netui.interop import backup_export as ex
from netui.interop.backup_text import Listing, dumps, encoded, scalar_lists, string

__all__ = ["write"]

MAP_BYTES = 2**30  # of the database file mapped while the backup is written (``_mapped``)
_LO, _HI = -(2**62) - 3, -(2**62) - 5  # bounds no contact has: where a chunk's go in a query made once
_KEY = "   "  # the indent of a contact's keys in the backup
# A column of dates as netui writes them (or none), as JSON text one per line: the text the ORM's
# reading gives too (``backup_export.converter``), so it is written as it is.
_DATES = {
    kind: re.compile(f'(?:"{day}"|null)(?:\\n(?:"{day}"|null))*')
    for kind, day in ((DateTimeField, "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"),
                      (DateField, "[0-9]{4}-[0-9]{2}-[0-9]{2}"))
}


def _date_kind(field: Field) -> type | None:
    return DateTimeField if isinstance(field, DateTimeField) else DateField if isinstance(field, DateField) else None


class _Statement:
    """A chunk's query made once as SQL, a chunk's bounds put in at each run; the dates among its
    columns, and whether every other column is read as SQLite gives it (``direct``)."""

    def __init__(self, query: Callable[[list[int]], Select]):
        select = query([_LO, _HI])
        self.sql, params = select.sql()
        self.params = list(params)
        self.bounds = [(i, p == _HI) for i, p in enumerate(self.params) if p in (_LO, _HI)]
        if len(self.bounds) != 2:
            raise ValueError(f"a chunk's query needs its two bounds once each: {self.sql}")
        returning = select._returning
        self.dates = [(i, _DATES[kind]) for i, f in enumerate(returning) if (kind := _date_kind(f)) is not None]
        self.direct = all(ex.converter(f) is None or _date_kind(f) for f in returning)

    def rows(self, chunk: list[int]) -> list[tuple]:
        params = list(self.params)
        for i, high in self.bounds:
            params[i] = chunk[-1] if high else chunk[0]
        return db.execute_sql(self.sql, params).fetchall()

    def values(self, rows: list[tuple]) -> list[str] | None:
        """``encoded(rows)``, or None when a value is not written as SQLite gives it (a date in another form)."""
        if not self.direct:
            return None
        try:
            values = encoded(rows)
        except TypeError:  # bytes, or another value only the ORM's reading turns into JSON
            return None
        width = len(rows[0]) if rows else 0
        if rows and not all(check.fullmatch("\n".join(values[i::width])) for i, check in self.dates):
            return None
        return values


_statements: dict[Callable, _Statement] = {}


def _statement(query: Callable[[list[int]], Select]) -> _Statement:
    if query not in _statements:
        _statements[query] = _Statement(query)
    return _statements[query]


# --- a contact's own rows ---------------------------------------------------------------------------

_listings: dict[str, Listing] = {}


def _listing(section: ex.Section) -> Listing:
    """How a section's rows are laid out: its keys, read off ``as_dict`` (a date through ``iso``)."""
    if section.key not in _listings:
        assert section.query is not None
        width = len(section.query([_LO, _HI])._returning) - 1
        _listings[section.key] = Listing(list(section.as_dict(*[None] * width)), _KEY)
    return _listings[section.key]


def _section_texts(section: ex.Section, chunk: list[int]) -> dict[int, str]:
    """Each contact's list of ``section`` (the JSON text at a contact's key), by contact."""
    if section.query is not None:
        statement = _statement(section.query)
        rows = statement.rows(chunk)
        values = statement.values(rows)
        if values is not None:
            return _listing(section).texts(rows, values)
    return {cid: dumps(items, _KEY) for cid, items in ex.section_dicts(section, chunk).items()}


_METHODS = Listing(("value", "label", "preferred"), _KEY, keyed=2)


def _method_texts(chunk: list[int]) -> dict[str, dict[int, str]]:
    """Each contact's emails, phones and links (JSON text), by kind and contact."""
    rows = [(cid, kind, value, label, bool(preferred)) for cid, kind, value, label, preferred in _statement(ex.method_query).rows(chunk)]
    texts: dict[Any, str]
    try:
        texts = _METHODS.texts(rows)
    except TypeError:
        by_owner: dict[tuple[int, str], list[dict]] = {}
        for cid, kind, value, label, preferred in rows:
            by_owner.setdefault((cid, kind), []).append({"value": value, "label": label, "preferred": preferred})
        texts = {owner: dumps(items, _KEY) for owner, items in by_owner.items()}
    out: dict[str, dict[int, str]] = {kind: {} for kind in ex.METHOD_KINDS.values()}
    for (cid, kind), text in texts.items():
        out.setdefault(kind, {})[cid] = text
    return out


def _tag_texts(chunk: list[int]) -> dict[int, str]:
    rows = _statement(ex.tag_query).rows(chunk)
    try:
        return scalar_lists(rows, _KEY)
    except TypeError:
        by_contact: dict[int, list] = {}
        for cid, name in rows:
            by_contact.setdefault(cid, []).append(name)
        return {cid: dumps(names, _KEY) for cid, names in by_contact.items()}


def _card_texts(chunk: list[int]) -> dict[str, dict[int, str]]:
    """The card data of the contacts that have some (JSON text), by key and contact; a photo with its bytes."""
    out: dict[str, dict[int, str]] = {}
    photos = None
    for cid, card in cards.cards_of(chunk).items():
        if card.empty():
            continue
        plain = cards.plain(card)
        if plain["photo"] is not None:
            photos = ex.photo_data(chunk) if photos is None else photos
            plain["photo"]["base64"] = photos.get(cid, "")
        for key, value in plain.items():
            out.setdefault(key, {})[cid] = dumps(value, _KEY)
    return out


# --- contacts ---------------------------------------------------------------------------------------


class _Layout:
    """How a contact is written, made from the field registry: its plain values from its row
    (``backup_export.contact_query``), the id and the columns read as they are stored first (one
    ``itemgetter``), then the few a function makes; and one template with a slot per key."""

    def __init__(self) -> None:
        columns, plan = ex.plan_of_fields()
        self.fields = fields.FIELDS
        model = {c: getattr(Contact, c) for c in columns}  # as ``contact_query`` selects them
        direct: list[int] = [columns.index("id")]  # the columns whose value is written as it is stored
        dates: list[int] = []  # of those, the datetimes (checked as a section's are)
        made: list[Callable[[Sequence], Any]] = []  # the values a function makes
        self.lists: list[tuple[str, str, str]] = []  # (what, key, empty text) of each list slot, in order
        slots: list[tuple[str, int]] = []
        for f, how, where in plan:
            if how in ("methods", "tags", "card"):
                empty = "null" if f.key == "photo" else "[]"
                self.lists.append((how, ex.METHOD_KINDS.get(f.key, f.key), empty))
                slots.append(("list", len(self.lists) - 1))
                continue
            at = (where,) if isinstance(where, int) else tuple(where)
            read = [ex.converter(model[columns[i]]) for i in at]
            datetime = how == "stored" and f.kind == "datetime"  # checked to be netui's own form, else the slow way
            plain = read == [None] and (how == "as is" or (how == "text" and not model[columns[at[0]]].null))
            if len(at) == 1 and (plain or datetime):
                if f.kind == "datetime":
                    dates.append(len(direct))
                slots.append(("direct", len(direct)))
                direct.append(at[0])
            else:
                slots.append(("made", len(made)))
                made.append(self._maker(f, how, at, read))
        self.dates = dates
        self.read_direct = itemgetter(*direct)
        self.made = made
        self.width = len(direct) + len(made)
        for section in ex.SECTIONS:
            self.lists.append(("section", section.key, "[]"))
            slots.append(("list", len(self.lists) - 1))
        keys = [f.key for f, _, _ in plan] + [s.key for s in ex.SECTIONS]
        place = {"direct": -1, "made": len(direct) - 1, "list": self.width - 1}  # the id is not written
        body = ",\n".join(f"{_KEY}{string(key)}: {{{place[what] + at}}}" for key, (what, at) in zip(keys, slots, strict=True))
        self.template = "{{\n" + body + "\n  }}"

    @staticmethod
    def _maker(f: fields.Field, how: str, at: tuple[int, ...], read: list) -> Callable[[Sequence], Any]:
        """A field's plain value from a raw row: what ``_contact_dicts`` gives, from the ORM's reading of each column."""
        if how == "stored":
            get = itemgetter(*at)
            if read == [None] * len(at):
                if len(at) == 1:
                    return lambda row: fields.stored(f, (get(row),))
                return lambda row: fields.stored(f, get(row))
            return lambda row: fields.stored(f, tuple(row[i] if r is None else r(row[i]) for i, r in zip(at, read, strict=True)))
        (i,), (r,) = at, read
        if how == "text":
            return (lambda row: row[i] or "") if r is None else (lambda row: r(row[i]) or "")
        return lambda row: r(row[i])

    def texts(self, chunk: list[int]) -> list[str] | None:
        """Each contact of the chunk as JSON text, or None when a value needs the ORM's reading."""
        read_direct, made = self.read_direct, self.made
        rows = [read_direct(row) + tuple([m(row) for m in made]) for row in _statement(ex.contact_query).rows(chunk)]
        try:
            values = encoded(rows)
        except TypeError:
            return None
        width = self.width
        check = _DATES[DateTimeField].fullmatch
        if rows and not all(check("\n".join(values[i::width])) for i in self.dates):
            return None
        methods, cards_ = _method_texts(chunk), _card_texts(chunk)
        tags = _tag_texts(chunk)
        sections = {s.key: _section_texts(s, chunk) for s in ex.SECTIONS}
        sources = [methods.get(key, {}) if what == "methods" else tags if what == "tags"
                   else cards_.get(key, {}) if what == "card" else sections[key] for what, key, _ in self.lists]
        empties = [empty for _, _, empty in self.lists]
        lists = list(zip(sources, empties, strict=True))
        out = []
        template = self.template
        for k, row in enumerate(rows):
            cid = row[0]
            out.append(template.format(*values[k * width + 1 : (k + 1) * width], *[s.get(cid, e) for s, e in lists]))
        return out


_layout: list[_Layout] = []


def _contact_texts(chunk: list[int]) -> list[str]:
    if not _layout or _layout[0].fields is not fields.FIELDS:
        _layout[:] = [_Layout()]
    texts = _layout[0].texts(chunk)
    return texts if texts is not None else [dumps(item, "  ") for item in ex.chunk_items(chunk)]


@contextlib.contextmanager
def _mapped() -> Iterator[None]:
    """The database file read through a memory map while the backup reads all of it: a system call
    per page was a third of the time. (netui never shrinks the file, which a map does not survive.)"""
    (before,) = db.execute_sql("PRAGMA mmap_size").fetchone()
    db.execute_sql(f"PRAGMA mmap_size = {MAP_BYTES}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA mmap_size = {int(before)}")


def write(out: IO[str], now: dt.datetime) -> int:
    """Write the backup to ``out`` as it is read; returns the number of contacts."""
    with _mapped():
        return _write(out, now)


def _write(out: IO[str], now: dt.datetime) -> int:
    out.write("{\n")
    for key, value in ex.header(now).items():
        out.write(f" {string(key)}: {dumps(value, ' ')},\n")
    count = 0
    out.write(' "contacts": [')
    for chunk in ex.chunks():
        texts = _contact_texts(chunk)
        if texts:
            out.write(("\n  " if not count else ",\n  ") + ",\n  ".join(texts))
            count += len(texts)
    out.write(("\n ]" if count else "]") + ",\n")
    for n, (key, items) in enumerate((("introductions", ex.introductions()), ("scan_seen", ex.scan_seen()))):
        out.write(f" {string(key)}: [")
        first = True
        for item in items:
            out.write(("\n  " if first else ",\n  ") + dumps(item, "  "))
            first = False
        out.write(("]" if first else "\n ]") + (",\n" if n == 0 else "\n"))
    out.write("}\n")
    return count
