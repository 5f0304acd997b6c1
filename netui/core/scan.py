"""Interactions found in the user's own mail and calendar files: matching, review and logging.

The readers in ``netui.interop.mailscan`` turn files into the header records below (never a body);
this module matches their addresses to contacts, leaves out the user's own addresses, mailing lists,
no-reply senders and bulk mail, drops what an earlier scan already showed (the ``ScanSeen`` table),
and hands back proposals. Nothing is written until ``accept`` or ``skip``: accepted proposals go
through ``interactions.log`` (the one logging path) in batched transactions, and both remember what
was seen so a second scan of the same or a newer export proposes nothing twice.

"Never for this address" (``never``) keeps an address out of every later scan: nothing is proposed
through it and it is not offered as a new person. The never-list lives in the same table as what was
seen, as rows with ``outcome = "never"``, ``contact_id = 0`` (no contact has it) and the address,
normalised, as ``source``; so it travels with the JSON backup like the rest of that table.

A review screen is a thin view over ``propose`` / ``accept`` / ``skip``: it lists ``Proposal`` values
grouped by ``contact_id`` and calls back with the ones the user chose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from netui.core import interactions
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Contact, ContactMethod, ScanSeen

BATCH = 300  # proposals logged per transaction
NEW_PERSON_MIN = 3  # messages from or to a stranger before they are offered as a new contact
_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?|notifications?)\b")


Address = tuple[str, str]  # (display name, address as written)


@dataclass(frozen=True)
class Message:
    """The headers of one message that matter here; the body is never read."""

    key: str  # the Message-ID (or a stand-in made of the headers when there is none)
    sent: dt.datetime | None
    subject: str
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    bulk: bool = False  # List-Id, Precedence: bulk/list/junk, or Auto-Submitted
    where: str = ""


@dataclass(frozen=True)
class Event:
    """One occurrence of a calendar event (a repeating event gives one per occurrence)."""

    key: str  # UID, with the occurrence's start for repeating events
    start: dt.datetime
    summary: str
    addresses: tuple[Address, ...]  # organiser and attendees
    location: str = ""
    video: bool = False
    where: str = ""


@dataclass(frozen=True)
class Damaged:
    """A message or event that could not be read: where it was and why; the scan goes on."""

    where: str
    reason: str


Item = Message | Event | Damaged


@dataclass(frozen=True, slots=True)
class Proposal:
    contact_id: int
    name: str
    kind: str
    occurred_at: dt.datetime
    summary: str
    source: str  # the Message-ID or event UID(+occurrence) it came from
    address: str = ""  # the contact's address it was matched by (what "never for this address" names)

    def as_dict(self) -> dict:
        return {
            "contact_id": self.contact_id, "name": self.name, "kind": self.kind,
            "occurred_at": self.occurred_at.isoformat(), "summary": self.summary, "source": self.source,
        }


@dataclass(frozen=True)
class NewPerson:
    name: str
    address: str
    count: int
    first: dt.datetime | None = None  # the earliest of their messages: when you met


@dataclass
class ScanResult:
    proposals: list[Proposal] = field(default_factory=list)
    new_people: list[NewPerson] = field(default_factory=list)
    damaged: list[Damaged] = field(default_factory=list)
    me: tuple[str, ...] = ()
    learnt_me: bool = False  # ``me`` was guessed from the mail, not given
    messages: int = 0
    events: int = 0
    left_out: int = 0  # lists, no-reply and bulk mail
    already_seen: int = 0
    never: int = 0  # messages and events with an address on the never-list (nothing proposed through it)


def norm(address: str) -> str:
    """An address as ContactMethod.norm keeps emails: trimmed and casefolded."""
    return address.strip().casefold()


def is_no_reply(address: str) -> bool:
    return bool(_NO_REPLY.match(norm(address).partition("@")[0]))


def local_time(when: dt.datetime) -> dt.datetime:
    """A header's time as netui keeps times: naive local, to the second."""
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.replace(microsecond=0)


def _email_index() -> dict[str, tuple[int, str]]:
    """Every email of a contact not archived: norm -> (contact id, name)."""
    query = (
        ContactMethod.select(ContactMethod.norm, Contact.id, Contact.name)
        .join(Contact)
        .where((ContactMethod.kind == "email") & (Contact.archived == False))  # noqa: E712 (SQL)
        .tuples()
    )
    return {n: (cid, name) for n, cid, name in query}


