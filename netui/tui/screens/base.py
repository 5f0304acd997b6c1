"""What the secondary list screens (agenda, give list) share: undo, back, help; and ``u`` for every screen."""

from __future__ import annotations

from collections.abc import Callable

from peewee import DatabaseError
from textual.content import Content
from textual.screen import Screen

from netui.core import undo
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.safe import line, notify

FORCE = "Undo anyway (only this action's own changes)"


def undo_newest(screen: Screen, done: Callable[[undo.Snapshot], None]) -> None:
    """``u``: undo the newest step, then ``done(step)``.

    When another process changed the step's rows since, nothing is undone yet: a dialog shows what
    changed elsewhere and offers to undo only this action's own changes, or to keep everything.
    """
    app = screen.app
    snap = app.undo_stack.peek()
    if snap is None:
        notify(app, "Nothing to undo.")
        return
    try:
        app.undo_stack.undo(now=app.now())
    except undo.CannotUndo as exc:
        notify(app, str(exc), severity="warning")
        return
    except undo.UndoConflict as exc:
        _ask(screen, snap, exc, done)
        return
    except DatabaseError as exc:  # a locked or unwritable file: nothing changed (one transaction)
        notify(app, f"Not undone: {exc}", severity="error")
        return
    notify(app, f"Undone: {snap.label}")
    done(snap)


class ConflictScreen(ConfirmScreen):
    """The confirm dialog, wide enough for the long answer beside "Keep" (in an 80-column terminal)."""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#confirm").styles.width = 76


def _ask(screen: Screen, snap: undo.Snapshot, conflict: undo.UndoConflict, done) -> None:
    app = screen.app
    shown = conflict.changes[:8]
    lines = [line("Since ", (snap.label, "bold"), ", elsewhere:")]
    lines += [line(f"  • {change}") for change in shown]
    if len(conflict.changes) > len(shown):
        lines.append(line(f"  … and {len(conflict.changes) - len(shown)} more"))
    lines += [Content(""), line(("Undo anyway puts back only what this action wrote; what changed elsewhere stays.", "$text-muted"))]

    def answer(yes: bool | None) -> None:
        if not yes:
            notify(app, f"Kept as it is: {snap.label} was not undone.")
            return
        if app.undo_stack.peek() is not snap:
            return
        try:
            app.undo_stack.undo(force=True, now=app.now())
        except (undo.UndoError, DatabaseError) as exc:
            notify(app, f"Not undone: {exc}", severity="error")
            return
        notify(app, f"Undone: {snap.label} (what changed elsewhere was kept)")
        done(snap)

    app.push_screen(ConflictScreen(Content("\n").join(lines), yes=FORCE, no="Keep"), answer)


class ListScreen(Screen):
    """A screen over the main one that redraws itself with ``reload()`` after every change."""

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def action_undo(self) -> None:
        def done(_: undo.Snapshot) -> None:
            self.reload()
            self.app.refresh_due()

        undo_newest(self, done)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_help(self) -> None:
        from netui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
