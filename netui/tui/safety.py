"""The app's side of data safety.

- On start, say why the database is read-only when it is (``netui.db.database.state``).
- After the first frame, ``quick_check`` the file in a worker thread; when it passes, take the day's
  backup; when it fails, say so, switch to read-only so nothing is written to the damaged file, and
  offer the newest backup that passes the same check (restoring keeps the damaged file's bytes).
- Every few seconds, whether the file was replaced under the app (``netui restore`` from an older
  netui, a copy renamed over it): then the app reads the new file, writes nothing more, and says so
  once. Until it notices, the database itself refuses writes to a replaced file.
- ``reported``: the one place where a write the database refuses (read-only, disk full, busy,
  damaged) becomes a notification instead of a crash. Forms show the same errors beside their fields
  and keep what was typed.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import peewee

from netui.core import undo
from netui.db import backups, check, database, opening
from netui.db.backups import Backup
from netui.db.database import Damaged, DatabaseError, state
from netui.tui.safe import line, notify

DAMAGED_REASON = "it is damaged, and netui writes nothing to a damaged file"
REPLACED_REASON = "another program replaced the file while netui had it open; restart netui to make changes"
FOLLOW_SECONDS = 2.0  # how often the app checks that its file is still the one it opened (one stat)


def start(app) -> None:
    """Call from the app's ``on_mount``: the read-only notice now, the check after the first frame."""
    if state.read_only:
        notify(app, f"Read-only: {state.reason}. You can browse; nothing you change can be saved.",
               title="netui is read-only", severity="warning", timeout=15)
    if state.path is not None:
        app.call_after_refresh(run_check, app)
        app.set_interval(FOLLOW_SECONDS, partial(follow_file, app), name="follow-file")
    else:
        app.call_after_refresh(app.tick)


def follow_file(app) -> bool:
    """If the open file was replaced under the app, read the new one read-only and say so once."""
    if state.reason == REPLACED_REASON or not opening.replaced():
        return False  # reported already, or still the same file
    path = state.path
    try:
        opening.reopen_read_only(REPLACED_REASON)
    except DatabaseError:
        # Nothing readable at the path now: keep the old connection; the database refuses its writes.
        notify(app, f"{path} was replaced or removed by another program while netui had it open. Nothing more is "
               "saved; restart netui.", title="The database file changed", severity="error", timeout=30)
        state.reason = REPLACED_REASON
        return True
    app.undo_stack = undo.UndoStack()  # its snapshots describe the file that was replaced
    notify(app, f"{path} was replaced by another program while netui had it open. netui now shows the new file "
           "and saves nothing; restart netui to make changes.", title="The database file changed",
           severity="warning", timeout=30)
    app.refresh_due()  # a DataChanged: every screen redraws from the new file
    return True


def run_check(app) -> None:
    """Check the open database in a worker thread (it has its own read-only connection)."""
    if state.path is None:
        return
    app.run_worker(partial(_check, app, state.path, app.now()), thread=True, exclusive=True,
                   group="safety", name="quick_check", exit_on_error=False)


def _check(app, path: Path, now) -> check.CheckResult:
    result = check.quick_check(path)
    if result.ok:
        if not state.read_only:
            try:
                backups.daily(path, now)
            except (DatabaseError, OSError):
                pass  # a missed daily backup is taken on the next start; it must not disturb this one
        app.call_from_thread(app.tick)  # the first tick, only once the file is known to be sound
        return result
    good = backups.newest_good(path)
    app.call_from_thread(damaged, app, result.summary, good)
    return result


def damaged(app, summary: str, good: Backup | None) -> None:
    """Damage was found: read-only from now on, and the newest good backup offered."""
    if state.read_only and state.reason == DAMAGED_REASON:
        return  # already reported
    opening.reopen_read_only(DAMAGED_REASON)
    notify(app, f"{summary} netui is now read-only, so nothing is written to the damaged file.",
           title="The database is damaged", severity="error", timeout=30)
    if good is None:
        notify(app, f"No good backup was found in {backups.folder(state.path)}. Run `netui check` for details.",
               severity="error", timeout=30)
        return
    offer_restore(app, good)


def offer_restore(app, good: Backup) -> None:
    from netui.tui.dialogs.confirm import ConfirmScreen

    question = line(
        "The database is damaged. Restore the newest good backup, from ", (good.describe(), "bold"), "?\n",
        ("The damaged file is kept in the backups folder; changes since that backup are not in it.", "$text-muted"),
    )

    def answer(yes: bool | None) -> None:
        if yes:
            restore_now(app, good)
        else:
            notify(app, f"Not restored; netui stays read-only. Later: netui restore {good.path}", timeout=20)

    app.push_screen(ConfirmScreen(question, yes="Restore"), answer)


def restore_now(app, good: Backup) -> None:
    """Put ``good`` in place of the open database and show it."""
    path = state.path
    opening.close_database()
    try:
        kept = backups.restore(good.path, path, app.now())
    except (DatabaseError, OSError) as exc:
        opening.open_database(path, read_only=True)
        state.reason = DAMAGED_REASON
        notify(app, f"Not restored: {exc}", severity="error", timeout=30)
        return
    opening.open_database(path, allow_read_only=True)
    app.undo_stack = undo.UndoStack()  # its snapshots describe the data that was replaced
    where = f" The damaged file is kept as {kept}." if kept else ""
    notify(app, f"Restored the backup from {good.describe()}.{where}", title="Restored", timeout=20)
    app.refresh_due()  # a DataChanged: every screen redraws from the restored file


def report(app, exc: DatabaseError) -> None:
    """Show a refused write (or damage met while reading) in words; damage starts the check."""
    text = str(exc)
    notify(app, text[:1].upper() + text[1:], severity="error", timeout=15)
    if isinstance(exc, Damaged) and not (state.read_only and state.reason == DAMAGED_REASON):
        run_check(app)


@contextmanager
def reported(app):
    """Around every key and palette action: database errors netui can explain are reported."""
    try:
        yield
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        plain = database.explain(exc)
        if plain is None:
            raise
        report(app, plain)
