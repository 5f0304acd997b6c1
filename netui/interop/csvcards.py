"""The columns of a contacts CSV that hold card data (``netui.core.cards``): postal addresses, events
(anniversaries and other dates), related people and instant-messaging handles.

Two layouts cover the exporters people use: Google's numbered groups (``Address 1 - Street``,
``Address 1 - Type``, ``Event 1 - Value``, ``Relation 1 - Type``, ``IM 1 - Service``; a ``Label``
column in the newer export stands for ``Type``) and Outlook's named columns (``Business Street``,
``Home City``, ``Other Country/Region``, ``Anniversary``, ``Spouse``, ``Manager's Name``). The CSV
reader asks ``layout`` which columns are these, and ``read`` for a row's values.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from dateutil import parser as du_parser

from netui.core import cards
from netui.core.cards import Address, CardData, CardDate, Profile, RelatedPerson
from netui.interop.vcard.extras import IM_PROPS

_GROUP = re.compile(
    r"^(address|event|relation|im|instant messenger|website) (\d+) "
    r"(type|label|formatted|street|city|po box|pobox|region|postal code|country|extended address|value|service|protocol)$"
)
_OUTLOOK_ADDRESS = re.compile(
    r"^(business|home|other) (street|street 2|street 3|city|state|postal code|country region|country|po box|pobox)$"
)
_SINGLE = {  # Outlook's one-value columns: (kind, label)
    "anniversary": ("date", "anniversary"), "spouse": ("related", "spouse"), "manager s name": ("related", "manager"),
    "assistant s name": ("related", "assistant"), "children": ("related", "child"),
}
_KNOWN_LABELS = {"home", "work", "other", "anniversary", "spouse", "child", "mother", "father", "parent", "brother",
                 "sister", "friend", "relative", "domestic partner", "manager", "assistant", "referred by", "partner"}
_SERVICES = {"google talk": "gtalk", "hangouts": "gtalk", "jabber": "jabber", "xmpp": "jabber", "windows live": "msn",
             "msn": "msn", "yahoo": "yahoo", "icq": "icq", "aim": "aim", "skype": "skype", "qq": "qq"}
_EMPTY_DATES = {"0/0/00", "00/00/0000", "0/0/0000", "00.00.0000", "1/1/1601"}


@dataclass
class Layout:
    """Where a file's card data is: each group is (kind, label, {part: column index})."""

    groups: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)

    @property
    def used(self) -> set[int]:
        return {i for _, _, parts in self.groups for i in parts.values()}


@functools.lru_cache(maxsize=8)
def layout(keys: tuple[str, ...]) -> Layout:
    """The card-data columns of a header row (its headers as ``csvfiles._key`` makes them)."""
    numbered: dict[tuple[str, str], dict[str, int]] = {}
    named: dict[str, dict[str, int]] = {}
    out = Layout()
    for i, key in enumerate(keys):
        if match := _GROUP.match(key):
            kind, number, part = match.groups()
            if kind == "website" and part not in ("value", "type", "label"):
                continue
            numbered.setdefault((kind, number), {}).setdefault(part if part != "pobox" else "po box", i)
        elif match := _OUTLOOK_ADDRESS.match(key):
            prefix, part = match.groups()
            named.setdefault(prefix, {}).setdefault(part, i)
        elif key in _SINGLE:
            kind, label = _SINGLE[key]
            out.groups.append((kind, label, {"value": i}))
    for (kind, _number), parts in numbered.items():
        if kind == "website":
            continue  # links: the CSV reader's own
        out.groups.append(({"address": "address", "event": "date", "relation": "related"}.get(kind, "im"), "", parts))
    for prefix, parts in named.items():
        out.groups.append(("address", "work" if prefix == "business" else prefix, parts))
    return out


def _label(text: str) -> tuple[str, bool]:
    """A Type/Label cell: Google marks the primary one with ``* ``; its built-in words in lower case."""
    preferred = text.startswith("*")
    text = text.lstrip("* ").strip()
    return (text.lower() if text.lower() in _KNOWN_LABELS else text), preferred


