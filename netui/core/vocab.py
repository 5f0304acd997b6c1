"""The words of the domain: circles, kinds and statuses, each listed once.

The database stores these as plain text; the core validates against them, and the forms, the CLI and
the file formats offer them. Order matters where they are shown: closest circle first, deepest
interaction first.
"""

from __future__ import annotations

CIRCLES = ("ace", "inner", "regular", "outer")
INTERACTION_KINDS = ("in-person", "call", "video", "email", "message", "social", "other")
METHOD_KINDS = ("email", "phone", "url")

GIVE_DIRECTIONS = ("idea", "given", "received")
GIVE_KINDS = ("favor", "introduction", "referral", "job-lead", "advice", "gift", "article", "other")
GIVE_STATUSES = ("open", "done", "dropped")

PLAN_KINDS = ("follow-up", "call", "face-to-face")  # the 48 h / 30 d / 90 d meeting plan
REMINDER_KINDS = (*PLAN_KINDS, "birthday", "anniversary", "custom", "intro-follow-up")
KEEP_IN_TOUCH = "keep-in-touch"  # not a reminder of its own: a contact's cadence date (and its snooze marker)

INTRO_STATUSES = ("proposed", "asked-a", "asked-b", "made", "declined")
INTRO_OUTCOMES = ("helpful", "neutral", "wasted-time")
INTRO_ANSWERS = ("accepted", "declined", "no-answer")  # what one side of the double opt-in said
INTRO_KINDS = ("connect", "ask")  # you introduce A to B | you ask A to introduce you to B
