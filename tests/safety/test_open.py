"""Opening the file: read-only when it must be (really read-only, even as root), migrations all or nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from netui.core import contacts, search
from netui.core.contacts import ContactInput
from netui.db import close_database, database, migrations, open_database
from netui.db.database import ReadOnly, state
from netui.locations import NotNetuiDatabase

from .conftest import ROOT, netui_env, run_netui, sha256


def names() -> list[str]:
    return [r.name for r in search.page(search.Query(""), "name", 0, 100)]


def test_read_only_on_request_browses_and_refuses_writes_with_the_reason(db_path, now):
    contacts.create(ContactInput(name="Ada"), now)
    close_database()
    before = sha256(db_path)
    open_database(db_path, read_only=True)
    assert state.read_only and state.reason == "it was opened read-only on purpose"
    assert names() == ["Ada"]
    with pytest.raises(ReadOnly, match=r"not saved: .*netui.db is open read-only \(it was opened read-only on purpose\)"):
        contacts.create(ContactInput(name="Babbage"), now)
    with pytest.raises(ReadOnly):
        contacts.set_archived(1, True, now)
    assert names() == ["Ada"]
    close_database()
    assert sha256(db_path) == before


def test_a_newer_schema_opens_read_only_for_the_app_and_is_refused_by_the_cli(db_path, tmp_path, now):
    contacts.create(ContactInput(name="Ada"), now)
    close_database()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    with pytest.raises(migrations.SchemaTooNew):
        open_database(db_path)
    open_database(db_path, allow_read_only=True)
    assert state.read_only
    assert f"written by a newer netui (schema {migrations.LATEST + 1}, this one knows {migrations.LATEST})" in state.reason
    assert names() == ["Ada"]
    with pytest.raises(ReadOnly, match="newer netui"):
        contacts.create(ContactInput(name="Babbage"), now)
    close_database()
    result = run_netui(db_path, tmp_path, "add", "Babbage")
    assert result.returncode == 1 and "newer netui" in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_read_only_file_system(small_disk, tmp_path, now, monkeypatch):
    disk = small_disk(1024)
    path = disk.path / "netui.db"
    monkeypatch.setenv("NETUI_NOW", "2026-11-21T10:00")
    open_database(path)
    contacts.create(ContactInput(name="Ada"), now)
    close_database()
    disk.remount_read_only()
    open_database(path)  # as root: only a read-only mount makes the file truly unwritable
    assert state.read_only and state.reason == "the file is not writable"
    assert names() == ["Ada"]
    with pytest.raises(ReadOnly, match="the file is not writable"):
        contacts.create(ContactInput(name="Babbage"), now)
    close_database()
    listing = run_netui(path, tmp_path, "list")
    assert listing.returncode == 0 and "Ada" in listing.stdout
    added = run_netui(path, tmp_path, "add", "Babbage")
    assert added.returncode == 1
    assert added.stderr.strip() == f"netui: not saved: {path} is open read-only (the file is not writable)"


def _nobody() -> int | None:
    try:
        import pwd

        return pwd.getpwnam("nobody").pw_uid
    except (ImportError, KeyError):
        return None


@pytest.mark.skipif(os.geteuid() != 0 or _nobody() is None, reason="dropping privileges needs root and a 'nobody' user")
def test_a_file_another_user_cannot_write(tmp_path):
    """As 'nobody', a root-owned 0644 file in a 0755 folder: the real read-only case on a desktop."""
    folder = Path(tempfile.mkdtemp(prefix="netui-ro-"))
    try:
        os.chmod(folder, 0o755)
        path = folder / "netui.db"
        assert run_netui(path, tmp_path, "add", "Ada Lovelace").returncode == 0
        os.chmod(path, 0o644)
        uid = _nobody()
        env = {**netui_env(path, tmp_path), "HOME": str(folder)}

        def as_nobody(*args):
            # The interpreter lives under /root (0700): start as root, load netui, then drop privileges.
            code = (
                "import os, sys; import netui.cli as cli; cli.build_parser(); import netui.cli.safety, netui.core.strength; "
                f"os.setgroups([]); os.setgid({uid}); os.setuid({uid}); sys.exit(cli.main(sys.argv[1:]))"
            )
            return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                                  cwd=ROOT, timeout=60)

        before = sha256(path)
        listing = as_nobody("list")
        assert listing.returncode == 0, listing.stderr
        assert "Ada Lovelace" in listing.stdout
        added = as_nobody("add", "Babbage")
        assert added.returncode == 1 and "Traceback" not in added.stderr
        assert added.stderr.strip() == f"netui: not saved: {path} is open read-only (the file is not writable)"
        # a healthy file in a folder this user cannot write is healthy (SQLite says READONLY_DIRECTORY)
        checked = as_nobody("check")
        assert checked.returncode == 0, checked.stdout
        assert checked.stdout.startswith("netui.db is healthy: 1 contact")
        assert sha256(path) == before
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _extra_step(step):
    steps = migrations.MIGRATIONS + [(migrations.LATEST + 1, "test step", step)]
    return steps, migrations.LATEST + 1


def _schema(path: Path) -> tuple[int, set[str]]:
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return version, tables
    finally:
        conn.close()


def test_a_migration_that_fails_its_check_changes_nothing(db_path, now, monkeypatch):
    contacts.create(ContactInput(name="Ada"), now)
    close_database()
    old = migrations.LATEST

    def step(database):
        database.execute_sql("CREATE TABLE extra (x)")
        database.execute_sql("PRAGMA defer_foreign_keys = ON")  # the dangling row gets past the insert...
        database.execute_sql("INSERT INTO interaction (contact_id, occurred_at, kind, summary, note, created_at) "
                             "VALUES (999, '2026-01-01', 'call', '', '', '2026-01-01')")

    steps, latest = _extra_step(step)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "LATEST", latest)
    with pytest.raises(migrations.MigrationFailed, match="failed its check .*interaction row 1 points to a missing contact.*nothing was changed"):
        open_database(db_path)  # ...but not past the check that runs before the version is set
    close_database()
    version, tables = _schema(db_path)
    assert version == old and "extra" not in tables
    assert list((db_path.parent / "backups").glob(f"*pre-migration-v{old}.db"))


def test_a_migration_that_raises_changes_nothing(db_path, now, monkeypatch):
    contacts.create(ContactInput(name="Ada"), now)
    close_database()

    def step(database):
        database.execute_sql("CREATE TABLE extra (x)")
        database.execute_sql("UPDATE contact SET name = 'changed'")
        raise RuntimeError("boom")

    steps, latest = _extra_step(step)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "LATEST", latest)
    with pytest.raises(RuntimeError):
        open_database(db_path)
    close_database()
    monkeypatch.undo()
    open_database(db_path)
    assert names() == ["Ada"]
    assert "extra" not in database.db.get_tables()


# --- the app itself, as a user starts it (in a pseudo-terminal) ---------------------------------------


def _app_env(path: Path, tmp_path: Path) -> dict[str, str]:
    return {**netui_env(path, tmp_path), "TERM": "xterm-256color"}


@pytest.mark.slow  # the app in a real terminal
def test_the_app_on_a_read_only_file_system_browses_and_says_why(small_disk, tmp_path):
    from .test_hostile_pty import plain, run_in_pty

    disk = small_disk(2048)
    path = disk.path / "netui.db"
    assert run_netui(path, tmp_path, "add", "Ada Lovelace").returncode == 0
    disk.remount_read_only()
    before = sha256(path)
    out, code = run_in_pty(_app_env(path, tmp_path), [b"x"], drawn=b"Ada Lovelace")  # x: archive, a write
    assert code == 0, out[-1500:]
    text = plain(out)
    assert "Read-only: the file is not writable." in text
    assert "Not saved: " in text and "read-only" in text and "is not writable)" in text  # the refused archive (the toast wraps it)
    assert sha256(path) == before


@pytest.mark.slow  # the app in a real terminal
def test_the_app_on_a_database_from_a_newer_netui_opens_read_only(db_path, tmp_path, now):
    from .test_hostile_pty import plain, run_in_pty

    contacts.create(ContactInput(name="Ada Lovelace"), now)
    close_database()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    # The notice names the file and wraps: a path of the same length in every run (pytest-xdist's are
    # longer) keeps "newer netui" on one line.
    short = Path(tempfile.mkdtemp(prefix="netui-newer-"))
    try:
        path = short / "netui.db"
        shutil.move(db_path, path)
        out, code = run_in_pty(_app_env(path, tmp_path), [], drawn=b"newer")  # waits for the notice
    finally:
        shutil.rmtree(short)
    assert code == 0, out[-1500:]
    text = plain(out)  # the notice wraps in its toast: its words, not its line breaks
    assert "written by a newer" in text and "this one knows" in text and "only reads it" in text
    assert "Ada Lovelace" in out.decode("utf-8", "replace")


# --- only netui's own files are touched ---------------------------------------------------------------


def _state_of(path: Path) -> tuple:
    info = os.stat(path)
    content = sha256(path) if stat.S_ISREG(info.st_mode) else sorted(os.listdir(path)) if stat.S_ISDIR(info.st_mode) else None
    return info.st_mode, info.st_ino, info.st_size, content


def _foreign_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n")
    os.chmod(text, 0o644)
    folder = tmp_path / "folder"
    folder.mkdir(mode=0o755)
    (folder / "inside").write_text("x")
    os.chmod(folder, 0o755)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    conn.commit()
    conn.close()
    os.chmod(other, 0o644)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo, 0o644)
    return {
        "text": (text, f"netui: {text} is not a netui database (not even a SQLite file); nothing was changed"),
        "folder": (folder, f"netui: {folder} is a directory, not a netui database; nothing was changed"),
        "other": (other, f"netui: {other} is another program's SQLite database (tables: photos), not a netui database; "
                         "nothing was changed"),
        "fifo": (fifo, f"netui: {fifo} is a named pipe, not a netui database; nothing was changed"),
        "device": (Path("/dev/null"), "netui: /dev/null is a character device, not a netui database; nothing was changed"),
    }


@pytest.mark.parametrize("kind", ["text", "folder", "other", "fifo", "device"])
@pytest.mark.parametrize("command", [("list",), ("add", "Ada"), ()])
def test_db_on_something_that_is_not_netuis_is_refused_before_any_change(tmp_path, kind, command):
    path, message = _foreign_files(tmp_path)[kind]
    before = _state_of(path)
    result = run_netui(path, tmp_path, "--db", str(path), *command, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [message]
    assert _state_of(path) == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}.lock").exists()


def test_an_empty_or_missing_file_becomes_a_new_database(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for path in (empty, tmp_path / "missing.db"):
        result = run_netui(path, tmp_path, "--db", str(path), "add", "Ada")
        assert result.returncode == 0, result.stderr
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert run_netui(path, tmp_path, "--db", str(path), "list").stdout.count("Ada") == 1


def test_opening_a_foreign_file_in_process_raises_before_touching_it(tmp_path):
    other = _foreign_files(tmp_path)["other"][0]
    before = _state_of(other)
    with pytest.raises(NotNetuiDatabase, match="another program's SQLite database"):
        open_database(other)
    assert _state_of(other) == before


def test_a_healthy_database_in_a_read_only_folder_with_writes_in_its_wal(small_disk, tmp_path, now, monkeypatch):
    """The WAL holds the latest writes and no WAL index can be made beside it: read a private copy,
    never the bare file (which lacks the tables or looks damaged)."""
    disk = small_disk(8192)
    path = disk.path / "netui.db"
    open_database(path)
    database.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
    for i in range(40):
        contacts.create(ContactInput(name=f"Person {i:02d}", note="n" * 2000), now)
    copy = disk.path / "copy.db"  # the state a crash leaves: the file and its WAL, no WAL index
    shutil.copyfile(path, copy)
    shutil.copyfile(f"{path}-wal", f"{copy}-wal")
    close_database()
    disk.remount_read_only()
    result = run_netui(copy, tmp_path, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("copy.db is healthy: 40 contacts")
    listing = run_netui(copy, tmp_path, "list")
    assert listing.returncode == 0 and "Person 39" in listing.stdout
    added = run_netui(copy, tmp_path, "add", "Babbage")
    assert added.returncode == 1 and "open read-only" in added.stderr
    assert not list(Path(tempfile.gettempdir()).glob("netui-read-*"))  # the private copies are gone
