"""The three panes beside the list: detail, relationship strength, and give notes.

Each pane asks ``netui.core`` for values and draws them as ``Content`` built from plain text, so
nothing a contact's fields contain is ever parsed as markup.
"""

from __future__ import annotations

import datetime as dt

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from netui.core import contacts, interactions
from netui.core.text import sanitize
from netui.tui.safe import line

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


class Pane(VerticalScroll):
    """A scrollable pane showing one Static built from Content."""

    def compose(self):
        yield Static(Content(""), classes="pane-body")

    def set_content(self, content: Content) -> None:
        self.query_one(".pane-body", Static).update(content)
        self.scroll_home(animate=False)

    def show(self, contact_id: int | None, now: dt.datetime) -> None:
        if contact_id is None:
            self.set_content(Content(""))
            return
        try:
            self.set_content(self.build(contact_id, now))
        except contacts.NotFound:
            self.set_content(Content(""))

    def build(self, contact_id: int, now: dt.datetime) -> Content:  # pragma: no cover - abstract
        raise NotImplementedError


def _lines(parts: list[Content]) -> Content:
    return Content("\n").join(parts)


class DetailPane(Pane):
    """Who they are, how/when/why you met, interests, cadence, next reminders, and the timeline."""

    def build(self, contact_id: int, now: dt.datetime) -> Content:
        c = contacts.get(contact_id)
        out: list[Content] = [line((c.name, "bold"))]
        org = " · ".join(p for p in (c.title, c.organization) if p)
        if org:
            out.append(line(org))
        cadence = contacts.cadence_days(c)
        out.append(line((f"{c.circle} circle · keep in touch every {cadence} days", LABEL)))
        if c.archived:
            out.append(line(("archived: let go, no reminders (x restores)", "italic $warning")))
        out.append(Content(""))
        methods = contacts.methods_of(contact_id)
        for kind, label in (("email", "email"), ("phone", "phone"), ("url", "web")):
            for m in methods.get(kind, []):
                out.append(_field(label, m.value + (f"  ({m.label})" if m.label else "")))
        bday = contacts.birthday_of(c)
        if bday:
            out.append(_field("birthday", bday.display()))
        if c.met_on or c.how_met:
            when = _date(c.met_on)
            out.append(_field("met", " at ".join(p for p in (when, c.how_met) if p)))
        if c.reason:
            out.append(_field("why", c.reason))
        tags = contacts.tags_of(contact_id)
        if tags:
            out.append(_field("interests", " · ".join(tags), "$secondary"))
        state = contacts.cadence_state(c, now)
        style = {"overdue": "bold $error", "due": "bold $warning"}.get(state.state, "$success")
        last = _date(c.last_contact_at) or "never"
        out.append(line((f"{'touch':<10}", LABEL), (state.words, style), (f"  (last: {last})", LABEL)))
        out.extend(self._reminders(contact_id, now))
        history = contacts.contact_dict(contact_id)["org_history"]
        if history:
            out.append(Content(""))
            out.append(line(("Previously", HEAD)))
            for h in reversed(history):
                out.append(line(("  " + " · ".join(p for p in (h["title"], h["organization"]) if p), ""), (f"  until {h['until'][:10]}", LABEL)))
        out.append(Content(""))
        rows = interactions.recent(contact_id, 30)
        total = sum(interactions.counts_by_kind(contact_id).values())
        out.append(line(("Timeline", HEAD), (f"  {total} interaction{'s' * (total != 1)}", LABEL)))
        if not rows:
            out.append(line(("  nothing logged yet: press l to log a call, a message or a meeting", LABEL)))
        for r in rows:
            icon = KIND_ICONS.get(r.kind, "·")
            out.append(line((f"  {r.occurred_at:%d %b %Y}  ", LABEL), (f"{icon} {r.kind:<9} ", "$accent"), (r.summary, "")))
        if total > len(rows):
            out.append(line((f"  … and {total - len(rows)} earlier", LABEL)))
        if c.note:
            out.append(Content(""))
            out.append(line(("Note", HEAD)))
            out.append(Content(sanitize(c.note, multiline=True)))
        return _lines(out)

    def _reminders(self, contact_id: int, now: dt.datetime) -> list[Content]:
        from netui.core import reminders

        upcoming = getattr(reminders, "upcoming_for", None)
        if upcoming is None:
            return []
        items = upcoming(contact_id, now, limit=4)
        if not items:
            return []
        out = [Content(""), line(("Reminders", HEAD))]
        for item in items:
            due = contacts.as_datetime(item.due)
            style = "bold $error" if due and due <= now else ""
            out.append(line((f"  {due:%d %b %Y}  " if due else "  ", LABEL), (f"{item.kind:<14} ", style), (getattr(item, "why", "") or "", "")))
        return out


