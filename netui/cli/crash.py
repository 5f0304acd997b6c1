"""What an unexpected error leaves behind: one short line for the user, the details in a private log.

The traceback is written without local variables (they hold names, notes, whole contacts) to
``crash.log`` in netui's data folder, created 0700, the file 0600. The log keeps the newest reports
only, so it never grows without bound.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from netui import __version__
from netui.core.text import sanitize
from netui.locations import data_dir, ensure_private_dir

KEEP_BYTES = 256 * 1024  # the log's newest part kept when it grows past this


def log_path() -> Path:
    return data_dir() / "crash.log"


def write(exc: BaseException) -> Path | None:
    """Append ``exc``'s traceback (no locals) to the log; its path, or None if it cannot be written."""
    path = log_path()
    report = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    entry = f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} netui {__version__}\n{report}\n"
    try:
        ensure_private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(entry)
        if path.stat().st_size > KEEP_BYTES:
            _trim(path)
    except OSError:
        return None
    return path


def _trim(path: Path) -> None:
    data = path.read_bytes()[-KEEP_BYTES // 2:]
    start = data.find(b"\n--- ")
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data[start + 1:] if start >= 0 else data)
    os.replace(tmp, path)


def message(exc: BaseException, logged: Path | None) -> str:
    """The short line the user sees."""
    what = sanitize(str(exc), limit=200)
    line = f"netui stopped on an unexpected error ({type(exc).__name__}{': ' + what if what else ''})."
    if logged is None:
        return line + " The details could not be written to a log."
    return line + f" The details are in {logged}"
