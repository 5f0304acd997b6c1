"""The network overview (`o`): how wide and how deep the network is, who is fading, where effort goes.

The figures come from ``netui.core.stats.overview`` in a worker thread (about a second at 100,000
contacts, after the daily strength decay), so the screen shows a loading state and never blocks.
Sections are drawn for their width: side by side from 100 columns, one under the other below that,
scrolling at 80x24. Every person listed is an option: the arrows walk them from one section to the
next, enter opens the highlighted person on the main screen.
"""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Footer, OptionList, Static
from textual.worker import get_current_worker

from netui.core import formats, stats, strength
from netui.tui import probe
from netui.tui.commands import OVERVIEW, bindings
from netui.tui.safe import line, notify
from netui.tui.screens.base import ListScreen
from netui.tui.screens.triage import TriageScreen
from netui.tui.widgets.charts import (
    BAR_GREY,
    columns,
    fit,
    hbar,
    month_labels,
    month_name,
    stacked,
    tier_style,
)
from netui.tui.widgets.sections import Figure, PeopleList, Row
from netui.tui.writes import DataChanged

HEAD = "bold $text-accent"
MUTED = "$text-muted"
WIDE = 100  # from this many columns the sections stand in two columns
MONTH_ROWS = 5  # height of the interactions chart
NAME_WIDTH = 32  # names longer than this are cut with an ellipsis; the figures stay beside them
OUTCOME_STYLE = {"helpful": "$text-success", "neutral": "$text-muted", "wasted-time": "$text-error", "pending": "$text-warning"}
OUTCOME_BAR = {**OUTCOME_STYLE, "neutral": BAR_GREY}


def _section(title: str, *children, id: str) -> Vertical:
    box = Vertical(*children, id=id, classes="ov-section")
    box.border_title = title
    return box


def _ago(last: str | None, today: dt.date) -> str:
    """How long since a "YYYY-MM-DD..." day, as the contact list says it (``formats.ago``), or never."""
    return formats.ago((today - dt.date.fromisoformat(last[:10])).days) if last else "never"


def _person(name: str, right: Content, width: int) -> Content:
    """The name, cut to what is left beside ``right``, then ``right``."""
    room = min(NAME_WIDTH, max(8, width - right.cell_length - 1))
    return fit(line((name, "bold")), room) + Content(" ") + right


