"""Give notes, the karma bank: what you could do for someone, what you did, what they did for you.

Networking is helping, so netui keeps ideas of what to give (an article, an intro, a referral), favours
given and received, and job leads passed to several people at once. Balances answer "do I only ever
ask this person for things?", and the give list puts open ideas where the relationship needs them most.

Every write is one transaction and refreshes the contacts it touches: strength counts reciprocity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from peewee import Case, fn

from netui.core import derived, formats, lookup
from netui.core.dates import as_date, as_datetime
from netui.core.errors import GiveError
from netui.core.text import sanitize
from netui.core.vocab import GIVE_DIRECTIONS, GIVE_KINDS, GIVE_STATUSES
from netui.db import db
from netui.db.models import Contact, Give

STATUSES = GIVE_STATUSES  # open | done | dropped

KIND_ALIASES = {
    "favour": "favor", "intro": "introduction", "ref": "referral", "job": "job-lead", "job lead": "job-lead",
    "joblead": "job-lead", "job_lead": "job-lead", "lead": "job-lead", "present": "gift", "link": "article",
    "read": "article",
}


class GiveRow(NamedTuple):
    """One give note as the panes and the CLI show it."""

    id: int
    contact_id: int
    contact_name: str
    direction: str  # idea | given | received
    kind: str
    text: str
    status: str  # open | done | dropped
    outcome: str
    created_on: dt.date
    done_on: dt.date | None
    lead: int | None
    introduction_id: int | None


class Balance(NamedTuple):
    """Favours given and received (dropped ones do not count) and ideas still open."""

    given: int
    received: int
    open_ideas: int


class GiveListRow(NamedTuple):
    """An open idea in the list across everyone, with why that relationship needs it now."""

    give_id: int
    contact_id: int
    contact_name: str
    circle: str
    strength: int
    next_due_at: dt.datetime | None
    kind: str
    text: str
    created_on: dt.date
    why: str  # "overdue by 12 days", "inner circle, strength 14", "due in 30 days"


class Lead(NamedTuple):
    """One job lead or referral and where it went: one give per person, each with its own status."""

    lead: int
    kind: str
    text: str
    created_on: dt.date
    targets: list[GiveRow]


# --- parsing ----------------------------------------------------------------------------------


def parse_kind(text: str) -> str:
    key = " ".join((text or "").strip().lower().split())
    kind = KIND_ALIASES.get(key, key)
    if kind not in GIVE_KINDS:
        raise GiveError(f"unknown give kind {text!r} (use one of {', '.join(GIVE_KINDS)})")
    return kind


def _direction(text: str) -> str:
    if text not in GIVE_DIRECTIONS:
        raise GiveError(f"unknown give direction {text!r} (use one of {', '.join(GIVE_DIRECTIONS)})")
    return text


def _text(text: str) -> str:
    clean = sanitize(text)
    if not clean:
        raise GiveError("a give note needs some text: what to give, or what was given")
    return clean


def _row(g: Give, name: str) -> GiveRow:
    return GiveRow(
        g.id, g.contact_id, name, g.direction, g.kind, g.text, g.status, g.outcome, as_date(g.created_on),
        as_date(g.done_on), g.lead, g.introduction_id,
    )


def _get(give_id: int) -> Give:
    give = Give.get_or_none(Give.id == give_id)
    if give is None:
        raise GiveError(f"there is no give note #{give_id}")
    return give


def _select():
    return Give.select(Give, Contact.id, Contact.name).join(Contact)


def _rows(query) -> list[GiveRow]:
    return [_row(g, g.contact.name) for g in query]


# --- writing ----------------------------------------------------------------------------------


def _create(
    contact_id: int, text: str, now: dt.datetime, direction: str, kind: str, *, lead: int | None = None,
    introduction: int | None = None,
) -> Give:
    """Insert one give in the caller's transaction; given and received favours are done on creation."""
    lookup.get(contact_id)
    done = direction != "idea"
    return Give.create(
        contact=contact_id, direction=direction, kind=kind, text=text, status="done" if done else "open",
        created_on=now.date(), done_on=now.date() if done else None, lead=lead, introduction=introduction,
    )


def add(
    contact_id: int, text: str, now: dt.datetime, direction: str = "idea", kind: str = "other", *,
    introduction: int | None = None,
) -> int:
    """Note an idea for someone (``idea``), or a favour you did (``given``) or they did (``received``).

    ``introduction`` links the favour to the introduction it came from (set when one is made).
    """
    direction = _direction(direction)
    kind = parse_kind(kind)
    text = _text(text)
    with db.atomic():
        give = _create(contact_id, text, now, direction, kind, introduction=introduction)
        derived.refresh(contact_id, now)
    return give.id


