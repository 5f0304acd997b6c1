"""``netui check --repair``: copy what can still be read out of a damaged file into a new one.

The damaged file's bytes are kept aside first (``backups.keep_damaged``). A new database is built
from the schema history; every table is read through a read-only connection in rowid order, and
where SQLite stops at a damaged page the reader steps over it one rowid at a time, noting the ids it
could not read. Rows whose parent was lost are dropped (or, where the link may be empty, unlinked),
so the repaired file passes every check. The new file replaces the damaged one only once it is
complete, under the same exclusive lock a restore takes. The full-text index is not copied: it is
derived data, rebuilt by the caller.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from peewee import SqliteDatabase

from netui.db import backups, check, lock, migrations
from netui.db.database import DatabaseError

PROBE_AHEAD = 100_000  # how far past the last readable row to look when the table's end is unreadable
_SKIP = ("sqlite_", "contact_fts", "migration")  # SQLite's own, derived (rebuilt), and written afresh


class RepairError(DatabaseError):
    """The repair could not be done; the damaged file is as it was."""


@dataclass
class TableRepair:
    name: str
    recovered: int = 0
    unreadable: list[int] = field(default_factory=list)  # rowids SQLite could not read
    dropped: int = 0  # rows whose parent row was lost
    unlinked: int = 0  # rows that lost an optional link (an introduction's "requested by")

    def text(self) -> str:
        parts = [f"{self.recovered:,} recovered"]
        if self.unreadable:
            parts.append(f"unreadable ids {_ranges(self.unreadable)}")
        if self.dropped:
            parts.append(f"{self.dropped:,} dropped because what they belonged to was lost")
        if self.unlinked:
            parts.append(f"{self.unlinked:,} kept without a link that was lost")
        return f"{self.name}: " + "; ".join(parts)


@dataclass
class RepairReport:
    path: Path
    kept: Path  # the damaged file, as it was
    tables: list[TableRepair]

    @property
    def lost(self) -> bool:
        return any(t.unreadable or t.dropped or t.unlinked for t in self.tables)

    def text(self) -> str:
        lines = [f"Repaired {self.path}: everything SQLite could read was copied into a new file.",
                 f"The damaged file is kept as {self.kept}."]
        lines += [f"  {t.text()}" for t in self.tables if t.recovered or t.unreadable or t.dropped or t.unlinked]
        if not self.lost:
            lines.append("Nothing was lost.")
        return "\n".join(lines)


def _ranges(ids: list[int]) -> str:
    out: list[str] = []
    start = prev = ids[0]
    for n in ids[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out[:10]) + (f" and {len(out) - 10} more ranges" if len(out) > 10 else "")


def _read(src: sqlite3.Connection, table: str, columns: list[str], report: TableRepair) -> list[tuple]:
    """Every row of ``table`` SQLite can read, stepping over the damaged stretches."""
    names = ", ".join(f'"{c}"' for c in columns)
    scan = f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid'
    point = f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?'
    try:
        end = src.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0
    except sqlite3.DatabaseError:
        end = None
    rows: list[tuple] = []
    last = 0
    while True:
        try:
            for row in src.execute(scan, (last,)):
                rows.append(row)
                last = row[0]
            return rows
        except sqlite3.DatabaseError:
            pass
        probe = last + 1
        limit = end if end is not None else last + PROBE_AHEAD
        while probe <= limit:
            try:
                found = src.execute(point, (probe,)).fetchone()
            except sqlite3.DatabaseError:
                report.unreadable.append(probe)
                probe += 1
                continue
            if found is not None:
                rows.append(found)
            break
        if probe > limit:
            return rows
        last = probe


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _fix_links(conn: sqlite3.Connection, reports: dict[str, TableRepair]) -> None:
    """Drop rows whose parent was lost, or empty an optional link, until every link holds."""
    while True:
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if not broken:
            return
        for table, rowid, _parent, fkid in broken:
            fks = {r[0]: r for r in conn.execute(f'PRAGMA foreign_key_list("{table}")')}
            column, on_delete = fks[fkid][3], fks[fkid][6]
            if on_delete == "SET NULL":
                conn.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
                reports[table].unlinked += 1
            else:
                if conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,)).rowcount:
                    reports[table].dropped += 1
                    reports[table].recovered -= 1


def _build(target: Path) -> None:
    fresh = SqliteDatabase(str(target))
    fresh.connect()
    try:
        migrations.migrate(fresh, target)
    finally:
        fresh.close()


def repair(db_path: Path, now: dt.datetime | None = None) -> RepairReport:
    """Replace the damaged ``db_path`` with what can be read from it; the damaged bytes are kept aside."""
    db_path = Path(db_path)
    if not db_path.is_file() or not db_path.stat().st_size:
        raise RepairError(f"there is no database at {db_path}")
    now = now or dt.datetime.now()
    target = db_path.with_name(f".{db_path.name}.repairing")
    with lock.exclusive(db_path, "repaired"):
        kept = backups.keep_damaged(db_path, now)
        target.unlink(missing_ok=True)
        try:
            _build(target)
            reports = _copy(db_path, target)
            if not check.quick_check(target).ok:
                raise RepairError(f"the repaired copy of {db_path} did not pass its check; nothing was changed")
            os.chmod(target, 0o600)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
            os.replace(target, db_path)
        except (OSError, sqlite3.DatabaseError) as exc:
            target.unlink(missing_ok=True)
            raise RepairError(f"could not repair {db_path}: {exc}; nothing was changed") from exc
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    check.clear_damage(db_path)
    return RepairReport(db_path, kept, list(reports.values()))


def _copy(source: Path, target: Path) -> dict[str, TableRepair]:
    try:
        src = check.connect_read_only(source)
    except sqlite3.DatabaseError as exc:
        raise RepairError(f"SQLite cannot read {source} at all ({exc}); nothing was changed") from exc
    dest = sqlite3.connect(target, isolation_level=None)
    reports: dict[str, TableRepair] = {}
    try:
        try:
            have = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise RepairError(f"SQLite cannot read the list of tables of {source} ({exc}); nothing was changed") from exc
        tables = [r[0] for r in dest.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")
                  if not r[0].startswith(_SKIP)]
        dest.execute("PRAGMA foreign_keys = OFF")
        dest.execute("BEGIN")
        for table in tables:
            report = reports[table] = TableRepair(table)
            if table not in have:
                continue
            columns = [c for c in _columns(dest, table) if c in set(_columns(src, table))]
            rows = _read(src, table, columns, report)
            names = ", ".join(["rowid"] + [f'"{c}"' for c in columns])
            marks = ", ".join("?" * (len(columns) + 1))
            dest.executemany(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', rows)
            report.recovered = dest.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        _fix_links(dest, reports)
        dest.execute("COMMIT")
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    finally:
        src.close()
        dest.close()
    return reports
