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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file is 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
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
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
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
    """Create ``folder`` (and its parents) 0700 when it does not exist; an existing one is left as it is."""
    if folder.exists():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        return  # made meanwhile by someone else: theirs
    os.chmod(folder, 0o700)


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
