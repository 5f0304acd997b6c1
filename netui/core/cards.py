"""What a card holds besides names, emails and phones: postal addresses, anniversaries and other
dates, related people, instant-messaging handles and social profiles, and a photo.

Each kind is a list of small values (the photo: one) with a table of its own owned by the contact, so
undo, delete and the JSON backup pick it up through the foreign keys. ``CardData`` carries them
between the files and the database: a kind that is ``None`` is left as it is, a list replaces what
the contact has. Their plain form is the JSON's (``netui show --json``)::

    addresses  [{"label", "street", "locality", "region", "postal_code", "country", "preferred"}]
    dates      [{"label", "date"}]             date "1998-06-20", or "--06-20" without a year
    related    [{"label", "name", "contact_id"}]  contact_id: the contact it is, when netui knows them
    profiles   [{"service", "value"}]
    photo      {"media_type", "bytes", "url"} or null (the backup adds "base64": the bytes themselves)
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from peewee import fn

from netui.core.text import fold, sanitize
from netui.db import db
from netui.db import models as m

KEYS = ("addresses", "dates", "related", "profiles", "photo")
ADDRESS_PARTS = ("street", "locality", "region", "postal_code", "country")
MAX_PHOTO = 4 * 2**20  # bytes of a photo netui keeps (real card photos are tens of kilobytes)

# What a tag is shown as, in SQL on ``tag t``: the case it was first written in ("VIP"); a row written
# before schema 4 (or by the demo's bulk insert) has only its casefolded key.
TAG_SHOWN = "COALESCE(NULLIF(t.display, ''), t.name)"


@dataclass(frozen=True)
class Address:
    label: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    preferred: bool = False

    def parts(self) -> tuple[str, ...]:
        return tuple(getattr(self, p) for p in ADDRESS_PARTS)

    def oneline(self) -> str:
        """The address on one line, its parts in the order a letter has them."""
        place = " ".join(x for x in (self.postal_code, self.locality) if x)
        return ", ".join(x for x in (self.street.replace("\n", ", "), place, self.region, self.country) if x)


@dataclass(frozen=True)
class CardDate:
    label: str
    date: str  # "YYYY-MM-DD" or "--MM-DD"


@dataclass(frozen=True)
class RelatedPerson:
    label: str
    name: str
    contact_id: int | None = None


@dataclass(frozen=True)
class Profile:
    service: str
    value: str


@dataclass(frozen=True)
class PhotoData:
    """A photo kept exactly: its bytes and media type, or the URL a card pointed at instead."""

    media_type: str = ""
    data: bytes = b""
    url: str = ""

    def plain(self) -> dict[str, Any]:
        return {"media_type": self.media_type, "bytes": len(self.data), "url": self.url}


@dataclass
class CardData:
    """A contact's card data; a kind left ``None`` is left as it is. ``photo=False`` removes the photo."""

    addresses: list[Address] | None = None
    dates: list[CardDate] | None = None
    related: list[RelatedPerson] | None = None
    profiles: list[Profile] | None = None
    photo: PhotoData | None | bool = None

    def empty(self) -> bool:
        return not (self.addresses or self.dates or self.related or self.profiles or self.photo)


def tag_shown() -> Any:
    """``TAG_SHOWN`` as a peewee expression on ``Tag``."""
    return fn.COALESCE(fn.NULLIF(m.Tag.display, ""), m.Tag.name)


def shown_tag(raw: str) -> str:
    """A tag as it is shown: as written, without a leading ``#``, spaces as dashes (``clean_tag`` without the casefold)."""
    return " ".join(sanitize(raw).split()).lstrip("#").replace(" ", "-")


# --- values -----------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:[T ].*)?$")


def clean_date(text: str) -> str | None:
    """A date as netui keeps it (``YYYY-MM-DD`` or ``--MM-DD``), or None when it is not one."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        dt.date(2000 if year == "--" else int(year), int(month), int(day))  # 2000: Feb 29 is a date
    except ValueError:
        return None
    return f"--{month}-{day}" if year == "--" else f"{year}-{month}-{day}"


def clean(card: CardData) -> CardData:
    """Every text sanitised, empty items and repeats dropped, dates in netui's form."""

    def unique(items: Iterable) -> list:
        out: list = []
        for item in items:
            if item not in out:
                out.append(item)
        return out

    out = CardData(photo=card.photo)
    if card.addresses is not None:
        out.addresses = unique(
            a for a in (Address(sanitize(x.label), preferred=bool(x.preferred), **{
                p: sanitize(getattr(x, p), multiline=p == "street") for p in ADDRESS_PARTS}) for x in card.addresses)
            if any(a.parts()))
    if card.dates is not None:
        out.dates = unique(CardDate(sanitize(d.label), date) for d in card.dates if (date := clean_date(d.date)))
    if card.related is not None:
        out.related = unique(RelatedPerson(sanitize(r.label), sanitize(r.name), r.contact_id)
                             for r in card.related if sanitize(r.name))
    if card.profiles is not None:
        out.profiles = unique(Profile(sanitize(p.service).lower(), sanitize(p.value))
                              for p in card.profiles if sanitize(p.value))
    if isinstance(card.photo, PhotoData):
        photo = card.photo
        out.photo = replace(photo, media_type=sanitize(photo.media_type).lower(), url=sanitize(photo.url))
    return out


def plain(card: CardData) -> dict[str, Any]:
    """The JSON form, by key (see the module's docstring)."""
    return {
        "addresses": [{"label": a.label, **{p: getattr(a, p) for p in ADDRESS_PARTS}, "preferred": a.preferred}
                      for a in card.addresses or []],
        "dates": [{"label": d.label, "date": d.date} for d in card.dates or []],
        "related": [{"label": r.label, "name": r.name, "contact_id": r.contact_id} for r in card.related or []],
        "profiles": [{"service": p.service, "value": p.value} for p in card.profiles or []],
        "photo": card.photo.plain() if isinstance(card.photo, PhotoData) else None,
    }


def from_plain(values: Mapping[str, Any]) -> CardData:
    """Card data from its JSON form (a backup, a form); a key ``values`` lacks is left as it is.

    Raises ValueError for a value of the wrong shape."""
    out = CardData()
    if values.get("addresses") is not None:
        out.addresses = [Address(str(a.get("label") or ""), preferred=bool(a.get("preferred")),
                                 **{p: str(a.get(p) or "") for p in ADDRESS_PARTS}) for a in _objects(values, "addresses")]
    if values.get("dates") is not None:
        out.dates = []
        for d in _objects(values, "dates"):
            date = clean_date(str(d.get("date") or ""))
            if date is None:
                raise ValueError(f"dates: {d.get('date')!r} is not a date (1998-06-20 or --06-20)")
            out.dates.append(CardDate(str(d.get("label") or ""), date))
    if values.get("related") is not None:
        out.related = [RelatedPerson(str(r.get("label") or ""), str(r.get("name") or ""),
                                     r.get("contact_id") if isinstance(r.get("contact_id"), int) else None)
                       for r in _objects(values, "related")]
    if values.get("profiles") is not None:
        out.profiles = [Profile(str(p.get("service") or ""), str(p.get("value") or ""))
                        for p in _objects(values, "profiles")]
    if "photo" in values:
        photo = values["photo"]
        if photo is None:
            out.photo = False
        elif isinstance(photo, Mapping):
            try:
                data = base64.b64decode(str(photo.get("base64") or ""), validate=True)
            except (binascii.Error, ValueError):
                raise ValueError("photo: its base64 is not valid") from None
            if data or photo.get("url"):
                out.photo = PhotoData(str(photo.get("media_type") or ""), data, str(photo.get("url") or ""))
        else:
            raise ValueError(f"photo: must be an object or null, not {type(photo).__name__}")
    return out


