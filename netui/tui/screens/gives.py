"""The give list (key ``G``): open ideas across everyone, the relationship that needs one most first.

Networking is helping, so this is the list to open with a few spare minutes: who is overdue, who is
close but weak, and what you meant to do for them. Rows come from ``gives.give_list`` a window at a
time, so the list costs the same with ten ideas or ten thousand. Whom you owe (the karma bank, read
whole to count it) is read on a worker thread with its own connection and shown when it is back.

The karma-bank actions shared with the give pane (mark given, drop, move an introduction on, its
outcome and reasons) live here too: each goes through ``writes.write`` (an undo step, one transaction,
a ``DataChanged`` that redraws the screens). The give pane asks for them with a message; the main
screen calls them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from netui.core import contacts, gives, introductions, karma
from netui.core.gives import GiveListRow
from netui.core.introductions import IntroRow
from netui.core.text import sanitize
from netui.db import db
from netui.tui import forms, probe, writes
from netui.tui.commands import GIVES, bindings
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.dialogs.send_interest import SendInterestScreen
from netui.tui.layout import ellipsize
from netui.tui.safe import line, notify
from netui.tui.screens.base import ListScreen
from netui.tui.widgets.paged_list import PagedList
from netui.tui.writes import CONTACTS, INTERACTIONS, INTRODUCTIONS, REMINDERS

After = Callable[[object], None] | None  # called with the form's result (None: cancelled)

# --- actions shared with the give pane ------------------------------------------------------------


def act(app, label: str, contact_ids: Iterable[int | None], do: Callable[[], object]) -> bool:
    """One undoable write; a refusal (GiveError, IntroError, NotFound) is shown, not raised."""
    return writes.attempt(app, label, contact_ids, do, what={writes.GIVES, INTERACTIONS, CONTACTS}).ok


def _give(app, give_id: int) -> gives.GiveRow | None:
    """The give note, or None (said) when it is gone: deleted or changed elsewhere."""
    try:
        return gives.get(give_id)
    except gives.GiveError as exc:
        notify(app, f"Not done: {exc} (changed elsewhere).", severity="warning")
        app.follow()
        return None


def _intro(app, intro_id: int) -> IntroRow | None:
    try:
        return introductions.get(intro_id)
    except introductions.IntroError as exc:
        notify(app, f"Not done: {exc} (changed elsewhere).", severity="warning")
        app.follow()
        return None


def mark_given(app, give_id: int) -> bool:
    row = _give(app, give_id)
    if row is None:
        return False
    ok = act(app, f"mark given for {row.contact_name}: {row.text}", [row.contact_id],
             lambda: gives.mark_done(give_id, app.now()))
    if ok:
        notify(app, f"Given to {row.contact_name}: {row.text}. u undoes it.")
    return ok


def drop(app, give_id: int) -> bool:
    row = _give(app, give_id)
    if row is None:
        return False
    ok = act(app, f"drop idea for {row.contact_name}: {row.text}", [row.contact_id],
             lambda: gives.drop(give_id, app.now()))
    if ok:
        notify(app, f"Dropped: {row.text}. u undoes it.")
    return ok


def add_note(app, contact_id: int, after: After = None) -> None:
    """The give form for one person (an idea by default), undoable like every write."""
    name = contacts.get(contact_id).name
    spec = forms.give_form(name)

    def save(values: dict) -> int:
        writes.write(app, f"give note for {name}", [contact_id],
                     lambda: gives.add(contact_id, values["text"], app.now(), direction=values["direction"],
                                       kind=values["kind"]),
                     what={writes.GIVES, CONTACTS})
        return contact_id

    spec.save = save
    app.push_screen(FormScreen(spec), after)


def _people(intro: IntroRow) -> list[int]:
    return [i for i in (intro.a_id, intro.b_id, intro.requested_by_id) if i]


def status_label(intro: IntroRow, status: str) -> str:
    """A status in words: "asked Ada Lovelace" rather than "asked-a"."""
    if intro.is_ask and status == "asked-b":
        return f"{intro.a_name} asked {intro.b_name}"
    if intro.is_ask and status == "made":
        return f"{intro.a_name} introduced you"
    return {"asked-a": f"asked {intro.a_name}", "asked-b": f"asked {intro.b_name}"}.get(status, status)


def _intro_form(app, intro: IntroRow, spec: FormSpec, label: Callable[[dict], str], write: Callable[[dict], None],
                after: After, message: Callable[[], str]) -> None:
    """Open ``spec``; on save, ``write`` as one undoable step about both people (and who asked)."""
    def save(values: dict) -> int:
        # IntroError stays in the form, beside its buttons
        writes.write(app, label(values), _people(intro), lambda: write(values),
                     what={INTRODUCTIONS, writes.GIVES, INTERACTIONS, REMINDERS, CONTACTS})
        return intro.id

    def done(result) -> None:
        if result is not None:
            notify(app, message())
        if after is not None:
            after(result)

    spec.save = save
    app.push_screen(FormScreen(spec), done)


def _moves(intro: IntroRow) -> dict[str, tuple[str, str, str]]:
    """What the introduction may do next, in words: the statuses it may go to, then each side's answer
    (for a side not answered yet). Values are ("status", status, "") or ("answer", side, reply)."""
    moves: dict[str, tuple[str, str, str]] = {}
    for status in introductions.TRANSITIONS[intro.status]:
        moves[status_label(intro, status)] = ("status", status, "")
    for side in intro.sides:
        if not side.answer:
            for reply in ("accepted", "declined"):
                moves[f"{side.name} {reply}"] = ("answer", side.side, reply)
    return moves


def advance_intro(app, intro_id: int, after: After = None) -> None:
    """Ask where the introduction is now: a side's answer, or a status it may go to; with a note
    that is added to its history (the notes before it stay)."""
    intro = _intro(app, intro_id)
    if intro is None:
        return
    if intro.status == "made":
        set_intro_outcome(app, intro_id, after)
        return
    moves = _moves(intro)
    if not moves:
        notify(app, f"The introduction of {intro.a_name} and {intro.b_name} was {intro.status}: that is final.")
        return
    made_help = (f"made: an email with {intro.b_name}, a favour from {intro.a_name}, a follow-up in 48 h" if intro.is_ask
                 else f"made: an email and a give logged for each, follow-up in {introductions.FOLLOW_UP_DAYS} days")
    fields = [
        Field("move", "Now", next(iter(moves)), options=tuple(moves), parse=moves.__getitem__, help=made_help),
        Field("note", "Note", "", "what they said: great potential", help=_history_words(intro)),
    ]
    spec = FormSpec(f"Introduction of {intro.a_name} and {intro.b_name} ({status_label(intro, intro.status)})",
                    fields, submit="Move on")

    def write(values: dict) -> None:
        what, first, second = values["move"]
        note = values.get("note")
        if what == "answer":
            introductions.answer(intro_id, first, second, app.now(), note=note)
        else:
            introductions.advance(intro_id, first, app.now(), note=note)

    def message() -> str:
        new = introductions.get(intro_id)
        if new.status == "made" and new.is_ask:
            return f"{new.a_name} introduced you to {new.b_name}: follow up with them within 48 hours. u undoes it."
        if new.status == "made":
            due = app.now() + dt.timedelta(days=introductions.FOLLOW_UP_DAYS)
            return (f"Introduced {new.a_name} and {new.b_name}: an email and a give logged for each; "
                    f"you will be asked how it went on {due:%d %b}. u undoes it.")
        sides = ", ".join(f"{s.name} {s.state}" for s in new.sides)
        return f"{new.a_name} ↔ {new.b_name}: {status_label(new, new.status)} ({sides}). u undoes it."

    def label(values: dict) -> str:
        chosen = next(k for k, v in moves.items() if v == values["move"])
        return f"{intro.a_name} ↔ {intro.b_name}: {chosen}"

    _intro_form(app, intro, spec, label, write, after, message)


def _history_words(intro: IntroRow) -> str:
    if not intro.history:
        return "added to its notes, dated today"
    last = intro.history[-1]
    count = len(intro.history)
    return f"added to its {count} note{'s' * (count != 1)} (last {last.on:%d %b}: {last.note})"[:100]


def set_intro_outcome(app, intro_id: int, after: After = None) -> None:
    intro = _intro(app, intro_id)
    if intro is None:
        return
    if intro.status != "made":
        notify(app, f"Make the introduction first (a): it is {status_label(intro, intro.status)}.")
        return
    options = tuple(o.replace("-", " ") for o in introductions.OUTCOMES)
    current = intro.outcome.replace("-", " ") if intro.outcome else options[0]
    spec = FormSpec(
        f"How did the introduction of {intro.a_name} and {intro.b_name} go?",
        [Field("outcome", "Outcome", current, options=options, parse=introductions.parse_outcome,
               help="answers the two-week follow-up reminder")],
        submit="Save",
    )

    def write(values: dict) -> None:
        introductions.set_outcome(intro_id, values["outcome"], app.now())

    def message() -> str:
        return f"{intro.a_name} ↔ {intro.b_name}: {introductions.get(intro_id).outcome.replace('-', ' ')}. u undoes it."

    _intro_form(app, intro, spec, lambda values: f"outcome of {intro.a_name} ↔ {intro.b_name}: {values['outcome']}",
                write, after, message)


def edit_reasons(app, intro_id: int, after: After = None) -> None:
    """Change why each side should meet the other (a request arrives with only the asker's reason)."""
    intro = _intro(app, intro_id)
    if intro is None:
        return
    a, b = intro.a_name, intro.b_name
    spec = FormSpec(
        f"Why should {a} and {b} meet?",
        [
            Field("reason_a", f"Why {short_name(a)}", intro.reason_a, "what they gain from meeting the other",
                  parse=lambda t: introductions.check_reason(t, a, b), required=True, help=f"what {a} gains"),
            Field("reason_b", f"Why {short_name(b)}", intro.reason_b, "what they gain from meeting the other",
                  parse=lambda t: introductions.check_reason(t, b, a), required=True, help=f"what {b} gains"),
        ],
    )

    def write(values: dict) -> None:
        introductions.set_reasons(intro_id, app.now(), reason_a=values["reason_a"], reason_b=values["reason_b"])

    _intro_form(app, intro, spec, lambda values: f"reasons for {a} ↔ {b}", write, after,
                lambda: f"Reasons saved for {a} ↔ {b}.")


def short_name(name: str) -> str:
    """A short label for a form: the first name, cut to fit."""
    first = (name.split() or [""])[0]
    return first if len(first) <= 9 else first[:8] + "…"


# --- the list ---------------------------------------------------------------------------------------


class GiveListView(PagedList):
    """Open ideas across everyone, one line each (who · what · why now), drawn only where visible."""

    PAGE = 60
    MAX_PAGES = 20
    COMPONENT_CLASSES = {
        "give-list--cursor", "give-list--cursor-blur", "give-list--dim", "give-list--urgent", "give-list--close",
    }

    class Highlighted(Message):
        """The cursor moved (or the rows under it changed)."""

    def __init__(self, *, now: Callable[[], dt.datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self._styles: dict[tuple[bool, bool, str], tuple[Style, Style, Style]] = {}  # see _line_styles

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def _line_styles(self, cursor: bool, why: str) -> tuple[Style, Style, Style]:
        """A row's base, dim and why styles, worked out once per cursor, focus and why colour, not for
        every line of every frame (``get_component_rich_style`` walks all the ancestors' styles)."""
        key = (cursor, self.has_focus, why)
        styles = self._styles.get(key)
        if styles is None:
            base = self.rich_style
            if cursor:
                base = base + self.get_component_rich_style("give-list--cursor" if self.has_focus else "give-list--cursor-blur")
            dim = base + Style(color=self.get_component_rich_style("give-list--dim").color)  # alpha blended, not white
            styles = self._styles[key] = (base, dim, base + Style(color=self.get_component_rich_style(why).color))
        return styles

    def load(self) -> None:
        """Re-read the list (after a write); the cursor stays at the same place, which now shows the next idea."""
        self.reset()

    def count(self) -> int:
        return gives.give_list_count()

    def fetch(self, offset: int, limit: int) -> list[GiveListRow]:
        return gives.give_list(self._now(), limit, offset)

    @property
    def current(self) -> GiveListRow | None:
        return self.row(self.cursor)

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted())

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        row = self.row(index)
        if row is None:
            return Strip.blank(width, self._line_styles(False, "give-list--dim")[0])
        urgent = row.next_due_at is not None and row.next_due_at <= self._now()
        why_cls = "give-list--urgent" if urgent else "give-list--close" if row.circle in ("ace", "inner") else "give-list--dim"
        base, dim, why_style = self._line_styles(index == self.cursor, why_cls)
        why_width = min(26, max(10, width // 3))  # "inner circle, strength 100"
        name_width = min(24, max(10, (width - why_width) // 3))
        text_width = max(1, width - name_width - why_width - 4)
        segments = [
            Segment(" " + set_cell_size(ellipsize(sanitize(row.contact_name), name_width), name_width) + " ", base),
            Segment(set_cell_size(ellipsize(sanitize(row.text), text_width), text_width) + " ", base),
            Segment(_right(ellipsize(sanitize(row.why), why_width), why_width), why_style),
            Segment(" ", dim),
        ]
        return Strip(segments).crop_extend(0, width, base)


def _right(text: str, width: int) -> str:
    return " " * max(0, width - cell_len(text)) + text


class GivesScreen(ListScreen):
    """Open give ideas across everyone; act on one without leaving the list."""

    AUTO_FOCUS = "#gives-list"
    COMMANDS_LIST = GIVES
    BINDINGS = bindings(GIVES)

    def compose(self) -> ComposeResult:
        yield Static(id="gives-title")
        owed = Static(id="gives-owed")
        owed.display = False  # until whom you owe is read (a worker)
        yield owed
        yield GiveListView(now=self.app.now, id="gives-list")
        yield Static(id="gives-detail")
        yield Footer()

    @property
    def view(self) -> GiveListView:
        return self.query_one(GiveListView)

    def on_mount(self) -> None:
        self.reload()

    def acting_on(self, action: str) -> int | None:
        row = self.view.current
        return row.contact_id if row is not None and action in ("give_done", "give_drop", "open", "add_idea") else None

    def reload(self) -> None:
        self.view.load()
        total = self.view.total
        title = line(
            ("Give", "bold $text-accent"), f"  {total:,} open idea{'s' * (total != 1)}",
            ("  ·  the relationship that needs one most first", "$text-muted"),
        )
        self.query_one("#gives-title", Static).update(title)
        self._owed_reads += 1
        self._read_owed(self._owed_reads)
        self._show_detail()
        self.refresh_bindings()

    OWED_SHOWN = 3  # the karma bank's first few; `netui gives --owed` lists them all
    _owed_reads = 0  # reads started: one read before the latest is dropped

    @work(thread=True, exclusive=True, group="gives-owed", exit_on_error=False)
    def _read_owed(self, generation: int) -> None:
        """Whom you owe, on this thread's own connection (the whole bank is read to count it)."""
        worker = get_current_worker()
        try:
            with db.connection_context():
                owed = karma.owed(limit=self.OWED_SHOWN + 1)
                total = len(karma.owed_ids()) if len(owed) > self.OWED_SHOWN else len(owed)
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not worker.is_cancelled:
                self.app.call_from_thread(notify, self.app, f"Whom you owe could not be read: {exc}", severity="error")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_owed, owed, total, generation)

    def _show_owed(self, owed: list[karma.Owed], total: int, generation: int) -> None:
        """Whom you owe (they did something for you, nothing given back since), each with ideas drawn
        from your open ideas, open leads that match their interests, and the interests themselves."""
        if not self.is_attached or generation != self._owed_reads:
            return  # a newer read started (something changed meanwhile): its answer follows
        section = self.query_one("#gives-owed", Static)
        section.display = bool(owed)
        probe.later("ready", "gives")  # the bench's wait for the content (bench.screens)
        if not owed:
            return
        head = line(("You owe", "bold $text-warning"), (f"  {total}", "$text-muted"),
                    ("  they did something for you, nothing given back since", "$text-muted"))
        rows = [
            line(("  ", ""), (o.name, "bold"), (f"  {o.last} ({o.last_on:%d %b})", "$text-muted"),
                 *((("  →  ", "$text-muted"), (" · ".join(o.ideas), "$text-secondary")) if o.ideas else ()))
            for o in owed[: self.OWED_SHOWN]
        ]
        if total > self.OWED_SHOWN:
            rows.append(line((f"  … and {total - self.OWED_SHOWN} more: netui gives --owed", "$text-muted")))
        section.update(Content("\n").join([head, *rows]))

    @on(GiveListView.Highlighted)
    def _show_detail(self) -> None:
        row = self.view.current
        self._bindings_for(row)
        detail = self.query_one("#gives-detail", Static)
        if row is None:
            detail.update(line(("No open give ideas. g on a contact notes what you could do for them (an article, an "
                                "intro); it is listed here until given. esc goes back.", "$text-muted")), layout=False)
            return
        # The why says the circle and strength already when that is why ("inner circle, strength 14").
        said = row.why.startswith(f"{row.circle} circle")
        detail.update(Content("\n").join([
            line((row.contact_name, "bold"),
                 ("" if said else f"  {row.circle} circle · strength {row.strength}", "$text-muted"),
                 ("  ·  ", "$text-muted"), (row.why, "$text-warning")),
            line((f"{row.kind}: ", "$text-secondary"), row.text),
            line((f"noted {row.created_on:%d %b %Y}", "$text-muted")),
        ]), layout=False)  # a fixed height (the .tcss): no relayout per row

    _had_row: bool | None = None

    def _bindings_for(self, row: GiveListRow | None) -> None:
        """The footer's keys depend only on whether a row is highlighted: rebuilt when that changes,
        not on every move (a footer rebuild costs more than the move)."""
        if (row is not None) != self._had_row:
            self._had_row = row is not None
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("give_done", "give_drop", "open", "add_idea"):
            return self.view.current is not None
        return True

    def action_send_interest(self) -> None:
        """Send something to everyone interested in a tag (the dialog picks it and who gets it)."""
        self.app.push_screen(SendInterestScreen())

    # --- actions -----------------------------------------------------------------------------

    def action_give_done(self) -> None:
        mark_given(self.app, self.view.current.give_id)

    def action_give_drop(self) -> None:
        drop(self.app, self.view.current.give_id)

    def action_open(self) -> None:
        self.app.jump_to(self.view.current.contact_id, pane="give")

    def action_add_idea(self) -> None:
        add_note(self.app, self.view.current.contact_id)

