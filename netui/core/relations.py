"""Relations: typed, two-sided links between contacts (family, colleague, manager, introduced by...).

A relation is stored once, as ``b`` is ``a``'s ``kind``: "Sam introduced-by Gary" means Gary introduced
Sam; "Ada manager Bob" means Bob is Ada's manager. Each side reads it with its own word: Sam's pane
says "introduced by Gary", Gary's says "introduced Sam"; Ada's says "manager Bob", Bob's "report Ada".
A reverse word typed in (``--as report``, ``--as introduced``) is stored the other way round, so the
same link is never kept twice. ``custom`` carries its own words in ``label``; any other kind may carry
a label too ("sister"), shown on both sides.

Every write is one transaction. It leaves both contacts' rows as they are (``updated_at`` too), so
that undoing one of two relations made in a row is not a conflict over the contact's time stamp.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from netui.core import lookup
from netui.core.errors import RelationError as RelationError
from netui.core.text import fold, sanitize
from netui.db import db
from netui.db.models import Relation

# kind -> (the word on a's side, naming b; the word on b's side, naming a; the reverse kind's name).
KINDS: dict[str, tuple[str, str, str]] = {
    "family": ("family", "family", "family"),
    "partner": ("partner", "partner", "partner"),
    "colleague": ("colleague", "colleague", "colleague"),
    "manager": ("manager", "report", "report"),
    "friend": ("friend", "friend", "friend"),
    "introduced-by": ("introduced by", "introduced", "introduced"),
    "met-through": ("met through", "connected you with", "connected"),
    "custom": ("", "", "custom"),
}
STORED = tuple(KINDS)
# A reverse name typed in: stored as its kind with the two people swapped.
REVERSE = {rev: kind for kind, (_, _, rev) in KINDS.items() if rev != kind}
TYPES = (*STORED, *REVERSE)  # every word `--as` takes
ALIASES = {
    "spouse": "partner", "wife": "partner", "husband": "partner", "co-worker": "colleague", "coworker": "colleague",
    "boss": "manager", "reports-to": "manager", "introduced by": "introduced-by", "introducer": "introduced-by",
    "met through": "met-through", "met-via": "met-through", "kin": "family",
}
SYMMETRIC = frozenset(k for k, (_, _, rev) in KINDS.items() if rev == k)
MAX_LABEL = 80


class Related(NamedTuple):
    """One relation as one side sees it: ``type`` is what the other person is to this one."""

    id: int
    type: str  # a name of TYPES: "introduced-by" on Sam's side, "introduced" on Gary's
    label: str
    contact_id: int  # the other person
    name: str
    uid: str

    @property
    def words(self) -> str:
        """What the pane says before the name: "introduced by", "report", or a custom label."""
        if self.type == "custom":
            return self.label or "related"
        word = KINDS[self.type][0] if self.type in KINDS else KINDS[REVERSE[self.type]][1] if self.type in REVERSE else self.type
        return f"{word} ({self.label})" if self.label else word


def parse_type(text: str) -> str:
    """A type as typed (``Manager``, ``introduced by``, ``spouse``) as one of ``TYPES``."""
    key = "-".join((text or "").strip().casefold().replace("_", "-").split())
    key = ALIASES.get(key, ALIASES.get(key.replace("-", " "), key))
    if key not in TYPES:
        raise RelationError(f"unknown relation {sanitize(text)!r} (use one of {', '.join(TYPES)})")
    return key


def _label(text: str | None) -> str:
    return sanitize(text or "", limit=MAX_LABEL)


def stored(a: int, b: int, type_: str) -> tuple[int, int, str]:
    """The row a relation is kept as: a reverse type swaps the two people."""
    if type_ in REVERSE:
        return b, a, REVERSE[type_]
    return a, b, type_


def _same(a: int, b: int, kind: str, label: str):
    """The rows that would say the same as (a, b, kind, label): either order for a symmetric kind."""
    pair = (Relation.a == a) & (Relation.b == b)
    if kind in SYMMETRIC:
        pair = pair | ((Relation.a == b) & (Relation.b == a))
    query = Relation.select().where(pair & (Relation.kind == kind))
    return [r for r in query if kind != "custom" or fold(r.label) == fold(label)]


def add(a: int, b: int, type_: str, now: dt.datetime, *, label: str = "") -> int:
    """Record that ``b`` is ``a``'s ``type_`` (one of ``TYPES``); returns the relation's id.

    Refused: someone related to themselves, a custom relation without words, and a link already there."""
    type_ = parse_type(type_)
    words = _label(label)
    if a == b:
        raise RelationError("a contact cannot be related to themselves")
    if type_ == "custom" and not words:
        raise RelationError("a custom relation needs words: --label TEXT (say 'godmother', 'neighbour')")
    with db.atomic():
        first, second = lookup.get(a), lookup.get(b)
        ra, rb, kind = stored(a, b, type_)
        if _same(ra, rb, kind, words):
            seen = Related(0, type_, words if type_ == "custom" else "", b, second.name, second.uid)
            raise RelationError(f"already recorded: {first.name} — {seen.words} {second.name}")
        row = Relation.create(a=ra, b=rb, kind=kind, label=words, created_at=now)
    return row.id


def with_introducer(make: Callable[[], int], introducer: int | None, now: dt.datetime) -> int:
    """Run ``make`` (it adds or changes a contact and returns their id) and record that ``introducer``
    introduced them, as one transaction: how-met pointing at a person. Already recorded: left as it is."""
    with db.atomic():
        contact_id = make()
        if introducer is not None and not _same(contact_id, introducer, "introduced-by", ""):
            add(contact_id, introducer, "introduced-by", now)
    return contact_id


def restore(a: int, b: int, type_: str, label: str, now: dt.datetime) -> bool:
    """A relation from a backup (each side holds it), unless it is already here; True if added.

    Nothing is refused and nobody's ``updated_at`` moves: a restore gives back what was."""
    type_ = parse_type(type_)
    words = _label(label)
    ra, rb, kind = stored(a, b, type_)
    if a == b or (kind == "custom" and not words) or _same(ra, rb, kind, words):
        return False
    Relation.create(a=ra, b=rb, kind=kind, label=words, created_at=now)
    return True


