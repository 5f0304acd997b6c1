"""User commands, declared once.

Each ``Command`` feeds the key binding (with its ``id``, so the key can be remapped in
``config.toml`` under ``[keys]``), the footer, the help screen and the command palette. A screen
lists its commands; ``check_action`` on the screen decides what applies right now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    action: str  # the screen action it runs (``action_<name>``), also the binding id
    key: str  # default key(s), comma separated
    label: str  # short footer label
    help: str  # one sentence for the help screen and the palette
    show: bool = True  # shown in the footer
    priority: bool = False

    @property
    def keys_display(self) -> str:
        names = {"slash": "/", "question_mark": "?", "space": "space", "escape": "esc", "enter": "enter"}
        return " ".join(names.get(k, k) for k in self.key.split(","))


def bindings(commands: Iterable[Command]) -> list[Binding]:
    return [
        Binding(c.key, c.action, c.label, show=c.show, id=c.action, tooltip=c.help, priority=c.priority)
        for c in commands
    ]


MAIN = (
    Command("add", "a", "Add", "Add a contact (where, when and why you met)"),
    Command("log", "l", "Log", "Log an interaction with the selected contact"),
    Command("filter", "slash", "Filter", "Filter by name, organisation, email, tag (tag:NAME) or note"),
    Command("triage", "t", "Triage", "Walk the stale and due contacts one key at a time"),
    Command("agenda", "r", "Agenda", "Reminders: overdue, today, this week, later"),
    Command("overview", "o", "Overview", "The shape of your network: tiers, circles, fading, balance"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("edit", "e", "Edit", "Edit the selected contact"),
    Command("give", "g", "Give", "Add a give note: an idea, a favour given or received"),
    Command("sort", "s", "Sort", "Cycle the sort: name, last contact, overdue, strength"),
    Command("quit", "q", "Quit", "Quit netui"),
    Command("gives", "G", "Gives", "Open give ideas across everyone", show=False),
    Command("introduce", "I", "Introduce", "Introduce the selected contact to someone", show=False),
    Command("import_file", "i", "Import", "Import contacts from vCard, a vdir folder, LinkedIn or Google CSV", show=False),
    Command("delete", "d", "Delete", "Delete the selected contact (asks first; u undoes)", show=False),
    Command("archive", "x", "Archive", "Archive (let go) or restore the selected contact", show=False),
    Command("show_archived", "A", "Archived", "Show archived contacts instead of active ones", show=False),
    Command("pane_detail", "1", "Detail", "Show the detail pane", show=False),
    Command("pane_strength", "2", "Strength", "Show the strength pane", show=False),
    Command("pane_give", "3", "Give", "Show the give pane", show=False),
    Command("sample", "D", "Sample", "Load the sample network (on an empty database)", show=False),
)

AGENDA = (
    Command("done", "d", "Done", "Mark the reminder done (a recurring one moves to its next date)"),
    Command("snooze", "s", "Snooze 1w", "Snooze for a week"),
    Command("snooze_ask", "S", "Snooze…", "Snooze for 1 day, 1 week, 1 month or until a date"),
    Command("log", "l", "Log", "Log an interaction with this person (closes the reminder)"),
    Command("open", "enter,o", "Open", "Open the contact on the main screen"),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

GIVES = (
    Command("give_done", "d", "Given", "Mark the idea given (a favour you did, dated today)"),
    Command("give_drop", "x", "Drop", "Drop the idea (the history keeps it as dropped)"),
    Command("open", "enter,o", "Open", "Open the person, on their give pane"),
    Command("add_idea", "g", "Idea", "Add another give note for this person"),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

# The give pane's own keys, active while its list has the focus (tab from the contact list).
GIVE_PANE = (
    Command("give_done", "d", "Given", "Mark the highlighted idea given"),
    Command("give_drop", "x", "Drop", "Drop the highlighted idea (kept in the history)"),
    Command("intro_advance", "a", "Advance", "Move the introduction on: asked, made or declined"),
    Command("intro_outcome", "o", "Outcome", "Say how it went: helpful, neutral or wasted time"),
    Command("intro_reasons", "R", "Reasons", "Change the reason for each side of the introduction", show=False),
    Command("leave", "escape", "List", "Back to the contact list", show=False),
)

# Triage: one card at a time. Logging keys log an interaction dated now, restart the cadence and
# close the person's due reminders, then move on; shift asks for a one-line note first.
TRIAGE = (
    Command("log_call", "c", "Call", "Logged a call: record it now, restart the cadence, close their due reminders"),
    Command("log_met", "m", "Met", "Met in person: record it now, restart the cadence, close their due reminders"),
    Command("log_email", "e", "Email", "Emailed: record it now, restart the cadence, close their due reminders"),
    Command("log_message", "x", "Msg", "Messaged: record it now, restart the cadence, close their due reminders"),
    Command("log_call_note", "C", "Call+note", "Logged a call, with a one-line note first", show=False),
    Command("log_met_note", "M", "Met+note", "Met in person, with a one-line note first", show=False),
    Command("log_email_note", "E", "Email+note", "Emailed, with a one-line note first", show=False),
    Command("log_message_note", "X", "Msg+note", "Messaged, with a one-line note first", show=False),
    Command("snooze", "s", "Snooze", "Snooze everything due for them by a week"),
    Command("snooze_ask", "S", "Snooze…", "Snooze by 1 day, 1 week, 1 month or until a date", show=False),
    Command("cadence", "r", "Cadence", "Change how often to keep in touch (and their circle)"),
    Command("give", "g", "Give", "Note a give idea: something you could do for them"),
    Command("note", "n", "Note", "Add a dated line to their note"),
    Command("archive", "a", "Archive", "Let them go: archive them (leaves the queue, no reminders; u undoes)"),
    Command("open", "o", "Open", "Open the full contact on the main screen (t comes back to this card)"),
    Command("skip", "j,space", "Skip", "Skip to the next person"),
    Command("previous", "k", "Back", "Back to the previous person"),
    Command("undo", "u", "Undo", "Undo the last triage action (repeatable, archive included)"),
    Command("help", "question_mark", "Help", "List every key", show=False),
    Command("end_triage", "q,escape", "Leave", "Leave triage and see what was done"),
)

OVERVIEW = (
    Command("open", "enter,o", "Open", "Open the highlighted person on the main screen"),
    Command("refresh", "r", "Recount", "Work the figures out again (after changes elsewhere)"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)
