"""The command line as a user runs it, in process: ``run("add", "Ada")`` is ``netui add Ada`` with its own
database, config folder and the pinned clock (see tests/helpers/cli.py for what stays as in a process).

A test file may still define its own ``run`` fixture (it takes precedence over this one), spawning a
real process or calling ``tests.helpers.cli.invoke``; a test whose subject is the process itself (start-up,
the entry point's exit status, signals) spawns one and is marked ``process``.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.helpers.cli import invoke


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    """The environment of one user: a database, config and data folders of the test's own, the clock pinned."""
    return {
        **os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data"),
    }


@pytest.fixture
def run(cli_env):
    """``run(*args, code=0)``: the command's exit status must be ``code`` and no traceback may reach the user."""

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = invoke(args, cli_env)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    return run