def add_lead(contact_ids: Iterable[int], text: str, now: dt.datetime, kind: str = "job-lead", *,
             passed: bool = False) -> int:
    """Pass one job lead or referral to several people: one give each, sharing a ``lead`` number.

    ``passed``: you already passed it on, so each is a favour given today; otherwise each is an open
    idea to pass (marked given later, one by one). Either way its outcome can be said later.

    The number is one more than the highest in use, read after the first insert: the transaction then
    holds SQLite's write lock, so two processes cannot pick the same one.
    """
    ids = list(dict.fromkeys(contact_ids))
    if not ids:
        raise GiveError("a lead needs at least one person to pass it to")
    kind = parse_kind(kind)
    text = _text(text)
    with db.atomic():
        rows = [_create(cid, text, now, "given" if passed else "idea", kind).id for cid in ids]
        lead = (Give.select(fn.MAX(Give.lead)).scalar() or 0) + 1
        Give.update(lead=lead).where(Give.id.in_(rows)).execute()
        for cid in ids:
            derived.refresh(cid, now)
    return lead


def _close(give_id: int, now: dt.datetime, status: str, outcome: str) -> None:
    with db.atomic():
        give = _get(give_id)
        if give.status != "open":
            raise GiveError(f"give note #{give_id} is already {give.status}")
        changes = {Give.status: status, Give.done_on: now.date()}
        if status == "done" and give.direction == "idea":
            changes[Give.direction] = "given"
        if outcome:
            changes[Give.outcome] = sanitize(outcome)
        Give.update(changes).where(Give.id == give_id).execute()
        derived.refresh(give.contact_id, now)


def mark_done(give_id: int, now: dt.datetime, outcome: str = "") -> None:
    """The idea was carried out: it becomes a favour given, dated today."""
    _close(give_id, now, "done", outcome)


def drop(give_id: int, now: dt.datetime, outcome: str = "") -> None:
    """Let an idea go without deleting it (the history keeps what you meant to do)."""
    _close(give_id, now, "dropped", outcome)


def set_outcome(give_id: int, outcome: str, now: dt.datetime) -> None:
    """Say how a give turned out ("got the interview"), any time after it was done."""
    with db.atomic():
        give = _get(give_id)
        Give.update(outcome=sanitize(outcome)).where(Give.id == give_id).execute()
        derived.refresh(give.contact_id, now)


def edit(give_id: int, now: dt.datetime, *, text: str | None = None, kind: str | None = None) -> None:
    changes = {}
    if text is not None:
        changes[Give.text] = _text(text)
    if kind is not None:
        changes[Give.kind] = parse_kind(kind)
    with db.atomic():
        give = _get(give_id)
        if changes:
            Give.update(changes).where(Give.id == give_id).execute()
            derived.refresh(give.contact_id, now)


def delete(give_id: int, now: dt.datetime) -> None:
    with db.atomic():
        give = _get(give_id)
        give.delete_instance()
        derived.refresh(give.contact_id, now)



class GiveItem(NamedTuple):
    """A give note as another copy of the database describes it (sync): no id, lead or introduction."""

    kind: str
    direction: str
    status: str
    created_on: dt.date
    done_on: dt.date | None
    text: str
    outcome: str


def replace(contact_id: int, items: Iterable[GiveItem], now: dt.datetime) -> bool:
    """Make a contact's give notes those of ``items``, keeping their dates: what another copy says.

    A give is the same one when its kind, text and creation date are: it stays (with its id, lead and
    introduction) and takes the item's direction, status, done date and outcome. Others are deleted,
    and missing ones added. True when anything changed; the contact is refreshed then. One transaction.
    """
    wanted: dict[tuple[str, str, dt.date], GiveItem] = {}
    for item in items:
        kind, direction, text = parse_kind(item.kind), _direction(item.direction), _text(item.text)
        if item.status not in STATUSES:
            raise GiveError(f"unknown give status {item.status!r} (use one of {', '.join(STATUSES)})")
        wanted[(kind, text, item.created_on)] = item._replace(
            kind=kind, direction=direction, text=text, outcome=sanitize(item.outcome)
        )
    changed = False
    with db.atomic():
        lookup.get(contact_id)
        seen = set()
        for row in Give.select().where(Give.contact == contact_id).order_by(Give.id):
            key = (row.kind, row.text, as_date(row.created_on))
            g = wanted.get(key)
            if g is None or key in seen:
                row.delete_instance()
                changed = True
                continue
            seen.add(key)
            if (row.direction, row.status, as_date(row.done_on), row.outcome or "") != (g.direction, g.status, g.done_on, g.outcome):
                Give.update(direction=g.direction, status=g.status, done_on=g.done_on, outcome=g.outcome).where(
                    Give.id == row.id
                ).execute()
                changed = True
        for key, g in wanted.items():
            if key not in seen:
                Give.create(contact=contact_id, kind=g.kind, direction=g.direction, status=g.status,
                            created_on=g.created_on, done_on=g.done_on, text=g.text, outcome=g.outcome)
                changed = True
        if changed:
            derived.refresh(contact_id, now)
    return changed

# --- reading ----------------------------------------------------------------------------------


def get(give_id: int) -> GiveRow:
    g = _select().where(Give.id == give_id).get_or_none()
    if g is None:
        raise GiveError(f"there is no give note #{give_id}")
    return _row(g, g.contact.name)


