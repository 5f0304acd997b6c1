"""The parts of a card netui keeps besides names, emails and phones: postal addresses (ADR, LABEL),
anniversaries and other dates (ANNIVERSARY, Apple's X-ABDATE with its X-ABLabel, X-ANNIVERSARY...),
related people (RELATED, X-ABRELATEDNAMES, X-SPOUSE...), instant messaging and social profiles
(IMPP, X-SOCIALPROFILE, X-AIM, X-SKYPE...) and the photo (inline base64, a ``data:`` URI, or a URL),
read in the 2.1, 3.0 and 4.0 forms real programs write, into ``netui.core.cards`` values.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse

from netui.core import cards
from netui.core.cards import Address, CardData, CardDate, PhotoData, Profile, RelatedPerson
from netui.interop.vcard.lines import Prop, components_of, quote, text_of
from netui.interop.vcard.params import label_from_types

ADDRESS_TYPES = {"home", "work", "other", "postal", "parcel", "dom", "intl"}
DATE_PROPS = {"ANNIVERSARY": "anniversary", "X-ANNIVERSARY": "anniversary", "X-MS-ANNIVERSARY": "anniversary",
              "X-EVOLUTION-ANNIVERSARY": "anniversary", "X-ABDATE": ""}
RELATED_PROPS = {
    "RELATED": "", "X-ABRELATEDNAMES": "", "X-SPOUSE": "spouse", "X-MS-SPOUSE": "spouse", "X-EVOLUTION-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager", "X-EVOLUTION-MANAGER": "manager", "X-MANAGER": "manager", "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant", "X-ASSISTANT": "assistant",
}
IM_PROPS = {
    "X-AIM": "aim", "X-ICQ": "icq", "X-JABBER": "jabber", "X-MSN": "msn", "X-YAHOO": "yahoo", "X-SKYPE": "skype",
    "X-SKYPE-USERNAME": "skype", "X-GTALK": "gtalk", "X-GOOGLE-TALK": "gtalk", "X-QQ": "qq", "X-MS-IMADDRESS": "im",
    "X-TWITTER": "twitter", "X-GADUGADU": "gadugadu", "X-GROUPWISE": "groupwise",
}
# IMPP URI schemes and the service each names; the service a profile is written back as IMPP with.
SCHEMES = {"xmpp": "jabber", "aim": "aim", "skype": "skype", "ymsgr": "yahoo", "msnim": "msn", "icq": "icq",
           "gtalk": "gtalk", "sip": "sip", "qq": "qq", "irc": "irc", "gg": "gadugadu", "im": "im", "x-apple": ""}
IM_SCHEMES = {service: scheme for scheme, service in SCHEMES.items() if service}
# Relations RFC 6350 names as RELATED TYPE values.
RELATION_TYPES = {
    "contact", "acquaintance", "friend", "met", "co-worker", "colleague", "co-resident", "neighbor", "child",
    "parent", "sibling", "spouse", "kin", "muse", "crush", "date", "sweetheart", "me", "agent", "emergency",
}
_PHOTO_TYPES = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
                "bmp": "image/bmp", "webp": "image/webp", "heic": "image/heic", "tiff": "image/tiff"}

PROPERTIES = frozenset({"ADR", "LABEL", "PHOTO", "IMPP", "X-SOCIALPROFILE", *DATE_PROPS, *RELATED_PROPS, *IM_PROPS})


def _label(p: Prop, group_labels: dict[str, str], known: set[str]) -> tuple[str, bool]:
    """A property's label (its X-ABLabel, else its TYPE values netui knows) and preferred flag."""
    tokens = p.named_types() + p.bare
    preferred = "pref" in tokens or p.param("PREF").strip() == "1"
    if p.group and p.group in group_labels:
        return group_labels[p.group], preferred
    words = [t for t in tokens if t in known or t in p.named_types()]
    return label_from_types(words, explicit=words), preferred


