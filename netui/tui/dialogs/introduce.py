"""Introduce the selected contact (A) to someone (B), with a specific reason for each side.

Your introductions are an extension of you, so the dialog asks what each of them gains: the core
refuses "you should meet X" and its message is shown beside the reason it is about. B is found by
typing part of a name (the same search as the list, a handful of rows). The result is the new
introduction's id (proposed: the give pane moves it on), or None when cancelled.
"""

from __future__ import annotations

from peewee import DatabaseError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from netui.core import contacts, intro_network, introductions, search
from netui.tui import writes
from netui.tui.safe import line, notify, plain
from netui.tui.screens.gives import short_name

RESULTS = 5


class IntroduceScreen(ModalScreen[int | None]):
    """Pick B, say why A should meet B and why B should meet A, then propose (ctrl+s)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="introduce.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "Propose", id="introduce.save", tooltip="Propose the introduction", priority=True),
    ]

    def __init__(self, a_id: int) -> None:
        super().__init__()
        self.a_id = a_id
        self.a_name = contacts.get(a_id).name
        self.b_id: int | None = None
        self.b_name = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="introduce"):
            yield Static(line(("Introduce ", "bold $text-accent"), (self.a_name, "bold"), (" to…", "bold $text-accent")), id="introduce-title")
            with VerticalScroll(id="introduce-body", can_focus=False):  # between the fixed title and buttons
                with Horizontal(classes="form-row"):
                    yield Label(Content("Who *"), classes="form-label")
                    yield Input(placeholder="type part of a name, organisation or tag", id="introduce-who", compact=True)
                yield OptionList(id="introduce-results", compact=True)
                yield Label(Content("↑↓ pick · enter choose"), id="error-who", classes="form-error form-help")
                with Horizontal(classes="form-row"):
                    yield Label(plain(f"Why {short_name(self.a_name)} *"), id="label-a", classes="form-label")
                    yield Input(placeholder="what they gain: she is hiring a data engineer", id="introduce-reason-a", compact=True)
                yield Label(Content(""), id="error-reason-a", classes="form-error form-help")
                with Horizontal(classes="form-row"):
                    yield Label(Content("Why B *"), id="label-b", classes="form-label")
                    yield Input(placeholder="what the other one gains", id="introduce-reason-b", compact=True)
                yield Label(Content(""), id="error-reason-b", classes="form-error form-help")
                yield Label(Content(""), id="introduce-status")
            with Horizontal(id="form-buttons"):
                yield Static(Content("ctrl+s propose · esc cancel"), id="form-keys")
                yield Button(Content("Propose"), variant="primary", id="introduce-submit", compact=True)
                yield Button(Content("Cancel"), id="introduce-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#introduce-results", OptionList).display = False
        self._help()
        self.query_one("#introduce-who", Input).focus()

    # --- picking B ------------------------------------------------------------------------------

    @property
    def results(self) -> OptionList:
        return self.query_one("#introduce-results", OptionList)

    def _help(self) -> None:
        """The line under each reason says which way it goes, once B is known."""
        b = self.b_name or "the other person"
        self._say("reason-a", "", f"what {self.a_name} gains from meeting {b}")
        self._say("reason-b", "", f"what {b} gains from meeting {self.a_name}")
        self.query_one("#label-b", Label).update(plain(f"Why {short_name(self.b_name)} *" if self.b_name else "Why B *"))

    def _say(self, name: str, error: str, help_text: str = "") -> None:
        label = self.query_one(f"#error-{name}", Label)
        if error or help_text:
            label.update(plain(error or help_text))
        label.set_class(bool(error), "-invalid")

    @on(Input.Changed, "#introduce-who")
    def _who_changed(self, event: Input.Changed) -> None:
        if self.b_id is not None and event.value == self.b_name:
            return
        self.b_id, self.b_name = None, ""
        self._help()
        self._warn_declined()
        results = self.results
        results.clear_options()
        text = event.value.strip()
        rows = [r for r in search.page(search.Query(text), "name", 0, RESULTS + 1) if r.id != self.a_id][:RESULTS] if text else []
        for r in rows:
            org = " · ".join(p for p in (r.title, r.organization) if p)
            results.add_option(Option(line((r.name, "bold"), (f"  {org}" if org else "", "$text-muted")), id=str(r.id)))
        results.display = bool(rows)
        if rows:
            results.highlighted = 0
        self._say("who", "" if rows or not text else f"nobody matches {text!r}", "↑↓ pick · enter choose")

    def on_key(self, event) -> None:
        """Up and down in the name box move through the results, so the hand never leaves the keys."""
        who = self.query_one("#introduce-who", Input)
        if who.has_focus and event.key in ("up", "down") and self.results.option_count:
            event.stop()
            event.prevent_default()
            (self.results.action_cursor_down if event.key == "down" else self.results.action_cursor_up)()

    @on(Input.Submitted, "#introduce-who")
    def _who_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.b_id is None:
            index = self.results.highlighted
            if index is None:
                self._say("who", "type part of a name, then pick who to introduce them to")
                return
            self._pick(self.results.get_option_at_index(index))
        self.query_one("#introduce-reason-a", Input).focus()

    @on(OptionList.OptionSelected, "#introduce-results")
    def _result_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option)
        self.query_one("#introduce-reason-a", Input).focus()

    def _pick(self, option: Option) -> None:
        person = contacts.get(int(option.id))
        self.b_id, self.b_name = person.id, person.name
        who = self.query_one("#introduce-who", Input)
        with who.prevent(Input.Changed):
            who.value = person.name
        self.results.display = False
        self._say("who", "", f"{person.name}" + (f" · {person.organization}" if person.organization else ""))
        self._help()
        self._warn_declined()

    def _warn_declined(self) -> None:
        """A pair declined before is worth a second thought (proposing it again is still allowed)."""
        status = self.query_one("#introduce-status", Label)
        before = intro_network.declined_before(self.a_id, self.b_id) if self.b_id is not None else None
        status.update(plain(f"Careful: {intro_network.declined_words(before)}." if before else ""))
        status.set_class(before is not None, "-warning")

    # --- proposing ------------------------------------------------------------------------------

    @on(Input.Changed, "#introduce-reason-a, #introduce-reason-b")
    def _reason_changed(self, event: Input.Changed) -> None:
        """A reason showing a problem is checked again as it is typed: the message goes once it is fixed."""
        name = (event.input.id or "").removeprefix("introduce-")
        if not self.query_one(f"#error-{name}", Label).has_class("-invalid"):
            return
        b_name = self.b_name or "the other person"
        who, other = (self.a_name, b_name) if name == "reason-a" else (b_name, self.a_name)
        try:
            introductions.check_reason(event.value, who, other)
        except introductions.IntroError as exc:
            self._say(name, str(exc))
            return
        self._say(name, "", f"what {who} gains from meeting {other}")

    @on(Input.Submitted, "#introduce-reason-a")
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#introduce-reason-b", Input).focus()

    @on(Input.Submitted, "#introduce-reason-b")
    def _last(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def validate(self) -> tuple[str, str] | None:
        """Both reasons, cleaned, or None with every problem shown beside its field."""
        errors: dict[str, str] = {}
        if self.b_id is None:
            errors["who"] = "pick who to introduce them to: type part of a name, then enter"
        b_name = self.b_name or "the other person"
        reasons = []
        for name, who, other in (("reason-a", self.a_name, b_name), ("reason-b", b_name, self.a_name)):
            raw = self.query_one(f"#introduce-{name}", Input).value
            try:
                reasons.append(introductions.check_reason(raw, who, other))
            except introductions.IntroError as exc:
                errors[name] = str(exc)
        self._help()
        for name in ("who", "reason-a", "reason-b"):
            if name in errors:
                self._say(name, errors[name])
        if errors:
            first = next(n for n in ("who", "reason-a", "reason-b") if n in errors)
            self.query_one(f"#introduce-{first}", Input).focus()
            return None
        return reasons[0], reasons[1]

    def action_submit(self) -> None:
        reasons = self.validate()
        if reasons is None:
            return
        app = self.app
        try:
            intro_id = writes.write(
                app, f"introduce {self.a_name} to {self.b_name}", [self.a_id, self.b_id],
                lambda: introductions.propose(self.a_id, self.b_id, reasons[0], reasons[1], app.now()),
                what={writes.INTRODUCTIONS, writes.CONTACTS},
            )
        except (ValueError, OSError, DatabaseError) as exc:
            status = self.query_one("#introduce-status", Label)
            status.update(plain(f"Not proposed: {exc}"))
            status.add_class("-invalid")
            return
        notify(app, f"Proposed: {self.a_name} ↔ {self.b_name}. In the give pane, a asks each side and makes it; u undoes it.")
        self.dismiss(intro_id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#introduce-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#introduce-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
