"""Opening the TUI (``netui`` alone, and ``netui triage``).

The app needs a terminal on both ends: piped, it would write escape codes into a file or another
program. A config file it cannot use is shown in the app, which starts with the defaults. An error the
app does not handle ends it with one line; the traceback, without local variables, goes to the crash
log (``netui.cli.crash``).
"""

from __future__ import annotations

import sys

from netui.cli.common import UsageError, fresh, say


def register(sub, common) -> None:
    p = sub.add_parser("tui", parents=[common], help="open the app (the default)")
    p.set_defaults(func=run_app)
    p = sub.add_parser("triage", parents=[common], help="open the app straight into triage: today's queue")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", dest="start", action="store_const", const="triage-all",
                       help="walk everyone due or fading, not only today's queue")
    which.add_argument("--fading", dest="start", action="store_const", const="triage-fading",
                       help="walk the overview's fading list: closest circles, then most points lost")
    p.set_defaults(func=run_app, start="triage")


def _not_a_terminal() -> str | None:
    for name, stream in (("standard output", sys.stdout), ("standard input", sys.stdin)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (AttributeError, ValueError):  # replaced or closed
            return name
    return None


def run_app(args) -> int:
    from netui.db.check import refuse_foreign
    from netui.locations import database_path

    # The path first: a --db that is not netui's is named, whether or not there is a terminal.
    refuse_foreign(database_path(getattr(args, "db", None)))
    stream = _not_a_terminal()
    if stream:
        raise UsageError(
            f"the full-screen app needs a terminal, and {stream} is not one "
            "(for scripts: netui list, netui show, netui due --json, netui --help)"
        )
    # Start-up speed: the app (Textual) is imported only when it is opened.
    from netui.core import settings
    from netui.db import open_database
    from netui.tui.app import NetuiApp

    path = database_path(getattr(args, "db", None))
    new = fresh(path)
    open_database(path, allow_read_only=True)  # a newer schema opens read-only, with the reason shown
    problem = settings.problem()  # the defaults are in force; the app says why
    app = guarded(NetuiApp)(db_path=path, start=getattr(args, "start", "today"),  # Today when someone is due
                            watch=NetuiApp.WATCH_SECONDS)

    async def show_problems(pilot) -> None:
        from netui.tui.safe import notify

        if new:  # said in the app (and on the terminal once it closes): a mistyped --db is seen at once
            notify(pilot.app, f"{new[:1].upper()}{new[1:]}: an empty network to start.", timeout=15)
        if problem:
            notify(pilot.app, f"{problem}. netui started with the default settings.", title="Config not used",
                   severity="error", timeout=30)

    app.run(auto_pilot=show_problems if problem or new else None)
    if new:
        say(f"netui: {new}", err=True)
    if app.crash_line:
        say(app.crash_line, err=True)
        return 1
    return app.return_code or 0


def guarded(base):
    """``base`` (a Textual App class) ending on an unhandled error with one line and a private log.

    Textual prints such an error as a traceback with every frame's local variables (names, notes,
    whole contacts); this keeps the traceback, without them, in the crash log instead."""
    from netui.cli import crash

    class Guarded(base):
        crash_line = ""

        def _handle_exception(self, error: Exception) -> None:
            self.crash_line = crash.message(error, crash.write(error))
            self._return_code = 1
            if self._exception is None:  # as Textual does: a test run re-raises it
                self._exception = error
                self._exception_event.set()
            self._close_messages_no_wait()

    Guarded.__name__ = base.__name__
    return Guarded
