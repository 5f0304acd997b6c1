"""Fuzzing the command line: every command, with random and targeted arguments, answers with its own words.

The commands are read from ``netui.cli.build_parser()``, so a new one is fuzzed without touching this
file. Each run is ``netui.cli.main(argv)`` in this process (fast), on a small database in a temporary
folder (the working directory too, so a path argument writes nothing elsewhere). Whatever the
arguments, ``main`` returns 0, 1 or 2 and nothing on stderr is a traceback. A few real processes check
what a user sees on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
from contextlib import contextmanager

import pytest

from netui import cli
from netui.core import contacts, gives, interactions, introductions, reminders
from netui.core.contacts import ContactInput, Method
from netui.db import close_database, open_database

from .conftest import run_netui

NOW = dt.datetime(2026, 11, 21, 10, 0)

# Commands that open the full-screen app: here stdout is not a terminal, so they must refuse (exit 2).
APP_COMMANDS = {"tui", "triage"}

IDS = ["1", "#1", "r1", "c1", "0", "-1", "#-1", "99999999999999999999999", "9223372036854775808",
       "9223372036854775807", "c99999999999999999999", "r-5", "1e9", "0x10", " 1 ", "١٢", ""]
DATES = ["9999-12-31", "0001-01-01", "0000-01-01", "in 99999 years", "99999 days ago", "in 100000 weeks",
         "100001 years ago", "Feb 30", "2026-02-30", "99999-01-01", "yesterday", "tomorrow", "in 2 weeks",
         "1900-01-01", "2200-12-31", "1899-12-31T23:59", "2026-11-21T25:00", "--12-10", "now"]
COUNTS = ["0", "-1", "1", "3", "99999999999", "-99999999999999999999", "1.5", "nan", "inf", "", "2"]
TEXTS = ["Ada", "ada", "\x1b]0;PWNED\x07", "\x1b[31mred", "x" * 5000, "", " ", "[b]bold[/b]", "%", "_",
         "\x00nul", "\x9b31m", "\u202eevil", "ada@example.org", "done", "made", "helpful", "every 3 months",
         "FREQ=DAILY;COUNT=0", "FREQ=SECONDLY", "1w", "3d", "0d", "99999999m", "-1w", "asked-a"]
PATHS = ["out.json", "sub/dir/out", "", "-", ".", "missing.json", "nested/x.vcf", "a.ics"]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("netui has no sub-commands")


def _pool(action: argparse.Action) -> list[str]:
    """Values worth trying for one argument, from its name, type and choices."""
    name = (action.dest or "").lower()
    values = list(action.choices) if action.choices else []
    if action.type is int or name in ("id", "lead", "limit", "within", "contacts", "interactions", "seed", "cadence"):
        values += IDS + COUNTS
    if any(w in name for w in ("on", "until", "birthday", "met")):
        values += DATES
    if any(w in name for w in ("path", "output", "backup", "merge", "contacts", "reminders")) and action.type is not int:
        values += PATHS
    if name in ("who", "a", "b", "asker", "target", "requested_by"):
        values += IDS + ["Ada", "ada@example.org", "nobody at all", "%", "#"]
    return values + TEXTS


def _argv(rng: random.Random, command: str, sub: argparse.ArgumentParser) -> list[str]:
    argv = [command]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction) or action.dest == "db":
            continue
        if action.option_strings:
            if not action.required and rng.random() < 0.5:
                continue
            flag = rng.choice(action.option_strings)
            if action.nargs == 0:
                argv.append(flag)
                continue
            count = action.nargs if isinstance(action.nargs, int) else 1
            argv.append(flag)
            argv += [rng.choice(_pool(action)) for _ in range(count)]
        else:
            if action.nargs == "?" and rng.random() < 0.4:
                continue
            count = action.nargs if isinstance(action.nargs, int) else (rng.randint(1, 3) if action.nargs == "+" else 1)
            argv += [rng.choice(_pool(action)) for _ in range(count)]
    if rng.random() < 0.1:  # an argument nobody asked for
        argv.insert(rng.randint(1, len(argv)), rng.choice(["--bogus", "-x", "--", "extra"]))
    return argv


def _seed_database(path) -> None:
    open_database(path)
    a = contacts.create(ContactInput(name="Ada Lovelace", add_methods=[Method("email", "ada@example.org")],
                                     met_on=NOW.date()), NOW)
    b = contacts.create(ContactInput(name="Bob Babbage"), NOW)
    interactions.log(a, "call", NOW, NOW, summary="hello")
    gives.add(a, "a book", NOW)
    gives.add_lead([a, b], "a job", NOW)
    reminders.add_custom(a, NOW, on=NOW + dt.timedelta(days=3), note="call")
    introductions.propose(a, b, "Bob builds engines", "Ada writes programs", NOW)
    close_database()


@contextmanager
def hang_guard(seconds: int, what: str):
    def stop(signum, frame):
        raise AssertionError(f"still running after {seconds} s: {what}")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def fuzz_env(tmp_path, monkeypatch):
    path = tmp_path / "data" / "netui.db"
    monkeypatch.setenv("NETUI_DB", str(path))
    monkeypatch.setenv("NETUI_NOW", NOW.isoformat())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    from netui.core import settings

    settings.use(None)
    _seed_database(path)
    yield path
    close_database()
    settings.use(None)


def run_main(argv: list[str], capsys) -> tuple[int, str, str]:
    """``netui ARGV`` in this process: its exit status, stdout and stderr."""
    try:
        with hang_guard(60, f"netui {' '.join(argv)!r}"):
            code = cli.main(argv)
    except SystemExit as exc:  # argparse's own exits
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        close_database()
    out, err = capsys.readouterr()
    return code, out, err


def check(argv: list[str], code: int, out: str, err: str) -> None:
    shown = f"netui {argv!r} -> {code}\n{err[-3000:]}"
    assert code in (0, 1, 2), shown
    assert "Traceback" not in err and "Traceback" not in out, shown
    if code == 2:
        assert err.strip(), f"{shown}: a refusal says why"
    for stream in (out, err):
        assert "\x1b" not in stream and "\x9b" not in stream and "\x9d" not in stream, shown


TARGETED = [
    ["show", "99999999999999999999999"], ["show", "#-1"], ["show", "9223372036854775808"],
    ["delete", "99999999999999999999999"], ["edit", "99999999999999999999999", "--title", "x"],
    ["give-status", "99999999999999999999999", "done"], ["give-status", "-1", "done"],
    ["intro-status", "99999999999999999999999", "made"], ["intro-status", "-3", "made"],
    ["gives", "--lead", "99999999999999999999999"], ["gives", "--lead", "-1"],
    ["snooze", "r99999999999999999999999"], ["snooze", "c99999999999999999999999"], ["done", "r99999999999999999999"],
    ["snooze", "r1", "--until", "9999-12-31"], ["snooze", "r1", "--by", "99999999m"],
    ["snooze", "c1", "--until", "in 99999 years"],
    ["add", "X", "--met-on", "9999-12-31"], ["add", "X", "--met-on", "0001-01-01"], ["add", "X", "--met-on", "in 99999 years"],
    ["edit", "ada", "--met-on", "9999-12-31"], ["add", "X", "--cadence", "99999999999999999999"],
    ["add", "X", "--cadence", "0"], ["add", "X", "--cadence", "-5"],
    ["log", "ada", "--kind", "call", "--on", "9999-12-31"], ["log", "ada", "--kind", "call", "--on", "in 99999 years"],
    ["log", "ada", "--kind", "call", "--on", "0001-01-01"],
    ["remind", "ada", "--on", "9999-12-31"], ["remind", "ada", "--on", "in 99999 years"],
    ["remind", "ada", "--on", "9999-12-31", "--rule", "every 3 months"],
    ["demo", "--contacts", "0"], ["demo", "--contacts", "99999999999"], ["demo", "--contacts", "-1"],
    ["demo", "--contacts", "2", "--interactions", "99999999999"], ["demo", "--contacts", "2", "--seed", "99999999999999999999999"],
    ["list", "--limit", "99999999999999999999999"], ["list", "--limit", "-1"],
    ["gives", "--limit", "99999999999999999999999"], ["stats", "--limit", "99999999999999999999999"],
    ["due", "--within", "99999999999999999999999"],
    ["export", "--format", "vdir"], ["export", "-o", "missing-dir/x.json"],
    ["import", "missing.json"], ["restore", "missing.db"], ["sync", "--merge", "a", "b"],
]


@pytest.mark.parametrize("argv", TARGETED, ids=[" ".join(a)[:60] for a in TARGETED])
def test_targeted_arguments_get_a_clear_answer(fuzz_env, capsys, argv):
    check(argv, *run_main(argv, capsys))


def test_a_demo_with_a_seed_already_used_is_refused(fuzz_env, capsys):
    argv = ["demo", "--contacts", "3", "--seed", "7"]
    for expected in (0, 2):
        code, out, err = run_main(argv, capsys)
        check(argv, code, out, err)
        assert code == expected, err


def test_random_arguments_to_every_command(fuzz_env, capsys):
    rng = random.Random(int(os.environ.get("NETUI_FUZZ_SEED", "14")))
    commands = _subcommands()
    runs = int(os.environ.get("NETUI_FUZZ_RUNS", "6"))
    for command, sub in sorted(commands.items()):
        for _ in range(runs):
            argv = _argv(rng, command, sub)
            code, out, err = run_main(argv, capsys)
            check(argv, code, out, err)
            if command in APP_COMMANDS and "-h" not in argv and "--help" not in argv:
                assert code == 2, (argv, err)


def test_every_command_is_fuzzed():
    assert {"add", "edit", "show", "import", "export", "demo", "remind", "sync", "intro-status"} <= set(_subcommands())


@pytest.mark.parametrize("argv", [
    ["show", "99999999999999999999999"], ["add", "X", "--met-on", "9999-12-31"], ["remind", "ada", "--on", "in 99999 years"],
    ["demo", "--contacts", "0"], ["give-status", "-1", "done"], ["snooze", "r1", "--bogus"],
])
@pytest.mark.process
def test_a_real_process_says_one_line(tmp_path, argv):
    path = tmp_path / "data" / "netui.db"
    assert run_netui(path, tmp_path, "add", "Ada Lovelace").returncode == 0
    result = run_netui(path, tmp_path, *argv, process=True)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netui"), result.stderr