def for_contact(contact_id: int) -> list[GiveRow]:
    """A contact's give notes: open ideas first, then the history, newest first."""
    return _rows(
        _select()
        .where(Give.contact == contact_id)
        .order_by(
            Case(None, [(Give.status == "open", 0)], 1),
            fn.COALESCE(Give.done_on, Give.created_on).desc(),
            Give.id.desc(),
        )
    )


def open_ideas(contact_id: int) -> list[GiveRow]:
    """What you could do for them next (shown on the call reminder and the triage card)."""
    return _rows(
        _select()
        .where((Give.contact == contact_id) & (Give.direction == "idea") & (Give.status == "open"))
        .order_by(Give.created_on, Give.id)
    )


def all_gives(*, open_only: bool = False, limit: int = 0, offset: int = 0) -> list[GiveRow]:
    """Every give note, newest first (what ``netui gives`` lists)."""
    query = _select()
    if open_only:
        query = query.where((Give.direction == "idea") & (Give.status == "open"))
    query = query.order_by(fn.COALESCE(Give.done_on, Give.created_on).desc(), Give.id.desc())
    if limit:
        query = query.limit(limit).offset(offset)
    return _rows(query)


def balance(contact_id: int | None = None) -> Balance:
    """Given vs received (and open ideas) for one person, or for the whole network."""
    given = fn.SUM(Case(None, [((Give.direction == "given") & (Give.status == "done"), 1)], 0))
    received = fn.SUM(Case(None, [((Give.direction == "received") & (Give.status != "dropped"), 1)], 0))
    ideas = fn.SUM(Case(None, [((Give.direction == "idea") & (Give.status == "open"), 1)], 0))
    query = Give.select(given, received, ideas)
    if contact_id is not None:
        query = query.where(Give.contact == contact_id)
    row = query.tuples().get()
    return Balance(*(int(v or 0) for v in row))


def only_takes(contact_id: int) -> bool:
    """True when they have done things for you and you never for them: the gentle nudge."""
    b = balance(contact_id)
    return b.received >= 1 and b.given == 0


def lead_status(lead: int) -> Lead:
    rows = _rows(_select().where(Give.lead == lead).order_by(Give.id))
    if not rows:
        raise GiveError(f"there is no lead #{lead}")
    first = rows[0]
    return Lead(lead, first.kind, first.text, first.created_on, rows)


# --- the give list across everyone ------------------------------------------------------------

# Overdue keep-in-touch first (most overdue on top), then the close circles (ace, inner) weakest
# first, then everyone else by when they come due. Sorted and paged by SQLite, never in Python.
# CROSS JOIN fixes the loop order: walk the gives (far fewer than contacts) and look each contact up by
# its key; left to itself SQLite walks every active contact instead, three times slower at 30,000.
_GIVE_LIST_FROM = (
    "FROM give g CROSS JOIN contact c ON c.id = g.contact_id "
    "WHERE g.direction = 'idea' AND g.status = 'open' AND c.archived = 0"
)
_GROUP = "CASE WHEN c.next_due_at <= ? THEN 0 WHEN c.circle IN ('ace', 'inner') THEN 1 ELSE 2 END"


def give_list_count() -> int:
    return db.execute_sql(f"SELECT count(*) {_GIVE_LIST_FROM}").fetchone()[0]


def give_list(now: dt.datetime, limit: int = 60, offset: int = 0) -> list[GiveListRow]:
    """Open ideas across everyone, the relationship that needs one most first; a window at a time."""
    stamp = now.isoformat(sep=" ")
    sql = (
        "SELECT g.id, c.id, c.name, c.circle, c.strength, c.next_due_at, g.kind, g.text, g.created_on, "
        f"{_GROUP} AS grp {_GIVE_LIST_FROM} ORDER BY grp, "
        "CASE WHEN c.next_due_at <= ? THEN c.next_due_at END, "
        "CASE WHEN c.circle IN ('ace', 'inner') THEN c.strength END, "
        "c.next_due_at IS NULL, c.next_due_at, c.strength, c.sort_name, c.id, g.created_on, g.id "
        "LIMIT ? OFFSET ?"
    )
    out = []
    for gid, cid, name, circle, strength, due, kind, text, created, group in db.execute_sql(
        sql, [stamp, stamp, limit, offset]
    ).fetchall():
        due_at = as_datetime(due)
        out.append(GiveListRow(gid, cid, name, circle, strength, due_at, kind, text, as_date(created),
                               _why(group, circle, strength, due_at, now)))
    return out


def _why(group: int, circle: str, strength: int, due_at: dt.datetime | None, now: dt.datetime) -> str:
    if group == 0 and due_at is not None:
        days = (now.date() - due_at.date()).days
        return "due today" if days == 0 else f"overdue by {formats.days(days)}"
    if group == 1:
        return f"{circle} circle, strength {strength}"
    if due_at is None:
        return "no keep-in-touch date"
    days = (due_at.date() - now.date()).days
    return f"due in {days} day{'s' * (days != 1)}"
