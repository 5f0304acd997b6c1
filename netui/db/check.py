"""Is the database file sound? SQLite's own checks, said in plain words.

``integrity_check`` (``netui check``) reads every page and index and then every link between records
(``foreign_key_check``); ``quick_check`` (the app, in the background after the first frame) skips the
index-against-table comparison and is several times faster. Both read through their own read-only
connection, so checking never writes to the file, damaged or not.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from netui.locations import NotNetuiDatabase, damage_note_path

MAX_PROBLEMS = 100  # SQLite stops listing after this many; enough to say how bad it is


@dataclass
class CheckResult:
    """What a check found: ``ok``, the problems as SQLite words them, and one plain summary."""

    path: Path
    ok: bool
    summary: str
    problems: list[str] = field(default_factory=list)  # storage damage (pages, indexes)
    broken_links: list[str] = field(default_factory=list)  # rows pointing at a missing parent
    counts: dict[str, int] = field(default_factory=dict)

    def text(self, limit: int = 10) -> str:
        """The summary and the first ``limit`` problems, one per line."""
        lines = [self.summary]
        details = self.problems + self.broken_links
        lines += [f"  {p}" for p in details[:limit]]
        if len(details) > limit:
            lines.append(f"  … and {len(details) - limit} more")
        return "\n".join(lines)


class _CopyConnection(sqlite3.Connection):
    """A connection to a private copy of a database; closing it deletes the copy."""

    copy_dir: Path | None = None

    def close(self) -> None:
        super().close()
        if self.copy_dir is not None:
            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None


def pending_wal(path: Path) -> bool:
    """Does ``path`` have writes in its WAL that are not in the file itself yet?"""
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def private_copy(path: Path) -> Path:
    """Copy ``path`` and its WAL into a new private folder, where SQLite can make the WAL index.

    How a database in a read-only folder is read when it has writes in its WAL but no WAL index
    beside it: ``immutable`` would read the file without the WAL (tables missing, or pages that
    look damaged), so the copy is read instead. The caller deletes the folder.
    """
    folder = Path(tempfile.mkdtemp(prefix="netui-read-"))
    copy = folder / path.name
    shutil.copyfile(path, copy)
    shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    return copy


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (and never checkpoints into it).

    ``mode=ro`` first; when the WAL index cannot be created beside the file (a read-only folder or
    file system), ``immutable=1``, which reads the file exactly as it is, or, when the WAL holds writes the file
    does not have yet, a private copy of both.
    """
    path = Path(path)
    base = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(base, uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        # CANTOPEN (as root on a read-only mount) or READONLY_DIRECTORY (a folder this user cannot
        # write): no WAL index can be made beside the file. Neither says anything about damage.
        if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY")):
            raise
    except BaseException:
        conn.close()
        raise
    if not pending_wal(path):
        return sqlite3.connect(base + "&immutable=1", uri=True, isolation_level=None)
    try:
        copy = private_copy(path)
    except OSError as exc:
        raise sqlite3.OperationalError(f"cannot read {path}: {exc.strerror or exc}") from exc
    copied = sqlite3.connect(copy.as_uri() + "?mode=ro", uri=True, isolation_level=None, factory=_CopyConnection)
    copied.copy_dir = copy.parent
    return copied


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in ("contact", "interaction"):
        try:
            counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        except sqlite3.DatabaseError:
            pass
    return counts


def _links(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    grouped = Counter((table, parent) for table, _rowid, parent, _fk in rows)
    return [
        f"{n} {table} row{'s' * (n != 1)} point{'s' * (n == 1)} to a missing {parent}"
        for (table, parent), n in grouped.most_common()
    ]


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> CheckResult:
    """SQLite stopped at damage it could not step over (it does that instead of listing some of it)."""
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
        summary = (f"{path.name} is not a database SQLite can read ({exc}): the wrong file, or damaged beyond "
                   "reading. Nothing was changed.")
    else:
        summary = f"{path.name} is damaged: SQLite cannot read all of it ({exc}). Nothing was changed."
    return CheckResult(path, False, summary)


def _run(path: Path, pragma: str) -> CheckResult:
    path = Path(path)
    name = path.name
    if not path.exists():
        return CheckResult(path, False, f"There is no database at {path}.")
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        return _unreadable(path, exc)
    try:
        rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
        problems = [row[0] for row in rows if row[0] != "ok"]
        links = _links(conn) if not problems else []
        counts = _counts(conn)
    except sqlite3.DatabaseError as exc:
        return _unreadable(path, exc)
    finally:
        conn.close()
    if problems:
        many = f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''}"
        summary = (f"{name} is damaged: SQLite found {many} problem{'s' * (len(problems) != 1)} in how the file "
                   "is stored. Nothing was changed.")
        return CheckResult(path, False, summary, problems, [], counts)
    if links:
        summary = (f"{name} has broken links between records ({'; '.join(links[:3])}). "
                   "The file itself is sound. Nothing was changed.")
        return CheckResult(path, False, summary, [], links, counts)
    what = ", ".join(f"{n:,} {table}{'s' * (n != 1)}" for table, n in counts.items())
    how = "no damage found and every link between records is intact" if pragma == "integrity_check" else "no damage found"
    return CheckResult(path, True, f"{name} is healthy{': ' + what if what else ''}; {how}.", [], [], counts)


def integrity_check(path: Path) -> CheckResult:
    """The full check: every page, every index against its table, every foreign key."""
    return _run(path, "integrity_check")


def quick_check(path: Path) -> CheckResult:
    """The fast check the app runs on every start (pages and structure; links too, they are cheap)."""
    return _run(path, "quick_check")


# --- is this netui's file at all? --------------------------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISSOCK, "a socket"))


def refuse_foreign(path: Path) -> None:
    """Raise ``NotNetuiDatabase`` unless ``path`` is missing, empty, or a SQLite file netui can call its own.

    Run before anything touches the path (no create, no chmod, no migration): a folder, a device, a
    text file or another program's database given as ``--db`` is named and left exactly as it was.
    An empty SQLite file (no tables) becomes a new netui database; one with netui's ``migration``
    table is netui's, damaged or not (``check`` and ``restore`` deal with that).
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NotNetuiDatabase(f"{path} cannot be used as the database: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise NotNetuiDatabase(f"{path} is a directory, not a netui database; nothing was changed")
    if not stat.S_ISREG(info.st_mode):
        what = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise NotNetuiDatabase(f"{path} is {what}, not a netui database; nothing was changed")
    if info.st_size == 0:
        return
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return  # unreadable: opening it says why
    if header != SQLITE_HEADER:
        raise NotNetuiDatabase(f"{path} is not a netui database (not even a SQLite file); "
                               "nothing was changed")
    try:
        # immutable: the file as it is, without its WAL (the schema of a netui database is in the
        # file once its first transaction was checkpointed; before that no table shows, which passes)
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return  # netui's own but damaged, perhaps: the usual open reports damage in its words
    if tables and "migration" not in tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise NotNetuiDatabase(f"{path} is another program's SQLite database (tables: {shown}), not a netui "
                               "database; nothing was changed")


# --- damage found by `netui check`, remembered for the next writer -----------------------------------


def record_damage(db_path: Path, summary: str) -> None:
    """Remember that ``db_path`` was found damaged, so later writes are refused (not into the file)."""
    note = damage_note_path(Path(db_path))
    try:
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(summary + "\n")
    except OSError:
        pass  # a folder netui cannot write to: nothing can be written to the file there either


def recorded_damage(db_path: Path) -> str:
    """What ``record_damage`` noted for ``db_path`` ("" when it was not found damaged)."""
    try:
        return damage_note_path(Path(db_path)).read_text(encoding="utf-8").strip() or "damaged"
    except OSError:
        return ""


def clear_damage(db_path: Path) -> None:
    """The file was found healthy again, restored or repaired."""
    try:
        damage_note_path(Path(db_path)).unlink(missing_ok=True)
    except OSError:
        pass
