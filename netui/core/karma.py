"""The karma bank you can act on: whom you owe, and what you could give them.

Someone you owe did something for you (a favour received, not dropped) and has had nothing from you
since (no favour given dated that day or later). Each comes with ideas drawn from what netui knows:
your open ideas for them, open leads that match their interests, and their interests themselves
("send something about rowing"). The give screen lists them, Today adds "owe" to their entry, and
``netui gives --owed`` prints them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netui.core import contacts, gives
from netui.core.dates import as_date
from netui.db import db
from netui.db.models import Give

IDEAS = 4  # at most this many ideas per person: enough to pick one, few enough to read

# Per person: favours received since the last one given (the same day counts as given back).
_OWED_SQL = """
    SELECT c.id, c.name, r.n, r.last_on FROM (
        SELECT g.contact_id AS cid, count(*) AS n, max(coalesce(g.done_on, g.created_on)) AS last_on
        FROM give g
        WHERE g.direction = 'received' AND g.status != 'dropped'
          AND coalesce(g.done_on, g.created_on) > coalesce((
              SELECT max(x.done_on) FROM give x
              WHERE x.contact_id = g.contact_id AND x.direction = 'given' AND x.status = 'done'), '')
        GROUP BY g.contact_id
    ) r JOIN contact c ON c.id = r.cid
    WHERE c.archived = 0 {only}
    ORDER BY r.last_on DESC, c.sort_name, c.id
"""


class Owed(NamedTuple):
    """A person who did something for you and has had nothing back since."""

    contact_id: int
    name: str
    received: int  # favours received since you last gave them something
    last_on: dt.date  # the latest of them
    last: str  # what it was ("introduced me to Mary")
    ideas: tuple[str, ...]  # what you could give back


def owed(limit: int = 0, contact_id: int | None = None) -> list[Owed]:
    """Everyone you owe, the most recent favour first (``limit`` 0: all)."""
    sql = _OWED_SQL.format(only="AND c.id = ?" if contact_id is not None else "")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = db.execute_sql(sql, [contact_id] if contact_id is not None else []).fetchall()
    return [Owed(cid, name, n, as_date(last), _last_text(cid), tuple(ideas_for(cid))) for cid, name, n, last in rows]


def owes(contact_id: int) -> Owed | None:
    """This person's entry in the karma bank if you owe them, else None."""
    found = owed(contact_id=contact_id)
    return found[0] if found else None


def owed_ids() -> set[int]:
    """Who you owe, as ids (what Today checks its entries against)."""
    return {row[0] for row in db.execute_sql(_OWED_SQL.format(only=""), []).fetchall()}


def _last_text(contact_id: int) -> str:
    row = (Give.select(Give.text)
           .where((Give.contact == contact_id) & (Give.direction == "received") & (Give.status != "dropped"))
           .order_by(Give.done_on.desc(nulls="LAST"), Give.created_on.desc(), Give.id.desc()).first())
    return row.text if row else ""


def ideas_for(contact_id: int, limit: int = IDEAS) -> list[str]:
    """What you could give them: your open ideas for them (leads to pass among them), open leads
    meant for others that match one of their interests, then their interests themselves."""
    out = [f"{g.text}" + (f" ({g.kind})" if g.kind != "other" else "") for g in gives.open_ideas(contact_id)]
    tags = contacts.tags_of(contact_id)
    mine = {g.lead for g in gives.open_ideas(contact_id) if g.lead is not None}
    if tags:
        for lead, kind, text in _open_leads():
            if lead not in mine and any(t.casefold() in text.casefold() for t in tags):
                out.append(f"pass on lead {lead}: {text} ({kind})")
    out += [f"send something about {t}" for t in tags]
    return list(dict.fromkeys(out))[:limit]


def _open_leads() -> list[tuple[int, str, str]]:
    """Leads and referrals still open for someone: (lead, kind, text), newest first."""
    return [(lead, kind, text) for lead, kind, text in db.execute_sql(
        "SELECT lead, kind, text FROM give WHERE lead IS NOT NULL AND direction = 'idea' AND status = 'open' "
        "GROUP BY lead ORDER BY lead DESC LIMIT 50").fetchall()]


def first_idea(contact_id: int) -> gives.GiveRow | None:
    """The open give idea a reminder or a card shows first (the oldest): what one key marks given."""
    ideas = gives.open_ideas(contact_id)
    return ideas[0] if ideas else None


def give_first_idea(contact_id: int, now: dt.datetime, outcome: str = "") -> gives.GiveRow | None:
    """Mark this person's first open give idea as given today (from triage, Today or a call reminder).

    Returns the idea that was given, or None when there was none. One transaction (``gives.mark_done``).
    """
    idea = first_idea(contact_id)
    if idea is None:
        return None
    gives.mark_done(idea.id, now, outcome=outcome)
    return gives.get(idea.id)
