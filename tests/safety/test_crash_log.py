"""An unexpected error: one short line on the terminal, the traceback (without local variables) in a
private log in netui's data folder; and the full-screen app refuses to run without a terminal."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from netui import cli
from netui.cli import crash
from netui.db import close_database

from .conftest import ROOT, netui_env, run_netui

SECRET = "Ada's secret note 5551234"


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("NETUI_DB", str(tmp_path / "data" / "netui.db"))
    monkeypatch.setenv("NETUI_NOW", "2026-11-21T10:00")
    from netui.core import settings

    settings.use(None)
    yield tmp_path / "xdg" / "netui"
    close_database()
    settings.use(None)


def assert_private_log(folder) -> str:
    log = folder / "crash.log"
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    return log.read_text()


def test_an_unexpected_error_in_a_command_is_one_line_and_a_private_log(data_home, capsys, monkeypatch):
    from netui.cli import contacts as contacts_cli

    def broken(args):
        person = {"name": "Ada", "note": SECRET}  # a local variable full of personal data
        raise KeyError(f"missing for #{len(person)}")

    monkeypatch.setattr(contacts_cli, "cmd_list", broken)
    assert cli.main(["list"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and SECRET not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "unexpected error (KeyError" in lines[0] and str(data_home / "crash.log") in lines[0]
    log = assert_private_log(data_home)
    assert "Traceback (most recent call last)" in log and "KeyError" in log and "in broken" in log
    assert SECRET not in log  # no locals


def test_the_log_keeps_only_its_newest_part(data_home):
    data_home.mkdir(parents=True)
    (data_home / "crash.log").write_text("--- old\n" + "x" * (crash.KEEP_BYTES + 10) + "\n")
    try:
        raise RuntimeError("new one")
    except RuntimeError as exc:
        crash.write(exc)
    text = (data_home / "crash.log").read_text()
    assert len(text) <= crash.KEEP_BYTES and "new one" in text


def test_an_app_crash_is_one_line_and_a_private_log(data_home, db_path, capfd):
    """The app as ``netui`` runs it (headless here): an error in a key's action ends it quietly."""
    from netui.cli.app import guarded
    from netui.tui.app import NetuiApp

    def boom(self):
        person = {"note": SECRET}
        raise ZeroDivisionError(len(person) / 0)

    app = guarded(NetuiApp)(db_path=db_path)

    async def press(pilot):
        await pilot.pause()
        pilot.app.call_later(boom, None)

    app.run(headless=True, auto_pilot=press)
    assert app.return_code == 1
    assert "unexpected error (ZeroDivisionError" in app.crash_line and "crash.log" in app.crash_line
    out, err = capfd.readouterr()
    assert SECRET not in out + err and "Traceback" not in err
    log = assert_private_log(data_home)
    assert "ZeroDivisionError" in log and SECRET not in log


@pytest.mark.process
def test_the_app_refuses_a_pipe(tmp_path):
    """stdout is a pipe: one line, exit 2, and no escape codes written into it."""
    result = run_netui(tmp_path / "data" / "netui.db", tmp_path, process=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "needs a terminal, and standard output is not one" in result.stderr
    result = run_netui(tmp_path / "data" / "netui.db", tmp_path, "triage", process=True)
    assert result.returncode == 2 and "needs a terminal" in result.stderr


@pytest.mark.process
@pytest.mark.slow  # a real terminal
def test_the_app_refuses_when_stdin_is_not_a_terminal(tmp_path):
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # stdout is the terminal; stdin is /dev/null
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "netui"], netui_env(tmp_path / "data" / "netui.db", tmp_path))
    from .test_json_backup import read_until

    out = read_until(fd, None)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2, out
    assert b"standard input is not one" in out and b"\x1b[" not in out


@pytest.mark.process
def test_a_real_crash_in_a_process_prints_no_locals(tmp_path):
    """A second process: an error netui does not expect still ends in one line, the details in the log."""
    env = netui_env(tmp_path / "data" / "netui.db", tmp_path)
    code = ("import sys; from netui import cli; from netui.cli import contacts as c\n"
            f"def broken(args):\n    secret = {SECRET!r}\n    raise RuntimeError('boom')\n"
            "c.cmd_list = broken\nsys.exit(cli.main(['list']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    log = (tmp_path / "xdg" / "netui" / "crash.log").read_text()
    assert "RuntimeError: boom" in log and SECRET not in log
