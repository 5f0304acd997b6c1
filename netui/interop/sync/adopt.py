"""Custom reminders another netui made (``netui remind`` on the other machine), adopted through the calendar.

A VTODO is adopted when it is in the form every netui writes for a custom reminder: a UID
``<contact uid>.custom-<n>@netui``, ``CATEGORIES`` naming netui, still open, with a DUE; and when this
database has that contact (not archived). It becomes a one-time custom reminder of that contact here,
due when the file says, its note the file's DESCRIPTION; netui remembers which reminder holds which
UID (``sync.reminders.adopted``) and writes it under that UID, so done or moved on either machine,
it closes or moves on the other. A member of the calendar that is not netui's (a plain to-do another
app made) names nobody here: it is left as it is. A VTODO whose contact is not here yet is tried
again at the next sync (the contacts sync may bring the contact).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from netui.core import reminders
from netui.core.dates import day_start
from netui.core.errors import ReminderError
from netui.db import db
from netui.db.models import Reminder
from netui.interop import vcard
from netui.interop.sync.state import get_meta, set_meta

ADOPTED_KEY = "sync.reminders.adopted"
_UID_LINE = re.compile(r"^UID:[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*", re.MULTILINE)
CUSTOM_UID = re.compile(r"^(?P<contact>.+)\.custom-(?P<id>\d+)@netui$")


def adopted() -> dict[str, int]:
    """Foreign UID -> this database's reminder id, for the adopted reminders that still exist."""
    value = get_meta(ADOPTED_KEY, {})
    if not isinstance(value, dict):
        return {}
    return {str(uid): rid for uid, rid in value.items() if isinstance(rid, int)}


def unfolded(data: bytes) -> str:
    """A calendar file's text with its folded lines joined."""
    return re.sub(r"\r?\n[ \t]", "", data.decode("utf-8", errors="replace"))


def todo_props(block: str) -> dict[str, str]:
    """A VTODO's own properties (not its alarm's) from the lines between its BEGIN and END: name -> first value."""
    props: dict[str, str] = {}
    depth = 0
    for line in block.splitlines():
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        elif depth == 0 and ":" in line:
            head, value = line.split(":", 1)
            props.setdefault(head.split(";", 1)[0].upper(), value.strip())
    return props


def _props(data: bytes) -> dict[str, str]:
    """The VTODO's own properties (not its alarm's), unfolded: name -> first value."""
    match = re.search(r"^BEGIN:VTODO\r?$(.*?)^END:VTODO\r?$", unfolded(data), re.MULTILINE | re.DOTALL)
    return todo_props(match.group(1) if match else "")


def adopt(folder: Path, names: dict[str, str], own: set[str], now: dt.datetime,
          parse_due: Callable[[str], dt.datetime | None]) -> tuple[dict[str, int], list[str]]:
    """Adopt the custom reminders of another netui found in ``names`` (UID -> file); returns the
    UID map (saved) and the names of the people who got one. Call inside the sync's transaction."""
    known = adopted()
    live = {rid for (rid,) in db.execute_sql("SELECT id FROM reminder")} if known else set()
    known = {uid: rid for uid, rid in known.items() if rid in live}
    got: list[str] = []
    for uid, name in sorted(names.items()):
        match = CUSTOM_UID.match(uid)
        if match is None or uid in own or uid in known:
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError:
            continue
        props = _props(data)
        categories = {c.strip().lower() for c in vcard.unescape(props.get("CATEGORIES", "")).split(",")}
        done = props.get("STATUS", "").upper() == "COMPLETED" or bool(props.get("COMPLETED"))
        due = parse_due(props.get("DUE", ""))
        if "netui" not in categories or done or due is None:
            continue
        row = db.execute_sql("SELECT id, name FROM contact WHERE uid = ? AND NOT archived",
                             [match.group("contact")]).fetchone()
        if row is None:
            continue  # not here (yet): tried again at the next sync
        if Reminder.get_or_none((Reminder.id == int(match.group("id"))) & (Reminder.contact == row[0])):
            continue  # this netui's own (done here, the file not closed yet): not another's
        note = re.sub(r" \(repeats [^)]*\)$", "", vcard.unescape(props.get("DESCRIPTION", "")))
        try:
            rid = reminders.add_custom(row[0], now, on=max(due, day_start(now)), note=note)
        except ReminderError:
            continue
        Reminder.update(next_due_at=due, due_at=due).where(Reminder.id == rid).execute()  # overdue there: here too
        known[uid] = rid
        got.append(row[1])
    if known != adopted():
        set_meta(ADOPTED_KEY, known)
    return known, got


def relabel(todos: list[tuple[str, reminders.DueItem, str]], known: dict[str, int]
            ) -> list[tuple[str, reminders.DueItem, str]]:
    """netui's items with each adopted reminder under the UID it came with (not the one its id here gives)."""
    if not known:
        return todos
    by_id = {rid: uid for uid, rid in known.items()}
    out = []
    for uid, item, block in todos:
        theirs = by_id.get(item.reminder_id) if item.reminder_id is not None else None
        if theirs is not None:
            line = vcard.fold(f"UID:{vcard.escape(theirs)}")
            found = _UID_LINE.search(block)
            if found is not None:
                block = block[: found.start()] + line + block[found.end() :]
            uid = theirs
        out.append((uid, item, block))
    return out
