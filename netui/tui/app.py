"""The netui application: screens, the clock, the undo history, and the background reminder tick."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.app import App

from netui.core import clock, undo
from netui.tui import probe, safety
from netui.tui.palette import JumpToContact, ScreenCommands


class NetuiApp(App[int]):
    CSS_PATH = Path(__file__).with_name("netui.tcss")  # absolute: subclasses live elsewhere
    TITLE = "netui"
    COMMANDS = App.COMMANDS | {ScreenCommands, JumpToContact}
    ENABLE_COMMAND_PALETTE = True

    TICK_SECONDS = 60.0
    MAX_TOASTS = 5  # more newly due reminders than this at once become one summary notification

    def __init__(self, db_path: Path | None = None, *, start: str = "main", now=None) -> None:
        super().__init__()
        probe.install(self)  # benchmarks only (NETUI_PROBE); nothing when off
        self.db_path = db_path
        self.start = start
        self._clock = now or clock.now  # tests inject a clock they can move
        self.undo_stack = undo.UndoStack()
        self.due_count = 0
        self.import_dir = Path.cwd()  # where the import file picker starts
        self.paused_triage = None  # a triage walk left with `o`, resumed by the next `t`
        self._announced: set[tuple[int | None, dt.datetime]] = set()  # also when nothing can be written

    def now(self) -> dt.datetime:
        return self._clock()

    def on_mount(self) -> None:
        from netui.tui.screens.main import MainScreen

        self.theme = "textual-dark"
        from netui.core import settings

        if settings.current().keys:
            self.set_keymap(settings.current().keys)
        self.due_count = self._count_due()
        self.push_screen(MainScreen())
        if self.start == "triage":  # `netui triage`: straight into it, the main screen underneath
            from netui.tui.screens.triage import TriageScreen

            self.push_screen(TriageScreen())
        self.set_interval(self.TICK_SECONDS, self.tick, name="reminder-tick")
        # Read-only notice; then quick_check, the daily backup and, once the file is known to be sound,
        # the first tick: it catches up on what came due while netui was closed.
        safety.start(self)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key and palette command: a write the database refuses is reported, not a crash."""
        with safety.reported(self):
            return await super().run_action(action, default_namespace, namespaces)
        return True

    def _count_due(self) -> int:
        from netui.core import reminders

        count = getattr(reminders, "due_count", None)
        return count(self.now()) if count else 0

    @work(thread=True, exclusive=True, group="tick", exit_on_error=False)
    def tick(self) -> None:
        """The background reminder tick: announce newly due reminders once, recount, decay daily.

        Runs in a thread with its own connection; the database answers from indexes, so a tick costs
        the same with 100 or 100,000 contacts. Results come back to the UI thread.
        """
        from netui.core import reminders, strength
        from netui.db import db
        from netui.db.database import state

        now = self.now()
        synced = None
        with db.connection_context():
            items = [i for i in reminders.newly_due(now) if (i.reminder_id, i.due) not in self._announced]
            self._announced.update((i.reminder_id, i.due) for i in items)
            count = reminders.due_count(now)
            if not state.read_only:  # a read-only or damaged file is only read
                reminders.mark_notified(items)
                strength.decay_if_due(now)  # once a day: scores decay with time, not only on writes
                synced = self._auto_sync(now)
        self.call_from_thread(self._after_tick, items, count)
        if synced:
            self.call_from_thread(self._after_sync, synced)

    def _auto_sync(self, now: dt.datetime) -> str | None:
        """Run the configured sync when it is due (``[sync] auto = true``); a line to show, or None."""
        from netui.core import settings
        from netui.interop import sync

        cfg = settings.current()
        if not cfg.sync_auto:
            return None
        try:
            reports = sync.sync_if_due(now, cfg.sync_every_minutes)
        except (OSError, ValueError) as exc:
            return f"Sync failed: {exc}"
        if reports is None:
            return None
        contacts_report, _ = reports
        if contacts_report is None:
            return None
        counts = contacts_report.counts()
        changed = sum(counts[k] for k in ("written", "new", "updated", "deleted_here", "deleted_there"))
        conflicts = len(contacts_report.conflicts)
        if not changed and not conflicts:
            return None
        return f"Synced: {changed} change{'s' * (changed != 1)}" + (
            f"; {conflicts} conflict{'s' * (conflicts != 1)} kept both versions (netui sync --conflicts)" if conflicts else ""
        )

    def _after_sync(self, message: str) -> None:
        from netui.tui.safe import notify

        notify(self, message, severity="warning" if "conflict" in message or "failed" in message else "information")
        if hasattr(self.screen, "reload"):
            self.screen.reload()

    def _after_tick(self, items, count: int) -> None:
        from netui.tui.safe import notify

        for item in items[: self.MAX_TOASTS]:
            notify(self, f"{item.name}: {item.why}", title=f"{item.kind} · {item.due:%d %b}", timeout=10)
        if len(items) > self.MAX_TOASTS:
            notify(self, f"… and {len(items) - self.MAX_TOASTS} more reminders came due. Press r for the agenda.", timeout=10)
        self.due_count = count
        if hasattr(self.screen, "update_topbar"):
            self.screen.update_topbar()

    def refresh_due(self) -> None:
        """Recount what is due and update the top bar."""
        self.due_count = self._count_due()
        screen = self.screen
        if hasattr(screen, "update_topbar"):
            screen.update_topbar()

    def current_keymap(self) -> dict[str, str]:
        """The user's key remapping (binding id -> keys), for the help screen."""
        from netui.core import settings

        return dict(settings.current().keys)

    def jump_to(self, contact_id: int) -> None:
        """Show ``contact_id`` on the main screen (clearing a filter that hides them)."""
        from netui.core import contacts, search
        from netui.tui.screens.main import MainScreen

        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return
        lst = screen.contact_list
        archived = bool(contacts.get(contact_id).archived)
        if search.position(lst.query_, lst.sort, contact_id) is None:
            box = screen.query_one("#filter")
            with box.prevent(box.Changed):
                box.value = ""
            box.display = False
            lst.load(search.Query("", archived=archived))
        screen.reload(keep=contact_id)
        lst.focus()
