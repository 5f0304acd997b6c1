"""The main screen's marks: space marks people on the list, ``b`` changes everyone marked at once.

The marks are a set of contact ids kept by the list (``ContactList.marked``), so they stay while the
filter changes: search for one group, mark, search for another, mark, then tag them all. ``b`` opens
the bulk dialog (``netui.tui.dialogs.bulk``) for the marked people, or for the selected one when
nobody is marked; what it does is one write and one undo step. esc clears the marks.
"""

from __future__ import annotations


class BulkMarks:
    """Mixed into ``MainScreen``: mark, clear the marks, and the bulk action over the marked."""

    app: object  # the running NetuiApp (given by the screen this is mixed into)

    def marked_words(self) -> list:
        """The top bar's part about the marks: "12 marked" (nothing when nobody is)."""
        count = len(self.contact_list.marked)
        return ["  ·  ", (f"{count:,} marked", "bold $text-accent")] if count else []

    def action_mark(self) -> None:
        lst = self.contact_list
        cid = lst.current_id
        if cid is None:
            return
        lst.marked.symmetric_difference_update({cid})
        lst.refresh()
        lst.action_cursor(1)
        self.update_topbar()
        self.refresh_bindings()

    def action_clear_marks(self) -> None:
        self.contact_list.marked.clear()
        self.contact_list.refresh()
        self.update_topbar()
        self.refresh_bindings()

    def action_bulk(self) -> None:
        from netui.tui.dialogs import bulk as bulk_dialog  # on first use, as the forms: the first frame needs none

        lst = self.contact_list
        ids = sorted(lst.marked) or [lst.current_id]

        def done(result) -> None:
            if result is not None:  # done (or nothing to do): the marks have served
                self.action_clear_marks()

        bulk_dialog.open_bulk(self.app, ids, done)
