"""``netui import``: read vCard files, vdir folders and contact CSVs, merge them in, report everything.

All files are read first (so a progress bar knows the total), then written in batches of
``BATCH`` people, one transaction each: an interrupted import leaves only whole batches behind, and
running it again merges what is there and adds the rest, with no duplicates. A batch's new people
are written together (``NewContacts``: a person's own row and methods at once, the rest of the batch
in a few set-based statements before anyone is merged into and at its end) and the matcher is asked
only about people the database or the batch might have (``merge.Batch``): the same database as one
person at a time, which ``bulk=False`` still does. A person who cannot be stored is reported and
their neighbours still come in: a merge is a savepoint of its own, a new person is written whole or
not at all.
A dry run does the same work inside one transaction and rolls it back, so its report is exactly what
the real import would say.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError

from netui.core import cards, contacts, merge, undo
from netui.core.contacts import ContactError, ContactInput
from netui.core.dates import DateError
from netui.core.new_contacts import NewContacts
from netui.db import db
from netui.interop import csvfiles, vcard, vdir
from netui.interop.vcard import Entry, UnreadableFile

BATCH = 500
MAX_WARNINGS_SHOWN = 100  # per file in the text report; the structured report keeps them all

Progress = Callable[[int, int], None]


@dataclass
class Problem:
    """Something about one card or row: why it was skipped, or what was read differently."""

    file: str  # the file it is in (a vdir's member file for a vdir)
    position: int | None  # card number (CSV: row number) in that file
    line: int | None
    reason: str
    unit: str = "card"  # card | row

    def where(self) -> str:
        parts = []
        if self.position is not None:
            parts.append(f"{self.unit} {self.position}")
        if self.line is not None:
            parts.append(f"(line {self.line})")
        return " ".join(parts)


@dataclass
class FileReport:
    """What one path given to the import brought."""

    path: Path
    kind: str = ""  # vCard, vdir, LinkedIn CSV, Google CSV, CSV
    read: int = 0  # cards or rows found
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    merges: list[Problem] = field(default_factory=list)  # every person merged into a contact netui had, and why
    groups: list[str] = field(default_factory=list)  # group and organisation cards, and what became of them
    not_kept: Counter = field(default_factory=Counter)  # kind of data -> how many cards had it
    encoding: str = ""  # the encoding a CSV was read in, and how it was known
    error: str = ""  # the whole file could not be read
    failed: list[Path] = field(default_factory=list)  # unreadable files (a vdir's members too)

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": len(self.skipped), "warnings": len(self.warnings)}


@dataclass
class Report:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def new(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(len(f.skipped) for f in self.files)

    @property
    def failed_files(self) -> list[Path]:
        return [p for f in self.files for p in f.failed]

    def counts(self) -> dict[str, int]:
        """Totals for a summary line or a TUI: read, new, updated, unchanged, skipped, warnings, failed_files."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.counts())
        return {**{k: total[k] for k in ("read", "new", "updated", "unchanged", "skipped", "warnings")},
                "failed_files": len(self.failed_files)}

    def text(self) -> str:
        lines: list[str] = []
        for f in self.files:
            if f.error:
                lines.append(f"{f.path}: could not be read: {f.error}; nothing imported from it")
                continue
            unit = "row" if "CSV" in f.kind else "card"
            lines.append(
                f"{f.path} ({f.kind}, {f.read} {unit}{'s' * (f.read != 1)}): {f.new} new, {f.updated} updated, "
                f"{f.unchanged} unchanged, {len(f.skipped)} skipped"
            )
            if f.encoding and f.encoding != "UTF-8":  # plain UTF-8 goes without saying
                lines.append(f"  read as {f.encoding}")
            member = f.kind == "vdir"
            for p in f.skipped:
                lines.append(f"  skipped {_where(p, member)}: {p.reason}")
            for p in f.merges[:MAX_WARNINGS_SHOWN]:
                lines.append(f"  {_where(p, member)}: {p.reason}")
            if len(f.merges) > MAX_WARNINGS_SHOWN:
                lines.append(f"  … and {len(f.merges) - MAX_WARNINGS_SHOWN} more merges like these")
            lines.extend(f"  {g}" for g in f.groups)
            for p in f.warnings[:MAX_WARNINGS_SHOWN]:
                lines.append(f"  {_where(p, member)}: {p.reason}")
            if len(f.warnings) > MAX_WARNINGS_SHOWN:
                lines.append(f"  … and {len(f.warnings) - MAX_WARNINGS_SHOWN} more notes like these")
            if f.not_kept:
                kinds = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(f.not_kept.items()))
                lines.append(f"  not kept (netui has no field for them): {kinds}")
        c = self.counts()
        total = f"Total: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, {c['skipped']} skipped"
        if c["failed_files"]:
            total += f"; {c['failed_files']} file{'s' * (c['failed_files'] != 1)} could not be read"
        lines.append(total + ".")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def _where(p: Problem, member: bool) -> str:
    where = p.where()
    return f"{p.file} {where}".strip() if member else where


