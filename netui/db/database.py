"""The one database object, netui's errors in plain words, and the state of the open file.

``db`` is created unbound so that importing netui never touches a file; ``netui.db.opening`` binds it
(``open_database(path)``), sets the pragmas, and runs pending migrations (after a backup). Peewee
keeps one connection per thread, so a worker thread uses ``db`` too (inside
``db.connection_context()``): it gets its own connection to the same file.

A database that cannot be written as it is (a read-only file or folder, or asked for) is opened
read-only with SQLite's ``mode=ro``: browsing works and every write is refused with the reason, which
``state`` keeps for the app to show. SQLite's own errors are turned into plain-words exceptions at the
one place every statement passes through, so the CLI and the app report "the disk is full" or "the
database is busy" instead of a traceback.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import SqliteDatabase

BUSY_TIMEOUT_MS = 5000  # how long a write waits for another program's lock
PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    # 8 MB of page cache (SQLite's default is 2 MB): a list window, a pane and a filter's FTS pages stay
    # hot; the rest of a 100k file is in the OS's cache anyway, and 32 MB per connection was a third
    # of the app's memory. A worker thread's connection gets WORKER_CACHE_KIB (``NetuiDatabase``).
    "cache_size": -8000,
    "temp_store": "memory",
}
WORKER_CACHE_KIB = 1000  # the tick and the integrity check read a few pages once
# Read-only connections must not try to change the journal mode (that is a write); query_only is a
# second lock on the door in case the file itself turns out to be writable.
READ_ONLY_PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "cache_size": -8000,
    "temp_store": "memory",
    "query_only": 1,
}
BUSY_SECONDS = BUSY_TIMEOUT_MS // 1000


class DatabaseError(Exception):
    """A database problem explained in plain words (shown to the user as is)."""


class WriteRefused(DatabaseError, peewee.OperationalError):
    """A write SQLite could not do; nothing of it was stored.

    Also a peewee ``OperationalError``, so code that already catches peewee's errors (the forms) shows
    the plain message, and the CLI's handler for ``DatabaseError`` prints one line.
    """


class ReadOnly(WriteRefused):
    """The database is open read-only (``state.reason`` says why)."""


class Replaced(ReadOnly):
    """The file was replaced (renamed over, deleted) by another program while netui had it open."""


class DiskFull(WriteRefused):
    """The disk (or quota) holding the database ran out of space."""


class Busy(WriteRefused):
    """Another program held the write lock for longer than the busy timeout."""


class Damaged(DatabaseError, peewee.DatabaseError):
    """SQLite found the file damaged while reading or writing it."""


class StorageError(DatabaseError, peewee.OperationalError):
    """The operating system could not read or write the file (I/O error, cannot open)."""


@dataclass
class OpenState:
    """How the database is open right now: what the app shows in its title and notifications."""

    path: Path | None = None
    read_only: bool = False
    reason: str = ""  # why it is read-only, as a sentence fragment ("the file is not writable")
    identity: tuple[int, int] | None = None  # (device, inode) of the file when it was opened


state = OpenState()


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``, or None when there is nothing there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def file_replaced() -> bool:
    """Is the file at ``state.path`` another one than netui opened (a restore renamed a copy over it)?"""
    if state.path is None or state.identity is None:
        return False
    return file_identity(state.path) != state.identity


def explain(exc: BaseException) -> DatabaseError | None:
    """The plain-words version of a SQLite/peewee error, or None when it is not one netui explains."""
    if isinstance(exc, DatabaseError):
        return exc
    orig = getattr(exc, "orig", exc)
    name = getattr(orig, "sqlite_errorname", "") or ""
    message = str(orig)
    where = str(state.path) if state.path else "the database"
    if name.startswith("SQLITE_READONLY") or "readonly database" in message:
        why = state.reason or "the file cannot be written"
        return ReadOnly(f"not saved: {where} is open read-only ({why})")
    if name == "SQLITE_FULL" or "database or disk is full" in message:
        return DiskFull(f"not saved: the disk holding {where} is full; free some space and try again")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in message:
        return Busy(
            f"not saved: {where} is busy (another program, perhaps another netui, kept it locked for "
            f"{BUSY_SECONDS} seconds); try again"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in message or "not a database" in message:
        return Damaged(f"{where} is damaged ({message}); run `netui check`, then `netui restore` a backup")
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
        return StorageError(f"cannot read or write {where} ({message})")
    return None


@contextmanager
def _explained():
    try:
        yield
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        plain = explain(exc)
        if plain is None or plain is exc:
            raise
        raise plain from exc


class NetuiDatabase(SqliteDatabase):
    """SqliteDatabase with netui's transaction and error rules.

    - A write transaction on a file that was replaced under netui (another inode at its path) is
      refused: what it wrote would go to the old file, which nobody will read again.
    - A transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock first and waits for the
      busy timeout, instead of reading a snapshot and failing when another process wrote meanwhile.
    - SQLite errors come out as ``DatabaseError`` subclasses with a sentence.
    - After SQLite has rolled a transaction back by itself (disk full, I/O error), peewee's own
      rollback is skipped, so the real reason is not hidden by "no transaction is active".
    """

    def begin(self, lock_type=None):
        if not state.read_only and file_replaced():
            raise Replaced(
                f"not saved: {state.path} was replaced by another program while netui had it open; "
                "restart netui to work on the new file"
            )
        with _explained():
            super().begin(lock_type or (None if state.read_only else "IMMEDIATE"))

    def execute_sql(self, sql, params=None):
        if sql.startswith("ROLLBACK TO SAVEPOINT") and not self._in_sqlite_transaction():
            return self.cursor()
        with _explained():
            return super().execute_sql(sql, params)

    def commit(self):
        with _explained():
            super().commit()

    def rollback(self):
        if not self._in_sqlite_transaction():
            return
        with _explained():
            super().rollback()

    def _initialize_connection(self, conn):
        if threading.current_thread() is not threading.main_thread():
            conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")  # a worker's connection: a small cache

    def _in_sqlite_transaction(self) -> bool:
        conn = self._state.conn  # peewee's per-thread state
        return conn is None or conn.in_transaction


db = NetuiDatabase(None)
