"""Opening and closing the one database: the checks before, the lock during, the schema brought up to date.

``open_database(path)`` refuses a path that is not a netui database before it touches it, holds the
shared lock (``netui.db.lock``) for as long as the file stays open, takes a backup before a pending
migration and runs it. A file that cannot be written as it is (a read-only file or folder, asked for,
a newer schema, or found damaged by ``netui check``) is opened read-only with the reason in
``state``. This module sits above ``database``, ``migrations``, ``backups`` and ``check``, which do not
import it: that is what keeps the storage layer free of import cycles.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
from pathlib import Path

import peewee
from peewee import SqliteDatabase

from netui.db import backups, check, lock, migrations
from netui.db.database import (
    PRAGMAS,
    READ_ONLY_PRAGMAS,
    DatabaseError,
    StorageError,
    db,
    explain,
    file_identity,
    file_replaced,
    state,
)
from netui.locations import ensure_private_dir

_held: dict[str, int | None] = {"fd": None}  # the shared lock's descriptor while a file is open
_copy: dict[str, Path] = {}  # the private copy a read-only open reads from, when it needed one


def _writable(path: Path) -> str:
    """Why ``path`` cannot be written ("" when it can): file, folder or file system."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable"
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return "its folder is not writable"
    return ""


def _damage_reason(path: Path) -> str:
    found = check.recorded_damage(path)
    if not found:
        return ""
    return ("`netui check` found it damaged; restore a backup (`netui restore`, `netui backup --list`) "
            "or run `netui check --repair`")


def _uri(path: Path, immutable: bool = False) -> str:
    return path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def _close() -> None:
    if not db.is_closed():
        db.close()


def _open_read_only(path: Path, reason: str) -> None:
    """Bind ``db`` to ``path`` with ``mode=ro``; when even the WAL index cannot be created (a
    read-only folder), as immutable, which reads the file as it is, or, when its WAL holds writes
    the file does not have yet, through a private copy of both (``check.private_copy``)."""
    _close()
    _drop_copy()
    state.path, state.read_only, state.reason = path, True, reason
    state.identity = file_identity(path)
    for how in ("ro", "fallback"):
        source = path
        if how == "fallback" and check.pending_wal(path):
            try:
                source = _held_copy(check.private_copy(path))
            except OSError as exc:
                raise DatabaseError(f"cannot open {path}: {exc.strerror or exc}") from exc
        immutable = how == "fallback" and source == path
        db.init(_uri(source, immutable), pragmas=READ_ONLY_PRAGMAS, uri=True, check_same_thread=False)
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except DatabaseError as exc:
            _close()
            if isinstance(exc, StorageError) and how == "ro":
                continue
            raise DatabaseError(f"cannot open {path}: {exc}") from exc
        except peewee.DatabaseError as exc:
            _close()
            if how == "ro":
                continue
            raise DatabaseError(f"cannot open {path}: {exc}") from exc


def _held_copy(copy: Path) -> Path:
    _copy["dir"] = copy.parent
    atexit.register(shutil.rmtree, copy.parent, ignore_errors=True)  # a command that exits without closing
    return copy


def _drop_copy() -> None:
    folder = _copy.pop("dir", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _hold(path: Path) -> None:
    lock.release(_held["fd"])
    _held["fd"] = None
    _held["fd"] = lock.hold_shared(path)


def open_database(
    path: str | os.PathLike[str],
    *,
    migrate: bool = True,
    read_only: bool = False,
    allow_read_only: bool = False,
) -> SqliteDatabase:
    """Bind ``db`` to ``path`` (created 0600 in a 0700 directory) and bring its schema up to date.

    Refuses (``NotNetuiDatabase``) a folder, a device, a file that is not SQLite or another program's
    database, before any change. Opens read-only, with the reason in ``state``, when asked
    (``read_only``), when the file or its folder cannot be written, when ``netui check`` recorded
    damage, and, with ``allow_read_only`` (the app), when the schema is newer than this netui; without
    it a newer schema raises ``SchemaTooNew`` (the CLI refuses rather than guess).
    """
    path = Path(path)
    if str(path) == ":memory:":
        close_database()
        state.path, state.read_only, state.reason, state.identity = None, False, "", None
        db.init(str(path), pragmas=PRAGMAS, check_same_thread=False, uri=False)
        db.connect(reuse_if_open=True)
        if migrate:
            migrations.migrate(db, path)
        return db
    check.refuse_foreign(path)
    why = "it was opened read-only on purpose" if read_only else _writable(path) or _damage_reason(path)
    if why:
        if not path.exists():
            raise DatabaseError(f"cannot create {path}: {why}")
        close_database()
        _hold(path)
        _open_read_only(path, why)
        _note_schema(path)
        return db
    ensure_private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
    try:
        os.chmod(path, 0o600)  # a file netui made or has just verified as its own
    except PermissionError:
        pass
    close_database()
    _hold(path)
    state.path, state.read_only, state.reason = path, False, ""
    state.identity = file_identity(path)
    db.init(str(path), pragmas=PRAGMAS, check_same_thread=False, uri=False)
    try:
        db.connect(reuse_if_open=True)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        plain = explain(exc)
        close_database()
        raise DatabaseError(f"cannot open {path}: {plain or exc}") from exc
    if migrate:
        try:
            _migrate(path)
        except migrations.SchemaTooNew as exc:
            if not allow_read_only:
                close_database()
                raise
            _open_read_only(path, f"{exc}, so this netui only reads it")
    return db


def _migrate(path: Path) -> list[int]:
    """Back up a database that has rows before its schema changes, then migrate it."""
    version = migrations.schema_version(db)
    if migrations.pending(db, path) and version > 0 and path.stat().st_size:
        backups.take(path, "pre-migration", note=f"v{version}")
    return migrations.migrate(db, path)


def _note_schema(path: Path) -> None:
    """On a read-only open, add to the reason when the schema is not the one this netui writes."""
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


def replaced() -> bool:
    """Has the open file been replaced (renamed over, deleted) by another program since it was opened?"""
    return file_replaced()


def close_database() -> None:
    _close()
    _drop_copy()
    lock.release(_held["fd"])
    _held["fd"] = None
