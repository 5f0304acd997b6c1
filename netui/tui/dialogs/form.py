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

LIST_ROWS = 8  # options an open dropdown shows before it scrolls (netui.tcss: its max-height, frame included)


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

        @property
        def control(self) -> ListArea:
            return self.list_area

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


class FormSelect(Select[str], inherit_bindings=False):
    """A dropdown in a form. Enter moves on, as in every other field; space or alt+down opens the
    list (and, as Textual's own dropdown does, down or up), where enter picks and escape closes it."""

    BINDINGS = [
        Binding("enter", "next_field", "Next field", show=False),
        Binding("space,alt+down,down,up", "show_overlay", "Open", show=False),
    ]

    @dataclass
    class Submitted(Message):
        """Enter on the closed dropdown: on to the next field."""

        select: FormSelect

        @property
        def control(self) -> FormSelect:
            return self.select

    def __init__(self, options: Sequence[str], value: str, **kwargs) -> None:
        super().__init__([(Content(o), o) for o in options], value=value, allow_blank=False, compact=True, **kwargs)
        self.option_count = len(options)

    @property
    def list_rows(self) -> int:
        """The height of the open list: its options (LIST_ROWS at most, then it scrolls) and its frame."""
        return min(self.option_count, LIST_ROWS) + 2

    def action_next_field(self) -> None:
        self.post_message(self.Submitted(self))

    def action_show_overlay(self) -> None:
        """Open the list below the field, inside the dialog: a long form is scrolled to make room under
        the field, a short one grows while the list is open."""
        scroll = self._scroll()
        if scroll is not None:
            short = self.region.bottom + self.list_rows - scroll.content_region.bottom
            if short > 0 and scroll.max_scroll_y:
                scroll.scroll_relative(y=short, animate=False, immediate=True)
            elif short > 0:
                scroll.styles.min_height = self.region.bottom - scroll.content_region.y + self.list_rows
        super().action_show_overlay()

    def watch_expanded(self, expanded: bool) -> None:
        scroll = self._scroll()
        if not expanded and scroll is not None:
            scroll.styles.min_height = None  # closed: the form is as tall as its fields again

    def _scroll(self) -> VerticalScroll | None:
        return next((a for a in self.ancestors if isinstance(a, VerticalScroll)), None)


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
            with VerticalScroll(id="form-fields", can_focus=False):  # a stop of its own would be invisible
                for f in self.spec.fields:
                    with Horizontal(classes="form-row" + (" -lines" if f.lines else "")):
                        label = f.label + (" *" if f.required else "")
                        yield Label(Content(label), classes="form-label")
                        if f.lines:
                            yield ListArea(f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True,
                                           highlight_cursor_line=False)
                        elif f.options is not None:
                            yield FormSelect(f.options, value=f.value if f.value in f.options else f.options[0],
                                             id=f"field-{f.name}")
                        else:
                            yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}", compact=True,
                                        suggester=f.suggester)
                    yield Label(Content(f.help), id=f"error-{f.name}", classes="form-error" + (" form-help" if f.help else ""))
            with Vertical(id="form-foot"):
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

    def problem(self, f: Field, raw: str) -> tuple[str | None, Any]:
        """What is wrong with ``raw`` as field ``f`` (None: nothing), and its parsed value."""
        if f.required and not raw.strip():
            return f"{f.label} is required", None
        try:
            return None, f.parse(raw) if raw.strip() or f.options is not None else None
        except ValueError as exc:
            return str(exc), None

    def show_problem(self, f: Field, message: str | None) -> None:
        """The message beside field ``f`` (or its help again when ``message`` is None)."""
        label = self.query_one(f"#error-{f.name}", Label)
        label.update(Content(sanitize(message) if message else f.help))
        label.set_class(bool(message), "-invalid")

    def validate(self) -> dict | None:
        """Parse every field; show messages beside the bad ones; the parsed values if all are good.

        An edit form (``only_changed``) parses and returns only the fields that changed. The first bad
        field is focused, its message scrolled into view and its text selected, so typing replaces it.
        """
        errors: dict[str, str] = {}
        parsed: dict[str, Any] = {}
        raw_values = self.raw_values()
        wanted = set(self.changed()) if self.spec.only_changed else None
        for f in self.spec.fields:
            if wanted is not None and f.name not in wanted:
                continue
            message, value = self.problem(f, raw_values[f.name])
            if message is None:
                parsed[f.name] = value
            else:
                errors[f.name] = message
        if not errors and self.spec.check:
            errors = self.spec.check(parsed)
        for f in self.spec.fields:
            self.show_problem(f, errors.get(f.name))
        if errors:
            first = next(f for f in self.spec.fields if f.name in errors)
            widget = self.widget_for(first.name)
            widget.focus(scroll_visible=False)
            if isinstance(widget, Input):
                widget.select_all()
            self.call_after_refresh(self._bring_into_view, first.name)
            return None
        return parsed

    def _bring_into_view(self, name: str) -> None:
        """Scroll the fields (at once, not animated) so that field ``name`` and its message show."""
        fields = self.query_one("#form-fields", VerticalScroll)
        fields.scroll_to_widget(self.query_one(f"#error-{name}"), animate=False, immediate=True)
        fields.scroll_to_widget(self.widget_for(name), animate=False, immediate=True)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _recheck(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        """A field showing a problem is checked again as it is typed in: the message goes once it is fixed."""
        name = (event.control.id or "").removeprefix("field-")
        f = next((f for f in self.spec.fields if f.name == name), None)
        if f is None or not self.query_one(f"#error-{name}", Label).has_class("-invalid"):
            return
        raw = self.raw_values()[name]
        unchanged = self.spec.only_changed and raw == self.opened.get(name)  # not saved, so not checked
        self.show_problem(f, None if unchanged else self.problem(f, raw)[0])

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
        status.remove_class("-invalid", "-working")

    def working(self, words: str) -> None:
        """Say, where errors are said, what a save running on a worker is doing ("Writing 12 people…")."""
        self.clear_status()
        status = self.query_one("#form-status", Label)
        status.update(Content(words))
        status.add_class("-working")

    def handle_error(self, exc: Exception) -> None:
        """After a save failed (the message is shown): a form that can help further does so here."""

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(ListArea.Submitted)
    @on(FormSelect.Submitted)
    def next_or_submit(self, event: Input.Submitted | ListArea.Submitted | FormSelect.Submitted) -> None:
        event.stop()
        names = [f.name for f in self.spec.fields]
        widget = event.control
        current = widget.id.removeprefix("field-") if widget is not None and widget.id else ""
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
