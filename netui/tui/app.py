"""The netui application: screens, the clock, the undo history, and the background reminder tick.

It also follows the file: every write announces itself (``netui.tui.writes.DataChanged``), and writes
made by another process are noticed through SQLite's ``data_version`` (every ``watch`` seconds as
opened by ``netui``, on the tick, when the terminal regains focus and before every key), then announced
the same way. A key about a contact deleted elsewhere says so instead of acting.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import peewee
from textual import events, work
from textual.app import App
from textual.notifications import Notification, Notify
from textual.reactive import reactive
from textual.theme import Theme
from textual.worker import get_current_worker

from netui.core import clock, contacts, preferences, undo
from netui.core.text import sanitize
from netui.db import db
from netui.db.database import DatabaseError
from netui.tui import commands, probe, safety
from netui.tui.palette import JumpToContact, ScreenCommands
from netui.tui.safe import notify
from netui.tui.screens.main import MainScreen
from netui.tui.writes import ActsOnContact, DataChanged, announce


class NetuiApp(App[int]):
    CSS_PATH = Path(__file__).with_name("netui.tcss")  # absolute: subclasses live elsewhere
    TITLE = "netui"
    COMMANDS = App.COMMANDS | {ScreenCommands, JumpToContact}
    ENABLE_COMMAND_PALETTE = True

    TICK_SECONDS = 60.0
    WATCH_SECONDS = 1.5  # how often the opened app looks for another process's writes
    SUMMARY_NAMES = 3  # what came due at once is one notification, naming this many people
    CATCH_UP_SECONDS = 4.0  # the start-up summary goes quickly: it must not hide the detail pane for long

    due_count: reactive[int] = reactive(0)  # people due now (today.count): recounted on a worker after every DataChanged and tick
    sync_words: reactive[str] = reactive("")  # the header's "synced 14:05" / "sync failed"; "" when not set up

    def __init__(self, db_path: Path | None = None, *, start: str = "main", now=None,
                 watch: float | None = None) -> None:
        """``start``: "main", "triage" (today's queue), "triage-all" (everyone due), or "today" (Today
        when someone is due, else the main screen). ``watch``: seconds between looks at the file for
        another process's writes (``netui`` opens the app with ``WATCH_SECONDS``); None looks only on
        keys, focus and the tick, which is what most tests drive."""
        super().__init__()
        probe.install(self)  # benchmarks only (NETUI_PROBE); nothing when off
        self.db_path = db_path
        self.start = start
        self._clock = now or clock.now  # tests inject a clock they can move
        self.undo_stack = undo.UndoStack()
        self._data_version: int | None = None  # SQLite's data_version when the app last looked
        self.import_dir = Path.cwd()  # where the import file picker starts
        self.paused_triage = None  # a triage walk left with `o`, resumed by the next `t`
        self._announced: set[tuple[int | None, dt.datetime]] = set()  # also when nothing can be written
        # One tick at a time: a thread worker cannot be stopped, so "exclusive" alone would let a slow tick
        # and the next one both announce the same reminders (the second notice replacing the first).
        self._ticking = threading.Lock()
        self._caught_up = False  # the first tick (what came due while netui was closed) has been said
        self._due_notice: Notification | None = None  # what came due, while it is on screen
        self._after_first_frame: list = []  # start-up work put off until a screen of netui's shows what it is for
        self._counts = 0  # recounts started: one that lands after a newer one started is dropped
        self._watch = watch

    def now(self) -> dt.datetime:
        return self._clock()

    def on_mount(self) -> None:
        from netui.core import settings

        self.theme = self._remembered_theme()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        keys = commands.read_keys(settings.current().keys)
        if keys.keymap:
            self.set_keymap(keys.keymap)
        for problem in keys.problems:  # a name that matches nothing, a key taken from another command
            notify(self, problem, severity="warning", timeout=15)
        # The first frame with names (the list's, or Today's cards once its queue is read) waits for none
        # of these: the due count; the read-only notice, then quick_check, the daily backup and, once the
        # file is known to be sound, the first tick (it catches up on what came due while netui was
        # closed). ``post_display_hook`` starts them; run earlier, they competed with Today's read for
        # the cores and the GIL, and took it from 1.3 s to 4.9 s at 100,000 contacts.
        self._after_first_frame = [self.recount, partial(safety.start, self)]
        self.follow()  # the version the screens are drawn from
        self.push_screen(MainScreen())
        if self.start in ("triage", "triage-all", "triage-fading"):  # `netui triage [--all|--fading]`: straight into it
            from netui.tui.screens.triage import TriageScreen

            self.push_screen(TriageScreen(everyone=self.start == "triage-all", fading=self.start == "triage-fading"))
        elif self.start == "today" and self._someone_due():  # `netui`: the day's queue is the first thing offered
            from netui.tui.screens.today import TodayScreen

            self.push_screen(TodayScreen())
        self.set_interval(self.TICK_SECONDS, self.tick, name="reminder-tick")
        if self._watch:
            # Another terminal's `netui add` shows within a second or two, not at the next key; a look is
            # one PRAGMA (microseconds), and what changed is read as after any write announced.
            self.set_interval(self._watch, self.follow, name="follow-file")

    def post_display_hook(self) -> None:
        """A frame is on the terminal: after the first one of netui's own screens that shows what it is
        for (not Today's "reading the queue" line: ``reading``), start-up's put-off work."""
        if self._after_first_frame and len(self.screen_stack) > 1 and not getattr(self.screen, "reading", False):
            jobs, self._after_first_frame = self._after_first_frame, []
            # What start-up built (Textual's styles, the widgets, the modules) lives as long as the app:
            # frozen, Python's full collections no longer walk it. At 100,000 contacts each full
            # collection took 48-69 ms on the UI thread (a key's frame, every 15 keys or so), 5-12 ms after.
            gc.freeze()
            for job in jobs:
                self.call_later(job)

    DEFAULT_THEME = "textual-dark"

    def _remembered_theme(self) -> str:
        """The theme chosen in an earlier run (the palette's "Change theme"), if it still exists."""
        try:
            name = preferences.theme()
        except (peewee.PeeweeException, DatabaseError):  # a damaged file: the check that follows says so
            return self.DEFAULT_THEME
        return name if name in self.available_themes else self.DEFAULT_THEME

    def _remember_theme(self, theme: Theme) -> None:
        try:
            preferences.save_theme(theme.name)
        except (peewee.PeeweeException, DatabaseError):  # not remembered: the theme itself still changed
            pass

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key and palette command: the file is followed first, a key about someone deleted
        elsewhere is refused with a message, and a write the database refuses is reported, not a crash."""
        with safety.reported(self):
            changed = self.follow()
            # The node the key's action runs on, found as App.run_action itself finds it.
            target, name, params = self._parse_action(action, self if default_namespace is None else default_namespace,
                                                      namespaces)
            if isinstance(target, ActsOnContact):
                contact_id = target.acting_on(name)
                if contact_id is not None and target.check_action(name, params) and not _exists(contact_id):
                    self.deleted_elsewhere(contact_id, announced=changed)
                    return True
            try:
                return await super().run_action(action, default_namespace, namespaces)
            except contacts.ContactError as exc:  # a row gone or changed elsewhere mid-action: said, never a crash
                notify(self, f"Not done: {exc}", severity="warning")
                self.follow()
            finally:
                # The bench times a key to its frame by what it marked: the main screen's keys mark
                # what they set off; on the other screens (Today's morning loop) the action names it.
                if not isinstance(self.screen, MainScreen):
                    probe.mark("act", f"{type(self.screen).__name__}.{name}")
        return True

    # --- following the file ----------------------------------------------------------------------

    def follow(self) -> bool:
        """Announce writes made by other processes since the last look (one cheap PRAGMA); True if any.

        SQLite's ``data_version`` on this (the UI) thread's connection changes whenever another
        connection commits: another netui, the command line, or this app's own worker threads.
        """
        try:
            version = db.execute_sql("PRAGMA data_version").fetchone()[0]
        except (peewee.PeeweeException, DatabaseError):  # closed for a moment (a restore): look again later
            return False
        seen, self._data_version = self._data_version, version
        if seen is None or seen == version:
            return False
        announce(self, external=True)
        return True

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back in the terminal: the command line may have changed things meanwhile."""
        self.follow()

    def deleted_elsewhere(self, contact_id: int, *, announced: bool = False) -> None:
        """Say that a key's contact no longer exists, and redraw without them."""
        notify(self, f"#{contact_id} was deleted elsewhere; the list is up to date again.", severity="warning")
        if not announced:
            announce(self, [contact_id], external=True)

    def on_data_changed(self, event: DataChanged) -> None:
        """A write (here or elsewhere): recount what is due (on a worker) and let every screen redraw."""
        self.recount()
        for screen in self.screen_stack:
            screen.post_message(event.copy())

    def recount(self) -> None:
        """Count the people due (the header's number) and read the sync words, on a worker: the count
        takes 0.1 to 0.5 s at 100,000 contacts, a key's frame must not wait for it."""
        self._counts += 1
        self._count_due(self.now(), self._counts)

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count_due(self, now: dt.datetime, generation: int) -> None:
        """How many PEOPLE are due (not reminders), and the header's sync words; this thread's own connection."""
        from netui.core import today  # here, as in tick: today (and the reminders) are not needed to start
        from netui.interop import sync  # as in _auto_sync: the sync package is not needed to start

        worker = get_current_worker()
        try:
            with db.connection_context():
                count, words = today.count(now), sync.header_words(now)
        except (peewee.PeeweeException, DatabaseError):  # a damaged file: the check says so; a restore recounts
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._counted, count, words, generation)

    def _counted(self, count: int, words: str, generation: int) -> None:
        if generation == self._counts:  # else a newer count is on its way
            self.due_count, self.sync_words = count, words

    def _someone_due(self) -> bool:
        """Where ``netui`` opens: asked before the first frame, so SQLite stops at the first person due."""
        from netui.core import today

        try:
            return today.anyone_due(self.now())
        except (peewee.PeeweeException, DatabaseError):  # a damaged file: the main screen, which says so
            return False

    @work(thread=True, exclusive=True, group="tick", exit_on_error=False)
    def tick(self) -> None:
        """The background reminder tick: announce newly due reminders once, recount, decay daily.

        Runs in a thread with its own connection; the database answers from indexes, so a tick costs
        the same with 100 or 100,000 contacts. Results come back to the UI thread.
        """
        with self._ticking:  # after the tick before has announced what it found, never beside it
            self._tick()

    def _tick(self) -> None:
        from netui.core import reminders, strength, today
        from netui.db.database import state
        from netui.interop import sync  # as in _auto_sync: the sync package is not needed to start

        now = self.now()
        synced = None
        with db.connection_context():
            items = [i for i in reminders.newly_due(now) if (i.reminder_id, i.due) not in self._announced]
            self._announced.update((i.reminder_id, i.due) for i in items)
            count = today.count(now)
            if not state.read_only:  # a read-only or damaged file is only read
                reminders.mark_notified(items)
                strength.decay_if_due(now)  # once a day: scores decay with time, not only on writes
                synced = self._auto_sync(now)
            words = sync.header_words(now)
        self.call_from_thread(setattr, self, "sync_words", words)
        self.call_from_thread(self._after_tick, items, count)
        if synced:
            self.call_from_thread(self._after_sync, synced)
        self.call_from_thread(self.follow)  # what the tick and its sync wrote, and what others did

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

    def _after_tick(self, items, count: int) -> None:
        """What came due is ONE notification: the first tick's (while netui was closed) is short-lived,
        so that it does not cover the detail pane for long; one reminder is said in full."""
        first, self._caught_up = not self._caught_up, True
        timeout = self.CATCH_UP_SECONDS if first else 10
        if len(items) == 1:
            item = items[0]
            self._say_due(f"{item.name}: {item.why}", f"{item.kind} · {item.due:%d %b}", timeout)
        elif items:
            self._say_due(catch_up_words(items, first, self.SUMMARY_NAMES), "", timeout)
        self._counts += 1  # a recount started before the tick's count is older: dropped
        self.due_count = count

    def _say_due(self, message: str, title: str, timeout: float) -> None:
        """What came due, as ONE toast: a newer one replaces the last while it is still up, so the
        notices of the catch-up and of the ticks never pile up over the detail pane."""
        # Textual has no public way to withdraw one notification; App._unnotify is what a click on a toast calls.
        if self._due_notice is not None and self._due_notice in self._notifications:
            self._unnotify(self._due_notice)
        # As safe.notify does (markup off, the text sanitised), keeping the notification to withdraw it.
        self._due_notice = Notification(sanitize(message, multiline=True), sanitize(title), "information", timeout,
                                        markup=False)
        self.post_message(Notify(self._due_notice))

    def refresh_due(self, contact_ids: Iterable[int] = ()) -> None:
        """Something changed outside ``writes.write`` (an undo, of the step about ``contact_ids``; none
        named: anyone): recount, and let every screen redraw what shows them."""
        announce(self, contact_ids)

    _keys_read: tuple[object, dict[str, str]] | None = None  # the config's [keys], and the keymap read from them

    def current_keymap(self) -> dict[str, str]:
        """The user's key remapping (binding id -> keys): for the help screen, and for the keys Today,
        triage and the panes name as they draw (read once per config, not at every redraw)."""
        from netui.core import settings

        keys = settings.current().keys
        if self._keys_read is None or self._keys_read[0] is not keys:
            self._keys_read = (keys, commands.resolve_keymap(keys)[0])
        return self._keys_read[1]

    def jump_to(self, contact_id: int, pane: str | None = None) -> None:
        """Show ``contact_id`` on the main screen (on ``pane``: "detail", "strength" or "give")."""
        if not _exists(contact_id):
            self.deleted_elsewhere(contact_id)
            return
        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.show_person(contact_id, pane)


def catch_up_words(items, first: bool, shown: int) -> str:
    """ "While netui was closed, 5 reminders came due for 4 people: Ada, Alan, Mei and 1 more. T: Today." """
    names = list(dict.fromkeys(i.name for i in items))
    listed = ", ".join(names[:shown]) + (f" and {len(names) - shown:,} more" if len(names) > shown else "")
    when = "While netui was closed, " if first else ""
    people = f"{len(names):,} {'person' if len(names) == 1 else 'people'}"
    text = f"{when}{len(items):,} reminders came due for {people}: {listed}. T: Today."
    return text[0].upper() + text[1:]


def _exists(contact_id: int) -> bool:
    try:
        contacts.get(contact_id)
    except contacts.NotFound:
        return False
    return True
