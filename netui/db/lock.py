"""One writer where it matters: the lock that says "a netui has this database open".

Every netui that opens a database holds a shared ``flock`` on a private lock file beside it
(``netui.db.lock``, 0600) for as long as it keeps it open; many can hold it at once. Replacing the file
(``restore``, ``check --repair``) needs the lock exclusively and does not wait for it: while an app
has the database open it refuses with a sentence, instead of pulling the file from under a program
that would go on writing to the replaced one.

A folder netui cannot write to holds no lock file; nothing can replace a file there either.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netui.db.database import DatabaseError
from netui.locations import lock_path

WAIT_SECONDS = 5.0  # a restore in progress takes well under this


class InUse(DatabaseError):
    """Another netui has the database open (or is replacing it)."""


def _open(db_path: Path) -> int | None:
    try:
        return os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        pass
    try:  # a read-only folder or file system: a lock file made earlier still works for reading
        return os.open(lock_path(db_path), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


def hold_shared(db_path: Path) -> int | None:
    """Take the shared lock for as long as the database is open; the descriptor to ``release``.

    Waits a few seconds for a restore that is replacing the file, then says so.
    """
    fd = _open(db_path)
    if fd is None:
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise InUse(f"{db_path} is being replaced (a restore or repair is running); try again") from None
            time.sleep(0.05)
        except OSError:  # a file system without flock: open without the lock, as before
            return fd


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor drops its lock


@contextmanager
def exclusive(db_path: Path, what: str = "restored") -> Iterator[None]:
    """Hold the lock alone while ``db_path`` is replaced; refuse at once when a netui has it open."""
    fd = _open(db_path)
    if fd is None:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InUse(f"netui is open on {db_path}; close it first (nothing was {what})") from None
        except OSError:
            pass
        yield
    finally:
        os.close(fd)
