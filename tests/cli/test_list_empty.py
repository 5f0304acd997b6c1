"""`netui list` with nobody to list says so in one line (on stderr: stdout stays what scripts read)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str) -> subprocess.CompletedProcess:
        result = invoke(args, env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
        return result

    return run


def test_an_empty_database_says_how_to_add_or_import(run):
    out = run("list")
    assert out.stdout == ""
    (said,) = out.stderr.splitlines()
    assert said.startswith("no contacts yet:") and "netui add NAME" in said and "netui import FILE" in said
    empty = run("list", "--json")
    assert json.loads(empty.stdout) == [] and empty.stderr == ""  # --json unchanged


def test_a_search_that_finds_nobody_says_so(run):
    run("add", "Ada Lovelace")
    out = run("list", "--search", "zzz")
    assert out.stdout == "" and out.stderr.strip() == 'nobody matches "zzz"'
    assert "Ada Lovelace" in run("list").stdout
    assert run("list", "--archived").stderr.strip() == "nobody is archived"
