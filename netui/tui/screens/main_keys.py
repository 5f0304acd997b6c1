"""The main screen's keys that open another screen or dialog: each loads its screen on first use
(start-up: the first frame needs none of them)."""

from __future__ import annotations

from netui.core import orgs
from netui.tui import probe, writes
from netui.tui.safe import notify


class OtherScreens:
    """Mixed into ``MainScreen``: import, scan, agenda, Today, triage, overview, sync, gives, introduce, remind."""

    app: object  # the running NetuiApp (given by the screen this is mixed into)

    def action_import_file(self) -> None:
        from netui.tui.dialogs.import_file import ImportScreen

        def done(counts: dict | None) -> None:
            if counts:
                writes.announce(self.app)

        self.app.push_screen(ImportScreen(self.app.import_dir), done)

    def action_scan(self) -> None:
        from netui.tui.screens.scan import ScanScreen

        self.app.push_screen(ScanScreen())

    def action_agenda(self) -> None:
        from netui.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_today(self) -> None:
        from netui.tui.screens.today import TodayScreen

        probe.mark("open", "today")  # the morning loop's first key (bench.morning)
        self.app.push_screen(TodayScreen())

    def action_triage(self) -> None:
        from netui.tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen())  # resumes a walk left with o, else starts one

    def action_overview(self) -> None:
        from netui.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen())

    def action_sync(self) -> None:
        from netui.tui.screens.sync import SyncScreen

        self.app.push_screen(SyncScreen())

    def action_gives(self) -> None:
        from netui.tui.screens.gives import GivesScreen

        self.app.push_screen(GivesScreen())

    def action_introduce(self) -> None:
        from netui.tui.dialogs.introduce import IntroduceScreen

        self.app.push_screen(IntroduceScreen(self.contact_list.current_id), self._to_give_pane)

    def action_organisation(self) -> None:
        """Everyone at the selected person's organisation (or, with none now, the last one they had)."""
        from netui.tui.screens.org import OrgScreen

        cid = self.contact_list.current_id
        name = orgs.organisation_of(cid) if cid is not None else ""
        if not name:
            notify(self.app, "No organisation here: select someone with one (e adds it), or netui org NAME.")
            return
        self.app.push_screen(OrgScreen(name))

    def action_remind(self) -> None:
        """A reminder of your own about the selected person (``netui remind`` in a dialog)."""
        from netui.tui.dialogs.remind import open_remind

        open_remind(self.app, self.contact_list.current_id)
