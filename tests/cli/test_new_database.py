"""A database that does not exist yet is said once: a mistyped ``--db`` must not quietly start an empty
network. Folders made for it are private (0700), and said even to a script."""

from __future__ import annotations

import argparse
import asyncio
import stat

from netui.cli import app as app_command
from netui.cli import common
from netui.db import close_database


def test_a_db_in_a_folder_that_does_not_exist_is_made_private_and_said_once(run, tmp_path):
    path = tmp_path / "typo" / "sub" / "netui.db"
    first = run("--db", str(path), "list")
    said = f"netui: new database at {path} (in a new private folder, {tmp_path / 'typo'})"
    assert first.stderr.splitlines()[0] == said
    for folder in (tmp_path / "typo", path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "new database" not in run("--db", str(path), "list").stderr  # once


def test_a_new_database_is_said_to_a_person_at_a_terminal(run, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "on_terminal", lambda stream: True)
    path = tmp_path / "netiu.db"
    assert run("add", "Ada", "--db", str(path)).stderr == f"netui: new database at {path}\n"
    assert "new database" not in run("list", "--db", str(path)).stderr


def test_a_script_using_an_existing_folder_is_not_told(run, tmp_path):
    assert "new database" not in run("--db", str(tmp_path / "fresh.db"), "list").stderr  # no terminal here


def test_the_app_says_a_new_database_in_a_notice_and_after_it_closes(tmp_path, monkeypatch):
    notices: list[str] = []

    class Screenless:  # the app as run_app drives it: what it is told to show at its start
        crash_line, return_code = "", 0

        def __init__(self, **kwargs) -> None:
            self.app = self

        def notify(self, message, **kwargs) -> None:
            notices.append(message)

        def run(self, auto_pilot=None) -> None:
            if auto_pilot:
                asyncio.run(auto_pilot(self))

    monkeypatch.setattr(app_command, "_not_a_terminal", lambda: None)
    monkeypatch.setattr(app_command, "guarded", lambda base: Screenless)
    monkeypatch.setattr(app_command, "say", lambda text, err=False: said_after.append(text))
    said_after: list[str] = []
    path = tmp_path / "nowhere" / "netui.db"
    try:
        assert app_command.run_app(argparse.Namespace(db=str(path))) == 0
        said = f"new database at {path} (in a new private folder, {path.parent})"
        assert notices == [f"N{said[1:]}: an empty network to start."]
        assert said_after == [f"netui: {said}"]
        notices.clear()
        assert app_command.run_app(argparse.Namespace(db=str(path))) == 0
        assert notices == [] and len(said_after) == 1  # once
    finally:
        close_database()
