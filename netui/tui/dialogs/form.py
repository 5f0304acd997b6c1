"""One form screen, driven by field descriptions, for every add/edit/log/give dialog.

A ``Field`` says what to ask and how to read the answer (``parse`` raises ``ValueError`` with a
message); the form shows that message next to the field and stays open. Escape cancels with no side
effects. The screen's result is a dict of parsed values, or None.
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
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

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


class FormScreen(ModalScreen[dict | None]):
    """A modal form. ``ctrl+s`` (or enter on the last field) saves; escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "Save", id="form.save", tooltip="Save", priority=True),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Content(sanitize(self.spec.title)), id="form-title")
            with VerticalScroll(id="form-fields"):
                for f in self.spec.fields:
                    with Horizontal(classes="form-row"):
                        label = f.label + (" *" if f.required else "")
                        yield Label(Content(label), classes="form-label")
                        if f.options is not None:
                            options = [(Content(o), o) for o in f.options]
                            yield Select(options, value=f.value if f.value in f.options else f.options[0],
                                         allow_blank=False, id=f"field-{f.name}", compact=True)
                        else:
                            yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True)
                    yield Label(Content(f.help), id=f"error-{f.name}", classes="form-error" + (" form-help" if f.help else ""))
            yield Label(Content(""), id="form-status")
            with Horizontal(id="form-buttons"):
                yield Static(Content("ctrl+s save · esc cancel"), id="form-keys")
                yield Button(Content(self.spec.submit), variant="primary", id="form-submit", compact=True)
                yield Button(Content("Cancel"), id="form-cancel", compact=True)

    def on_mount(self) -> None:
        first = self.spec.fields[0] if self.spec.fields else None
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()

    def widget_for(self, name: str):
        return self.query_one(f"#field-{name}")

    def raw_values(self) -> dict[str, str]:
        values = {}
        for f in self.spec.fields:
            widget = self.widget_for(f.name)
            values[f.name] = str(widget.value) if isinstance(widget, Select) else widget.value
        return values

    def validate(self) -> dict | None:
        """Parse every field; show messages beside the bad ones; the parsed values if all are good."""
        errors: dict[str, str] = {}
        parsed: dict[str, Any] = {}
        for f in self.spec.fields:
            raw = self.raw_values()[f.name]
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
            return
        self.dismiss(result if result is not None else values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        names = [f.name for f in self.spec.fields]
        current = event.input.id.removeprefix("field-") if event.input.id else ""
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
