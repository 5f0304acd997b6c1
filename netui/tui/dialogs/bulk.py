"""The bulk dialog: one change to many people (``netui.core.bulk``), as one write and one undo step.

Opened by ``b`` on the list for everyone marked (or the selected person). The first field is the tag
(or the value), so the usual case is ``b``, a tag, ctrl+s; the second says what to do with it: tag,
untag, set the circle or the cadence, archive or unarchive. A value that cannot be is said beside its
field and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable

from netui.core import bulk
from netui.core.errors import ContactError
from netui.tui import writes
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import notify
from netui.tui.writes import CONTACTS, REMINDERS

DOES = ("tag", "untag", "set circle", "set cadence", "archive", "unarchive")
NAMES_SHOWN = 3  # names in the title and the message; the rest are counted


def change_for(does: str, value: str) -> bulk.Change:
    """The change the dialog's two fields say; ``ContactError`` says what is wrong with the value."""
    if does in ("tag", "untag"):
        return bulk.tagging(value, remove=does == "untag")
    if does in ("archive", "unarchive"):
        return bulk.setting("archived", "yes" if does == "archive" else "no")
    return bulk.setting(does.removeprefix("set "), value)


def _who(ids: list[int]) -> str:
    """The first few names in the list's order (by name), then how many more."""
    names = sorted(bulk.names(ids), key=str.casefold)
    more = len(names) - NAMES_SHOWN
    return ", ".join(names[:NAMES_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _check(values: dict) -> dict[str, str]:
    try:
        change_for(values["does"], values["value"] or "")
    except ContactError as exc:
        return {"value": str(exc)}
    return {}


def open_bulk(app, ids: list[int], done: Callable[[int | None], None]) -> None:
    """Ask what to do to ``ids`` and do it; ``done`` gets how many people it changed (None: cancelled)."""
    people = f"{len(ids)} {'person' if len(ids) == 1 else 'people'}"
    spec = FormSpec(
        f"Change {people}: {_who(ids)}",
        [
            Field("value", "Tag", "", "vip", help="a tag; or a circle (ace inner regular outer) or a cadence "
                                                 "(days, or default)"),
            Field("does", "Do", "tag", options=DOES, help="what to do with it, to all of them at once"),
        ],
        submit="Apply", check=_check,
    )

    def save(values: dict) -> int:
        change = change_for(values["does"], values["value"] or "")
        now = app.now()
        changed = writes.write(app, f"{values['does']} {people}", ids, lambda: bulk.apply(ids, change, now),
                               changed=bool, what={CONTACTS, REMINDERS})
        if changed:
            notify(app, f"{bulk.describe(change, len(changed))}: {_who(changed)}. u undoes it.")
        else:
            notify(app, f"Nothing to change: the {people} are already so.")
        return len(changed)

    spec.save = save
    app.push_screen(FormScreen(spec), done)
