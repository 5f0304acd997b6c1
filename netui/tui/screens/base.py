"""What every netui screen shares: redrawing on ``DataChanged``, the contact its keys act on, help, ``u``.

``NetuiScreen.data_changed`` redraws what the screen shows. It runs when the app passes on a
``DataChanged`` while the screen is visible; a screen hidden under another one redraws once, when it
is shown again. ``ListScreen`` adds what the agenda, the give list and the overview share: undo, back.
``undo_newest`` is every screen's ``u``: it asks before undoing a step whose rows changed elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable

from peewee import DatabaseError
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen

from netui.core import lookup, undo
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.safe import line, notify
from netui.tui.screens.help import HelpScreen
from netui.tui.writes import ActsOnContact, DataChanged

FORCE = "Undo anyway (only this action's own changes)"


def copy_reach(screen: Screen, contact_id: int, name: str) -> None:
    """Copy someone's preferred phone (else email) to the clipboard: what a call or a follow-up needs.
    The same key on Today, Triage and the Agenda."""
    reach = lookup.reach([contact_id]).get(contact_id)
    value = (reach.phone or reach.email) if reach else ""
    if not value:
        notify(screen.app, f"No phone or email for {name}: e on the main screen adds one.", severity="warning")
        return
    screen.app.copy_to_clipboard(value)
    notify(screen.app, f"Copied {value} ({name}'s {'phone' if reach and reach.phone else 'email'})")


def undo_newest(screen: Screen, done: Callable[[undo.Snapshot], None]) -> None:
    """``u``: undo the newest step, then ``done(step)``.

    When another process changed the step's rows since, nothing is undone yet: a dialog shows what
    changed elsewhere and offers to undo only this action's own changes, or to keep everything.
    """
    app = screen.app
    snap = app.undo_stack.peek()
    if snap is None:
        notify(app, "Nothing to undo yet: u takes back the changes you make here (add, log, edit, archive, delete), "
               "newest first.")
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


class NetuiScreen(ActsOnContact, Screen):
    """A screen that follows the data: ``data_changed`` redraws it."""

    _stale = False  # something changed while the screen was hidden

    def data_changed(self, event: DataChanged | None) -> None:
        """Redraw after a change (``event`` None: changes happened while hidden)."""

    def on_data_changed(self, event: DataChanged) -> None:
        if self.in_sight:
            self.data_changed(event)
        else:
            self._stale = True

    @property
    def in_sight(self) -> bool:
        """Whether the user sees this screen: the top one, or one under dialogs that let it show through.

        Not Textual's ``is_current``, which counts the screen right under the top one as visible even
        when the top one covers it (the main screen under Today would reload its 100,000-row list and
        counts after every key of the morning)."""
        for screen in reversed(self.app.screen_stack):
            if screen is self:
                return True
            if screen.styles.background.a == 1:
                return False
        return False

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.data_changed(None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self))

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, each widget's keys in the order it declares them: a key remapped in config.toml
        keeps its place in the footer (Textual moves it to the end, where it drops off at 80 columns)."""
        active = super().active_bindings
        places: dict[DOMNode, dict[str | None, int]] = {}
        for item in active.values():
            if item.node not in places:
                declared = [b.id for b in getattr(item.node, "BINDINGS", ()) if isinstance(b, Binding)]
                places[item.node] = {binding_id: n for n, binding_id in enumerate(declared)}
        order = list(places)

        def place(entry: tuple[str, ActiveBinding]) -> tuple[int, int]:
            node, binding = entry[1].node, entry[1].binding
            return order.index(node), places[node].get(binding.id, len(places[node]))

        return dict(sorted(active.items(), key=place))


class ListScreen(NetuiScreen):
    """A screen over the main one that redraws itself with ``reload()`` after every change."""

    def reload(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def data_changed(self, event: DataChanged | None) -> None:
        self.reload()

    def action_undo(self) -> None:
        def done(snap: undo.Snapshot) -> None:
            self.reload()
            self.app.refresh_due(snap.contact_ids)

        undo_newest(self, done)

    def action_back(self) -> None:
        self.app.pop_screen()
