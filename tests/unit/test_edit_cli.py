"""`netui edit` writes only the options given, also when another process changes the contact meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.db import db as database
from tests.unit.test_edit_update import dump

NETUI = Path(sys.executable).with_name("netui")
EMAILS = [Method("email", "ada@example.org", "work", True), Method("email", "ada@home.example", "home")]


def netui(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(NETUI), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Traceback" not in err, out + err
    return out


@pytest.fixture
def ada(db, now) -> int:
    return contacts.create(ContactInput(
        name="Ada Lovelace", organization="Analytical", title="Mathematician", note="likes poetry",
        add_methods=EMAILS + [Method("phone", "+44 7700 900123", "mobile")], add_tags=["math"],
    ), now)


def test_edit_writes_only_the_options_given(db, ada):
    before = dump(db)
    assert "unchanged #1 Ada Lovelace" in finish(netui("edit", "ada"))
    assert "unchanged" in finish(netui("edit", "ada", "--email", "ADA@example.org", "--tag", "Math", "--title",
                                       "Mathematician"))
    assert dump(db) == before  # not even updated_at
    assert "updated" in finish(netui("edit", "ada", "--title", "Countess", "--email", "ada@rs.example"))
    v = contacts.edit_values(ada)
    assert v["title"] == "Countess"
    assert v["emails"] == EMAILS + [Method("email", "ada@rs.example")]  # added; the labels are kept
    assert (v["organization"], v["note"], v["tags"]) == ("Analytical", "likes poetry", ["math"])


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="watches the CLI's open files in /proc")
def test_edit_waits_for_a_concurrent_write_and_keeps_it(db, db_path, ada, now):
    """Another writer holds the database while the CLI starts: the CLI reads the contact only once it
    holds the write lock, so the other writer's note and label survive beside the CLI's changes."""
    with database.atomic():
        contacts.update(ada, ContactInput(note="met at the Royal Society",
                                          emails=[EMAILS[0]._replace(label="office"), EMAILS[1]]), now)
        proc = netui("edit", "ada", "--title", "Countess", "--tag", "chess", "--phone", "+44 20 7946 0000")
        wal = f"{db_path}-wal"
        end = time.monotonic() + 30
        while time.monotonic() < end and proc.poll() is None:  # until the CLI has the database open
            fds = Path(f"/proc/{proc.pid}/fd")
            try:
                if any(os.readlink(fd) == wal for fd in fds.iterdir()):
                    break
            except OSError:
                pass
            time.sleep(0.01)
        assert proc.poll() is None, "the CLI finished while another process held the write lock"
    assert "updated #1 Ada Lovelace" in finish(proc)
    v = contacts.edit_values(ada)
    assert (v["title"], v["note"]) == ("Countess", "met at the Royal Society")
    assert v["emails"] == [EMAILS[0]._replace(label="office"), EMAILS[1]]
    assert [m.value for m in v["phones"]] == ["+44 7700 900123", "+44 20 7946 0000"]
    assert v["tags"] == ["chess", "math"]
