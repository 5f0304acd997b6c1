"""Contacts: two-way sync of every contact with a vdir folder, one ``.vcf`` per contact (the rules are
in the package's docstring), and vdirsyncer's two-file merge."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from netui.core import contacts, merge
from netui.core.contacts import Method
from netui.core.errors import ContactError, DateError
from netui.core.text import sanitize
from netui.db import db
from netui.db.models import Contact
from netui.interop import files, vdir
from netui.interop.sync.cards import Card, card_bytes, read_card
from netui.interop.sync.database import fingerprints, local_record, local_records, store
from netui.interop.sync.groups import tag_members
from netui.interop.sync.merge import merge_records
from netui.interop.sync.records import Record, digest, record_fields, words
from netui.interop.sync.report import Conflict, ContactsReport
from netui.interop.sync.state import (
    CONFLICTS_KEY,
    CONTACTS_FOLDER_KEY,
    MAX_CONFLICTS_KEPT,
    ItemState,
    SyncError,
    conflicts,
    forget_state,
    get_meta,
    load_state,
    prepare,
    save_state,
    set_meta,
)

BATCH = 200  # contacts per write transaction


@dataclass
class _Found:
    """A member file of the folder as this sync saw it (its bytes read only when needed)."""

    name: str
    raw: bytes | None
    hash: str
    card: Card | None = None  # parsed only when it changed since the last sync
    stat: str = ""
    folder: Path | None = None

    @property
    def data(self) -> bytes:
        if self.raw is None:
            assert self.folder is not None
            self.raw = (self.folder / self.name).read_bytes()
        return self.raw


def _stat(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


class _ContactSync:
    def __init__(self, folder: Path, now: dt.datetime, dry_run: bool, report: ContactsReport):
        self.folder, self.now, self.dry_run, self.report = folder, now, dry_run, report
        self.state = load_state()
        self.handled: set[str] = set()  # uids whose state this run settled
        self.groups: dict[str, Card] = {}  # file name -> the server's group card (scan() reads them every time)

    # files -------------------------------------------------------------------------------------------

    def scan(self) -> dict[str, _Found]:
        """uid -> the file that holds it; files that changed are parsed, unchanged ones are not."""
        by_file = {s.file: uid for uid, s in self.state.items()}
        found: dict[str, _Found] = {}
        with os.scandir(self.folder) as listing:  # one stat per file: is_file() comes from the listing
            entries = sorted((e for e in listing if e.is_file() and not e.name.startswith(".")
                              and os.path.splitext(e.name)[1].lower() in vdir.EXTENSIONS), key=lambda e: e.name)
        keys = _key_set(record_fields())
        for entry in entries:
            known = by_file.get(entry.name)
            try:
                st = entry.stat()
                stat = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
                if known and stat == self.state[known].stat and self.state[known].base.keys() >= keys:
                    if known not in found:  # as the last sync left it: not read
                        found[known] = _Found(entry.name, None, self.state[known].hash, stat=stat, folder=self.folder)
                    continue
                path = self.folder / entry.name
                data = path.read_bytes()
            except OSError as exc:
                self.report.problems.append(f"{entry.name} could not be read ({exc.strerror or exc}); left as it is")
                uid = by_file.get(entry.name)
                if uid:
                    self.handled.add(uid)  # neither delete it nor its contact on a read error
                continue
            h = digest(data)
            if known and self.state[known].hash == h and _complete(self.state[known].base):
                if known not in found:
                    found[known] = _Found(path.name, data, h, stat=stat)
                continue
            card = read_card(data)
            if card.servers:  # a group or organisation card: the server's, never netui's to change
                if card.group:
                    self.groups[entry.name] = card
                continue
            self.report.notes += [f"{path.name}: {w}" for w in card.warnings]
            if card.record is None:
                self.report.problems.append(f"{path.name} was not read ({card.reason}); left as it is")
                if known:
                    self.handled.add(known)
                continue
            uid = card.record.uid or known
            if not uid:
                uid = f"file:{path.name}"  # no UID: a new contact gets one, and the file with it
            if uid in found:
                self.report.problems.append(
                    f"{path.name} has the same UID as {found[uid].name}; left as it is, only {found[uid].name} is synced"
                )
                continue
            found[uid] = _Found(path.name, data, h, card, stat)
        return found

    def write(self, uid: str, record: Record, updated: dt.datetime, where: _Found | None) -> _Found | None:
        """Write the card unless the file already says the same; returns the file as it now is."""
        carried = where.card.carried if where and where.card else (read_card(where.data).carried if where else [])
        data = card_bytes(record, updated, carried)
        if where is not None and where.data == data:
            return where
        name = where.name if where is not None else self._free_name(uid)
        self.report.written.append(record.values["name"])
        if self.dry_run:
            return _Found(name, data, digest(data))
        path = self.folder / name
        if where is not None and where.raw is None:
            where.data  # read before checking it did not change meanwhile  # noqa: B018
        if where is not None:
            try:
                now_there = path.read_bytes()
            except OSError:
                now_there = None
            if now_there is None or digest(now_there) != where.hash:
                self.report.written.pop()
                self.report.problems.append(
                    f"{name} changed while netui was syncing (vdirsyncer?); left for the next sync"
                )
                return None
        files.atomic_write(path, data)
        return _Found(name, data, digest(data), stat=_stat(path))

    def _free_name(self, uid: str) -> str:
        name = vdir.filename_for(uid)
        n = 1
        while (self.folder / name).exists():
            n += 1
            name = vdir.filename_for(f"{uid}#{n}")
        return name

    def delete_file(self, found: _Found) -> bool:
        if self.dry_run:
            return True
        path = self.folder / found.name
        try:
            there = path.read_bytes()
            if digest(there) != found.hash:
                self.report.problems.append(f"{found.name} changed while netui was syncing; not deleted")
                return False
            if found.raw is None:
                found.raw = there  # what the report names it by
            path.unlink()
        except FileNotFoundError:
            pass
        return True

    # the database ------------------------------------------------------------------------------------

    def settle(self, uid: str, contact_id: int, where: _Found | None) -> None:
        """Make the file say what the database says (if needed) and record that as agreed."""
        fingerprint = fingerprints([contact_id]).get(contact_id, ("", ""))[1]  # before the record: the app may write
        record, updated = local_record(contact_id)
        current = (where.card or read_card(where.data)).record if where else None
        if current is None or current.uid != record.uid or current.values != record.values:
            written = self.write(uid, record, updated, where)
            if written is None:
                self.handled.add(record.uid)
                return  # the state stays: the file is read again next time
            where = written
        if where is None:
            return
        if record.uid != uid and uid in self.state:
            save_state(uid, None)
        if self.dry_run:
            where.stat = ""
        elif not where.stat:
            with contextlib.suppress(OSError):
                where.stat = _stat(self.folder / where.name)
        agreed = ItemState(where.name, where.hash, record.hashes(), fingerprint, where.stat)
        save_state(record.uid, agreed)
        self.state[record.uid] = agreed
        self.handled.add(record.uid)

    def conflict(self, uid: str, name: str, what: str, choices: Sequence[tuple[str, object, object]] = ()) -> None:
        named = words()
        self.report.conflicts.append(Conflict(uid, name, what, [
            {"field": f, "words": named[f], "mine": mine, "theirs": theirs} for f, mine, theirs in choices]))

    def run(self) -> None:
        """Read both sides without the write lock, then act in batches of ``BATCH``, one transaction each.

        The app can go on writing meanwhile: what it changes after the reading is still merged against
        the base, never overwritten, and a deletion checks the contact again just before.
        """
        found = self.scan()
        # Members the server's groups name get the group as a tag first, so their cards are written with it.
        if self.groups:
            with db.atomic():
                self.report.notes += tag_members(self.groups, self.now)
        # A contact whose fingerprint is the last sync's has not changed: its record is not built.
        local: dict[str, tuple[int, Record | None]] = {}
        changed_ids = []
        keys = _key_set(record_fields())
        for cid, (uid, fingerprint) in fingerprints().items():
            s = self.state.get(uid)
            if s is not None and s.local == fingerprint and s.base.keys() >= keys:
                local[uid] = (cid, None)
            else:
                changed_ids.append(cid)
        for cid, record, _ in local_records(changed_ids):
            local[record.uid] = (cid, record)
        # Files first: one that matches a contact never synced may give it its UID.
        work = [("file", uid) for uid in sorted(set(found) - set(self.state))]
        work += [("uid", uid) for uid in sorted(set(self.state) | set(local))]
        for start in range(0, len(work), BATCH):
            with db.atomic():
                for what, uid in work[start : start + BATCH]:
                    if uid in self.handled:
                        continue
                    if what == "file":
                        self._new_file(uid, found[uid], local)
                        continue
                    if self._unchanged(uid, local.get(uid), found.get(uid)):
                        continue
                    try:
                        with db.atomic():  # a savepoint: one contact that fails leaves nothing half-done
                            self._one(uid, self.state.get(uid), local.get(uid), found.get(uid))
                    except (ContactError, DateError, ValueError) as exc:
                        self.handled.add(uid)
                        self.report.problems.append(f"{uid}: not synced ({exc})")
        if self.groups:  # members read in by this sync: tagged now, their cards written by the next
            with db.atomic():
                self.report.notes += tag_members(self.groups, self.now)

    def _unchanged(self, uid: str, loc: tuple[int, Record | None] | None, where: _Found | None) -> bool:
        """Neither side changed since the last sync (the common case): nothing to do, not even a savepoint."""
        s = self.state.get(uid)
        if s is None or loc is None or where is None or where.card is not None or where.name != s.file:
            return False
        if loc[1] is not None and loc[1].changed_since(s.base):
            return False
        if where.stat != s.stat or loc[1] is not None:  # touched, or rows rewritten as they were: remember how it is now
            fingerprint = fingerprints([loc[0]]).get(loc[0], ("", ""))[1]
            self.state[uid] = ItemState(s.file, s.hash, s.base, fingerprint, where.stat)
            if not self.dry_run:
                save_state(uid, self.state[uid])
        self.handled.add(uid)
        return True

    def _new_file(self, uid: str, where: _Found, local: dict[str, tuple[int, Record | None]]) -> None:
        remote = where.card.record if where.card else None
        assert remote is not None  # scan() parses every file it has no state for, and keeps only readable ones
        try:
            with db.atomic():
                if uid in local:  # both sides have it, never synced together: merge without a base
                    self._merge_unsynced(uid, local[uid][0], remote, where,
                                         "both this database and the folder had this contact before their first sync")
                    return
                match = None
                if not uid.startswith("file:"):
                    match = self._never_synced_match(remote, local)
                if match is not None:
                    cid, old_uid = match
                    contacts.set_uid(cid, uid)
                    local[uid] = local.pop(old_uid)
                    self.handled.add(old_uid)
                    self._merge_unsynced(uid, cid, remote, where,
                                         "a card in the folder was this contact (merged, and it took the card's UID)")
                    return
                if uid.startswith("file:"):
                    remote = Record(str(uuid.uuid4()), remote.values, remote.own)
                cid = store(remote, None, self.now)
                self.report.new.append(remote.values["name"])
                local[remote.uid] = (cid, remote)
                self.settle(remote.uid, cid, where)
        except (ContactError, DateError, ValueError) as exc:
            self.handled.add(uid)
            self.report.problems.append(f"{where.name} was not read in ({exc}); left as it is")

    def _merge_unsynced(self, uid: str, cid: int, remote: Record, where, why: str) -> None:
        """Merge a card into a contact it was never synced with (no common base); fields that differ are
        kept aside and listed as a conflict that says ``why`` the two were taken for one person."""
        mine, _ = local_record(cid)
        merged = merge_records(None, mine, remote)
        if merged.record.values != mine.values:
            store(merged.record, cid, self.now)
            self.report.updated.append(mine.values["name"])
        if merged.aside:
            self.conflict(uid, mine.values["name"], f"{why}; " + _kept_aside(merged.aside), merged.choices)
        self.settle(uid, cid, where)

    def _never_synced_match(self, remote: Record, local: dict[str, tuple[int, Record | None]]) -> tuple[int, str] | None:
        v = remote.values
        incoming = merge.Incoming(
            name=v["name"], organization=v["organization"],
            emails=[Method("email", m[0]) for m in v["emails"]], phones=[Method("phone", m[0]) for m in v["phones"]],
        )
        found = merge.find(incoming)
        if found is None:
            return None
        cid = found[0]
        uid = Contact.get_by_id(cid).uid
        if uid in self.state or uid in self.handled or uid not in local:
            return None
        return cid, uid

    def _one(self, uid: str, s: ItemState | None, loc: tuple[int, Record | None] | None, where: _Found | None) -> None:
        if s is None:
            if loc is not None:  # new in netui
                self.settle(uid, loc[0], where)
            return
        local_changed = loc is not None and loc[1] is not None and loc[1].changed_since(s.base)
        remote = where.card.record if where and where.card else None
        # A base an older netui wrote lacks the card's data: those fields are merged once, without a base.
        remote_changed = remote is not None and (remote.changed_since(s.base) or not _complete(s.base))
        if loc is not None and where is not None:
            if not remote_changed:
                if local_changed or where.hash != s.hash or where.name != s.file:
                    self.settle(uid, loc[0], where)
                self.handled.add(uid)
                return
            assert remote is not None  # remote_changed
            mine, _ = local_record(loc[0])
            merged = merge_records(s.base, mine, remote)
            if merged.record.values != mine.values:
                store(merged.record, loc[0], self.now)
                self.report.updated.append(mine.values["name"])
            if local_changed and mine.values != remote.values:
                what = "changed here and in the folder since the last sync; merged"
                if merged.both_changed:
                    what += f" ({', '.join(merged.both_changed)} changed on both sides)"
                if merged.aside:
                    what += "; " + _kept_aside(merged.aside)
                self.conflict(uid, mine.values["name"], what, merged.choices)
            self.settle(uid, loc[0], where)
        elif loc is not None:  # the file went away
            if not local_changed and not local_record(loc[0])[0].changed_since(s.base):  # still: the app may write
                name = Contact.get_by_id(loc[0]).name
                contacts.delete(loc[0])
                self.report.deleted_here.append(name)
                save_state(uid, None)
                self.handled.add(uid)
                return
            contacts.set_archived(loc[0], True, self.now)
            name = Contact.get_by_id(loc[0]).name
            self.conflict(uid, name, "deleted in the folder (on another device) but changed here since the last sync; "
                          "archived here instead of deleted, and its card written back")
            self.settle(uid, loc[0], None)
        elif where is not None:  # the contact was deleted in netui
            if not remote_changed:
                if self.delete_file(where):
                    self.report.deleted_there.append(s_name(where))
                    save_state(uid, None)
                self.handled.add(uid)
                return
            assert remote is not None  # remote_changed
            revived = Record(remote.uid or uid, {**remote.values, "archived": True}, remote.own)
            cid = store(revived, None, self.now)
            self.conflict(uid, revived.values["name"], "deleted here but changed in the folder (on another device) "
                          "since the last sync; brought back, archived")
            self.report.new.append(revived.values["name"])
            self.settle(revived.uid, cid, where)
        else:
            save_state(uid, None)
            self.handled.add(uid)


def _complete(base: dict[str, str]) -> bool:
    """Whether a base holds a hash for every field (one written before the card's data travelled does not)."""
    return base.keys() >= _key_set(record_fields())


@functools.lru_cache(maxsize=8)
def _key_set(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


def s_name(found: _Found) -> str:
    """The name a deleted file's card gave, for the report (its file name when it cannot be read)."""
    card = found.card or read_card(found.data)
    return card.record.values["name"] if card.record else found.name


def _kept_aside(aside: list[str]) -> str:
    shown = "; ".join(sanitize(a)[:79] + "…" if len(sanitize(a)) > 80 else sanitize(a) for a in aside[:5])
    more = f" and {len(aside) - 5} more" if len(aside) > 5 else ""
    return f"their values were added to the note ({shown}{more})"


def sync_contacts(folder: Path | str, now: dt.datetime, *, dry_run: bool = False) -> ContactsReport:
    """Two-way sync of every contact with a vdir folder (see the module's docstring).

    Written in batches of ``BATCH`` contacts, each one transaction with its files; a dry run does all
    of it in one transaction that is rolled back, and touches no file.
    """
    folder = prepare(folder)
    report = ContactsReport(folder)
    with db.atomic() if dry_run else contextlib.nullcontext() as outer:
        with db.atomic():
            report.first = get_meta(CONTACTS_FOLDER_KEY) != str(folder)
            if report.first:
                forget_state()
                set_meta(CONTACTS_FOLDER_KEY, str(folder))
        _ContactSync(folder, now, dry_run, report).run()
        if report.conflicts:
            with db.atomic():
                kept = conflicts() + [c.stored(now) for c in report.conflicts]
                set_meta(CONFLICTS_KEY, kept[-MAX_CONFLICTS_KEPT:])
        if outer is not None:
            outer.rollback()
    if not dry_run:
        files.fsync_folder(folder)
    return report


def merge_files(a: Path, b: Path, now: dt.datetime) -> list[str]:
    """Merge two versions of one card into both files (for vdirsyncer's ``conflict_resolution`` command).

    Without a base, every field that differs is merged as a conflict: lists united, ``a``'s single
    values kept and ``b``'s appended to the note. Returns what was kept aside.
    """
    cards: list[Card] = []
    records: list[Record] = []
    for path in (a, b):
        card = read_card(Path(path).read_bytes())
        if card.record is None:
            raise SyncError(f"{path}: {card.reason}")
        cards.append(card)
        records.append(card.record)
    merged = merge_records(None, records[0], records[1])
    carried = list(cards[0].carried) + [line for line in cards[1].carried if line not in cards[0].carried]
    data = card_bytes(merged.record, now, carried)
    for path in (a, b):
        files.atomic_write(Path(path), data)
    return merged.aside
