"""The three panes beside the list: detail, relationship strength, and give notes.

Each pane asks ``netui.core`` for values and draws them as ``Content`` built from plain text, so
nothing a contact's fields contain is ever parsed as markup. The screen says which contact to show;
the give pane's and the timeline's keys post ``Picked`` and the screen acts (widgets do not reach
for screens).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netui.core import cards, contacts, fields, views
from netui.core.text import sanitize
from netui.tui.commands import GIVE_PANE, bindings
from netui.tui.safe import line, notify
from netui.tui.widgets.line_pane import LinePane as LinePane
from netui.tui.widgets.line_pane import Pane as Pane
from netui.tui.widgets.timeline import TimelinePane
from netui.tui.writes import ActsOnContact

KIND_ICONS = {
    "in-person": "●", "call": "☎", "video": "▶", "email": "✉", "message": "✎", "social": "♡", "other": "·",
}
LABEL = "$text-muted"
HEAD = "bold $accent"


def _date(value, fmt: str = "%d %b %Y") -> str:
    when = contacts.as_datetime(value)
    return when.strftime(fmt) if when else ""


def _field(label: str, value: str, style: str = "") -> Content:
    return line((f"{label:<10}", LABEL), (value, style))


_METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}


def _registry_rows(view: views.Detail) -> list[Content]:
    """The pane's labelled lines, as the field registry describes them (``Pane`` rows, in order).

    Rows sharing a label share a line, joined as the registry says ("met 20 Nov 2026 at PyCon"); a
    list shows one line per item. A field added to the registry shows up here with no other change.
    """
    c = view.contact
    out: list[Content] = []
    shared: dict[str, tuple[int, str, str, list[str]]] = {}  # label -> (position, join, style, values)
    for f in fields.pane_fields():
        pane = f.pane
        if pane is None or pane.place != "row":
            continue
        if f.kind == "methods":
            for m in view.methods.get(_METHOD_KINDS.get(f.key, f.key), []):
                out.append(_field(pane.label, m.value + (f"  ({m.label})" if m.label else "")))
            continue
        if f.kind == "tags":
            value, style = " · ".join(view.tags), "$secondary"
        elif f.kind == "birthday":
            bday = contacts.birthday_of(c)
            value, style = (bday.display() if bday else ""), ""
        elif f.kind in ("date", "datetime"):
            value, style = _date(getattr(c, f.attr, None)), ""
        else:
            value, style = str(getattr(c, f.attr, "") or ""), ""
        if pane.label not in shared:
            shared[pane.label] = (len(out), pane.join, style, [])
            out.append(Content(""))  # its place; filled below once every part is known
        if value:
            shared[pane.label][3].append(value)
    for label, (position, join, style, values) in shared.items():
        out[position] = _field(label, join.join(values), style) if values else Content("")
    return [row for row in out if row.plain]


def _card_rows(card: cards.CardData) -> list[Content]:
    """Addresses, other dates, related people and profiles: one labelled line each."""
    out: list[Content] = []
    for a in card.addresses or []:
        out.append(_field("address", a.oneline() + (f"  ({a.label})" if a.label else "") + (" *" if a.preferred else "")))
    for d in card.dates or []:
        out.append(_field("date", f"{d.date}  ({d.label})" if d.label else d.date))
    for r in card.related or []:
        out.append(_field("related", r.name + (f"  ({r.label})" if r.label else "") + (" ↗" if r.contact_id else "")))
    for p in card.profiles or []:
        out.append(_field(p.service or "profile", p.value))
    if isinstance(card.photo, cards.PhotoData):
        photo = card.photo
        out.append(_field("photo", photo.url or f"{photo.media_type or 'image'}, {len(photo.data):,} bytes", LABEL))
    return out


def _lines(parts: list[Content]) -> Content:
    return Content("\n").join(parts)


class DetailPane(TimelinePane):
    """Who they are, how/when/why you met, interests, cadence, next reminders, and the timeline.

    With the focus, the timeline's rows are highlighted one at a time to edit or delete (``TimelinePane``).
    """

    def load(self, contact_id: int, now: dt.datetime) -> views.Detail:
        return views.detail(contact_id)

    def draw(self, view: views.Detail, now: dt.datetime) -> Content:
        c = view.contact
        out: list[Content] = [line((c.name, "bold"))]
        org = " · ".join(p for p in (c.title, c.organization) if p)
        if org:
            out.append(line(org))
        cadence = contacts.cadence_days(c)
        out.append(line((f"{c.circle} circle · keep in touch every {cadence} days", LABEL)))
        if c.archived:
            out.append(line(("archived: let go, no reminders (x restores)", "italic $warning")))
        if c.kind == "org":
            out.append(line(("an organisation: kept, out of cadence and every queue", "italic $secondary")))
        out.append(Content(""))
        out.extend(_registry_rows(view))
        out.extend(_card_rows(view.card))
        state = contacts.cadence_state(c, now)
        style = {"overdue": "bold $error", "due": "bold $warning"}.get(state.state, "$success")
        last = _date(c.last_contact_at) or "never"
        out.append(line((f"{'touch':<10}", LABEL), (state.words, style), (f"  (last: {last})", LABEL)))
        out.extend(self._reminders(view.reminders, now))
        if view.org_history:
            out.append(Content(""))
            out.append(line(("Previously", HEAD)))
            for h in reversed(view.org_history):
                out.append(line(("  " + " · ".join(p for p in (h.title, h.organization) if p), ""), (f"  until {h.until[:10]}", LABEL)))
        out.append(Content(""))
        rows, total = view.recent, view.total
        out.append(line(("Timeline", HEAD), (f"  {total} interaction{'s' * (total != 1)}", LABEL)))
        if not rows:
            out.append(line(("  nothing logged yet: press l to log a call, a message or a meeting", LABEL)))
        cursor = self.place_cursor(rows)
        for n, r in enumerate(rows):
            icon = KIND_ICONS.get(r.kind, "·")
            row = line((f"  {r.occurred_at:%d %b %Y}  ", LABEL), (f"{icon} {r.kind:<9} ", "$accent"), (r.summary, ""))
            out.append(self.highlighted(row, len(out)) if n == cursor else row)
        if total > len(rows):
            out.append(line((f"  … and {total - len(rows)} earlier", LABEL)))
        if c.note:
            out.append(Content(""))
            out.append(line(("Note", HEAD)))
            out.append(Content(sanitize(c.note, multiline=True)))
        return _lines(out)

    @staticmethod
    def _reminders(items: list[views.ReminderLine], now: dt.datetime) -> list[Content]:
        if not items:
            return []
        out = [Content(""), line(("Reminders", HEAD))]
        for item in items:
            due = item.due
            style = "bold $error" if due and due <= now else ""
            out.append(line((f"  {due:%d %b %Y}  " if due else "  ", LABEL), (f"{item.kind:<14} ", style), (item.note or "", "")))
        return out


class StrengthPane(LinePane):
    """The score and its tier, the points each factor adds up to it, and the last 24 months as a chart.

    Drawn for the pane's width (the chart's columns widen when there is room) and redrawn on resize.
    """

    HISTORY_MONTHS = 24
    CHART_ROWS = 4
    TREND_DAYS = 30

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[int, dt.datetime] | None = None
        self._drawn_width = 0

    @property
    def text_width(self) -> int:
        """Cells a line may use: the pane less its scrollbar (44 before the first layout)."""
        return max(24, self.size.width - 1) if self.size.width else 44

    def show(self, contact_id: int | None, now: dt.datetime) -> None:
        self._shown = (contact_id, now) if contact_id is not None else None
        self._drawn_width = self.size.width
        super().show(contact_id, now)

    def on_resize(self) -> None:
        if self._shown is not None and self.size.width != self._drawn_width:
            self._drawn_width = self.size.width
            super().show(*self._shown)
        else:
            super().on_resize()

    def load(self, contact_id: int, now: dt.datetime) -> views.StrengthView:
        return views.strength(contact_id, now, months=self.HISTORY_MONTHS, trend_days=self.TREND_DAYS)

    def view_of(self, contact_id: int, now: dt.datetime) -> views.StrengthView:
        """Scores are of a day: a value from an earlier day is read again."""
        view = super().view_of(contact_id, now)
        if view.day != now.date():
            self.forget((contact_id,))
            view = super().view_of(contact_id, now)
        return view

    def draw(self, view: views.StrengthView, now: dt.datetime) -> Content:
        from netui.core import settings, strength
        from netui.tui.widgets import charts

        s = view.score
        before = view.before
        width = self.text_width
        names = strength.tier_names()
        style = charts.tier_style(s.tier, names)
        out = [line((view.name, "bold")), line((f"{view.circle} circle", LABEL)), Content("")]

        change = s.score - before
        trend = (f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "no change")
        out.append(line((f"{s.score}", f"bold {style}"), ("/100  ", LABEL), (s.tier, f"bold {style}"),
                        (f"   {trend}", "$success" if change > 0 else "$error" if change < 0 else LABEL),
                        (f" in {self.TREND_DAYS} days", LABEL)))
        bar = min(width, 50)
        filled = charts.hbar(s.score, 100, bar)
        out.append(line((filled, charts.tier_style(s.tier, names, bar=True)), ("░" * (bar - len(filled)), LABEL)))
        out.append(self._scale(settings.current().tiers, s.tier, names, bar))

        out += [Content(""), line(("Why", HEAD), ("  the points add up to the score" if s.parts else "", LABEL))]
        for part in s.parts:
            out.append(hanging(line((f"{'+' + str(part.points):>5}  ", "bold")), line(part.label), width))
        if s.parts:
            out.append(line(("  ───", LABEL)))
            out.append(line((f"{s.score:>5}  ", "bold"), ("the score", LABEL)))
        for extra in s.factors[len(s.parts):]:
            out.append(hanging(line("  "), line((extra, LABEL)), width))

        values = view.history
        out += [Content(""), line(("Last 24 months", HEAD), ("  score at each month's end", LABEL))]
        out += self._chart(values, now, width, names)

        counts = view.counts
        if counts:
            out.append(Content(""))
            out.append(line(("All time", HEAD)))
            for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]):
                out.append(line((f"  {KIND_ICONS.get(kind, '·')} {kind:<10}", "$accent"), (f"{n:>4}", "")))
        return _lines(out)

    @staticmethod
    def _scale(bounds: dict[str, int], tier: str, names: list[str], bar: int) -> Content:
        """Under the bar: where each tier starts ("▏warm"), the contact's own tier highlighted."""
        from netui.tui.widgets import charts

        parts: list = []
        used = 0
        for name, bound in sorted(bounds.items(), key=lambda kv: kv[1]):
            at = round(bar * bound / 100)
            label = f"▏{name}"
            if at < used + (1 if used else 0) or at + len(label) > bar + 1:
                continue  # no room beside the previous label
            parts.append(" " * (at - used))
            parts.append((label, f"bold {charts.tier_style(name, names)}" if name == tier else LABEL))
            used = at + len(label)
        return line(*parts)

    def _chart(self, values: list[int], now: dt.datetime, width: int, names: list[str]) -> list[Content]:
        from netui.core import strength
        from netui.tui.widgets import charts

        axis = 4  # "100┤"
        col = 2 if axis + 2 * len(values) <= width else 1
        months = []
        for back in range(len(values) - 1, -1, -1):
            year, month0 = divmod(now.year * 12 + now.month - 1 - back, 12)
            months.append(f"{year:04d}-{month0 + 1:02d}")
        styles = [charts.tier_style(strength.tier_for(v), names, bar=True) for v in values]
        rows = charts.columns(values, 100, self.CHART_ROWS, col, styles, gap=0)
        ticks = ["100┤"] + ["   │"] * (self.CHART_ROWS - 2) + ["  0┤"]
        out = [line((tick, LABEL), row) for tick, row in zip(ticks, rows, strict=False)]
        out += [line(" " * axis, labels) for labels in charts.month_labels(months, col)]
        out.append(line((f"{' ' * axis}now {values[-1]} · a year ago {values[-13] if len(values) > 12 else 0}"
                         f" · highest {max(values)}", LABEL)))
        return out


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
        from netui.core import gives, introductions

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
            text(line(("so far only received: what could you give them?", "italic $warning")))
        text(Content(""))
        text(line(("Ideas", HEAD), ("  what you could do for them", LABEL)))
        ideas = [g for g in rows if g.direction == "idea" and g.status == "open"]
        if not ideas:
            text(line(("  none yet: g notes one", LABEL)))
        for g in ideas:
            lead = f" · lead #{g.lead}" if g.lead else ""
            body = line((g.text, ""), (f"  {g.kind}{lead}", LABEL))
            out.append(Option(hanging(line(("○ ", "$accent")), body, width), id=f"idea:{g.id}"))
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
        row_id = self._picked(kind, hint)
        if row_id is not None:
            self.post_message(self.Picked(self, action, row_id))

    def action_give_done(self) -> None:
        self._ask("give_done", "idea", "d marks an idea given")

    def action_give_drop(self) -> None:
        self._ask("give_drop", "idea", "x drops an idea")

    def action_intro_advance(self) -> None:
        self._ask("intro_advance", "intro", "a moves an introduction on")

    def action_intro_outcome(self) -> None:
        self._ask("intro_outcome", "intro", "o says how an introduction went")

    def action_intro_reasons(self) -> None:
        self._ask("intro_reasons", "intro", "R changes the reasons of an introduction")

    def action_leave(self) -> None:
        target = self.screen.query("#list")
        if target:
            target.first().focus()


