"""A reminder of your own about the selected person, from the app: the same rules as ``netui remind``.

*On* is a date as the command line's ``--on`` takes it (``2026-12-01``, ``in 2 weeks``, ``friday``);
*Every* is blank for once, or how often (``3 months``, ``2 weeks``, ``monthly``, ``every other friday``,
an RRULE), as ``--rule`` takes it; *Note* says what to do. A date or a rule that cannot be is said beside
its field and nothing is written; the reminder is one write and one undo step.
"""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, formats, reminders
from netui.core.dates import day_start, parse_datetime
from netui.core.errors import ReminderError
from netui.tui import writes
from netui.tui.dialogs.form import Field, FormScreen, FormSpec
from netui.tui.safe import notify
from netui.tui.writes import CONTACTS, REMINDERS


def rule_text(text: str, start: dt.datetime) -> str:
    """How often, as ``--rule`` takes it: ``3 months`` is read as ``every 3 months``. ``ReminderError``
    (the rule's own message) when neither reading is a rule."""
    text = text.strip()
    try:
        reminders.parse_rule(text, start)
        return text
    except ReminderError:
        if text.lower().startswith(("every ", "each ")) or "=" in text:
            raise
        try:
            reminders.parse_rule(f"every {text}", start)
        except ReminderError:
            raise ReminderError(f"{text!r} is not how often: try 3 months, 2 weeks, monthly or "
                                "every other friday (blank: once)") from None
        return f"every {text}"


def _check(now: dt.datetime):
    def check(values: dict) -> dict[str, str]:
        on, every = values.get("on"), values.get("every")
        if on is None and not every:
            return {"on": "say when: a date here, or how often under Every"}
        if on is not None and not every and on < day_start(now):
            return {"on": f"{formats.day(on)} is in the past: a reminder needs a date from today on"}
        return {}

    return check


def remind_form(name: str, now: dt.datetime) -> FormSpec:
    """The three fields: when (first: typing starts there), how often, and what to do."""
    start = day_start(now)
    return FormSpec(
        f"Remind me about {name}",
        [
            Field("on", "On", "", "2026-12-01, in 2 weeks, friday 09:00", parse=lambda t: parse_datetime(t, now),
                  help="when (the first time, if it repeats)"),
            Field("every", "Every", "", "blank: once · 3 months · 2 weeks", parse=lambda t: rule_text(t, start),
                  help="how often: blank for once, or 3 months, 2 weeks, monthly"),
            Field("note", "Note", "", "ask how the move went", help="what to do"),
        ],
        submit="Remind", check=_check(now),
    )


def open_remind(app, contact_id: int) -> None:
    """Ask when (and how often) to be reminded about ``contact_id``, and set it."""
    now = app.now()
    name = contacts.get(contact_id).name
    spec = remind_form(name, now)

    def save(values: dict) -> int:
        rid = writes.write(app, f"reminder about {name}", [contact_id],
                           lambda: reminders.add_custom(contact_id, now, on=values["on"], rule=values["every"],
                                                        note=values["note"] or ""),
                           what={CONTACTS, REMINDERS})
        item = reminders.item(rid)
        repeats = f", then {reminders.describe_rule(item.rule)}" if item.rule else ""
        notify(app, f"Reminder about {name}: {formats.moment(item.due)}{repeats}. u undoes it.")
        return rid

    spec.save = save
    app.push_screen(FormScreen(spec))
