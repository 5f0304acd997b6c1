"""The real app in a pseudo-terminal, on a database of hostile contacts: check the bytes it writes.

Widget text can look clean while the driver still writes an escape sequence that came from data; only
the bytes on the terminal tell. The app runs as a user runs it (``python -m netui``), draws the list,
the panes for several people and the notifications for their due follow-ups, then quits on ``q``.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

import pytest

from netui.db import close_database

from . import hostile
from .conftest import ROOT, netui_env

COLS, ROWS = 120, 40


def run_in_pty(env: dict[str, str], keys: list[tuple[float, bytes]], limit: float = 25.0) -> tuple[bytes, int]:
    """Run ``python -m netui``; after it first draws, send each key after its pause; return (output, status)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of a known size, then the app
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "netui"], env)
        finally:
            os._exit(127)
    out = bytearray()
    deadline = time.monotonic() + limit
    pending = list(keys)
    next_at = None
    status = None
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the app exited and closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            if next_at is None and b"Mallory" in out:
                next_at = time.monotonic() + 1.5  # drawn: let the panes and notifications arrive
            if next_at is not None and pending and time.monotonic() >= next_at:
                pause, key = pending.pop(0)
                os.write(fd, key)
                next_at = time.monotonic() + pause
        done, status = os.waitpid(pid, os.WNOHANG)
        while done == 0 and time.monotonic() < deadline + 10:  # the terminal is closed; the process ends
            time.sleep(0.05)
            done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            pytest.fail(f"the app did not quit on q; last output: {bytes(out[-2000:])!r}")
    finally:
        os.close(fd)
    return bytes(out), os.waitstatus_to_exitcode(status)


OSC = re.compile(rb"\x1b\](.*?)(?:\x07|\x1b\\)", re.DOTALL)


def test_no_escape_sequence_from_the_data_reaches_the_terminal(db_path, tmp_path, now):
    hostile.populate(now)
    close_database()
    env = {**netui_env(db_path, tmp_path), "TERM": "xterm-256color", "COLUMNS": str(COLS), "LINES": str(ROWS)}
    env.pop("TEXTUAL", None)
    walk = [(0.4, b"\x1b[B")] * 6 + [(0.4, b"2"), (0.4, b"3"), (0.4, b"1"), (0.4, b"\x1b[B")] * 2
    out, code = run_in_pty(env, walk + [(0.5, b"q")])
    assert code == 0, out[-2000:]
    text = out.decode("utf-8", "replace")
    assert "Mallory" in text and "Trent" in text  # the hostile people were drawn...
    assert "[@click=app.quit]Mallory[/]" in text  # ...their markup as literal text
    # ...and nothing they carried acts on the terminal
    for sequence in (hostile.OSC_TITLE, hostile.CSI_RED, hostile.OSC_CLIPBOARD, hostile.DCS_QUERY, "\x1bP",
                     "\x1b]52", "\x1b]0;"):
        assert sequence.encode() not in out, sequence
    assert b"PWNED\x07" not in out  # (Textual's own OSC 22, the pointer shape, ends in BEL: that one is fine)
    for payload in OSC.findall(out):
        assert b"PWN" not in payload and b"INJ" not in payload, payload
    assert not re.search(r"[\x80-\x9f]", text), "a C1 control reached the terminal"
    assert "\u202e" not in text and "\u2066" not in text
    assert b"\x00" not in out and b"\x08" not in out
    # the CSI that asks the terminal to type its cursor position back is only ever Textual's own, if any
    assert out.count(b"\x1b[6n") == 0