def _seen(keys: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    wanted = list(keys)
    sources = sorted({source for source, _ in wanted})
    out: set[tuple[str, int]] = set()
    for i in range(0, len(sources), 500):
        query = ScanSeen.select(ScanSeen.source, ScanSeen.contact_id).where(ScanSeen.source.in_(sources[i:i + 500]))
        out.update(query.tuples())
    return out


NEVER = "never"  # the outcome of a never-list row
OUTCOMES = ("accepted", "skipped", NEVER)


def never_list() -> set[str]:
    """The addresses no scan proposes anything through (normalised)."""
    query = ScanSeen.select(ScanSeen.source).where((ScanSeen.outcome == NEVER) & (ScanSeen.contact_id == 0))
    return {source for (source,) in query.tuples()}


def never(addresses: Iterable[str], now: dt.datetime) -> list[str]:
    """Put ``addresses`` on the never-list (one transaction); the ones that were not on it yet."""
    wanted = sorted({norm(a) for a in addresses if "@" in a} - never_list())
    if wanted:
        with db.atomic():
            ScanSeen.insert_many(
                [{"source": a, "contact_id": 0, "outcome": NEVER, "seen_at": now} for a in wanted]
            ).on_conflict_ignore().execute()
    return wanted


def event_kind(event: Event) -> str:
    if event.location.strip():
        return "in-person"
    return "video" if event.video else "call"


def propose(
    items: Iterable[Item], now: dt.datetime, *, me: Sequence[str] = (), since: dt.date | None = None,
    never: Iterable[str] = (),
) -> ScanResult:
    """Read ``items`` once and say what to log; writes nothing.

    ``me`` are the user's own addresses; when empty, the address on the most scanned messages (From,
    To or Cc: the user is on every message of an Inbox and of a Sent folder alike) is taken for the
    user, a stranger's address winning a tie over a contact's. A plain "most frequent sender" would
    take a contact for the user when only an Inbox is scanned, and silently hide them.

    ``never`` are addresses to leave out besides the never-list (a dry run's ``--never``).

    Only the matched messages and events are kept in memory (as small tuples) with a count per
    address, so a large mailbox costs little more than its count of correspondents.
    """
    blocked = never_list() | {norm(a) for a in never}
    known = {n: who for n, who in _email_index().items() if n not in blocked}
    result = ScanResult()
    participants: Counter[str] = Counter()
    strangers: Counter[str] = Counter()
    stranger_names: dict[str, str] = {}
    first_seen: dict[str, dt.datetime] = {}
    # (source, contact addresses as norms, kind, when, summary); "me" is only settled after the pass.
    candidates: list[tuple[str, tuple[str, ...], str, dt.datetime, str]] = []
    for item in items:
        if isinstance(item, Damaged):
            result.damaged.append(item)
            continue
        if isinstance(item, Message):
            result.messages += 1
            if item.bulk or item.sender is None or is_no_reply(item.sender[1]):
                result.left_out += 1
                continue
            when, people = item.sent, (item.sender, *item.to, *item.cc)
            kind, summary = "email", item.subject
        else:
            result.events += 1
            when, people, kind, summary = item.start, item.addresses, event_kind(item), item.summary
        if when is None:
            result.damaged.append(Damaged(item.where, "no date"))
            continue
        when = local_time(when)
        if when > now or (since is not None and when.date() < since):
            continue
        norms = tuple(dict.fromkeys(norm(a) for _, a in people if a))
        if isinstance(item, Message):
            participants.update(norms)
        result.never += sum(1 for n in norms if n in blocked)
        matched = tuple(n for n in norms if n in known)
        if matched:
            candidates.append((item.key, matched, kind, when, sanitize(summary)))
        if isinstance(item, Message):
            new = [n for n in norms if n not in known and n not in blocked and not is_no_reply(n)]
            strangers.update(new)
            for n in new:
                if n not in first_seen or when < first_seen[n]:
                    first_seen[n] = when
            for name, address in people:
                n = norm(address)
                if name and n in strangers and n not in stranger_names:
                    stranger_names[n] = sanitize(name)
    mine = {norm(a) for a in me}
    if not mine and participants:
        mine = {max(participants, key=lambda n: (participants[n], n not in known))}
    result.me, result.learnt_me = tuple(sorted(mine)), not me
    pairs: list[tuple[str, int, str, str, dt.datetime, str, str]] = []
    candidates.reverse()  # taken from the end, so that one list shrinks while the next grows
    while candidates:
        source, matched, kind, when, summary = candidates.pop()
        contacts: dict[tuple[int, str], str] = {}
        for n in matched:
            if n not in mine:
                contacts.setdefault(known[n], n)
        for (contact_id, name), address in contacts.items():
            pairs.append((source, contact_id, name, kind, when, summary, address))
    seen = _seen((p[0], p[1]) for p in pairs)
    emitted: set[tuple[str, int]] = set()
    clean: dict[str, str] = {}  # each name and address sanitised once, one string shared by its proposals
    pairs.reverse()
    while pairs:
        source, contact_id, name, kind, when, summary, address = pairs.pop()
        if (source, contact_id) in seen or (source, contact_id) in emitted:
            result.already_seen += (source, contact_id) in seen
            continue
        emitted.add((source, contact_id))
        name = clean.setdefault(name, sanitize(name))
        address = clean.setdefault(address, sanitize(address))
        result.proposals.append(Proposal(contact_id, name, kind, when, summary, source, address))
    result.proposals.sort(key=lambda p: (p.name.casefold(), p.contact_id, p.occurred_at, p.source))
    result.new_people = sorted(
        (NewPerson(stranger_names.get(n, ""), sanitize(n), c, first_seen.get(n)) for n, c in strangers.items()
         if c >= NEW_PERSON_MIN and n not in mine),
        key=lambda p: (-p.count, p.address),
    )
    return result


def _remember(batch: Sequence[Proposal], outcome: str, now: dt.datetime) -> None:
    ScanSeen.insert_many(
        [{"source": p.source, "contact_id": p.contact_id, "outcome": outcome, "seen_at": now} for p in batch]
    ).on_conflict_ignore().execute()


def accept(proposals: Sequence[Proposal], now: dt.datetime) -> list[interactions.Logged]:
    """Log ``proposals`` through the one logging path (which closes the plan steps a log answers), a
    few hundred per transaction; what each log did, in order."""
    done: list[interactions.Logged] = []
    for i in range(0, len(proposals), BATCH):
        batch = proposals[i:i + BATCH]
        with db.atomic():
            for p in batch:
                done.append(interactions.log(p.contact_id, p.kind, p.occurred_at, now, summary=p.summary))
            _remember(batch, "accepted", now)
    return done


def skip(proposals: Sequence[Proposal], now: dt.datetime) -> None:
    """Remember ``proposals`` as seen and declined, so no later scan offers them again."""
    for i in range(0, len(proposals), BATCH):
        with db.atomic():
            _remember(proposals[i:i + BATCH], "skipped", now)
