"""Correcting the timeline: edit one interaction (kind, when, summary, note) or delete it.

Both are one undoable write through ``writes``; what the change closed or reopened in the plan (the
48 h follow-up, the 30-day call, the face-to-face check) is said in the notification, as the log's
confirmation says what a new interaction closed (``changes_words``). An interaction with several
people is edited for all of them (the form says so); deleting it asks whether to take this person out
of it or delete it for everyone. Reading the row, its form and the question before a delete are the
timeline's (``timeline_item``), as for a journal entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from netui.core import contacts, interactions
from netui.core.dates import parse_datetime
from netui.core.interactions import InteractionRow, Logged
from netui.core.vocab import INTERACTION_KINDS
from netui.tui import writes
from netui.tui.dialogs import timeline_item
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import line, notify
from netui.tui.writes import CONTACTS, INTERACTIONS, REMINDERS

WHAT = {INTERACTIONS, REMINDERS, CONTACTS}  # the row, the plan's steps, last contact and next due


def changes_words(logged: Logged) -> str:
    """"; closed: 48 h follow-up; reopened: 90-day face-to-face check", or "" when nothing moved."""
    out = ""
    if logged.closed:
        out += "; closed: " + ", ".join(c.words for c in logged.closed)
    if logged.reopened:
        out += "; reopened: " + ", ".join(c.words for c in logged.reopened)
    return out


def _row(app, interaction_id: int) -> tuple[InteractionRow, str] | None:
    """The interaction and its person's name, or None (said) when it was deleted elsewhere meanwhile."""
    return timeline_item.read(app, lambda: interactions.get(interaction_id), lambda row: row.contact_id)


def _what(row: InteractionRow) -> str:
    return f"{row.kind} of {row.occurred_at:%d %b %Y}"


def _others(row: InteractionRow) -> list[str]:
    """The names of the other people a shared interaction was with (none for one with one person)."""
    return [contacts.get(cid).name for cid in interactions.participants(row.id)[1:]]


def interaction_form(row: InteractionRow, name: str, now: dt.datetime, others: list[str] | None = None) -> FormSpec:
    """The fields of one interaction as they are; saving hands on only what was changed."""

    def when(text: str) -> dt.datetime:
        return interactions.check_when(parse_datetime(text, now), now)  # a future date: said beside the field

    everyone = f" (and {', '.join(others)}: changed for everyone)" if others else ""
    return FormSpec(
        f"Edit the {_what(row)} with {name}{everyone}",
        [
            Field("kind", "Kind", row.kind, options=INTERACTION_KINDS),
            Field("when", "When", f"{row.occurred_at:%Y-%m-%d %H:%M}", "yesterday, 3 days ago, 2026-11-03 14:00",
                  parse=when, required=True, help="when it happened: the cadence counts from then"),
            Field("summary", "Summary", row.summary or "", "what it was about"),
            Field("note", "Note", row.note or "", "more, one line or several", lines=True),
        ],
        only_changed=True,
    )


class EditInteractionScreen(FormScreen):
    """Edit one interaction; ``write(changes)`` stores what the user changed (``interactions.edit``'s keywords)."""

    def __init__(self, row: InteractionRow, name: str, now: dt.datetime, write: Callable[[dict], object],
                 others: list[str] | None = None) -> None:
        self.row = row
        self.write = write
        spec = interaction_form(row, name, now, others)
        spec.save = self._save
        super().__init__(spec)

    def _save(self, values: dict) -> object:
        changes = {}
        for key, value in values.items():  # only what was changed; an emptied summary or note is cleared
            changes["occurred_at" if key == "when" else key] = "" if value is None else value
        return self.write(changes) if changes else self.row.id  # nothing changed: nothing to write


def edit(app, interaction_id: int) -> None:
    """Open the form for one interaction; saving is one undoable write and says what it closed or reopened."""
    found = _row(app, interaction_id)
    if found is None:
        return
    row, name = found
    now = app.now()
    others = _others(row)
    people = interactions.participants(interaction_id)

    def write(changes: dict) -> Logged:
        logged = writes.write(app, f"edit the {row.kind} with {name}", people,
                              lambda: interactions.edit(interaction_id, now, **changes), what=WHAT)
        new = interactions.get(interaction_id)
        also = f" (and {', '.join(others)})" if others else ""
        notify(app, f"Edited the {_what(new)} with {name}{also}{changes_words(logged)}. Press u to undo.")
        return logged

    app.push_screen(EditInteractionScreen(row, name, now, write, others))


class WhichScreen(ModalScreen[str | None]):
    """Delete a shared interaction: ``p`` takes this person out of it, ``a`` deletes it for all; esc keeps it."""

    BINDINGS = [
        Binding("p", "answer('person')", "This person", id="which.person"),
        Binding("a", "answer('all')", "Everyone", id="which.all"),
        Binding("n,escape", "answer(None)", "Keep", id="which.keep"),
    ]

    def __init__(self, question: Content, person: str) -> None:
        super().__init__()
        self.question = question
        self.person = person

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"p: only {self.person}"), variant="warning", id="which-person", compact=True)
                yield Button(Content("a: for everyone"), variant="error", id="which-all", compact=True)
                yield Button(Content("Keep"), id="which-keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#which-keep", Button).focus()

    def action_answer(self, value: str | None) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"which-person": "person", "which-all": "all"}.get(event.button.id or ""))


def delete(app, interaction_id: int) -> None:
    """Ask, then delete one interaction; says what reopened (the face-to-face check, when it was the meeting)."""
    found = _row(app, interaction_id)
    if found is None:
        return
    row, name = found
    others = _others(row)
    people = interactions.participants(interaction_id)

    def answer(which: bool | str | None) -> None:
        if not which:
            return
        whole = which == "all"
        done = writes.attempt(app, f"delete the {row.kind} with {name}", people,
                              lambda: interactions.delete(interaction_id, app.now(), whole=whole), what=WHAT,
                              refused="Not deleted: ")
        if done.ok:
            if not others:
                said = f"Deleted the {_what(row)} with {name}"
            elif whole:
                said = f"Deleted the {_what(row)} with {name} and {', '.join(others)}"
            else:
                said = f"Took {name} out of the {_what(row)}; {', '.join(others)} keep it"
            notify(app, f"{said}{changes_words(done.value)}. Press u to undo.")

    summary = f" ({row.summary})" if row.summary else ""
    after = "Last contact and the plan are worked out again; u undoes it."
    if others:
        asked = timeline_item.question(
            line("The ", (_what(row), "bold"), f"{summary} was with ", (", ".join([name, *others[:-1]]), "bold"),
                 " and ", (others[-1], "bold"), "."),
            line("Take ", (name, "bold"), " out of it (p), or delete it for everyone (a)?"), after=after)
        app.push_screen(WhichScreen(asked, name), answer)
        return
    asked = timeline_item.question(line("Delete the ", (_what(row), "bold"), f"{summary} with ", (name, "bold"), "?"),
                                   after=after)
    timeline_item.confirm(app, asked, "Delete", lambda: answer(True))
