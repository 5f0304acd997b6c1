"""The main screen: the contact list, the panes for the selected person, and every everyday action."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, HorizontalGroup, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Input, Static, TabbedContent, TabPane

from netui.core import contacts, duplicates, relations, search, settings, undo, validate
from netui.core.search import SORTS
from netui.db.database import state
from netui.tui import sample, writes
from netui.tui.commands import GIVE_PANE, MAIN, TIMELINE, bindings
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.layout import ellipsize
from netui.tui.safe import line, notify
from netui.tui.saved_searches import SavedSearches
from netui.tui.screens.base import NetuiScreen, undo_newest
from netui.tui.screens.main_bulk import BulkMarks
from netui.tui.screens.main_filter import FilterBox
from netui.tui.screens.main_keys import OtherScreens
from netui.tui.screens.person_panes import PersonPanes
from netui.tui.widgets.contact_list import ContactList
from netui.tui.widgets.panes import DetailPane, GivePane
from netui.tui.writes import CONTACTS, GIVES, INTERACTIONS, REMINDERS, DataChanged

NEEDS_CONTACT = {"log", "edit", "give", "delete", "archive", "introduce", "merge", "pane_detail", "pane_strength",
                 "pane_give", "timeline", "people", "journal", "mark", "bulk", "remind", "extend_down", "extend_up",
                 "mark_all"}

INTRO_KEYS = {"intro_advance", "intro_outcome", "intro_reasons"}  # the give pane's keys the main screen has none of


class TopBar(Static):
    """The title line: how many people, the sort, the filter, and what is due."""


class MainScreen(BulkMarks, OtherScreens, PersonPanes, FilterBox, NetuiScreen):
    AUTO_FOCUS = "#list"
    COMMANDS_LIST = MAIN
    COMMANDS = {SavedSearches}
    HELP_SECTIONS = (("In the timeline (enter, or tab into the detail pane)", TIMELINE),
                     ("In the give pane (tab into it)", GIVE_PANE))
    BINDINGS = bindings(MAIN)

    def compose(self) -> ComposeResult:
        # Only what the first frame shows: the strength and give panes are made when their tab is
        # first opened, the welcome box when the database is empty (start-up).
        yield TopBar(id="topbar")
        with HorizontalGroup(id="filter-bar"):
            yield Input(placeholder="filter: name, org, email, tag:NAME, note…  (enter: keep · esc: clear)", id="filter",
                        compact=True, select_on_focus=False)
            yield Static(Content("enter: organisation view"), id="filter-hint")  # shown for org:NAME alone
        with Horizontal(id="body"):
            yield ContactList(now=self.app.now, id="list")
            with TabbedContent(id="panes", initial="detail"):
                with TabPane("Detail", id="detail"):
                    yield DetailPane(id="detail-pane")
                yield TabPane("Strength", id="strength")
                yield TabPane("Give", id="give")
        yield Footer()

    def _welcome(self) -> Center:
        """The empty database's first screen: what netui is for, and three ways to start."""
        return Center(
            Vertical(
                Static(Content.styled("Welcome to netui", "bold"), id="welcome-title"),
                Static(Content(
                    "Keep your network warm, a few minutes a day. Your database is empty: start by adding "
                    "someone you met, importing the contacts you have, or exploring a sample network."
                ), id="welcome-text"),
                Button(Content("a  Add your first contact"), id="welcome-add", compact=True),
                Button(Content("i  Import a file (vCard, LinkedIn, Google CSV)"), id="welcome-import", compact=True),
                Button(Content("D  Load a sample network"), id="welcome-sample", compact=True),
                id="welcome-box",
            ),
            id="welcome",
        )

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    _had_none = True
    _active_total = 0
    _empty = True

    def on_mount(self) -> None:
        self.reload()
        self.watch(self.app, "due_count", self.update_topbar, init=False)
        self.watch(self.app, "sync_words", self.update_topbar, init=False)

    def data_changed(self, event: DataChanged | None) -> None:
        """A write here or elsewhere: the list, the top bar's counts and the panes, from the database."""
        touched = event.contact_ids if event is not None else ()
        for pane in self.made_panes():
            pane.forget(touched)  # what the panes kept of these people is out of date
        self.reload()

    def acting_on(self, action: str) -> int | None:
        return self.contact_list.current_id if action in NEEDS_CONTACT else None

    # --- state -------------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Re-run the list query (after a write), keeping the cursor on ``keep`` if given."""
        lst = self.contact_list
        lst.load(keep=keep if keep is not None else lst.current_id)
        self._active_total = contacts.count(include_archived=False)  # counted per write, not per tick
        empty = self._empty = not self._active_total and contacts.count() == 0  # archived people count
        welcome = self.query("#welcome")
        if empty and not welcome:
            self.mount(self._welcome(), before=self.query_one(Footer))
        elif welcome:
            welcome.first().display = empty
        self.query_one("#body").display = not empty
        if empty:
            self.call_after_refresh(self._focus_welcome)  # once the box just mounted is there
        elif self.focused is None or isinstance(self.focused, Button):
            lst.focus()
        self.show_contact(lst.current_id)
        self.update_topbar()
        self.refresh_bindings()

    def _focus_welcome(self) -> None:
        found = self.query("#welcome-add")
        if found and self._empty:
            found.first().focus()

    def update_topbar(self) -> None:
        """The title line; redrawn when the list or the app's due count changes. A long filter is cut
        (with "…") before anything else, so the due count stays in sight at 80 columns."""
        lst = self.contact_list
        total = self._active_total
        head: list = [("netui", "bold $text-accent"), f"  {total:,} contact{'s' * (total != 1)}"]
        tail: list = []
        if lst.query_.archived:
            tail.append(("  ·  archived", "$text-warning"))
        tail += [*self.marked_words(), "  ·  sort ", (lst.sort, "bold")]
        due = self.app.due_count
        if due:
            tail += ["  ·  ", (f"{due:,} due", "bold $text-warning")]
        if sample.is_sample(state.path):
            tail += ["  ·  ", ("sample network", "$text-warning")]
        if synced := getattr(self.app, "sync_words", ""):
            tail += ["  ·  ", (synced, "bold $text-error") if "failed" in synced else (synced, "$text-muted")]
        text = lst.query_.text.strip()
        if text:
            found = f" ({lst.total:,}{'+' if lst.counting else ''})"  # + : still counted on a worker
            room = (self.size.width or 120) - 2 - line(*head, "  ·  filter ", found, *tail).cell_length
            head += ["  ·  filter ", (ellipsize(text, max(room, 3)), "bold"), found]
        self.query_one(TopBar).update(line(*head, *tail))

    def on_resize(self) -> None:
        self.update_topbar()

    @on(ContactList.Counted)
    def _counted(self) -> None:
        self.update_topbar()

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
        if action == "clear_marks":
            return bool(self.contact_list.marked)
        if action in NEEDS_CONTACT:
            return self.contact_list.current_id is not None and bool(self.query_one("#body").display)
        return True

    # --- sort ----------------------------------------------------------------------------------

    def _intro_key(self, key: str) -> bool:
        """An introduction's key (``>`` advance, ``h`` how it went) on the give tab, before the focus is in
        the pane: the pane takes the focus and the key does what the pane says it does."""
        if self.query_one(TabbedContent).active != "give":
            return False
        pane = self.pane("give")  # built when its tab first opened
        if not isinstance(pane, GivePane) or pane.items.has_focus:
            return False
        keymap = self.app.current_keymap()
        for cmd in GIVE_PANE:
            if cmd.action in INTRO_KEYS and key in keymap.get(cmd.id, cmd.key).split(","):
                if pane.take_focus_for("intro"):
                    getattr(pane, f"action_{cmd.action}")()
                    return True
        return False

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

    def action_timeline(self) -> None:
        self.query_one(TabbedContent).active = "detail"
        self.query_one(DetailPane).focus()

    def show_person(self, contact_id: int, pane: str | None = None) -> None:
        """Put the cursor on ``contact_id`` (clearing a filter that hides them), showing ``pane`` if given."""
        lst = self.contact_list
        if search.position(lst.query_, lst.sort, contact_id) is None:
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = ""
            box.display = False
            lst.load(search.Query("", archived=bool(contacts.get(contact_id).archived)))
        self.reload(keep=contact_id)
        if pane is not None:
            self.query_one(TabbedContent).active = pane
        lst.focus()

    # --- writes: each through writes.write, which keeps the undo step and announces the change ----------

    def action_add(self) -> None:
        from netui.tui import forms  # the forms and their dialogs load on first use: the first frame needs none
        from netui.tui.dialogs.form import FormScreen

        now = self.app.now()
        spec = forms.contact_form(now)

        second_save = duplicates.SecondSave()  # someone who looks like an existing contact: warn, then a save confirms

        def save(values: dict) -> int:
            data = forms.contact_input(values, editing=False)
            data.phones, warnings = validate.normalise_phones(data.phones, settings.current().phone_region)
            second_save.check(data)
            introducer = values.get("introduced_by")  # how met, as a person: one write with the relation
            cid = writes.write(self.app, f"add {data.name}", [],
                               lambda: relations.with_introducer(lambda: contacts.create(data, now), introducer, now),
                               creates=True, what={CONTACTS, REMINDERS, INTERACTIONS})
            for warning in warnings:
                notify(self.app, warning[:1].upper() + warning[1:], severity="warning")
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._select)

    def action_edit(self) -> None:
        from netui.tui.dialogs.edit_contact import EditContactScreen  # on first use, as the forms

        cid = self.contact_list.current_id
        now = self.app.now()

        def save(data: contacts.ContactInput, expected: dict) -> int:
            # EditConflict propagates: the form shows both values and asks.
            writes.write(self.app, f"edit {contacts.get(cid).name}", [cid],
                         lambda: contacts.update(cid, data, now, expected=expected),
                         changed=bool, what={CONTACTS, REMINDERS})
            return cid

        self.app.push_screen(EditContactScreen(cid, now, save))

    def action_log(self) -> None:
        from netui.core import interactions
        from netui.tui import forms  # the forms and their dialogs load on first use: the first frame needs none
        from netui.tui.dialogs.form import FormScreen
        from netui.tui.dialogs.interaction import changes_words

        if self.contact_list.marked:  # one interaction with everyone marked
            self.action_log_marked()
            return
        cid = self.contact_list.current_id
        now = self.app.now()
        name = contacts.get(cid).name
        spec = forms.log_form(now, name, contact_id=cid)

        def save(values: dict) -> int:
            people = [cid, *(values.get("with") or [])]  # more than one: one interaction with all of them
            names = ", ".join([name, *(contacts.get(p).name for p in people[1:])])
            logged = writes.write(self.app, f"log {values['kind']} with {names}", people,
                                  lambda: interactions.log_with(people, values["kind"], values["when"], now,
                                                                summary=values.get("summary") or ""),
                                  what={INTERACTIONS, REMINDERS, CONTACTS})
            notify(self.app, f"Logged {values['kind']} with {names}{changes_words(logged[0])}.")
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec))

    def action_give(self) -> None:
        from netui.core import gives
        from netui.tui import forms  # the forms and their dialogs load on first use: the first frame needs none
        from netui.tui.dialogs.form import FormScreen

        cid = self.contact_list.current_id
        now = self.app.now()
        name = contacts.get(cid).name
        spec = forms.give_form(name)

        def save(values: dict) -> int:
            writes.write(self.app, f"give note for {name}", [cid],
                         lambda: gives.add(cid, values["text"], now, direction=values["direction"], kind=values["kind"]),
                         what={GIVES, CONTACTS})
            return cid

        spec.save = save
        self.app.push_screen(FormScreen(spec), self._to_give_pane)

    def _to_give_pane(self, result) -> None:
        if result is not None:
            self.query_one(TabbedContent).active = "give"

    def _select(self, result) -> None:
        """After a form that made someone: the cursor on them."""
        if isinstance(result, int):
            self.reload(keep=result)

    def action_delete(self) -> None:
        cid = self.contact_list.current_id
        name = contacts.get(cid).name

        def answer(yes: bool | None) -> None:
            if yes and writes.attempt(self.app, f"delete {name}", [cid], lambda: contacts.delete(cid),
                                      refused="Not deleted: ").ok:
                notify(self.app, f"Deleted {name}. Press u to undo.")

        question = line("Delete ", (name, "bold"), " and everything about them?\n", ("u undoes it.", "$text-muted"))
        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answer)

    def action_archive(self) -> None:
        cid = self.contact_list.current_id
        c = contacts.get(cid)
        done = writes.attempt(self.app, f"{'restore' if c.archived else 'archive'} {c.name}", [cid],
                              lambda: contacts.set_archived(cid, not c.archived, self.app.now()))
        if done.ok:
            notify(self.app, f"{'Restored' if c.archived else 'Archived'} {c.name}. Press u to undo.")

    def action_undo(self) -> None:
        def done(snap: undo.Snapshot) -> None:
            self.reload(keep=snap.contact_ids[0] if snap.before.get("contact") else None)
            self.app.refresh_due(snap.contact_ids)

        undo_newest(self, done)

    def action_sample(self) -> None:
        """The sample network, in its own database (demo.db), opened in place of this one."""
        box = self.query_one("#filter", Input)
        if sample.open_sample(self.app):
            with box.prevent(Input.Changed):
                box.value = ""
            box.display = False
            self.contact_list.load(search.Query(""), keep=None)
            self.contact_list.cursor = 0

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

    def action_quit(self) -> None:
        self.app.exit()

    def action_merge(self) -> None:
        from netui.tui.dialogs.merge import MergeScreen, PickPersonScreen  # on first use, as the forms

        a_id = self.contact_list.current_id

        def picked(b_id: int | None) -> None:
            if b_id is not None:
                self.app.push_screen(MergeScreen(a_id, b_id), self._select)

        self.app.push_screen(PickPersonScreen(a_id), picked)

    @on(GivePane.Picked)
    def _give_pane_key(self, event: GivePane.Picked) -> None:
        """A key in the give pane, about its highlighted idea or introduction."""
        from netui.tui.screens import gives as give_actions  # on first use: the first frame needs none

        acts = {
            "give_done": give_actions.mark_given, "give_drop": give_actions.drop,
            "intro_advance": give_actions.advance_intro, "intro_outcome": give_actions.set_intro_outcome,
            "intro_reasons": give_actions.edit_reasons,
        }
        acts[event.action](self.app, event.row_id)

    @on(DetailPane.Picked)
    def _timeline_key(self, event: DetailPane.Picked) -> None:
        """A key in the timeline, about its highlighted row: edit or delete an interaction or a journal
        entry, open a related person or remove the relation."""
        from netui.tui.dialogs import interaction, journal  # on first use: the first frame needs none

        if event.action == "open_person":
            self.show_person(event.interaction_id, "detail")
        elif event.kind == "person" and event.pane.contact_id is not None:
            journal.unrelate(self.app, event.interaction_id, event.pane.contact_id)
        elif event.kind == "journal":
            {"edit_entry": journal.edit, "delete_entry": journal.delete}[event.action](self.app, event.interaction_id)
        else:
            acts = {"edit_entry": interaction.edit, "delete_entry": interaction.delete}
            acts[event.action](self.app, event.interaction_id)

    def action_people(self) -> None:
        """To the related person (one), or into the People section to pick (several)."""
        cid = self.contact_list.current_id
        related = relations.of(cid)
        if len(related) == 1:
            self.show_person(related[0].contact_id, "detail")
            return
        self.query_one(TabbedContent).active = "detail"
        pane = self.query_one(DetailPane)
        pane.show(cid, self.app.now())
        if not pane.take_focus_on_people():
            notify(self.app, "Nobody is related to them yet: netui relate A B --as TYPE links two people.")

    def action_journal(self) -> None:
        from netui.tui.dialogs import journal  # on first use: the first frame needs none

        journal.add(self.app, self.contact_list.current_id)
