"""Merging two contacts who are one person: pick the second, then pick field by field, then merge.

``PickPersonScreen`` offers the selected contact's likely duplicates (the same email or phone, or a
close name at the same organisation) and finds anyone else by typing part of a name. ``MergeScreen``
shows both sides field by field; ↑↓ move over the fields where they differ, ``a`` keeps A's value,
``b`` keeps B's, ``n`` keeps both notes; ``ctrl+s`` merges B into A as one undoable step (``u`` brings
B back). What moves (interactions, gives, introductions, reminders...) is counted under the table.
"""

from __future__ import annotations

from peewee import DatabaseError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from netui.core import contacts, duplicates, merge_people, search
from netui.core.contacts import ContactInput, Method
from netui.tui import writes
from netui.tui.safe import line, notify, plain

RESULTS = 6
LABEL = 14  # the field names' column


def likely_duplicates(a_id: int) -> list[tuple[int, str, str]]:
    """(id, name, why) of the people who look like ``a_id``, as ``netui duplicates`` would pair them."""
    c = contacts.get(a_id)
    methods = contacts.methods_of(a_id)
    data = ContactInput(name=c.name, organization=c.organization or "",
                        add_methods=[Method(m.kind, m.value) for kind in ("email", "phone") for m in methods[kind]])
    return [(m.contact_id, m.name, f"{m.reason} {m.detail}".strip()) for m in duplicates.similar(data, exclude=a_id)]


