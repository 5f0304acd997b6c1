"""Rolling backups of the database, taken with SQLite's backup API, in ``backups/`` beside it.

When: before every migration, at most once a day when the data changed (the app asks after its
start-up check passed), on ``netui backup``, and before a restore replaces the file. Each backup is a
complete, self-contained SQLite file (``netui-20261121-100000-daily.db``), written under a temporary
name and renamed, so a crash never leaves half a backup that looks whole. Old ones are thinned to
the newest of each of the last 7 days, 4 weeks and 6 months that have one; the newest few taken
before a migration or a restore, and copies of damaged files, are kept as well, and the newest backup
that passes ``quick_check`` is never deleted. A backup of a damaged file is named as one (``damaged``)
and never counts as a good one.

Nothing here reads through peewee or the models: a backup reads the file through its own read-only
connection, which works while the app is running and on a read-only or damaged file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from netui.db import check, lock
from netui.db.database import DatabaseError
from netui.db.migrations import LATEST
from netui.locations import backup_dir, ensure_private_dir

KINDS = ("daily", "manual", "pre-migration", "pre-restore", "damaged")
ROLLING = ("daily", "manual")  # thinned by age; the others are kept by count
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
KEEP_EACH_SPECIAL = 3

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<kind>" + "|".join(KINDS) + r")(?:-(?P<note>v\d+))?(?:-(?P<n>\d+))?\.db$"
)


class BackupError(DatabaseError):
    """A backup could not be taken or restored; said in plain words."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    kind: str
    note: str = ""

    def describe(self) -> str:
        """``Sat 21 Nov 2026 10:00 (daily)``: how the app and the CLI name a backup."""
        return f"{self.taken_at:%a %d %b %Y %H:%M} ({self.kind})"


def folder(db_path: Path) -> Path:
    return backup_dir(Path(db_path))


