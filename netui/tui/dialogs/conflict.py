"""Changed here and elsewhere: for each field, keep theirs (what is saved now) or mine (what was typed).

The edit form opens this when its save found fields that another process (the CLI, a sync, another
netui) changed since the form was opened and that the user changed too. Nothing was written; the
result is the choice per field (``{"title": "theirs", "note": "mine"}``), or None to go back.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from netui.core.text import sanitize
from netui.tui.safe import line

SIDES = ("theirs", "mine")


@dataclass(frozen=True)
class Conflict:
    """One field, with both values as the form would show them (methods one per line)."""

    name: str
    label: str
    theirs: str
    mine: str


class Choice(Static, can_focus=True):
    """One field's two values, the kept one marked; t/m or left/right choose."""

    BINDINGS = [
        Binding("t", "pick('theirs')", "Theirs", id="conflict.theirs", tooltip="Keep the value saved elsewhere"),
        Binding("m", "pick('mine')", "Mine", id="conflict.mine", tooltip="Keep what you typed"),
        Binding("left,right,space", "toggle", "Switch", show=False),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
    ]

    choice = reactive("mine")

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(id=f"choice-{conflict.name}", classes="conflict-choice")
        self.conflict = conflict

    def render(self) -> Content:
        c = self.conflict
        label = Content.styled(("▸ " if self.has_focus else "  ") + sanitize(c.label), "bold")
        rows = [label]
        for side, value in zip(SIDES, (c.theirs, c.mine), strict=True):
            kept = self.choice == side
            lines = [sanitize(text) for text in value.split("\n")] if value else ["(empty)"]
            style = "bold" if kept else "$text-muted"
            prefix = f"  {'●' if kept else '○'} {side:<6}  "
            rows.append(Content.assemble((prefix, "bold $text-accent" if kept else "$text-muted"), (lines[0], style)))
            rows += [Content.assemble(" " * len(prefix), (more, style)) for more in lines[1:]]
        return Content("\n").join(rows)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_pick(self, side: str) -> None:
        self.choice = side

    def action_toggle(self) -> None:
        self.choice = "theirs" if self.choice == "mine" else "mine"


class ConflictScreen(ModalScreen[dict[str, str] | None]):
    """Each conflicting field with theirs and mine; enter saves with the chosen values, escape goes back."""

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="conflict.back", tooltip="Back to the form; nothing saved"),
        Binding("ctrl+s", "save", "Save", id="conflict.save", tooltip="Save with the chosen values", priority=True),
        Binding("enter", "save", "Save", show=False),  # not over the buttons: enter on Back goes back
        Binding("T", "all('theirs')", "All theirs", id="conflict.all-theirs"),
        Binding("M", "all('mine')", "All mine", id="conflict.all-mine"),
    ]

    def __init__(self, name: str, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.who = name
        self.conflicts = conflicts

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict"):
            with Vertical(id="conflict-head"):  # the head and the buttons stay put: only the fields scroll
                yield Static(line("Changed elsewhere while you edited ", (self.who, "bold")), id="conflict-title")
                yield Static(Content(
                    "Nothing is saved yet. For each field keep theirs (saved meanwhile) or mine (typed "
                    "here); your other changes are saved as they are."
                ), id="conflict-text")
            with Horizontal(id="conflict-buttons"):
                yield Static(Content("t/m or ←→ choose · T/M all · enter save · esc back"), id="conflict-keys")
                yield Button(Content("Save"), variant="primary", id="conflict-save", compact=True)
                yield Button(Content("Back"), id="conflict-back", compact=True)
            with VerticalScroll(id="conflict-fields", can_focus=False):
                for conflict in self.conflicts:
                    yield Choice(conflict)

    def on_mount(self) -> None:
        self.query(Choice).first().focus()

    def choices(self) -> dict[str, str]:
        return {choice.conflict.name: choice.choice for choice in self.query(Choice)}

    def action_all(self, side: str) -> None:
        for choice in self.query(Choice):
            choice.choice = side

    def action_save(self) -> None:
        self.dismiss(self.choices())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#conflict-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#conflict-back")
    def _back_pressed(self) -> None:
        self.action_cancel()
