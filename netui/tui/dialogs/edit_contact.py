"""The contact form on edit: it writes what the user changed, against what it was opened with.

The form remembers the contact as it was when it opened (``contacts.edit_values``). Saving hands
``write`` only the fields whose text the user changed, with their opening values as ``expected``, so
a change made elsewhere meanwhile (the CLI, a sync) to any other field is kept, and a save with
nothing changed writes nothing. A field changed both here and elsewhere is a conflict: nothing is
written and ``ConflictScreen`` shows theirs and mine; the choice is put into the form, which then
stands on the new state and saves again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from netui.core import contacts, settings, validate
from netui.core.contacts import ContactInput
from netui.tui import forms
from netui.tui.dialogs.conflict import Conflict, ConflictScreen
from netui.tui.dialogs.form import FormScreen
from netui.tui.safe import notify


class EditContactScreen(FormScreen):
    """Edit one contact. ``write(data, expected)`` stores the change (and may raise ``EditConflict``)."""

    def __init__(self, contact_id: int, now: dt.datetime, write: Callable[[ContactInput, dict], object]) -> None:
        self.contact_id = contact_id
        self.original = contacts.edit_values(contact_id)
        self.write = write
        spec = forms.contact_form(now, contact_id, self.original)
        spec.only_changed = True
        spec.save = self._save
        super().__init__(spec)

    def _save(self, values: dict) -> object:
        if not values:
            return self.contact_id  # nothing changed: nothing to write
        data, expected = forms.contact_changes(values, self.original)
        data.phones, warnings = validate.normalise_phones(data.phones, settings.current().phone_region)
        result = self.write(data, expected)
        for warning in warnings:
            notify(self.app, warning[:1].upper() + warning[1:], severity="warning")
        return result

    def handle_error(self, exc: Exception) -> None:
        if not isinstance(exc, contacts.EditConflict):
            return
        labels = {f.name: f.label for f in self.spec.fields}
        shown = []
        for c in exc.conflicts:
            name = forms.form_name(c.field)
            shown.append(Conflict(name, labels[name], forms.field_text(name, c.theirs), forms.field_text(name, c.mine)))
        self.app.push_screen(
            ConflictScreen(str(self.original["name"]), shown), lambda choices: self._resolved(exc, choices),
        )

    def _resolved(self, conflict: contacts.EditConflict, choices: dict[str, str] | None) -> None:
        """Stand on the new state: theirs becomes what the form was opened with, then save again."""
        if choices is None:
            return  # back to the form as it was; saving asks again
        for c in conflict.conflicts:
            name = forms.form_name(c.field)
            self.original[c.field] = c.theirs
            if choices.get(name) == "theirs":
                self.set_raw(name, forms.field_text(name, c.theirs))
                self.opened[name] = self.raw_values()[name]  # untouched now: nothing to write there
        self.clear_status()
        self.action_submit()
