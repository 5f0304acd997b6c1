"""Your introductions across the network: the overview's numbers, the who-introduced-whom tree, who
to chase for an answer (Today's "chase"), and pairs declined before (a warning when proposed again).

``netui.core.introductions`` owns one introduction's life (propose, ask, answer, make, outcome);
this module reads them all.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netui.core import settings as settings_mod
from netui.core.introductions import IntroRow, all_intros, newest_first, to_rows
from netui.db import db
from netui.db.models import Introduction


class IntroStats(NamedTuple):
    """What the overview says about your introductions."""

    total: int
    in_progress: int  # proposed, asked-a, asked-b
    made: int
    declined: int
    helpful: int
    neutral: int
    wasted_time: int
    awaiting_outcome: int  # made, no outcome yet
    requests: int  # asked of you by someone


class TreeNode(NamedTuple):
    """A node of the who-introduced-whom tree: the root is you, then people, then their introductions."""

    label: str
    children: tuple[TreeNode, ...] = ()
    contact_id: int | None = None
    intro_id: int | None = None


def stats() -> IntroStats:
    rows = list(Introduction.select(Introduction.status, Introduction.outcome, Introduction.requested_by).tuples())
    made = [r for r in rows if r[0] == "made"]
    return IntroStats(
        total=len(rows),
        in_progress=sum(1 for r in rows if r[0] in ("proposed", "asked-a", "asked-b")),
        made=len(made),
        declined=sum(1 for r in rows if r[0] == "declined"),
        helpful=sum(1 for r in made if r[1] == "helpful"),
        neutral=sum(1 for r in made if r[1] == "neutral"),
        wasted_time=sum(1 for r in made if r[1] == "wasted-time"),
        awaiting_outcome=sum(1 for r in made if not r[1]),
        requests=sum(1 for r in rows if r[2] is not None),
    )


def tree() -> TreeNode:
    """Who you introduced to whom: you at the root, each person once, their introductions beneath.

    An introduction sits under its A side (the one you started from, or who asked); a person who was
    only ever a B appears beneath the people they were introduced to. Lines read "Ada ↔ Sam (helpful)".
    """
    rows = sorted(all_intros(), key=lambda r: (r.a_name.casefold(), r.a_id, r.proposed_on, r.id))
    people: list[TreeNode] = []
    for a_id in dict.fromkeys(r.a_id for r in rows):
        mine = [r for r in rows if r.a_id == a_id]
        leaves = tuple(
            TreeNode(f"{r.a_name} ↔ {r.b_name} ({_state_words(r)})", (), r.b_id, r.id) for r in mine
        )
        people.append(TreeNode(mine[0].a_name, leaves, a_id, None))
    return TreeNode("You", tuple(people))


def _state_words(row: IntroRow) -> str:
    words = row.outcome.replace("-", " ") if row.outcome else row.status
    if row.is_ask:
        words += ", you asked them to introduce you"
    elif row.requested_by_id and row.status != "made":
        words += f", asked by {row.requested_by_name}"
    return words


def declined_before(a_id: int, b_id: int, *, exclude: int | None = None) -> IntroRow | None:
    """The latest introduction of this pair (either way round) that was declined, if any: worth a warning."""
    pair = (((Introduction.a == a_id) & (Introduction.b == b_id)) | ((Introduction.a == b_id) & (Introduction.b == a_id)))
    said_no = ((Introduction.status == "declined") | (Introduction.a_answer == "declined")
               | (Introduction.b_answer == "declined"))
    query = Introduction.select().where(pair & said_no)
    if exclude is not None:
        query = query.where(Introduction.id != exclude)
    rows = to_rows(newest_first(query).limit(1))
    return rows[0] if rows else None


def declined_words(row: IntroRow) -> str:
    """ "Ada and Sam were proposed on 2026-11-02 (#4) and Sam declined": the warning's words."""
    who = row.declined_by()
    said = f"{who} declined" if who else "it was declined"
    when = next((s.answered_on for s in row.sides if s.answer == "declined" and s.answered_on), None)
    return (f"{row.a_name} and {row.b_name} were proposed before (#{row.id}, {row.proposed_on}) and {said}"
            + (f" on {when}" if when else ""))


