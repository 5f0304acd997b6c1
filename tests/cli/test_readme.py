"""The README's command-line examples run as written (a new user copies them)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _block_after(heading: str) -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    block = block.replace("\\\n", " ")
    commands = []
    for raw in block.splitlines():
        raw = raw.split("  #", 1)[0].strip()
        if raw.startswith("netui "):
            commands.append(shlex.split(raw))
    return commands


@pytest.mark.slow  # one of the longest runs of the suite: a dozen netui processes
@pytest.mark.process  # what a new user types into a shell, as a shell runs it
def test_command_line_examples_run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "readme.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    commands = _block_after("## Command line")
    assert len(commands) >= 8
    for argv in commands:
        result = subprocess.run([sys.executable, "-m", *argv], capture_output=True, text=True, env=env, cwd=tmp_path)
        assert result.returncode == 0, f"{' '.join(argv)}: {result.stderr}"
    assert (tmp_path / "backup.json").exists()
