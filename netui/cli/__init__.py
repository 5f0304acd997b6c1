"""The ``netui`` command: argparse, one module per group of commands.

``netui`` with no command opens the TUI. Every command takes ``--db PATH``. Errors the user can fix
(unknown or ambiguous WHO, a bad date, a bad argument, a bad config file) print one line to stderr and
exit with status 2; no traceback. An unexpected error prints one line too and leaves its traceback
(without local variables) in a private log (``netui.cli.crash``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from netui import __version__
from netui.cli.common import UsageError, cleaned_output, fresh, say
from netui.locations import NotNetuiDatabase

# Each module has register(subparsers, common); a command sets func(args) -> int via set_defaults.
MODULES = ["contacts", "merge", "bulk", "data", "reminders", "today", "strength", "gives", "intros", "people", "safety", "sync", "scan", "app"]
APP_COMMANDS = (None, "tui", "triage")  # the full-screen app reports a bad config itself

# Every command, in the order of `netui --help`: its module and its one-line help. Start-up speed:
# `netui --help` and `netui list` import only the module of the command that runs (every module and
# what it imports of the core took a quarter of a second). tests/cli/test_startup.py checks that this
# table says what the modules register; a command missing from it still runs (the whole parser is built).
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("contacts", "add a contact"),
    "duplicates": ("contacts", "list pairs of contacts that look like one person"),
    "edit": ("contacts", "change a contact (emails, phones and tags are added)"),
    "delete": ("contacts", "delete a contact and everything about them"),
    "log": ("contacts", "log an interaction"),
    "unlog": ("contacts", "delete a logged interaction (its id is in show --json)"),
    "relog": ("contacts", "correct a logged interaction"),
    "list": ("contacts", "list or search contacts"),
    "show": ("contacts", "everything about one contact"),
    "merge": ("merge", "merge B into A: one person, every record of both kept"),
    "tag": ("bulk", "tag (or untag) everyone a search finds"),
    "set": ("bulk", "set the circle, cadence or archived for everyone a search finds"),
    "demo": ("data", "fill the database with a sample network"),
    "export": ("data", "write everything out (json, vcard, vdir, csv, ics)"),
    "import": ("data", "read contacts: .vcf, vdir folder, LinkedIn/Google CSV, JSON backup"),
    "due": ("reminders", "what is due: reminders and keep-in-touch (exit 0)"),
    "remind": ("reminders", "set a reminder about someone, once or repeating"),
    "snooze": ("reminders", "put a reminder (r12) or keep-in-touch (c5) off"),
    "done": ("reminders", "mark a reminder done (a repeating one moves on)"),
    "today": ("today", "who needs you today: at most N people, the most urgent first"),
    "stats": ("strength", "the shape of your network: tiers, fading, aces, balance"),
    "give": ("gives", "note what you could give someone, or a favour given or received"),
    "give-status": ("gives", "mark a give idea done (given) or dropped, or say how it went"),
    "gives": ("gives", "give notes and the give/receive balance"),
    "lead": ("gives", "pass a job lead or referral to one or more people"),
    "send-interest": ("gives", "send an item to everyone interested in TAG: a message logged and a favour given each"),
    "intro": ("intros", "propose introducing A to B, with a specific reason for each"),
    "intro-request": ("intros", "record that someone asked you to introduce them"),
    "intro-status": ("intros", "move an introduction on, or say how it turned out"),
    "intros": ("intros", "introductions you made, proposed or were asked for"),
    "intro-ask": ("intros", "ask someone to introduce you to a person they know"),
    "intro-answer": ("intros", "record what one side said: accepted or declined"),
    "relate": ("people", "link two contacts: B is A's TYPE (family, manager, introduced-by...)"),
    "unrelate": ("people", "remove the link between two contacts"),
    "note": ("people", "add a dated journal entry about someone"),
    "notes": ("people", "someone's journal, newest first"),
    "org": ("people", "everyone at one organisation, past and present"),
    "backup": ("safety", "copy the database now (into backups/ beside it, or to PATH)"),
    "restore": ("safety", "put a backup in place of the database (backs up the current file first)"),
    "check": ("safety", "check the database for damage (changes nothing; exit 1 if damaged)"),
    "sync": ("sync", "two-way contacts and reminders with vdir folders"),
    "scan": ("scan", "propose interactions from mail (mbox, Maildir, .eml) and calendar (.ics) files"),
    "tui": ("app", "open the app (the default)"),
    "triage": ("app", "open the app straight into triage: today's queue"),
}

__all__ = ["UsageError", "build_parser", "main", "open_db"]


class Parser(argparse.ArgumentParser):
    """argparse with one-line refusals: ``netui: argument who: ... (see netui show --help)``."""

    def error(self, message: str):  # type: ignore[override]
        say(f"netui: {message} (see {self.prog} --help)", err=True)
        raise SystemExit(2)


class _Only:
    """The sub-parsers action as one command's module sees it: only ``name`` is really added."""

    def __init__(self, sub, name: str) -> None:
        self._sub, self._name = sub, name

    def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
        if name == self._name:
            return self._sub.add_parser(name, **kwargs)
        return Parser(add_help=False)  # another command of the same module: not this run's