def _objects(values: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = values[key]
    if not isinstance(items, list) or not all(isinstance(x, Mapping) for x in items):
        raise ValueError(f"{key}: must be a list of objects")
    return items


def photo_base64(contact_id: int) -> str:
    """The photo's bytes as base64 (for the JSON backup), or ""."""
    row = m.Photo.get_or_none(m.Photo.contact == contact_id)
    return base64.b64encode(bytes(row.data)).decode("ascii") if row and row.data else ""


# --- the database -----------------------------------------------------------------------------------


_CARD_SQL = """
SELECT contact_id, 'a', position, id, label, street, locality, region, postal_code, country, preferred, NULL
  FROM address WHERE contact_id IN ({marks})
UNION ALL SELECT contact_id, 'd', position, id, label, date, '', '', '', '', 0, NULL
  FROM contact_date WHERE contact_id IN ({marks})
UNION ALL SELECT contact_id, 'r', position, id, label, name, '', '', '', '', related_contact_id, NULL
  FROM related WHERE contact_id IN ({marks})
UNION ALL SELECT contact_id, 'p', position, id, service, value, '', '', '', '', 0, NULL
  FROM profile WHERE contact_id IN ({marks})
UNION ALL SELECT contact_id, 'f', 0, id, media_type, url, '', '', '', '', 0, data
  FROM photo WHERE contact_id IN ({marks})
ORDER BY 1, 2, 3, 4"""


def cards_of(ids: list[int]) -> dict[int, CardData]:
    """The card data of these contacts, in one query per 500 (the detail pane reads it with the rest)."""
    out: dict[int, CardData] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid in chunk:
            out[cid] = CardData([], [], [], [], None)
        marks = ",".join("?" * len(chunk))
        for cid, kind, _pos, _id, a, b, c, d, e, f, g, data in db.execute_sql(
            _CARD_SQL.format(marks=marks), chunk * 5
        ).fetchall():
            card = out[cid]
            if kind == "a" and card.addresses is not None:
                card.addresses.append(Address(a, b, c, d, e, f, bool(g)))
            elif kind == "d" and card.dates is not None:
                card.dates.append(CardDate(a, b))
            elif kind == "r" and card.related is not None:
                card.related.append(RelatedPerson(a, b, g))
            elif kind == "p" and card.profiles is not None:
                card.profiles.append(Profile(a, b))
            elif kind == "f":
                card.photo = PhotoData(a, bytes(data or b""), b)
    return out


def card_of(contact_id: int) -> CardData:
    return cards_of([contact_id])[contact_id]


def link(related: list[RelatedPerson], contact_id: int) -> list[RelatedPerson]:
    """Related people linked to the contact they are: the one a link names (if it still exists), the one
    whose UID a card named them by (``urn:uuid:…``), or the only other contact of that name."""
    out = []
    for r in related:
        target = None
        if r.contact_id is not None:
            target = db.execute_sql("SELECT id, name FROM contact WHERE id = ?", [r.contact_id]).fetchone()
        uid = r.name[9:] if r.name.lower().startswith("urn:uuid:") else r.name
        if target is None and len(uid) >= 8 and " " not in uid:
            target = db.execute_sql("SELECT id, name FROM contact WHERE uid IN (?, ?) AND id != ?",
                                    [uid, f"urn:uuid:{uid}", contact_id]).fetchone()
            if target is not None:
                r = replace(r, name=target[1])
        if target is None:
            rows = db.execute_sql(
                "SELECT id, name FROM contact WHERE archived IN (0, 1) AND sort_name = ? AND id != ? LIMIT 2",
                [fold(r.name), contact_id],
            ).fetchall()
            target = rows[0] if len(rows) == 1 else None
        out.append(replace(r, contact_id=target[0] if target else None))
    return out


def relinked() -> dict[int, list[RelatedPerson]]:
    """The related people of each contact, linked where a contact is now known for one that had none
    when it was written (an import that brought both), for the contacts where that changes something."""
    out: dict[int, list[RelatedPerson]] = {}
    rows = db.execute_sql("SELECT DISTINCT contact_id FROM related WHERE related_contact_id IS NULL").fetchall()
    for (cid,) in rows:
        current = card_of(cid).related or []
        linked = list(dict.fromkeys(link(current, cid)))
        if linked != current:
            out[cid] = linked
    return out


def write(contact_id: int, card: CardData) -> bool:
    """Make the contact's card data what ``card`` says (kinds that are None stay); True if it changed."""
    card = clean(card)
    current = card_of(contact_id)
    changed = False
    if card.related is not None:
        card.related = list(dict.fromkeys(link(card.related, contact_id)))
    for kind, model in (("addresses", m.Address), ("dates", m.ContactDate), ("related", m.Related), ("profiles", m.Profile)):
        wanted = getattr(card, kind)
        if wanted is None or wanted == getattr(current, kind):
            continue
        changed = True
        model.delete().where(model.contact == contact_id).execute()
        for position, item in enumerate(wanted):
            values = {f.name: getattr(item, f.name) for f in fields(item)}
            if kind == "related":
                values["related_contact"] = values.pop("contact_id")
            model.create(contact=contact_id, position=position, **values)
    if card.photo is False and current.photo:
        m.Photo.delete().where(m.Photo.contact == contact_id).execute()
        changed = True
    elif isinstance(card.photo, PhotoData) and card.photo != current.photo:
        m.Photo.delete().where(m.Photo.contact == contact_id).execute()
        m.Photo.create(contact=contact_id, media_type=card.photo.media_type, data=card.photo.data or None,
                     url=card.photo.url)
        changed = True
    return changed


def merged(contact_id: int, incoming: CardData | None) -> CardData | None:
    """What bringing ``incoming`` (a file's card) into the contact adds: its items the contact lacks,
    after the contact's own; a photo only when the contact has none. None when it adds nothing."""
    if incoming is None:
        return None
    incoming = clean(incoming)
    current = card_of(contact_id)
    out = CardData()
    if incoming.addresses:
        have = {a.parts() for a in current.addresses or []}
        new = [a for a in incoming.addresses if a.parts() not in have]
        if new:
            out.addresses = list(current.addresses or []) + new
    if incoming.dates:
        have_dates = {(d.date, fold(d.label)) for d in current.dates or []}
        new_dates = [d for d in incoming.dates if (d.date, fold(d.label)) not in have_dates]
        if new_dates:
            out.dates = list(current.dates or []) + new_dates
    if incoming.related:
        incoming.related = link(incoming.related, contact_id)  # a card's urn:uuid: is the name it links to
        have_names = {(fold(r.name), fold(r.label)) for r in current.related or []}
        new_related = [r for r in incoming.related if (fold(r.name), fold(r.label)) not in have_names]
        if new_related:
            out.related = list(current.related or []) + new_related
    if incoming.profiles:
        have_profiles = {(p.service, fold(p.value)) for p in current.profiles or []}
        new_profiles = [p for p in incoming.profiles if (p.service, fold(p.value)) not in have_profiles]
        if new_profiles:
            out.profiles = list(current.profiles or []) + new_profiles
    if isinstance(incoming.photo, PhotoData) and not current.photo:
        out.photo = incoming.photo
    return None if out.empty() else out
