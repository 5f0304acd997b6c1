"""Records: a contact as sync compares it, in plain JSON-able values, and their hashes.

A record's single-valued fields are the rows of ``netui.core.fields`` that have a sync kind, in
that order, under their JSON keys and in their plain form; the lists (emails, phones, links, tags,
interactions, gives) are sync's own, and so are the card's data (addresses, dates, related people,
profiles and the photo, ``netui.core.cards``), each item a short list:

    addresses  [label, street, locality, region, postal_code, country, preferred]
    dates      [label, date]
    related    [label, name]          (the local link to a contact does not travel; the name does)
    profiles   [service, value]
    photo      [media_type, hash of the bytes, url], or None; the bytes ride beside (``Record.photo``)

Pure: nothing here reads the database or a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netui.core import cards, contacts, fields
from netui.core.cards import Address, CardData, CardDate, PhotoData, Profile, RelatedPerson
from netui.core.contacts import Method
from netui.core.text import sanitize

MULTI = ("emails", "phones", "urls", "tags", "interactions", "gives", "addresses", "dates", "related", "profiles")
MULTI_WORDS = {
    "emails": "emails", "phones": "phones", "urls": "links", "tags": "tags", "interactions": "interactions",
    "gives": "give notes", "addresses": "addresses", "dates": "dates", "related": "related people",
    "profiles": "profiles",
}
# Fields a record of an older netui's sync state has no base for: each is merged once as if never synced.
CARD_FIELDS = ("addresses", "dates", "related", "profiles", "photo")
MULTI_OWN = ("interactions", "gives")  # lists only netui writes (a card without X-NETUI-CIRCLE says nothing of them)
METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def single() -> tuple[str, ...]:
    """The single-valued fields sync merges, in the registry's order."""
    return tuple(f.key for f in fields.sync_fields())


def record_fields() -> tuple[str, ...]:
    """Every field of a record, in the order its overall hash takes them."""
    return single() + MULTI + ("photo",)


def own() -> tuple[str, ...]:
    """netui's own fields: a card without X-NETUI-CIRCLE (rewritten by a program that drops them) says nothing about these."""
    return tuple(f.key for f in fields.sync_fields() if f.sync == "own") + MULTI_OWN


def words() -> dict[str, str]:
    """Each field in words, for reports and conflict notes."""
    return {**{f.key: f.words for f in fields.sync_fields()}, **MULTI_WORDS, "photo": "photo"}


# As the registry had them when this module was imported (what the tests and the CLI name).
SINGLE = single()
FIELDS = record_fields()
OWN = own()
WORDS = words()


@dataclass
class Record:
    """What a card carries about one person, in plain comparable values (JSON-able)."""

    uid: str
    values: dict[str, Any]  # JSON-able: str, int, bool, None, lists
    own: bool = True  # the card carries netui's own fields
    photo: PhotoData | None = None  # the photo itself (``values["photo"]`` holds its hash)

    def hashes(self) -> dict[str, str]:
        """Each field's hash, and the whole record's under ``*`` (what "has it changed" compares)."""
        keys = record_fields()
        return {**{f: short(self.values[f]) for f in keys}, "*": self._overall(keys)}

    def overall(self) -> str:
        return self._overall(record_fields())

    def changed_since(self, base: dict[str, str]) -> bool:
        """Whether a field differs from the base; a field the base has no hash for (an older netui's
        sync) does not count: it is merged once without a base instead."""
        if self.overall() == base.get("*"):
            return False
        return any(short(self.values[f]) != base[f] for f in record_fields() if f in base)

    def _overall(self, keys: tuple[str, ...]) -> str:
        return short([self.values[f] for f in keys])


def short(value: object) -> str:
    """A short hash of a JSON-able value."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def digest(data: bytes) -> str:
    """The hash of a file's bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def plain_methods(methods: Iterable[Method]) -> list[list]:
    return [[sanitize(m.value), sanitize(m.label), bool(m.preferred)] for m in methods if sanitize(m.value)]


def plain_tags(tags: Iterable[str]) -> list[str]:
    return sorted({t for t in (contacts.clean_tag(x) for x in tags) if t})


def methods_of(record: Record) -> dict[str, list[Method]]:
    """A record's emails, phones and links as Methods, by record key."""
    return {
        key: [Method(kind, value, label, preferred) for value, label, preferred in record.values[key]]
        for key, kind in METHOD_KINDS.items()
    }


def plain_card(card: CardData | None) -> dict[str, Any]:
    """A contact's card data as record values (see the module's docstring)."""
    card = card or CardData()
    photo = card.photo if isinstance(card.photo, PhotoData) else None
    return {
        "addresses": [[a.label, *a.parts(), bool(a.preferred)] for a in card.addresses or []],
        "dates": [[d.label, d.date] for d in card.dates or []],
        "related": [[r.label, r.name] for r in card.related or []],
        "profiles": [[p.service, p.value] for p in card.profiles or []],
        "photo": [photo.media_type, digest(photo.data) if photo.data else "", photo.url] if photo else None,
    }


def card_of(record: Record) -> CardData:
    """A record's card data as ``netui.core.cards`` values (every kind set: the record replaces them)."""
    v = record.values
    return CardData(
        addresses=[Address(label=a[0], street=a[1], locality=a[2], region=a[3], postal_code=a[4], country=a[5],
                           preferred=bool(a[6])) for a in v["addresses"]],
        dates=[CardDate(d[0], d[1]) for d in v["dates"]],
        related=[RelatedPerson(r[0], r[1]) for r in v["related"]],
        profiles=[Profile(p[0], p[1]) for p in v["profiles"]],
        photo=record.photo if v["photo"] is not None and record.photo is not None else False,
    )


def card_values(record: Record) -> dict[str, Any]:
    """A record's card data as a ``vcard.CardRecord`` holds it."""
    card = card_of(record)
    return {k: getattr(card, k) for k in cards.KEYS} | {"photo": card.photo or None}
