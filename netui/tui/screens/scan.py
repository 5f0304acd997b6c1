"""Scan: interactions found in your own mail and calendar files, reviewed person by person, then logged.

The screen is a thin view over ``netui.core.scan``: the files are read in a worker thread with its own
database connection (``mailscan.read`` streams them, ``scan.propose`` writes nothing) while a progress
bar moves; then the proposals come back one person at a time, as in triage, with one key each: accept
all, accept one, skip, never for this address. Frequent correspondents who are not contacts follow, each
offered as a new contact (added only on ``a``). ``q`` ends with the report: what was logged, skipped,
left for later, and which messages or events were damaged and where.

Every accept is one ``writes.write`` (one undo step per person or proposal, announced like any log), and
goes through ``scan.accept``, the one logging path, so it closes the plan steps a log answers. Skips and
the never-list are remembered in ``scan_seen`` (one transaction each) so no later scan offers them again.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, groupby
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Input, ProgressBar, Static
from textual.worker import Worker, get_current_worker

from netui.core import contacts, formats, scan, settings
from netui.core.contacts import ContactInput, Method
from netui.core.errors import NetuiError
from netui.db import db
from netui.interop import mailscan
from netui.tui import writes
from netui.tui.commands import SCAN, bindings, first_keys
from netui.tui.safe import line, notify, plain
from netui.tui.screens.base import NetuiScreen

MUTED = "$text-muted"
HEAD = "bold $text-accent"
STEPS = 1000  # progress-bar steps per path
REVIEW_ONLY = {"accept_all", "accept_one", "down", "up"}
ASKS_ABOUT_SOMEONE = {"skip", "never"}


class Stopped(Exception):
    """The user left while the files were being read."""


@dataclass
class Tally:
    """What the review did so far, for the report."""

    logged: int = 0
    people: set[int] = field(default_factory=set)
    answered: int = 0  # plan steps and reminders the logs closed
    skipped: int = 0
    never: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def parse_paths(raw: str) -> list[Path]:
    """What was typed as paths: one path as it is if it exists (spaces and all), else shell-like words."""
    raw = raw.strip()
    whole = Path(raw).expanduser()
    if whole.exists():
        return [whole]
    try:
        words = shlex.split(raw)
    except ValueError:
        words = [raw]
    return [Path(word).expanduser() for word in words]


def proposal_line(p: scan.Proposal, address: bool) -> Content:
    """One proposal; with the address it came through when the person has several."""
    return line((f"{formats.moment(p.occurred_at):<17}  ", MUTED), (f"{p.kind:<9} ", "bold"), p.summary or "(no subject)",
                (f"  {p.address}" if address else "", MUTED))


class ReviewCard(Widget):
    """The current card: a heading, then its rows; only the rows around the cursor are drawn."""

    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.head: list[Content] = []
        self.rows: list[Content] = []
        self.cursor = -1  # the highlighted row (-1: none)

    def show(self, head: list[Content], rows: list[Content], cursor: int = -1) -> None:
        self.head, self.rows, self.cursor = head, rows, cursor
        self.refresh()

    def render(self) -> Content:
        room = max(self.content_region.height - len(self.head), 1)
        start = 0 if self.cursor < room else min(self.cursor - room // 2, len(self.rows) - room)
        shown = []
        for i, row in enumerate(self.rows[start:start + room], start):
            mark = Content.styled("▸ ", "bold $text-accent") if i == self.cursor else Content("  ")
            text = mark + row
            shown.append(text.stylize("reverse" if i == self.cursor and self.has_focus else "", 0, len(text)))
        return Content("\n").join([*self.head, *shown])


class ScanScreen(NetuiScreen):
    """Pick paths, watch the progress, review by person, read the report."""

    COMMANDS_LIST = SCAN
    BINDINGS = bindings(SCAN)
    CSS_PATH = Path(__file__).parent.parent / "scan.tcss"
    HELP_GENERAL = (("enter", "in the path field: scan what it names"),)

    def __init__(self, paths: list[Path] | None = None) -> None:
        super().__init__()
        self.start_paths = paths or []
        self.phase = "pick"  # pick, scanning, review, people, report
        self.result: scan.ScanResult | None = None
        self.queue: list[list[scan.Proposal]] = []  # what is left, person by person
        self.pos = 0
        self.cursor = 0
        self.people_count = 0
        self.strangers: list[scan.NewPerson] = []
        self.tally = Tally()
        self._worker: Worker | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Scan mail and calendar files", "bold"), id="scan-bar")
        yield Static(Content(
            "An mbox file (Thunderbird keeps one per folder), a Maildir folder, a folder of .eml files or an "
            ".ics calendar; several paths apart by spaces. Only headers are read; nothing leaves this machine "
            "and nothing is written until you accept it."
        ), id="scan-help")
        yield Input(value=" ".join(shlex.quote(str(p)) for p in self.start_paths),
                    placeholder="path to a mailbox or calendar (enter scans)", id="scan-path")
        yield ProgressBar(total=None, show_eta=False, id="scan-progress")
        yield Static(Content(""), id="scan-status")
        yield ReviewCard(id="scan-card")
        with VerticalScroll(id="scan-report-box"):
            yield Static(Content(""), id="scan-report")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#scan-progress").display = False
        self.query_one("#scan-card").display = False
        self.query_one("#scan-report-box").display = False
        self.query_one("#scan-path", Input).focus()

    # --- which keys apply ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in REVIEW_ONLY:
            return self.phase == "review"
        if action == "add_person":
            return self.phase == "people"
        if action in ASKS_ABOUT_SOMEONE:
            return self.phase in ("review", "people")
        return True

    def acting_on(self, action: str) -> int | None:
        if self.phase == "review" and action in ("accept_all", "accept_one", "never") and self.queue:
            return self.queue[self.pos][0].contact_id
        return None

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.refresh_bindings()

    # --- reading the files --------------------------------------------------------------------

    @on(Input.Submitted, "#scan-path")
    def _start(self) -> None:
        if self.phase != "pick":
            return
        raw = self.query_one("#scan-path", Input).value
        if not raw.strip():
            self._say("Type the path of a mailbox or a calendar file.", error=True)
            return
        paths = parse_paths(raw)
        try:
            for path in paths:
                mailscan.kind_of(path)
        except NetuiError as exc:
            self._say(str(exc), error=True)
            return
        self._set_phase("scanning")
        self.query_one("#scan-help").display = False
        self.query_one("#scan-path").display = False
        bar = self.query_one("#scan-progress", ProgressBar)
        bar.display = True
        bar.update(total=STEPS * len(paths), progress=0)
        self._status(f"Reading {paths[0].name}…")
        self._worker = self.run_scan(paths)

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False)
    def run_scan(self, paths: list[Path]) -> None:
        now = self.app.now()
        worker = get_current_worker()
        try:
            with db.connection_context():
                items = chain.from_iterable(
                    mailscan.read(path, now, partial(self._progress, worker, i, len(paths), path.name))
                    for i, path in enumerate(paths)
                )
                result = scan.propose(items, now, me=settings.current().scan_me)
        except Stopped:
            return
        except (NetuiError, OSError) as exc:  # a file gone or unreadable since it was checked: said, not a crash
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._scanned, result)

    def _progress(self, worker, index: int, count: int, name: str, done: int, total: int) -> None:
        if worker.is_cancelled:
            raise Stopped
        self.app.call_from_thread(self._moved, index * STEPS + done * STEPS // max(total, 1), name)

    def _moved(self, progress: int, name: str) -> None:
        self.query_one("#scan-progress", ProgressBar).update(progress=progress)
        self._status(f"Reading {name}…")

    def _failed(self, message: str) -> None:
        self._set_phase("pick")
        self.query_one("#scan-progress").display = False
        self.query_one("#scan-help").display = True
        self.query_one("#scan-path").display = True
        self.query_one("#scan-path", Input).focus()
        self._status("")
        self._say(f"Nothing scanned: {message}", error=True)

    def _scanned(self, result: scan.ScanResult) -> None:
        if self.phase != "scanning":  # stopped meanwhile
            return
        self.result = result
        self.queue = [list(group) for _, group in groupby(result.proposals, key=lambda p: p.contact_id)]
        self.people_count = len(self.queue)
        self.strangers = list(result.new_people)
        bar = self.query_one("#scan-progress", ProgressBar)
        bar.update(total=1, progress=1)
        bar.display = False
        self._status(self._read_line(result))
        self.query_one("#scan-card").display = True
        self.query_one("#scan-card").focus()
        self.pos = self.cursor = 0
        self._next_card()

    @staticmethod
    def _read_line(result: scan.ScanResult) -> str:
        return (f"Read {result.messages:,} messages, {result.events:,} events · {len(result.proposals):,} to review"
                f" · {result.left_out:,} list or no-reply · {result.already_seen:,} seen before")

    # --- the review ---------------------------------------------------------------------------

    def _next_card(self) -> None:
        """Show the person at ``pos`` (or the first stranger, or the report when nothing is left)."""
        if self.pos < len(self.queue):
            self._set_phase("review")
            self.cursor = min(self.cursor, len(self.queue[self.pos]) - 1)
        elif self.strangers:
            self._set_phase("people")
        else:
            self._report()
            return
        self._draw()

    def _draw(self) -> None:
        card = self.query_one("#scan-card", ReviewCard)
        if self.phase == "review":
            group = self.queue[self.pos]
            left = sum(len(g) for g in self.queue[self.pos:])
            number = self.people_count - len(self.queue) + self.pos + 1  # the people done are out of the queue
            head = [
                line((group[0].name, "bold"), (f"   person {number} of {self.people_count}", MUTED),
                     (f" · {left} to review · {self.tally.logged} logged", MUTED)),
                line((f"{len(group)} proposal{'s' * (len(group) != 1)}", HEAD),
                     (f"   through {group[self.cursor].address}", MUTED)),
            ]
            several = len({p.address for p in group}) > 1
            card.show(head, [proposal_line(p, several) for p in group], self.cursor)
        else:
            person = self.strangers[0]
            adds, passes, never = first_keys(SCAN, ("add_person", "skip", "never"), self.app.current_keymap())
            first = f"first on {formats.day(person.first)}" if person.first else ""
            head = [
                line(("New people?", HEAD), (f"   {len(self.strangers)} frequent correspondent"
                                             f"{'s' * (len(self.strangers) != 1)} not in your contacts", MUTED)),
                Content(""),
                line((person.name or person.address, "bold"), f"  <{person.address}>"),
                line((f"{person.count} messages · {first}", MUTED)),
                Content(""),
                line((f"{adds} adds them (name and address from the mail), {passes} passes, {never}: never this address",
                      MUTED)),
            ]
            card.show(head, [])

    def action_down(self) -> None:
        if self.phase == "review" and self.cursor < len(self.queue[self.pos]) - 1:
            self.cursor += 1
            self._draw()

    def action_up(self) -> None:
        if self.phase == "review" and self.cursor > 0:
            self.cursor -= 1
            self._draw()

    def _log(self, chosen: list[scan.Proposal]) -> bool:
        """Log ``chosen`` (one person's) as one undoable step; False when it was refused."""
        first = chosen[0]
        now = self.app.now()
        label = f"scan: {len(chosen)} for {first.name}" if len(chosen) > 1 else f"scan: {first.kind} with {first.name}"
        done = writes.attempt(self.app, label, [first.contact_id], lambda: scan.accept(chosen, now),
                              what={writes.INTERACTIONS, writes.REMINDERS, writes.CONTACTS}, refused="Not logged: ")
        if done.ok:
            self.tally.logged += len(chosen)
            self.tally.people.add(first.contact_id)
            self.tally.answered += sum(len(entry.closed) for entry in done.value)
        return done.ok

    def _drop(self, gone: list[scan.Proposal]) -> None:
        """Take ``gone`` out of the queue; on to the next person when this one has nothing left."""
        sources = {(p.source, p.contact_id) for p in gone}
        queue: list[list[scan.Proposal]] = []
        pos = 0
        for i, group in enumerate(self.queue):
            if i == self.pos:
                pos = len(queue)  # this person, or the next one still there
            kept = [p for p in group if (p.source, p.contact_id) not in sources]
            if kept:
                queue.append(kept)
            elif i == self.pos:
                self.cursor = 0
        self.queue, self.pos = queue, pos
        self._next_card()

    def action_accept_all(self) -> None:
        group = list(self.queue[self.pos])
        if self._log(group):
            self._drop(group)

    def action_accept_one(self) -> None:
        chosen = self.queue[self.pos][self.cursor]
        if self._log([chosen]):
            self._drop([chosen])

    def action_skip(self) -> None:
        if self.phase == "people":
            self.strangers.pop(0)
            self._next_card()
            return
        group = list(self.queue[self.pos])
        scan.skip(group, self.app.now())
        self.tally.skipped += len(group)
        self._drop(group)

    def action_never(self) -> None:
        now = self.app.now()
        if self.phase == "people":
            person = self.strangers.pop(0)
            scan.never([person.address], now)
            self.tally.never.append(person.address)
            self._next_card()
            return
        address = self.queue[self.pos][self.cursor].address
        gone = [p for p in chain.from_iterable(self.queue) if p.address == address]
        with db.atomic():  # the address and what it brought: one transaction
            scan.never([address], now)
            scan.skip(gone, now)
        self.tally.never.append(address)
        self.tally.skipped += len(gone)
        notify(self.app, f"Never again through {address}: {len(gone)} left out.")
        self._drop(gone)

    def action_add_person(self) -> None:
        person = self.strangers[0]
        now = self.app.now()
        data = ContactInput(
            name=person.name or person.address, emails=[Method("email", person.address)],
            met_on=person.first.date() if person.first else None, how_met="email",
        )
        done = writes.attempt(self.app, f"add {person.name or person.address}", [],
                              lambda: contacts.create(data, now, log_meeting=False), refused="Not added: ")
        if done.ok:
            self.tally.added.append(person.name or person.address)
            self.strangers.pop(0)
            self._next_card()

    # --- the report ---------------------------------------------------------------------------

    def _report(self) -> None:
        self._set_phase("report")
        self.query_one("#scan-card").display = False
        self.query_one("#scan-status").display = False
        box = self.query_one("#scan-report-box")
        box.display = True
        self.query_one("#scan-report", Static).update(Content("\n").join(self.report_lines()))
        box.focus()

    def report_lines(self) -> list[Content]:
        t, r = self.tally, self.result
        if r is None:
            return []
        left = sum(len(g) for g in self.queue)
        out = [line(("Scan report", HEAD))]
        if not r.proposals:
            out.append(line("Nothing new to log: every interaction in these files was seen before, or is with no contact."))
        s = "s" * (t.logged != 1)
        out.append(line(("logged   ", MUTED), f"{t.logged} interaction{s} with {len(t.people)} "
                        f"{'person' if len(t.people) == 1 else 'people'}; {t.answered} reminder"
                        f"{'s' * (t.answered != 1)} answered"))
        out.append(line(("skipped  ", MUTED), f"{t.skipped} (not offered again)"))
        if left:
            out.append(line(("left     ", MUTED), f"{left} not reviewed: the next scan offers them again"))
        if t.never:
            out.append(line(("never    ", MUTED), ", ".join(t.never)))
        if t.added:
            out.append(line(("added    ", MUTED), ", ".join(t.added), ("  (scan again to review their messages)", MUTED)))
        if r.learnt_me and r.me:
            out.append(line(("you      ", MUTED), ", ".join(r.me), ("  (on the most messages; [scan] me in config.toml)", MUTED)))
        out.append(line(("read     ", MUTED), f"{r.messages:,} messages, {r.events:,} events; {r.left_out:,} list "
                        f"or bulk mail left out; {r.already_seen:,} seen before"))
        if r.damaged:
            out.append(line(("damaged  ", MUTED), (f"{len(r.damaged)}, skipped (the scan went on):", "$text-warning")))
            out += [line("  ", d.where, (f": {d.reason}", MUTED)) for d in r.damaged]
        out.append(Content(""))
        if t.logged:
            out.append(line(("u on the main screen undoes the logs, one step at a time (not offered again)", MUTED)))
        out.append(line(("q closes this screen", MUTED)))
        return out

    # --- leaving ------------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.phase == "scanning":
            if self._worker is not None:
                self._worker.cancel()
            self._failed("stopped")
        elif self.phase in ("review", "people"):
            self._report()
        else:
            self.app.pop_screen()

    def _status(self, text: str) -> None:
        self.query_one("#scan-status", Static).update(plain(text, MUTED))

    def _say(self, message: str, *, error: bool = False) -> None:
        help_line = self.query_one("#scan-help", Static)
        help_line.update(plain(message))
        help_line.set_class(error, "-invalid")
