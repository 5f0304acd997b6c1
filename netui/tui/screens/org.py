"""The Organisation screen (`w` on a person, or "Organisation" in the palette): everyone at the
highlighted person's organisation, past and present, each with their strength and last contact
(``netui.core.orgs``, as ``netui org NAME``). ``enter`` opens the highlighted person on the main screen.

The filter's ``org:quartz`` alone opens it too (enter in the filter box, ``open_for_search``): for the
organisation closest to what was typed, the title saying which one and what else matched.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from netui.core import formats, orgs
from netui.core.text import fold
from netui.tui.commands import ORG, bindings
from netui.tui.safe import line, notify
from netui.tui.screens.base import ListScreen

HEAD = "bold $text-accent"
MUTED = "$text-muted"
TIER_STYLE = {"cold": "$text-muted", "cool": "$text-primary", "warm": "$text-warning", "strong": "$text-success"}


def member_line(m: orgs.Member, width: int, shown: str = "") -> Content:
    """One person: name, job (and when they left), strength and last contact, cut to ``width`` cells.
    The organisation is said only when it is not ``shown`` (the one in the title)."""
    last = formats.day(m.last_contact_at, empty="never")
    tail = f"  {m.strength:>3} {formats.clip(m.tier, 6):<6}  last {last:<11}"
    job = " · ".join(part for part in (
        "" if m.current else f"left {formats.day(m.until)}", m.title,
        m.organization if fold(m.organization) != fold(shown) else "") if part)
    room = max(width - formats.cells(tail), 20)
    name_room = min(max(room // 2, 12), 28)
    rest = max(room - name_room - 2, 6)
    return line((formats.fit(m.name + (" (archived)" if m.archived else ""), name_room), "bold" if m.current else ""),
                ("  " + formats.fit(job, rest), MUTED),
                (tail, TIER_STYLE.get(m.tier, "")))


class OrgScreen(ListScreen):
    """Everyone at one organisation, present then past; ``enter`` opens one of them."""

    AUTO_FOCUS = "#org-list"
    COMMANDS_LIST = ORG
    BINDINGS = bindings(ORG)
    HELP_GENERAL = (("↑ ↓", "move between people"), ("ctrl+p", "command palette"))
    DEFAULT_CSS = """
    OrgScreen #org-title { height: 1; padding: 0 1; background: $panel; }
    OrgScreen #org-count { height: auto; padding: 0 1; }
    OrgScreen #org-list { height: 1fr; border: none; padding: 0 1; }
    """

    def __init__(self, organisation: str, pick: tuple[str, orgs.Pick] | None = None) -> None:
        """``organisation`` and everyone whose organisation contains it; with ``pick`` (what the filter
        asked for, and the organisation ``orgs.closest`` chose), that organisation alone."""
        super().__init__()
        self.organisation = organisation
        self.pick = pick
        self.members: list[orgs.Member] = []

    def compose(self) -> ComposeResult:
        yield Static(id="org-title")
        yield Static(id="org-count")
        yield OptionList(id="org-list")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def reload(self) -> None:
        """One organisation's people: a few dozen rows, read at once."""
        self.members = orgs.members(self.organisation, exact=self.pick is not None)
        self._title()
        listing = self.query_one("#org-list", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        width = max((self.size.width or 80) - 4, 40)
        listing.add_options([Option(member_line(m, width, self.organisation), id=str(m.contact_id)) for m in self.members])
        now_n = sum(m.current for m in self.members)
        past = len(self.members) - now_n
        words = (f"{now_n} there now, {past} before · enter opens one" if self.members
                 else "Nobody there now or before.")
        self.query_one("#org-count", Static).update(line((words, MUTED)))
        if self.members:
            listing.highlighted = min(keep or 0, len(self.members) - 1)

    def _title(self) -> None:
        """The organisation's name; from the filter, what was asked and, when several matched, the others."""
        words = ""
        if self.pick is not None:
            asked, pick = self.pick
            words = f"  for org:{asked}"
            if pick.others:
                more = len(pick.others)
                words += (f", the closest of {more + 1}; also {', '.join(pick.others[:3])}"
                          + (f" and {more - 3} more" if more > 3 else ""))
        room = max((self.size.width or 80) - 2 - formats.cells("Organisation  " + self.organisation), 0)
        self.query_one("#org-title", Static).update(
            line(("Organisation  ", HEAD), (self.organisation, "bold"), (formats.clip(words, room), MUTED)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        listing = self.query_one("#org-list", OptionList)
        if listing.highlighted is None or not self.members:
            notify(self.app, "Nobody to open here.")
            return
        self.app.jump_to(self.members[listing.highlighted].contact_id)


def open_for_search(app, search: str) -> bool:
    """``org:NAME`` alone in the filter: open the view for the organisation it is closest to and say True;
    for any other search, or (said) when no organisation matches, False."""
    asked = orgs.asked_for(search)
    if asked is None:
        return False
    pick = orgs.closest(asked)
    if pick is None:
        notify(app, f"No organisation matches org:{asked}: the list shows who the filter finds.")
        return False
    app.push_screen(OrgScreen(pick.name, (asked, pick)))
    return True
