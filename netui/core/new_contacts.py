"""Many new contacts at once (an import): each in two statements, the rest of a batch in a few.

``contacts.create`` writes one contact in about fifteen queries, most of them built by the ORM, then
``derived.refresh`` reads it back. An import creates thousands, so ``NewContacts`` splits that work:

- ``add`` checks the input exactly as ``create`` does (``contacts.prepare``) and writes the contact's
  row at once, its keep-in-touch date computed from the values it was built from. Related people are
  linked at once too, since linking reads the contacts there are at that moment.
- ``flush`` writes the rest for every contact added since, a few set-based statements per kind:
  emails, phones and links, tags, addresses, dates, profiles, photos, the reminders that follow from
  the data and the search rows.

The rows are those of ``contacts.create(data, now, log_meeting=False)`` for each contact in turn
(only reminders may get their ids in another order). Everything runs in the caller's transaction:
``flush`` before anything else reads the added contacts' other rows (``merge.find`` reads their
emails and phones) or changes them, before anything else creates tags, and before the transaction ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import fields

from peewee import Model

from netui.core import cards, contacts, search
from netui.core.dates import Birthday, day_start, next_birthday
from netui.core.derived import next_due_at
from netui.core.reminders import plan
from netui.core.reminders.rules import birthday_rule
from netui.core.tags import clean_tag
from netui.core.text import sanitize
from netui.db import db
from netui.db import models as m

_CARD_MODELS = (("addresses", m.Address), ("dates", m.ContactDate), ("profiles", m.Profile))
_SQL: dict[tuple, str] = {}  # INSERT statements by (table, columns)
_CONVERT: dict[tuple, list] = {}  # each column's ``db_value`` by (table, columns)


def _insert_sql(model: type[Model], names: tuple[str, ...], verb: str = "INSERT") -> str:
    key = (model._meta.table_name, names, verb)
    if key not in _SQL:
        columns = ", ".join(f'"{model._meta.fields[n].column_name}"' for n in names)
        _SQL[key] = f'{verb} INTO "{model._meta.table_name}" ({columns}) VALUES ({", ".join("?" * len(names))})'
    return _SQL[key]


def _converters(model: type[Model], names: tuple[str, ...]) -> list:
    key = (model._meta.table_name, names)
    if key not in _CONVERT:
        _CONVERT[key] = [model._meta.fields[n].db_value for n in names]
    return _CONVERT[key]


def _insert(model: type[Model], names: tuple[str, ...], rows: Iterable[tuple], verb: str = "INSERT") -> None:
    """Rows of ``model`` (values in the order of ``names``), in one ``executemany``; each value stored as the ORM stores it."""
    convert = _converters(model, names)
    # Rows of text, whole numbers and None only (most of them) are stored as they are.
    values = [row if _PLAIN.issuperset(map(type, row)) else _values(convert, row) for row in rows]
    if values:
        db.cursor().executemany(_insert_sql(model, names, verb), values)


_PLAIN = frozenset({str, int, type(None)})


def _values(convert: list, row: Iterable) -> list:
    """``row`` as the ORM stores it: each value through its field's ``db_value`` (text, whole numbers
    and None as they are: the values given here for text and number columns are of those kinds)."""
    return [v if v is None or type(v) is str or type(v) is int else f(v) for f, v in zip(convert, row, strict=True)]


class NewContacts:
    """New contacts of one batch: ``add`` each, ``flush`` before others read them (see the module)."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self._ids: list[int] = []
        self._methods: list[tuple] = []
        self._tags: list[tuple[int, list[str]]] = []
        self._cards: list[tuple[int, cards.CardData]] = []

    def add(self, data: contacts.ContactInput) -> int:
        """Write a new contact's row; returns its id. All or nothing: a refused contact
        (``ContactError``, ``DateError``, ``ValueError``) is refused before writing, and one whose
        rows cannot be written (``IntegrityError``) is taken out again."""
        contact = contacts.prepare(data, self.now)
        contact.next_due_at = next_due_at(contact)
        methods = []
        for kind, given in (("email", data.emails), ("phone", data.phones), ("url", data.urls)):
            for position, method in enumerate(given or []):
                value = sanitize(method.value)
                methods.append([kind, value, contacts.normalize_method(kind, value), sanitize(method.label),
                                bool(method.preferred), position])
        card = cards.clean(data.card) if data.card is not None else None
        row = {name: value for name, value in contact.__data__.items() if name != "id"}
        names = tuple(row)
        cid = db.cursor().execute(_insert_sql(m.Contact, names), _values(_converters(m.Contact, names), row.values())).lastrowid
        try:  # all or nothing, without the cost of a savepoint per contact
            if card is not None and card.related:
                cards.write(cid, cards.CardData(related=card.related))
        except BaseException:
            db.execute_sql("DELETE FROM contact WHERE id = ?", [cid])  # its rows go with it (ON DELETE CASCADE)
            raise
        self._ids.append(cid)
        self._methods.extend((cid, *method) for method in methods)
        if data.tags:
            self._tags.append((cid, list(data.tags)))
        if card is not None:
            self._cards.append((cid, card))
        return cid

    def flush(self) -> None:
        """Write the emails, phones and links, tags, card data, reminders and search rows of every
        contact added since the last flush."""
        if not self._ids:
            return
        ids, methods, tags, card_items = self._ids, self._methods, self._tags, self._cards
        self._ids, self._methods, self._tags, self._cards = [], [], [], []
        _insert(m.ContactMethod, ("contact", "kind", "value", "norm", "label", "preferred", "position"), methods)
        _write_tags(tags)
        dated = _write_cards(card_items)
        _write_reminders(ids, dated, self.now)
        search.reindex(ids)


