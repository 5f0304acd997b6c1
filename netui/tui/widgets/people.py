"""The detail pane's people and journal: who someone is related to, and the timeline with its journal.

A section of its own beside ``panes.DetailPane``: the rows it draws are walked by the timeline's cursor
(``TimelinePane``), people first, then interactions and journal entries interleaved newest first. Text
comes from the database and is drawn as plain ``Content``, never as markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.content import Content

from netui.core import views
from netui.core.text import sanitize
from netui.tui.layout import hang
from netui.tui.safe import line
from netui.tui.widgets.timeline import Row

LABEL = "$text-muted"
HEAD = "bold $text-accent"
KIND_ICONS = {
    "in-person": "●", "call": "☎", "video": "▶", "email": "✉", "message": "✎", "social": "♡", "other": "·",
}
JOURNAL_ICON = "¶"

Mark = Callable[[Row, Content, int], Content]  # highlights a row drawn as line ``at`` when it is the cursor's


def walk(view: views.Detail) -> list[Row]:
    """The rows the cursor walks, top to bottom: the people, then the timeline newest first."""
    return [("person", r.id) for r in view.people] + [row_id for row_id, _ in timeline(view)]


def person_of(view: views.Detail, relation_id: int) -> int | None:
    return next((r.contact_id for r in view.people if r.id == relation_id), None)


def people_lines(view: views.Detail, mark: Mark, at: int) -> list[Content]:
    """"People": one line each, the word from this side and the other's name (none when nobody is related).

    ``at`` is the line the section starts on (for the cursor's scrolling)."""
    if not view.people:
        return []
    out = [Content(""), line(("People", HEAD), ("  p or enter opens one", LABEL))]
    width = max((len(r.words) for r in view.people), default=0)
    for r in view.people:
        row = line((f"  {r.words:<{min(width, 18)}}  ", LABEL), ("↗ ", "$text-accent"), (r.name, "bold"))
        out.append(mark(("person", r.id), row, at + len(out)))
    return out


def timeline(view: views.Detail) -> list[tuple[Row, dt.datetime]]:
    """Interactions and journal entries, newest first; an entry of a day sorts after that day's interactions."""
    rows: list[tuple[Row, dt.datetime, int]] = [(("interaction", r.id), r.occurred_at, 1) for r in view.recent]
    rows += [(("journal", e.id), dt.datetime.combine(e.on, dt.time()), 0) for e in view.entries]
    rows.sort(key=lambda r: (r[1], r[2], r[0][1]), reverse=True)
    return [(row_id, when) for row_id, when, _ in rows]


def timeline_lines(view: views.Detail, mark: Mark, at: int, width: int = 0) -> list[Content]:
    """The timeline's rows (under its heading, which the pane draws), each through ``mark``; a long
    summary wraps under its text, not under the date."""
    interactions = {r.id: r for r in view.recent}
    entries = {e.id: e for e in view.entries}
    out: list[Content] = []
    for row_id, when in timeline(view):
        kind, number = row_id
        if kind == "journal":
            entry = entries[number]
            head = line((f"  {when:%d %b %Y}  ", LABEL), (f"{JOURNAL_ICON} {'journal':<9} ", "$text-secondary"))
            body = line((sanitize(entry.text), "italic"))
        else:
            r = interactions[number]
            head = line((f"  {when:%d %b %Y}  ", LABEL), (f"{KIND_ICONS.get(r.kind, '·')} {r.kind:<9} ", "$text-accent"))
            others = ", ".join(name for _, name in view.shared.get(r.share or "", []))  # a shared interaction
            body = line((r.summary, ""), *([(f"  with {others}", LABEL)] if others else []))
        for piece in hang(head, body, width):
            out.append(mark(row_id, piece, at + len(out)))
    return out


def timeline_count(view: views.Detail) -> str:
    """"3 interactions · 2 journal entries" beside the heading."""
    total, notes = view.total, len(view.entries)
    words = f"  {total} interaction{'s' * (total != 1)}"
    return words + (f" · {notes} journal entr{'ies' if notes != 1 else 'y'}" if notes else "")