def parse_name(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    taken = dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    return Backup(path, taken, match["kind"], match["note"] or "")


def list_backups(db_path: Path) -> list[Backup]:
    """This database's backups, newest first (other databases sharing the folder are left out)."""
    where = folder(db_path)
    if not where.is_dir():
        return []
    stem = Path(db_path).stem
    found = []
    for path in where.iterdir():
        match = _NAME.match(path.name)
        info = parse_name(path)
        if match is not None and info is not None and match["stem"] == stem:
            found.append(info)
    # Stamps can tie (a pinned clock, two backups in one second): the file's own time breaks the tie.
    return sorted(found, key=lambda b: (b.taken_at, _mtime(b.path)), reverse=True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the backup API: a consistent snapshot, even while another
    connection writes, as one self-contained file (journal mode DELETE), written then renamed."""
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    try:
        src = check.connect_read_only(source)
        try:
            dest = sqlite3.connect(partial, isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            src.close()
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not copy {source} to {target}: {exc}") from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not write {target}: {exc.strerror or exc}") from exc


def _target(db_path: Path, kind: str, now: dt.datetime, note: str) -> Path:
    where = folder(db_path)
    ensure_private_dir(where)
    base = f"{Path(db_path).stem}-{now:%Y%m%d-%H%M%S}-{kind}" + (f"-{note}" if note else "")
    target = where / f"{base}.db"
    n = 1
    while target.exists():
        n += 1
        target = where / f"{base}-{n}.db"
    return target


def take(db_path: Path, kind: str = "manual", *, now: dt.datetime | None = None, note: str = "",
         target: Path | None = None) -> Path:
    """Back up ``db_path`` now; into ``target`` if given, else into the backups folder (then thinned).

    A copy that fails ``quick_check`` (the file was damaged) is renamed to the ``damaged`` kind: it is
    kept for what can be read from it, but it never stands in for a good backup nor pushes one out.
    """
    db_path = Path(db_path)
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    if not db_path.exists():
        raise BackupError(f"there is no database at {db_path}")
    now = now or dt.datetime.now()
    if target is not None:
        target = Path(target)
        if target.is_dir():
            target = target / f"{db_path.stem}-{now:%Y%m%d-%H%M%S}.db"
        if target.exists() or target.is_symlink():
            raise BackupError(f"{target} already exists; choose another name")
        copy_database(db_path, target)
        return target
    path = _target(db_path, kind, now, note)
    copy_database(db_path, path)
    if kind != "damaged" and not check.quick_check(path).ok:
        aside = _target(db_path, "damaged", now, "")
        os.replace(path, aside)
        path = aside
    thin(db_path)
    return path


def keep_damaged(db_path: Path, now: dt.datetime | None = None) -> Path:
    """Keep a damaged file's bytes as they are (with its WAL): the backup API might not read it."""
    now = now or dt.datetime.now()
    target = _target(db_path, "damaged", now, "")
    partial = target.with_name(f".{target.name}.part")
    try:
        shutil.copyfile(db_path, partial)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
        wal = Path(f"{db_path}-wal")
        if wal.exists() and wal.stat().st_size:
            shutil.copyfile(wal, f"{target}-wal")
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not keep a copy of {db_path}: {exc.strerror or exc}") from exc
    return target


def _kept(backups: list[Backup]) -> set[Path]:
    keep: set[Path] = set()
    rolling = [b for b in backups if b.kind in ROLLING]
    periods = (
        (lambda b: b.taken_at.date(), KEEP_DAILY),
        (lambda b: tuple(b.taken_at.isocalendar())[:2], KEEP_WEEKLY),
        (lambda b: (b.taken_at.year, b.taken_at.month), KEEP_MONTHLY),
    )
    for period, count in periods:
        seen: set = set()
        for b in rolling:  # newest first: the first of each period is its newest
            key = period(b)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(b.path)
    for kind in KINDS:
        if kind not in ROLLING:
            keep.update(b.path for b in [b for b in backups if b.kind == kind][:KEEP_EACH_SPECIAL])
    return keep


def thin(db_path: Path) -> list[Path]:
    """Delete the backups the policy no longer keeps; return them. The newest good one always stays."""
    backups = list_backups(db_path)
    keep = _kept(backups)
    good = newest_good(db_path)
    if good is not None:
        keep.add(good.path)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            Path(f"{b.path}-wal").unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def _changed_since(db_path: Path, when: float) -> bool:
    stamps = [db_path.stat().st_mtime]
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        stamps.append(wal.stat().st_mtime)
    return max(stamps) > when


def _has_contacts(db_path: Path) -> bool:
    try:
        conn = check.connect_read_only(db_path)
    except sqlite3.DatabaseError:
        return False
    try:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM contact)").fetchone()[0] == 1
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def daily(db_path: Path, now: dt.datetime) -> Path | None:
    """Take the day's backup if none was taken today and the file changed since the newest one.

    "Changed" is read from the modification times of the file and its WAL, which SQLite touches only
    when it writes; an empty database is not backed up. Call it only after a check passed, so a
    damaged file never pushes a good backup out.
    """
    db_path = Path(db_path)
    if not db_path.exists() or not _has_contacts(db_path):
        return None
    existing = list_backups(db_path)
    if existing:
        newest = existing[0]
        if newest.taken_at.date() >= now.date():
            return None
        if not _changed_since(db_path, newest.path.stat().st_mtime):
            return None
    return take(db_path, "daily", now=now)


def newest_good(db_path: Path) -> Backup | None:
    """The newest backup that passes ``quick_check`` (copies of damaged files are never offered)."""
    for b in list_backups(db_path):
        if b.kind != "damaged" and check.quick_check(b.path).ok:
            return b
    return None


def verify(backup: Path) -> None:
    """Raise ``BackupError`` unless ``backup`` is a sound netui database this program can open."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"there is no backup at {backup}")
    result = check.integrity_check(backup)
    if not result.ok:
        raise BackupError(f"{backup} cannot be restored: {result.summary}")
    conn = check.connect_read_only(backup)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if "contact" not in tables:
        raise BackupError(f"{backup} is a SQLite file but not a netui database")
    if version > LATEST:
        raise BackupError(f"{backup} was written by a newer netui (schema {version}, this one knows {LATEST})")


def restore(backup: Path, db_path: Path, now: dt.datetime | None = None) -> Path | None:
    """Put ``backup`` in place of ``db_path``; return where the file it replaced was kept.

    The backup is checked first; the current file is backed up (or, if damaged, copied byte for byte)
    before anything changes; the restored copy is written beside the database and renamed over it,
    so a crash leaves either the old file or the restored one. Close the database first.
    """
    backup, db_path = Path(backup), Path(db_path)
    now = now or dt.datetime.now()
    verify(backup)
    check.refuse_foreign(db_path)
    with lock.exclusive(db_path):
        previous = _replace(backup, db_path, now)
    check.clear_damage(db_path)
    return previous


def _replace(backup: Path, db_path: Path, now: dt.datetime) -> Path | None:
    previous = None
    if db_path.exists() and db_path.stat().st_size:
        if check.quick_check(db_path).ok:
            previous = take(db_path, "pre-restore", now=now)
        else:
            previous = keep_damaged(db_path, now)
    ensure_private_dir(db_path.parent)
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    copy_database(backup, incoming)
    # The old WAL belongs to the old file: left beside the new one, SQLite would replay it into it.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, db_path)
    _fsync_dir(db_path.parent)
    return previous
