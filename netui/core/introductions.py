"""Introductions: linking two people in your network, with a specific reason for each of them.

Your introductions are an extension of you, so netui insists on a real reason for each side (never
"you should meet X"), follows the double opt-in (ask A, ask B, then make it), and asks two weeks later
how it went. Making one logs an email with both people and a given favour for each; requests made *to*
you ("can you connect me with Mary?") are recorded as introductions with ``requested_by`` set.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from netui.core import derived, gives, interactions, lookup
from netui.core.dates import as_date
from netui.core.errors import IntroError
from netui.core.text import sanitize
from netui.core.vocab import INTRO_OUTCOMES as OUTCOMES
from netui.core.vocab import INTRO_STATUSES as STATUSES
from netui.db import db
from netui.db.models import Contact, Give, Introduction, Reminder

FOLLOW_UP_DAYS = 14

# Where each status may go next. Both opt-ins may come in either order; an introduction can be made
# without them (old friends) and declined at any point before it is made.
TRANSITIONS = {
    "proposed": ("asked-a", "asked-b", "made", "declined"),
    "asked-a": ("asked-b", "made", "declined"),
    "asked-b": ("asked-a", "made", "declined"),
    "made": (),
    "declined": (),
}

STATUS_ALIASES = {"asked a": "asked-a", "asked_a": "asked-a", "asked b": "asked-b", "asked_b": "asked-b",
                  "decline": "declined", "make": "made", "done": "made"}
OUTCOME_ALIASES = {"wasted time": "wasted-time", "wasted": "wasted-time", "wasted_time": "wasted-time"}

# Words that say nothing about why *these two* people should meet. A reason made only of these (and
# the two names) is generic; anything else (a role, a topic, a need) makes it specific.
_GENERIC = frozenset(
    """
    a about all also an and are as at be both but by can chat coffee connect connected connecting connection
    connections contact could definitely do each else fellow for friend friends from fun get go good great
    guy guys have he her him his hit i if in interesting intro introduce introduced introduction into is it
    just know like love lovely maybe me meet meeting met might mutual my network networking nice of off on
    one other others people person really she should similar so someone something sometime stuff swap sync
    synergy synergies talk that the their them they think this those to together two up us useful very want
    wants we well which who will with would you your help helpful benefit benefits beneficial value valuable
    opportunity opportunities potential collaborate collaboration learn lot lots thing things much many
    common interest interests share business professional
    """.split()
)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


class IntroRow(NamedTuple):
    id: int
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    reason_a: str  # why A should meet B
    reason_b: str  # why B should meet A
    status: str
    outcome: str
    requested_by_id: int | None
    requested_by_name: str
    proposed_on: dt.date
    made_on: dt.date | None
    outcome_on: dt.date | None
    note: str

    def other(self, contact_id: int) -> tuple[int, str]:
        """The other person of the pair, seen from ``contact_id``."""
        return (self.b_id, self.b_name) if contact_id == self.a_id else (self.a_id, self.a_name)

    def reason_for(self, contact_id: int) -> str:
        return self.reason_a if contact_id == self.a_id else self.reason_b

    @property
    def state(self) -> str:
        """The outcome once known, else the status: what a one-line listing shows."""
        return self.outcome or self.status


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


# --- parsing ----------------------------------------------------------------------------------


def parse_status(text: str) -> str:
    key = " ".join((text or "").strip().lower().split())
    status = STATUS_ALIASES.get(key, key)
    if status not in STATUSES:
        raise IntroError(f"unknown introduction status {text!r} (use one of {', '.join(STATUSES)})")
    return status


def parse_outcome(text: str) -> str:
    key = " ".join((text or "").strip().lower().split())
    outcome = OUTCOME_ALIASES.get(key, key)
    if outcome not in OUTCOMES:
        raise IntroError(f"unknown outcome {text!r} (use one of {', '.join(OUTCOMES)})")
    return outcome


def check_reason(reason: str, who: str, other: str) -> str:
    """The cleaned reason why ``who`` should meet ``other``; IntroError if it is empty or generic."""
    text = sanitize(reason)
    if not text:
        raise IntroError(f"say why {who} should meet {other}: a specific reason for each side is required")
    names = {w.casefold() for w in _WORDS.findall(f"{who} {other}")}
    specific = [w for w in _WORDS.findall(text.casefold()) if w not in _GENERIC and w not in names and len(w) > 1]
    if not specific:
        raise IntroError(
            f"the reason for {who} ({text!r}) is too generic: say what {who} gains from meeting {other}, "
            "e.g. 'she is hiring a data engineer and he is one'"
        )
    return text


# --- reading ----------------------------------------------------------------------------------


def _names(ids) -> dict[int, str]:
    ids = [i for i in set(ids) if i]
    if not ids:
        return {}
    return dict(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(ids)).tuples())


def _rows(query) -> list[IntroRow]:
    intros = list(query)
    names = _names([x for i in intros for x in (i.a_id, i.b_id, i.requested_by_id)])
    return [
        IntroRow(
            i.id, i.a_id, names.get(i.a_id, ""), i.b_id, names.get(i.b_id, ""), i.reason_a, i.reason_b, i.status,
            i.outcome, i.requested_by_id, names.get(i.requested_by_id, ""), as_date(i.proposed_on), as_date(i.made_on),
            as_date(i.outcome_on), i.note,
        )
        for i in intros
    ]


def _newest_first(query):
    return query.order_by(Introduction.proposed_on.desc(), Introduction.id.desc())


def get(intro_id: int) -> IntroRow:
    rows = _rows(Introduction.select().where(Introduction.id == intro_id))
    if not rows:
        raise IntroError(f"there is no introduction #{intro_id}")
    return rows[0]


def for_contact(contact_id: int) -> list[IntroRow]:
    """The introductions a contact was part of (either side, or as the one who asked), newest first."""
    return _rows(_newest_first(Introduction.select().where(
        (Introduction.a == contact_id) | (Introduction.b == contact_id) | (Introduction.requested_by == contact_id)
    )))


def all_intros() -> list[IntroRow]:
    return _rows(_newest_first(Introduction.select()))


def _open_follow_up(intro_id: int):
    return (
        (Reminder.introduction == intro_id) & (Reminder.kind == "intro-follow-up") & Reminder.next_due_at.is_null(False)
    )


def follow_up(intro_id: int) -> Reminder | None:
    """The open "how did it go?" reminder of an introduction, if any."""
    return (
        Reminder.select()
        .where(_open_follow_up(intro_id))
        .order_by(Reminder.id)
        .first()
    )


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
    if row.requested_by_id and row.status != "made":
        words += f", asked by {row.requested_by_name}"
    return words


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


# --- writing ----------------------------------------------------------------------------------


def _pair(a_id: int, b_id: int) -> tuple[Contact, Contact]:
    if a_id == b_id:
        raise IntroError("an introduction needs two different people")
    return lookup.get(a_id), lookup.get(b_id)


def _refresh(ids, now: dt.datetime) -> None:
    for cid in dict.fromkeys(i for i in ids if i):
        derived.refresh(cid, now)


def propose(
    a_id: int, b_id: int, reason_a: str, reason_b: str, now: dt.datetime, requested_by: int | None = None,
    note: str = "",
) -> int:
    """Plan to introduce A to B, with why A gains from meeting B and why B gains from meeting A."""
    a, b = _pair(a_id, b_id)
    reason_a = check_reason(reason_a, a.name, b.name)
    reason_b = check_reason(reason_b, b.name, a.name)
    return _create(a, b, reason_a, reason_b, now, requested_by, note)


def request(asker_id: int, target_id: int, reason: str, now: dt.datetime, note: str = "") -> int:
    """Record that someone asked you to connect them with a contact, with the reason they gave.

    Their reason is recorded as said; before you ask either side or make it, both reasons must be
    specific (``set_reasons``), and declining is a perfectly good answer.
    """
    asker, target = _pair(asker_id, target_id)
    text = sanitize(reason)
    if not text:
        raise IntroError(f"what reason did {asker.name} give for meeting {target.name}?")
    return _create(asker, target, text, "", now, asker_id, note)


def _create(a: Contact, b: Contact, reason_a: str, reason_b: str, now: dt.datetime, requested_by, note: str) -> int:
    with db.atomic():
        if requested_by is not None:
            lookup.get(requested_by)
        row = Introduction.create(
            a=a.id, b=b.id, reason_a=reason_a, reason_b=reason_b, status="proposed", requested_by=requested_by,
            proposed_on=now.date(), note=sanitize(note, multiline=True),
        )
        _refresh((a.id, b.id, requested_by), now)
    return row.id


def set_reasons(intro_id: int, now: dt.datetime, *, reason_a: str | None = None, reason_b: str | None = None) -> None:
    """Change the reason for either side (each must be specific)."""
    with db.atomic():
        intro = _intro(intro_id)
        a, b = _pair(intro.a_id, intro.b_id)
        changes = {}
        if reason_a is not None:
            changes[Introduction.reason_a] = check_reason(reason_a, a.name, b.name)
        if reason_b is not None:
            changes[Introduction.reason_b] = check_reason(reason_b, b.name, a.name)
        if changes:
            Introduction.update(changes).where(Introduction.id == intro_id).execute()
            _refresh((a.id, b.id), now)


def _intro(intro_id: int) -> Introduction:
    intro = Introduction.get_or_none(Introduction.id == intro_id)
    if intro is None:
        raise IntroError(f"there is no introduction #{intro_id}")
    return intro


def advance(intro_id: int, status: str, now: dt.datetime, note: str | None = None) -> None:
    """Move an introduction on: proposed → asked-a / asked-b (double opt-in) → made, or declined.

    Asking either side or making the introduction needs a specific reason for both. Making it logs an
    email with both people ("introduced to X"), records a given introduction for each, and sets a
    reminder two weeks later to ask how it went.
    """
    status = parse_status(status)
    with db.atomic():
        intro = _intro(intro_id)
        current = intro.status
        if status == current:
            raise IntroError(f"introduction #{intro_id} is already {current}")
        if status not in TRANSITIONS[current]:
            allowed = ", ".join(TRANSITIONS[current])
            hint = f"from {current} it can go to {allowed}" if allowed else f"{current} is final"
            raise IntroError(f"introduction #{intro_id} cannot go from {current} to {status}: {hint}")
        a, b = _pair(intro.a_id, intro.b_id)
        if status != "declined":
            check_reason(intro.reason_a, a.name, b.name)
            check_reason(intro.reason_b, b.name, a.name)
        changes: dict[object, object] = {Introduction.status: status}
        if note is not None:
            changes[Introduction.note] = sanitize(note, multiline=True)
        if status == "made":
            changes[Introduction.made_on] = now.date()
        Introduction.update(changes).where(Introduction.id == intro_id).execute()
        if status == "made":
            _make(intro_id, a, b, now)
        else:
            _refresh((a.id, b.id), now)


def _make(intro_id: int, a: Contact, b: Contact, now: dt.datetime) -> None:
    due = now + dt.timedelta(days=FOLLOW_UP_DAYS)
    Reminder.create(
        contact=a.id, kind="intro-follow-up", note=f"How did the introduction of {a.name} and {b.name} go?",
        due_at=due, next_due_at=due, introduction=intro_id, created_at=now,
    )
    # Both of these refresh the contact, so the reminder above is already in place when they do.
    for person, other in ((a, b), (b, a)):
        interactions.log(person.id, "email", now, now, summary=f"introduced to {other.name}")
        gives.add(person.id, f"introduced to {other.name}", now, "given", "introduction", introduction=intro_id)


def set_outcome(intro_id: int, outcome: str, now: dt.datetime) -> None:
    """Say how a made introduction turned out; this answers (closes) its follow-up reminder."""
    outcome = parse_outcome(outcome)
    with db.atomic():
        intro = _intro(intro_id)
        if intro.status != "made":
            raise IntroError(
                f"introduction #{intro_id} is {intro.status}: only a made introduction has an outcome"
            )
        Introduction.update(outcome=outcome, outcome_on=now.date()).where(Introduction.id == intro_id).execute()
        Give.update(outcome=outcome).where(Give.introduction == intro_id).execute()
        Reminder.update(done_at=now, next_due_at=None).where(_open_follow_up(intro_id)).execute()
        _refresh((intro.a_id, intro.b_id), now)


def delete(intro_id: int, now: dt.datetime) -> None:
    """Forget an introduction; its follow-up reminder goes with it, its give entries stay as history."""
    with db.atomic():
        intro = _intro(intro_id)
        intro.delete_instance()
        _refresh((intro.a_id, intro.b_id), now)
