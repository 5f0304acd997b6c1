"""The reminder engine (issue #3): the meeting plan, birthdays, custom rules, snooze and done, and what is due.

Every reminder row stores the next time it is due in ``next_due_at`` (NULL once closed). "What is due"
is therefore one range scan of the partial index ``reminder_open_due``, joined to the contact by its
primary key: no function here walks all contacts or expands recurrence rules to answer it. Keep-in-touch
is not a reminder row but ``Contact.next_due_at`` (kept by ``derived.refresh`` from the date the last
interaction happened), read through the ``(archived, next_due_at)`` index; both kinds are presented
alike as ``DueItem``.

Decisions worth knowing:

- Times are naive local datetimes. A reminder known only by its date is due at 00:00 of that day, so a
  rule stays at the same wall-clock time across daylight-saving changes.
- The meeting plan is anchored at ``met_on`` (00:00 of that day) or, for a contact with no ``met_on``,
  at their first ``in-person`` interaction. Its steps are follow-up (+``follow_up_hours``), call
  (+``call_days``, shows the person's open give ideas) and face-to-face (+``face_to_face_days``).
- A plan step already more than ``PLAN_GRACE_DAYS`` overdue when the plan is set up is not created
  at all: adding (or bulk-loading) people met long ago does not bury the user in ancient follow-ups.
- Plan steps the user has not touched (never snoozed or done) follow their anchor: changing ``met_on``
  moves them, clearing it removes them. Touched steps are the user's and are left alone.
- The plan's steps are closed by the data, not the user, as soon as an interaction answers them (the
  one rule in ``answers``: any kind but ``social`` after the meeting closes the follow-up, a call,
  video or in-person the call, an in-person the face-to-face check); ``next_due_at`` NULL with
  ``done_at`` NULL marks "closed by the data", and the step re-opens if that interaction is deleted
  or moved. ``done`` by the user closes a step for good.
- Birthdays are one yearly reminder per contact; Feb 29 uses ``BYMONTHDAY=-1`` (the last day of
  February), so it falls on Feb 28 in other years. Archived contacts keep their rows, but nothing of
  theirs is ever due.
- Snoozing keep-in-touch: a row of kind ``keep-in-touch`` (never open itself) remembers the due date
  it snoozed and the new one; ``sync_contact`` re-applies it after every recompute of
  ``Contact.next_due_at`` until the keep-in-touch clock moves (an interaction is logged, the cadence
  changes), which makes the snooze moot and removes it.
- Notifications are for reminder rows only (keep-in-touch shows in the due count and the agenda, it
  would otherwise flood). ``notified_for`` holds the occurrence a notification was raised for, so a
  restart never repeats one, and a snoozed or advanced reminder notifies again when it next comes due.

The package's modules, by seam: ``answers`` (what a log answers), ``rules`` (recurrence rules), ``plan`` (the reminders that follow from
a contact's data), ``queries`` (what is due, as ``DueItem``) and ``actions`` (snooze, done, your own). Every
public name is importable from ``netui.core.reminders`` itself.
"""

from __future__ import annotations

from netui.core.errors import ReminderError
from netui.core.reminders.actions import add_custom, done, parse_snooze, snooze, snooze_contact
from netui.core.reminders.answers import answers_dated, answers_step, step_words
from netui.core.reminders.plan import PLAN_GRACE_DAYS, answer_plan, bulk_sync, deadline_of, sync_contact
from netui.core.reminders.queries import (
    AgendaGroup,
    DueItem,
    Filter,
    agenda,
    due,
    due_count,
    due_words,
    item,
    mark_notified,
    newly_due,
    open_items,
    upcoming_for,
    when_words,
)
from netui.core.reminders.rules import birthday_rule, describe_rule, next_occurrence, parse_rule
from netui.core.vocab import KEEP_IN_TOUCH, PLAN_KINDS

__all__ = [
    "KEEP_IN_TOUCH", "PLAN_GRACE_DAYS", "PLAN_KINDS", "AgendaGroup", "DueItem", "Filter", "ReminderError", "add_custom",
    "agenda", "answer_plan", "answers_dated", "answers_step", "step_words", "birthday_rule", "bulk_sync", "deadline_of", "describe_rule", "done", "due", "due_count", "due_words", "item", "mark_notified",
    "newly_due", "next_occurrence", "open_items", "parse_rule", "parse_snooze", "snooze", "snooze_contact",
    "sync_contact", "upcoming_for", "when_words",
]
