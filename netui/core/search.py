"""Finding contacts: the full-text index and the windowed list queries the TUI and CLI share.

Any typed text is a valid search, in the language ``netui.core.searchlang`` describes (words and
prefixes, ``-word``, ``"a phrase"``, ``tag:``, ``circle:``, ``is:overdue`` ...): words become FTS5 terms
of our own quoting, so nothing typed reaches FTS5 as syntax, and fields become WHERE clauses. Results come a window at a time (``page``), ordered on an index, so a list of 100,000
people costs the same to show as a list of ten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from netui.core import clock, searchlang
from netui.db import db

SORTS = ("name", "last-contact", "overdue", "strength")

_ORDER = {
    "name": "c.sort_name, c.id",
    "last-contact": "c.last_contact_at IS NULL, c.last_contact_at DESC, c.sort_name, c.id",
    "overdue": "c.next_due_at IS NULL, c.next_due_at, c.sort_name, c.id",
    "strength": "c.strength DESC, c.sort_name, c.id",
}


class ContactRow(NamedTuple):
    """What one line of the contact list shows."""

    id: int
    name: str
    organization: str
    title: str
    circle: str
    last_contact_at: str | None
    next_due_at: str | None
    strength: int
    strength_tier: str
    archived: bool
    strength_prev: int = 0  # the score 30 days earlier: the trend


@dataclass(frozen=True)
class Query:
    """A search as typed (the language is ``netui.core.searchlang``'s) and which list it searches."""

    text: str = ""
    archived: bool = False  # True: show archived contacts instead of active ones (is:archived overrides)
    now: dt.datetime | None = None  # what last:, is:due and is:overdue count from (default: the clock)

    @cached_property
    def compiled(self) -> searchlang.Compiled:
        return searchlang.compile_search(self.text, self.now or clock.now())

    @property
    def shows_archived(self) -> bool:
        """Whether the rows are archived people: the list's choice, unless the search said is:archived."""
        return self.archived if self.compiled.archived is None else self.compiled.archived

    def fts(self) -> str | None:
        return self.compiled.match()


def _where(query: Query) -> tuple[str, list]:
    return query.compiled.where(query.archived)


def count(query: Query) -> int:
    expr = query.fts()
    if expr and not query.archived and query.compiled.only_fts:
        # Counting through the index alone and taking away the (few) archived matches is 10-100x
        # cheaper than joining every match to the contact table: this runs on every keystroke.
        matches = db.execute_sql("SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?", [expr]).fetchone()[0]
        archived = db.execute_sql(
            "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ? "
            "AND rowid IN (SELECT id FROM contact WHERE archived = 1)", [expr]
        ).fetchone()[0]
        return matches - archived
    where, params = _where(query)
    return db.execute_sql(f"SELECT count(*) FROM contact c WHERE {where}", params).fetchone()[0]


def count_within(query: Query, bound: int) -> int | None:
    """The count when fewer than ``bound`` rows can match, else None: then it is worth a worker.

    A full-text search reads at most ``bound`` rows of the index here (a first letter matches most of
    100,000 people, and counting them all is what makes that key late); one that matches fewer is
    counted exactly, as cheaply as those few rows allow. Other searches are counted up to ``bound``.
    """
    expr = query.fts()
    if expr and not query.archived and query.compiled.only_fts:
        some = db.execute_sql(
            "SELECT count(*) FROM (SELECT 1 FROM contact_fts WHERE contact_fts MATCH ? LIMIT ?)", [expr, bound]
        ).fetchone()[0]
        return count(query) if some < bound else None
    where, params = _where(query)
    some = db.execute_sql(f"SELECT count(*) FROM (SELECT 1 FROM contact c WHERE {where} LIMIT ?)",
                          params + [bound]).fetchone()[0]
    return some if some < bound else None


def ids(query: Query) -> list[int]:
    """The id of everyone ``query`` finds, in no particular order: one query, for marking them all."""
    where, params = _where(query)
    return [cid for (cid,) in db.execute_sql(f"SELECT c.id FROM contact c WHERE {where}", params).fetchall()]


def page(query: Query, sort: str = "name", offset: int = 0, limit: int = 60) -> list[ContactRow]:
    """Rows ``offset`` to ``offset + limit`` of the list, in ``sort`` order."""
    where, params = _where(query)
    order = _ORDER.get(sort, _ORDER["name"])
    sql = (
        "SELECT c.id, c.name, c.organization, c.title, c.circle, c.last_contact_at, c.next_due_at, "
        f"c.strength, c.strength_tier, c.archived, c.strength_prev FROM contact c WHERE {where} ORDER BY {order} "
        "LIMIT ? OFFSET ?"
    )
    cursor = db.execute_sql(sql, params + [limit, offset])
    return [ContactRow._make((*row[:9], bool(row[9]), row[10])) for row in cursor.fetchall()]


# The same orders as sort keys that compare ascending, so "how many rows come before this one" is one
# row-value comparison: DESC columns are negated, NULLs-last becomes a leading IS NULL.
_KEYS = {
    "name": ("c.sort_name", "c.id"),
    "last-contact": ("c.last_contact_at IS NULL", "-coalesce(julianday(c.last_contact_at), 0)", "c.sort_name", "c.id"),
    "overdue": ("c.next_due_at IS NULL", "coalesce(c.next_due_at, '')", "c.sort_name", "c.id"),
    "strength": ("-c.strength", "c.sort_name", "c.id"),
}


def position(query: Query, sort: str, contact_id: int) -> int | None:
    """The row index of ``contact_id`` in the list, or None if it is not in it."""
    where, params = _where(query)
    keys = _KEYS.get(sort, _KEYS["name"])
    row = db.execute_sql(
        f"SELECT {', '.join(keys)} FROM contact c WHERE {where} AND c.id = ?", params + [contact_id]
    ).fetchone()
    if row is None:
        return None
    marks = ", ".join("?" * len(keys))
    return db.execute_sql(
        f"SELECT count(*) FROM contact c WHERE {where} AND ({', '.join(keys)}) < ({marks})", params + list(row)
    ).fetchone()[0]


# --- the index --------------------------------------------------------------------------------


def _documents(ids: list[int]) -> Iterable[tuple]:
    marks = ",".join("?" * len(ids))
    contacts = db.execute_sql(
        f"SELECT id, name, nickname, organization, title, note, how_met, reason FROM contact WHERE id IN ({marks})", ids
    ).fetchall()
    emails: dict[int, list[str]] = {}
    for cid, value in db.execute_sql(
        f"SELECT contact_id, value FROM contact_method WHERE kind = 'email' AND contact_id IN ({marks})", ids
    ):
        emails.setdefault(cid, []).append(value)
    tags: dict[int, list[str]] = {}
    for cid, name in db.execute_sql(
        f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id IN ({marks})",
        ids,
    ):
        tags.setdefault(cid, []).append(name)
    journal: dict[int, list[str]] = {}  # the dated journal is searched with the note: a word in it finds the person
    for cid, text in db.execute_sql(f"SELECT contact_id, text FROM journal WHERE contact_id IN ({marks}) ORDER BY id", ids):
        journal.setdefault(cid, []).append(text)
    for cid, name, nick, org, title, note, how_met, reason in contacts:
        yield (
            cid,
            f"{name} {nick}".strip(),
            f"{org} {title}".strip(),
            " ".join(emails.get(cid, [])),
            " ".join(tags.get(cid, [])),
            " ".join(part for part in (note, how_met, reason, *journal.get(cid, ())) if part),
        )


def reindex(ids: Iterable[int]) -> None:
    """Bring the full-text rows of these contacts up to date (call inside the write's transaction)."""
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        unindex(chunk)
        db.cursor().executemany(
            "INSERT INTO contact_fts(rowid, name, organization, emails, tags, note) VALUES (?, ?, ?, ?, ?, ?)",
            list(_documents(chunk)),
        )


def unindex(ids: Iterable[int]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.execute_sql(f"DELETE FROM contact_fts WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)


def rebuild() -> None:
    """Rebuild the whole index (after a bulk load)."""
    db.execute_sql("DELETE FROM contact_fts")
    ids = [row[0] for row in db.execute_sql("SELECT id FROM contact")]
    reindex(ids)