def command_of(argv: list[str]) -> str | None:
    """The command ``argv`` names: its first word that is neither an option nor ``--db``'s value."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg == "--db":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the ``argv`` it is for, only the module of the command it
    names is imported and registered; the others are listed by name and help (``COMMANDS``)."""
    parser = Parser(prog="netui", description="Keep your professional network warm, from the terminal.")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $NETUI_DB or the XDG data dir)")
    # Sub-commands accept --db too; SUPPRESS keeps `netui --db X list` from being reset to None.
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
    parser.add_argument("--version", action="version", version=f"netui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = command_of(argv) if argv is not None else None
    if argv is None or (wanted is not None and wanted not in COMMANDS):  # every command (tests, a new one)
        for name in MODULES:
            importlib.import_module(f"netui.cli.{name}").register(sub, common)
        return parser
    for name, (module, help_text) in COMMANDS.items():
        if name == wanted:
            importlib.import_module(f"netui.cli.{module}").register(_Only(sub, name), common)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def open_db(args: argparse.Namespace) -> None:
    from netui.core import strength
    from netui.db import open_database
    from netui.db.database import state
    from netui.locations import database_path

    path = database_path(getattr(args, "db", None))
    new = fresh(path)
    open_database(path)
    if new:  # once: the next command finds the file
        say(f"netui: {new}", err=True)
    if not state.read_only:
        strength.relabel_if_due()  # a tier written under other names or bounds reads as today's at once


def main(argv: list[str] | None = None) -> int:
    from netui.core.errors import NetuiError

    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(argv).parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a refusal already printed
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        from netui.cli.app import run_app

        args.func = run_app
    mask = os.umask(0o077)  # whatever a command creates (exports, folders, logs) is the user's alone
    try:
        if args.command not in APP_COMMANDS:
            from netui.core import settings

            problem = settings.problem()
            if problem:
                raise UsageError(problem)
        if args.command in APP_COMMANDS:
            code = args.func(args)
        else:
            with cleaned_output():
                code = args.func(args)
    except (UsageError, NetuiError, NotNetuiDatabase) as exc:  # every domain error: one line saying what, exit 2
        say(f"netui: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: say what, never a traceback
        from netui.db.database import DatabaseError
        from netui.db.migrations import SchemaTooNew

        if isinstance(exc, (DatabaseError, SchemaTooNew, OSError)):
            say(f"netui: {exc}", err=True)
            return 1
        from netui.cli import crash

        say(crash.message(exc, crash.write(exc)), err=True)
        return 1
    finally:
        os.umask(mask)
    return code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
