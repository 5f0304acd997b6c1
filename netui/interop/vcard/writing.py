"""Contacts written as vCard 3.0 (escaped, folded at 75 octets), netui's own fields as ``X-NETUI-*``
properties, so a round trip through a file keeps everything a contact card holds.

A card is written from a ``CardRecord``: plain values by the keys of ``netui.core.fields``, as
``contacts.contact_dict`` gives them, whether they come from the database or from sync's merge.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from netui import __version__
from netui.core import cards as card_data
from netui.core import fields
from netui.core.contacts import Method
from netui.core.dates import as_datetime
from netui.db.models import Contact, ContactMethod, ContactTag, Tag
from netui.interop.vcard import extras
from netui.interop.vcard.params import types_for

PRODID = f"-//netui//netui {__version__}//EN"
OMIT_YEAR = 1604  # Apple's (and CardBook's) placeholder year for a birthday without one


_METHODS = {"emails": "email", "phones": "phone", "urls": "url"}


@dataclass(frozen=True)
class CardRecord:
    """One contact as plain values, what a card (or a CSV row) is written from.

    ``values`` holds a value for each key of ``netui.core.fields`` (as ``contacts.contact_dict``
    gives it), except that ``emails``, ``phones`` and ``urls`` are lists of ``Method``, ``tags``
    a list of names, and ``addresses``, ``dates``, ``related``, ``profiles`` and ``photo`` the values
    of ``netui.core.cards`` (a record without them writes none).
    """

    uid: str
    values: Mapping[str, Any]
    updated_at: dt.datetime

    def methods(self, key: str) -> list[Method]:
        return list(self.values.get(key) or [])

    def tags(self) -> list[str]:
        return list(self.values.get("tags") or [])


def contact_rows(ids: list[int]) -> Iterator[CardRecord]:
    """Contacts as card records, with their methods and tags, a few queries per 500 contacts."""
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        methods: dict[int, dict[str, list[Method]]] = {cid: {"email": [], "phone": [], "url": []} for cid in chunk}
        for m in ContactMethod.select().where(ContactMethod.contact.in_(chunk)).order_by(
            ContactMethod.contact, ContactMethod.kind, ContactMethod.position, ContactMethod.id
        ):
            methods[m.contact_id].setdefault(m.kind, []).append(Method(m.kind, m.value, m.label, m.preferred))
        tags: dict[int, list[str]] = {cid: [] for cid in chunk}
        for cid, name in (
            ContactTag.select(ContactTag.contact, card_data.tag_shown()).join(Tag).where(ContactTag.contact.in_(chunk))
            .order_by(Tag.name).tuples()
        ):
            tags[cid].append(name)
        by_id = {c.id: c for c in Contact.select().where(Contact.id.in_(chunk))}
        card = card_data.cards_of([cid for cid in chunk if cid in by_id])
        for cid in chunk:
            if cid in by_id:
                yield record_of(by_id[cid], methods[cid], tags[cid], card[cid])


def record_of(contact: Contact, methods: Mapping[str, list[Method]], tags: list[str],
              card: card_data.CardData | None = None) -> CardRecord:
    """A contact (a model object) with its methods, tags and card data as a card record."""
    values: dict[str, Any] = {}
    for f in fields.FIELDS:
        if f.kind == "methods":
            values[f.key] = list(methods.get(_METHODS[f.key], []))
        elif f.kind == "tags":
            values[f.key] = list(tags)
        elif f.kind == "card":
            values[f.key] = getattr(card, f.key, None)
        else:
            values[f.key] = fields.of_model(f, contact)
    return CardRecord(contact.uid, values, as_datetime(contact.updated_at))


def escape(text: str) -> str:
    """A text value as vCard 3.0 writes it: backslash, newline, comma and semicolon escaped."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text.replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 2426 3.1.1) without splitting a UTF-8 sequence."""
    if len(line) <= 75 and len(line.encode("utf-8")) <= 75:
        return line + "\r\n"
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out) + "\r\n"


def _prop(name: str, value: str, params: str = "", group: str = "") -> str:
    return fold(f"{group + '.' if group else ''}{name}{params}:{value}")


def _method_lines(name: str, m: Method, counter: list[int], extra: tuple[str, ...] = ()) -> str:
    """An EMAIL/TEL/URL line; a label that TYPE cannot carry goes in an Apple X-ABLabel of its group."""
    types = types_for(m.label, extra) if m.label else []
    group = ""
    if types is None:
        counter[0] += 1
        group, types = f"item{counter[0]}", []
    types = list(extra) + types + (["pref"] if m.preferred else [])
    text = _prop(name, escape(m.value), f";TYPE={','.join(types)}" if types else "", group)
    if group:
        text += _prop("X-ABLABEL", escape(m.label), group=group)
    return text


def card_text(record: CardRecord) -> str:
    """A contact as a vCard 3.0 card: CRLF line ends, folded at 75 octets, netui's fields as X-NETUI-*.

    The properties come in the order of ``fields.vcard_order()``. Written here rather than by
    vobject, which takes about ten times as long per card; the tests read the result back with
    vobject and with khard.
    """
    v = record.values
    parts = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\n", _prop("PRODID", PRODID), _prop("UID", escape(record.uid)),
        _prop("FN", escape(str(v["name"]))),
        _prop("N", f"{escape(str(v.get('family_name') or ''))};{escape(str(v.get('given_name') or ''))};;;"),
    ]
    counter = [0]
    for f in fields.vcard_order():
        if f.vcard is None or f.vcard.prop in ("FN", "N"):
            continue
        parts += _field_lines(f, f.vcard.prop, v.get(f.key), record, counter)
    parts += _card_lines(v, counter)
    parts.append(_prop("REV", record.updated_at.strftime("%Y%m%dT%H%M%S")))
    parts.append("END:VCARD\r\n")
    return "".join(parts)