def _date(text: str) -> str | None:
    if text in _EMPTY_DATES:
        return None
    date = cards.clean_date(text)
    if date:
        return date
    try:
        return du_parser.parse(text, default=dt.datetime(2000, 1, 1)).date().isoformat()
    except (ValueError, OverflowError):
        return None


def read(row: list[str], lay: Layout, cell: Callable[[list[str], int], str], warnings: list[str]) -> CardData | None:
    """A row's card data (``cell(row, index)`` reads one cell), or None when it has none."""
    addresses: list[Address] = []
    dates: list[CardDate] = []
    related: list[RelatedPerson] = []
    profiles: list[Profile] = []
    for kind, label, parts in lay.groups:
        values = {part: cell(row, i) for part, i in parts.items()}
        if not any(v for part, v in values.items() if part not in ("type", "label", "service", "protocol")):
            continue
        own, preferred = _label(values.get("label") or values.get("type") or "")
        label = own or label
        if kind == "address":
            street = "\n".join(values[p] for p in ("po box", "street", "street 2", "street 3", "extended address")
                               if values.get(p))
            address = Address(label, street or values.get("formatted", ""), values.get("city", ""),
                              values.get("region") or values.get("state", ""), values.get("postal code", ""),
                              values.get("country") or values.get("country region", ""), preferred)
            addresses.append(address)
        elif kind == "date":
            for text in _split(values.get("value", "")):
                date = _date(text)
                if date is None:
                    if text not in _EMPTY_DATES:
                        warnings.append(f"the date {text!r} is not a date; not kept")
                    continue
                dates.append(CardDate(label, date))
        elif kind == "related":
            for name in _split(values.get("value", "")):
                related.append(RelatedPerson(label, name))
        else:
            service = (values.get("service") or values.get("protocol") or "").lstrip("* ").strip().lower()
            service = _SERVICES.get(service, IM_PROPS.get("X-" + service.upper(), service))
            for handle in _split(values.get("value", "")):
                profiles.append(Profile(service, handle))
    card = CardData(addresses, dates, related, profiles)
    return None if card.empty() else card


def _split(text: str) -> list[str]:
    """Google packs several values in one cell with ``:::``."""
    return [part.strip() for part in re.split(r"\s*:::\s*", text) if part.strip()]


# --- writing: Google's numbered groups -------------------------------------------------------------

# The card data netui writes, in Google's column names: (CardData attribute, group title, its parts).
WRITTEN = (
    ("addresses", "Address", ("Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country",
                              "Extended Address")),
    ("related", "Relation", ("Label", "Value")),
    ("dates", "Event", ("Label", "Value")),
    ("profiles", "IM", ("Label", "Service", "Value")),
)


def counts(cards_by_id: dict[int, CardData]) -> dict[str, int]:
    """How many numbered groups each kind needs: the most any contact has (none: no columns)."""
    return {attr: max((len(getattr(c, attr) or []) for c in cards_by_id.values()), default=0)
            for attr, _, _ in WRITTEN}


def header(many: dict[str, int]) -> list[str]:
    return [f"{title} {i} - {part}" for attr, title, parts in WRITTEN
            for i in range(1, many[attr] + 1) for part in parts]


def cells(card: CardData, many: dict[str, int]) -> list[str]:
    """One contact's card data under ``header(many)``; a preferred address's label has Google's ``* ``."""
    out: list[str] = []
    for attr, _, parts in WRITTEN:
        items = getattr(card, attr) or []
        for i in range(many[attr]):
            if i >= len(items):
                out += [""] * len(parts)
                continue
            item = items[i]
            if attr == "addresses":
                out += [("* " if item.preferred else "") + item.label, item.oneline(), item.street, item.locality,
                        "", item.region, item.postal_code, item.country, ""]
            elif attr == "related":
                out += [item.label, item.name]
            elif attr == "dates":
                out += [item.label, item.date]
            else:
                out += ["", item.service, item.value]
    return out