class PickPersonScreen(ModalScreen[int | None]):
    """Who to merge into the selected contact: their likely duplicates first, anyone by typing a name."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="merge_pick.cancel", tooltip="Close without merging")]

    def __init__(self, a_id: int) -> None:
        super().__init__()
        self.a_id = a_id
        self.a_name = contacts.get(a_id).name

    def compose(self) -> ComposeResult:
        with Vertical(id="merge-pick"):
            yield Static(line(("Merge ", "bold $text-accent"), (self.a_name, "bold"), (" with…", "bold $text-accent")),
                         id="merge-pick-title")
            with Horizontal(classes="form-row"):
                yield Label(Content("Who"), classes="form-label")
                yield Input(placeholder="type part of a name", id="merge-who", compact=True)
            yield OptionList(id="merge-results", compact=True)
            yield Label(Content(""), id="merge-pick-help", classes="form-help")

    def on_mount(self) -> None:
        self._offer("")
        self.query_one("#merge-who", Input).focus()

    @property
    def results(self) -> OptionList:
        return self.query_one("#merge-results", OptionList)

    def _offer(self, text: str) -> None:
        results = self.results
        results.clear_options()
        if text:
            rows = [(r.id, r.name, " · ".join(p for p in (r.title, r.organization) if p))
                    for r in search.page(search.Query(text), "name", 0, RESULTS + 1) if r.id != self.a_id][:RESULTS]
        else:
            rows = likely_duplicates(self.a_id)[:RESULTS]
        for cid, name, why in rows:
            results.add_option(Option(line((name, "bold"), (f"  #{cid}", "$text-muted"), (f"  {why}" if why else "", "$text-muted")),
                                      id=str(cid)))
        results.display = bool(rows)
        if rows:
            results.highlighted = 0
        if rows:
            words = "likely duplicates: ↑↓ pick · enter choose" if not text else "↑↓ pick · enter choose"
        else:
            words = f"nobody matches {text!r}" if text else "nobody looks like them: type part of a name"
        self.query_one("#merge-pick-help", Label).update(plain(words))

    @on(Input.Changed, "#merge-who")
    def _who_changed(self, event: Input.Changed) -> None:
        self._offer(event.value.strip())

    def on_key(self, event) -> None:
        """Up and down in the name box move through the results."""
        if self.query_one("#merge-who", Input).has_focus and event.key in ("up", "down") and self.results.option_count:
            event.stop()
            event.prevent_default()
            (self.results.action_cursor_down if event.key == "down" else self.results.action_cursor_up)()

    @on(Input.Submitted, "#merge-who")
    def _chosen(self, event: Input.Submitted) -> None:
        event.stop()
        at = self.results.highlighted
        if at is None or not self.results.option_count:
            return
        option_id = self.results.get_option_at_index(at).id
        self.dismiss(int(option_id) if option_id else None)

    @on(OptionList.OptionSelected, "#merge-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MergeScreen(ModalScreen[int | None]):
    """Both sides field by field; a / b / n pick, ctrl+s merges B into A (one undo step). Result: A's id."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="merge.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="merge.down"),
        Binding("a", "keep('a')", "Keep A", id="merge.keep_a"),
        Binding("b", "keep('b')", "Keep B", id="merge.keep_b"),
        Binding("n", "keep('both')", "Both notes", id="merge.keep_both"),
        Binding("ctrl+s", "merge", "Merge", id="merge.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="merge.cancel"),
    ]

    def __init__(self, a_id: int, b_id: int) -> None:
        super().__init__()
        self.preview = merge_people.preview(a_id, b_id)
        self.rows = [f for f in self.preview.fields if f.a or f.b]
        self.choosable = [i for i, f in enumerate(self.rows) if f.differs]
        self.keep: dict[str, str] = {}
        self.cursor = 0  # an index into ``choosable``

    def compose(self) -> ComposeResult:
        p = self.preview
        with Vertical(id="merge"):
            yield Static(line(("Merge ", "bold $text-accent"), (f"#{p.b_id} {p.b_name}", "bold"), (" (B) into ", "bold $text-accent"),
                              (f"#{p.a_id} {p.a_name}", "bold"), (" (A)", "bold $text-accent")), id="merge-title")
            yield Static(Content(""), id="merge-table")
            yield Static(line(("B's records move to A: ", "$text-muted"), (merge_people.moving_words(p.moving), "")),
                         id="merge-moving")
            yield Label(Content(""), id="merge-status")
            with Horizontal(id="form-buttons"):
                keys = "↑↓ a/b pick · n both notes · ctrl+s merge · esc cancel"
                yield Static(Content(keys if self.choosable else "ctrl+s merge · esc cancel"), id="merge-keys")
                yield Button(Content("Merge"), variant="error", id="merge-submit", compact=True)

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def side(self, key: str, default: str) -> str:
        return self.keep.get(key, default)

    def draw(self) -> None:
        table = self.query_one("#merge-table", Static)
        width = max(40, table.size.width or 76)
        column = (width - LABEL - 4) // 2
        current = self.choosable[self.cursor] if self.choosable else None
        out = [line(("", ""), (f"{'':<{LABEL}}", ""), (f"  {'A':<{column}}", "bold"), (f"  {'B':<{column}}", "bold"))]
        for i, f in enumerate(self.rows):
            kept = self.side(f.key, f.default) if f.differs else ("a" if f.a else "b")
            cells = []
            for which, value in (("a", f.a), ("b", f.b)):
                text = (value.splitlines()[0] if value else "") + (" …" if value.count("\n") else "")
                text = text if len(text) <= column - 2 else text[: column - 3] + "…"
                on = kept in (which, "both") and bool(value)
                cells.append((f"{'●' if on and f.differs else ' '} {text:<{column - 2}}", "bold" if on else "$text-muted"))
            row = line((f"{f.label:<{LABEL}}", "$text-muted"), ("  ", ""), cells[0], ("  ", ""), cells[1])
            out.append(row.stylize("on $accent 30%") if i == current else row)
        if not self.choosable:
            out.append(line(("Nothing to choose: where one side is empty, the other's value is kept.", "$text-muted")))
        table.update(Content("\n").join(out))

    def action_move(self, by: int) -> None:
        if self.choosable:
            self.cursor = max(0, min(len(self.choosable) - 1, self.cursor + by))
            self.draw()

    def action_keep(self, side: str) -> None:
        if not self.choosable:
            return
        f = self.rows[self.choosable[self.cursor]]
        if side not in merge_people.SIDES[f.key]:
            notify(self.app, f"The {f.label}: a or b (only notes can keep both).", severity="warning")
            return
        self.keep[f.key] = side
        self.draw()

    def action_merge(self) -> None:
        p = self.preview
        now = self.app.now()
        keep = dict(self.keep)
        try:
            done = writes.write(self.app, f"merge {p.b_name} into {p.a_name}", [p.a_id, p.b_id],
                                lambda: merge_people.merge(p.a_id, p.b_id, now, keep))
        except (ValueError, OSError, DatabaseError) as exc:  # one of them was deleted or changed meanwhile; a locked file
            status = self.query_one("#merge-status", Label)
            status.update(plain(f"Not merged: {exc}"))
            status.add_class("-invalid")
            return
        notify(self.app, f"Merged {p.b_name} into {done.name}: {done.moved} records moved, "
                         f"{done.dropped} repeats dropped. Press u to undo.")
        self.dismiss(p.a_id)

    @on(Button.Pressed, "#merge-submit")
    def _pressed(self) -> None:
        self.action_merge()

    def action_cancel(self) -> None:
        self.dismiss(None)
