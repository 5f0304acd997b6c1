"""The one database object, and how it is opened.

``db`` is created unbound so that importing netui never touches a file; ``open_database(path)`` binds
it, sets the pragmas, and runs pending migrations (after a backup). Peewee keeps one connection per
thread, so a worker thread uses ``db`` too (inside ``db.connection_context()``): it gets its own
connection to the same file.

A database that cannot be written as it is (a read-only file or folder, or asked for) is opened
read-only with SQLite's ``mode=ro``: browsing works and every write is refused with the reason, which
``state`` keeps for the app to show. SQLite's own errors are turned into plain-words exceptions at the
one place every statement passes through, so the CLI and the app report "the disk is full" or "the
database is busy" instead of a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from netui.locations import ensure_private_dir

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,  # 32 MB page cache: list windows and FTS stay hot
    "temp_store": "memory",
}
# Read-only connections must not try to change the journal mode (that is a write); query_only is a
# second lock on the door in case the file itself turns out to be writable.
READ_ONLY_PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,
    "temp_store": "memory",
    "query_only": 1,
}
BUSY_SECONDS = PRAGMAS["busy_timeout"] // 1000


class DatabaseError(Exception):
    """A database problem explained in plain words (shown to the user as is)."""


class WriteRefused(DatabaseError, peewee.OperationalError):
    """A write SQLite could not do; nothing of it was stored.

    Also a peewee ``OperationalError``, so code that already catches peewee's errors (the forms) shows
    the plain message, and the CLI's handler for ``DatabaseError`` prints one line.
    """


class ReadOnly(WriteRefused):
    """The database is open read-only (``state.reason`` says why)."""


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


state = OpenState()


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

    - A transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock first and waits for the
      busy timeout, instead of reading a snapshot and failing when another process wrote meanwhile.
    - SQLite errors come out as ``DatabaseError`` subclasses with a sentence.
    - After SQLite has rolled a transaction back by itself (disk full, I/O error), peewee's own
      rollback is skipped, so the real reason is not hidden by "no transaction is active".
    """

    def begin(self, lock_type=None):
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

    def _in_sqlite_transaction(self) -> bool:
        conn = self._state.conn
        return conn is None or conn.in_transaction


db = NetuiDatabase(None)


def _writable(path: Path) -> str:
    """Why ``path`` cannot be written ("" when it can): file, folder or file system."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return "its folder is not writable"
    return ""


def _uri(path: Path, immutable: bool = False) -> str:
    return path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def _open_read_only(path: Path, reason: str) -> None:
    """Bind ``db`` to ``path`` with ``mode=ro``; when even the WAL index cannot be created (a
    read-only folder), as immutable, which reads the file as it is."""
    if not db.is_closed():
        db.close()
    state.path, state.read_only, state.reason = path, True, reason
    for immutable in (False, True):
        db.init(_uri(path, immutable), pragmas=READ_ONLY_PRAGMAS, uri=True, check_same_thread=False)
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except DatabaseError as exc:
            if not db.is_closed():
                db.close()
            if isinstance(exc, StorageError) and not immutable:
                continue
            raise DatabaseError(f"cannot open {path}: {exc}") from exc
        except peewee.DatabaseError as exc:
            if not db.is_closed():
                db.close()
            if not immutable:
                continue
            raise DatabaseError(f"cannot open {path}: {exc}") from exc


def open_database(
    path: str | os.PathLike[str],
    *,
    migrate: bool = True,
    read_only: bool = False,
    allow_read_only: bool = False,
) -> SqliteDatabase:
    """Bind ``db`` to ``path`` (created 0600 in a 0700 directory) and bring its schema up to date.

    Opens read-only, with the reason in ``state``, when asked (``read_only``), when the file or its
    folder cannot be written, and, with ``allow_read_only`` (the app), when the schema is newer than
    this netui; without it a newer schema raises ``SchemaTooNew`` (the CLI refuses rather than guess).
    """
    from netui.db import migrations

    path = Path(path)
    if str(path) == ":memory:":
        if not db.is_closed():
            db.close()
        state.path, state.read_only, state.reason = None, False, ""
        db.init(str(path), pragmas=PRAGMAS, check_same_thread=False, uri=False)
        db.connect(reuse_if_open=True)
        if migrate:
            migrations.migrate(db, path)
        return db
    why = "it was opened read-only on purpose" if read_only else _writable(path)
    if why:
        if not path.exists():
            raise DatabaseError(f"cannot create {path}: {why}")
        _open_read_only(path, why)
        _note_schema(path)
        return db
    ensure_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
    try:
        os.chmod(path, 0o600)
    except PermissionError:
        pass
    if not db.is_closed():
        db.close()
    state.path, state.read_only, state.reason = path, False, ""
    db.init(str(path), pragmas=PRAGMAS, check_same_thread=False, uri=False)
    try:
        db.connect(reuse_if_open=True)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        plain = explain(exc)
        raise DatabaseError(f"cannot open {path}: {plain or exc}") from exc
    if migrate:
        try:
            migrations.migrate(db, path)
        except migrations.SchemaTooNew as exc:
            if not allow_read_only:
                db.close()
                raise
            _open_read_only(path, f"{exc}, so this netui only reads it")
    return db


def _note_schema(path: Path) -> None:
    """On a read-only open, add to the reason when the schema is not the one this netui writes."""
    from netui.db import migrations

    version = migrations.schema_version(db)
    if version > migrations.LATEST:
        state.reason += f"; it was written by a newer netui (schema {version}, this one knows {migrations.LATEST})"
    elif version < migrations.LATEST:
        state.reason += f"; it needs an upgrade (schema {version} to {migrations.LATEST}) that cannot be written"


def reopen_read_only(reason: str) -> None:
    """Switch the open database to read-only (after damage was found) without writing to the file.

    A connection that closes last checkpoints the WAL into the main file; a read-only connection kept
    open across the switch makes sure the closing read-write one is not the last.
    """
    path = state.path
    if path is None:
        return
    keeper = sqlite3.connect(_uri(path), uri=True)
    try:
        keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads: joins the WAL index
    except sqlite3.DatabaseError:
        pass
    try:
        _open_read_only(path, reason)
    finally:
        keeper.close()


def close_database() -> None:
    if not db.is_closed():
        db.close()
