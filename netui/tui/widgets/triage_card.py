"""The triage card: a person's rows (why now, last contacts, give ideas, strength, the keys), drawn as
one widget whose lines are laid out for its width. The screen (``screens/triage.py``) walks and acts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget

from netui.core import strength, triage, undo
from netui.tui.commands import TRIAGE, first_keys, key_hints
from netui.tui.safe import line
from netui.tui.widgets.panes import KIND_ICONS

LABEL = "$text-muted"
HEAD = "bold $text-accent"
WIDTH = 11  # the label column


@dataclass
class Done:
    """One action of this walk: its undo snapshot, where it happened, and what it was."""

    snap: undo.Snapshot
    pos: int
    action: str


class Row(NamedTuple):
    """One line of the card: a fixed-width prefix (a label, a bullet) and a value that wraps beside it."""

    prefix: Content
    value: Content


def _row(prefix: str | tuple[str, str], *value) -> Row:
    return Row(line(prefix), line(*value))


def _label(text: str, *value) -> Row:
    return _row((f"{text:<{WIDTH}}", LABEL), *value)


def _blank() -> Row:
    return Row(Content(""), Content(""))


# The card's own line of keys: the one-key actions, with the words they stand for.
CARD_KEYS = {"log_call": "call", "log_message": "message", "log_met": "in person", "log_email": "email",
             "snooze": "snooze", "archive": "let go"}
NOTE_KEYS = ("log_call_note", "log_message_note", "log_met_note", "log_email_note")


def card_rows(card: triage.Card, done: list[str], keymap: dict[str, str] | None = None) -> list[Row]:
    """The card, line by line: who, why now, how you know them, what to bring, how strong."""
    out: list[Row] = []
    org = " · ".join(p for p in (card.title, card.organization) if p)
    out.append(_row("", (card.name, "bold"), (f"   {org}" if org else "", "")))
    out.append(_label("circle", (card.circle, "bold"), f" · keep in touch every {card.cadence_days} days",
                      (f" · {card.cadence_words}", LABEL)))
    notes = " ".join(first_keys(TRIAGE, NOTE_KEYS, keymap))
    out.append(_label("keys", (key_hints(TRIAGE, CARD_KEYS, keymap), "$text-accent"), (f" · {notes}: with a note", LABEL)))
    if done:
        words = ", ".join(triage.ACTION_WORDS.get(a, (a, a))[0] for a in done)
        out.append(_label("done", (f"✓ {words}", "bold $text-success"), ("   u undoes", LABEL)))
    if card.archived:
        out.append(_label("", ("archived: let go, no reminders", "italic $text-warning")))
    out += [_blank(), _row("", ("Why now", HEAD))]
    if not card.reasons:
        out.append(_row("  ", ("nothing is due for them any more", LABEL)))
    out += [_row(("  • ", "$text-warning"), reason) for reason in card.reasons]
    out += [_row(("  note: ", LABEL), note) for note in card.notes]
    out.append(_blank())
    if card.met:
        out.append(_label("met", card.met))
    if card.why_met:
        out.append(_label("why", card.why_met))
    if card.interests:
        out.append(_label("interests", (" · ".join(card.interests), "$text-secondary")))
    out.append(_label("last", ("nothing logged yet", LABEL) if not card.last else ""))
    for row in card.last:
        icon = KIND_ICONS.get(row.kind, "·")
        out.append(_row((f"  {row.occurred_at:%d %b %Y}  {icon} {row.kind:<9} ", LABEL), row.summary))
    if card.interaction_count > len(card.last):
        out.append(_row("  ", (f"… and {card.interaction_count - len(card.last)} earlier", LABEL)))
    out.append(_label("give ideas", ("none yet: g notes one", LABEL) if not card.ideas else ("d: the first given", LABEL)))
    out += [_row(("  ○ ", "$text-accent"), idea) for idea in card.ideas]
    s = card.strength
    trend = s.score - card.strength_prev
    arrow = f" ↓ {-trend} in 30 days" if trend < 0 else (f" ↑ {trend} in 30 days" if trend > 0 else "")
    out.append(_label("strength", (f"{s.score}/100 ", "bold"), (s.tier, "bold"),
                      (f" · {strength.trend_for(s.score, card.strength_prev)}{arrow}", LABEL)))
    out += [_row("  ", factor) for factor in s.factors]
    if card.note:
        out.append(_label("note"))
        out += [_row("  ", text) for text in card.note.splitlines()]
    return out


class CardView(Widget):
    """The card's rows, wrapped to the width so that a long value stays beside its label (a hanging indent).

    One widget, however long the card: the lines are built for the width Textual asks about.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self._cache: tuple[int, list[Content]] = (-1, [])

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        self._cache = (-1, [])
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        if self._cache[0] == width:
            return self._cache[1]
        out: list[Content] = []
        for prefix, value in self.rows:
            indent = prefix.cell_length
            if not value.cell_length:
                out.append(prefix)
                continue
            parts = value.wrap(max(width - indent, 10)) or [Content("")]
            out.append(prefix + parts[0])
            out.extend(Content(" " * indent) + part for part in parts[1:])
        self._cache = (width, out)
        return out

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))
