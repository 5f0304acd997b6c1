"""Merging two versions of one person: a pure three-way merge of records, field by field.

A field only one side changed since the last sync (the *base*, held as field hashes) takes that side's
value. A field both changed: lists are united (nothing is dropped when in doubt), a single value keeps
netui's and appends the other to the note as ``from sync conflict: <field>: <value>``. Without a
base (never synced together, or vdirsyncer's two files), every difference is such a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from netui.core.contacts import normalize_method
from netui.interop.sync.records import METHOD_KINDS, MULTI, Record, own, record_fields, short, words


def _empty(value: object) -> bool:
    return value in (None, "", [], False)


def _show(f: str, value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _method_key(kind: str, item: list) -> str:
    return normalize_method(kind, item[0]) or item[0].casefold()


def _union(f: str, local: list, remote: list) -> list:
    """Both sides' items: methods by what merging compares, gives by kind, text and date, the rest as equal."""
    if f in METHOD_KINDS:
        kind = METHOD_KINDS[f]
        seen = {_method_key(kind, m) for m in local}
        return list(local) + [m for m in remote if _method_key(kind, m) not in seen]
    if f == "gives":
        keys = {(g[0], g[5], g[3]) for g in local}
        return sorted(list(local) + [g for g in remote if (g[0], g[5], g[3]) not in keys])
    if f == "tags":
        return sorted(set(local) | set(remote))
    seen_items = {json.dumps(x, ensure_ascii=False) for x in local}
    return sorted(list(local) + [x for x in remote if json.dumps(x, ensure_ascii=False) not in seen_items])


def _give_differences(local: list, remote: list) -> list[str]:
    """Gives both sides have (same kind, text and date) but left in different states: theirs, in words."""
    mine = {(g[0], g[5], g[3]): g for g in local}
    out = []
    for g in remote:
        other = mine.get((g[0], g[5], g[3]))
        if other is not None and other != g:
            state = f"{g[1]}, {g[2]}" + (f" on {g[4]}" if g[4] else "") + (f", outcome: {g[6]}" if g[6] else "")
            out.append(f"give “{g[5]}”: {state}")
    return out


@dataclass
class Merged:
    record: Record
    both_changed: list[str]  # fields both sides changed differently (words for the report)
    aside: list[str]  # "field: their value" lines appended to the note
    choices: list[tuple[str, object, object]] = field(default_factory=list)  # (field, netui's, theirs) to pick from


def merge_records(base: dict[str, str] | None, local: Record, remote: Record) -> Merged:
    """Three-way merge of one person: ``base`` holds the field hashes agreed at the last sync (None: never).

    A field only one side changed takes that side's value; a field both changed is united (lists) or
    keeps netui's value with the other appended to the note. Nothing either side holds is dropped,
    except what one side deliberately removed from a field the other did not touch.
    """
    out: dict[str, object] = {}
    both: list[str] = []
    aside: list[str] = []
    choices: list[tuple[str, object, object]] = []
    netui_only, named = own(), words()
    for f in record_fields():
        lv, rv = local.values[f], remote.values[f]
        if f in netui_only and not remote.own:
            out[f] = lv
            continue
        if lv == rv:
            out[f] = lv
            continue
        known = base is not None and f in base  # an older netui's base has no hash for the card's data
        if known and short(lv) == base.get(f):  # type: ignore[union-attr]
            out[f] = rv  # only the folder changed it
            continue
        if known and short(rv) == base.get(f):  # type: ignore[union-attr]
            out[f] = lv  # only netui changed it
            continue
        if f in MULTI:
            out[f] = _union(f, lv, rv)
            if f == "gives":
                aside += _give_differences(lv, rv)
            if known:
                both.append(named[f])
            continue
        if _empty(rv):
            out[f] = lv
        elif _empty(lv):
            out[f] = rv
        elif f == "photo":
            out[f] = lv  # netui's photo stays; the other is the conflict's to offer
            both.append(named[f])
        elif f == "note":
            a, b = str(lv), str(rv)
            out[f] = a if b.strip() in a else b if a.strip() in b else a
            if out[f] == a and b.strip() not in a:
                aside.append(f"note: {b}")
            if known:
                both.append(named[f])
        else:
            out[f] = lv
            aside.append(f"{named[f]}: {_show(f, rv)}")
            both.append(named[f])
            choices.append((f, lv, rv))
    note = str(out["note"] or "")
    for line in aside:
        line = f"from sync conflict: {line}"
        if line not in note:
            note = (note.rstrip() + "\n\n" + line) if note.strip() else line
    out["note"] = note
    photo = local.photo if out["photo"] == local.values["photo"] else remote.photo
    return Merged(Record(local.uid or remote.uid, out, own=True, photo=photo), both, aside, choices)