def render_tree(node: TreeNode) -> list[str]:
    """The tree as plain text lines with box-drawing branches (the overview and ``netui intros --tree``)."""
    lines = [node.label]

    def walk(children, prefix: str) -> None:
        for index, child in enumerate(children):
            last = index == len(children) - 1
            lines.append(f"{prefix}{'└─ ' if last else '├─ '}{child.label}")
            walk(child.children, prefix + ("   " if last else "│  "))

    walk(node.children, "")
    return lines




# --- who to chase ----------------------------------------------------------------------------------


class Chase(NamedTuple):
    """A side asked and silent for ``chase_days``: whom to ask again, and about what."""

    intro_id: int
    contact_id: int  # whom to chase: the side itself, or the one you asked to introduce you
    name: str
    side: str  # "A" or "B"
    asked_on: dt.date
    due: dt.datetime  # asked_on + chase_days: when the silence became worth a word
    note: str  # "Sam has not answered about meeting Ada (asked 2026-11-02)"


def chase_days() -> int:
    return settings_mod.current().intro_chase_days


# The introductions with a side asked on or before :chase_cutoff and no answer, still open, as
# (introduction, side, contact to chase); Today's count reads the same conditions.
_CHASE_SQL = """
    SELECT i.id AS iid, 'A' AS side, i.a_id AS cid, i.a_asked_on AS asked FROM introduction i
    WHERE i.status NOT IN ('made', 'declined') AND i.a_asked_on IS NOT NULL AND i.a_answer = ''
      AND i.a_asked_on <= :chase_cutoff
    UNION ALL
    SELECT i.id, 'B', CASE WHEN i.kind = 'ask' THEN i.a_id ELSE i.b_id END, i.b_asked_on FROM introduction i
    WHERE i.status NOT IN ('made', 'declined') AND i.b_asked_on IS NOT NULL AND i.b_answer = ''
      AND i.b_asked_on <= :chase_cutoff
"""
# The contacts to chase (not archived), for Today's count, which must agree with ``to_chase``.
CHASE_IDS_SQL = f"SELECT s.cid FROM ({_CHASE_SQL}) s JOIN contact cc ON cc.id = s.cid WHERE cc.archived = 0"


def chase_cutoff(now: dt.datetime, days: int | None = None) -> str:
    """The last day a side may have been asked and now be worth chasing, as SQL compares it."""
    return (now.date() - dt.timedelta(days=chase_days() if days is None else days)).isoformat()


def to_chase(now: dt.datetime, days: int | None = None, contact_id: int | None = None) -> list[Chase]:
    """Every side asked ``days`` ago or more (default: the setting, 5) that has not answered, oldest first."""
    wait = chase_days() if days is None else days
    found = db.execute_sql(_CHASE_SQL, {"chase_cutoff": chase_cutoff(now, wait)}).fetchall()
    if not found:
        return []
    rows = {r.id: r for r in to_rows(Introduction.select().where(Introduction.id.in_([f[0] for f in found])))}
    archived = set(db.execute_sql(
        f"SELECT id FROM contact WHERE archived = 1 AND id IN ({', '.join('?' * len(found))})", [f[2] for f in found]
    ).fetchall())
    out = []
    for iid, side, cid, asked in found:
        if (cid,) in archived or (contact_id is not None and cid != contact_id):
            continue
        row = rows[iid]
        asked_on = dt.date.fromisoformat(str(asked)[:10])
        out.append(Chase(iid, cid, row.a_name if cid == row.a_id else row.b_name, side, asked_on,
                         dt.datetime.combine(asked_on + dt.timedelta(days=wait), dt.time()), _chase_words(row, side, asked_on)))
    out.sort(key=lambda c: (c.asked_on, c.intro_id, c.side))
    return out


def _chase_words(row: IntroRow, side: str, asked_on: dt.date) -> str:
    since = f"asked {asked_on:%d %b}, no answer yet"
    if row.is_ask and side == "A":
        return f"{row.a_name} has not said whether they can introduce you to {row.b_name} ({since})"
    if row.is_ask:
        return f"has {row.b_name} answered {row.a_name} about meeting you? ({since})"
    who, other = (row.a_name, row.b_name) if side == "A" else (row.b_name, row.a_name)
    return f"{who} has not answered about meeting {other} (introduction #{row.id}, {since})"
