"""Some people, written out: the people marked in the app, or found by ``netui export --search``.

The same writers as the export of everyone (vCard, Google CSV), given the ids; JSON is the people as
``netui list --json`` prints them (the backup is a whole database: ``netui export --format json``).
People come out by name. ``save`` writes a file as every netui file is written: 0600, in a folder it
makes 0700, whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from netui.core import relations, strength, views
from netui.db.models import Contact
from netui.interop import csvfiles, files, vcard

FORMATS = {"vcard": ".vcf", "csv": ".csv", "json": ".json"}  # what a selection can be written as, and its suffix
CHUNK = 500  # ids per IN (...) list
WALK_FROM = 2000  # more people than this are put in order by walking the whole list once


def by_name(contact_ids: Iterable[int]) -> list[int]:
    """``contact_ids`` in the list's order (by name), once each; ids of nobody are left out.

    A few are looked up; many (everyone a broad search marked) are picked out of one walk of the name
    index, which at 100,000 people is ten times quicker than sorting what a chunked lookup returns."""
    wanted = set(contact_ids)
    if len(wanted) > WALK_FROM:
        walk = Contact.select(Contact.id).order_by(Contact.sort_name, Contact.id).tuples()
        return [cid for (cid,) in walk if cid in wanted]
    ids = list(wanted)
    rows = [row for start in range(0, len(ids), CHUNK)
            for row in Contact.select(Contact.sort_name, Contact.id).where(Contact.id.in_(ids[start : start + CHUNK]))
            .tuples()]
    return [cid for _, cid in sorted(rows)]


def people_json(ids: list[int]) -> list[dict]:
    """``ids`` as ``netui list --json`` has them: the contact's fields, strength, trend and relations."""
    cached = {cid: {"strength": score, "tier": tier, "trend": strength.trend_for(score, prev)}
              for start in range(0, len(ids), CHUNK)
              for cid, score, tier, prev in Contact.select(Contact.id, Contact.strength, Contact.strength_tier,
                                                           Contact.strength_prev)
              .where(Contact.id.in_(ids[start : start + CHUNK])).tuples()}
    related = relations.of_many(ids)
    return [d | cached[d["id"]] | {"relations": [relations.as_dict(x) for x in related.get(d["id"], [])]}
            for d in views.contact_dicts(ids)]


def write(out: TextIO, contact_ids: Iterable[int], fmt: str, now: dt.datetime, version: str = "3.0") -> int:
    """The people of ``contact_ids`` (by name) to ``out`` as ``fmt`` (one of ``FORMATS``); returns how many."""
    ids = by_name(contact_ids)
    if fmt == "vcard":
        return vcard.write(out, now, version, ids=ids)
    if fmt == "csv":
        return csvfiles.write(out, now, ids=ids)
    if fmt != "json":
        raise ValueError(f"{fmt!r} is not a format for some people (use one of {', '.join(FORMATS)})")
    people = people_json(ids)
    out.write(json.dumps(people, ensure_ascii=False, indent=2, default=str) + "\n")
    return len(people)


def format_of(path: Path) -> str | None:
    """The format a file name's suffix says (``.vcf``, ``.vcard``, ``.csv``, ``.json``), or None."""
    suffix = path.suffix.lower()
    return "vcard" if suffix == ".vcard" else next((f for f, s in FORMATS.items() if s == suffix), None)


def free_name(folder: Path, fmt: str, now: dt.datetime) -> Path:
    """``marked-2026-12-04.vcf`` in ``folder``, or ``marked-2026-12-04-2.vcf`` (and on) when that is taken
    in any of the formats: what an export of the people marked is offered as."""
    stem = f"marked-{now:%Y-%m-%d}"
    n = 1
    while any((folder / f"{stem}{suffix}").exists() for suffix in FORMATS.values()):
        n += 1
        stem = f"marked-{now:%Y-%m-%d}-{n}"
    return folder / f"{stem}{FORMATS[fmt]}"


def save(path: Path, contact_ids: Iterable[int], fmt: str, now: dt.datetime) -> int:
    """Write the people to the file ``path`` (0600; its missing folders made 0700), replacing it whole.

    A folder, or a name in a folder that cannot be made, is an ``OSError`` saying which; nothing is
    left half written."""
    path = path.expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder: name a file in it")
    files.private_folder(path.parent)
    with files.atomic_text(path) as out:
        return write(out, contact_ids, fmt, now)
