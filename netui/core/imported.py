"""What the last import said about each contact, so that importing an unchanged card again does not undo
what the user changed since.

Merging adds what a file knows and netui lacks (``netui.core.merge``). Without a memory, a note the user
replaced (``netui edit --note``), an email or tag they removed, a birthday they cleared, all came back
on the next import of the same card: the card still said them, and netui no longer had them. So each
import remembers, per contact, a fingerprint of what the card said (a hash per field, one per email,
phone, link and tag). The next import takes only the card's news: a field whose value the card said
last time too is left as the user has it, and of a list only the items the card did not list before.
A card that changed a field since (a new note, a new job) is merged as usual.

An undo of the import puts the contact back as it was before it, ``updated_at`` included: a contact whose
``updated_at`` is again the one from before an import that changed it has had that import undone, and the
card comes in again as if for the first time.

The memory is a ``meta`` row per contact (``imported:<id>``), written in the import's transaction (a dry
run rolls it back) and dropped with the contact. It is not in the JSON backup: after a restore, or an undone
delete, the next import merges as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable

from netui.db import db
from netui.db.models import Meta

PREFIX = "imported:"
_SCALARS = ("given_name", "family_name", "nickname", "how_met", "reason", "note")
_LISTS = ("emails", "phones", "urls", "tags")


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


_BLANKS = {blank: _digest(blank) for blank in (None, "", ("", ""))}  # most of a card's fields: worked out once


def _hash(value: object) -> str:
    """A short fingerprint of a value as a card gives it (text, numbers, dates, None)."""
    if value is None or value == "" or value == ("", ""):
        return _BLANKS[value]
    return _digest(value)


def _items(incoming, name: str) -> list[tuple[str, object]]:
    """The items of a list field, each with its fingerprint."""
    if name == "tags":
        return [(_hash(t), t) for t in incoming.tags]
    return [(_hash(m.value), m) for m in getattr(incoming, name)]


def said(incoming) -> dict[str, object]:
    """The fingerprint of what a card says, field by field (the card's own text: a card said again is the
    same bytes)."""
    out: dict[str, object] = {name: _hash(getattr(incoming, name)) for name in _SCALARS}
    out["job"] = _hash((incoming.organization, incoming.title))
    out["birthday"] = _hash(incoming.birthday)
    out["met_on"] = _hash(incoming.met_on)
    out["cadence_days"] = _hash(incoming.cadence_days)
    for name in _LISTS:
        out[name] = [h for h, _ in _items(incoming, name)]
    return out


def _updated_at(contact_id: int) -> str | None:
    row = db.execute_sql("SELECT updated_at FROM contact WHERE id = ?", [contact_id]).fetchone()
    return None if row is None else str(row[0])


def _memory(contact_id: int) -> dict | None:
    row = db.execute_sql(f"SELECT value FROM {Meta._meta.table_name} WHERE key = ?", [f"{PREFIX}{contact_id}"]).fetchone()
    if row is None:
        return None
    try:
        memo = json.loads(row[0])
    except ValueError:
        return None
    return memo if isinstance(memo, dict) and isinstance(memo.get("said"), dict) else None


def news(contact_id: int, incoming, now: dict[str, object]):
    """``incoming`` (whose fingerprint is ``now``) less what the last import of it into ``contact_id``
    already said (see the module)."""
    memo = _memory(contact_id)
    if memo is None or (memo.get("changed") and memo.get("before") == _updated_at(contact_id)):
        return incoming  # never imported, or that import was undone: all of it is news
    before = memo["said"]
    blank: dict[str, object] = {name: "" for name in _SCALARS if now[name] == before.get(name)}
    if now["job"] == before.get("job"):
        blank["organization"] = blank["title"] = ""
    if now["birthday"] == before.get("birthday"):
        blank["birthday"] = None
    if now["met_on"] == before.get("met_on"):
        blank["met_on"] = None
    if now["cadence_days"] == before.get("cadence_days"):
        blank["cadence_days"] = None
    for name in _LISTS:
        known = set(before.get(name) or ())
        blank[name] = [item for h, item in _items(incoming, name) if h not in known]
    return dataclasses.replace(incoming, **blank)


def before(contact_id: int) -> str | None:
    """The contact's ``updated_at`` before an import merges into it (for ``remember``)."""
    return _updated_at(contact_id)


def remember(contact_id: int, now: dict[str, object], before: str | None = None) -> None:
    """Remember what a card said about ``contact_id`` (``now``, its ``said``); ``before`` is the contact's
    ``updated_at`` before the merge (None for a contact the import created)."""
    changed = before is None or _updated_at(contact_id) != before
    if not changed:
        memo = _memory(contact_id)
        if memo is not None and memo["said"] == now:
            return  # the same card again, nothing merged: the memory stays as it is (a re-import writes nothing)
    value = json.dumps({"before": before, "changed": changed, "said": now}, separators=(",", ":"))
    db.execute_sql(f"INSERT OR REPLACE INTO {Meta._meta.table_name} (key, value) VALUES (?, ?)",
                   [f"{PREFIX}{contact_id}", value])


def forget(contact_ids: Iterable[int]) -> None:
    """Drop the memory of contacts about to be deleted. A deleted contact's id can be given to the next one
    added, and an import into that new person must not take the old card's fields as already said."""
    db.execute_sql(f"DELETE FROM {Meta._meta.table_name} WHERE key IN (SELECT ? || value FROM json_each(?))",
                   [PREFIX, json.dumps(list(contact_ids))])
