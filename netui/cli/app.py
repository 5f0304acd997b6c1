"""Opening the TUI (``netui`` alone, and ``netui triage``)."""

from __future__ import annotations


def register(sub, common) -> None:
    p = sub.add_parser("tui", parents=[common], help="open the app (the default)")
    p.set_defaults(func=run_app)
    p = sub.add_parser("triage", parents=[common], help="open the app straight into triage: who needs you now")
    p.set_defaults(func=run_app, start="triage")


def run_app(args) -> int:
    from netui.cli import open_db
    from netui.locations import database_path

    open_db(args)
    from netui.tui.app import NetuiApp

    app = NetuiApp(db_path=database_path(getattr(args, "db", None)), start=getattr(args, "start", "main"))
    app.run()
    return app.return_code or 0