def read(p: Prop, group_labels: dict[str, str], card: CardData, labels: list[Address], warnings: list[str]) -> bool:
    """Add what ``p`` holds to ``card`` (a LABEL to ``labels``); False when ``p`` is not one of these properties."""
    name = p.name
    if name == "ADR":
        parts = [x.strip() for x in components_of(p)] + [""] * 7
        street = "\n".join(x for x in (parts[0], parts[1], parts[2]) if x)
        label, preferred = _label(p, group_labels, ADDRESS_TYPES)
        address = Address(label, street, parts[3], parts[4], parts[5], parts[6], preferred)
        if any(address.parts()):
            card.addresses = [*(card.addresses or []), address]
    elif name == "LABEL":  # 3.0's formatted address: only when the card has no ADR for it
        if text_of(p).strip():
            label, preferred = _label(p, group_labels, ADDRESS_TYPES)
            labels.append(Address(label, text_of(p).strip(), preferred=preferred))
    elif name in DATE_PROPS:
        value = text_of(p).strip()
        if not value:
            return True
        date = cards.clean_date(value)
        omit = p.param("X-APPLE-OMIT-YEAR").strip()
        if date and (omit and date.startswith(omit) or date[:4] == "1604"):
            date = "--" + date[5:]
        if date is None:
            warnings.append(f"the date {quote(value)} (line {p.line}) is not a date; not kept")
            return True
        label = DATE_PROPS[name] or group_labels.get(p.group, "") or " ".join(
            t for t in p.named_types() if t != "pref")
        card.dates = [*(card.dates or []), CardDate(label, date)]
    elif name in RELATED_PROPS:
        value = text_of(p).strip()
        if value:
            label = RELATED_PROPS[name] or group_labels.get(p.group, "") or " ".join(
                t for t in p.named_types() if t != "pref")
            card.related = [*(card.related or []), RelatedPerson(label, value)]
    elif name == "IMPP":
        value = text_of(p).strip()
        scheme, colon, rest = value.partition(":")
        if colon and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
            service = SCHEMES.get(scheme.lower(), scheme.lower())
            value = urllib.parse.unquote(rest)
        else:
            service = ""
        service = (p.param("X-SERVICE-TYPE").strip().lower() or service)
        if value:
            card.profiles = [*(card.profiles or []), Profile(service, value)]
    elif name == "X-SOCIALPROFILE":
        value = text_of(p).strip() or p.param("X-USER").strip()
        service = next((t for t in p.named_types() if t != "pref"), "")
        if value:
            card.profiles = [*(card.profiles or []), Profile(service, value)]
    elif name in IM_PROPS:
        value = text_of(p).strip()
        if value:
            card.profiles = [*(card.profiles or []), Profile(IM_PROPS[name], value)]
    else:
        return False
    return True


def finish(card: CardData, labels: list[Address]) -> CardData | None:
    """The card once every property is read (None when it holds none of these): a LABEL stands for an
    address only on a card without ADR."""
    if labels and not card.addresses:
        card.addresses = labels
    return None if card.empty() else card


def photo(p: Prop, warnings: list[str]) -> PhotoData | None:
    """A PHOTO as netui keeps it: the exact bytes of an inline one (base64, or a ``data:`` URI) with
    its media type, or the URL of one that lives elsewhere."""
    value = re.sub(r"\s+", "", p.value)
    if not value:
        return None
    kind = (p.param("TYPE") or p.param("MEDIATYPE") or next((t for t in p.bare if t in _PHOTO_TYPES), "")).lower()
    media_type = _PHOTO_TYPES.get(kind.split("/")[-1], kind if "/" in kind else "")
    encodings = {e.strip().upper() for e in p.params.get("ENCODING", [])} | {t.upper() for t in p.bare}
    data: bytes | None
    if value.lower().startswith("data:"):
        head, _, body = value[5:].partition(",")
        data = _b64(body, p, warnings) if ";base64" in head.lower() else urllib.parse.unquote_to_bytes(body)
        media_type = head.split(";")[0].lower() or media_type
    elif encodings & {"B", "BASE64"}:
        data = _b64(value, p, warnings)
    else:
        url = text_of(p).strip()
        return PhotoData(media_type, b"", url) if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) else None
    if data is None:
        return None
    if len(data) > cards.MAX_PHOTO:
        warnings.append(f"the photo (line {p.line}) is larger than the {cards.MAX_PHOTO // 2**20} MB netui keeps; not kept")
        return None
    return PhotoData(media_type or _sniff(data), data) if data else None


def _b64(text: str, p: Prop, warnings: list[str]) -> bytes | None:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        warnings.append(f"the photo (line {p.line}) is not valid base64; not kept")
        return None


def _sniff(data: bytes) -> str:
    """A media type from the first bytes, for a photo whose card did not say."""
    for magic, media_type in ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif")):
        if data.startswith(magic):
            return media_type
    return ""

