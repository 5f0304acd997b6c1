"""Tags: stored once each under a casefolded key (what matching compares: ``tag:vip`` finds "VIP"),
shown in the case they were first written in, linked to contacts.

``netui.core.contacts`` writes them as part of a contact and keeps these names importable.
"""

from __future__ import annotations

from collections.abc import Iterable

from netui.core import cards
from netui.core.text import fold, sanitize
from netui.db.models import ContactTag, Tag


def clean_tag(tag: str) -> str:
    """A tag's key: sanitised, casefolded, without a leading ``#``, spaces as dashes."""
    return fold(sanitize(tag)).lstrip("#").replace(" ", "-")


def _tag_ids(names: Iterable[str]) -> list[int]:
    ids = []
    for raw in names:
        name = clean_tag(raw)
        if not name:
            continue
        tag, _ = Tag.get_or_create(name=name, defaults={"display": cards.shown_tag(raw)})
        if tag.id not in ids:
            ids.append(tag.id)
    return ids


def tag_id(raw: str) -> int:
    """The id of the tag ``raw`` names, made if it is new (``raw`` must clean to a tag: ``clean_tag``)."""
    (found,) = _tag_ids([raw])
    return found


def set_tags(contact_id: int, names: Iterable[str], *, replace: bool) -> None:
    """Give the contact these tags (``replace``: only these)."""
    ids = _tag_ids(names)
    if replace:
        ContactTag.delete().where(ContactTag.contact == contact_id).execute()
    for tag_id in ids:
        ContactTag.insert(contact=contact_id, tag=tag_id).on_conflict_ignore().execute()


def tags_of(contact_id: int) -> list[str]:
    """A contact's tags as they are shown, in the order of their keys."""
    query = Tag.select(cards.tag_shown()).join(ContactTag).where(ContactTag.contact == contact_id).order_by(Tag.name)
    return [name for (name,) in query.tuples()]
