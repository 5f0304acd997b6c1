"""Reminders: two ways with a folder that vdirsyncer keeps in step with a CalDAV calendar, one ``.ics``
per item, named by its UID (``ics.uid_for``: the same on every machine for a contact's plan steps).

Each open reminder is a VTODO (DUE, a VALARM, a stable UID); birthdays are yearly VEVENTs, one way.
What netui wrote last is remembered per file in ``Meta`` (``sync.reminders.files``): the UID, the hash
of netui's item without DTSTAMP (*meaning*), the hash of the bytes, the DUE written, the reminder's id,
and whether the file says it is done. So, for a VTODO:

- completed elsewhere (``STATUS:COMPLETED`` or a ``COMPLETED`` date): done in netui (a recurring one
  moves on to its next date, written back with the same UID);
- its DUE changed elsewhere: the reminder is moved by as much (a snooze); changed on both sides to
  different dates: netui's stays and a conflict is listed, with both dates;
- done in netui: the file is rewritten as completed, so the other machines close it too; snoozed in
  netui: written with the new DUE, which moves it there;
- deleted on the server while open in netui: never dropped silently; a conflict asks (keep it: it is
  written back; or done), and the file is not written back until it is answered;
- a file netui never wrote with a UID one of its open reminders has (another netui's, on its first
  sync): read without a base, a completion wins and a later DUE moves the reminder there.

Another netui's custom reminders are adopted (``adopt``); other files (someone else's events and
to-dos) are never touched. A file
that cannot be read (cut short mid-write) is left as it is and said so; the next sync reads it again.
No clock of another machine is compared: only what the files say.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from dateutil import tz

from netui.core import reminders
from netui.core.errors import ReminderError
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Reminder
from netui.interop import files, ics, vdir
from netui.interop.sync.adopt import adopt, relabel, todo_props, unfolded
from netui.interop.sync.records import digest
from netui.interop.sync.state import (
    CONFLICTS_KEY,
    MAX_CONFLICTS_KEPT,
    REMINDER_FILES_KEY,
    REMINDERS_FOLDER_KEY,
    conflicts,
    get_meta,
    prepare,
    set_meta,
)


@dataclass
class RemindersReport:
    folder: Path
    written: int = 0
    deleted: int = 0
    unchanged: int = 0
    left: int = 0  # changed in the folder in a way netui has nothing to take from: left as they are
    closed: list[str] = field(default_factory=list)  # done elsewhere, so done here
    moved: list[str] = field(default_factory=list)  # their DUE changed elsewhere: moved here
    asked: list[str] = field(default_factory=list)  # deleted on the server while open here: a conflict asks
    adopted: list[str] = field(default_factory=list)  # another netui's custom reminders, now this one's too
    conflicts: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"written": self.written, "deleted": self.deleted, "unchanged": self.unchanged, "left": self.left,
                "closed": len(self.closed), "moved": len(self.moved), "asked": len(self.asked),
                "conflicts": len(self.conflicts), "problems": len(self.problems)}

    def text(self) -> str:
        text = f"reminders: {self.folder}\n  {self.written} written, {self.deleted} deleted, {self.unchanged} unchanged"
        if self.left:
            text += f", {self.left} changed in the folder and left as they are"
        lines = [text]
        lines += [f"  done elsewhere: {sanitize(x)}" for x in self.closed]
        lines += [f"  moved elsewhere: {sanitize(x)}" for x in self.moved]
        lines += [f"  made on another netui: {sanitize(x)}" for x in self.adopted]
        lines += [f"  conflict: {sanitize(c['name'])}: {sanitize(c['what'])}" for c in self.conflicts]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


@dataclass
class Todo:
    """What netui reads from a VTODO file."""

    uid: str
    due: str  # the DUE value as written ("" without one)
    done: bool
    start: str = ""  # DTSTART, when it has one (a plan step: due from DTSTART until its deadline, DUE)


_BLOCK = re.compile(r"^BEGIN:(VTODO|VEVENT)\r?\n.*?^END:\1\r?$", re.MULTILINE | re.DOTALL)


def read_todo(data: bytes) -> Todo | None:
    """A file's VTODO, or None when it holds none or is cut short (no END lines)."""
    text = unfolded(data)
    if not re.search(r"^END:VCALENDAR\s*$", text, re.MULTILINE):
        return None
    match = _BLOCK.search(text)
    if match is None or match.group(1) != "VTODO":
        return None
    props = todo_props("\n".join(match.group(0).splitlines()[1:-1]))
    done = props.get("STATUS", "").upper() == "COMPLETED" or bool(props.get("COMPLETED"))
    return Todo(props.get("UID", ""), props.get("DUE", ""), done, props.get("DTSTART", ""))


