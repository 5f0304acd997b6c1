"""A Line API list whose rows come from the database a page at a time.

Subclasses say how many rows there are (``count``), how to fetch a window of them (``fetch``), how to
draw one (``render_line``) and what to announce when the cursor moves (``cursor_moved``). Only the
pages around what is visible are kept, so a list of 100,000 rows costs what a list of 100 does.

A count that would cost the key its frame (a first letter typed in the filter matches most of 100,000
people) can be left to a worker: ``count`` says None past ``COUNT_BOUND`` rows, the list goes on with
that many (or up to the row it was asked to show) and ``counter``'s exact figure replaces it when it is
back, unless the list was reset meanwhile (a newer count is then under way).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.worker import get_current_worker

from netui.db import db


class PagedList(ScrollView, can_focus=True):
    PAGE = 100
    MAX_PAGES = 24
    COUNT_BOUND = 2000  # rows a count may read on the key's path; past them the exact count is a worker's

    class Counted(Message):
        """The exact count, read on a worker, has replaced the provisional one (``total`` is exact)."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.counting = False  # True while ``total`` is provisional and the exact count is on a worker
        self._counts = 0  # resets so far: a count for an older one is dropped
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()

    # --- what subclasses provide ----------------------------------------------------------------

    def count(self) -> int | None:  # pragma: no cover - abstract
        """How many rows; None: at least ``COUNT_BOUND``, and ``counter`` gives the exact figure."""
        raise NotImplementedError

    def counter(self) -> Callable[[], int]:  # pragma: no cover - abstract (only if count says None)
        """The exact count of the rows as they are now, to be called on a worker thread."""
        raise NotImplementedError

    def fetch(self, offset: int, limit: int) -> list[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after the cursor moved (or the rows under it changed)."""

    # --- data ---------------------------------------------------------------------------------

    def reset(self, cursor: int | None = None) -> None:
        """Forget cached pages and recount; put the cursor at ``cursor`` (kept in range)."""
        self._pages.clear()
        self._counts += 1
        target = self.cursor if cursor is None else cursor
        total = self.count()
        self.counting = total is None
        if total is None:  # many rows: as many as the bound (or the row asked for) until the worker says
            total = max(self.COUNT_BOUND, target + 1)
            self._count_later(self.counter(), self._counts)
        self._set_total(total, target)

    def _set_total(self, total: int, target: int) -> None:
        self.total = total
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)  # never wider: no horizontal bar
        self.cursor = min(max(target, 0), max(self.total - 1, 0))
        self.refresh()

    def _count_later(self, counter: Callable[[], int], generation: int) -> None:
        def run() -> None:
            worker = get_current_worker()
            try:
                with db.connection_context():  # this thread's own connection
                    total = counter()
            except Exception:  # noqa: BLE001 - the provisional count stays; the next reset counts again
                return
            if not worker.is_cancelled:
                self.app.call_from_thread(self._counted, total, generation)

        self.run_worker(run, thread=True, exclusive=True, group="count", exit_on_error=False)

    def _counted(self, total: int, generation: int) -> None:
        if not self.is_attached or generation != self._counts:
            return  # reset again meanwhile: that reset's count follows
        self.counting = False
        if total != self.total:  # the cursor stays where it is (a move would redraw the panes for nothing)
            self.total = total
            self.virtual_size = Size(self.scrollable_content_region.width, total)
            if self.cursor >= total:
                self.cursor = max(total - 1, 0)
            self.refresh()
        self.post_message(self.Counted())

    def row(self, index: int) -> Any | None:
        if not 0 <= index < self.total:
            return None
        number = index // self.PAGE
        page = self._pages.get(number)
        if page is None:
            page = self.fetch(number * self.PAGE, self.PAGE)
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * self.PAGE
        return page[offset] if offset < len(page) else None

    # --- cursor -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_cursor_into_view()
        if self.scroll_offset.y == top and old != new:
            self.refresh_line(old)  # the rest of the window is unchanged: two rows repaint, not all
            self.refresh_line(new)
        else:
            self.refresh()
        self.cursor_moved()

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
        self.action_cursor(direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        if self.total:
            self.cursor = index if index >= 0 else self.total - 1

    def on_click(self, event) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < self.total:
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)
        self._scroll_cursor_into_view()
