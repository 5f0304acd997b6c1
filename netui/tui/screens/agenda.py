"""The Agenda: overdue, today, this week, later; act on a reminder without leaving it.

A call reminder shows the person's open give ideas; ``G`` marks the first of them given today.
"""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from netui.core import interactions, karma, reminders
from netui.core.reminders import AgendaGroup, DueItem
from netui.db import db
from netui.tui import forms, probe, writes
from netui.tui.commands import AGENDA, bindings
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import line, notify
from netui.tui.screens.base import ListScreen, copy_reach
from netui.tui.writes import CONTACTS, GIVES, INTERACTIONS, REMINDERS

GROUP_STYLE = {"overdue": "bold $text-error", "today": "bold $text-warning", "this week": "bold $text-accent", "later": "bold $text-muted"}
ACTS = ("done", "snooze", "snooze_ask", "open", "log")  # the keys about the highlighted reminder
KIND_ICON = {
    "follow-up": "✉", "call": "☎", "face-to-face": "●", "birthday": "🎂", "custom": "↻",
    "intro-follow-up": "↔", "keep-in-touch": "∿",
}


class AgendaScreen(ListScreen):
    """What is due, grouped by when; each line says who, why and since when."""

    AUTO_FOCUS = "#agenda-list"
    COMMANDS_LIST = AGENDA
    BINDINGS = bindings(AGENDA)
    HELP_GENERAL = (("↑ ↓", "move between reminders"), ("ctrl+p", "command palette"))

    def compose(self) -> ComposeResult:
        yield Static(id="agenda-title")
        yield OptionList(id="agenda-list")
        yield Static(id="agenda-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._items: dict[str, DueItem] = {}
        self.query_one("#agenda-title", Static).update(line(("Agenda", "bold $text-accent"), ("  reading…", "$text-muted")))
        self.reload()

    @property
    def options(self) -> OptionList:
        return self.query_one("#agenda-list", OptionList)

    def reload(self) -> None:
        """Read what is due on a worker (0.2 to 0.4 s at 100,000 people); the list is redrawn when it is back."""
        self._read(self.app.now())

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def _read(self, now: dt.datetime) -> None:
        try:
            with db.connection_context():  # this thread's own connection
                groups = reminders.agenda(now, limit=100)
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(notify, self.app, f"The agenda could not be read: {exc}", severity="error")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, groups, now)

    def _show(self, groups: list[AgendaGroup], now: dt.datetime) -> None:
        if not self.is_attached:
            return
        self._items = {}
        keep = self.options.highlighted
        self.options.clear_options()
        total = sum(g.total for g in groups)
        for group in groups:
            if not group.total:
                continue
            header = line((f"{group.title.upper()}", GROUP_STYLE.get(group.title, "bold")), (f"  {group.total:,}", "$text-muted"))
            self.options.add_option(Option(header, disabled=True))
            for n, item in enumerate(group.items):
                key = f"{group.title}:{n}"
                self._items[key] = item
                self.options.add_option(Option(self._line(item, now), id=key))
            if group.total > len(group.items):
                more = line((f"   … and {group.total - len(group.items):,} more (triage walks them all: t)", "$text-muted"))
                self.options.add_option(Option(more, disabled=True))
        title = line(("Agenda", "bold $text-accent"), f"  {total:,} item{'s' * (total != 1)}", ("  ·  today is ", "$text-muted"), f"{now:%a %d %b %Y}")
        self.query_one("#agenda-title", Static).update(title)
        if not self._items:
            self.options.add_option(Option(Content("\n").join([
                line(("Nothing is due. Well kept!", "$text-success")),
                line(("Reminders come from the people you add (a on the list: the 48 h follow-up, the 30-day call), "
                      "their birthdays, and netui remind. esc goes back to your contacts.", "$text-muted")),
            ]), disabled=True))
        if keep is not None and keep < self.options.option_count and not self.options.get_option_at_index(keep).disabled:
            self.options.highlighted = keep
        elif self._items:
            self.options.highlighted = next(
                i for i in range(self.options.option_count) if not self.options.get_option_at_index(i).disabled
            )
        self._show_detail()
        self.refresh_bindings()
        probe.later("ready", "agenda")  # the bench's wait for the content (bench.screens)

    def _line(self, item: DueItem, now: dt.datetime) -> Content:
        icon = KIND_ICON.get(item.kind, "·")
        when = reminders.when_words(item.due, now)
        return line((f" {icon} ", "$text-accent"), (item.name, "bold"), (f"  {item.kind}", "italic"), (f"  {when}", "$text-muted"))

    @property
    def current(self) -> DueItem | None:
        index = self.options.highlighted
        if index is None:
            return None
        option = self.options.get_option_at_index(index)
        return self._items.get(option.id or "")

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_open()

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        item = self.current
        detail = self.query_one("#agenda-detail", Static)
        if item is None:
            detail.update(Content(""), layout=False)
            return
        parts = [line((item.name, "bold"), (f"  {item.kind}", "italic")), line(item.why)]
        if item.gives:
            parts.append(line(("give ideas: ", "$text-muted"), " · ".join(item.gives)))
        if item.note:
            parts.append(line(("note: ", "$text-muted"), item.note))
        detail.update(Content("\n").join(parts), layout=False)  # a fixed height (the .tcss): no relayout per row
        self.call_after_refresh(self._keep_in_view)

    def _keep_in_view(self) -> None:
        """The highlighted row stays on screen, where the detail strip's person is."""
        if self.is_attached and self.options.highlighted is not None:
            self.options.scroll_to_highlight()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "give_done":
            return self.current is not None and bool(self.current.gives)
        if action in ACTS:
            return self.current is not None
        return True

    def acting_on(self, action: str) -> int | None:
        item = self.current
        return item.contact_id if item is not None and action in (*ACTS, "give_done") else None

    # --- actions -----------------------------------------------------------------------------

    def _act(self, label: str, item: DueItem, do) -> writes.Attempt:
        """One undoable write about ``item``'s person; a refusal is said."""
        return writes.attempt(self.app, label, [item.contact_id], do, what={REMINDERS, CONTACTS})

    def action_done(self) -> None:
        item = self.current
        now = self.app.now()
        if item.reminder_id is None:
            notify(self.app, f"Keeping in touch with {item.name} is done by logging an interaction (l).")
            return
        done = self._act(f"done: {item.kind} for {item.name}", item, lambda: reminders.done(item.reminder_id, now))
        if not done.ok:
            return
        nxt = done.value
        notify(self.app, f"Done: {item.kind} for {item.name}" + (f"; next on {nxt:%d %b %Y}" if nxt else ""))

    def action_give_done(self) -> None:
        """The first give idea the reminder shows (the person's oldest open one): given today."""
        item = self.current
        idea = karma.first_idea(item.contact_id)
        if idea is None:
            notify(self.app, f"No open give idea for {item.name} any more.")
            return
        done = writes.attempt(self.app, f"give to {item.name}: {idea.text}", [item.contact_id],
                              lambda: karma.give_first_idea(item.contact_id, self.app.now()), what={GIVES, CONTACTS})
        if done.ok:
            notify(self.app, f"Given to {item.name}: {idea.text}. u undoes it.")

    def _snooze(self, item: DueItem, by=None, until=None) -> None:
        now = self.app.now()
        if item.reminder_id is None:
            target = self._act(f"snooze {item.name}", item, lambda: reminders.snooze_contact(item.contact_id, now, by=by, until=until)).value
        else:
            target = self._act(f"snooze {item.kind} for {item.name}", item, lambda: reminders.snooze(item.reminder_id, now, by=by, until=until)).value
        if target:
            notify(self.app, f"Snoozed {item.name} until {target:%d %b %Y}")

    def action_snooze(self) -> None:
        self._snooze(self.current, by="1w")

    def action_snooze_ask(self) -> None:
        item = self.current
        now = self.app.now()
        from netui.core.dates import parse_datetime

        def parse(text: str):
            text = text.strip()
            if text.lower() in ("1d", "1w", "1m") or text[:-1].isdigit():
                reminders.parse_snooze(text)
                return ("by", text)
            return ("until", parse_datetime(text, now))

        spec = FormSpec(f"Snooze {item.name}", [Field("when", "Until", "1w", "1d, 1w, 1m or a date", parse=parse, required=True)], submit="Snooze")
        spec.save = lambda values: self._snooze(item, **{values["when"][0]: values["when"][1]}) or True
        self.app.push_screen(FormScreen(spec))

    def action_open(self) -> None:
        item = self.current
        if item.contact_id:
            self.app.jump_to(item.contact_id)

    def action_copy(self) -> None:
        item = self.current
        if item is not None and item.contact_id:
            copy_reach(self, item.contact_id, item.name)

    def action_log(self) -> None:
        item = self.current
        now = self.app.now()
        kind = {"call": "call", "face-to-face": "in-person", "follow-up": "email"}.get(item.kind, "message")
        spec = forms.log_form(now, item.name, kind)

        def save(values: dict) -> int:
            def log() -> None:
                # The log closes what it answers (the one rule in core), nothing else.
                interactions.log(item.contact_id, values["kind"], values["when"], now,
                                 summary=values.get("summary") or "")

            writes.write(self.app, f"log {values['kind']} with {item.name}", [item.contact_id], log,
                         what={INTERACTIONS, REMINDERS, CONTACTS})
            return item.contact_id

        spec.save = save
        self.app.push_screen(FormScreen(spec))
