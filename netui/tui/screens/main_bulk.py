"""The main screen's marks: space marks people on the list, ``b`` changes everyone marked at once.

The marks are a set of contact ids kept by the list (``ContactList.marked``), so they stay while the
filter changes: search for one group, mark, search for another, mark, then tag them all. shift+down
and shift+up extend the marks row by row, as in a file manager; ``*`` marks everyone the filter shows
(one query for their ids, whatever their number: no row is drawn or visited to mark it). ``b`` opens
the bulk dialog (``netui.tui.dialogs.bulk``) for the marked people, or for the selected one when
nobody is marked; what it does is one write and one undo step. ``l`` with people marked logs one
interaction with all of them. esc clears the marks.
"""

from __future__ import annotations

from netui.core import search
from netui.tui.safe import notify


class BulkMarks:
    """Mixed into ``MainScreen``: mark, clear the marks, and the bulk action over the marked."""

    app: object  # the running NetuiApp (given by the screen this is mixed into)

    def marked_words(self) -> list:
        """The top bar's part about the marks: "12 marked" (nothing when nobody is)."""
        count = len(self.contact_list.marked)
        return ["  ·  ", (f"{count:,} marked", "bold $text-accent")] if count else []

    def _marks_changed(self) -> None:
        self.contact_list.refresh()
        self.update_topbar()
        self.refresh_bindings()

    def action_mark(self) -> None:
        lst = self.contact_list
        cid = lst.current_id
        if cid is None:
            return
        lst.marked.symmetric_difference_update({cid})
        lst.action_cursor(1)
        self._marks_changed()

    def action_extend_down(self) -> None:
        self._extend(1)

    def action_extend_up(self) -> None:
        self._extend(-1)

    def _extend(self, step: int) -> None:
        """Mark the selected person and the next one ``step`` away, and move there: shift+down three
        times from one person marks four."""
        lst = self.contact_list
        if lst.current_id is None:
            return
        lst.marked.add(lst.current_id)
        lst.action_cursor(step)
        lst.marked.add(lst.current_id)
        self._marks_changed()

    def action_mark_all(self) -> None:
        """Mark everyone the list shows now (the filter's matches, or everyone), added to the marks."""
        lst = self.contact_list
        found = search.ids(lst.query_)
        before = len(lst.marked)
        lst.marked.update(found)
        self._marks_changed()
        shown = "everyone the filter shows" if lst.query_.text.strip() else "everyone on the list"
        added = len(lst.marked) - before
        notify(self.app, f"Marked {len(found):,} {'person' if len(found) == 1 else 'people'}: {shown}"
                         f"{f' ({added:,} more than before)' if before and added else ''}. b acts on them; esc unmarks all.")

    def action_clear_marks(self) -> None:
        self.contact_list.marked.clear()
        self._marks_changed()

    def _marks_served(self, result) -> None:
        if result is not None:  # done (or nothing to do): the marks have served
            self.action_clear_marks()

    def action_bulk(self) -> None:
        from netui.tui.dialogs import bulk as bulk_dialog  # on first use, as the forms: the first frame needs none

        lst = self.contact_list
        ids = sorted(lst.marked) or [lst.current_id]
        bulk_dialog.open_bulk(self.app, ids, self._marks_served)

    def action_log_marked(self) -> None:
        """One interaction with everyone marked (``l`` with marks): the log form, its people filled in."""
        from netui.tui.dialogs import bulk as bulk_dialog  # on first use, as the forms: the first frame needs none

        bulk_dialog.open_log(self.app, sorted(self.contact_list.marked), self._marks_served)
