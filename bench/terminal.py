"""A program in a pseudo-terminal, driven like a person at a keyboard and timed from the outside.

The bench starts the real ``netui`` (and a minimal Textual app to compare with) on a pty of a fixed
size, reads everything it draws on a thread, and can wait until some text appears (the first frame
with contact names), send keys, wait until the screen stops changing, and collect the peak memory
of the process when it ends (``wait4``'s resource usage).
"""

from __future__ import annotations

import atexit
import fcntl
import os
import signal
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

KEYS = {
    "escape": "\x1b", "enter": "\r", "backspace": "\x7f", "down": "\x1b[B", "up": "\x1b[A",
    "pagedown": "\x1b[6~", "pageup": "\x1b[5~", "ctrl+q": "\x11", "slash": "/",
}


class Timeout(RuntimeError):
    """The program did not draw what was expected in time."""


class Terminal:
    """One run of ``argv`` on a ``columns`` x ``rows`` pseudo-terminal."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30), cwd=None) -> None:
        columns, rows = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**env, "TERM": "xterm-256color", "COLORTERM": "truecolor", "COLUMNS": str(columns), "LINES": str(rows)}
        self._master = master
        self._out = bytearray()
        self._chunks: list[tuple[float, int]] = []  # (time read, length of the output after it)
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True, close_fds=True
        )
        os.close(slave)
        _LIVE.add(self.proc.pid)
        self.rusage = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: the program closed the terminal
                return
            if not data:
                return
            now = time.monotonic()
            with self._lock:
                self._out += data
                self._chunks.append((now, len(self._out)))

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._out)

    def wait_for(self, text: str, timeout: float = 60.0, start: int = 0) -> float:
        """Seconds from the start of the program until ``text`` was first read (searching from byte ``start``)."""
        needle = text.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                at = self._out.find(needle, start)
                if at >= 0:
                    end = at + len(needle)
                    return next(t for t, length in self._chunks if length >= end) - self.started
            if self.proc.poll() is not None:
                break
            time.sleep(0.002)
        raise Timeout(f"{text!r} did not appear within {timeout:.0f} s; the program drew: {self.output[-400:]!r}")

    def press(self, *keys: str, settle: float = 0.05, timeout: float = 3.0) -> None:
        """Send each key, then wait until the screen has been still for ``settle`` seconds."""
        for key in keys:
            with self._lock:
                seen = len(self._out)
            os.write(self._master, KEYS.get(key, key).encode())
            self.settle(settle, timeout, after=seen)

    def settle(self, quiet: float = 0.05, timeout: float = 3.0, after: int | None = None) -> None:
        """Wait until something was drawn after byte ``after`` (if given) and then nothing for ``quiet`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                last = self._chunks[-1][0] if self._chunks else self.started
                grown = after is None or len(self._out) > after
            if grown and time.monotonic() - last >= quiet:
                return
            time.sleep(0.005)

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far, all its threads."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, window: float = 0.5, busy: float = 0.05, timeout: float = 120.0) -> float:
        """Wait until the program used under ``busy`` of a core for ``window`` seconds (its start-up tick,
        integrity check and daily backup are done); returns the seconds waited."""
        start = time.monotonic()
        used = self.cpu_seconds()
        while time.monotonic() - start < timeout:
            time.sleep(window)
            now = self.cpu_seconds()
            if now - used < busy * window:
                break
            used = now
        return time.monotonic() - start

    def finish(self, keys: tuple[str, ...] = ("ctrl+q",), timeout: float = 30.0) -> int:
        """Quit with ``keys``; kill after ``timeout``. Returns the exit status; ``rusage`` is then set."""
        for key in keys:
            try:
                os.write(self._master, KEYS.get(key, key).encode())
            except OSError:
                break
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if pid:
                self.rusage = usage
                _LIVE.discard(self.proc.pid)
                break
            time.sleep(0.01)
        else:
            os.killpg(self.proc.pid, signal.SIGKILL)
            _, status, self.rusage = os.wait4(self.proc.pid, 0)
            _LIVE.discard(self.proc.pid)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._reader.join(timeout=2)
        os.close(self._master)
        return self.proc.returncode

    @property
    def peak_rss_mb(self) -> float:
        """Peak resident memory of the program (Linux reports ``ru_maxrss`` in KiB)."""
        return self.rusage.ru_maxrss / 1024


# Programs started in their own session outlive the bench if it stops early (an error, ^C, a timeout
# around it): every one still running when the bench's interpreter ends is killed with its group.
_LIVE: set[int] = set()


@atexit.register
def _kill_leftovers() -> None:
    for pid in list(_LIVE):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
