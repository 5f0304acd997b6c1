"""Interests you can use: "send this to everyone interested in X".

The method says to keep in touch by sending someone an item about what they care about. Their
interests are tags, so: pick a tag (``interests`` lists them with how many people have each), see who
has it (``interested``), choose who gets it, and ``send`` records it for each of them at once: a
message logged (an email or a message, dated now, so it closes what a message answers and restarts
the keep-in-touch clock) and a favour given today (an ``article`` give, which the karma bank counts).
One transaction for all of them, so the app undoes it as one step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from netui.core import gives, interactions, tags
from netui.core.errors import GiveError
from netui.core.text import sanitize
from netui.db import db

SEND_KINDS = ("email", "message")  # how an item is sent: what is logged with each person
GIVE_KIND = "article"


class Interest(NamedTuple):
    key: str  # what matching compares ("rowing")
    shown: str  # as it was written ("Rowing")
    people: int  # active people who have it


class Interested(NamedTuple):
    contact_id: int
    name: str
    organization: str


def interests() -> list[Interest]:
    """Every interest someone active has, the most widely shared first (then by name)."""
    return [Interest(*row) for row in db.execute_sql(
        "SELECT t.name, coalesce(nullif(t.display, ''), t.name), count(*) FROM tag t "
        "JOIN contact_tag ct ON ct.tag_id = t.id JOIN contact c ON c.id = ct.contact_id "
        "WHERE c.archived = 0 AND c.kind = 'person' GROUP BY t.id ORDER BY count(*) DESC, t.name"
    ).fetchall()]


def interested(tag: str) -> list[Interested]:
    """Who has the interest ``tag`` (any case, with or without ``#``), active people only, by name."""
    key = tags.clean_tag(tag)
    if not key:
        return []
    return [Interested(*row) for row in db.execute_sql(
        "SELECT c.id, c.name, c.organization FROM contact c JOIN contact_tag ct ON ct.contact_id = c.id "
        "JOIN tag t ON t.id = ct.tag_id WHERE t.name = ? AND c.archived = 0 AND c.kind = 'person' "
        "ORDER BY c.sort_name, c.id", (key,)
    ).fetchall()]


def send(contact_ids: Iterable[int], what: str, now: dt.datetime, kind: str = "email") -> list[int]:
    """Record that ``what`` was sent to each of ``contact_ids`` now: a ``kind`` interaction (email or
    message) and a favour given today, per person, all in one transaction. Returns the people, once each.
    """
    ids = list(dict.fromkeys(contact_ids))
    text = sanitize(what)
    if not text:
        raise GiveError("say what you are sending (--what TEXT): an article, a link, an event")
    if kind not in SEND_KINDS:
        raise GiveError(f"{kind!r} is not a way to send something: {' or '.join(SEND_KINDS)}")
    if not ids:
        raise GiveError("nobody is chosen to send it to")
    with db.atomic():
        for cid in ids:
            interactions.log(cid, kind, now, now, summary=f"sent: {text}")
            gives.add(cid, text, now, direction="given", kind=GIVE_KIND)
    return ids
