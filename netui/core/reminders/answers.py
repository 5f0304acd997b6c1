"""What a log answers: the one rule, whichever way the interaction came in.

Every path that creates an interaction (``interactions.log`` as the CLI, the main screen, the Agenda,
Triage and Today call it; introductions made; a sync; a JSON import) ends in the same place: the plan's
steps are closed *by the data*, so a step closes when an interaction answers it and reopens when that
interaction is deleted or moved. The rule:

- **follow-up**: any interaction after the meeting, of any kind but ``social``;
- **call**: a ``call``, ``video`` or ``in-person`` after the meeting;
- **face-to-face**: an ``in-person`` after the meeting (the check asks for the *next* meeting).

"After the meeting" means later than the plan's anchor (the day you met, or the first in-person
interaction), by when the interaction *happened*: a backdated log counts from its date, and a log dated
before the meeting closes nothing. An ``in-person`` on the day of the meeting is the meeting itself.

Beside the plan, a log also answers what came due for that person by the time it happened: a
birthday (any kind: a like on their post is a birthday wish) and a custom reminder (any kind but
``social``). Those are the user's own rows, so they are marked done once, when the log is made; an
introduction's follow-up asks how it went and is answered by its outcome, not by a log.
"""

from __future__ import annotations

import datetime as dt

from netui.core import settings as settings_mod
from netui.core.dates import as_datetime, iso
from netui.db import db

CALL_KINDS = ("call", "video", "in-person")
DATED_KINDS = ("birthday", "anniversary", "custom")  # answered once, by a log made when (or after) they are due


def answers_step(step: str, kind: str, occurred_at: dt.datetime, anchor: dt.datetime) -> bool:
    """Whether an interaction of ``kind`` at ``occurred_at`` answers the plan ``step`` begun at ``anchor``."""
    if occurred_at <= anchor or (kind == "in-person" and occurred_at.date() == anchor.date()):
        return False  # before the meeting, or the meeting itself
    if step == "follow-up":
        return kind != "social"
    if step == "call":
        return kind in CALL_KINDS
    if step == "face-to-face":
        return kind == "in-person"
    return False


def answers_dated(reminder_kind: str, due: dt.datetime, kind: str, occurred_at: dt.datetime) -> bool:
    """Whether a log answers a birthday or custom reminder due at ``due`` (it happened that day or later)."""
    if reminder_kind not in DATED_KINDS or occurred_at.date() < due.date():
        return False
    return reminder_kind in ("birthday", "anniversary") or kind != "social"


def answered_steps(contact_id: int, anchor: dt.datetime) -> set[str]:
    """The plan steps that this contact's logged interactions answer (one indexed query)."""
    rows = db.execute_sql(
        "SELECT kind, occurred_at FROM interaction WHERE contact_id = ? AND occurred_at > ?",
        (contact_id, iso(anchor)),
    )
    found: set[str] = set()
    for kind, at in rows:
        when = as_datetime(at)
        found.update(s for s in ("follow-up", "call", "face-to-face") if answers_step(s, kind, when, anchor))
        if len(found) == 3:
            break
    return found


def step_words(kind: str, note: str = "", cfg: settings_mod.Settings | None = None) -> str:
    """A reminder as the confirmation of a log names it: "48 h follow-up", "30-day call", "birthday"."""
    cfg = cfg or settings_mod.current()
    if kind == "follow-up":
        return f"{cfg.follow_up_hours} h follow-up"
    if kind == "call":
        return f"{cfg.call_days}-day call"
    if kind == "face-to-face":
        return f"{cfg.face_to_face_days}-day face-to-face check"
    if kind == "custom":
        return f"reminder: {note}" if note else "reminder"
    return kind
