"""The network overview (`o`): how wide and how deep the network is, who is fading, and the balance.

The figures come from ``netui.core.stats.overview`` in a worker thread (about a second at 100,000
contacts), after the daily strength decay. People are options: enter opens them on the main screen.
"""

from __future__ import annotations

import calendar

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netui.core import stats
from netui.tui.commands import OVERVIEW, bindings
from netui.tui.safe import line
from netui.tui.screens.base import ListScreen

TIER_STYLE = {"strong": "$success", "warm": "$warning", "fading": "$error", "cold": "$text-muted"}
HEAD = "bold $accent"
MUTED = "$text-muted"
BAR = 28


def _bar(value: int, top: int, width: int = BAR) -> str:
    filled = round(width * value / top) if top else 0
    return "█" * filled + "·" * (width - filled)


class OverviewScreen(ListScreen):
    """Sections of figures; every person listed can be opened."""

    AUTO_FOCUS = "#overview-list"
    COMMANDS_LIST = OVERVIEW
    BINDINGS = bindings(OVERVIEW)
    HELP_GENERAL = (("↑ ↓", "move between people"), ("ctrl+p", "command palette"))

    def compose(self) -> ComposeResult:
        yield Static(line(("Network overview", HEAD), ("  working out the figures…", MUTED)), id="overview-title")
        yield OptionList(id="overview-list")
        yield Footer()

    def on_mount(self) -> None:
        self._people_at: dict[str, int] = {}
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def load(self) -> None:
        from netui.core import strength
        from netui.db import db
        from netui.db.database import state

        now = self.app.now()
        with db.connection_context():
            if not state.read_only:
                strength.decay_if_due(now)
            figures = stats.overview(now, limit=10)
        self.app.call_from_thread(self.show, figures)

    def _text(self, *parts) -> Option:
        return Option(line(*parts), disabled=True)

    def show(self, o: stats.Overview) -> None:
        options = self.query_one("#overview-list", OptionList)
        options.clear_options()
        self._people_at: dict[str, int] = {}  # option id -> contact id (one person may be listed twice)
        deep_share = round(100 * o.deep / o.contacts) if o.contacts else 0
        self.query_one("#overview-title", Static).update(line(
            ("Network overview", HEAD), f"  {o.contacts:,} people", (" wide", MUTED), f" · {o.deep:,}",
            (f" deep ({deep_share}% warm or strong)", MUTED), (f"  ·  {o.on}", MUTED),
        ))
        add = options.add_option
        add(self._text(("Strength", HEAD)))
        top = max((t.count for t in o.tiers), default=0)
        for t in o.tiers:
            add(self._text(f"  {t.tier:<8}", (_bar(t.count, top), TIER_STYLE.get(t.tier, "")), f" {t.count:>6,}"))
        add(self._text(""))
        add(self._text(("Circles", HEAD), ("   people · warm or strong · average score", MUTED)))
        top = max((c.count for c in o.circles), default=0)
        for c in o.circles:
            add(self._text(f"  {c.circle:<8}", (_bar(c.count, top), "$accent"), f" {c.count:>6,}",
                           (f" · {c.deep:,} deep · avg {c.average}", MUTED)))
        add(self._text(""))
        add(self._text(("Interactions per month", HEAD), ("   the last 12 months", MUTED)))
        top = max((m.count for m in o.months), default=0)
        bars = " ▁▂▃▄▅▆▇█"
        spark = "".join(bars[min(8, round(8 * m.count / top))] if top else " " for m in o.months)
        labels = "".join(calendar.month_abbr[int(m.month[5:7])][0] for m in o.months)
        add(self._text("  ", (spark, "$accent"), f"  {sum(m.count for m in o.months):,} in the year, busiest {top:,}"))
        add(self._text("  ", (labels, MUTED)))
        add(self._text(""))
        b = o.balance
        add(self._text(("Give and take", HEAD), f"   you gave {b.given:,}, received {b.received:,}", (f" · {b.open_ideas:,} open ideas", MUTED)))
        i = o.intros
        made = i.by_status.get("made", 0)
        outcomes = ", ".join(f"{n} {k}" for k, n in i.outcomes.items() if n)
        add(self._text(("Introductions", HEAD), f"   {i.total:,} in all, {made:,} made", (f" ({outcomes})" if outcomes else "", MUTED)))
        for r in i.recent[:5]:
            add(Option(line("  ", (r.a_name, "bold"), " ↔ ", (r.b_name, "bold"), (f"  {r.outcome or r.status}", MUTED)), id=self._person_id(r.a_id)))
        self._people(f"Fading ({o.fading_count:,})", "was warm or strong, dropping", o.fading,
                     lambda p: f"{p.prev} → {p.score}")
        self._people("Ace connections", "your closest circle", o.aces,
                     lambda p: f"{p.score} {p.tier}" + (f" · overdue {p.overdue_days} d" if p.overdue_days else " · on track"))
        self._people(f"Most overdue ({o.overdue_count:,})", "keep-in-touch date passed", o.overdue,
                     lambda p: f"overdue {p.overdue_days} d · {p.circle}")
        first = next((n for n in range(options.option_count) if not options.get_option_at_index(n).disabled), None)
        if first is not None:
            options.highlighted = first

    def _people(self, title: str, note: str, people: list[stats.Person], detail) -> None:
        add = self.query_one("#overview-list", OptionList).add_option
        add(self._text(""))
        add(self._text((title, HEAD), (f"   {note}", MUTED)))
        if not people:
            add(self._text(("  nobody", MUTED)))
        for p in people:
            add(Option(line("  ", (p.name, "bold"), (f"  {detail(p)}", TIER_STYLE.get(p.tier, MUTED))), id=self._person_id(p.id)))

    def _person_id(self, contact_id: int) -> str:
        key = f"person-{len(self._people_at)}"
        self._people_at[key] = contact_id
        return key

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id in self._people_at:
            self.app.jump_to(self._people_at[event.option.id])

    def action_open(self) -> None:
        options = self.query_one("#overview-list", OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id in self._people_at:
                self.app.jump_to(self._people_at[option.id])
