"""The bulk dialog: one change to many people (``netui.core.bulk``), as one write and one undo step.

Opened by ``b`` on the list for everyone marked (or the selected person). The first field is the tag
(or the value), so the usual case is ``b``, a tag, ctrl+s; the second says what to do with it: tag,
untag, set the circle or the cadence, archive or unarchive. A value that cannot be is said beside its
field and nothing is written.

Two more things to do ask their own questions next: log one interaction with all of them (the log
form, its "with" field holding everyone: one shared interaction, a row in each timeline, one undo
step), and export them to a vCard, CSV or JSON file (``netui.interop.selection``; offered in the
exports folder beside the database, 0600 in a 0700 folder).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from peewee import DatabaseError
from textual import on, work
from textual.content import Content
from textual.widgets import Label, Select

from netui.core import bulk, contacts, formats, interactions, lookup, undo
from netui.core.errors import ContactError
from netui.core.text import sanitize
from netui.db import db
from netui.db.database import state
from netui.interop import selection
from netui.locations import export_dir
from netui.tui import forms, writes
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.dialogs.interaction import changes_words
from netui.tui.safe import notify
from netui.tui.writes import CONTACTS, INTERACTIONS, REMINDERS

ASKS_NEXT = {"log one interaction": "log", "export to a file": "export"}  # what opens its own form next
DOES = ("tag", "untag", "set circle", "set cadence", "archive", "unarchive", *ASKS_NEXT)
NAMES_SHOWN = 3  # names in the title and the message; the rest are counted
LOG_MOST = 100  # people one interaction may be logged with: more is a mark gone wrong, not a dinner


def change_for(does: str, value: str) -> bulk.Change:
    """The change the dialog's two fields say; ``ContactError`` says what is wrong with the value."""
    if does in ("tag", "untag"):
        return bulk.tagging(value, remove=does == "untag")
    if does in ("archive", "unarchive"):
        return bulk.setting("archived", "yes" if does == "archive" else "no")
    return bulk.setting(does.removeprefix("set "), value)


def _who(ids: list[int]) -> str:
    """The first few names in the list's order (by name), then how many more."""
    more = len(set(ids)) - NAMES_SHOWN
    return ", ".join(bulk.first_names(ids, NAMES_SHOWN)) + (f" and {more:,} more" if more > 0 else "")


def _check(values: dict) -> dict[str, str]:
    if values["does"] in ASKS_NEXT:
        return {}
    try:
        change_for(values["does"], values["value"] or "")
    except ContactError as exc:
        return {"value": str(exc)}
    return {}


def open_bulk(app, ids: list[int], done: Callable[[int | None], None]) -> None:
    """Ask what to do to ``ids`` and do it; ``done`` gets how many people it changed (None: cancelled)."""
    people = formats.count(len(ids), 'person', 'people')
    spec = FormSpec(
        f"Change {people}: {_who(ids)}",
        [
            Field("value", "Tag", "", "vip", help="a tag; or a circle (ace inner regular outer) or a cadence "
                                                 "(days, or default); log and export ask next"),
            Field("does", "Do", "tag", options=DOES, help="what to do with it, to all of them at once"),
        ],
        submit="Apply", check=_check,
    )

    def next_step(result: int | str | None) -> None:
        if result == "log":
            open_log(app, ids, done)
        elif result == "export":
            open_export(app, ids, done)
        else:
            done(result)

    app.push_screen(BulkScreen(spec, ids, app.now()), next_step)


class OnWorker(FormScreen):
    """A form whose save runs on a worker: it stays open saying what it does, ``esc`` waits for the one
    transaction (or the file) to land, and a refusal is said in the form, where errors are."""

    REFUSED = "Not saved"

    def __init__(self, spec: FormSpec, ids: list[int], now: dt.datetime) -> None:
        super().__init__(spec)
        self.ids = ids
        self.now = now
        self.running = False

    def action_submit(self) -> None:
        if self.running:
            return
        values = self.validate()
        if values is not None:
            self.begin(values)

    def begin(self, values: dict) -> None:
        """Start the save of ``values`` (checked): ``start`` says so, a worker does it."""
        raise NotImplementedError

    def start(self, words: str) -> None:
        self.running = True
        self.working(words)

    def action_cancel(self) -> None:
        if not self.running:
            super().action_cancel()

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.clear_status()
        status = self.query_one("#form-status", Label)
        status.update(Content(f"{self.REFUSED}: {sanitize(str(exc))}"))
        status.add_class("-invalid")


class BulkScreen(OnWorker):
    """The bulk form. The change is written on a worker: a tag for 100,000 people takes seconds, a circle
    or cadence for thousands (each an edit) about a minute, and the app keeps drawing meanwhile. Log and
    export answer with the form that asks next."""

    REFUSED = "Not changed"

    def begin(self, values: dict) -> None:
        if values["does"] in ASKS_NEXT:
            self.dismiss(ASKS_NEXT[values["does"]])
            return
        people = formats.count(len(self.ids), "person", "people")
        self.start(f"Changing {people}…")
        self._apply(f"{values['does']} {people}", change_for(values["does"], values["value"] or ""))

    @work(thread=True, exclusive=True, group="bulk", exit_on_error=False)
    def _apply(self, label: str, change: bulk.Change) -> None:
        """One write and its undo step, as ``writes.write`` makes them, on this thread's own connection
        (``writes.landed`` keeps the step and announces it)."""
        try:
            with db.connection_context():
                snap = undo.capture(label, self.ids)
                changed = bulk.apply(self.ids, change, self.now)
                if changed:
                    snap.record_after()
        except (ValueError, OSError, DatabaseError) as exc:  # deleted meanwhile, disk full, locked, read-only
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._applied, snap, change, changed)

    def _failed(self, exc: Exception) -> None:
        super()._failed(exc)
        self.app.follow()  # someone deleted elsewhere: the list catches up

    def _applied(self, snap: undo.Snapshot, change: bulk.Change, changed: list[int]) -> None:
        self.running = False
        if changed:
            writes.landed(self.app, snap, self.ids, {CONTACTS, REMINDERS})
            notify(self.app, f"{bulk.describe(change, len(changed))}: {_who(changed)}. u undoes it.")
        else:
            notify(self.app, f"Nothing to change: the {formats.count(len(self.ids), 'person', 'people')} are already so.")
        self.dismiss(len(changed))


