"""Triage: the people who need attention now, one card at a time, one key to act, every action undoable.

The walk is a ``netui.core.triage.Session``: the set of people is fixed when the screen opens, so
acting on one never reshuffles the rest, and the card is read from the database each time it is shown
(and again on every ``DataChanged``, so a change made elsewhere shows at once). Every action is one
``writes.write`` (an undo step on the app's stack, then the announcement); ``u`` here undoes this
walk's actions only, newest first, and returns to the card.

Who is in today's walk (Today's queue, about a second at 100,000 contacts) and the fading walk are
read on a worker thread with its own connection: the bar says so at once, the first card follows.
A write meanwhile starts a newer read, and the older one's people are dropped. The walk itself (a
temporary table) is made on the UI thread's connection, where the cards are read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from netui.core import contacts, settings, stats, today, triage, undo
from netui.core.vocab import CIRCLES
from netui.db import db
from netui.tui import probe, writes
from netui.tui.commands import TRIAGE, bindings
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import line, notify
from netui.tui.screens.base import NetuiScreen, copy_reach, undo_newest
from netui.tui.widgets.triage_card import CARD_KEYS as CARD_KEYS
from netui.tui.widgets.triage_card import NOTE_KEYS as NOTE_KEYS
from netui.tui.widgets.triage_card import CardView, Done, card_rows
from netui.tui.widgets.triage_card import Row as Row
from netui.tui.widgets.triage_card import _row as _row
from netui.tui.writes import DataChanged

LABEL = "$text-muted"
HEAD = "bold $text-accent"
WIDTH = 11  # the label column

# The four logging keys: action suffix -> (interaction kind, what the notification says once it is
# done, what the note form's title says before anything is saved).
LOGS = {
    "call": ("call", "Logged a call with", "Log a call with"),
    "met": ("in-person", "Logged a meeting with", "Log a meeting with"),
    "email": ("email", "Logged an email to", "Log an email to"),
    "message": ("message", "Logged a message to", "Log a message to"),
}
NEEDS_PERSON = {
    "log_call", "log_met", "log_email", "log_message", "log_call_note", "log_met_note", "log_email_note",
    "log_message_note", "snooze", "snooze_ask", "cadence", "give", "give_done", "note", "archive", "open",
}


class TriageScreen(NetuiScreen):
    """One person at a time, most urgent first; single keys act, ``u`` undoes, ``q`` leaves."""

    AUTO_FOCUS = "#triage-card"
    COMMANDS_LIST = TRIAGE
    BINDINGS = bindings(TRIAGE)
    HELP_GENERAL = (("ctrl+p", "command palette: every command, and jump to a contact by name"),)

    def __init__(self, session: triage.Session | None = None, *, everyone: bool = False, fading: bool = False) -> None:
        """A walk through Today's queue, or through ``everyone`` due or fading (``w`` switches to that),
        or through exactly the overview's ``fading`` list, in its order (``netui triage --fading``, ``t``
        on the overview)."""
        super().__init__()
        self.session = session
        self.everyone = everyone
        self.fading = fading
        self.history: list[Done] = []  # this walk's actions, oldest first
        self._applies: tuple = ()
        self._shown: int | None = None  # the contact whose card is on screen (None: summary, or deleted)

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="triage-bar")
        with VerticalScroll(id="triage-card"):
            yield CardView(id="triage-body")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        paused = self.app.paused_triage
        if self.session is None and paused is not None and not self.fading:
            self.session, self.history = paused
            self.app.paused_triage = None
            notify(self.app, f"Back in triage at {self.session.progress()}.")
        elif self.session is None and self.everyone:
            self.session = self._start(True)
        elif self.session is None:
            self.read()
            return
        self.show()

    def _start(self, everyone: bool, ids: list[int] | None = None) -> triage.Session:
        """The walk: everyone due or fading (the queue's SQL fills the walk's table), else ``ids`` as read."""
        now = self.app.now()
        if everyone:
            return triage.Session(now, None)
        return triage.Session(now, ids or [], label="fading" if self.fading else "")

    # --- who is in the walk, read off the UI thread ----------------------------------------------

    _reads = 0  # reads started: a read before the latest is dropped

    def read(self) -> None:
        self._reads += 1
        self.query_one("#triage-bar", Static).update(line(("Triage", "bold $text-accent"), ("  reading the queue…", LABEL)))
        self._read_ids(self.app.now(), self._reads)

    @work(thread=True, exclusive=True, group="triage", exit_on_error=False)
    def _read_ids(self, now: dt.datetime, generation: int) -> None:
        worker = get_current_worker()
        try:
            with db.connection_context():  # this thread's own connection
                ids = stats.fading_ids() if self.fading else [e.contact_id for e in today.today(now).items]
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(exc), generation)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._arrived, ids, generation)

    def _arrived(self, ids: list[int], generation: int) -> None:
        if not self.is_attached or generation != self._reads or self.session is not None:
            return  # a newer read started (something changed meanwhile), or w started another walk
        self.session = self._start(False, ids)
        self.show()
        probe.later("ready", "triage")

    def _failed(self, message: str, generation: int) -> None:
        if self.is_attached and generation == self._reads and self.session is None:
            self.query_one("#triage-bar", Static).update(
                line(("Triage", "bold $text-accent"), ("  the queue could not be read (q leaves)", "$text-error")))
            notify(self.app, f"The triage queue could not be read: {message}", severity="error")

    # --- drawing -----------------------------------------------------------------------------

    @property
    def current(self) -> int | None:
        return None if self.session is None else self.session.current

    def update_topbar(self) -> None:
        """The progress line ("7 of 23") and the walking keys, as remapped in config.toml: the footer
        cannot hold every key at 80 columns, so these are always named here. The bar shrinks first."""
        s = self.session
        if s is None:
            return
        acted = len(s.actions)
        names = ("previous", "back"), ("undo", "undo"), ("end_triage", "leave")
        if not s.finished:
            names = (("skip", "skip"), *names[:2], ("help", "keys"), names[2])
        keys = " · ".join(f"{self._key(action)} {word}" for action, word in names)
        head: list = [("Triage", "bold $text-accent"), (f" · {s.label}" if s.label else "", "$text-accent"), "  ", (s.progress(), "bold")]
        tail: list = [("  ", ""), (f"✓ {acted} done", "$text-success")] if acted else []
        tail += [(f"   {keys}", LABEL)]
        room = (self.size.width or 120) - 2 - line(*head, *tail).cell_length - 2
        width = max(0, min(12, room))
        filled = round(width * min(s.position, s.total) / s.total) if s.total else width
        bar = [("  ", ""), ("█" * filled, "$text-accent"), ("░" * (width - filled), LABEL)] if width >= 4 else []
        self.query_one("#triage-bar", Static).update(line(*head, *bar, *tail))

    def _key(self, action: str) -> str:
        """The first key of ``action`` on this screen (as remapped in config.toml)."""
        for active in self.active_bindings.values():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding)
        return "?"

    def on_resize(self) -> None:
        self.update_topbar()

    def show(self) -> None:
        """Draw the card at the cursor, or the summary once past the last one."""
        self.update_topbar()
        cid = self.current
        self._shown = None
        if cid is None:
            rows = [Row(Content(""), content) for content in self._summary()]
        else:
            try:
                card = triage.card(cid, self.app.now())
            except contacts.NotFound:
                rows = [_row("", ("This person was deleted after triage started. ", LABEL), ("j skips.", "bold"))]
            else:
                rows = card_rows(card, self.session.actions.get(self.session.position, []), self.app.current_keymap())
                self._shown = cid
        self.query_one(CardView).set_rows(rows)
        self.query_one("#triage-card", VerticalScroll).scroll_home(animate=False)
        # The footer is rebuilt whenever bindings are refreshed: only when what applies has changed.
        applies = (self._shown is not None, self.current is not None, self.session.position > 0, bool(self.history))
        if applies != self._applies:
            self._applies = applies
            self.refresh_bindings()

    def _summary(self) -> list[Content]:
        s = self.session
        if s.total == 0 and s.label == "fading":
            return [line(("Nobody is fading.", "bold $text-success")), Content(""),
                    line(("w walks everyone due; q leaves.", LABEL))]
        if s.total == 0 and not s.everyone:
            return [
                line(("Nobody is in today's queue.", "bold $text-success")),
                Content(""),
                line(("w walks everyone due or fading; q leaves.", LABEL)),
            ]
        if s.total == 0:
            return [
                line(("Nobody needs you right now.", "bold $text-success")),
                Content(""),
                line(("Nothing is overdue, no reminder is due and nobody is fading. q leaves.", LABEL)),
            ]
        out = [line(("Triage done", "bold $text-success")), Content(""), line(s.summary()), Content("")]
        counts = s.counts()
        for action in sorted(counts, key=lambda a: list(triage.ACTION_WORDS).index(a) if a in triage.ACTION_WORDS else 99):
            words = triage.ACTION_WORDS.get(action, (action, action))[counts[action] != 1]
            out.append(line((f"  {counts[action]:>4}  ", "bold"), words))
        walk = "" if s.everyone else " · w walks everyone due"
        out += [Content(""), line((f"k goes back · u undoes the last action{walk} · q leaves", LABEL))]
        return out

    def data_changed(self, event: DataChanged | None) -> None:
        """The card is read again: what was done elsewhere shows, a person deleted elsewhere is said."""
        if self.session is None:
            self.read()  # what is on its way may be older than this change
        elif event is None or event.about(self.current):
            self.show()

    def acting_on(self, action: str) -> int | None:
        return self._shown if action in NEEDS_PERSON else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_PERSON:
            return True if self._shown is not None else None
        if action == "skip":
            return True if self.current is not None else None
        if action == "previous":
            return True if self.session is not None and self.session.position > 0 else None
        if action == "everyone":
            return True if self.session is not None and not self.session.everyone else None
        return True

    # --- doing -------------------------------------------------------------------------------

    def _run(self, action: str, label: str, do: Callable[[int, dt.datetime], object]) -> object:
        """Do ``action`` to the current person as one undoable write; raises what ``do`` raises."""
        cid, pos = self.current, self.session.position
        result = writes.write(self.app, f"{label} {contacts.get(cid).name}", [cid], lambda: do(cid, self.app.now()))
        self._record(pos, action)
        return result

    def _record(self, pos: int, action: str) -> None:
        self.history.append(Done(self.app.undo_stack.peek(), pos, action))  # the step just pushed
        self.session.record(pos, action)

    def _act(self, action: str, label: str, do, message: Callable[[object], str], *, advance: bool) -> None:
        """A single-key action: run it, say what happened, move on (or redraw)."""
        cid, pos = self.current, self.session.position
        name = contacts.get(cid).name
        # TriageError, ReminderError: said as "Not done"; a locked or read-only database: reported
        done = writes.attempt(self.app, f"{label} {name}", [cid], lambda: do(cid, self.app.now()),
                              refused="Not done: ", severity="warning")
        if done.ok:
            self._record(pos, action)
            notify(self.app, message(done.value).format(name=name))
            self._after(advance)

    def _after(self, advance: bool) -> None:
        if advance:
            self.session.forward()
        self.show()

    def _form(self, spec: FormSpec, action: str, label: str, do, message: Callable[[object], str], *,
              advance: bool) -> None:
        """An action that asks first: the form's save runs it, so a failure shows in the form."""
        name = contacts.get(self.current).name

        def save(values: dict) -> tuple:
            return (self._run(action, label, lambda cid, now: do(cid, now, values)),)

        def done(result) -> None:
            if result:
                notify(self.app, message(result[0]).format(name=name))
                self._after(advance)

        spec.save = save
        self.app.push_screen(FormScreen(spec), done)

    def _log(self, which: str, *, with_note: bool) -> None:
        kind, words, asking = LOGS[which]

        def message(closed) -> str:
            text = f"{words} {{name}}"
            return text + (f"; closed: {', '.join(closed)}" if closed else "")

        if not with_note:
            self._act(kind, f"log {kind} with", lambda cid, now: triage.log(cid, kind, now), message, advance=True)
            return
        name = contacts.get(self.current).name
        spec = FormSpec(
            f"{asking} {name}", [Field("summary", "Note", "", "one line: what it was about")], submit="Log",
        )
        self._form(spec, kind, f"log {kind} with", lambda cid, now, v: triage.log(cid, kind, now, v.get("summary") or ""),
                   message, advance=True)

    def action_log_call(self) -> None:
        self._log("call", with_note=False)

    def action_log_met(self) -> None:
        self._log("met", with_note=False)

    def action_log_email(self) -> None:
        self._log("email", with_note=False)

    def action_log_message(self) -> None:
        self._log("message", with_note=False)

    def action_log_call_note(self) -> None:
        self._log("call", with_note=True)

    def action_log_met_note(self) -> None:
        self._log("met", with_note=True)

    def action_log_email_note(self) -> None:
        self._log("email", with_note=True)

    def action_log_message_note(self) -> None:
        self._log("message", with_note=True)

    def action_snooze(self) -> None:
        self._act("snooze", "snooze", lambda cid, now: triage.snooze(cid, now, by="1w"),
                  lambda target: f"Snoozed {{name}} until {target:%a %d %b %Y}", advance=True)

    def action_snooze_ask(self) -> None:
        now = self.app.now()
        name = contacts.get(self.current).name
        spec = FormSpec(f"Snooze {name}", [
            Field("when", "Snooze", "", "1d, 1w, 1m, 3d, or until a date: dec 24, friday, in 3 weeks",
                  parse=lambda text: triage.parse_snooze(text, now), required=True),
        ], submit="Snooze")

        def do(cid, at, values):
            by, until = values["when"]
            return triage.snooze(cid, at, by=by, until=until)

        self._form(spec, "snooze", "snooze", do, lambda target: f"Snoozed {{name}} until {target:%a %d %b %Y}",
                   advance=True)

    def action_cadence(self) -> None:
        c = contacts.get(self.current)
        default = settings.current().cadence_for(c.circle, None)
        spec = FormSpec(f"Keep in touch with {c.name}", [
            Field("cadence", "Every", str(c.cadence_days or ""), f"{default}", parse=_days,
                  help=f"days; empty = the circle's default ({c.circle}: {default})"),
            Field("circle", "Circle", c.circle, options=CIRCLES),
        ])
        self._form(spec, "cadence", "cadence of",
                   lambda cid, now, v: triage.set_cadence(cid, now, v.get("cadence"), circle=v.get("circle")),
                   lambda _: "Cadence changed for {name}", advance=False)

    def action_give(self) -> None:
        name = contacts.get(self.current).name
        spec = FormSpec(f"Give idea for {name}", [
            Field("text", "Idea", "", "send the Adichie interview, an intro to a hiring manager", required=True),
        ])
        self._form(spec, "idea", "give idea for", lambda cid, now, v: triage.add_idea(cid, v["text"], now),
                   lambda _: "Noted a give idea for {name}", advance=False)

    def action_give_done(self) -> None:
        self._act("gave", "mark a give idea given for", triage.give_idea, lambda text: "Gave {name}: " + text.replace("{", "{{").replace("}", "}}"),
                  advance=False)

    def action_note(self) -> None:
        name = contacts.get(self.current).name
        spec = FormSpec(f"Note about {name}", [Field("note", "Note", "", "one line, dated today", required=True)])
        self._form(spec, "note", "note about", lambda cid, now, v: triage.add_note(cid, v["note"], now),
                   lambda _: "Added a note about {name}", advance=False)

    def action_archive(self) -> None:
        self._act("archive", "archive", lambda cid, now: triage.archive(cid, now),
                  lambda _: "Archived {name}: let go, no more reminders. u undoes.", advance=True)

    def action_open(self) -> None:
        cid = self.current
        self.app.paused_triage = (self.session, self.history)  # t resumes at this card
        self.app.jump_to(cid)

    def action_copy(self) -> None:
        cid = self._shown
        if cid is not None:
            copy_reach(self, cid, contacts.get(cid).name)

    def action_everyone(self) -> None:
        """Walk everyone due or fading, not only today's queue (this walk's undo history starts again)."""
        if self.session is not None:
            self.session.close()
        self.session, self.history = self._start(True), []
        notify(self.app, f"Walking everyone due or fading: {self.session.total}.")
        self.show()

    def action_skip(self) -> None:
        self.session.forward()
        self.show()

    def action_previous(self) -> None:
        if self.session.back():
            self.show()

    def action_undo(self) -> None:
        if not self.history:
            notify(self.app, "Nothing to undo in this triage yet: u takes back what you do here, newest first.")
            return
        last = self.history[-1]
        if self.app.undo_stack.peek() is not last.snap:
            notify(self.app, "The newest change was made outside triage: undo it where it was made.", severity="warning")
            return

        def done(snap: undo.Snapshot) -> None:
            self.history.remove(last)
            self.session.unrecord(last.pos, last.action)
            self.session.go_to(last.pos)
            self.show()
            self.app.refresh_due(snap.contact_ids)

        undo_newest(self, done)

    def action_end_triage(self) -> None:
        if self.session is None:  # still reading who is in it
            self.app.pop_screen()
            return
        summary = self.session.summary()
        self.session.close()
        self.app.pop_screen()  # the main screen redraws what this walk changed as it comes back
        notify(self.app, summary, timeout=8)


def _days(text: str) -> int:
    try:
        days = int(text.strip().lower().removesuffix("days").removesuffix("d").strip())
    except ValueError:
        raise ValueError("a number of days, e.g. 30") from None
    if not 1 <= days <= 3650:
        raise ValueError("between 1 and 3650 days")
    return days
