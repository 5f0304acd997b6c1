"""The contact list: a Line API widget that draws only the visible rows.

Rows come from ``netui.core.search.page`` a window at a time and are cached by page, so the list
opens, scrolls and filters the same with ten contacts or 100,000: memory holds a few hundred rows,
never the whole table.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from netui.core import search
from netui.core.text import sanitize
from netui.tui import probe

PAGE = 100
MAX_PAGES = 24
TIER_COLOURS = {"strong": "green", "warm": "yellow", "fading": "dark_orange", "cold": "grey50"}


def age(value: str | None, now: dt.datetime) -> str:
    """A compact "how long ago": 3d, 5w, 4mo, 2y, or never."""
    if not value:
        return "never"
    days = (now - dt.datetime.fromisoformat(value)).days
    if days < 1:
        return "today"
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"


class ContactList(ScrollView, can_focus=True):
    """A virtual list of contacts for a query and a sort."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]
    COMPONENT_CLASSES = {"contact-list--cursor", "contact-list--dim", "contact-list--cursor-blur"}

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to a contact (``contact_id`` None: the list is empty)."""

        contact_list: "ContactList"
        contact_id: int | None

    def __init__(self, *, now: callable, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self.query_ = search.Query()
        self.sort = "name"
        self.total = 0
        self._pages: OrderedDict[int, list[search.ContactRow]] = OrderedDict()

    # --- data ---------------------------------------------------------------------------------

    def load(self, query: search.Query | None = None, sort: str | None = None, *, keep: int | None = None) -> None:
        """(Re)run the query; put the cursor on contact ``keep`` if it is in the result, else the top."""
        if query is not None:
            self.query_ = query
        if sort is not None:
            self.sort = sort
        self._pages.clear()
        self.total = search.count(self.query_)
        self.virtual_size = Size(self.size.width or 40, self.total)
        target = 0
        if keep is not None:
            found = search.position(self.query_, self.sort, keep)
            target = found if found is not None else min(self.cursor, max(self.total - 1, 0))
        self.cursor = min(target, max(self.total - 1, 0))
        self.refresh()

    def row(self, index: int) -> search.ContactRow | None:
        if not 0 <= index < self.total:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = search.page(self.query_, self.sort, number * PAGE, PAGE)
            self._pages[number] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current_id(self) -> int | None:
        row = self.row(self.cursor)
        return row.id if row else None

    # --- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id))

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        probe.mark("scroll")
        height = max(1, self.scrollable_content_region.height - 1)
        self.action_cursor(direction * height)

    def action_jump(self, index: int) -> None:
        if self.total:
            self.cursor = index if index >= 0 else self.total - 1

    def on_click(self, event) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < self.total:
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)
        self._scroll_cursor_into_view()

    # --- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        base = self.rich_style
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        if index == self.cursor:
            cls = "contact-list--cursor" if self.has_focus else "contact-list--cursor-blur"
            style = base + self.get_component_rich_style(cls)
        else:
            style = base
        dim = style + self.get_component_rich_style("contact-list--dim", partial=True)
        when = age(row.last_contact_at, self._now())
        right = f" {when:>5} "
        dot = "●"
        name_width = max(1, width - cell_len(right) - 2)
        name = sanitize(row.name)
        org = sanitize(row.organization)
        if org and cell_len(name) + 3 < name_width:
            left = [Segment(" " + name, style), Segment(set_cell_size("  " + org, name_width - cell_len(name)), dim)]
        else:
            left = [Segment(" " + set_cell_size(name, name_width), style)]
        segments = left + [
            Segment(right, dim),
            Segment(dot, style + Style(color=TIER_COLOURS.get(row.strength_tier, "grey50"))),
        ]
        return Strip(segments).crop_extend(0, width, style)
