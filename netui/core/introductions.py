"""Introductions: linking two people in your network, with a specific reason for each of them.

Your introductions are an extension of you, so netui insists on a real reason for each side (never
"you should meet X"), follows the double opt-in (ask A, ask B, then make it), and asks two weeks later
how it went. Making one logs an email with both people and a given favour for each; requests made *to*
you ("can you connect me with Mary?") are recorded as introductions with ``requested_by`` set.

Each side of the double opt-in has its own state (not asked, asked, accepted, declined, no answer) and
dates, and notes are a dated history that only grows. You can also be the one introduced: ``ask``
records "Gary, could you connect me with Mary?" (kind ``ask``: A is the one you asked, B the one you
want to meet); Gary's answer is side A's, Mary's side B's, and when Gary makes it you received a favour.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from netui.core import derived, gives, interactions, lookup
from netui.core import settings as settings_mod
from netui.core.dates import as_date
from netui.core.errors import IntroError
from netui.core.reasons import specific_words
from netui.core.text import sanitize
from netui.core.vocab import INTRO_ANSWERS as ANSWERS
from netui.core.vocab import INTRO_OUTCOMES as OUTCOMES
from netui.core.vocab import INTRO_STATUSES as STATUSES
from netui.db import db
from netui.db.models import Contact, Give, Introduction, IntroNote, Reminder

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

ANSWER_ALIASES = {"accept": "accepted", "yes": "accepted", "ok": "accepted", "decline": "declined", "no": "declined",
                  "no answer": "no-answer", "no_answer": "no-answer", "silent": "no-answer"}
SIDES = ("a", "b")


class Side(NamedTuple):
    """One side of the double opt-in: who, when they were asked, what they said and when."""

    side: str  # "A" or "B"
    contact_id: int
    name: str
    asked_on: dt.date | None
    answer: str  # "" (none yet) | accepted | declined | no-answer
    answered_on: dt.date | None

    @property
    def state(self) -> str:
        """not asked, asked, accepted, declined or no answer."""
        if self.answer:
            return self.answer.replace("-", " ")
        return "asked" if self.asked_on else "not asked"


class Note(NamedTuple):
    on: dt.date
    note: str


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
    note: str  # the latest note (the whole history is ``history``)
    kind: str = "connect"  # connect: you introduce A to B | ask: you asked A to introduce you to B
    sides: tuple[Side, ...] = ()
    history: tuple[Note, ...] = ()

    def other(self, contact_id: int) -> tuple[int, str]:
        """The other person of the pair, seen from ``contact_id``."""
        return (self.b_id, self.b_name) if contact_id == self.a_id else (self.a_id, self.a_name)

    def reason_for(self, contact_id: int) -> str:
        return self.reason_a if contact_id == self.a_id else self.reason_b

    @property
    def state(self) -> str:
        """The outcome once known, else the status: what a one-line listing shows."""
        return self.outcome or self.status

    @property
    def is_ask(self) -> bool:
        return self.kind == "ask"

    def declined_by(self) -> str:
        """Who said no ("Mary"), "" when nobody did or it was not recorded."""
        return ", ".join(s.name for s in self.sides if s.answer == "declined")


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


def parse_answer(text: str) -> str:
    key = " ".join((text or "").strip().lower().split())
    answer = ANSWER_ALIASES.get(key, key)
    if answer not in ANSWERS:
        raise IntroError(f"unknown answer {text!r} (use one of {', '.join(ANSWERS)})")
    return answer


def parse_side(text: str) -> str:
    side = (text or "").strip().lower()
    if side not in SIDES:
        raise IntroError(f"unknown side {text!r} (use A or B)")
    return side


def check_reason(reason: str, who: str, other: str) -> str:
    """The cleaned reason why ``who`` should meet ``other``; IntroError if it is empty or generic."""
    text = sanitize(reason)
    if not text:
        raise IntroError(f"say why {who} should meet {other}: a specific reason for each side is required")
    if not specific_words(text, f"{who} {other}"):
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


def _history(ids: list[int]) -> dict[int, list[Note]]:
    out: dict[int, list[Note]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        query = (IntroNote.select(IntroNote.introduction, IntroNote.noted_on, IntroNote.note)
                 .where(IntroNote.introduction.in_(ids[start:start + 500])).order_by(IntroNote.id).tuples())
        for iid, on, note in query:
            out[iid].append(Note(as_date(on), note))
    return out


def to_rows(query) -> list[IntroRow]:
    """The rows of an ``Introduction`` query, with names, both sides and the notes history."""
    intros = list(query)
    names = _names([x for i in intros for x in (i.a_id, i.b_id, i.requested_by_id)])
    history = _history([i.id for i in intros])
    return [
        IntroRow(
            i.id, i.a_id, names.get(i.a_id, ""), i.b_id, names.get(i.b_id, ""), i.reason_a, i.reason_b, i.status,
            i.outcome, i.requested_by_id, names.get(i.requested_by_id, ""), as_date(i.proposed_on), as_date(i.made_on),
            as_date(i.outcome_on), i.note, i.kind,
            (Side("A", i.a_id, names.get(i.a_id, ""), as_date(i.a_asked_on), i.a_answer, as_date(i.a_answered_on)),
             Side("B", i.b_id, names.get(i.b_id, ""), as_date(i.b_asked_on), i.b_answer, as_date(i.b_answered_on))),
            tuple(history[i.id]),
        )
        for i in intros
    ]


def newest_first(query):
    return query.order_by(Introduction.proposed_on.desc(), Introduction.id.desc())


def get(intro_id: int) -> IntroRow:
    rows = to_rows(Introduction.select().where(Introduction.id == intro_id))
    if not rows:
        raise IntroError(f"there is no introduction #{intro_id}")
    return rows[0]


def for_contact(contact_id: int) -> list[IntroRow]:
    """The introductions a contact was part of (either side, or as the one who asked), newest first."""
    return to_rows(newest_first(Introduction.select().where(
        (Introduction.a == contact_id) | (Introduction.b == contact_id) | (Introduction.requested_by == contact_id)
    )))


def all_intros() -> list[IntroRow]:
    return to_rows(newest_first(Introduction.select()))


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


def ask(via_id: int, target_id: int, reason: str, now: dt.datetime, note: str = "") -> int:
    """Ask ``via`` to introduce you to ``target``, with the specific reason you gave them.

    The request counts as asked of ``via`` today (side A); their answer, and the target's (side B),
    are recorded with ``answer``; a side silent for ``[introductions] chase_days`` comes up in Today.
    """
    via, target = _pair(via_id, target_id)
    text = sanitize(reason)
    if not text:
        raise IntroError(f"say why you want to meet {target.name}: {via.name} needs a specific reason to pass on")
    if not specific_words(text, f"{via.name} {target.name}"):
        raise IntroError(
            f"the reason ({text!r}) is too generic: say why you want to meet {target.name}, "
            "e.g. 'I am moving into HR and she runs hiring at XYZ Corp'"
        )
    return _create(via, target, text, "", now, None, note, kind="ask")


def _create(a: Contact, b: Contact, reason_a: str, reason_b: str, now: dt.datetime, requested_by, note: str,
            kind: str = "connect") -> int:
    with db.atomic():
        if requested_by is not None:
            lookup.get(requested_by)
        text = sanitize(note, multiline=True)
        row = Introduction.create(
            a=a.id, b=b.id, reason_a=reason_a, reason_b=reason_b, status="asked-a" if kind == "ask" else "proposed",
            requested_by=requested_by, proposed_on=now.date(), note=text, kind=kind,
            a_asked_on=now.date() if kind == "ask" else None,
        )
        if text:
            IntroNote.create(introduction=row.id, noted_on=now.date(), note=text)
        _refresh((a.id, b.id, requested_by), now)
    return row.id


def add_note(intro_id: int, note: str, now: dt.datetime) -> None:
    """Add a dated note to the introduction's history (earlier notes stay)."""
    with db.atomic():
        intro = _intro(intro_id)
        _note(intro_id, note, now)
        _refresh((intro.a_id, intro.b_id), now)