def parse_due(value: str) -> dt.datetime | None:
    """A DUE value as netui's floating local time: ``20261125T090000``, ``...Z`` (UTC), or a date."""
    value = value.strip()
    try:
        if value.endswith("Z"):
            utc = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=tz.UTC)
            return utc.astimezone(tz.tzlocal()).replace(tzinfo=None)
        if "T" in value:
            return dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
        return dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        return None


def _due_of(block: str) -> str:
    match = re.search(r"^DUE[^:\r\n]*:(\S+)", block, re.MULTILINE)
    return match.group(1) if match else ""


def _meaning(block: str) -> str:
    lines = re.sub(r"\r\n[ \t]", "", block).split("\r\n")
    return digest("\n".join(line for line in lines if not line.startswith("DTSTAMP")).encode("utf-8"))


def reminder_items(now: dt.datetime) -> list[tuple[str, str, str]]:
    """(uid, file text, hash of what matters) for every item of netui's calendar, one VCALENDAR each."""
    blocks = [(uid, block) for uid, _, block in ics.todos(now)] + ics.birthdays(now)
    return [(uid, ics.HEADER + block + "END:VCALENDAR\r\n", _meaning(block)) for uid, block in blocks]


def _stat(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _ics_name(uid: str) -> str:
    return vdir.filename_for(uid)[: -len(".vcf")] + ".ics"


def _completed(data: bytes, at: dt.datetime) -> bytes:
    """A VTODO file as done: STATUS:COMPLETED with the moment (UTC), no alarm left to ring."""
    text = data.decode("utf-8", errors="replace")
    text = re.sub(r"BEGIN:VALARM\r?\n.*?END:VALARM\r?\n", "", text, flags=re.DOTALL)
    text = re.sub(r"^(STATUS|COMPLETED|PERCENT-COMPLETE)[;:][^\r\n]*\r?\n", "", text, flags=re.MULTILINE)
    stamp = at.astimezone(tz.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = re.sub(r"^END:VTODO", f"STATUS:COMPLETED\r\nCOMPLETED:{stamp}\r\nPERCENT-COMPLETE:100\r\nEND:VTODO",
                  text, count=1, flags=re.MULTILINE)
    return text.encode("utf-8")


def _load(folder: Path) -> dict[str, dict]:
    if get_meta(REMINDERS_FOLDER_KEY) != str(folder):
        return {}
    before = get_meta(REMINDER_FILES_KEY, {})
    out: dict[str, dict] = {}
    for name, entry in (before if isinstance(before, dict) else {}).items():
        if isinstance(entry, list) and len(entry) == 2:  # written by the one-way netui before this one
            out[name] = {"uid": "", "meaning": entry[0], "hash": entry[1], "due": "", "rid": None, "done": False}
        elif isinstance(entry, dict):
            out[name] = entry
    return out


class _ReminderSync:
    def __init__(self, folder: Path, now: dt.datetime, dry_run: bool, report: RemindersReport):
        self.folder, self.now, self.dry_run, self.report = folder, now, dry_run, report
        self.state = _load(folder)
        self.hold: set[str] = set()  # files that could not be read this time: not written over
        self.stats: dict[str, str] = {}  # file name -> size:mtime:inode, as listed now
        self.names: dict[str, str] = {}  # UID -> the file that holds it
        self.index()

    def index(self) -> None:
        """Which file holds which UID: vdirsyncer names the files it downloads after the server's hrefs,
        not after the UID, so another machine's items are found by what they say. A file as netui last
        saw it (same stat) is not read again."""
        with os.scandir(self.folder) as listing:
            entries = sorted((e for e in listing if e.is_file() and not e.name.startswith(".")
                              and e.name.lower().endswith(".ics")), key=lambda e: e.name)
        for entry in entries:
            try:
                st = entry.stat()
            except OSError:
                continue
            self.stats[entry.name] = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
            s = self.state.get(entry.name)
            uid = s.get("uid") if s and s.get("stat") == self.stats[entry.name] else None
            if not uid:
                try:
                    data = (self.folder / entry.name).read_bytes()
                except OSError:
                    continue
                match = re.search(rb"^UID:([^\r\n]*)", re.sub(rb"\r?\n[ \t]", b"", data), re.MULTILINE)
                uid = match.group(1).decode("utf-8", errors="replace").strip() if match else ""
            if uid:
                self.names.setdefault(uid, entry.name)

    def name_for(self, uid: str) -> str:
        """The file that holds ``uid``, or the one netui names a new item after."""
        return self.names.get(uid) or _ics_name(uid)

    def same(self, name: str, s: dict | None) -> bool:
        """Whether the file is as netui last saw it, by its size, mtime and inode (not read)."""
        return s is not None and bool(s.get("stat")) and self.stats.get(name) == s["stat"]

    def read(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.report.problems.append(f"{name} could not be read ({exc.strerror or exc}); left as it is")
            raise

    def write(self, name: str, data: bytes) -> None:
        self.report.written += 1
        if not self.dry_run:
            files.atomic_write(self.folder / name, data)

    def stat_of(self, name: str) -> str:
        if self.dry_run:
            return ""
        try:
            return _stat(self.folder / name)
        except OSError:
            return ""

    def conflict(self, uid: str, name: str, what: str, kind: str, **extra: object) -> None:
        self.report.conflicts.append({"at": self.now.isoformat(sep=" "), "uid": uid, "name": name, "what": what,
                                      "kind": kind, **extra})

    # the folder's changes into the database ------------------------------------------------------------

    def take_in(self, todos: dict[str, tuple[reminders.DueItem, str]]) -> None:
        """Completions, moved dates and deletions made elsewhere, applied to netui's reminders."""
        for uid, (item, block) in todos.items():
            name = self.name_for(uid)
            s = self.state.get(name)
            if self.same(name, s):
                continue
            try:
                data = self.read(name)
            except OSError:
                continue
            if data is None:
                if s is not None and not s.get("gone") and item.reminder_id is not None:
                    s["gone"] = True  # deleted on the server: asked, never dropped
                    self.report.asked.append(item.name or uid)
                    self.conflict(uid, item.name, f"reminder “{ics.summary(item)}” was deleted on the server",
                                  "reminder-deleted",
                                  reminder_id=item.reminder_id, file=name)
                continue
            if s is not None and s.pop("gone", False):
                pass  # back on the server (restored): its conflict stays listed until answered
            if s is not None and digest(data) == s.get("hash"):
                continue  # as netui left it
            todo = read_todo(data)
            if todo is None:
                self.report.problems.append(f"{name} could not be read (cut short?); left as it is for the next sync")
                self.hold.add(name)
                continue
            if todo.uid != uid or item.reminder_id is None:
                continue
            if todo.done:
                try:
                    reminders.done(item.reminder_id, self.now, force=True)
                except ReminderError:
                    pass
                self.report.closed.append(item.name or uid)
                self._seen(name, uid, data, item.reminder_id, done=True)
                continue
            theirs, mine = parse_due(todo.due), parse_due(_due_of(block))
            base = parse_due(s["due"]) if s and s.get("due") else None
            if theirs is None or mine is None or theirs == mine:
                if s is None and theirs is not None and theirs == mine:
                    self._seen(name, uid, data, item.reminder_id, due=todo.due, meaning=_meaning(block))
                continue
            to = self._target(item, todo, theirs, mine)
            if base is None:  # never synced together: a later date wins, an earlier one is netui's to keep
                if theirs > mine:
                    self._move(item, to)
                continue
            if theirs == base:
                continue  # only netui moved it: written below
            if mine != base:  # both moved it, to different dates: netui's stays, the conflict offers theirs
                self.conflict(uid, item.name, f"reminder “{ics.summary(item)}” moved here to {mine:%d %b %Y %H:%M} "
                              f"and elsewhere to {theirs:%d %b %Y %H:%M}", "reminder-due",
                              reminder_id=item.reminder_id, mine=mine.isoformat(sep=" "),
                              theirs=to.isoformat(sep=" "))
                continue
            self._move(item, to)

    @staticmethod
    def _target(item: reminders.DueItem, todo: Todo, theirs: dt.datetime, mine: dt.datetime) -> dt.datetime:
        """When the reminder is due after the file's change: its DUE, or, for a plan step written with a
        DTSTART (due from then until DUE), the DTSTART it moved to, else moved as far as the DUE was."""
        start = parse_due(todo.start) if todo.start else None
        if start is None:
            return theirs
        return start if start != item.due else item.due + (theirs - mine)

    def _move(self, item: reminders.DueItem, to: dt.datetime) -> None:
        to = to.replace(microsecond=0)
        Reminder.update(next_due_at=to, snoozed_until=to).where(Reminder.id == item.reminder_id).execute()
        self.report.moved.append(item.name)

    def _seen(self, name: str, uid: str, data: bytes, rid: int | None, *, done: bool = False, due: str = "",
              meaning: str = "") -> None:
        old = self.state.get(name, {})
        self.state[name] = {"uid": uid, "meaning": meaning or old.get("meaning", ""), "hash": digest(data),
                            "due": due or old.get("due", ""), "rid": rid, "done": done, "stat": self.stat_of(name)}

    # the database's state into the folder ----------------------------------------------------------------

    def write_out(self, items: list[tuple[str, str, int | None]]) -> None:
        """Write every item whose meaning changed since netui last wrote it; close and delete the rest."""
        wanted = set()
        for uid, block, rid in items:
            name = self.name_for(uid)
            wanted.add(name)
            s = self.state.get(name)
            if name in self.hold or (s is not None and s.get("gone")):
                continue
            meaning = _meaning(block)
            if s is not None and s.get("meaning") == meaning and s.get("uid") and self.same(name, s):
                self.report.unchanged += 1
                continue
            try:
                there = self.read(name)
            except OSError:
                continue
            if s is not None and s.get("meaning") == meaning and there is not None:
                if not s.get("uid"):  # an entry the one-way netui wrote: what this one remembers too
                    s.update(uid=uid, due=_due_of(block), rid=rid, done=False)
                if digest(there) == s.get("hash"):
                    self.report.unchanged += 1
                else:
                    self.report.left += 1
                    s["hash"] = digest(there)
                s["stat"] = self.stat_of(name)
                continue
            data = (ics.HEADER + block + "END:VCALENDAR\r\n").encode("utf-8")
            if there != data:
                self.write(name, data)
            self.state[name] = {"uid": uid, "meaning": meaning, "hash": digest(data), "due": _due_of(block),
                                "rid": rid, "done": False, "stat": self.stat_of(name)}
        for name in list(self.state):
            if name in wanted or "/" in name or name.startswith("."):
                continue
            self._gone_here(name, self.state[name])

    def _gone_here(self, name: str, s: dict) -> None:
        """An item netui wrote that it no longer has open: done here (the file says so), else deleted."""
        try:
            there = self.read(name)
        except OSError:
            return
        if there is None:
            del self.state[name]
            return
        row = Reminder.get_or_none(Reminder.id == s.get("rid")) if s.get("rid") else None
        if row is not None and row.done_at is not None and row.next_due_at is None:
            if not s.get("done") and not (read_todo(there) or Todo("", "", False)).done:
                data = _completed(there, self.now)
                self.write(name, data)
                there = data
            self._seen(name, str(s.get("uid", "")), there, row.id, done=True)
            return
        if s.get("done") or digest(there) == s.get("hash"):
            self.report.deleted += 1
            if not self.dry_run:
                try:
                    (self.folder / name).unlink()
                except FileNotFoundError:
                    pass
            del self.state[name]
        # changed in the folder since netui wrote it, and gone here: left, and remembered


def sync_reminders(folder: Path | str, now: dt.datetime, *, dry_run: bool = False) -> RemindersReport:
    """Two ways for reminders (see the module's docstring); birthdays one way, as yearly events."""
    folder = prepare(folder)
    report = RemindersReport(folder)
    run = _ReminderSync(folder, now, dry_run, report)
    with db.atomic() as txn:
        todos = ics.todos(now)
        own = {uid for uid, _, _ in todos} | {str(s.get("uid")) for s in run.state.values()}
        known, report.adopted = adopt(folder, run.names, own, now, parse_due)
        if report.adopted:
            todos = ics.todos(now)
        todos = relabel(todos, known)
        run.take_in({uid: (item, block) for uid, item, block in todos})
        if report.closed or report.moved:  # what was done or moved elsewhere changed netui's items
            todos = relabel(ics.todos(now), known)
        items = [(uid, block, item.reminder_id) for uid, item, block in todos]
        items += [(uid, block, None) for uid, block in ics.birthdays(now)]
        run.write_out(items)
        set_meta(REMINDERS_FOLDER_KEY, str(folder))
        set_meta(REMINDER_FILES_KEY, run.state)
        if report.conflicts:
            set_meta(CONFLICTS_KEY, (conflicts() + report.conflicts)[-MAX_CONFLICTS_KEPT:])
        if dry_run:
            txn.rollback()
    if not dry_run:
        files.fsync_folder(folder)
    return report
