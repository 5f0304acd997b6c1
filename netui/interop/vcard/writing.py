"""Contacts written as vCard 3.0 (or 4.0; escaped, folded at 75 octets), netui's own fields as
``X-NETUI-*`` properties, so a round trip through a file keeps everything a contact card holds.

Written for other programs to read as they are meant: a label becomes the TYPE values the version
defines (``mobile`` goes out as ``cell``), and a label that those do not say exactly (``Home office``,
``mobile`` itself) also goes in an Apple ``X-ABLabel`` of the property's group, which netui reads back
as the label. Preferred is ``TYPE=pref`` (3.0) or ``PREF=1`` (4.0). A birthday without a year is
``--MMDD`` in 4.0 (RFC 6350); 3.0 has no form for one (its BDAY is a whole date, and readers refuse
``--MM-DD``), so it goes out as Apple and CardBook write it, ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD``,
which netui, Apple and CardBook read back as no year. The contact's past organisations go in ``X-NETUI-ORG-HISTORY:organisation;title;until``, one
property each, oldest first (``until`` as netui's JSON writes it: ``2026-11-20 10:00:00``).

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
from netui.core import fields, relations
from netui.core.contacts import Method
from netui.core.dates import as_datetime, iso
from netui.db.models import Contact, ContactMethod, ContactTag, OrgHistory, Tag
from netui.interop.vcard import extras
from netui.interop.vcard.params import label_from_types

PRODID = f"-//netui//netui {__version__}//EN"
OMIT_YEAR = 1604  # Apple's (and CardBook's) placeholder year for a birthday without one (3.0 has no other form)
VERSIONS = ("3.0", "4.0")
ORG_HISTORY = "X-NETUI-ORG-HISTORY"

# The TYPE values each version defines for a phone (RFC 2426 3.3.1, RFC 6350 6.4.1); emails and links
# have home and work (and 3.0's emails ``internet``, which netui writes on every one).
_TEL_TYPES = {
    "3.0": frozenset({"home", "work", "cell", "fax", "pager", "voice", "msg", "video", "bbs", "modem", "car", "isdn", "pcs"}),
    "4.0": frozenset({"home", "work", "cell", "fax", "pager", "voice", "text", "video", "textphone"}),
}
_OTHER_TYPES = frozenset({"home", "work"})
_SYNONYMS = {"mobile": "cell", "iphone": "cell", "business": "work"}  # a word people use for a defined type


_METHODS = {"emails": "email", "phones": "phone", "urls": "url"}
# A relation as RFC 6350's RELATED TYPE values say it (netui's own word goes in X-NETUI-RELATION).
VCARD_RELATED = {"family": "kin", "partner": "sweetheart", "colleague": "colleague", "friend": "friend",
                 "manager": "co-worker", "report": "co-worker", "introduced-by": "acquaintance",
                 "introduced": "acquaintance", "met-through": "acquaintance", "connected": "acquaintance"}


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

    def org_history(self) -> list[Mapping[str, Any]]:
        """Past organisations, oldest first, as ``contact_dict`` gives them (none when a record has no such key)."""
        return list(self.values.get("org_history") or [])


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
        history: dict[int, list[dict[str, Any]]] = {cid: [] for cid in chunk}
        for h in OrgHistory.select().where(OrgHistory.contact.in_(chunk)).order_by(OrgHistory.until, OrgHistory.id):
            history[h.contact_id].append({"organization": h.organization, "title": h.title, "until": iso(h.until)})
        by_id = {c.id: c for c in Contact.select().where(Contact.id.in_(chunk))}
        card = card_data.cards_of([cid for cid in chunk if cid in by_id])
        people = relations.of_many(list(by_id))
        for cid in chunk:
            if cid in by_id:
                yield record_of(by_id[cid], methods[cid], tags[cid], card[cid], history[cid], people.get(cid, []))


def record_of(
    contact: Contact, methods: Mapping[str, list[Method]], tags: list[str], card: card_data.CardData | None = None,
    history: list[dict[str, Any]] | None = None, people: list[relations.Related] | None = None,
) -> CardRecord:
    """A contact (a model object) with its methods, tags, card data, past organisations and relations as a card record."""
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
    values["org_history"] = list(history or [])
    values["relations"] = list(people or [])
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


def label_types(name: str, label: str, version: str = "3.0") -> tuple[list[str], str]:
    """(the TYPE values a label goes out as, the label for an X-ABLabel when those do not say it exactly).

    Every word of the label must be a type the version defines for the property (or a common word
    for one: ``mobile`` is ``cell``), else the label is the user's own words and goes out only as an
    X-ABLabel; ``work fax`` is ``TYPE=work,fax``, ``Work`` is ``TYPE=work`` plus its own spelling."""
    words = label.split()
    if not words:
        return [], ""
    allowed = _TEL_TYPES[version] if name == "TEL" else _OTHER_TYPES
    types: list[str] = []
    for word in words:
        word = _SYNONYMS.get(word.casefold(), word.casefold())
        if word not in allowed:
            return [], label
        if word not in types:
            types.append(word)
    return types, ("" if label_from_types(types) == label else label)


def _method_lines(name: str, m: Method, counter: list[int], version: str = "3.0") -> str:
    """An EMAIL/TEL/URL line; a label that TYPE does not say exactly goes in an Apple X-ABLabel of its group."""
    types, ablabel = label_types(name, m.label, version)
    group = ""
    if ablabel:
        counter[0] += 1
        group = f"item{counter[0]}"
    if name == "EMAIL" and version == "3.0":
        types = ["internet", *types]
    if m.preferred and version == "3.0":
        types.append("pref")
    params = (f";TYPE={','.join(types)}" if types else "") + (";PREF=1" if m.preferred and version == "4.0" else "")
    text = _prop(name, escape(m.value), params, group)
    if group:
        text += _prop("X-ABLABEL", escape(ablabel), group=group)
    return text


def bday_value(value: str, version: str = "3.0") -> tuple[str, str]:
    """A birthday (``1987-09-11`` or ``--09-11``) as the version writes it, (value, parameters): RFC 6350's
    basic form in 4.0 (``19870911``, ``--0911``); in 3.0 the whole date, and without a year Apple's
    ``1604-09-11`` with ``X-APPLE-OMIT-YEAR=1604`` (3.0 readers refuse ``--09-11``; read back as no year)."""
    if version == "3.0":
        if value.startswith("--"):
            return f"{OMIT_YEAR}-{value[2:]}", f";X-APPLE-OMIT-YEAR={OMIT_YEAR}"
        return value, ""
    return ("--" + value[2:].replace("-", "") if value.startswith("--") else value.replace("-", "")), ""


def org_history_lines(record: CardRecord) -> list[str]:
    """One ``X-NETUI-ORG-HISTORY:organisation;title;until`` line per past organisation, oldest first."""
    return [
        _prop(ORG_HISTORY, ";".join(escape(str(h.get(k) or "")) for k in ("organization", "title", "until")))
        for h in record.org_history()
        if h.get("organization") or h.get("title")
    ]


def card_text(record: CardRecord, version: str = "3.0") -> str:
    """A contact as a vCard 3.0 (or 4.0) card: CRLF line ends, folded at 75 octets, netui's fields as X-NETUI-*.

    The properties come in the order of ``fields.vcard_order()``. Written here rather than by
    vobject, which takes about ten times as long per card; the tests read the result back with
    vobject and with khard.
    """
    v = record.values
    parts = [
        f"BEGIN:VCARD\r\nVERSION:{version}\r\n", _prop("PRODID", PRODID), _prop("UID", escape(record.uid)),
        _prop("FN", escape(str(v["name"]))),
        _prop("N", f"{escape(str(v.get('family_name') or ''))};{escape(str(v.get('given_name') or ''))};;;"),
    ]
    counter = [0]
    for f in fields.vcard_order():
        if f.vcard is None or f.vcard.prop in ("FN", "N"):
            continue
        parts += _field_lines(f, f.vcard.prop, v.get(f.key), record, counter, version)
    parts += _card_lines(v, counter)
    parts += org_history_lines(record)
    parts.append(_prop("REV", record.updated_at.strftime("%Y%m%dT%H%M%S")))
    parts.append("END:VCARD\r\n")
    return "".join(parts)


def _field_lines(
    f: fields.Field, prop: str, value: object, record: CardRecord, counter: list[int], version: str = "3.0",
) -> list[str]:
    """The lines of one field, by its kind; nothing for an empty value."""
    if f.kind == "methods":
        return [_method_lines(prop, m, counter, version) for m in record.methods(f.key)]
    if f.kind == "tags":
        tags = record.tags()
        if not tags:
            return []
        return [_prop(prop, ",".join(escape(t) for t in tags))] + [_prop("X-NETUI-TAG", escape(t)) for t in tags]
    if f.kind == "birthday":
        if not value:
            return []
        text, params = bday_value(str(value), version)
        return [_prop(prop, text, params)]
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
    people = [p for p in v.get("relations") or [] if p.uid]
    linked = {p.contact_id for p in people}
    for r in v.get("related") or []:
        if r.contact_id is not None and r.contact_id in linked:
            continue  # the relation below says who they are, by UID: the same person is written once
        if r.label in extras.RELATION_TYPES:
            out.append(_prop("RELATED", escape(r.name), f";TYPE={r.label};VALUE=text"))
        label = f"_$!<{r.label.capitalize()}>!$_" if r.label in extras.RELATION_TYPES else r.label
        out.append(_labelled("X-ABRELATEDNAMES", escape(r.name), label, counter))
    for p in people:
        uid = p.uid if p.uid.lower().startswith("urn:") else f"urn:uuid:{p.uid}"
        out.append(_prop("RELATED", escape(uid), f";TYPE={VCARD_RELATED.get(p.type, 'contact')};X-NETUI-RELATION={p.type}"))
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


def cards(ids: list[int] | None = None, version: str = "3.0") -> Iterator[tuple[CardRecord, str]]:
    """(record, card text) for the given contacts, or for all of them in id order."""
    if ids is None:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    for record in contact_rows(ids):
        yield record, card_text(record, version)


def write(out: TextIO, now: dt.datetime, version: str = "3.0", ids: list[int] | None = None) -> int:
    """Every contact (or those of ``ids``, in that order), archived ones too, as one vCard 3.0 (or 4.0)
    file; returns how many."""
    n = 0
    for _, text in cards(ids, version=version):
        out.write(text)
        n += 1
    return n