def _note(intro_id: int, note: str | None, now: dt.datetime) -> None:
    """In the caller's transaction: append ``note`` (when it says anything) and keep it as the latest."""
    text = sanitize(note or "", multiline=True)
    if not text:
        return
    IntroNote.create(introduction=intro_id, noted_on=now.date(), note=text)
    Introduction.update(note=text).where(Introduction.id == intro_id).execute()


def set_reasons(intro_id: int, now: dt.datetime, *, reason_a: str | None = None, reason_b: str | None = None) -> None:
    """Change the reason for either side (each must be specific)."""
    with db.atomic():
        intro = _intro(intro_id)
        a, b = _pair(intro.a_id, intro.b_id)
        changes = {}
        if reason_a is not None:
            changes[Introduction.reason_a] = check_reason(reason_a, a.name, b.name)
        if reason_b is not None:
            changes[Introduction.reason_b] = check_reason(reason_b, b.name, a.name) if intro.kind != "ask" else sanitize(reason_b)
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

    Asking a side dates that side's request (its answer comes with ``answer``). Asking either side or
    making the introduction needs a specific reason for both. Making it logs an email with both
    people ("introduced to X"), records a given introduction for each, and sets a reminder two weeks
    later to ask how it went; one you asked for records a favour received from the one who made it.
    A note is added to the history, never replacing the ones before.
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
            _check_reasons(intro, a, b)
        changes: dict[object, object] = {Introduction.status: status}
        if status == "made":
            changes[Introduction.made_on] = now.date()
        for side in SIDES:
            if status == f"asked-{side}" and getattr(intro, f"{side}_asked_on") is None:
                changes[getattr(Introduction, f"{side}_asked_on")] = now.date()
        Introduction.update(changes).where(Introduction.id == intro_id).execute()
        _note(intro_id, note, now)
        if status == "made":
            (_made_for_me if intro.kind == "ask" else _make)(intro_id, a, b, now)
        else:
            _refresh((a.id, b.id), now)


