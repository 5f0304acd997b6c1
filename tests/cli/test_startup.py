"""Start-up of the command line: the parser imports only the module of the command that runs, and
neither `netui --help` nor `netui list` loads Textual (each in a fresh interpreter, read from
``sys.modules``; counted, never timed)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from netui import cli

PROBE = (
    "import json, sys\n"
    "from netui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('netui', 'textual', 'rich'))), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def loaded(*argv: str) -> set[str]:
    """The netui, textual and rich modules a fresh ``netui ARGV`` has imported when it is done."""
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


@pytest.mark.process  # a fresh interpreter: what start-up imports
def test_help_and_list_do_not_import_textual_or_other_commands(tmp_path):
    help_modules = loaded("--help")
    listed = loaded("--db", str(tmp_path / "netui.db"), "list", "--json")
    for modules in (help_modules, listed):
        assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}, modules
        assert not {"netui.cli.gives", "netui.cli.scan", "netui.cli.sync", "netui.cli.app"} & modules
    assert "netui.cli.contacts" in listed
    assert "netui.core.contacts" not in help_modules  # --help reads no domain module at all


def test_the_command_table_says_what_the_modules_register():
    """``COMMANDS`` lists every command in the order and with the help its module gives it, so the lazy
    parser prints the same `netui --help` and each command parses as with every module loaded."""
    full = cli.build_parser()  # every module registered
    assert list(_subparsers(full)) == list(cli.COMMANDS)
    assert cli.build_parser(["--help"]).format_help() == full.format_help()
    for name, parser in _subparsers(full).items():
        lazy = _subparsers(cli.build_parser([name]))[name]
        assert lazy.format_help() == parser.format_help(), name


@pytest.mark.parametrize(("argv", "command"), [
    ([], None), (["--db", "list"], None), (["--db", "x.db", "show", "1"], "show"), (["--db=x.db", "list"], "list"),
    (["--version"], None), (["-h"], None), (["--", "list"], "list"), (["nosuch"], "nosuch"),
])
def test_the_command_is_found_before_parsing(argv, command):
    assert cli.command_of(argv) == command


def test_an_unknown_command_is_refused_as_before(capsys):
    assert cli.main(["--db", "x.db", "nosuch"]) == 2
    assert "invalid choice: 'nosuch'" in capsys.readouterr().err


@pytest.mark.process  # a fresh interpreter: what start-up imports
def test_the_app_imports_only_what_its_first_frame_needs():
    """Opening the app loads the list and the detail pane; what writes, scores or parses typed dates
    (reminders, strength, dateutil's parser) loads on first use, not before the first frame."""
    probe = ("import json, sys\nimport netui.tui.app\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('netui', 'dateutil')))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "netui.tui.screens.main" in modules and "netui.core.views" in modules
    assert not {"netui.core.reminders", "netui.core.strength", "dateutil.parser", "netui.core.today",
                "netui.tui.screens.today", "netui.tui.forms"} & modules, modules
