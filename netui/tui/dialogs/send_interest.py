"""Send this to everyone interested in X: pick an interest, say what you send, mark who gets it.

The method keeps relationships warm by sending someone an item about what they care about. The
interests are tags (``netui.core.interests``): picking one lists who has it, everyone marked; space
unmarks (or marks again) the highlighted person, ``a`` marks or unmarks them all. ctrl+s sends it:
for each person marked, a message logged and a favour given, in one transaction and one undo step.
The result is how many people it went to, or None when cancelled.
"""

from __future__ import annotations

from peewee import DatabaseError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from netui.core import formats, interests
from netui.tui import writes
from netui.tui.safe import line, notify, plain

KIND_WORDS = {"email": "an email", "message": "a message"}


class SendInterestScreen(ModalScreen[int | None]):
    """Pick an interest, say what you send, mark who gets it, send (ctrl+s)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="send_interest.cancel", tooltip="Close without sending"),
        Binding("ctrl+s", "submit", "Send", id="send_interest.send", priority=True,
                tooltip="Log a message with each person marked and record it as given"),
        Binding("ctrl+a", "toggle_all", "All/none", id="send_interest.all", priority=True,
                tooltip="Mark everyone, or nobody"),
    ]

    def __init__(self, tag: str = "") -> None:
        super().__init__()
        self.found = interests.interests()
        self.tag = tag if any(i.key == tag for i in self.found) else ""
        self.people: list[interests.Interested] = []

    def compose(self) -> ComposeResult:
        options = [(plain(f"{i.shown} · {i.people}"), i.key) for i in self.found]
        with Vertical(id="send-interest"):
            yield Static(line(("Send to everyone interested in…", "bold $text-accent")), id="send-interest-title")
            with Horizontal(classes="form-row"):
                yield Label(Content("Interest *"), classes="form-label")
                yield Select(options, prompt="pick an interest (a tag)", value=self.tag or Select.NULL,
                             id="send-interest-tag", compact=True)
            with Horizontal(classes="form-row"):
                yield Label(Content("What *"), classes="form-label")
                yield Input(placeholder="the article, the link, the event", id="send-interest-what", compact=True)
            with Horizontal(classes="form-row"):
                yield Label(Content("Sent by"), classes="form-label")
                yield Select([(Content(k), k) for k in interests.SEND_KINDS], value="email", allow_blank=False,
                             id="send-interest-kind", compact=True)
            yield Label(Content(""), id="send-interest-who")
            yield SelectionList[int](id="send-interest-people", compact=True)
            yield Label(Content(""), id="send-interest-status")
            with Horizontal(id="form-buttons"):
                yield Static(Content("space mark · ctrl+a all · ctrl+s send"), id="form-keys")
                yield Button(Content("Send"), variant="primary", id="send-interest-submit", compact=True)
                yield Button(Content("Cancel"), id="send-interest-cancel", compact=True)

    def on_mount(self) -> None:
        self._fill()
        target = "#send-interest-what" if self.tag else "#send-interest-tag"
        self.query_one(target).focus()
        if not self.found:
            self._status("Nobody has an interest yet: add tags to people (e on a contact) first.")

    # --- who gets it ---------------------------------------------------------------------------

    @property
    def chooser(self) -> SelectionList[int]:
        return self.query_one("#send-interest-people", SelectionList)

    @on(Select.Changed, "#send-interest-tag")
    def _tag_changed(self, event: Select.Changed) -> None:
        self.tag = "" if event.value is Select.NULL else str(event.value)
        self._fill()

    def _fill(self) -> None:
        """Everyone with the interest, all marked: sending to them all is the usual case."""
        self.people = interests.interested(self.tag) if self.tag else []
        chooser = self.chooser
        chooser.clear_options()
        chooser.add_options([(self._person(p), p.contact_id, True) for p in self.people])
        chooser.display = bool(self.people)
        chooser.highlighted = 0 if self.people else None
        self._count()

    @staticmethod
    def _person(p: interests.Interested) -> Content:
        return line((p.name, "bold"), (f"  {p.organization}" if p.organization else "", "$text-muted"))

    @on(SelectionList.SelectedChanged)
    def _count(self) -> None:
        marked, total = len(self.chooser.selected), len(self.people)
        words = (f"{marked:,} of {total:,} marked to get it" if self.tag else "pick an interest to see who has it")
        self.query_one("#send-interest-who", Label).update(line(("Who ", "bold"), (words, "$text-muted")))

    def action_toggle_all(self) -> None:
        if len(self.chooser.selected) == len(self.people):
            self.chooser.deselect_all()
        else:
            self.chooser.select_all()

    # --- sending ---------------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        status = self.query_one("#send-interest-status", Label)
        status.update(plain(text))
        status.set_class(bool(text), "-invalid")

    def action_submit(self) -> None:
        what = self.query_one("#send-interest-what", Input).value.strip()
        kind = str(self.query_one("#send-interest-kind", Select).value)
        chosen = [p for p in self.people if p.contact_id in set(self.chooser.selected)]
        if not self.tag:
            self._status("Pick an interest first.")
            return
        if not what:
            self._status("Say what you are sending.")
            self.query_one("#send-interest-what", Input).focus()
            return
        if not chosen:
            self._status("Nobody is marked: space marks the highlighted person, ctrl+a everyone.")
            return
        app = self.app
        ids = [p.contact_id for p in chosen]
        try:
            writes.write(app, f"send {what!r} to {len(ids)} interested in {self.tag}", ids,
                         lambda: interests.send(ids, what, app.now(), kind=kind),
                         what={writes.INTERACTIONS, writes.GIVES, writes.REMINDERS, writes.CONTACTS})
        except (ValueError, OSError, DatabaseError) as exc:
            self._status(f"Not sent: {exc}")
            return
        people = formats.count(len(ids), "person", "people")
        notify(app, f"Sent to {people} interested in {self.tag}: {KIND_WORDS[kind]} logged and a favour given "
                    f"for each. u undoes it.")
        self.dismiss(len(ids))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#send-interest-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#send-interest-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