STATUS_STYLE = {"proposed": "$warning", "asked-a": "$warning", "asked-b": "$warning", "made": "$success", "declined": LABEL}
OUTCOME_STYLE = {"helpful": "bold $success", "neutral": "", "wasted-time": "$error"}


def _first_name(name: str) -> str:
    return (name.split() or [name])[0]


def hanging(label: Content, body: Content, width: int) -> Content:
    """``label`` then ``body`` wrapped beside it, continuation lines indented under the body's start."""
    room = width - label.cell_length
    if room < 12:
        return label + body
    rows = body.wrap(room)
    pad = Content(" " * label.cell_length)
    return _lines([(label if n == 0 else pad) + row.rstrip() for n, row in enumerate(rows)])


def _intro_lines(i, contact_id: int, width: int = 0) -> Content:
    """One introduction seen from ``contact_id``: the other person, where it stands, and both reasons."""
    if contact_id in (i.a_id, i.b_id):
        other_id, other = i.other(contact_id)
        head = [("↔ ", "$accent"), (other, "bold")]
        sides = [(contact_id, i.reason_for(contact_id)), (other_id, i.reason_for(other_id))]
    else:
        head = [("↔ ", "$accent"), (f"{i.a_name} and {i.b_name}", "bold"), ("  they asked you", LABEL)]
        sides = [(i.a_id, i.reason_a), (i.b_id, i.reason_b)]
    status = {"asked-a": f"asked {_first_name(i.a_name)}", "asked-b": f"asked {_first_name(i.b_name)}"}.get(i.status, i.status)
    when = i.made_on if i.status == "made" and i.made_on else i.proposed_on
    head.append((f"  {status} {when:%d %b %Y}" if when else f"  {status}", STATUS_STYLE.get(i.status, "")))
    if i.outcome:
        head += [(" · ", LABEL), (i.outcome.replace("-", " "), OUTCOME_STYLE.get(i.outcome, ""))]
    parts = [line(*head)]
    names = {i.a_id: i.a_name, i.b_id: i.b_name}
    for cid, reason in sides:
        body = line((reason or "(no reason yet: R)", "" if reason else "italic $warning"))
        parts.append(hanging(line((f"   for {_first_name(names[cid])}: ", LABEL)), body, width))
    if i.requested_by_id and i.requested_by_id not in (contact_id,):
        parts.append(line((f"   asked by {i.requested_by_name}", LABEL)))
    return _lines(parts)


def _history_line(g, width: int = 0) -> Content:
    arrow = {"given": "→ gave ", "received": "← got  ", "idea": "  idea "}.get(g.direction, "")
    when = g.done_on or g.created_on
    state = "" if g.status == "done" else f"  {g.status}"
    outcome = f" · {g.outcome.replace('-', ' ')}" if g.outcome else ""
    return hanging(line((f"{when:%d %b %Y} ", LABEL), (arrow, "$accent")), line((g.text, "$text"), (state + outcome, LABEL)), width)
