"""Is the database file sound? SQLite's own checks, said in plain words.

``integrity_check`` (``netui check``) reads every page and index and then every link between records
(``foreign_key_check``); ``quick_check`` (the app, in the background after the first frame) skips the
index-against-table comparison and is several times faster. Both read through their own read-only
connection, so checking never writes to the file, damaged or not.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

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


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (and never checkpoints into it).

    ``mode=ro`` first; when the WAL index cannot be created beside the file (a read-only folder),
    ``immutable=1``, which reads the file exactly as it is.
    """
    path = Path(path)
    base = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(base, uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
            raise
    except BaseException:
        conn.close()
        raise
    return sqlite3.connect(base + "&immutable=1", uri=True, isolation_level=None)


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
