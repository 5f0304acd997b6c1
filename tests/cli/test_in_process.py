"""The in-process runner (tests/helpers/cli.py) gives each command what a fresh process would have, and
gives the test back what it had open."""

from __future__ import annotations

import os

from netui.core import contacts, settings
from netui.core.contacts import ContactInput
from netui.db import db
from netui.db.database import state
from tests.helpers.cli import invoke


def test_a_command_reads_its_own_config_and_the_test_keeps_its_database_and_settings(db_path, now, tmp_path):
    contacts.create(ContactInput(name="Ada Lovelace"), now)
    mine = settings.current()
    config = tmp_path / "other-config"
    (config / "netui").mkdir(parents=True)
    (config / "netui" / "config.toml").write_text("[today]\nlimit = 0\n")
    env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
    refused = invoke(["list"], env)
    assert refused.returncode == 2 and "today.limit" in refused.stderr and refused.stdout == ""
    listed = invoke(["list"])  # the test's environment: its database, no config file
    assert listed.returncode == 0 and "Ada Lovelace" in listed.stdout
    assert settings.current() is mine and os.environ.get("COLUMNS") is None
    assert state.path == db_path and not db.is_closed() and contacts.count() == 1


def test_standard_input_is_not_a_terminal_and_the_exit_status_is_the_process_one(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00"}
    assert invoke(["tui"], env).returncode == 2  # the app refuses without a terminal, as in a pipe
    assert invoke(["--version"], env).returncode == 0
    assert invoke(["nosuch"], env).returncode == 2
