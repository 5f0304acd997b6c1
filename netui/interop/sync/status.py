"""How the last sync went, for ``netui sync --status`` and the app's header.

The outcome of every sync (the command's or the app's automatic one) is kept in the ``Meta`` row
``sync.last``: ``{"at", "ok", "message", "contacts", "reminders", "last_ok"}``. A record written before
``ok`` existed is a success. A failure keeps when the last good sync was (``last_ok``).
"""

from __future__ import annotations

import datetime as dt

from netui.core.text import sanitize
from netui.db import db
from netui.interop.sync.state import LAST_KEY, conflicts, folders, last_sync, set_meta

DATE_FORMAT = "%d %b %Y %H:%M"  # as the app writes dates: 09 Dec 2026 14:05
SETUP = "netui sync --contacts DIR --reminders DIR (the folders vdirsyncer syncs; they are remembered)"
CONFLICTS_SHOWN = 10


def record_failure(now: dt.datetime, message: str) -> None:
    """Remember that the sync that started at ``now`` failed, and why (one line)."""
    last = last_sync()
    last_ok = None
    if isinstance(last, dict) and last.get("at"):
        last_ok = last["at"] if last.get("ok", True) else last.get("last_ok")
    with db.atomic():
        set_meta(LAST_KEY, {"at": now.isoformat(sep=" "), "ok": False, "message": sanitize(message) or "unknown error",
                            "contacts": None, "reminders": None, "last_ok": last_ok})


def status() -> dict:
    """The last sync as data: ``synced`` False when this database never synced."""
    where = folders()
    last = last_sync()
    out: dict = {"synced": False, "folders": where, "conflicts": conflicts()}
    if not isinstance(last, dict) or not last.get("at"):
        return out
    ok = bool(last.get("ok", True))
    out.update(synced=True, at=str(last["at"]), ok=ok, message="" if ok else str(last.get("message") or ""),
               contacts=last.get("contacts"), reminders=last.get("reminders"),
               last_ok=str(last["at"]) if ok else last.get("last_ok"))
    return out


def _when(iso: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(iso):{DATE_FORMAT}}"
    except ValueError:
        return sanitize(iso)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def status_lines(st: dict) -> list[str]:
    """``status()`` in words, a line each."""
    lines = []
    if not st["synced"] and any(st["folders"].values()):
        lines.append("not synced yet (folders set; netui sync runs it)")  # the header's words too
    elif not st["synced"]:
        lines.append(f"never synced; set up with {SETUP}")
    elif st["ok"]:
        lines.append(f"last sync: {_when(st['at'])}, ok")
        wrote = []
        if st.get("contacts") is not None:
            wrote.append(_count(int(st["contacts"].get("written", 0)), "card"))
        if st.get("reminders") is not None:
            wrote.append(_count(int(st["reminders"].get("written", 0)), "reminder"))
        if wrote:
            lines.append(f"  wrote {' and '.join(wrote)}")
    else:
        lines.append(f"last sync: {_when(st['at'])}, failed: {st['message']}")
        lines.append(f"  last good sync: {_when(st['last_ok'])}" if st.get("last_ok") else "  no sync has succeeded yet")
    for kind, folder in st["folders"].items():
        if folder:
            lines.append(f"  {kind}: {sanitize(folder)}")
    listed = st["conflicts"]
    if listed:
        lines.append(f"{_count(len(listed), 'conflict')} kept both versions (netui sync --conflicts lists them):")
        for c in listed[-CONFLICTS_SHOWN:]:
            lines.append(f"  {sanitize(c.get('name', ''))}: {sanitize(c.get('what', ''))}")
            for x in c.get("choices") or []:
                lines.append(f"    {sanitize(str(x.get('words', '')))}: here {_value(x.get('mine'))}, "
                             f"there {_value(x.get('theirs'))}")
        if len(listed) > CONFLICTS_SHOWN:
            lines.append(f"  … and {len(listed) - CONFLICTS_SHOWN} earlier")
    elif st["synced"]:
        lines.append("no sync conflicts")
    return lines


def _value(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "“" + sanitize(str(value)) + "”"


def header_words(now: dt.datetime) -> str:
    """The app's header: "synced 14:05", "sync failed", or "" when sync is not set up."""
    where = folders()
    if not where["contacts"] and not where["reminders"]:
        return ""
    st = status()
    if not st["synced"]:
        return "not synced yet"
    if not st["ok"]:
        return "sync failed"
    try:
        at = dt.datetime.fromisoformat(st["at"])
    except ValueError:
        return "synced"
    return f"synced {at:%H:%M}" if at.date() == now.date() else f"synced {at:%d %b %H:%M}"
