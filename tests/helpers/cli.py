"""``netui`` run inside the test process: ``main(argv)`` with its own environment, standard streams and
settings, and the exit code a real process would end with; about a hundred times cheaper than a process.

What a command sees is what a fresh process would: exactly the environment given (NETUI_DB, NETUI_NOW,
XDG_*), a config file read anew, no terminal on stdin or stdout, an 80-column fallback size. What the
test had open (its database, its settings) is put back afterwards, so a test may write rows in process
and check what a command did with them.

A real process is still the subject of the tests marked ``process`` (start-up, the entry point's exit
code, tracebacks and signals, the README's commands): those call ``subprocess`` themselves.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

import pytest

from netui import cli
from netui.core import settings
from netui.db import close_database, db, open_database
from netui.db.database import state


def _text(stream: io.TextIOWrapper) -> str:
    """What a ``subprocess.run(..., text=True)`` reader gets: UTF-8, universal newlines."""
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict", write_through=True)


def invoke(
    args: Sequence[str],
    env: Mapping[str, str] | None = None,
    *,
    stdin: str = "",
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``netui ARGS`` in this process, as ``subprocess.run([... "-m", "netui", *args], env=env,
    capture_output=True, text=True)`` would: the returned object has ``returncode``, ``stdout`` and
    ``stderr``. ``env`` is the whole environment (default: this process's); ``stdin`` is what
    standard input holds (never a terminal)."""
    argv = [str(arg) for arg in args]
    wanted = dict(os.environ if env is None else env)
    wanted.setdefault("COLUMNS", "80")  # a pipe has no size: a process falls back to 80x24
    wanted.setdefault("LINES", "24")
    was_open = None if db.is_closed() else (state.path, state.read_only, state.reason)
    with pytest.MonkeyPatch.context() as mp:
        for key in set(os.environ) - set(wanted):
            mp.delenv(key)
        for key, value in wanted.items():
            mp.setenv(key, str(value))
        if cwd is not None:
            mp.chdir(cwd)
        out, err = _stream(), _stream()
        mp.setattr(sys, "stdin", _stream(stdin.encode("utf-8")))
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        # A process reads its config file once, at its start; the test's own settings come back after.
        mp.setattr(settings, "_current", None)
        mp.setattr(settings, "_problem", None)
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # as the interpreter turns it into an exit status
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            close_database()
        stdout, stderr = _text(out), _text(err)
    if was_open is not None:
        path, read_only, reason = was_open
        open_database(path, read_only=read_only)
        state.reason = reason
    return subprocess.CompletedProcess(["netui", *argv], code or 0, stdout, stderr)