def _field_lines(f: fields.Field, prop: str, value: object, record: CardRecord, counter: list[int]) -> list[str]:
    """The lines of one field, by its kind; nothing for an empty value."""
    if f.kind == "methods":
        extra = ("internet",) if prop == "EMAIL" else ()
        return [_method_lines(prop, m, counter, extra) for m in record.methods(f.key)]
    if f.kind == "tags":
        tags = record.tags()
        if not tags:
            return []
        return [_prop(prop, ",".join(escape(t) for t in tags))] + [_prop("X-NETUI-TAG", escape(t)) for t in tags]
    if f.kind == "birthday":
        if not value:
            return []
        text = str(value)
        if text.startswith("--"):
            return [_prop(prop, f"{OMIT_YEAR}-{text[2:]}", f";X-APPLE-OMIT-YEAR={OMIT_YEAR}")]
        return [_prop(prop, text)]
    if f.kind == "choice":
        value = value or f.default
    if not value:
        return []
    if f.kind == "flag":
        return [_prop(prop, "TRUE")]
    if f.kind in ("days", "date"):
        return [_prop(prop, str(value))]
    return [_prop(prop, escape(str(value)))]


def _labelled(name: str, value: str, label: str, counter: list[int], params: str = "") -> str:
    """A property whose label goes in an Apple ``X-ABLabel`` of its own group (``item3.X-ABDATE``)."""
    if not label:
        return _prop(name, value, params)
    counter[0] += 1
    group = f"item{counter[0]}"
    return _prop(name, value, params, group) + _prop("X-ABLABEL", escape(label), group=group)


def _card_lines(v: Mapping[str, Any], counter: list[int]) -> list[str]:
    """What else the card holds (``netui.core.cards``), in forms other programs read: ADR with its
    label in TYPE (else an X-ABLabel), ANNIVERSARY and Apple's X-ABDATE, RELATED and X-ABRELATEDNAMES,
    IMPP or X-SOCIALPROFILE, the photo's exact bytes in base64, and KIND:org for an organisation."""
    out: list[str] = []
    if v.get("kind") == "org":
        out += [_prop("KIND", "org"), _prop("X-ABSHOWAS", "COMPANY")]
    for a in v.get("addresses") or []:
        value = ";".join(["", "", *(escape(p) for p in a.parts())])
        types = [*(a.label.split() if a.label else []), *(["pref"] if a.preferred else [])]
        if a.label and not set(a.label.split()) <= extras.ADDRESS_TYPES:
            out.append(_labelled("ADR", value, a.label, counter, ";TYPE=pref" if a.preferred else ""))
        else:
            out.append(_prop("ADR", value, f";TYPE={','.join(types)}" if types else ""))
    for d in v.get("dates") or []:
        if d.label == "anniversary" and not d.date.startswith("--"):
            out.append(_prop("ANNIVERSARY", d.date))
        date, params = d.date, ""
        if date.startswith("--"):
            date, params = f"{OMIT_YEAR}-{date[2:]}", f";X-APPLE-OMIT-YEAR={OMIT_YEAR}"
        label = "_$!<Anniversary>!$_" if d.label == "anniversary" else d.label
        out.append(_labelled("X-ABDATE", date, label, counter, params))
    for r in v.get("related") or []:
        if r.label in extras.RELATION_TYPES:
            out.append(_prop("RELATED", escape(r.name), f";TYPE={r.label};VALUE=text"))
        label = f"_$!<{r.label.capitalize()}>!$_" if r.label in extras.RELATION_TYPES else r.label
        out.append(_labelled("X-ABRELATEDNAMES", escape(r.name), label, counter))
    for p in v.get("profiles") or []:
        scheme = extras.IM_SCHEMES.get(p.service)
        if scheme:
            out.append(_prop("IMPP", f"{scheme}:{escape(p.value)}", f";X-SERVICE-TYPE={p.service}"))
        else:
            out.append(_prop("X-SOCIALPROFILE", escape(p.value), f";TYPE={p.service}" if p.service else ""))
    photo = v.get("photo")
    if isinstance(photo, card_data.PhotoData):
        if photo.data:
            kind = photo.media_type.split("/")[-1].upper() if photo.media_type else ""
            out.append(_prop("PHOTO", base64.b64encode(photo.data).decode("ascii"),
                             ";ENCODING=b" + (f";TYPE={kind}" if kind else "")))
        elif photo.url:
            out.append(_prop("PHOTO", photo.url, ";VALUE=uri"))
    return out


def cards(ids: list[int] | None = None) -> Iterator[tuple[CardRecord, str]]:
    """(record, card text) for the given contacts, or for all of them in id order."""
    if ids is None:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    for record in contact_rows(ids):
        yield record, card_text(record)


def write(out: TextIO, now: dt.datetime) -> int:
    """Every contact, archived ones too, as one vCard 3.0 file; returns how many."""
    n = 0
    for _, text in cards():
        out.write(text)
        n += 1
    return n