def _words(type_: str, label: str) -> str:
    return label if type_ == "custom" else type_.replace("-", " ")


def remove(a: int, b: int, type_: str | None = None, *, label: str | None = None) -> int:
    """Remove the relations between ``a`` and ``b`` (only those of ``type_`` if given); returns how many.

    ``RelationError`` when there is none to remove."""
    kind = None
    if type_ is not None:
        type_ = parse_type(type_)
        ra, rb, kind = stored(a, b, type_)
    with db.atomic():
        pair = ((Relation.a == a) & (Relation.b == b)) | ((Relation.a == b) & (Relation.b == a))
        query = Relation.select().where(pair)
        rows = list(query)
        if kind is not None:
            rows = [r for r in rows if r.kind == kind and (kind in SYMMETRIC or (r.a_id, r.b_id) == (ra, rb))]
        if label is not None:
            rows = [r for r in rows if fold(r.label) == fold(_label(label))]
        if not rows:
            first, second = lookup.get(a), lookup.get(b)
            what = f" as {_words(type_, label or '')}" if type_ else ""
            raise RelationError(f"{first.name} and {second.name} are not related{what}")
        Relation.delete().where(Relation.id.in_([r.id for r in rows])).execute()
    return len(rows)


def delete(relation_id: int) -> None:
    """Remove one relation by its id (the pane's d)."""
    with db.atomic():
        row = Relation.get_or_none(Relation.id == relation_id)
        if row is None:
            raise RelationError(f"there is no relation #{relation_id}")
        row.delete_instance()


def of(contact_id: int) -> list[Related]:
    """Everyone related to ``contact_id``, each with the word from this side, by name."""
    return of_many([contact_id]).get(contact_id, [])


def of_many(contact_ids: list[int]) -> dict[int, list[Related]]:
    """``of`` for many contacts in two queries per 500 (the JSON list and the backup)."""
    out: dict[int, list[Related]] = {}
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            "SELECT r.id, r.a_id, r.b_id, r.kind, r.label, c.name, c.uid, c.sort_name, 0 FROM relation r "
            f"JOIN contact c ON c.id = r.b_id WHERE r.a_id IN ({marks}) "
            "UNION ALL SELECT r.id, r.b_id, r.a_id, r.kind, r.label, c.name, c.uid, c.sort_name, 1 FROM relation r "
            f"JOIN contact c ON c.id = r.a_id WHERE r.b_id IN ({marks}) ORDER BY 2, 8, 1",
            chunk + chunk,
        ).fetchall()
        for rid, me, other, kind, label, name, uid, _sort, reverse in rows:
            out.setdefault(me, []).append(seen(rid, kind, label, other, name, uid, bool(reverse)))
    return out


def seen(relation_id: int, kind: str, label: str | None, other: int, name: str, uid: str, reverse: bool) -> Related:
    """A stored row as one side sees it: from ``b``'s side (``reverse``) its kind reads the other way."""
    type_ = KINDS.get(kind, (kind, kind, kind))[2] if reverse else kind
    return Related(relation_id, type_, label or "", other, name, uid)


def as_dict(r: Related) -> dict:
    """One relation in the JSON (``show``, ``list``, the backup): ``{type, label, contact_id, name}``."""
    return {"type": r.type, "label": r.label, "contact_id": r.contact_id, "name": r.name}
