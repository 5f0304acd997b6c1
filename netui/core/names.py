"""A display name in its parts, for a card's ``N:`` when nobody typed them: "Ada King Lovelace" is
given "Ada King", family "Lovelace"; "Lovelace, Ada" is family first; one word is a given name.
When the name is changed later, parts that were only that guess follow it (``resplit``)."""

from __future__ import annotations

from dataclasses import replace

from netui.core.contacts import ContactInput
from netui.core.text import sanitize
from netui.db.models import Contact


def split_name(name: str) -> tuple[str, str]:
    """(given, family) read from ``name``."""
    text = sanitize(name)
    if "," in text:
        family, _, given = text.partition(",")
        return " ".join(given.split()), " ".join(family.split())
    words = text.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def resplit(old_name: str, given: str, family: str, new_name: str) -> tuple[str, str] | None:
    """The parts after the name changed from ``old_name`` to ``new_name``: split afresh when they were
    empty or ``old_name``'s own split (netui's guess, not something typed), else None: a pair the user
    typed is theirs to keep."""
    if (sanitize(given), sanitize(family)) not in {("", ""), split_name(old_name)}:
        return None
    return split_name(new_name)


def filled(data: ContactInput, contact_id: int | None = None) -> ContactInput:
    """``data`` (a command's add or edit) with the name's parts: as typed when either is; on add (no
    ``contact_id``), split from the name; on an edit of the name, split afresh from it when the
    contact's parts were only the old name's split (``resplit``)."""
    if not data.name or data.given_name is not None or data.family_name is not None:
        return data
    if contact_id is None:
        given, family = split_name(data.name)
        return replace(data, given_name=given, family_name=family)
    contact = Contact.get_or_none(Contact.id == contact_id)
    parts = resplit(contact.name, contact.given_name, contact.family_name, data.name) if contact else None
    return data if parts is None else replace(data, given_name=parts[0], family_name=parts[1])