def _named(contact_id: int) -> str:
    """How the "with" field names someone: their name when it finds them alone, else ``#id``."""
    name = contacts.get(contact_id).name
    try:
        found = lookup.resolve(name) if "," not in name else None
    except ValueError:  # NotFound, Ambiguous: two people of that name
        found = None
    return name if found == contact_id else f"#{contact_id}"


def open_log(app, ids: list[int], done: Callable[[int | None], None]) -> None:
    """One interaction with everyone of ``ids``: the log form, the first person its own, the others in
    its "with" field (where more can be added or some taken out). ``done`` gets how many it was with."""
    if len(ids) > LOG_MOST:
        notify(app, f"{formats.count(len(ids), 'person', 'people')} are marked: one interaction is logged with {LOG_MOST} at most. "
                    "Mark fewer (esc unmarks all).", severity="warning")
        return
    first, *others = selection.by_name(ids)
    now = app.now()
    spec = forms.log_form(now, contacts.get(first).name, contact_id=first)
    spec.title = f"Log one interaction with {formats.count(len(ids), 'person', 'people')}: {_who(ids)}"
    with_field = next(f for f in spec.fields if f.name == "with")
    with_field.value = ", ".join(_named(cid) for cid in others)

    def save(values: dict) -> int:
        people = [first, *(values.get("with") or [])]
        kind = values["kind"]
        logged = writes.write(app, f"log {kind} with {formats.count(len(people), 'person', 'people')}", people,
                              lambda: interactions.log_with(people, kind, values["when"], now,
                                                            summary=values.get("summary") or ""),
                              what={INTERACTIONS, REMINDERS, CONTACTS})
        notify(app, f"Logged one {kind} with {formats.count(len(people), 'person', 'people')}: {_who(people)}"
                    f"{changes_words(logged[0])}. u undoes it.")
        return len(people)

    spec.save = save
    app.push_screen(FormScreen(spec), done)


class ExportScreen(OnWorker):
    """The export form: a format, then the file; choosing a format changes the file's suffix to its own.

    The file is written on a worker while the form stays open and says so ("Writing…"): 100,000 people
    take a minute, and the app keeps drawing meanwhile. A file that cannot be written is said in the form."""

    REFUSED = "Not exported"

    @on(Select.Changed, "#field-format")
    def _suffix(self, event: Select.Changed) -> None:
        path = Path(self.raw_values()["path"].strip())
        if event.value in selection.FORMATS and selection.format_of(path) not in (None, event.value):
            self.set_raw("path", str(path.with_suffix(selection.FORMATS[str(event.value)])))

    def begin(self, values: dict) -> None:
        self.start(f"Writing {formats.count(len(self.ids), 'person', 'people')}…")
        self._write(values["path"], values["format"])

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write(self, path: Path, fmt: str) -> None:
        try:
            with db.connection_context():
                n = selection.save(path, self.ids, fmt, self.now)
        except (OSError, ValueError, DatabaseError) as exc:  # no room, no right to write there, a locked file
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._written, path, n)

    def _written(self, path: Path, n: int) -> None:
        self.running = False
        notify(self.app, f"Exported {formats.count(n, 'person', 'people')} to {_shown(path)}.")
        self.dismiss(n)


def _export_check(values: dict) -> dict[str, str]:
    said = selection.format_of(values["path"])
    if said is not None and said != values["format"]:
        return {"path": f"the name ends in {values['path'].suffix}: choose {said} above, or end it in "
                        f"{selection.FORMATS[values['format']]}"}
    return {}


def _file(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValueError(f"{text} is a folder: name a file in it")
    if path.exists() or path.is_symlink():
        raise ValueError(f"{path.name} is there already: name a new file (an export here replaces none)")
    return path


def _shown(path: Path) -> str:
    """``path`` as typed: under the home folder, from ``~`` (shorter, so the whole name fits at 80 columns)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def open_export(app, ids: list[int], done: Callable[[int | None], None]) -> None:
    """Write everyone of ``ids`` to a file the form asks for; ``done`` gets how many were written."""
    now = app.now()
    folder = export_dir(state.path) if state.path is not None else Path.cwd()
    spec = FormSpec(
        f"Export {formats.count(len(ids), 'person', 'people')}: {_who(ids)}",
        [
            Field("format", "Format", "vcard", options=tuple(selection.FORMATS),
                  help="vcard: address books · csv: Google Contacts' layout · json: as netui list --json"),
            Field("path", "File", _shown(selection.free_name(folder, "vcard", now)), parse=_file,
                  required=True, help="a new file, 0600; a folder it needs is made 0700"),
        ],
        submit="Export", check=_export_check,
    )
    app.push_screen(ExportScreen(spec, ids, now), done)