# --- reading ----------------------------------------------------------------------------------------


def _read_file(path: Path, report: FileReport) -> list[Entry]:
    """The entries of one file; a file that cannot be read is recorded as failed."""
    try:
        if path.stat().st_size > vcard.FILE_LIMIT:
            raise UnreadableFile(f"it is larger than the {vcard.FILE_LIMIT // 2**20} MB netui reads")
        data = path.read_bytes()
        suffix = path.suffix.lower()
        if suffix in (".csv", ".tsv") or (suffix not in vdir.EXTENSIONS and b"begin:vcard" not in data[:65536].lower()):
            kind, encoding, entries = csvfiles.read_csv(data)
            report.kind = report.kind or kind
            report.encoding = encoding
            return entries
        report.kind = report.kind or "vCard"
        return vcard.read_bytes(data)
    except UnreadableFile as exc:
        reason = str(exc)
    except OSError as exc:
        reason = exc.strerror or str(exc)
    report.failed.append(path)
    if report.kind == "vdir":
        report.skipped.append(Problem(path.name, None, None, f"could not be read: {reason}; nothing imported from it"))
    else:
        report.error = reason
    return []


def read_path(path: Path) -> tuple[FileReport, list[tuple[str, Entry]]]:
    """A path's report (so far) and its entries, each with the member file it came from."""
    path = Path(path)
    report = FileReport(path)
    if path.is_dir():
        report.kind = "vdir"
        entries: list[tuple[str, Entry]] = []
        try:
            files = vdir.members(path)
        except OSError as exc:
            report.error = exc.strerror or str(exc)
            report.failed.append(path)
            return report, []
        for member in files:
            entries.extend((member.name, e) for e in _read_file(member, report))
    else:
        entries = [("", e) for e in _read_file(path, report)]
    report.read = len(entries)
    return report, entries


# --- writing ----------------------------------------------------------------------------------------


def _note(report: FileReport, source: str, entry: Entry) -> None:
    unit = "row" if "CSV" in report.kind else "card"
    for warning in entry.warnings:
        report.warnings.append(Problem(source or str(report.path), entry.position, entry.line, warning, unit))
    for kind in set(entry.not_kept):
        report.not_kept[kind] += 1


def _bring_in(
    report: FileReport, source: str, entry: Entry, now: dt.datetime, journal: undo.Journal | None = None,
    batch: tuple[merge.Batch, NewContacts] | None = None,
) -> None:
    unit = "row" if "CSV" in report.kind else "card"
    _note(report, source, entry)
    if entry.group:
        return  # its members are tagged once every person is in (``_tag_members``)
    if entry.incoming is None:
        report.skipped.append(Problem(source or str(report.path), entry.position, entry.line, entry.reason, unit))
        return
    try:
        new = None if batch is None else batch[1]
        match = merge.find(entry.incoming) if batch is None else batch[0].find(entry.incoming, new)
        if match is not None and new is not None:
            new.flush()  # the people before this one complete, outside its savepoint, before anyone changes
        # A savepoint: a person that fails leaves nothing half-written. A new person of a batch needs
        # none (``NewContacts.add`` writes all or nothing), unless past jobs are written after it.
        whole = match is None and new is not None and not entry.incoming.extra.get("org_history")
        with contextlib.nullcontext() if whole else db.atomic():
            if journal is not None and match is not None:
                journal.touch(match[0])  # their rows as they were, before this import first changes them
            outcome = merge.bring_in(entry.incoming, match, now, new)
    except (ContactError, DateError, ValueError, IntegrityError) as exc:
        report.skipped.append(Problem(source or str(report.path), entry.position, entry.line, str(exc), unit))
        return
    if journal is not None and outcome.action == "new":
        journal.created(outcome.contact_id)
    if outcome.action == "new" and entry.incoming.extra.get("kind") == "org":
        where = _where(Problem(source or str(report.path), entry.position, entry.line, "", unit), report.kind == "vdir")
        report.groups.append(f"{where}: {vcard.quote(entry.incoming.name)} is an organisation: kept as one, "
                             "out of cadence and every queue")
    setattr(report, outcome.action, getattr(report, outcome.action) + 1)
    if outcome.action == "updated":
        name = db.execute_sql("SELECT name FROM contact WHERE id = ?", [outcome.contact_id]).fetchone()
        report.merges.append(Problem(
            source or str(report.path), entry.position, entry.line,
            f"merged into #{outcome.contact_id} {name[0] if name else ''}: {merge.why(outcome.matched_by)}", unit,
        ))


