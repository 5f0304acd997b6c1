"""One form screen, driven by field descriptions, for every add/edit/log/give dialog.

A ``Field`` says what to ask and how to read the answer (``parse`` raises ``ValueError`` with a
message); the form shows that message next to the field and stays open. Escape cancels with no side
effects. The screen's result is a dict of parsed values, or None. An edit form (``only_changed``)
hands on only the fields whose text differs from what it showed when it opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import DatabaseError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from netui.core.text import sanitize


def _text(value: str) -> str:
    return value.strip()


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    parse: Callable[[str], Any] = _text
    required: bool = False
    options: Sequence[str] | None = None  # a Select instead of an Input
    help: str = ""
    lines: bool = False  # a box of several lines (one item per line) instead of an Input
    suggester: Any = None  # a textual Suggester: completion as you type (right arrow takes it)


@dataclass
class FormSpec:
    title: str
    fields: list[Field] = field(default_factory=list)
    submit: str = "Save"
    # Whole-form check after each field parsed: returns {field name: message} for problems.
    check: Callable[[dict], dict[str, str]] | None = None
    # Does the write while the form is still open: if it fails, the message is shown and what the
    # user typed stays on screen. Its return value becomes the screen's result.
    save: Callable[[dict], Any] | None = None
    # An edit: only the fields the user changed are parsed and handed to ``save`` (none: an empty dict).
    only_changed: bool = False


class ListArea(TextArea):
    """A box for one item per line. Enter starts a new line; enter on an empty line moves on."""

    @dataclass
    class Submitted(Message):
        """Enter on an empty line: the list is done."""

        list_area: ListArea

    async def _on_key(self, event) -> None:
        if event.key == "enter" and not self.read_only:
            row = self.cursor_location[0]
            if not self.document.get_line(row).strip():
                event.stop()
                event.prevent_default()
                if row > 0:  # the empty line was only a way out: drop it
                    above = (row - 1, len(self.document.get_line(row - 1)))
                    self.delete(above, (row, len(self.document.get_line(row))))
                elif self.document.line_count > 1:
                    self.delete((0, 0), (1, 0))
                self.post_message(self.Submitted(self))
                return
        await super()._on_key(event)


class FormScreen(ModalScreen[dict | None]):
    """A modal form. ``ctrl+s`` (or enter on the last field) saves; escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "Save", id="form.save", tooltip="Save", priority=True),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec
        self.opened: dict[str, str] = {}  # each field's text as the form opened (set on mount)

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Content(sanitize(self.spec.title)), id="form-title")
            with VerticalScroll(id="form-fields"):
                for f in self.spec.fields:
                    with Horizontal(classes="form-row" + (" -lines" if f.lines else "")):
                        label = f.label + (" *" if f.required else "")
                        yield Label(Content(label), classes="form-label")
                        if f.lines:
                            yield ListArea(f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True,
                                           highlight_cursor_line=False)
                        elif f.options is not None:
                            options = [(Content(o), o) for o in f.options]
                            yield Select(options, value=f.value if f.value in f.options else f.options[0],
                                         allow_blank=False, id=f"field-{f.name}", compact=True)
                        else:
                            yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True,
                                        suggester=f.suggester)
                    yield Label(Content(f.help), id=f"error-{f.name}", classes="form-error" + (" form-help" if f.help else ""))
            yield Label(Content(""), id="form-status")
            with Horizontal(id="form-buttons"):
                yield Static(Content("ctrl+s save · esc cancel"), id="form-keys")
                yield Button(Content(self.spec.submit), variant="primary", id="form-submit", compact=True)
                yield Button(Content("Cancel"), id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.opened = self.raw_values()  # what it shows, not what it was given: a Select may differ
        first = self.spec.fields[0] if self.spec.fields else None
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()

    def widget_for(self, name: str):
        return self.query_one(f"#field-{name}")

    def raw_values(self) -> dict[str, str]:
        values = {}
        for f in self.spec.fields:
            widget = self.widget_for(f.name)
            if isinstance(widget, TextArea):
                values[f.name] = widget.text
            else:
                values[f.name] = str(widget.value) if isinstance(widget, Select) else widget.value
        return values

    def set_raw(self, name: str, text: str) -> None:
        """Put ``text`` in a field, as if typed."""
        widget = self.widget_for(name)
        if isinstance(widget, TextArea):
            widget.load_text(text)
        else:
            widget.value = text

    def changed(self) -> list[str]:
        """The fields whose text differs from what the form showed when it opened."""
        raw = self.raw_values()
        return [f.name for f in self.spec.fields if raw[f.name] != self.opened[f.name]]

    def validate(self) -> dict | None:
        """Parse every field; show messages beside the bad ones; the parsed values if all are good.

        An edit form (``only_changed``) parses and returns only the fields that changed.
        """
        errors: dict[str, str] = {}
        parsed: dict[str, Any] = {}
        raw_values = self.raw_values()
        wanted = set(self.changed()) if self.spec.only_changed else None
        for f in self.spec.fields:
            raw = raw_values[f.name]
            if wanted is not None and f.name not in wanted:
                continue
            if f.required and not raw.strip():
                errors[f.name] = f"{f.label} is required"
                continue
            try:
                parsed[f.name] = f.parse(raw) if raw.strip() or f.options is not None else None
            except ValueError as exc:
                errors[f.name] = str(exc)
        if not errors and self.spec.check:
            errors = self.spec.check(parsed)
        for f in self.spec.fields:
            label = self.query_one(f"#error-{f.name}", Label)
            message = errors.get(f.name)
            label.update(Content(sanitize(message) if message else f.help))
            label.set_class(bool(message), "-invalid")
        if errors:
            first = next(f for f in self.spec.fields if f.name in errors)
            self.widget_for(first.name).focus()
            return None
        return parsed

    def action_submit(self) -> None:
        values = self.validate()
        if values is None:
            return
        if self.spec.save is None:
            self.dismiss(values)
            return
        try:
            result = self.spec.save(values)
        except (ValueError, OSError, DatabaseError) as exc:  # ContactError, DateError, disk full, locked
            status = self.query_one("#form-status", Label)
            text = sanitize(str(exc))  # a refused write already says "not saved: ..." itself
            status.update(Content(text[:1].upper() + text[1:] if text.startswith("not saved") else f"Not saved: {text}"))
            status.add_class("-invalid")
            self.handle_error(exc)
            return
        self.dismiss(result if result is not None else values)

    def clear_status(self) -> None:
        status = self.query_one("#form-status", Label)
        status.update(Content(""))
        status.remove_class("-invalid")

    def handle_error(self, exc: Exception) -> None:
        """After a save failed (the message is shown): a form that can help further does so here."""

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(ListArea.Submitted)
    def next_or_submit(self, event: Input.Submitted | ListArea.Submitted) -> None:
        event.stop()
        names = [f.name for f in self.spec.fields]
        widget = event.input if isinstance(event, Input.Submitted) else event.list_area
        current = widget.id.removeprefix("field-") if widget.id else ""
        index = names.index(current) if current in names else len(names) - 1
        if index == len(names) - 1:
            self.action_submit()
        else:
            self.widget_for(names[index + 1]).focus()

    @on(Button.Pressed, "#form-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
