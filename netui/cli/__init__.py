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
from netui.cli.common import UsageError, cleaned_output, say
from netui.locations import NotNetuiDatabase

# Each module has register(subparsers); a command sets func(args) -> int via set_defaults.
MODULES = ["contacts", "data", "reminders", "today", "strength", "gives", "intros", "safety", "sync", "scan", "app"]
APP_COMMANDS = (None, "tui", "triage")  # the full-screen app reports a bad config itself

__all__ = ["UsageError", "build_parser", "main", "open_db"]


class Parser(argparse.ArgumentParser):
    """argparse with one-line refusals: ``netui: argument who: ... (see netui show --help)``."""

    def error(self, message: str):  # type: ignore[override]
        say(f"netui: {message} (see {self.prog} --help)", err=True)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="netui", description="Keep your professional network warm, from the terminal.")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $NETUI_DB or the XDG data dir)")
    # Sub-commands accept --db too; SUPPRESS keeps `netui --db X list` from being reset to None.
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
    parser.add_argument("--version", action="version", version=f"netui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        module = importlib.import_module(f"netui.cli.{name}")
        module.register(sub, common)
    return parser


def open_db(args: argparse.Namespace) -> None:
    from netui.db import open_database
    from netui.locations import database_path

    open_database(database_path(getattr(args, "db", None)))


def main(argv: list[str] | None = None) -> int:
    from netui.core.errors import NetuiError

    try:
        args = build_parser().parse_args(argv)
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
