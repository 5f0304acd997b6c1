"""The three panes beside the list: detail, relationship strength, and give notes.

Each pane asks ``netui.core`` for values and draws them as ``Content`` built from plain text, so
nothing a contact's fields contain is ever parsed as markup. The screen says which contact to show;
the give pane's and the timeline's keys post ``Picked`` and the screen acts (widgets do not reach
for screens).
"""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from netui.core import cards, contacts, fields, formats, views
from netui.core.text import sanitize
from netui.tui.layout import hang, hang_at
from netui.tui.safe import line
from netui.tui.widgets import people
from netui.tui.widgets.give_pane import GiveItems as GiveItems
from netui.tui.widgets.give_pane import GivePane as GivePane
from netui.tui.widgets.give_pane import hanging
from netui.tui.widgets.line_pane import LinePane as LinePane
from netui.tui.widgets.line_pane import Pane as Pane
from netui.tui.widgets.people import KIND_ICONS as KIND_ICONS
from netui.tui.widgets.timeline import TimelinePane

LABEL = "$text-muted"
HEAD = "bold $text-accent"


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
            value, style = " · ".join(view.tags), "$text-secondary"
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
        width = self.text_width  # labelled values wrap under their text, not at column 0
        out: list[Content] = [line((c.name, "bold"))]
        org = " · ".join(p for p in (c.title, c.organization) if p)
        if org:
            out.append(line(org))
        cadence = contacts.cadence_days(c)
        out.append(line((f"{c.circle} circle · keep in touch every {cadence} days", LABEL)))
        if c.archived:
            out.append(line(("archived: let go, no reminders (x restores)", "italic $text-warning")))
        if c.kind == "org":
            out.append(line(("an organisation: kept, out of cadence and every queue", "italic $text-secondary")))
        out.append(Content(""))
        for row in (*_registry_rows(view), *_card_rows(view.card)):
            out.extend(hang_at(row, 10, width))
        state = contacts.cadence_state(c, now)
        style = {"overdue": "bold $text-error", "due": "bold $text-warning"}.get(state.state, "$text-success")
        last = _date(c.last_contact_at) or "never"
        out.extend(hang(line((f"{'touch':<10}", LABEL)), line((state.words, style), (f"  (last: {last})", LABEL)), width))
        if c.note:  # the "about" text, near the top; dated entries go in the journal, with the timeline
            out.append(Content(""))
            out.append(line(("About", HEAD)))
            out.append(Content(sanitize(c.note, multiline=True)))
        out.extend(self._reminders(view.reminders, now, width))
        self.place_cursor(self.walk(view))
        out.extend(people.people_lines(view, self.mark, len(out)))
        if view.org_history:
            out.append(Content(""))
            out.append(line(("Previously", HEAD)))
            for h in reversed(view.org_history):
                out.extend(hang_at(line(("  " + " · ".join(p for p in (h.title, h.organization) if p), ""),
                                        (f"  until {formats.day(h.until)}", LABEL)), 2, width))
        out.append(Content(""))
        rows, total = view.recent, view.total
        out.append(line(("Timeline", HEAD), (people.timeline_count(view), LABEL)))
        if not rows and not view.entries:
            out.append(line(("  nothing logged yet: press l to log a call, a message or a meeting", LABEL)))
        out.extend(people.timeline_lines(view, self.mark, len(out), width))  # interactions and the journal
        if total > len(rows):
            out.append(line((f"  … and {total - len(rows)} earlier", LABEL)))
        return _lines(out)

    def walk(self, view: views.Detail) -> list:
        return people.walk(view)

    def person_of(self, relation_id: int) -> int | None:
        return people.person_of(self.view_of(self.contact_id, self.app.now()), relation_id) if self.contact_id else None

    @staticmethod
    def _reminders(items: list[views.ReminderLine], now: dt.datetime, width: int = 0) -> list[Content]:
        if not items:
            return []
        out = [Content(""), line(("Reminders", HEAD))]
        for item in items:
            due = item.due
            style = "bold $text-error" if due and due <= now else ""
            out.extend(hang(line((f"  {due:%d %b %Y}  " if due else "  ", LABEL), (f"{item.kind:<14} ", style)),
                            line((item.note or "", "")), width))
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

    def has_view(self, contact_id: int, now: dt.datetime) -> bool:
        view = self._views.get(contact_id)
        return view is not None and view.day == now.date()

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
        arrow = (f" ▲ {change}" if change > 0 else f" ▼ {-change}" if change < 0 else "")
        # A level (the tier) and a direction (the trend), never one word for both.
        out.append(line((f"{s.score}", f"bold {style}"), ("/100  ", LABEL), (s.tier, f"bold {style}"), (" · ", LABEL),
                        (f"{strength.trend_for(s.score, before)}{arrow}",
                         "$text-success" if change > 0 else "$text-error" if change < 0 else LABEL),
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
                out.append(line((f"  {KIND_ICONS.get(kind, '·')} {kind:<10}", "$text-accent"), (f"{n:>4}", "")))
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
        col = 2 if axis + 2 * len(values) + 2 <= width else 1  # + 2: the last month's name runs past its column
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
        return [row.truncate(width) for row in out]  # a chart row that wrapped would leave "100┤" alone
