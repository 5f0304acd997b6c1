"""The panes' base classes: a pane of widgets, and a pane of text drawn with the Line API.

``LinePane`` keeps the repaint of a new person to its own region (see its docstring); the detail and
strength panes (``panes.py``) say what to load and how to draw it.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from netui.core import contacts


class Pane(VerticalScroll):
    """A scrollable pane of widgets (the give pane's list)."""

    def show(self, contact_id: int | None, now: dt.datetime) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def forget(self, contact_ids: tuple[int, ...] = ()) -> None:
        """Rows of these people changed (all, if none are named); this pane keeps nothing of them."""


class LinePane(ScrollView, can_focus=True):
    """A pane of text drawn with the Line API, for one contact at a time.

    Its size is set by the layout, never by what it shows, so a new person repaints this region and
    nothing else: no screen layout, no compositor pass over the other widgets (a ``Static`` that grows
    and shrinks with each person cost both on every key). Lines are wrapped as a ``Static`` wraps them,
    one column narrower when a scrollbar is needed.

    What a person's pane shows comes from one value (``load``: a few queries, pure enough to run on a
    worker thread with its own connection), kept for the last ``MAX_CACHED`` people until ``forget``
    says their rows changed; ``draw`` turns it into text with the time now, without queries. A value
    read while a write was landing is not kept: ``generation`` counts the ``forget`` calls, and
    ``keep`` refuses a value loaded under an older one.
    """

    DEFAULT_CSS = """
    LinePane {
        height: 1fr;
        overflow-x: hidden;
    }
    """
    MAX_CACHED = 32  # moving back and forth over a screenful costs no query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._strips: list[Strip] = []
        self._blank = Strip.blank(0)
        self._wrapped_width = 0  # the width the lines were wrapped to
        self._views: OrderedDict[int, Any] = OrderedDict()
        self.generation = 0  # bumped by every ``forget``: a value loaded before it may be out of date

    # --- what subclasses provide ----------------------------------------------------------------

    def load(self, contact_id: int, now: dt.datetime) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def draw(self, view: Any, now: dt.datetime) -> Content:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- values -----------------------------------------------------------------------------------

    def view_of(self, contact_id: int, now: dt.datetime) -> Any:
        """The value for ``contact_id``: kept from an earlier call, else loaded (``NotFound`` if gone)."""
        view = self._views.get(contact_id)
        if view is None:
            view = self.load(contact_id, now)
            self._store(contact_id, view)
        else:
            self._views.move_to_end(contact_id)
        return view

    def has_view(self, contact_id: int, now: dt.datetime) -> bool:
        """Whether ``show`` can draw ``contact_id`` without a query."""
        return contact_id in self._views

    def keep(self, contact_id: int, view: Any, generation: int) -> bool:
        """Keep a value loaded elsewhere (a worker) when ``generation`` was current; False if it is stale."""
        if generation != self.generation:
            return False
        self._store(contact_id, view)
        return True

    def _store(self, contact_id: int, view: Any) -> None:
        self._views[contact_id] = view
        self._views.move_to_end(contact_id)
        while len(self._views) > self.MAX_CACHED:
            self._views.popitem(last=False)

    def forget(self, contact_ids: tuple[int, ...] = ()) -> None:
        self.generation += 1
        if not contact_ids:
            self._views.clear()
        for contact_id in contact_ids:
            self._views.pop(contact_id, None)

    def build(self, contact_id: int, now: dt.datetime) -> Content:
        return self.draw(self.view_of(contact_id, now), now)

    def show(self, contact_id: int | None, now: dt.datetime) -> None:
        if contact_id is None:
            self.set_content(Content(""))
            return
        try:
            self.set_content(self.build(contact_id, now))
        except contacts.NotFound:
            self.set_content(Content(""))

    # --- drawing ----------------------------------------------------------------------------------

    @property
    def content(self) -> Content:
        """Everything the pane shows (scrolling shows the rest), as one block of text."""
        return self._content

    def set_content(self, content: Content, *, keep_scroll: bool = False) -> None:
        """Show ``content`` from its top (``keep_scroll``: where the pane was scrolled to, as a redraw)."""
        self._content = content
        self._wrap()
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def scroll_to_line(self, index: int) -> None:
        """Scroll just enough that the content's line ``index`` (counted before wrapping) is in view."""
        width = self._wrapped_width
        if not width:
            return
        lines = self._content.split(allow_blank=True)
        if not 0 <= index < len(lines):
            return
        top = len(Content("\n").join(lines[:index]).wrap(width)) if index else 0
        height = len(lines[index].wrap(width))
        self.scroll_to_region(Region(0, top, width, height), animate=False, immediate=True)

    def _wrap(self) -> None:
        """Wrap the content to the width; a new line count changes the scroll range, not the layout."""
        width, height = self.size
        self._wrapped_width = width
        if not width:
            self._strips = []
            return
        strips = self._render_width(width)
        if len(strips) > height and self.styles.scrollbar_size_vertical:
            width = max(1, width - self.styles.scrollbar_size_vertical)
            strips = self._render_width(width)
            self._wrapped_width = width
        base = self.rich_style  # once per person, not once per line and frame
        self._strips = [strip.crop_extend(0, width, base) for strip in strips]
        self._blank = Strip.blank(width, base)
        virtual = Size(self.size.width, len(strips))
        if virtual != self.virtual_size:
            self.set_reactive(Widget.virtual_size, virtual)  # the reactive would ask for a screen layout
            self._scroll_update(virtual)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrap()  # the lines carry the pane's colours (focus, theme)

    def _render_width(self, width: int) -> list[Strip]:
        return Visual.to_strips(self, self._content, width, None, self.visual_style, pad=True)

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_y) + y
        return self._strips[index] if 0 <= index < len(self._strips) else self._blank

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()
