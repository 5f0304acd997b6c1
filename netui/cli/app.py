"""Opening the TUI (``netui`` alone, and ``netui triage``)."""

from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("tui", parents=[common], help="open the app (the default)")
    p.set_defaults(func=run_app)
    p = sub.add_parser("triage", parents=[common], help="open the app straight into triage: who needs you now")
    p.set_defaults(func=run_app, start="triage")


def run_app(args) -> int:
    from netui.db import open_database
    from netui.locations import database_path

    path = database_path(getattr(args, "db", None))
    open_database(path, allow_read_only=True)  # a newer schema opens read-only, with the reason shown
    from netui.tui.app import NetuiApp

    app = NetuiApp(db_path=path, start=getattr(args, "start", "main"))
    app.run()
    return app.return_code or 0