def _check_reasons(intro: Introduction, a: Contact, b: Contact) -> None:
    if intro.kind == "ask":
        if not sanitize(intro.reason_a):
            raise IntroError(f"say why you want to meet {b.name}")
        return
    check_reason(intro.reason_a, a.name, b.name)
    check_reason(intro.reason_b, b.name, a.name)


def answer(intro_id: int, side: str, reply: str, now: dt.datetime, note: str | None = None) -> None:
    """Record what one side said: accepted, declined or no answer, dated today, with an optional note.

    A side that answers was asked (today, if that was not recorded). A decline makes the whole
    introduction declined (proposing the pair again then warns); an acceptance leaves it to you to
    ask the other side or make it.
    """
    side, reply = parse_side(side), parse_answer(reply)
    with db.atomic():
        intro = _intro(intro_id)
        if intro.status in ("made", "declined"):
            raise IntroError(f"introduction #{intro_id} is already {intro.status}")
        changes: dict[object, object] = {
            getattr(Introduction, f"{side}_answer"): reply, getattr(Introduction, f"{side}_answered_on"): now.date(),
        }
        if getattr(intro, f"{side}_asked_on") is None:
            changes[getattr(Introduction, f"{side}_asked_on")] = now.date()
        if reply == "declined":
            changes[Introduction.status] = "declined"
        elif intro.status == "proposed":
            changes[Introduction.status] = f"asked-{side}"
        Introduction.update(changes).where(Introduction.id == intro_id).execute()
        _note(intro_id, note, now)
        _refresh((intro.a_id, intro.b_id), now)


def _follow_up(intro_id: int, contact: Contact, note: str, due: dt.datetime, now: dt.datetime) -> None:
    Reminder.create(contact=contact.id, kind="intro-follow-up", note=note, due_at=due, next_due_at=due,
                    introduction=intro_id, created_at=now)


def _made_for_me(intro_id: int, via: Contact, target: Contact, now: dt.datetime) -> None:
    """``via`` introduced you to ``target``: an email with the target, a favour received from ``via``,
    and a follow-up with the target (the method's 48 hours) that asks how it went."""
    due = now + dt.timedelta(hours=settings_mod.current().follow_up_hours)
    _follow_up(intro_id, target, f"Follow up with {target.name} ({via.name} introduced you), then tell {via.name} how it went",
               due, now)
    interactions.log(target.id, "email", now, now, summary=f"{via.name} introduced us")
    gives.add(via.id, f"introduced me to {target.name}", now, "received", "introduction", introduction=intro_id)


def _make(intro_id: int, a: Contact, b: Contact, now: dt.datetime) -> None:
    due = now + dt.timedelta(days=FOLLOW_UP_DAYS)
    _follow_up(intro_id, a, f"How did the introduction of {a.name} and {b.name} go?", due, now)
    # Both of these refresh the contact, so the reminder above is already in place when they do.
    for person, other in ((a, b), (b, a)):
        interactions.log(person.id, "email", now, now, summary=f"introduced to {other.name}")
        gives.add(person.id, f"introduced to {other.name}", now, "given", "introduction", introduction=intro_id)


def set_outcome(intro_id: int, outcome: str, now: dt.datetime, note: str | None = None) -> None:
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
        _note(intro_id, note, now)
        _refresh((intro.a_id, intro.b_id), now)


def delete(intro_id: int, now: dt.datetime) -> None:
    """Forget an introduction; its follow-up reminder goes with it, its give entries stay as history."""
    with db.atomic():
        intro = _intro(intro_id)
        intro.delete_instance()
        _refresh((intro.a_id, intro.b_id), now)
