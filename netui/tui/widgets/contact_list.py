"""The contact list: a Line API widget that draws only the visible rows.

Rows come from ``netui.core.search.page`` a window at a time and are cached by page, so the list
opens, scrolls and filters the same with ten contacts or 100,000: memory holds a few hundred rows,
never the whole table.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import peewee
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from netui.core import formats, match_hints, search
from netui.core.text import sanitize
from netui.db.database import explain
from netui.tui import probe, safety
from netui.tui.layout import ellipsize
from netui.tui.widgets.paged_list import PagedList

T = TypeVar("T")

PAGE = 100
MAX_PAGES = 24
TIERS = ("strong", "warm", "weak", "cold")
HINT_LABELLED = 24  # cells beside the name from which a match hint keeps its label ("· email: ada@…")  # each has a component class: its colour comes from the theme


def age(value: str | None, now: dt.datetime) -> str:
    """A compact "how long ago" (``formats.ago``), or never."""
    return formats.ago((now - dt.datetime.fromisoformat(value)).days) if value else "never"


class ContactList(PagedList):
    """A virtual list of contacts for a query and a sort."""

    PAGE = PAGE
    MAX_PAGES = MAX_PAGES
    COMPONENT_CLASSES = {"contact-list--cursor", "contact-list--dim", "contact-list--cursor-blur", "contact-list--marked",
                         *(f"contact-list--{tier}" for tier in TIERS)}
    _damage_reported = False

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a contact (``contact_id`` None: the list is empty)."""

        contact_list: ContactList
        contact_id: int | None

    def __init__(self, *, now: callable, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self.query_ = search.Query()
        self.sort = "name"
        self._line_styles: dict[bool, tuple[Style, Style, Style, Style]] = {}  # by focus: see _styles
        self._tier_styles: dict[str, Style] = {}
        self._hints: dict[int, match_hints.Hint] = {}  # where a filtered row matched, when not its name
        self.marked: set[int] = set()  # contacts marked for a bulk action (space), by id: kept across searches

    # --- data ---------------------------------------------------------------------------------

    def load(self, query: search.Query | None = None, sort: str | None = None, *, keep: int | None = None) -> None:
        """(Re)run the query; put the cursor on contact ``keep`` if it is in the result, else the top."""
        if query is not None:
            self.query_ = query
        if sort is not None:
            self.sort = sort
        target = None
        if keep is not None:
            target = search.position(self.query_, self.sort, keep)
        self.reset(0 if keep is None else target)

    def count(self) -> int | None:
        """Exact for a few thousand rows; past that (a first letter at 100,000) the count is a worker's."""
        try:
            return search.count_within(self.query_, self.COUNT_BOUND)
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            return self._unreadable(exc, 0)

    def counter(self) -> Callable[[], int]:
        query = self.query_
        return lambda: search.count(query)

    def fetch(self, offset: int, limit: int) -> list[search.ContactRow]:
        try:
            rows = search.page(self.query_, self.sort, offset, limit)
            for r in rows:  # this page's hints are read again: a row no longer matched elsewhere loses its own
                self._hints.pop(r.id, None)
            if self.query_.text.strip():
                self._hints.update(match_hints.hints([r.id for r in rows], self.query_.text))
            return rows
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            return self._unreadable(exc, [])

    def _unreadable(self, exc: Exception, empty: T) -> T:
        """Pages SQLite cannot read (a damaged file): shown as nothing, reported once, and the check
        that offers the newest good backup is started. Never a crash on the first frame."""
        plain = explain(exc)
        if plain is None:
            raise exc
        if not self._damage_reported:
            self._damage_reported = True
            safety.report(self.app, plain)
        return empty

    @property
    def current_id(self) -> int | None:
        row = self.row(self.cursor)
        return row.id if row else None

    def cursor_moved(self) -> None:
        # The key's first frame is the list's, with the new cursor row: it is out before the screen
        # hears of the move and reads the pane (which marks "open:<pane>" and then "pane").
        probe.mark("open")
        self.post_message(self.Highlighted(self, self.current_id))

    def action_page(self, direction: int) -> None:
        probe.mark("scroll")
        super().action_page(direction)

    # --- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        self._line_styles.clear()
        self._tier_styles.clear()
        super().notify_style_update()

    def _colour(self, component: str) -> Style:
        """Only the colour of a component class, blended over the list's background: a partial style
        would keep a muted colour's alpha unresolved (drawn as white, brighter than the name)."""
        return Style(color=self.get_component_rich_style(component).color)

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        """Row, dimmed row, cursor row, dimmed cursor row, worked out once per focus state and style
        change instead of for every line (``rich_style`` walks all the ancestors' styles)."""
        focused = self.has_focus
        styles = self._line_styles.get(focused)
        if styles is None:
            base = self.rich_style
            cursor = base + self.get_component_rich_style("contact-list--cursor" if focused else "contact-list--cursor-blur")
            dim = self._colour("contact-list--dim")
            styles = self._line_styles[focused] = (base, base + dim, cursor, cursor + dim)
        return styles

    def _tier(self, tier: str | None) -> Style:
        name = tier if tier in (*TIERS, "marked") else "cold"
        style = self._tier_styles.get(name)
        if style is None:
            style = self._tier_styles[name] = self._colour(f"contact-list--{name}")
        return style

    def render_line(self, y: int) -> Strip:
        """`` Ada Chen  Orbit Space…   13d ●``: the name whole when it can be, the organisation (dimmer)
        in what is left, every cut ending in "…", widths in cells (CJK and emoji take two)."""
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base, base_dim, cursor, cursor_dim = self._styles()
        row = self.row(index)
        if row is None:
            return self._empty_line(index, width, base_dim)
        style, dim = (cursor, cursor_dim) if index == self.cursor else (base, base_dim)
        lead = Segment(" ", style)
        if row.id in self.marked:  # a bar before the name, and the name in the marked colour
            style += self._tier("marked")
            lead = Segment("▌", style)
        right = f" {age(row.last_contact_at, self._now()):>5} "
        room = max(1, width - cell_len(right) - 2)  # a space before the name, the dot after the age
        name = sanitize(row.name)
        hint = self._hints.get(row.id)
        org = sanitize(row.organization)
        if hint:  # where a filter matched, in the organisation's place; narrow: the value without its label
            wide = room - cell_len(name) - 2 >= HINT_LABELLED
            org = f"· {sanitize(str(hint) if wide else hint.text)}"
        if org and cell_len(name) + 5 <= room:  # the organisation shows when at least "  Ab…" fits
            text = ellipsize(name, room)
            left = [lead, Segment(text, style), Segment(ellipsize("  " + org, room - cell_len(text)), dim)]
        else:
            left = [lead, Segment(ellipsize(name, room), style)]
        used = sum(cell_len(segment.text) for segment in left)
        segments = [*left, Segment(" " * (room + 1 - used), style), Segment(right, dim),
                    Segment("●", style + self._tier(row.strength_tier))]
        if room + cell_len(right) + 2 == width:  # the segments fill the line exactly
            return Strip(segments, width)
        return Strip(segments).crop_extend(0, width, style)

    def empty_words(self) -> str:
        """What the list says when it shows nobody: why, and the key that gets people back."""
        text = sanitize(self.query_.text.strip())
        if text and self.query_.archived:
            return f'No archived contact matches "{text}".\nesc clears the filter · A shows the active people.'
        if text:
            return f'Nobody matches "{text}".\nesc clears the filter · ? lists the search words (tag:, org:, is:due …)'
        if self.query_.archived:
            return "Nobody is archived now.\nA shows everyone again · x on someone archives (lets go of) them."
        return "Everyone is archived.\nA shows them (x restores one) · a adds someone."

    def _empty_line(self, index: int, width: int, style: Style) -> Strip:
        """A line of ``empty_words``, wrapped to the width, while the list has no rows (else blank)."""
        if self.total:
            return Strip.blank(width, style)
        words = self.empty_words()
        lines = [w for para in words.split("\n") for w in (textwrap.wrap(para, max(width - 2, 8)) or [""])]
        if index >= len(lines):
            return Strip.blank(width, style)
        return Strip([Segment(" " + lines[index], style)]).crop_extend(0, width, style)
