"""The give pane: what you can do for someone, what you did, what they did for you, their introductions.

Balances and rows come from ``gives`` and ``introductions``; each introduction shows both sides (who
was asked, who answered and how) and who asked for it. Its keys post ``Picked`` and the main screen
acts (widgets do not reach for screens). ``hanging`` (a hanging indent) is shared with the other panes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netui.core import contacts, gives, introductions
from netui.tui.commands import GIVE_PANE, bindings, first_keys
from netui.tui.layout import hang
from netui.tui.safe import line, notify
from netui.tui.widgets.line_pane import Pane
from netui.tui.writes import ActsOnContact

LABEL = "$text-muted"
HEAD = "bold $text-accent"


def _lines(parts: list[Content]) -> Content:
    return Content("\n").join(parts)


class GiveItems(OptionList):
    """The give pane's lines: open ideas and introductions can be highlighted and acted on."""


class GivePane(ActsOnContact, Pane, can_focus=False):
    """What you can do for them, what you did, what they did for you, and their introductions.

    Balances and rows come from ``gives`` and ``introductions``. Its list takes the focus (tab from
    the contact list): d marks the highlighted idea given, x drops it, a moves an introduction on
    (asked, made, declined), o says how it went, R changes its reasons. Each is undoable with u.
    """

    BINDINGS = bindings(GIVE_PANE)
    HISTORY = 40  # older entries are summed up in one line
    ROW_KEYS = ("give_done", "give_drop", "intro_advance", "intro_outcome", "intro_reasons")

    @dataclass
    class Picked(Message):
        """A key asks for ``action`` on the highlighted idea or introduction (``row_id``); the screen does it."""

        pane: GivePane
        action: str  # one of ROW_KEYS
        row_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contact_id: int | None = None

    def compose(self):
        yield GiveItems(id="give-items", compact=True)

    @property
    def items(self) -> GiveItems:
        return self.query_one(GiveItems)

    def show(self, contact_id: int | None, now: dt.datetime) -> None:
        items = self.items
        same = contact_id is not None and contact_id == self.contact_id
        index = items.highlighted if same else None
        keep = items.get_option_at_index(index).id if index is not None and index < items.option_count else None
        items.clear_options()
        self.contact_id = None
        if contact_id is None:
            return
        try:
            options = self.build_options(contact_id, now)
        except contacts.NotFound:
            return
        self.contact_id = contact_id
        items.add_options(options)
        # Back on the same row after a write; on the row that took its place if it left the list.
        ids = [o.id for o in options]
        selectable = [i for i, o in enumerate(options) if not o.disabled]
        if keep is not None and keep in ids:
            items.highlighted = ids.index(keep)
        elif selectable:
            after = [i for i in selectable if i >= (index or 0)]
            items.highlighted = after[0] if after else selectable[-1]
        if not same:
            items.scroll_home(animate=False, immediate=True)

    def build(self, contact_id: int, now: dt.datetime) -> Content:
        """The pane as one block of text (what it shows, without the cursor)."""
        return _lines([o.prompt for o in self.build_options(contact_id, now)])

    def on_resize(self) -> None:
        if self.contact_id is not None:  # long lines are wrapped to the width, with hanging indents
            self.show(self.contact_id, self.app.now())

    def build_options(self, contact_id: int, now: dt.datetime) -> list[Option]:
        width = max(0, self.items.scrollable_content_region.width - 1)  # room for a scrollbar

        c = contacts.get(contact_id)
        rows = gives.for_contact(contact_id)
        bal = gives.balance(contact_id)
        intros = introductions.for_contact(contact_id)
        out: list[Option] = []

        def text(content: Content) -> None:
            out.append(Option(content, disabled=True))

        text(line((c.name, "bold")))
        ideas_word = f" · {bal.open_ideas} idea{'s' * (bal.open_ideas != 1)} open" if bal.open_ideas else ""
        text(line(("balance  ", LABEL), (f"you gave {bal.given} · received {bal.received}", "bold"), (ideas_word, LABEL)))
        if gives.only_takes(contact_id):
            text(line(("so far only received: what could you give them?", "italic $text-warning")))
        text(Content(""))
        text(line(("Ideas", HEAD), ("  what you could do for them", LABEL)))
        ideas = [g for g in rows if g.direction == "idea" and g.status == "open"]
        if not ideas:
            text(line(("  none yet: g notes one", LABEL)))
        for g in ideas:
            lead = f" · lead #{g.lead}" if g.lead else ""
            body = line((g.text, ""), (f"  {g.kind}{lead}", LABEL))
            out.append(Option(hanging(line(("○ ", "$text-accent")), body, width), id=f"idea:{g.id}"))
        text(Content(""))
        text(line(("Introductions", HEAD), (f"  {len(intros)}" if intros else "  I introduces them to someone", LABEL)))
        for i in intros:
            out.append(Option(_intro_lines(i, contact_id, width), id=f"intro:{i.id}"))
        history = [g for g in rows if not (g.direction == "idea" and g.status == "open")]
        if history:
            text(Content(""))
            text(line(("History", HEAD), (f"  {len(history)}", LABEL)))
            for g in history[: self.HISTORY]:
                text(_history_line(g, width))
            if len(history) > self.HISTORY:
                text(line((f"  … and {len(history) - self.HISTORY} earlier", LABEL)))
        if ideas or intros:
            text(Content(""))
            text(line(("tab: d given · x drop · > advance · h how it went", LABEL)))
        return out

    # --- actions (while the list has the focus) -----------------------------------------------

    def _current(self) -> tuple[str, int] | None:
        index = self.items.highlighted
        if index is None or index >= self.items.option_count or self.contact_id is None:
            return None
        kind, _, number = (self.items.get_option_at_index(index).id or "").partition(":")
        return (kind, int(number)) if number else None

    def take_focus_for(self, kind: str) -> bool:
        """Focus the list on a ``kind`` row ("intro", "idea"): the highlighted one, else the first.

        False when there is none. The screen calls this when a pane key is pressed on the give tab
        before the focus is in the pane, so the key does what the pane says it does."""
        items = self.items
        rows = [i for i in range(items.option_count) if (items.get_option_at_index(i).id or "").startswith(f"{kind}:")]
        if not rows:
            return False
        if items.highlighted not in rows:
            items.highlighted = rows[0]
        items.focus()
        return True

    def _picked(self, kind: str, hint: str) -> int | None:
        """The highlighted row's id if it is a ``kind`` ("idea" or "intro"); else say what the key is for."""
        current = self._current()
        if current is not None and current[0] == kind:
            return current[1]
        what = "an open idea" if kind == "idea" else "an introduction"
        notify(self.app, f"Highlight {what} first ({hint}).")
        return None

    def acting_on(self, action: str) -> int | None:
        return self.contact_id if action in self.ROW_KEYS else None

    def _ask(self, action: str, kind: str, hint: str) -> None:
        key = first_keys(GIVE_PANE, (action,), self.app.current_keymap())[0]  # as remapped
        row_id = self._picked(kind, f"{key} {hint}")
        if row_id is not None:
            self.post_message(self.Picked(self, action, row_id))

    def action_give_done(self) -> None:
        self._ask("give_done", "idea", "marks an idea given")

    def action_give_drop(self) -> None:
        self._ask("give_drop", "idea", "drops an idea")

    def action_intro_advance(self) -> None:
        self._ask("intro_advance", "intro", "moves an introduction on")

    def action_intro_outcome(self) -> None:
        self._ask("intro_outcome", "intro", "says how an introduction went")

    def action_intro_reasons(self) -> None:
        self._ask("intro_reasons", "intro", "changes the reasons of an introduction")

    def action_leave(self) -> None:
        target = self.screen.query("#list")
        if target:
            target.first().focus()