def _write_tags(tags: list[tuple[int, list[str]]]) -> None:
    """Tags as ``tags.set_tags`` writes them, one contact after the other: a new tag shown as first written."""
    shown: dict[str, str] = {}
    links: list[tuple[int, str]] = []
    cleaned: dict[str, tuple[str, str]] = {}  # a batch repeats a few tags many times: each is cleaned once
    for cid, raw_tags in tags:
        mine: list[str] = []
        for raw in raw_tags:
            if raw not in cleaned:
                cleaned[raw] = (clean_tag(raw), cards.shown_tag(raw))
            key, as_shown = cleaned[raw]
            if key and key not in mine:
                mine.append(key)
                shown.setdefault(key, as_shown)
                links.append((cid, key))
    if not links:
        return
    keys = list(shown)
    known: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        known.update(db.execute_sql(
            f"SELECT name, id FROM tag WHERE name IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    _insert(m.Tag, ("name", "display"), ((key, shown[key]) for key in keys if key not in known))
    missing = [key for key in keys if key not in known]
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        known.update(db.execute_sql(
            f"SELECT name, id FROM tag WHERE name IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    _insert(m.ContactTag, ("contact", "tag"), ((cid, known[key]) for cid, key in links), verb="INSERT OR IGNORE")


def _write_cards(items: list[tuple[int, cards.CardData]]) -> set[int]:
    """Addresses, dates, profiles and photos as ``cards.write`` writes them (related people are
    written by ``add``); returns the contacts with dates."""
    dated: set[int] = set()
    for kind, model in _CARD_MODELS:
        rows = []
        names: tuple[str, ...] = ()
        for cid, card in items:
            for position, item in enumerate(getattr(card, kind) or []):
                names = ("contact", "position", *(f.name for f in fields(item)))
                rows.append((cid, position, *(getattr(item, f.name) for f in fields(item))))
                if kind == "dates":
                    dated.add(cid)
        if rows:
            _insert(model, names, rows)
    _insert(m.Photo, ("contact", "media_type", "data", "url"),
            ((cid, card.photo.media_type, card.photo.data or None, card.photo.url)
             for cid, card in items if isinstance(card.photo, cards.PhotoData)))
    return dated


def _write_reminders(ids: list[int], dated: set[int], now: dt.datetime) -> None:
    """The reminders ``reminders.sync_contact(created=True)`` gives a new contact: the yearly birthday
    here, set-based; a contact met on a day, or with dates, through ``sync_contact`` itself."""
    birthdays = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, met_on, month, day, year in db.execute_sql(
            "SELECT id, met_on, birthday_month, birthday_day, birthday_year FROM contact "
            f"WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk,
        ).fetchall():
            if met_on is not None or cid in dated:
                plan.sync_contact(cid, now, created=True)
            elif month and day:  # as ``lookup.birthday_of`` reads it
                bday = Birthday(month, day, year)
                due = day_start(next_birthday(bday, now.date()))
                birthdays.append((cid, "birthday", "", birthday_rule(bday), due, due, now))
    _insert(m.Reminder, ("contact", "kind", "note", "rrule", "due_at", "next_due_at", "created_at"), birthdays)
