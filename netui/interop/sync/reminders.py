"""Reminders: one-way, netui's open reminders and birthdays into a folder, one ``.ics`` per item."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from netui.db import db
from netui.interop import files, ics, vcard, vdir
from netui.interop.sync.records import digest
from netui.interop.sync.state import REMINDER_FILES_KEY, REMINDERS_FOLDER_KEY, get_meta, prepare, set_meta


@dataclass
class RemindersReport:
    folder: Path
    written: int = 0
    deleted: int = 0
    unchanged: int = 0
    left: int = 0  # changed in the folder only (ticked off on the phone): not overwritten

    def text(self) -> str:
        text = f"reminders: {self.folder}\n  {self.written} written, {self.deleted} deleted, {self.unchanged} unchanged"
        if self.left:
            text += f", {self.left} changed in the folder and left as they are"
        return text


_COMPONENT = re.compile(r"^BEGIN:(VTODO|VEVENT)\r?\n.*?^END:\1\r?\n", re.MULTILINE | re.DOTALL)


def reminder_items(now: dt.datetime) -> list[tuple[str, str, str]]:
    """(uid, file text, hash of what matters) for every item of netui's calendar, one VCALENDAR each."""
    out = io.StringIO()
    ics.write(out, now)
    text = out.getvalue()
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + vcard.fold(f"PRODID:{vcard.PRODID}")
    items = []
    for match in _COMPONENT.finditer(text):
        block = match.group(0).replace("\r\n", "\n").replace("\n", "\r\n")
        unfolded = re.sub(r"\r\n[ \t]", "", block)
        uid_match = re.search(r"^UID:(.*)$", unfolded, re.MULTILINE)
        if uid_match is None:
            continue
        meaning = "\n".join(line for line in unfolded.split("\r\n") if not line.startswith("DTSTAMP"))
        items.append((uid_match.group(1).strip(), header + block + "END:VCALENDAR\r\n", digest(meaning.encode("utf-8"))))
    return items


def _ics_name(uid: str) -> str:
    return vdir.filename_for(uid)[: -len(".vcf")] + ".ics"


def sync_reminders(folder: Path | str, now: dt.datetime, *, dry_run: bool = False) -> RemindersReport:
    """One-way: netui's open reminders and birthdays into a folder, one .ics per item."""
    folder = prepare(folder)
    report = RemindersReport(folder)
    items = reminder_items(now)  # the slow part (vobject) reads only: done before taking the write lock
    with db.atomic() as txn:
        if get_meta(REMINDERS_FOLDER_KEY) != str(folder):
            set_meta(REMINDERS_FOLDER_KEY, str(folder))
            set_meta(REMINDER_FILES_KEY, {})
        before = get_meta(REMINDER_FILES_KEY, {})
        before = before if isinstance(before, dict) else {}
        after: dict[str, list[str]] = {}  # file name -> [hash of netui's item, hash of the bytes written]
        for uid, text, meaning in items:
            name = _ics_name(uid)
            path = folder / name
            data = text.encode("utf-8")
            previous = before.get(name)
            if isinstance(previous, list) and len(previous) == 2 and previous[0] == meaning:
                try:
                    there = digest(path.read_bytes())
                except OSError:
                    there = None
                if there is not None:
                    after[name] = previous
                    if there == previous[1]:
                        report.unchanged += 1
                    else:
                        report.left += 1
                    continue
            after[name] = [meaning, digest(data)]
            report.written += 1
            if not dry_run:
                files.atomic_write(path, data)
        for name in before:
            if name in after or "/" in name or name.startswith("."):
                continue
            path = folder / name
            if path.exists():
                report.deleted += 1
                if not dry_run:
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        pass
        set_meta(REMINDER_FILES_KEY, after)
        if dry_run:
            txn.rollback()
    if not dry_run:
        files.fsync_folder(folder)
    return report