STATUS_STYLE = {"proposed": "$text-warning", "asked-a": "$text-warning", "asked-b": "$text-warning", "made": "$text-success", "declined": LABEL}
OUTCOME_STYLE = {"helpful": "bold $text-success", "neutral": "", "wasted-time": "$text-error"}


def _first_name(name: str) -> str:
    return (name.split() or [name])[0]


def hanging(label: Content, body: Content, width: int) -> Content:
    """``label`` then ``body`` wrapped beside it (``layout.hang``), as one block of lines."""
    return _lines(hang(label, body, width))


def _intro_lines(i, contact_id: int, width: int = 0) -> Content:
    """One introduction seen from ``contact_id``: the other person, where it stands, and both reasons."""
    if contact_id in (i.a_id, i.b_id):
        other_id, other = i.other(contact_id)
        head = [("↔ ", "$text-accent"), (other, "bold")]
        sides = [(contact_id, i.reason_for(contact_id)), (other_id, i.reason_for(other_id))]
    else:
        head = [("↔ ", "$text-accent"), (f"{i.a_name} and {i.b_name}", "bold"), ("  they asked you", LABEL)]
        sides = [(i.a_id, i.reason_a), (i.b_id, i.reason_b)]
    status = {"asked-a": f"asked {_first_name(i.a_name)}", "asked-b": f"asked {_first_name(i.b_name)}"}.get(i.status, i.status)
    when = i.made_on if i.status == "made" and i.made_on else i.proposed_on
    head.append((f"  {status} {when:%d %b %Y}" if when else f"  {status}", STATUS_STYLE.get(i.status, "")))
    if i.outcome:
        head += [(" · ", LABEL), (i.outcome.replace("-", " "), OUTCOME_STYLE.get(i.outcome, ""))]
    parts = [line(*head)]
    names = {i.a_id: i.a_name, i.b_id: i.b_name}
    for cid, reason in sides:
        body = line((reason or "(no reason yet: R)", "" if reason else "italic $text-warning"))
        parts.append(hanging(line((f"   for {_first_name(names[cid])}: ", LABEL)), body, width))
    if i.sides:
        parts.append(hanging(line(("   sides: ", LABEL)), _sides(i.sides), width))
    if i.history:
        last = i.history[-1]
        more = f" (+{len(i.history) - 1} earlier)" if len(i.history) > 1 else ""
        parts.append(hanging(line((f"   {last.on:%d %b}: ", LABEL)), line(last.note, (more, LABEL)), width))
    if i.requested_by_id and i.requested_by_id not in (contact_id,):
        parts.append(line((f"   asked by {i.requested_by_name}", LABEL)))
    return _lines(parts)


SIDE_STYLE = {"accepted": "$text-success", "declined": "$text-error", "no answer": "$text-error", "asked": "$text-warning"}


def _sides(sides) -> Content:
    """Each side of the double opt-in: "Gary accepted 03 Dec · Mary asked 02 Dec" (not asked: said so)."""
    parts: list = []
    for s in sides:
        when = s.answered_on if s.answer else s.asked_on
        if parts:
            parts.append((" · ", LABEL))
        parts += [(_first_name(s.name), "bold"), (f" {s.state}", SIDE_STYLE.get(s.state, LABEL)),
                  (f" {when:%d %b}" if when else "", LABEL)]
    return line(*parts)


def _history_line(g, width: int = 0) -> Content:
    arrow = {"given": "→ gave ", "received": "← got  ", "idea": "  idea "}.get(g.direction, "")
    when = g.done_on or g.created_on
    state = "" if g.status == "done" else f"  {g.status}"
    outcome = f" · {g.outcome.replace('-', ' ')}" if g.outcome else ""
    return hanging(line((f"{when:%d %b %Y} ", LABEL), (arrow, "$text-accent")), line((g.text, "$text"), (state + outcome, LABEL)), width)
