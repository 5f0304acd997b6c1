"""Today: the day's finite queue (``netui.core.today``), one card per person, one key to finish each.

The set is fixed when the screen opens, so acting on one person never reshuffles the rest: the
people of ``today.today`` (at most ``[today] limit``), then the folded "let these go?" entry, then a
few contacts not scheduled yet. Each card is read again from the database after every change (what
is still due for a person after a call, a change made elsewhere). Every action is one
``writes.attempt`` (an undo step on the app's stack, then the announcement); the log keys go through
the one logging path (``today.log``), so a log closes what it answers and the notification says what.
``s`` skips a person for today (nothing is written); ``d`` marks their first give idea (the one a call
reminder or "owe" lists first) given today and leaves the card open; ``u`` undoes the newest change.

The queue is read on a worker thread with its own connection (about a second at 100,000 contacts):
the screen's frame and a "reading" line are drawn at once, the cards when the read is back. A write
while it is read (here, by the tick, by another process) starts a newer read, and the older one's
queue is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from netui.core import contacts, karma, lookup, reminders, triage, undo
from netui.core import today as today_mod
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.tui import probe, writes
from netui.tui.commands import TODAY, bindings, first_keys
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import line, notify
from netui.tui.screens.base import NetuiScreen, copy_reach, undo_newest
from netui.tui.widgets.footer import Footer
from netui.tui.widgets.today_cards import TodayList, entry_card, heading, let_go_card, unscheduled_card
from netui.tui.writes import DataChanged

MUTED = "$text-muted"
LET_GO = "let-go"
SKIPPED = "skipped for today"
READING = "reading the queue…"
# The log keys: action -> (interaction kind, what the card and the notification say was done).
LOGS = {"log_call": ("call", "called"), "log_message": ("message", "messaged"),
        "log_email": ("email", "emailed"), "log_met": ("in-person", "met in person")}
PERSON = {"log_call", "log_message", "log_email", "log_met", "skip", "open", "copy", "circle"}
EMPTY = (
    "Nobody needs you today.",
    "No follow-up, call or birthday is due, and nobody is overdue.",
    "",
    "What next: q goes back to your contacts, where",
    "  a adds someone you just met (their 48 h follow-up starts),",
    "  r shows what comes due this week,",
    "  O the overview: who is fading and worth a call.",
)


def _key(kind: str, contact_id: int | None = None) -> str:
    return f"{kind}-{contact_id}" if contact_id is not None else kind


def _contact_of(key: str | None) -> int | None:
    """The contact a card is about (None: the let-go entry, or nothing)."""
    if not key or key == LET_GO:
        return None
    return int(key.rsplit("-", 1)[1])


class TodayScreen(NetuiScreen):
    """The day's queue: who needs you, why, and how to reach them; one key per person."""

    AUTO_FOCUS = "#today-list"
    COMMANDS_LIST = TODAY
    BINDINGS = bindings(TODAY)
    HELP_GENERAL = (("↑ ↓", "move between people"), ("ctrl+p", "command palette: every command, and jump to a contact"))

    def __init__(self) -> None:
        super().__init__()
        self.day: today_mod.Today | None = None
        self.marks: dict[str, str] = {}  # card -> what was done ("called · closed: 48 h follow-up")
        self.history: list[tuple[undo.Snapshot | None, str]] = []  # this screen's writes, newest last
        self._still: dict[int, today_mod.Entry | None] = {}  # a person acted on here: what is still due
        self._live: dict[int, today_mod.Entry | None] = {}  # a person changed since the screen opened
        self._reach: dict[int, lookup.Reach] = {}
        self._after: dict[int, today_mod.Entry | None] = {}  # due after this key's log, as the log read it
        self._fresh: set[int] = set()  # read just after this screen's own write: its announcement skips them

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="today-bar")
        yield TodayList(id="today-list")
        yield Static(Content(""), id="today-empty")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.read()

    # --- reading the queue, off the UI thread ----------------------------------------------------

    _reads = 0  # reads started: a queue read before the latest is dropped
    _unreadable = False  # the latest read failed (said on the bar)

    @property
    def loading(self) -> bool:
        return self.day is None

    @property
    def reading(self) -> bool:
        """Only "reading the queue" is on screen: the app puts off start-up's other work until the cards
        (or the failure) are drawn, so that nothing competes with the first read."""
        return self.day is None and not self._unreadable

    def read(self) -> None:
        """Read the day's queue on a worker; the bar says so until it is back."""
        self._reads += 1
        self._unreadable = False
        self.query_one("#today-bar", Static).update(line(("Today", "bold $text-accent"), (f"  {READING}", MUTED)))
        self._read_queue(self.app.now(), self._reads)

    @work(thread=True, exclusive=True, group="today", exit_on_error=False)
    def _read_queue(self, now: dt.datetime, generation: int) -> None:
        worker = get_current_worker()
        try:
            with db.connection_context():  # this thread's own connection
                day = today_mod.today(now)
                reach = lookup.reach([u.contact_id for u in day.unscheduled])
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(exc), generation)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._arrived, day, reach, generation)

    def _arrived(self, day: today_mod.Today, reach: dict[int, lookup.Reach], generation: int) -> None:
        if not self.is_attached or generation != self._reads:
            return  # a newer read started (something changed meanwhile): its queue follows
        self.day, self._reach = day, reach
        self.redraw()
        probe.later("ready", "today")

    def _failed(self, message: str, generation: int) -> None:
        if self.is_attached and generation == self._reads:
            self._unreadable = True
            self.query_one("#today-bar", Static).update(
                line(("Today", "bold $text-accent"), ("  the queue could not be read (q goes back)", "$text-error")))
            notify(self.app, f"Today's queue could not be read: {message}", severity="error")

    @property
    def cards(self) -> TodayList:
        return self.query_one(TodayList)

    @property
    def current(self) -> str | None:
        return self.cards.current_id

    # --- drawing -----------------------------------------------------------------------------

    def _options(self) -> list[Option | None]:
        day = self.day
        assert day is not None
        width = (self.size.width or self.app.size.width) - 4  # the option padding and the scrollbar
        out: list[Option | None] = []
        for n, entry in enumerate(day.items, 1):
            key = _key("person", entry.contact_id)
            mark = self.marks.get(key)
            live = self._live.get(entry.contact_id, entry)  # as it is now (changed in triage, elsewhere)
            if live is None and mark is None:
                mark = "nothing is due for them any more"
            card = entry_card(n, live or entry, mark, self._still.get(entry.contact_id), width)
            out += [Option(card, id=key), None]
        if day.let_go:
            out.append(heading("Let these go?"))
            out += [Option(let_go_card(day.let_go, self.marks.get(LET_GO), width), id=LET_GO), None]
        if day.unscheduled:
            out.append(heading("Not scheduled yet", "imported, never contacted: sort them"))
            for u in day.unscheduled:
                key = _key("new", u.contact_id)
                out += [Option(unscheduled_card(u, self._reach.get(u.contact_id, lookup.Reach()),
                                                self.marks.get(key), width), id=key), None]
        while out and out[-1] is None:
            out.pop()
        return out

    def redraw(self, select: str | None = None) -> None:
        options = self._options()
        empty = not options
        self.cards.display = not empty
        self.query_one("#today-empty", Static).display = empty
        if empty:
            self.query_one("#today-empty", Static).update(
                Content("\n").join([line((EMPTY[0], "bold $text-success")), *(line((t, MUTED)) for t in EMPTY[1:])]))
        else:
            self.cards.show(options, select)
        self.update_bar()
        self.refresh_bindings()

    def update_bar(self) -> None:
        day = self.day
        assert day is not None
        now = self.app.now()
        people = len(day.items)
        finished = sum(1 for e in day.items if _key("person", e.contact_id) in self.marks)
        parts: list = [("Today", "bold $text-accent"), f"  {now:%a %d %b}  "]
        if not people:
            parts.append(("nobody is due", "$text-success"))
        elif finished == people:
            parts.append((f"all {people} done", "bold $text-success"))
            if day.more:
                parts.append((f" · {day.more:,} more due: t walks them in triage", MUTED))
        else:
            parts.append((f"{finished} of {people} done", "bold"))
            if day.more:
                parts.append((f" · {day.more:,} more due", MUTED))
        # The logging keys, the same as in triage: the footer cannot hold them all at 80 columns.
        logs = " ".join(first_keys(TODAY, ("log_call", "log_message", "log_met", "log_email"), self.app.current_keymap()))
        parts.append((f"   {logs} log · ? keys", MUTED))
        self.query_one("#today-bar", Static).update(line(*parts))

    def on_resize(self) -> None:
        if self.day is not None:
            self.redraw()  # the cards are wrapped to the width

    def data_changed(self, event: DataChanged | None) -> None:
        """What is still due for the people acted on is read again; the cards are redrawn. While the
        queue is being read, it is read again instead (what is on its way may be older)."""
        if self.day is None:
            self.read()
            return
        now = self.app.now()
        fresh, self._fresh = self._fresh, set()
        if event is None or event.external:
            fresh = set()  # changed while hidden, or elsewhere: nobody was read since
        read = event is None
        for entry in self.day.items if self.day is not None else ():
            cid = entry.contact_id
            if (event is None or event.about(cid)) and cid not in fresh:
                self._live[cid] = found = today_mod.entry_for(cid, now)
                read = True
                if cid in self._still:
                    self._still[cid] = found
        if read:  # else the key that wrote has drawn it all already
            self.redraw()

    # --- what applies --------------------------------------------------------------------------

    def acting_on(self, action: str) -> int | None:
        return _contact_of(self.current) if action in PERSON | {"snooze", "let_go"} else None

    def _open(self, key: str | None) -> bool:
        """A card still to decide about (a skipped one can still be acted on)."""
        return key is not None and self.marks.get(key, SKIPPED) == SKIPPED

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        key = self.current
        if key is None and action not in ("back", "help", "undo"):
            return False  # the empty state: only its own way out is offered
        if action in ("open", "copy"):
            return True if _contact_of(key) is not None else None
        if action == "give_done":
            return True if key is not None and key.startswith("person-") else None
        if action == "skip":
            return True if _contact_of(key) is not None and key not in self.marks else None
        if action == "circle":
            return True if key is not None and key.startswith("new-") and self._open(key) else None
        if action in PERSON:
            return True if _contact_of(key) is not None and self._open(key) else None
        if action in ("snooze", "let_go"):
            return True if self._open(key) else None
        if action == "keep":
            return True if key == LET_GO and self._open(key) else None
        return True

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        if self.check_action("open", ()):
            self.action_open()

    # --- doing ---------------------------------------------------------------------------------

    def _done(self, key: str, mark: str, snap: undo.Snapshot | None) -> None:
        """A card is finished: mark it, remember the step for undo, select the next card still open."""
        self.marks[key] = mark
        if snap is not None:
            self.history.append((snap, key))
        cid = _contact_of(key)
        if cid is not None and key.startswith("person-"):  # read once: the write's announcement need not again
            after = self._after.pop(cid) if cid in self._after else today_mod.entry_for(cid, self.app.now())
            self._still[cid] = self._live[cid] = after
            self._fresh.add(cid)
        ids = self.cards.ids()
        after = ids[ids.index(key) + 1:] + ids[: ids.index(key)] if key in ids else ids
        nxt = next((k for k in after if k not in self.marks), key)
        self.redraw(select=nxt)

    def _write(self, key: str, label: str, ids: list[int], do: Callable[[], object],
               mark: Callable[[object], str]) -> bool:
        self._after.clear()  # what a write that did not happen said is due after it
        done = writes.attempt(self.app, label, ids, do, refused="Not done: ", severity="warning")
        if not done.ok:
            return False
        words = mark(done.value)
        notify(self.app, words[0].upper() + words[1:])
        self._done(key, words, self.app.undo_stack.peek())
        return True

    def _shown(self, cid: int) -> today_mod.Entry | None:
        """What the card shows is due for ``cid`` (read again after every change), without a query."""
        if cid in self._live:
            return self._live[cid]
        return next((e for e in self.day.items if e.contact_id == cid), None) if self.day else None

    def _name_of(self, cid: int) -> str:
        return contacts.get(cid).name

    def _log(self, action: str) -> None:
        key = self.current
        cid = _contact_of(key)
        assert key is not None and cid is not None
        kind, verb = LOGS[action]
        now = self.app.now()
        name = self._name_of(cid)
        before = self._shown(cid)
        notes = {r.kind: r.note for r in before.reasons} if before else {}

        def mark(closed) -> str:
            words = [reminders.step_words(k, notes.get(k, "") if k == "custom" else "") for k in closed]
            text = f"{verb} {name}"
            if key.startswith("new-"):
                return text + ": scheduled, keep in touch from today"
            return text + (f" · closed: {', '.join(words)}" if words else " · nothing was due that this answers")

        def do() -> list[str]:
            closed, self._after[cid] = today_mod.log_entry(cid, kind, now)
            return closed

        self._write(key, f"log {kind} with {name}", [cid], do, mark)

    def action_log_call(self) -> None:
        self._log("log_call")

    def action_log_message(self) -> None:
        self._log("log_message")

    def action_log_email(self) -> None:
        self._log("log_email")

    def action_log_met(self) -> None:
        self._log("log_met")

    def action_skip(self) -> None:
        key = self.current
        assert key is not None
        self._done(key, SKIPPED, None)

    def action_open(self) -> None:
        cid = _contact_of(self.current)
        if cid is not None:
            self.app.jump_to(cid)

    def action_copy(self) -> None:
        cid = _contact_of(self.current)
        assert cid is not None
        copy_reach(self, cid, self._name_of(cid))

    def action_snooze(self) -> None:
        key = self.current
        assert key is not None
        now = self.app.now()
        cid = _contact_of(key)
        people = [p.contact_id for p in self.day.let_go] if key == LET_GO and self.day else []
        who = self._name_of(cid) if cid is not None else f"{len(people)} people to let go"
        spec = FormSpec(f"Snooze {who}", [
            Field("when", "Snooze", "1w", "1d, 1w, 1m, 3d, or until a date: dec 24, friday, in 3 weeks",
                  parse=lambda text: triage.parse_snooze(text, now), required=True),
        ], submit="Snooze")

        def do(values: dict):
            by, until = values["when"]
            if cid is None:
                return today_mod.snooze_all(people, now, by=by, until=until)
            if key.startswith("new-"):
                return reminders.snooze_contact(cid, now, by=by, until=until)
            return triage.snooze(cid, now, by=by, until=until)

        def save(values: dict) -> tuple:
            target = writes.write(self.app, f"snooze {who}", [cid] if cid is not None else people, lambda: do(values))
            return (target,)

        def after(result) -> None:
            if result:
                target = result[0]
                words = f"snoozed {who} until {target:%a %d %b %Y}" if target else f"snoozed {who}"
                notify(self.app, words[0].upper() + words[1:])
                self._done(key, words, self.app.undo_stack.peek())

        spec.save = save
        self.app.push_screen(FormScreen(spec), after)

    def action_let_go(self) -> None:
        key = self.current
        assert key is not None
        now = self.app.now()
        if key == LET_GO and self.day is not None:
            ids = [p.contact_id for p in self.day.let_go]
            self._write(key, f"let go of {len(ids)} people", ids, lambda: today_mod.let_go(ids, now),
                        lambda n: f"let go: archived {n} {'person' if n == 1 else 'people'} (u brings them back)")
            return
        cid = _contact_of(key)
        assert cid is not None
        name = self._name_of(cid)
        self._write(key, f"archive {name}", [cid], lambda: contacts.set_archived(cid, True, now),
                    lambda _: f"let go: archived {name} (u brings them back)")

    def action_keep(self) -> None:
        assert self.day is not None
        now = self.app.now()
        ids = [p.contact_id for p in self.day.let_go]
        self._write(LET_GO, f"keep {len(ids)} people", ids, lambda: today_mod.keep(ids, now),
                    lambda n: f"kept {n} {'person' if n == 1 else 'people'}: each comes up again in one cadence")

    def action_circle(self) -> None:
        key = self.current
        cid = _contact_of(key)
        assert key is not None and cid is not None
        now = self.app.now()
        c = contacts.get(cid)
        spec = FormSpec(f"Sort {c.name} into a circle", [
            Field("circle", "Circle", c.circle, options=CIRCLES,
                  help="how close: the circle sets how often to keep in touch"),
        ], submit="Sort")

        def save(values: dict) -> tuple:
            circle = values.get("circle") or c.circle
            due = writes.write(self.app, f"sort {c.name} into {circle}", [cid],
                               lambda: today_mod.schedule(cid, circle, now))
            return (circle, due)

        def after(result) -> None:
            if result:
                circle, due = result
                words = f"sorted {c.name} into {circle}: first touch due {due:%d %b %Y}"
                notify(self.app, words[0].upper() + words[1:])
                self._done(key, words, self.app.undo_stack.peek())

        spec.save = save
        self.app.push_screen(FormScreen(spec), after)

    def action_give_done(self) -> None:
        """Their first open give idea: given today. The card stays open (the call is still to make)."""
        cid = _contact_of(self.current)
        assert cid is not None
        idea = karma.first_idea(cid)
        name = self._name_of(cid)
        if idea is None:
            notify(self.app, f"No open give idea for {name}: g on the contact list notes one.")
            return
        done = writes.attempt(self.app, f"give to {name}: {idea.text}", [cid],
                              lambda: karma.give_first_idea(cid, self.app.now()), refused="Not done: ",
                              severity="warning")
        if done.ok:
            notify(self.app, f"Given to {name}: {idea.text}. u undoes it.")

    def action_triage(self) -> None:
        from netui.tui.screens.triage import TriageScreen  # the screens import each other: on first use

        self.app.push_screen(TriageScreen())

    def action_undo(self) -> None:
        def done(snap: undo.Snapshot) -> None:
            for i in range(len(self.history) - 1, -1, -1):
                step, key = self.history[i]
                if step is snap:
                    del self.history[i]
                    self.marks.pop(key, None)
                    self._still.pop(_contact_of(key) or 0, None)
                    self.redraw(select=key)
                    break
            self.app.refresh_due(snap.contact_ids)  # only the people of the undone step are read again

        undo_newest(self, done)

    def action_back(self) -> None:
        self.app.pop_screen()