def _member_ids(member: str) -> list[int]:
    """The contacts a group's MEMBER (``urn:uuid:…``, ``mailto:…``, or a bare UID) points at."""
    uid = member[9:] if member.lower().startswith("urn:uuid:") else member
    if member.lower().startswith("mailto:"):
        sql, values = "SELECT contact_id FROM contact_method WHERE kind = 'email' AND norm = ?", [member[7:].strip().casefold()]
    else:
        sql, values = "SELECT id FROM contact WHERE uid IN (?, ?)", [uid, f"urn:uuid:{uid}"]
    return [cid for (cid,) in db.execute_sql(sql, values).fetchall()]


def _tag_members(
    report: FileReport, source: str, entry: Entry, now: dt.datetime, journal: undo.Journal | None = None
) -> None:
    """A group card: each member it names gets the group's name as a tag; the report says so."""
    tagged, missing = 0, 0
    with db.atomic():
        for member in entry.members:
            ids = _member_ids(member)
            missing += not ids
            for cid in ids:
                if journal is not None:
                    journal.touch(cid)
                contacts.update(cid, ContactInput(add_tags=[entry.group]), now)
                tagged += 1
    where = _where(Problem(source or str(report.path), entry.position, entry.line, ""), report.kind == "vdir")
    text = (f"{where}: the group {vcard.quote(entry.group)} is not a person; its {tagged} member{'s' * (tagged != 1)} "
            f"got it as a tag")
    if missing:
        text += f" ({missing} member{'s' * (missing != 1)} not found)"
    report.groups.append(text)


def _link_related(now: dt.datetime, journal: undo.Journal | None = None) -> None:
    """Related people named on one card and brought in by another are linked once everyone is in."""
    with db.atomic():
        for cid, related in cards.relinked().items():
            if journal is not None:
                journal.touch(cid)
            contacts.update(cid, ContactInput(card=cards.CardData(related=related)), now)


def import_paths(
    paths: list[Path],
    now: dt.datetime,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH,
    journal: undo.Journal | None = None,
    bulk: bool = True,
) -> Report:
    """Import every path (vCard file, vdir folder, CSV); ``progress(done, total)`` follows the people.

    ``journal`` (not for a dry run) records what the import created and merged into, so that the
    whole run can be undone as one step. ``bulk`` writes the new people of a batch together
    (``NewContacts``); without it each is created on its own, as ``contacts.create`` does: the same
    database, many times slower (kept to compare the two).
    """
    report = Report(dry_run=dry_run)
    work: list[tuple[FileReport, str, Entry]] = []
    for path in paths:
        file_report, entries = read_path(Path(path))
        report.files.append(file_report)
        work.extend((file_report, source, entry) for source, entry in entries)
    total = len(work)
    step = max(1, total // 200)
    if progress:
        progress(0, total)
    with contextlib.ExitStack() as stack:
        dry = stack.enter_context(db.atomic()) if dry_run else None
        for start in range(0, total, batch_size):
            with db.atomic():
                people = [entry.incoming for _, _, entry in work[start : start + batch_size] if entry.incoming]
                batch = (merge.Batch(people), NewContacts(now)) if bulk else None
                for done, (file_report, source, entry) in enumerate(work[start : start + batch_size], start + 1):
                    _bring_in(file_report, source, entry, now, None if dry_run else journal, batch)
                    if progress and (done % step == 0 or done == total):
                        progress(done, total)
                if batch is not None:
                    batch[1].flush()
        for file_report, source, entry in work:
            if entry.group:
                _tag_members(file_report, source, entry, now, None if dry_run else journal)
        _link_related(now, None if dry_run else journal)
        if dry is not None:
            dry.rollback()
    return report
