"""The main screen: the contact list, the panes for the selected person, and every everyday action."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static, TabbedContent, TabPane

from netui.core import contacts, interactions, search, undo
from netui.core.search import SORTS
from netui.tui import forms, probe
from netui.tui.commands import GIVE_PANE, MAIN, bindings
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.dialogs.form import FormScreen
from netui.tui.safe import line, notify
from netui.tui.screens.base import undo_newest
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import DetailPane, GivePane, StrengthPane

NEEDS_CONTACT = {"log", "edit", "give", "delete", "archive", "introduce", "pane_detail", "pane_strength", "pane_give"}


class TopBar(Static):
    """The title line: how many people, the sort, the filter, and what is due."""


class MainScreen(Screen):
    AUTO_FOCUS = "#list"
    COMMANDS_LIST = MAIN
    HELP_SECTIONS = (("In the give pane (tab into it)", GIVE_PANE),)
    BINDINGS = bindings(MAIN)

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Input(placeholder="filter: name, org, email, tag:NAME, note…  (enter: keep · esc: clear)", id="filter", compact=True)
        with Horizontal(id="body"):
            yield ContactList(now=self.app.now, id="list")
            with TabbedContent(id="panes", initial="detail"):
                with TabPane("Detail", id="detail"):
                    yield DetailPane(id="detail-pane")
                with TabPane("Strength", id="strength"):
                    yield StrengthPane(id="strength-pane")
                with TabPane("Give", id="give"):
                    yield GivePane(id="give-pane")
        with Center(id="welcome"):
            with Vertical(id="welcome-box"):
                yield Static(Content.styled("Welcome to netui", "bold"), id="welcome-title")
                yield Static(Content(
                    "Keep your network warm, a few minutes a day. Your database is empty: start by adding "
                    "someone you met, importing the contacts you have, or exploring a sample network."
                ), id="welcome-text")
                yield Button(Content("a  Add your first contact"), id="welcome-add", compact=True)
                yield Button(Content("i  Import a file (vCard, LinkedIn, Google CSV)"), id="welcome-import", compact=True)
                yield Button(Content("D  Load a sample network"), id="welcome-sample", compact=True)
        yield Footer()

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    _had_none = True
    _active_total = 0

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.query("#body"):
            self.reload()

    # --- state -------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Re-run the list query (after a write), keeping the cursor on ``keep`` if given."""
        lst = self.contact_list
        lst.load(keep=keep if keep is not None else lst.current_id)
        self._active_total = contacts.count(include_archived=False)  # counted per write, not per tick
        empty = contacts.count() == 0
        self.query_one("#welcome").display = empty
        self.query_one("#body").display = not empty
        if empty:
            self.query_one("#welcome-add", Button).focus()
        elif self.focused is None or isinstance(self.focused, Button):
            lst.focus()
        self.show_contact(lst.current_id)
        self.update_topbar()
        self.refresh_bindings()

    def update_topbar(self) -> None:
        lst = self.contact_list
        total = self._active_total
        parts: list = [("netui", "bold $accent"), f"  {total:,} contact{'s' * (total != 1)}"]
        if lst.query_.text.strip():
            parts += ["  ·  filter ", (lst.query_.text.strip(), "bold"), f" ({lst.total:,})"]
        if lst.query_.archived:
            parts.append(("  ·  archived", "$warning"))
        parts += ["  ·  sort ", (lst.sort, "bold")]
        due = self.app.due_count
        if due:
            parts += ["  ·  ", (f"{due} due", "bold $warning")]
        self.query_one(TopBar).update(line(*parts))

    def show_contact(self, contact_id: int | None) -> None:
        now = self.app.now()
        active = self.query_one(TabbedContent).active
        probe.mark("open", active)
        for pane_id, pane in (("detail", DetailPane), ("strength", StrengthPane), ("give", GivePane)):
            widget = self.query_one(pane)
            if pane_id == active:
                widget.show(contact_id, now)
                widget.loaded_for = contact_id
            else:
                widget.loaded_for = -1  # drawn when its tab is shown

    @on(ContactList.Highlighted)
    def _highlighted(self, event: ContactList.Highlighted) -> None:
        self.show_contact(event.contact_id)
        # The keys that need a contact only change when the list becomes empty or not: rebuilding the
        # footer on every cursor move cost a third of each key press.
        if (event.contact_id is None) != self._had_none:
            self._had_none = event.contact_id is None
            self.refresh_bindings()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        self.show_contact(self.contact_list.current_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_CONTACT:
            return self.contact_list.current_id is not None and bool(self.query_one("#body").display)
        if action == "sample":
            return contacts.count() == 0
        if action == "undo":
            return len(self.app.undo_stack) > 0 or None
        return True

    # --- filter and sort ---------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        probe.mark("filter")
        lst = self.contact_list
        lst.load(search.Query(event.value, archived=lst.query_.archived), keep=None)
        lst.cursor = 0
        self.update_topbar()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.contact_list.focus()

    def on_key(self, event) -> None:
        box = self.query_one("#filter", Input)
        if event.key == "escape" and (box.has_focus or box.value):
            event.stop()
            box.value = ""
            box.display = False
            self.contact_list.focus()

    def action_sort(self) -> None:
        lst = self.contact_list
        lst.load(sort=SORTS[(SORTS.index(lst.sort) + 1) % len(SORTS)], keep=lst.current_id)
        self.update_topbar()

    def action_show_archived(self) -> None:
        lst = self.contact_list
        lst.load(search.Query(lst.query_.text, archived=not lst.query_.archived))
        self.show_contact(lst.current_id)
        self.update_topbar()

    def action_pane_detail(self) -> None:
        self.query_one(TabbedContent).active = "detail"

    def action_pane_strength(self) -> None:
        self.query_one(TabbedContent).active = "strength"

    def action_pane_give(self) -> None:
        self.query_one(TabbedContent).active = "give"

    # --- writes ------------------------------------------------------------------------------

    def _remember(self, label: str, ids: list[int]) -> None:
        self.app.undo_stack.push(undo.capture(label, ids))

    def action_add(self) -> None:
        now = self.app.now()
        spec = forms.contact_form(now)

        def save(values: dict) -> int:
            cid = contacts.create(forms.contact_input(values, editing=False), now)
            self.app.undo_stack.push(undo.Snapshot(f"add {contacts.get(cid).name}", [cid]))
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._after_write)

    def action_edit(self) -> None:
        cid = self.contact_list.current_id
        now = self.app.now()
        spec = forms.contact_form(now, cid)

        def save(values: dict) -> int:
            snap = undo.capture(f"edit {contacts.get(cid).name}", [cid])
            if contacts.update(cid, forms.contact_input(values, editing=True), now):
                self.app.undo_stack.push(snap)
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._after_write)

    def action_log(self) -> None:
        cid = self.contact_list.current_id
        now = self.app.now()
        name = contacts.get(cid).name
        spec = forms.log_form(now, name)

        def save(values: dict) -> int:
            snap = undo.capture(f"log {values['kind']} with {name}", [cid])
            interactions.log(cid, values["kind"], values["when"], now, summary=values.get("summary") or "")
            self.app.undo_stack.push(snap)
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._after_write)

    def action_give(self) -> None:
        cid = self.contact_list.current_id
        now = self.app.now()
        name = contacts.get(cid).name
        spec = forms.give_form(name)

        def save(values: dict) -> int:
            from netui.core import gives

            snap = undo.capture(f"give note for {name}", [cid])
            gives.add(cid, values["text"], now, direction=values["direction"], kind=values["kind"])
            self.app.undo_stack.push(snap)
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._after_give)

    def _after_give(self, result) -> None:
        if result is not None:
            self.query_one(TabbedContent).active = "give"
        self._after_write(result)

    def _after_write(self, result) -> None:
        if isinstance(result, int):
            self.reload(keep=result)
            self.app.refresh_due()

    def action_delete(self) -> None:
        cid = self.contact_list.current_id
        name = contacts.get(cid).name

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            snap = undo.capture(f"delete {name}", [cid])
            try:
                contacts.delete(cid)
            except Exception as exc:  # noqa: BLE001 - reported, nothing half-done (one transaction)
                notify(self.app, f"Not deleted: {exc}", severity="error")
                return
            self.app.undo_stack.push(snap)
            notify(self.app, f"Deleted {name}. Press u to undo.")
            self.reload()
            self.app.refresh_due()

        question = line("Delete ", (name, "bold"), " and everything about them?\n", ("u undoes it.", "$text-muted"))
        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answer)

    def action_archive(self) -> None:
        cid = self.contact_list.current_id
        c = contacts.get(cid)
        snap = undo.capture(f"{'restore' if c.archived else 'archive'} {c.name}", [cid])
        contacts.set_archived(cid, not c.archived, self.app.now())
        self.app.undo_stack.push(snap)
        notify(self.app, f"{'Restored' if c.archived else 'Archived'} {c.name}. Press u to undo.")
        self.reload()
        self.app.refresh_due()

    def action_undo(self) -> None:
        def done(snap: undo.Snapshot) -> None:
            self.reload(keep=snap.contact_ids[0] if snap.before.get("contact") else None)
            self.app.refresh_due()

        undo_newest(self, done)

    def action_sample(self) -> None:
        from netui.core import demo

        demo.generate(200, now=self.app.now())
        notify(self.app, "Loaded a sample network of 200 people. Press ? for every key.")
        self.reload()
        self.app.refresh_due()

    @on(Button.Pressed, "#welcome-add")
    def _welcome_add(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#welcome-import")
    def _welcome_import(self) -> None:
        self.action_import_file()

    @on(Button.Pressed, "#welcome-sample")
    def _welcome_sample(self) -> None:
        self.action_sample()

    # --- other screens (filled in as they land) -----------------------------------------------

    def action_help(self) -> None:
        from netui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_quit(self) -> None:
        self.app.exit()

    def action_import_file(self) -> None:
        from netui.tui.dialogs.import_file import ImportScreen

        def done(counts: dict | None) -> None:
            if counts:
                self.reload()
                self.app.refresh_due()

        self.app.push_screen(ImportScreen(self.app.import_dir), done)

    def action_agenda(self) -> None:
        from netui.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_triage(self) -> None:
        from netui.tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen())  # resumes a walk left with o, else starts one

    def action_overview(self) -> None:
        from netui.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen())

    def action_gives(self) -> None:
        from netui.tui.screens.gives import GivesScreen

        self.app.push_screen(GivesScreen())

    def action_introduce(self) -> None:
        from netui.tui.dialogs.introduce import IntroduceScreen

        cid = self.contact_list.current_id
        self.app.push_screen(IntroduceScreen(cid), lambda intro: self._after_give(cid if intro else None))
