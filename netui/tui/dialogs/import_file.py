"""Import from the TUI: pick a file or a vdir folder, watch a progress bar, read the report.

The import runs in a worker thread with its own database connection (one transaction per batch, as on
the command line); progress comes back to the UI thread through ``call_from_thread``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, ProgressBar, Static

from netui.core import undo
from netui.core.errors import NetuiError
from netui.core.text import sanitize
from netui.interop import mailscan
from netui.tui.screens.scan import ScanScreen
from netui.tui.widgets.wrapped import Wrapped, leading

READABLE = {".vcf", ".vcard", ".csv", ".json"}


def _mail_or_calendar(path: Path) -> bool:
    """Whether ``path`` is for the Scan screen (a mailbox or a calendar) rather than an import."""
    if path.suffix.lower() in READABLE:
        return False
    try:
        return mailscan.kind_of(path) != "empty"
    except NetuiError:
        return False


class ContactFileTree(DirectoryTree):
    """Folders and the files netui can read; hidden files left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in READABLE)
        ]


class ImportScreen(ModalScreen[dict | None]):
    """Returns the import's counts when something was imported, None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="import.close"),
        Binding("ctrl+s", "start", "Import", id="import.start", priority=True),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start_dir = start or Path.home()
        self.running = False
        self.result: dict | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static(Content.styled("Import contacts", "bold $text-accent"), id="import-title")
            yield Static(Content(
                "vCard files (Google, Apple, Outlook, Android…), a vdir folder, LinkedIn Connections.csv, "
                "Google CSV or a netui JSON backup. People already known are merged, not duplicated. "
                "A mailbox or an .ics calendar opens the scan for interactions to log."
            ), id="import-help")
            yield Input(placeholder="path to a file or folder (enter imports)", id="import-path")
            yield ContactFileTree(self.start_dir, id="import-tree")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            with VerticalScroll(id="import-report-box"):
                yield Wrapped(id="import-report")
            with Horizontal(id="import-buttons"):
                yield Label(Content("ctrl+s import · esc close"), id="import-keys")  # whole at 80 columns
                yield Button(Content("Import"), variant="primary", id="import-go", compact=True)
                yield Button(Content("Scan mail…"), id="import-scan", compact=True)
                yield Button(Content("Close"), id="import-close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-report-box").display = False
        self.query_one("#import-path", Input).focus()

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)
        self.query_one("#import-path", Input).focus()

    @on(DirectoryTree.DirectorySelected)
    def _folder(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-go")
    def action_start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            self._say("Type a path or pick a file below.", error=True)
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self._say(f"{raw}: no such file or folder", error=True)
            return
        if _mail_or_calendar(path):
            self._scan([path])
            return
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._say(f"Reading {path}…")
        self.run_import(path)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, path: Path) -> None:
        from netui.db import db
        from netui.interop import backup, importer

        now = self.app.now()
        label = f"import {sanitize(path.name)}"
        step: undo.Snapshot | None = None
        try:
            with db.connection_context():
                if path.suffix.lower() == ".json":
                    stats = backup.read(path, now)
                    text = backup.summary(path, stats)
                    counts = {"new": stats["new"], "updated": stats["updated"]}
                    if stats["new"] or stats["updated"]:
                        step = undo.blocked(label, "a JSON backup is merged in one go; the copy of the database "
                                                   "taken first (backups/, pre-restore) can be restored")
                else:
                    journal = undo.Journal(label)
                    try:
                        report = importer.import_paths([path], now, progress=self._progress, journal=journal)
                    except Exception:
                        step = self._step(journal, f"{label} (stopped part way)", None)
                        raise
                    text, counts = report.text(), report.counts()
                    step = self._step(journal, label, counts)
        except Exception as exc:  # noqa: BLE001 - a clear message, never a traceback (nothing half-written)
            self.app.call_from_thread(self._finished, f"Nothing imported: {exc}", None, step)
            return
        self.app.call_from_thread(self._finished, text, counts, step)

    @staticmethod
    def _step(journal: undo.Journal, label: str, counts: dict | None) -> undo.Snapshot | None:
        """The run's one undo step (None when it changed nothing); batches already written count too."""
        if counts is not None and not (counts["new"] or counts["updated"]):
            return None
        if counts is None and not (journal.too_large or journal.snapshot.contact_ids):
            return None
        try:
            step = journal.finish(label)
        except Exception as exc:  # noqa: BLE001 - the import stands; only its undo is lost, and u says why
            return undo.blocked(label, f"what it changed could not be recorded ({exc})")
        if counts is not None and not step.blocked:
            step.label = f"{label}: {counts['new']} new, {counts['updated']} updated"
        return step

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(self.query_one("#import-progress", ProgressBar).update, total=max(total, 1), progress=done)

    def _finished(self, text: str, counts: dict | None, step: undo.Snapshot | None = None) -> None:
        self.running = False
        if step is not None:
            self.app.undo_stack.push(step)  # one entry for the whole run, or one that says why it has none
            text += "\n" + (step.blocked if step.blocked else "u on the main screen undoes this import.")
        bar = self.query_one("#import-progress", ProgressBar)
        if counts is not None:
            bar.update(total=1, progress=1)
            self.result = counts
        self._say("")
        self.query_one("#import-tree").display = False
        box = self.query_one("#import-report-box")
        box.display = True
        rows = [Content(row) for row in sanitize(text, multiline=True).split("\n")]
        self.query_one("#import-report", Wrapped).set_rows((row, leading(row)) for row in rows)
        self.query_one("#import-close", Button).focus()

    def _say(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#import-help", Static)
        label.update(Content(sanitize(message)) if message else Content(""))
        label.set_class(error, "-invalid")

    @on(Button.Pressed, "#import-scan")
    def _scan_button(self) -> None:
        self._scan([])

    def _scan(self, paths: list[Path]) -> None:
        """Mail and calendar files are not contacts: the Scan screen reads them, in place of this dialog."""
        if self.running:
            return
        self.dismiss(self.result)
        self.app.push_screen(ScanScreen(paths))

    @on(Button.Pressed, "#import-close")
    def action_cancel(self) -> None:
        if self.running:
            return  # the batch in flight finishes; closing now would hide its report
        self.dismiss(self.result)