class OverviewScreen(ListScreen):
    """The shape of the network at a glance; every person listed is one key from their contact."""

    COMMANDS_LIST = OVERVIEW
    BINDINGS = bindings(OVERVIEW)
    HELP_GENERAL = (
        ("↑ ↓", "move between people, on from one section to the next"),
        ("tab shift+tab", "the next or previous section"),
        ("ctrl+p", "command palette"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.figures: stats.Overview | None = None

    def compose(self) -> ComposeResult:
        yield Static(line(("Network overview", HEAD), ("  working out the figures…", MUTED)), id="overview-title")
        with VerticalScroll(id="overview-body"):
            with Container(id="overview-columns"):
                with Vertical(classes="ov-column"):
                    yield _section("Wide and deep", Figure(id="ov-shape"), id="ov-shape-box")
                    yield _section("Fading", Static(classes="ov-note", id="ov-fading-note"),
                                   PeopleList(id="ov-fading"), id="ov-fading-box")
                    yield _section("Ace connections", Static(classes="ov-note", id="ov-aces-note"),
                                   PeopleList(id="ov-aces"), id="ov-aces-box")
                with Vertical(classes="ov-column"):
                    yield _section("Interactions per month", Figure(id="ov-months"), id="ov-months-box")
                    yield _section("Give and take", Figure(id="ov-balance"), PeopleList(id="ov-intros"),
                                   id="ov-balance-box")
                    yield _section("You owe", Static(classes="ov-note", id="ov-owed-note"),
                                   PeopleList(id="ov-owed"), id="ov-owed-box")
                    yield _section("Most overdue", Static(classes="ov-note", id="ov-overdue-note"),
                                   PeopleList(id="ov-overdue"), id="ov-overdue-box")
        yield Static(id="overview-status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.query_one("#overview-columns").set_class(self.size.width < WIDE, "-narrow")

    # --- the figures, off the UI thread -------------------------------------------------------

    def reload(self) -> None:
        self.query_one("#overview-body").loading = True
        self.load()

    def data_changed(self, event: DataChanged | None) -> None:
        """Counting again takes a second at 100,000 people: say the figures are older than the data instead."""
        if self.figures is not None:
            self.query_one("#overview-status", Static).update(
                line(("The data changed since these figures were worked out: ctrl+r recounts.", "$text-warning")))

    def acting_on(self, action: str) -> int | None:
        focused = self.focused
        if action == "open" and isinstance(focused, PeopleList):
            return focused.contact_at(focused.highlighted)
        return None

    def action_refresh(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self) -> None:
        """Decay the cached scores if today's pass has not run, then count (a second at 100,000)."""
        from netui.db import db
        from netui.db.database import DatabaseError, state

        now = self.app.now()
        try:
            with db.connection_context():
                if not state.read_only:
                    try:
                        strength.decay_if_due(now)
                    except DatabaseError:
                        pass  # busy or refused: yesterday's scores still tell the shape
                figures = stats.overview(now, limit=10, fading_limit=stats.FADING_SHOWN)
        except Exception as exc:  # noqa: BLE001 - said on screen, never a traceback
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._failed, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, figures)

    def _failed(self, message: str) -> None:
        self.query_one("#overview-body").loading = False
        self.query_one("#overview-title", Static).update(
            line(("Network overview", HEAD), ("  the figures could not be worked out (r tries again)", "$text-error")))
        notify(self.app, f"The overview could not be worked out: {message}", severity="error")

    # --- drawing ------------------------------------------------------------------------------

    def show(self, o: stats.Overview) -> None:
        if not self.is_attached:
            return
        self.figures = o
        today = dt.date.fromisoformat(o.on)
        names = [t.tier for t in o.tiers]
        share = round(100 * o.deep / o.contacts) if o.contacts else 0
        title = line(
            ("Network overview", HEAD), f"  {formats.count(o.contacts, 'person', 'people')}", (" · ", MUTED), f"{o.deep:,} deep ({share}%)",
            (" · ", MUTED), f"{o.fading_count:,} fading", (" · ", MUTED), f"{o.overdue_count:,} overdue",
        )
        date = line((f"   {today:%a %d %b %Y}", MUTED))
        if title.cell_length + date.cell_length <= self.size.width - 2:
            title += date
        self.query_one("#overview-title", Static).update(title)
        self.query_one("#ov-shape", Figure).set_draw(lambda w: self._shape(o, names, w))
        self.query_one("#ov-months", Figure).set_draw(lambda w: self._months(o, w))
        self.query_one("#ov-balance", Figure).set_draw(lambda w: self._balance(o, w))

        self.query_one("#ov-fading-box").border_title = f"Fading · {o.fading_count:,}"
        more = f" (the first {len(o.fading):,} here)" if o.fading_count > len(o.fading) else ""
        self._note("#ov-fading-note", o.fading_count,
                   f"Warm or strong a month ago, lower now: closest circles, then most points lost. "
                   f"t triages them all{more}.", "Nobody is fading.")
        self.query_one("#ov-fading", PeopleList).fill([self._fading_row(p, today, names) for p in o.fading])

        aces = len(o.aces)
        self.query_one("#ov-aces-box").border_title = f"Ace connections · {aces:,}"
        self.query_one("#ov-aces-note", Static).update(line((
            "Your closest circle, the most overdue first:" if aces else
            "Nobody in the ace circle yet: edit a contact (e) to set their circle to ace.", MUTED)))
        self.query_one("#ov-aces", PeopleList).fill([self._ace_row(p, today, names) for p in o.aces])

        self.query_one("#ov-overdue-box").border_title = f"Most overdue · {o.overdue_count:,}"
        self._note("#ov-overdue-note", o.overdue_count, "Past their keep-in-touch date, the longest first:",
                   "Nobody is overdue. Well kept!")
        self.query_one("#ov-overdue", PeopleList).fill([self._overdue_row(p, today, names) for p in o.overdue])

        self.query_one("#ov-intros", PeopleList).fill(self._intro_rows(o.intros))

        self.query_one("#ov-owed-box").border_title = f"You owe · {o.owed_count:,}"
        more = f" (the latest {len(o.owed)} here; G lists them all)" if o.owed_count > len(o.owed) else ""
        self._note("#ov-owed-note", o.owed_count, f"They did something for you, nothing given back since{more}:",
                   "Nobody: every favour you received has had one back.")
        self.query_one("#ov-owed", PeopleList).fill(self._owed_rows(o.owed))

        self.query_one("#overview-body").loading = False
        first = next((lst for lst in self.query(PeopleList) if lst.selectable), None)
        if first is not None:
            first.focus(scroll_visible=False)
        self.query_one("#overview-body", VerticalScroll).scroll_home(animate=False)
        self._status()
        self.refresh_bindings()  # t applies once someone is fading
        probe.later("ready", "overview")  # the bench's wait for the content (bench.screens)

    def _note(self, target: str, count: int, some: str, none: str) -> None:
        self.query_one(target, Static).update(line((some if count else none, MUTED)))

    # --- the figures as charts ------------------------------------------------------------------

    @staticmethod
    def _shape(o: stats.Overview, names: list[str], width: int) -> Content:
        """Tiers as bars, and each circle as one bar split by tier: how wide, and how deep."""
        share = round(100 * o.deep / o.contacts) if o.contacts else 0
        # The number columns are as wide as their longest number (100,000 people stay apart), the bar takes the rest.
        cw = max([len("people"), *(len(f"{n.count:,}") for n in (*o.tiers, *o.circles))])
        dw = max([len("deep"), *(len(f"{c.deep:,}") for c in o.circles)])
        bar = max(8, min(60, width - 8 - (cw + dw + 9)))
        out = [line(f"{formats.count(o.contacts, 'person', 'people')}, ", (f"{o.deep:,} deep", "bold"), f" ({share}% warm or strong)",
                    (f" · {o.archived:,} let go" if o.archived else "", MUTED)), Content("")]
        top = max((t.count for t in o.tiers), default=0)
        for t in o.tiers:
            pct = round(100 * t.count / o.contacts) if o.contacts else 0
            style = tier_style(t.tier, names)
            blocks = line((hbar(t.count, top, bar), tier_style(t.tier, names, bar=True)))
            out.append(line((f"{t.tier:<8}", style), fit(blocks, bar), f" {t.count:>{cw},}", (f"  {pct:>{dw - 1}}%", MUTED)))
        out += [Content(""), line((f"{'circle':<8}{'by tier':<{bar}} {'people':>{cw}}  {'deep':>{dw}}  {'avg':>3}", MUTED))]
        top = max((c.count for c in o.circles), default=0)
        for c in o.circles:
            parts = [(c.tiers.get(t, 0), tier_style(t, names, bar=True)) for t in names]
            out.append(line((f"{c.circle:<8}", "bold"), fit(stacked(parts, top, bar), bar),
                            f" {c.count:>{cw},}", f"  {c.deep:>{dw},}", (f"  {c.average:>3}", MUTED)))
        return Content("\n").join(out)

    @staticmethod
    def _months(o: stats.Overview, width: int) -> Content:
        """A column per month with its count, the current month (so far) paler."""
        counts = [m.count for m in o.months]
        total, top = sum(counts), max(counts, default=0)
        span = f"{month_name(o.months[0].month)} – {month_name(o.months[-1].month)}" if o.months else ""
        if not top:
            return line(("No interactions logged in the last 12 months", MUTED), (f" ({span}).", MUTED))
        axis = len(f"{top:,}") + 1
        col = max(1, min(7, (width - axis) // max(len(counts), 1)))
        gap = 1 if col >= 3 else 0
        styles = ["$text-accent"] * (len(counts) - 1) + ["$accent-muted"]
        rows = columns(counts, top, MONTH_ROWS, col, styles, gap=gap)
        ticks = [f"{top:,}".rjust(axis - 1) + "┤"] + [" " * (axis - 1) + "│"] * (MONTH_ROWS - 2) + ["0".rjust(axis - 1) + "┤"]
        out = [line((tick, MUTED), row) for tick, row in zip(ticks, rows, strict=False)]
        pad = " " * axis
        if all(len(f"{n:,}") <= col - gap for n in counts):
            out.append(line(pad, ("".join(f"{n:,}".rjust(col - gap) + " " * gap for n in counts), MUTED)))
        out += [line(pad, labels) for labels in month_labels([m.month for m in o.months], col, years=False)]
        best = max(o.months, key=lambda m: m.count)
        current = o.months[-1]
        out.append(line(f"{total:,} in 12 months", (f", {span}", MUTED)))
        out.append(line("busiest ", (f"{month_name(best.month)} ({best.count:,})", "bold"),
                        f" · {month_name(current.month)[:3]} so far {current.count:,}"))
        return Content("\n").join(out)

    @staticmethod
    def _balance(o: stats.Overview, width: int) -> Content:
        """The karma bank (favours each way, ideas not yet acted on) and how introductions turned out."""
        b, i = o.balance, o.intros
        bar = max(8, min(50, width - 16))
        top = max(b.given, b.received)
        out = [
            line(("you gave  ", MUTED), (f"{b.given:>5,} ", "bold"), (hbar(b.given, top, bar), "$text-success")),
            line(("received  ", MUTED), (f"{b.received:>5,} ", "bold"), (hbar(b.received, top, bar), "$text-accent")),
        ]
        if not b.given and not b.received:
            out.append(line(("No favours recorded yet: g on a contact notes one.", MUTED)))
        elif b.given >= b.received:
            more = b.given - b.received
            out.append(line((f"You gave {more:,} more than you received." if more else
                             "As much given as received.", "$text-success")))
        else:
            out.append(line((f"You received {b.received - b.given:,} more than you gave: what could you give back?",
                             "$text-warning")))
        out.append(line(f"{b.open_ideas:,} open idea{'s' * (b.open_ideas != 1)}", (" of what to give (G lists them)", MUTED)))
        made = i.by_status.get("made", 0)
        going = sum(i.by_status.get(s, 0) for s in ("proposed", "asked-a", "asked-b"))
        declined = i.by_status.get("declined", 0)
        out += [Content(""), line(("Introductions ", "bold"), f"{i.total:,}", (": ", MUTED), f"{made:,} made",
                                  (f" · {going:,} under way" if going else "", MUTED), (f" · {declined:,} declined" if declined else "", MUTED))]
        if made:
            parts = [(n, OUTCOME_BAR.get(k, BAR_GREY)) for k, n in i.outcomes.items()]
            out.append(fit(stacked(parts, made, bar + 16), bar + 16))
            legend: list = []
            for k, n in ((k, n) for k, n in i.outcomes.items() if n):
                legend += [(" · " if legend else "", MUTED), (f"{n:,} {k.replace('-', ' ')}", OUTCOME_STYLE.get(k, ""))]
            out.append(line(*legend))
        if i.recent:
            out.append(line(("the last made:", MUTED)))
        return Content("\n").join(out)

    # --- the people -------------------------------------------------------------------------------

    @staticmethod
    def _detail(p: stats.Person, today: dt.date, extra: str = "") -> Content:
        last = f"last contact {dt.date.fromisoformat(p.last_contact[:10]):%d %b %Y}" if p.last_contact else "never contacted"
        trend = strength.trend_for(p.score, p.prev)
        return line((p.name, "bold"), (f" · {p.circle} · {p.score} {p.tier}, {trend} ({p.prev} a month ago) · {last}",
                                       MUTED), (extra, MUTED))

    @staticmethod
    def _owed_rows(owed: list) -> list[Row]:
        """Two lines per person you owe, either opens them: what they did, then what you could give back."""
        rows = []
        for o in owed:
            ideas = " · ".join(o.ideas) or "no idea yet: g on them notes one"
            detail = line((o.name, "bold"), (f" · gave you: {o.last} ({o.last_on:%d %b})", MUTED),
                          (" · give back? ", MUTED), (ideas, "$text-secondary"))

            def first(width: int, o=o) -> Content:
                return _person(o.name, line((f"{o.last_on:%d %b} ", MUTED), (o.last, "")), width)

            def second(width: int, ideas=ideas) -> Content:
                return fit(line(("  → ", MUTED), (ideas, "$text-secondary")), width)

            rows += [Row(o.contact_id, first, detail), Row(o.contact_id, second, detail)]
        return rows

    def _fading_row(self, p: stats.Person, today: dt.date, names: list[str]) -> Row:
        style = tier_style(p.tier, names)

        def draw(width: int) -> Content:
            right = line((f"{p.prev:>3} → ", MUTED), (f"{p.score:<3}", f"bold {style}"),
                         (f" ▼{p.prev - p.score:<3}", "$text-error"), (f"{p.tier:<7}", style))
            if width >= 56:
                right += line((f"{p.circle:<8}{_ago(p.last_contact, today):>5}", MUTED))
            return _person(p.name, right, width)

        return Row(p.id, draw, self._detail(p, today))

    def _ace_row(self, p: stats.Person, today: dt.date, names: list[str]) -> Row:
        style = tier_style(p.tier, names)
        change = p.score - p.prev

        def draw(width: int) -> Content:
            trend = (f"▲{change:<3}", "$text-success") if change > 0 else (f"▼{-change:<3}", "$text-error") if change < 0 else ("    ", "")
            state = (f"overdue {p.overdue_days:,}d", "$text-error") if p.overdue_days else ("on track", "$text-success")
            right = line((f"{p.score:>3} ", f"bold {style}"), (f"{p.tier:<7}", style), trend, (f"{state[0]:<13}", state[1]))
            if width >= 56:
                right += line((f"{_ago(p.last_contact, today):>5}", MUTED))
            return _person(p.name, right, width)

        return Row(p.id, draw, self._detail(p, today))

    def _overdue_row(self, p: stats.Person, today: dt.date, names: list[str]) -> Row:
        style = tier_style(p.tier, names)

        def draw(width: int) -> Content:
            right = line((f"{p.overdue_days:>5,}d late ", "$text-error"), (f"{p.circle:<8}", MUTED), (f"{p.score:>3}", style))
            if width >= 56:
                right += line((f"{_ago(p.last_contact, today):>6}", MUTED))
            return _person(p.name, right, width)

        return Row(p.id, draw, self._detail(p, today, f" · {p.overdue_days:,} days past the keep-in-touch date"))

    @staticmethod
    def _intro_rows(intros: stats.Intros) -> list[Row]:
        """Two lines per introduction, one per person, so either side opens."""
        rows = []
        for r in intros.recent:
            when = dt.date.fromisoformat(r.made_on[:10]).strftime("%d %b %Y") if r.made_on else "made"
            outcome = (r.outcome or "pending").replace("-", " ")
            detail = line((r.a_name, "bold"), (" ↔ ", MUTED), (r.b_name, "bold"),
                          (f" · made {when} · {outcome}", MUTED))
            style = OUTCOME_STYLE.get(r.outcome or "pending", "")

            def first(width: int, r=r, when=when, outcome=outcome, style=style) -> Content:
                return line((f"{when}  ", MUTED)) + _person(r.a_name, line((f"{outcome:>14}", style)), width - 13)

            def second(width: int, r=r) -> Content:
                return line((f"{'':>11}↔ ", "$text-accent")) + fit(line((r.b_name, "bold")), width - 13)

            rows += [Row(r.a_id, first, detail), Row(r.b_id, second, detail)]
        return rows

    # --- moving and opening -----------------------------------------------------------------------

    def step(self, source: PeopleList, direction: int) -> None:
        """From the end of one list on to the next list with people (or back to the previous one)."""
        lists = [lst for lst in self.query(PeopleList) if lst.selectable]
        if source not in lists:
            return
        index = lists.index(source) + direction
        if 0 <= index < len(lists):
            target = lists[index]
            target.highlighted = target.selectable[0 if direction > 0 else -1]
            target.focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, PeopleList) and event.option_list.has_focus:
            self.call_after_refresh(self._reveal, event.option_list)
        self._status()

    def _reveal(self, lst: PeopleList) -> None:
        """Scroll the page just enough to show the highlighted row (and its section's title on the first)."""
        index, box = lst.highlighted, lst.parent
        if index is None or not lst.selectable or box is None:
            return
        body = self.query_one("#overview-body", VerticalScroll)
        row = lst.region.y + index - round(lst.scroll_offset.y)  # one line per row
        top = box.region.y if index == lst.selectable[0] else row
        bottom = box.region.bottom if index == lst.selectable[-1] else row + 1
        offset = body.scroll_offset.y - body.region.y
        body.scroll_to_region(Region(0, top + offset, 1, max(1, bottom - top)), animate=False, immediate=True)

    def on_descendant_focus(self) -> None:
        self._status()

    def _status(self) -> None:
        focused = self.focused
        text = line(("enter opens the highlighted person · ↑↓ move · ctrl+r recounts", MUTED))
        if isinstance(focused, PeopleList) and focused.highlighted is not None:
            text = focused.rows[focused.highlighted].detail
        self.query_one("#overview-status", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, PeopleList):
            self._open(event.option_list.contact_at(event.option_index))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, PeopleList):
            self._open(focused.contact_at(focused.highlighted))

    def _open(self, contact_id: int | None) -> None:
        if contact_id is not None:
            self.app.jump_to(contact_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "triage_fading":
            return bool(self.figures is not None and self.figures.fading_count)
        return True

    def action_triage_fading(self) -> None:
        """Walk exactly the people the fading list holds, in its order, one full card at a time."""
        self.app.push_screen(TriageScreen(fading=True))
