"""Who looks like someone already in the network: before an add, and as a list of likely pairs.

Two contacts look like one person when they share an email, or a phone (its last nine digits, as
``contacts.normalize_method`` keeps them, seven digits at least), or have a close name and the same
organisation (both empty counts as the same). A *close name* is the same first and last word, ignoring
case, dots, commas, middle names and the order: "Grace Hopper", "grace b. hopper" and "Hopper,
Grace" are close; "Grace Kelly" is not (nor, for now, "Gráce Hopper": accents count).

The list is SQL grouping (a method's indexed ``norm``; the name key, a small function registered on
the connection, over ``sort_name``), so at 100,000 people it is a few grouped scans, never a comparison of every pair.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import combinations
from typing import NamedTuple

from netui.core.contacts import ContactInput, Method, normalize_method
from netui.core.errors import ContactError
from netui.core.text import fold, sanitize
from netui.db import db

MIN_PHONE_DIGITS = 7  # as merging: "123" or "0" says nothing about who someone is
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_GROUP = 12  # more people than this sharing one key (a switchboard, a shared inbox) are listed as a star


def name_key(name: str | None) -> str:
    """What close names have in common: the first and the last word, folded, the smaller first.

    The list computes it from ``contact.sort_name``, which is already ``fold(sanitize(name))``.
    """
    return _fast_key(fold(sanitize(name or "")))


def _same_org(a: str | None, b: str | None) -> bool:
    return fold(sanitize(a or "")) == fold(sanitize(b or ""))


class Match(NamedTuple):
    """An existing contact that looks like the one being added, and why."""

    contact_id: int
    name: str
    reason: str  # same email | same phone | a close name
    detail: str = ""  # which email or phone, or at which organisation


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _methods(data: ContactInput) -> list[Method]:
    return [*(data.emails or []), *(data.phones or []), *data.add_methods]


def similar(data: ContactInput, *, exclude: int | None = None) -> list[Match]:
    """Existing contacts that look like ``data`` (what an add is about to save), each once."""
    found: dict[int, Match] = {}

    def add(cid: int, name: str, reason: str, detail: str) -> None:
        if cid != exclude and cid not in found:
            found[cid] = Match(cid, name, reason, detail)

    for kind in ("email", "phone"):
        norms = {}
        for m in _methods(data):
            if m.kind == kind and sanitize(m.value):
                norm = normalize_method(kind, sanitize(m.value))
                if kind == "email" or len(norm) >= MIN_PHONE_DIGITS:
                    norms[norm] = sanitize(m.value)
        if not norms:
            continue
        rows = db.execute_sql(
            "SELECT DISTINCT m.contact_id, c.name, m.norm FROM contact_method m JOIN contact c ON c.id = m.contact_id "
            f"WHERE m.kind = ? AND m.norm IN ({_marks(list(norms))}) ORDER BY m.contact_id", [kind, *norms],
        ).fetchall()
        for cid, name, norm in rows:
            add(cid, name, f"same {kind}", norms[norm])
    key = name_key(data.name)
    if key:
        # The index finds everyone with both words in their name; the key and the organisation decide.
        words = _WORD.findall(key)
        rows = db.execute_sql(
            "SELECT c.id, c.name, c.organization FROM contact c WHERE c.id IN "
            "(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?) ORDER BY c.id",
            [" AND ".join(f'name : "{w}"' for w in words)],
        ).fetchall() if words else []
        for cid, name, org in rows:
            if name_key(name) == key and _same_org(org, data.organization):
                add(cid, name, "a close name", f"at {sanitize(org)}" if org else "and no organisation")
    return list(found.values())


class SecondSave:
    """For a form: refuses the first save of someone who looks like an existing contact, saying who; a
    second save that matches the same people goes through (the person has seen the warning)."""

    def __init__(self) -> None:
        self._warned: tuple[int, ...] | None = None

    def check(self, data: ContactInput) -> None:
        same = similar(data)
        seen = tuple(m.contact_id for m in same)
        if not same or seen == self._warned:
            return
        self._warned = seen
        raise ContactError(f"{describe(same, short=True)}: save again to add")


def describe(same: list[Match], *, short: bool = False) -> str:
    """One line naming who an add looks like, and why (``short``: without the email, phone or organisation)."""
    first = same[0]
    more = f", and {len(same) - 1} more" if len(same) > 1 else ""
    why = first.reason if short or not first.detail else f"{first.reason} {first.detail}"
    return f"looks like #{first.contact_id} {first.name} ({why}{more})"


# --- the list -------------------------------------------------------------------------------------


class Pair(NamedTuple):
    a: int
    a_name: str
    b: int
    b_name: str
    reasons: tuple[str, ...]


def _fast_key(sort_name: str) -> str:
    """``name_key`` of a stored ``sort_name`` (already folded and clean): what the grouping calls per row."""
    words = sort_name.replace(".", " ").replace(",", " ").split()
    if not words:
        return ""
    return f"{min(words[0], words[-1])} {max(words[0], words[-1])}"


def _groups() -> Iterable[tuple[str, list[tuple[int, str]]]]:
    """Each key several contacts share, with why, and their ids and names (by id)."""
    # The norms that occur twice come from the norm index alone; only their rows are read.
    rows = db.execute_sql(
        "SELECT m.kind, m.norm, m.value, m.contact_id, c.name FROM contact_method m JOIN contact c ON c.id = m.contact_id "
        "WHERE m.norm IN (SELECT norm FROM contact_method GROUP BY norm HAVING count(*) > 1) "
        "AND m.norm != '' AND (m.kind = 'email' OR (m.kind = 'phone' AND length(m.norm) >= ?)) "
        "ORDER BY m.kind DESC, m.norm, m.contact_id", [MIN_PHONE_DIGITS],
    )
    shared: dict[tuple[str, str], tuple[str, dict[int, str]]] = {}
    for kind, norm, value, cid, name in rows.fetchall():
        shared.setdefault((kind, norm), (value, {}))[1][cid] = name
    for (kind, _), (value, people) in shared.items():
        if len(people) > 1:
            yield f"same {kind} {value}", sorted(people.items())
    db.connection().create_function("netui_name_key", 1, _fast_key, deterministic=True)
    rows = db.execute_sql(
        "SELECT min(org), json_group_array(id), json_group_array(name) FROM (SELECT id, name, organization AS org, "
        "netui_name_key(sort_name) AS k, lower(trim(organization)) AS o FROM contact ORDER BY id) "
        "WHERE k != '' GROUP BY k, o HAVING count(*) > 1"
    )
    for org, ids, names in rows.fetchall():
        namesakes = sorted(zip(json.loads(ids), json.loads(names), strict=True))
        yield "a close name" + (f" at {org}" if org else ", and no organisation"), namesakes


def pairs() -> list[Pair]:
    """Likely duplicates, each pair once with every reason, in order of the first contact's id."""
    reasons: dict[tuple[int, int], list[str]] = {}
    names: dict[int, str] = {}
    for reason, people in _groups():
        names.update(people)
        ids = [cid for cid, _ in people]
        linked = combinations(ids, 2) if len(ids) <= MAX_GROUP else ((ids[0], other) for other in ids[1:])
        for pair in linked:
            reasons.setdefault(pair, []).append(reason)
    return [Pair(a, names[a], b, names[b], tuple(why)) for (a, b), why in sorted(reasons.items())]
