"""Helpers for the fault tests: run netui as a user would, damage a file, mount a small disk."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from textual.notifications import Notify

from tests.helpers.cli import invoke

ROOT = Path(__file__).resolve().parents[2]
NOW_TEXT = "2026-11-21T10:00"


def netui_env(db_path: Path, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "NETUI_DB": str(db_path), "NETUI_NOW": NOW_TEXT,
            "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "xdg")}


def run_netui(db_path: Path, tmp_path: Path, *args: str, process: bool = False, timeout: float = 60,
              stdin=None) -> subprocess.CompletedProcess:
    """``netui ARGS`` as a user runs it; never a traceback, whatever the exit status. In this process
    (tests/helpers/cli.py) unless ``process``: a test whose subject is the real process (its entry
    point, a lock held by another process, a terminal) asks for one and is marked ``process``."""
    if process:
        result = subprocess.run([sys.executable, "-m", "netui", *args], capture_output=True, text=True,
                                env=netui_env(db_path, tmp_path), cwd=ROOT, timeout=timeout, stdin=stdin)
    else:
        assert stdin in (None, subprocess.DEVNULL), "in process, standard input is empty (never a terminal)"
        result = invoke(args, netui_env(db_path, tmp_path), cwd=ROOT)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def table_pages(path: Path, table: str) -> list[int]:
    """The page numbers holding ``table``'s rows (leaf pages of its b-tree), from SQLite's dbstat."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                            (table,)).fetchall()
        return [r[0] for r in rows]
    finally:
        conn.close()


def overwrite_pages(path: Path, pages: list[int], byte: int = 0x5A) -> None:
    """Scribble over whole pages of a closed, checkpointed database file (1-based page numbers)."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(bytes([byte]) * page_size)


def can_mount() -> str:
    """Why a small file system cannot be mounted here ("" when it can)."""
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    if shutil.which("mount") is None:
        return "no mount command"
    return ""


class SmallDisk:
    """A tmpfs of a few hundred KB, mounted for one test: a disk that really fills up."""

    def __init__(self, size_kb: int):
        self.path = Path(tempfile.mkdtemp(prefix="netui-disk-"))
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(self.path)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            self.path.rmdir()
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
        self.filler = self.path / "filler"

    def fill(self, leave: int = 0) -> None:
        """Fill the disk, then free ``leave`` bytes of it again."""
        with open(self.filler, "ab", buffering=0) as handle:
            chunk = b"\0" * 4096
            try:
                while True:
                    handle.write(chunk)
            except OSError:
                pass
            if leave:
                size = handle.seek(0, os.SEEK_END)
                handle.truncate(max(0, size - leave))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def remount_read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
        try:
            self.path.rmdir()
        except OSError:
            pass


@pytest.fixture
def small_disk():
    """``small_disk(size_kb)`` mounts a tmpfs (skipped with the reason where that is not possible)."""
    why = can_mount()
    if why:
        pytest.skip(why)
    disks: list[SmallDisk] = []

    def make(size_kb: int = 512) -> SmallDisk:
        disk = SmallDisk(size_kb)
        disks.append(disk)
        return disk

    yield make
    from netui.db import close_database

    close_database()
    for disk in disks:
        disk.unmount()


def unique_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def record_notifications(app) -> list[dict]:
    """Every notification the app raises, kept (toasts expire, and a loaded machine is slow): those of
    ``app.notify`` and the due notices the app posts itself (to withdraw one when the next comes)."""
    seen: list[dict] = []
    original, post = app.notify, app.post_message
    inside = []

    def notify(message, *args, **kwargs):
        seen.append({"message": message, **kwargs})
        inside.append(True)
        try:
            return original(message, *args, **kwargs)
        finally:
            inside.pop()

    def post_message(message) -> bool:
        if isinstance(message, Notify) and not inside:
            n = message.notification
            seen.append({"message": n.message, "title": n.title, "severity": n.severity, "markup": n.markup})
        return post(message)

    app.notify = notify
    app.post_message = post_message
    return seen


@pytest.fixture
def clock(now):
    """A clock the app reads (the same one the TUI tests use)."""
    from tests.tui.conftest import Clock

    return Clock(now)
