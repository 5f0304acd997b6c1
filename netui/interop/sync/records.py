"""Records: a contact as sync compares it, in plain JSON-able values, and their hashes.

A record's single-valued fields are the rows of ``netui.core.fields`` that have a sync kind, in
that order, under their JSON keys and in their plain form; the lists (emails, phones, links, tags,
interactions, gives) are sync's own. Pure: nothing here reads the database or a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netui.core import contacts, fields
from netui.core.contacts import Method
from netui.core.text import sanitize

MULTI = ("emails", "phones", "urls", "tags", "interactions", "gives")
MULTI_WORDS = {
    "emails": "emails", "phones": "phones", "urls": "links", "tags": "tags", "interactions": "interactions",
    "gives": "give notes",
}
MULTI_OWN = ("interactions", "gives")  # lists only netui writes (a card without X-NETUI-CIRCLE says nothing of them)
METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def single() -> tuple[str, ...]:
    """The single-valued fields sync merges, in the registry's order."""
    return tuple(f.key for f in fields.sync_fields())


def record_fields() -> tuple[str, ...]:
    """Every field of a record, in the order its overall hash takes them."""
    return single() + MULTI


def own() -> tuple[str, ...]:
    """netui's own fields: a card without X-NETUI-CIRCLE (rewritten by a program that drops them) says nothing about these."""
    return tuple(f.key for f in fields.sync_fields() if f.sync == "own") + MULTI_OWN


def words() -> dict[str, str]:
    """Each field in words, for reports and conflict notes."""
    return {**{f.key: f.words for f in fields.sync_fields()}, **MULTI_WORDS}


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

    def hashes(self) -> dict[str, str]:
        """Each field's hash, and the whole record's under ``*`` (what "has it changed" compares)."""
        keys = record_fields()
        return {**{f: short(self.values[f]) for f in keys}, "*": self._overall(keys)}

    def overall(self) -> str:
        return self._overall(record_fields())

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
