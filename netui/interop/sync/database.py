"""The database side of sync: every contact read as a record (plain SQL, the whole address book is
read on every sync), and a record written back through the core's public functions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from netui.core import cards, contacts, fields, gives, interactions
from netui.core.contacts import ContactInput
from netui.core.dates import as_date, as_datetime, iso
from netui.core.errors import NotFound
from netui.db import db
from netui.interop.sync.records import Record, card_of, methods_of, plain_card


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
    history, given = _db_history(ids)
    card = cards.cards_of(ids)
    single = fields.sync_fields()
    columns = [c for f in single for c in f.db_columns]
    rows = db.execute_sql(
        f"SELECT id, uid, {', '.join(columns)}, updated_at FROM contact WHERE id IN ({marks}) ORDER BY id", ids
    ).fetchall()
    for row in rows:
        cid, uid, updated = row[0], row[1], row[-1]
        values: dict[str, Any] = {}
        at = 2
        for f in single:
            width = len(f.db_columns)
            values[f.key] = fields.stored(f, tuple(row[at : at + width]))
            at += width
        m = methods[cid]
        values.update({
            "emails": m.get("email", []), "phones": m.get("phone", []), "urls": m.get("url", []),
            "tags": sorted(set(tags[cid])), "interactions": sorted(history[cid]), "gives": sorted(given[cid]),
        })
        values.update(plain_card(card[cid]))
        held = card[cid].photo
        photo = held if isinstance(held, cards.PhotoData) else None
        yield cid, Record(uid, values, photo=photo), dt.datetime.fromisoformat(str(updated))


def _db_history(ids: list[int]) -> tuple[dict[int, list[list]], dict[int, list[list]]]:
    """Interactions and gives of some contacts, as record items."""
    marks = ",".join("?" * len(ids))
    history: dict[int, list[list]] = defaultdict(list)
    for cid, at, kind, summary, note in db.execute_sql(
        f"SELECT contact_id, occurred_at, kind, summary, note FROM interaction WHERE contact_id IN ({marks})", ids
    ):
        history[cid].append([as_datetime(at).isoformat(), kind, summary or "", note or ""])
    given: dict[int, list[list]] = defaultdict(list)
    for cid, kind, direction, status, created, done, text, outcome in db.execute_sql(
        "SELECT contact_id, kind, direction, status, created_on, done_on, text, outcome FROM give "
        f"WHERE contact_id IN ({marks})", ids,
    ):
        given[cid].append([kind, direction, status, iso(as_date(created)) or "", iso(as_date(done)) or "", text, outcome or ""])
    return history, given


# Everything a record is made of, per contact, as text: hashed, it says whether a contact may have
# changed since the last sync without building its record (the whole book is read on every sync).
# One grouped query per table: tables most people have no rows in (addresses, photos) cost nothing.
_PARTS = (  # (rows, the text of one row), each ordered by contact and id
    ("contact_method", "id||'|'||kind||'|'||value||'|'||label||'|'||preferred||'|'||position"),
    ("contact_tag ct JOIN tag t ON t.id = ct.tag_id", "t.id||'|'||t.name"),
    ("interaction", "id||'|'||occurred_at||'|'||kind||'|'||summary||'|'||note"),
    ("give", "id||'|'||kind||'|'||direction||'|'||status||'|'||created_on||'|'||coalesce(done_on, '')||'|'||text||'|'||"
             "outcome"),
    ("address", "id||'|'||label||'|'||street||'|'||locality||'|'||region||'|'||postal_code||'|'||country||'|'||"
                "preferred||'|'||position"),
    ("contact_date", "id||'|'||label||'|'||date||'|'||position"),
    ("related", "id||'|'||label||'|'||name||'|'||position"),
    ("profile", "id||'|'||service||'|'||value||'|'||position"),
    ("photo", "id||'|'||media_type||'|'||url||'|'||coalesce(length(data), -1)"),
)


def fingerprints(ids: list[int] | None = None) -> dict[int, tuple[str, str]]:
    """contact id -> (uid, a hash of everything its record is made of), a query per table.

    Equal to the last sync's: the contact has not changed since, and its record need not be built.
    Different: it may have (rows rewritten as they were also differ), and its record is compared.
    """
    columns = ", ".join(f"{col}" for f in fields.sync_fields() for col in f.db_columns)
    marks = f"IN ({','.join('?' * len(ids))})" if ids is not None else ""
    params = list(ids or [])
    rows = db.execute_sql(f"SELECT id, uid, {columns} FROM contact" + (f" WHERE id {marks}" if marks else ""), params)
    uids: dict[int, str] = {}
    text: dict[int, list[str]] = {}
    for row in rows:
        uids[row[0]] = row[1]
        text[row[0]] = [repr(row[1:])]
    for n, (rows_of, one) in enumerate(_PARTS):
        owner = "ct.contact_id" if " ct " in rows_of else "contact_id"
        key = "ct.rowid" if " ct " in rows_of else "id"
        where = f" WHERE {owner} {marks}" if marks else ""
        sql = (f"SELECT cid, group_concat(x, char(30)) FROM (SELECT {owner} AS cid, {one} AS x FROM {rows_of}{where}"
               f" ORDER BY {owner}, {key}) GROUP BY cid")
        for cid, part in db.execute_sql(sql, params):
            if cid in text:
                text[cid].append(f"{n}:{part}")
    return {cid: (uids[cid], hashlib.sha1("\x1d".join(parts).encode("utf-8")).hexdigest()[:20])
            for cid, parts in text.items()}


def local_records(ids: list[int] | None = None) -> Iterator[tuple[int, Record, dt.datetime]]:
    """(contact id, record, updated_at) for the given contacts, or all, a few queries per 500."""
    if ids is None:
        ids = [cid for (cid,) in db.execute_sql("SELECT id FROM contact ORDER BY id")]
    for start in range(0, len(ids), 500):
        yield from _chunk_records(ids[start : start + 500])


def local_record(contact_id: int) -> tuple[Record, dt.datetime]:
    found = list(local_records([contact_id]))
    if not found:
        raise NotFound(f"there is no contact #{contact_id} (deleted while syncing?)")
    return found[0][1], found[0][2]


def contact_input(record: Record, *, new: bool) -> ContactInput:
    """A record as the change ``contacts.create``/``contacts.update`` make: every field set (or cleared)."""
    methods = methods_of(record)
    return dataclasses.replace(
        ContactInput.from_plain(record.values, new=new), uid=record.uid if new else None,
        emails=methods["emails"], phones=methods["phones"], urls=methods["urls"], tags=list(record.values["tags"]),
        card=card_of(record),
    )


def store(record: Record, contact_id: int | None, now: dt.datetime) -> int:
    """Write ``record`` into the database (a new contact when ``contact_id`` is None); returns its id.

    Its interactions and gives become the record's, with the dates the record gives them.
    """
    with db.atomic():
        if contact_id is None:
            contact_id = contacts.create(contact_input(record, new=True), now)
        else:
            contacts.update(contact_id, contact_input(record, new=False), now)
        interactions.replace(contact_id, [
            interactions.InteractionItem(dt.datetime.fromisoformat(at), kind, summary, note)
            for at, kind, summary, note in record.values["interactions"]
        ], now)
        gives.replace(contact_id, [
            gives.GiveItem(kind, direction, status, dt.date.fromisoformat(created),
                           dt.date.fromisoformat(done) if done else None, text, outcome)
            for kind, direction, status, created, done, text, outcome in record.values["gives"]
        ], now)
    return contact_id