class StrengthPane(Pane):
    """The score, its tier, the factors in words, and the last 24 months as a sparkline."""

    def build(self, contact_id: int, now: dt.datetime) -> Content:
        from netui.core import strength

        c = contacts.get(contact_id)
        s = strength.compute(contact_id, now)
        tier_style = {"strong": "bold $success", "warm": "bold $warning", "fading": "bold $error"}.get(s.tier, "bold $text-muted")
        bar_width = 30
        filled = round(bar_width * s.score / 100)
        out = [
            line((c.name, "bold")),
            Content(""),
            line(("strength  ", LABEL), (f"{s.score:>3}/100  ", "bold"), (s.tier, tier_style)),
            line(("          ", ""), ("█" * filled, tier_style.replace("bold ", "")), ("░" * (bar_width - filled), LABEL)),
        ]
        history = getattr(strength, "history", None)
        if history is not None:
            values = history(contact_id, now)
            if values:
                out.append(line(("24 months ", LABEL), (sparkline(values), "$accent")))
        out.append(Content(""))
        out.append(line(("Why", HEAD)))
        for factor in s.factors or ["no interactions logged yet"]:
            out.append(line(("  " + factor, "")))
        counts = interactions.counts_by_kind(contact_id)
        if counts:
            out.append(Content(""))
            out.append(line(("All time", HEAD)))
            for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]):
                out.append(line((f"  {KIND_ICONS.get(kind, '·')} {kind:<10}", "$accent"), (f"{n:>4}", "")))
        return _lines(out)


def sparkline(values: list[int], top: int = 100) -> str:
    bars = " ▁▂▃▄▅▆▇█"
    return "".join(bars[min(8, round(8 * v / top))] if top else bars[0] for v in values)


class GivePane(Pane):
    """What you can do for them, what you did, what they did for you, and introductions."""

    def build(self, contact_id: int, now: dt.datetime) -> Content:
        from netui.db.models import Give

        c = contacts.get(contact_id)
        rows = list(Give.select().where(Give.contact == contact_id).order_by(Give.created_on.desc(), Give.id.desc()))
        given = sum(1 for g in rows if g.direction == "given" and g.status == "done")
        received = sum(1 for g in rows if g.direction == "received")
        ideas = [g for g in rows if g.direction == "idea" and g.status == "open"]
        out = [line((c.name, "bold")), Content("")]
        out.append(line(("balance   ", LABEL), (f"you gave {given}, received {received}", "bold")))
        if received and not given:
            out.append(line(("          so far you have only received from them: what could you give?", "italic $warning")))
        out.append(Content(""))
        out.append(line(("Ideas", HEAD), ("  what you could do for them", LABEL)))
        if not ideas:
            out.append(line(("  none yet: press g to note one (an article, an intro, a referral)", LABEL)))
        for g in ideas:
            out.append(line(("  ○ ", "$accent"), (g.text, ""), (f"  {g.kind}", LABEL)))
        done = [g for g in rows if g not in ideas]
        if done:
            out.append(Content(""))
            out.append(line(("History", HEAD)))
            for g in done:
                arrow = {"given": "→ gave", "received": "← got ", "idea": "  idea"}.get(g.direction, "")
                out.append(line((f"  {_date(g.done_on or g.created_on, '%d %b %Y')}  ", LABEL), (f"{arrow} ", "$accent"), (g.text, ""), (f"  {g.status}" if g.status != "done" else "", LABEL)))
        intros = contacts.introductions_of(contact_id)
        if intros:
            out.append(Content(""))
            out.append(line(("Introductions", HEAD)))
            for i in intros:
                other = i.b if i.a_id == contact_id else i.a
                reason = i.reason_a if i.a_id == contact_id else i.reason_b
                status = i.status + (f" · {i.outcome}" if i.outcome else "")
                out.append(line(("  ↔ ", "$accent"), (other.name, "bold"), (f"  {status}", LABEL)))
                if reason:
                    out.append(line(("      why: ", LABEL), (reason, "")))
        return _lines(out)
