"""The app as a person meets it: started on a pseudo-terminal, typed at, paged through, quit.

Start-up is timed from outside (exec to the first frame that shows a contact's name). Everything
else is timed inside by the probe (``netui.tui.probe``): the bench sends a key, waits for the probe's
line saying that key's frame is out and for the screen to settle, then sends the next one, so each
latency is that of one key on an idle app, not of a queue of keys.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bench import key_app
from bench.data import BIN
from bench.minimal_app import READY
from bench.terminal import Terminal, Timeout

SIZE = (100, 30)

# A typing session: short prefixes, names, organisations and tags, each typed letter by letter and
# erased the same way; then escape (back to every row), paging, and opening people in each pane.
WORDS = ["a", "ma", "chen", "nakamura", "helix", "vertex ai", "tag:chess"]
PAGES = 30
OPENS = 10


def session_keys() -> list[tuple[str, bool]]:
    """(key, measured) in order; a measured key is one whose frame the probe reports."""
    keys: list[tuple[str, bool]] = [("slash", False)]
    for word in WORDS:
        keys += [(ch, True) for ch in word] + [("backspace", True)] * len(word)
    keys.append(("escape", True))
    keys += [("pagedown", True)] * PAGES
    for pane in ("1", "2", "3"):
        keys.append((pane, pane != "1"))  # 1 is already showing: nothing to draw
        keys += [("down", True)] * OPENS
    return keys


def netui_argv(db: Path) -> list[str]:
    return [str(BIN / "netui"), "--db", str(db)]


def minimal_argv() -> list[str]:
    return [str(BIN / "python"), "-m", "bench.minimal_app"]


def key_app_argv() -> list[str]:
    return [str(BIN / "python"), "-m", "bench.key_app"]


def key_app_keys() -> list[tuple[str, bool]]:
    """The typing session's keys that the bare app answers the same way: filtering, paging, cursor down."""
    keys = [(key, measured) for key, measured in session_keys() if key not in ("1", "2", "3")]
    return keys


# netui's way out from what its first frame shows: Today's q goes back to the list, the list's q quits
# (on an empty database the first q quits). One q alone left netui on its list until the bench killed it
# after finish's timeout: half a minute per start at 100,000 contacts, two minutes per warm-up.
NETUI_QUIT = ("q", "q")


def start_time(argv: list[str], marker: str, env: dict, cwd: Path, quit_keys: tuple[str, ...]) -> float:
    """Seconds from exec until ``marker`` is on the screen."""
    term = Terminal(argv, env, SIZE, cwd=cwd)
    try:
        return term.wait_for(marker)
    finally:
        term.finish(quit_keys)


def warm_up(db: Path, marker: str, env: dict, cwd: Path) -> None:
    """One unmeasured run that leaves the copy as on any later start of the day: reminders announced,
    integrity checked, the daily backup taken (and byte code cached, the disk cache warm)."""
    term = Terminal(netui_argv(db), env, SIZE, cwd=cwd)
    try:
        term.wait_for(marker, timeout=120)
        term.wait_idle()
    finally:
        term.finish(NETUI_QUIT, timeout=120)


def session(db: Path | None, marker: str, env: dict, cwd: Path, probe: Path, measured: bool = True,
            keys: list[tuple[str, bool]] | None = None, argv: list[str] | None = None) -> tuple[list[dict], float]:
    """Run the typing session (or ``keys``) in netui on ``db`` (or the program ``argv``); returns the
    probe's records and the peak resident memory (MB)."""
    probe.unlink(missing_ok=True)
    term = Terminal(argv or netui_argv(db), {**env, "NETUI_PROBE": str(probe)}, SIZE, cwd=cwd)
    try:
        term.wait_for(marker, timeout=120)
        term.wait_idle()
        if argv is None:  # netui opens on Today when someone is due: the session is on the list
            to_list(term)
        for key, wanted, *until in keys or session_keys():
            seen = _lines(probe)  # a pane's frame may have come after the previous key's first one
            before = len(term.output)
            term.press(key, settle=0.0, timeout=0.0)
            if wanted and measured:
                seen = _wait_line(probe, seen, timeout=15.0)
            if until:  # what the key set off on a worker is drawn (Today's cards: "ready:today")
                _wait_text(probe, until[0], timeout=60.0)
            term.settle(0.03, timeout=3.0 if measured else 0.15, after=before)
    finally:  # the bare app's filter box keeps a "q": it quits on Textual's own ctrl+q
        term.finish(("q",) if argv is None else ("ctrl+q",), timeout=120)
    records = [json.loads(line) for line in probe.read_text().splitlines()] if probe.exists() else []
    return records, term.peak_rss_mb


def to_list(term: Terminal) -> None:
    """Escape to the list (netui opens on Today when someone is due), and wait until it is drawn: a
    key sent before would follow the escape in one read, and the two would be one alt+key."""
    seen = len(term.output)
    term.press("escape", settle=0.0, timeout=0.0)
    try:
        term.wait_for("sort", timeout=10.0, start=seen)  # the list's top bar ("· sort name")
    except Timeout:
        pass  # it was on the list already: escape drew nothing
    term.settle(0.2, timeout=5.0)


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _wait_text(path: Path, text: str, timeout: float) -> None:
    """Wait until a line of the probe file holds ``text``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text():
            return
        time.sleep(0.005)


def _wait_line(path: Path, seen: int, timeout: float) -> int:
    """Wait until the probe file has more lines than ``seen`` (the key's frame is out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = _lines(path)
        if count > seen:
            return count
        time.sleep(0.002)
    return seen  # a key that showed nothing new: no record, the session goes on


def minimal_marker() -> str:
    return READY


def key_app_marker() -> str:
    return key_app.READY
