"""``D``: the sample network, in a database of its own, opened in place of the user's.

The sample never goes into the user's own file (with real people in it, 200 strangers could not be
told apart from them): it lives in ``demo.db`` beside the open database (0600 in a 0700 folder, as
every netui file), is generated the first time, and is simply opened again after that. The user's
database is left as it was; ``netui`` without ``--db`` opens it again next time.
"""

from __future__ import annotations

from pathlib import Path

from netui import locations
from netui.core import contacts, undo
from netui.db import opening
from netui.db.database import DatabaseError, state
from netui.tui import writes
from netui.tui.safe import notify

SAMPLE_NAME = "demo.db"
SAMPLE_SIZE = 200


def sample_path(open_path: Path | None) -> Path:
    """Where the sample network lives: beside the open database (or in netui's data folder)."""
    folder = open_path.parent if open_path is not None else locations.data_dir()
    return folder / SAMPLE_NAME


def is_sample(path: Path | None) -> bool:
    return path is not None and path.name == SAMPLE_NAME


def open_sample(app) -> bool:
    """Open the sample network (made on first use) instead of the open database; say where it is."""
    current = state.path
    target = sample_path(current)
    if current is not None and current.resolve() == target.resolve():
        notify(app, f"This is the sample network already ({target}). Quit and run netui again for your own database.")
        return False
    try:
        opening.open_database(target)
        made = False
        if not state.read_only and contacts.count() == 0:
            from netui.core import demo  # the generator and its word lists: loaded only when asked for

            demo.generate(SAMPLE_SIZE, now=app.now())
            made = True
    except (DatabaseError, OSError, locations.NotNetuiDatabase) as exc:
        notify(app, f"The sample network was not opened: {exc}", severity="error", timeout=15)
        if current is not None:
            opening.open_database(current, allow_read_only=True)
        return False
    app.db_path = target
    app.undo_stack = undo.UndoStack()  # its steps belong to the other file
    app.paused_triage = None
    what = f"a sample network of {SAMPLE_SIZE} people" if made else "the sample network"
    mine = f" Your own database ({current}) is untouched: netui opens it next time." if current is not None else ""
    notify(app, f"Opened {what} in {target}.{mine} Press ? for every key.", title="Sample network", timeout=15)
    writes.announce(app)
    return True
