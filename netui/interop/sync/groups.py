"""The server's group cards (``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``): netui never
changes them, and each person a group names gets the group's name as a tag here, as an import does.

Which members were tagged is remembered per group file (``sync.contacts.groups``), so a member is
tagged once: a tag removed here stays removed until the group names that person afresh. A member not
in this database yet (a card this sync reads in) is tried again at the end of the sync and at the next.
"""

from __future__ import annotations

import datetime as dt

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.interop import vcard
from netui.interop.importer import _member_ids
from netui.interop.sync.cards import Card
from netui.interop.sync.state import get_meta, set_meta

GROUPS_KEY = "sync.contacts.groups"


def tag_members(groups: dict[str, Card], now: dt.datetime) -> list[str]:
    """Tag the members each group card newly names (call inside a transaction); returns the report's lines."""
    before = get_meta(GROUPS_KEY, {})
    if not isinstance(before, dict):
        before = {}
    after: dict[str, dict] = {}
    lines = []
    for name, card in sorted(groups.items()):
        seen = before.get(name)
        done = set(seen["members"]) if isinstance(seen, dict) and seen.get("group") == card.group else set()
        tagged = 0
        for member in dict.fromkeys(card.members):
            if member in done:
                continue
            ids = _member_ids(member)
            for cid in ids:
                contacts.update(cid, ContactInput(add_tags=[card.group]), now)
                tagged += 1
            if ids:
                done.add(member)
        after[name] = {"group": card.group, "members": sorted(done & set(card.members))}
        if tagged:
            lines.append(f"{name}: the group {vcard.quote(card.group)} tagged {tagged} "
                         f"member{'s' * (tagged != 1)} with its name")
    if after != before:
        set_meta(GROUPS_KEY, after)
    return lines
