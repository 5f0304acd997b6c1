"""Writing files the way every netui writer does: owner-only, atomic, durable.

A file netui writes is 0600 and a folder it creates is 0700 (contacts are private). A file is
written next to its final name, flushed to disk, then renamed over it, so a reader (vdirsyncer, a
crash, a full disk) sees the old bytes or the new ones, never half of them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file is 0600, also when it replaces a wider one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)  # a leftover temporary file of another mode, reused
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file (UTF-8, newlines as written) that replaces ``path`` when the block ends, 0600.

    For writers that stream (an export of every contact): if the block fails, ``path`` is left as it was.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def private_folder(folder: Path) -> None:
    """Create ``folder``, and every missing folder above it, 0700; an existing one is left as it is
    (a folder the user made, say a shared ``~/contacts``, is theirs; what netui writes in it is 0600)."""
    missing: list[Path] = []
    here = Path(folder)
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs
        os.chmod(path, 0o700)  # mkdir's mode is cut by the umask


def make_private(path: Path) -> None:
    """Make a file netui wrote before (and leaves as it is) 0600 again, if someone widened it."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def fsync_folder(folder: Path) -> None:
    """Make the renames and deletions in ``folder`` durable (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass
