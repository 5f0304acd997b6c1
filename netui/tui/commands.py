"""User commands, declared once.

Each ``Command`` feeds the key binding, the footer, the help screen and the command palette. A screen
lists its commands; ``check_action`` on the screen decides what applies right now.

A binding's id is its screen and its action, ``main.archive`` or ``triage.archive``: the name under
which ``config.toml`` ``[keys]`` remaps it, so one entry can never move two different commands. Names
written before ids had a screen (``archive = "z"``) still work: they mean the main screen's command
(or the one screen that has a command of that name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    action: str  # the screen action it runs (``action_<name>``), also the binding id
    key: str  # default key(s), comma separated
    label: str  # short footer label
    help: str  # one sentence for the help screen and the palette
    show: bool = True  # shown in the footer
    priority: bool = False
    scope: str = ""  # the screen (or pane) whose key it is: with the action, the binding id

    @property
    def id(self) -> str:
        """The binding id, the name ``[keys]`` remaps it by: ``main.log``."""
        return f"{self.scope}.{self.action}"

    @property
    def keys_display(self) -> str:
        return keys_display(self.key)


KEY_NAMES = {"slash": "/", "question_mark": "?", "space": "space", "escape": "esc", "enter": "enter", "at": "@",
             "greater_than_sign": ">", "delete": "del", "exclamation_mark": "!",
             "asterisk": "*", "shift+down": "shift+↓", "shift+up": "shift+↑"}


def keys_display(keys: str) -> str:
    """``"enter,o"`` as a person reads it: ``"enter o"``."""
    return " ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def first_keys(commands: Iterable[Command], actions: Iterable[str], keymap: Mapping[str, str] | None = None) -> list[str]:
    """The first key of each of ``actions`` (as remapped in ``keymap``), as a person reads it."""
    keymap = keymap or {}
    by_action = {c.action: c for c in commands}
    return [keys_display(keymap.get(by_action[a].id, by_action[a].key)).split()[0] for a in actions]


def key_hints(commands: Iterable[Command], words: Mapping[str, str], keymap: Mapping[str, str] | None = None) -> str:
    """``"c call · m message"``: the first key of each action in ``words`` (as remapped), and its word."""
    keys = first_keys(commands, words, keymap)
    return " · ".join(f"{k} {w}" for k, w in zip(keys, words.values(), strict=True))


def bindings(commands: Iterable[Command]) -> list[Binding]:
    return [
        Binding(c.key, c.action, c.label, show=c.show, id=c.id, tooltip=c.help, priority=c.priority)
        for c in commands
    ]


def scoped(scope: str, *commands: Command) -> tuple[Command, ...]:
    """``commands`` as the keys of one screen (or pane) named ``scope``."""
    return tuple(replace(c, scope=scope) for c in commands)


MAIN = scoped(
    "main",
    Command("add", "a", "Add", "Add a contact (where, when and why you met)"),
    Command("log", "l", "Log", "Log an interaction with the selected contact, or everyone marked"),
    Command("filter", "slash", "Filter", "Filter by name, organisation, email, tag (tag:NAME) or note"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("today", "T", "Today", "Today: the few people who need you today, one key each"),
    Command("triage", "t", "Triage", "Walk today's queue one full card at a time (w there: everyone due)", show=False),
    Command("agenda", "r", "Agenda", "Reminders: overdue, today, this week, later"),
    Command("overview", "O", "Overview", "The shape of your network: tiers, circles, fading, balance", show=False),
    Command("undo", "u", "Undo", "Undo the last change", show=False),
    Command("edit", "e", "Edit", "Edit the selected contact"),
    Command("give", "g", "Give", "Add a give note: an idea, a favour given or received", show=False),
    Command("sort", "v", "Sort", "Cycle the sort: name, last contact, overdue, strength", show=False),
    Command("quit", "q", "Quit", "Quit netui"),
    Command("gives", "G", "Gives", "Open give ideas across everyone", show=False),
    Command("introduce", "I", "Introduce", "Introduce the selected contact to someone", show=False),
    Command("merge", "m", "Merge", "Merge a duplicate into the selected contact, field by field", show=False),
    Command("import_file", "i", "Import", "Import contacts from vCard, a vdir folder, LinkedIn or Google CSV", show=False),
    Command("scan", "M", "Scan", "Scan mail and calendar files for interactions to log", show=False),
    Command("delete", "delete", "Delete", "Delete the selected contact (asks first; u undoes)", show=False),
    Command("archive", "x", "Archive", "Archive (let go) or restore the selected contact", show=False),
    Command("show_archived", "A", "Archived", "Show archived contacts instead of active ones", show=False),
    Command("pane_detail", "1", "Detail", "Show the detail pane", show=False),
    Command("pane_strength", "2", "Strength", "Show the strength pane", show=False),
    Command("pane_give", "3", "Give", "Show the give pane", show=False),
    Command("timeline", "enter,o", "Timeline", "Open the selected contact's timeline: pick an interaction to edit or delete", show=False),
    Command("people", "p", "People", "Go to a related person (with several: pick one under People)", show=False),
    Command("journal", "n", "Journal", "Add a dated journal entry about the selected contact", show=False),
    Command("remind", "exclamation_mark", "Remind…", "Set a reminder about the selected contact: once on a date, or "
            "repeating (every 3 months)", show=False),
    Command("sample", "D", "Sample", "Load the sample network into its own database (demo.db) and open it", show=False),
    Command("sync", "S", "Sync", "Sync: how the last sync went, and its conflicts to settle", show=False),
    Command("organisation", "w", "Organisation", "Everyone at the selected contact's organisation, past and present", show=False),
    Command("mark", "space", "Mark", "Mark or unmark the selected contact and move down (b changes everyone marked)", show=False),
    Command("bulk", "b", "Bulk…", "Tag, untag, set the circle or cadence of, archive, log one interaction with or export "
            "everyone marked (or the selected contact)", show=False),
    Command("extend_down", "shift+down", "Mark down", "Mark the selected contact and the next one down (extends the marks)",
            show=False),
    Command("extend_up", "shift+up", "Mark up", "Mark the selected contact and the next one up (extends the marks)",
            show=False),
    Command("mark_all", "asterisk", "Mark all", "Mark everyone the filter shows (with no filter: everyone on the list)",
            show=False),
    Command("clear_marks", "escape", "Unmark all", "Clear the marks (unmark everyone)", show=False),
)

# Organisation: everyone at one organisation, past and present (netui/tui/screens/org.py).
ORG = scoped(
    "org",
    Command("open", "enter,o", "Open", "Open the highlighted person on the main screen"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

AGENDA = scoped(
    "agenda",
    Command("done", "d", "Done", "Mark the reminder done (a recurring one moves to its next date)"),
    Command("snooze", "s", "Snooze", "Snooze for a week"),
    Command("snooze_ask", "S", "Snooze…", "Snooze for 1 day, 1 week, 1 month or until a date", show=False),
    Command("log", "l", "Log", "Log an interaction with this person (closes the reminder)"),
    Command("give_done", "G", "Gave", "The first give idea this reminder shows: given today"),
    Command("open", "enter,o", "Open", "Open the contact on the main screen"),
    Command("copy", "y", "Copy", "Copy their phone (or email) to the clipboard", show=False),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

GIVES = scoped(
    "gives",
    Command("give_done", "d", "Given", "Mark the idea given (a favour you did, dated today)"),
    Command("give_drop", "x", "Drop", "Drop the idea (the history keeps it as dropped)"),
    Command("open", "enter,o", "Open", "Open the person, on their give pane"),
    Command("add_idea", "g", "Idea", "Add another give note for this person"),
    Command("send_interest", "b", "Send…", "Send something to everyone interested in a tag: a message and a favour each"),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

# The give pane's own keys, active while its list has the focus (tab from the contact list).
GIVE_PANE = scoped(
    "give_pane",
    Command("give_done", "d", "Given", "Mark the highlighted idea given"),
    Command("give_drop", "x", "Drop", "Drop the highlighted idea (kept in the history)"),
    Command("intro_advance", "greater_than_sign", "Advance", "Move the introduction on: asked, made or declined",
            show=False),  # the pane's own line lists > and h,
    Command("intro_outcome", "h", "How it went", "Say how it went: helpful, neutral or wasted time", show=False),
    Command("intro_reasons", "R", "Reasons", "Change the reason for each side of the introduction", show=False),
    Command("leave", "escape", "List", "Back to the contact list", show=False),
)

# The timeline's own keys, while the detail pane has the focus (enter, or tab from the contact list).
TIMELINE = scoped(
    "timeline",
    Command("entry_up", "up,k", "Up", "Highlight the newer interaction", show=False),
    Command("entry_down", "down,j", "Down", "Highlight the older interaction", show=False),
    Command("edit_entry", "e", "Edit", "Edit the highlighted interaction (kind, when, summary, note) or journal entry"),
    Command("delete_entry", "delete", "Delete", "Delete the highlighted interaction, journal entry or relation (asks first; u undoes)"),
    Command("open_person", "enter", "Open", "Open the highlighted person of People (up from the timeline)", show=False),
    Command("leave", "escape", "List", "Back to the contact list", show=False),  # esc is back everywhere: room for ? Help
)

# Triage: one card at a time. Logging keys log an interaction dated now, restart the cadence and
# close the person's due reminders, then move on; shift asks for a one-line note first.
TRIAGE = scoped(
    "triage",
    Command("log_call", "c", "Call", "Logged a call: record it now, restart the cadence, close their due reminders"),
    Command("log_message", "m", "Msg", "Messaged: record it now, restart the cadence, close their due reminders"),
    Command("log_met", "p", "Met", "Met in person: record it now, restart the cadence, close their due reminders"),
    Command("log_email", "at", "Email", "Emailed: record it now, restart the cadence, close their due reminders"),
    Command("log_call_note", "C", "Call+note", "Logged a call, with a one-line note first", show=False),
    Command("log_message_note", "M", "Msg+note", "Messaged, with a one-line note first", show=False),
    Command("log_met_note", "P", "Met+note", "Met in person, with a one-line note first", show=False),
    Command("log_email_note", "E", "Email+note", "Emailed, with a one-line note first", show=False),
    Command("snooze", "s", "Snooze", "Snooze everything due for them by a week"),
    Command("snooze_ask", "S", "Snooze…", "Snooze by 1 day, 1 week, 1 month or until a date", show=False),
    Command("cadence", "f", "Cadence", "Change how often to keep in touch (and their circle)"),
    Command("give", "g", "Give", "Note a give idea: something you could do for them"),
    Command("give_done", "d", "Gave", "Mark their first give idea given today (stays on the card)", show=False),
    Command("note", "n", "Note", "Add a dated line to their note"),
    Command("archive", "x", "Let go", "Let them go: archive them (leaves the queue, no reminders; u undoes)"),
    Command("open", "o", "Open", "Open the full contact on the main screen (t comes back to this card)"),
    Command("copy", "y", "Copy", "Copy their phone (or email) to the clipboard", show=False),
    Command("skip", "j,space", "Skip", "Skip to the next person", show=False),
    Command("previous", "k", "Back", "Back to the previous person", show=False),
    Command("everyone", "w", "Everyone", "Walk everyone due or fading, not only today's queue", show=False),
    Command("undo", "u", "Undo", "Undo the last triage action (repeatable, archive included)", show=False),
    Command("help", "question_mark", "Help", "List every key", show=False),
    Command("end_triage", "q,escape", "Leave", "Leave triage and see what was done", show=False),
)

# Today: the day's queue, one card per person; one key finishes a person and selects the next.
TODAY = scoped(
    "today",
    Command("log_call", "c", "Called", "Called them: log a call now; it closes what it answers"),
    Command("log_message", "m", "Messaged", "Messaged them: log a message now; it closes what it answers"),
    Command("log_met", "p", "Met", "Met them in person: log a meeting now; it closes what it answers"),
    Command("log_email", "at", "Emailed", "Emailed them: log an email now; it closes what it answers", show=False),
    Command("skip", "space", "Skip", "Skip them for today"),
    Command("give_done", "d", "Gave", "Their first give idea (the one listed first): given today; the card stays", show=False),
    Command("snooze", "s", "Snooze…", "Snooze: asks how long (1d, 1w, 1m or a date); on let these go, all of them"),
    Command("copy", "y", "Copy", "Copy their phone (or email) to the clipboard"),
    Command("open", "o,enter", "Open", "Open the contact on the main screen"),
    Command("undo", "u", "Undo", "Undo the last action"),
    Command("let_go", "x", "Let go", "Let go: archive them (on let these go, all of them)", show=False),
    Command("keep", "K", "Keep", "Keep the people offered to let go: each comes up again in one cadence", show=False),
    Command("circle", "f", "Circle…", "Sort someone not scheduled yet into a circle (starts their cadence)", show=False),
    Command("triage", "t", "Triage", "Walk today's queue in triage, one full card at a time", show=False),
    Command("help", "question_mark", "Help", "List every key", show=False),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

OVERVIEW = scoped(
    "overview",
    Command("open", "enter,o", "Open", "Open the highlighted person on the main screen"),
    Command("refresh", "ctrl+r", "Recount", "Work the figures out again (after changes elsewhere)"),
    Command("triage_fading", "t", "Triage fading", "Walk everyone fading in triage, in the list's order: the first are worth calling"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

# Scan: the proposals one person at a time (then the frequent strangers), one key each.
SCAN = scoped(
    "scan",
    Command("accept_all", "L", "Log all", "Log every proposal for this person (closes what the logs answer)"),
    Command("accept_one", "l", "Log one", "Log the highlighted proposal only"),
    Command("add_person", "a", "Add contact", "Add this correspondent as a new contact (met on their first message)"),
    Command("skip", "space", "Skip", "Skip: this person's proposals are not offered again (a stranger: not added)"),
    Command("never", "x", "Never", "Never for this address: nothing through it is proposed again, in any scan"),
    Command("down", "j,down", "Next", "Highlight the next proposal", show=False),
    Command("up", "k,up", "Previous", "Highlight the previous proposal", show=False),
    Command("help", "question_mark", "Help", "List every key", show=False),
    Command("leave", "q,escape", "Leave", "Stop here and see the report (closes the screen after it)"),
)

# Sync: the conflicts sync kept, both values; one key picks each side.
SYNC = scoped(
    "sync",
    Command("mine", "m", "Mine", "Keep this machine's value (the next sync sends it to the other side)"),
    Command("theirs", "t", "Theirs", "Take the other side's value (a reminder deleted there: done here)"),
    Command("undo", "u", "Undo", "Undo the last change"),
    Command("help", "question_mark", "Help", "List every key"),
    Command("back", "escape,q", "Back", "Back to the contact list"),
)

# One key, one meaning: what a key does on every screen that has it (the help screen and the README show it).
SAME_KEYS = (
    ("c m p @", "logged a call, a message, a meeting in person, an email (Today, Triage; C M P E: with a note)"),
    ("d", "done: a reminder (the Agenda); a give idea given (Today, Triage, the give list and pane; G on the Agenda)"),
    ("del", "delete: the contact on the list; an interaction, journal entry or relation in the timeline (asks first)"),
    ("x", "let go: archive the person (Today, Triage, the list); drop a give idea; never this address (Scan)"),
    ("s S", "snooze (S: asks how long) on Today, Triage and the Agenda"),
    ("space", "skip to the next person (Today, Triage, Scan); on the list, mark them for b (tag, log, export… for all)"),
    ("l L", "log: an interaction (the list, the Agenda); a proposal found by Scan (L: all of this person's)"),
    ("a", "add a contact (the list; Scan: the correspondent shown)"),
    ("g", "a give idea for them (the list, Triage, the give list)"),
    ("o enter", "open: the contact from Today, Triage, the Agenda, the give list, the overview; the timeline"),
    ("f", "how often to keep in touch: the cadence and circle (Today, Triage)"),
    ("e", "edit: the contact, an interaction in the timeline"),
    ("y", "copy their phone (or email) to the clipboard (Today, Triage, the Agenda)"),
    ("u", "undo the last change, newest first, on every screen"),
    ("? esc", "every key of this screen; back (q too; on the list q quits)"),
)

SCOPES: tuple[tuple[Command, ...], ...] = (MAIN, AGENDA, GIVES, GIVE_PANE, TIMELINE, TRIAGE, TODAY, OVERVIEW, SCAN, SYNC, ORG)
# The screens that existed before ids had a screen: a name without one (``log_call``) means theirs.
LEGACY_SCOPES: tuple[tuple[Command, ...], ...] = (MAIN, AGENDA, GIVES, GIVE_PANE, TRIAGE, OVERVIEW)


# What the user always needs a key for: a remapping cannot take theirs (``"main.log" = "q"`` would leave
# no way out of the app but ctrl+q, and no ? to find that out).
KEPT_KEYS = frozenset({"quit", "help"})
_KEY_OF_CHARACTER = {shown: name for name, shown in KEY_NAMES.items() if len(shown) == 1}


def _key_list(keys: str) -> list[str]:
    """``"j, ?"`` as Textual names the keys: ``["j", "question_mark"]``."""
    return [_KEY_OF_CHARACTER.get(k.strip(), k.strip()) for k in keys.split(",") if k.strip()]


class KeyConfig(NamedTuple):
    """The ``[keys]`` of the config, read: the keymap to set, and a line for each entry that went wrong
    or took a key from another command (the app shows them as notices)."""

    keymap: dict[str, str]
    problems: list[str]


def read_keys(keys: Mapping[str, str]) -> KeyConfig:
    """``resolve_keymap``, and what it means for the other keys of each screen.

    A key a remapping gives to one command is taken from any other command of the same screen that had
    it (Textual keeps one binding per key): that is said, naming both. A key of quit or help is not
    taken: the entry is refused, said, and its command keeps its own key.
    """
    return _checked(*_resolve(keys))


def _checked(keymap: dict[str, str], unknown: list[str]) -> KeyConfig:
    """``read_keys`` of a keymap already resolved (``_resolve``), whose ``unknown`` names matched nothing."""
    problems = [f"config.toml [keys]: no command is named {', '.join(unknown)} (? lists the keys of each screen)."] * bool(unknown)
    for scope in SCOPES:
        current = {c.id: _key_list(keymap.get(c.id, c.key)) for c in scope}
        for command in scope:
            if command.id not in keymap:
                continue
            others = [c for c in scope if c is not command]
            kept = [(key, c) for key in current[command.id] for c in others if c.action in KEPT_KEYS and key in current[c.id]]
            if kept:
                key, owner = kept[0]
                problems.append(f"config.toml [keys]: {command.id} cannot take {keys_display(key)} from {owner.id} "
                                f"({owner.label}): quit and help keep their keys; {command.id} stays on "
                                f"{command.keys_display}.")
                del keymap[command.id]
                current[command.id] = _key_list(command.key)
                continue
            for key in current[command.id]:
                for owner in (c for c in others if key in current[c.id]):
                    current[owner.id] = [k for k in current[owner.id] if k != key]
                    left = f"it keeps {keys_display(','.join(current[owner.id]))}" if current[owner.id] else "it has no key now"
                    problems.append(f"config.toml [keys]: {command.id} takes {keys_display(key)} from {owner.id} "
                                    f"({owner.label}); {left}.")
    return KeyConfig(keymap, problems)


def resolve_keymap(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The ``[keys]`` of the config as binding ids (less the entries ``read_keys`` refuses), and the
    names that match no command."""
    keymap, unknown = _resolve(keys)
    return _checked(keymap, unknown).keymap, unknown


def _resolve(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The ``[keys]`` of the config as binding ids, and the names that match no command.

    ``main.log`` is taken as written. A name without a screen (``log``, as written before ids had
    one) means the main screen's command of that name, or else the only screen's that has one.
    """
    ids = {c.id for commands in SCOPES for c in commands}
    out: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in keys.items():
        if name in ids:
            out[name] = value
            continue
        if "." not in name:
            if f"main.{name}" in ids:
                out.setdefault(f"main.{name}", value)
                continue
            owners = [c.id for commands in LEGACY_SCOPES for c in commands if c.action == name]
            if len(owners) == 1:
                out.setdefault(owners[0], value)
                continue
        unknown.append(name)
    return out, unknown
