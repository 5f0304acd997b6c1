"""The ``netui`` command: argparse, one module per group of commands.

``netui`` with no command opens the TUI. Every command takes ``--db PATH``. Errors the user can fix
(unknown or ambiguous WHO, a bad date) print one line to stderr and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from netui import __version__
from netui.locations import NotNetuiDatabase

# Each module has register(subparsers); a command sets func(args) -> int via set_defaults.
MODULES = ["contacts", "data", "reminders", "strength", "gives", "safety", "sync", "scan", "app"]


class UsageError(Exception):
    """A mistake in what the user asked; printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netui", description="Keep your professional network warm, from the terminal.")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $NETUI_DB or the XDG data dir)")
    # Sub-commands accept --db too; SUPPRESS keeps `netui --db X list` from being reset to None.
    common = argparse.ArgumentParser(add_help=False)
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

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from netui.cli.app import run_app

        args.func = run_app
    try:
        code = args.func(args)
    except (UsageError, NetuiError, NotNetuiDatabase) as exc:  # every domain error: one line saying what, exit 2
        print(f"netui: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: say what, never a traceback
        from netui.db.database import DatabaseError
        from netui.db.migrations import SchemaTooNew

        if isinstance(exc, (DatabaseError, SchemaTooNew, OSError)):
            print(f"netui: {exc}", file=sys.stderr)
            return 1
        raise
    return code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
