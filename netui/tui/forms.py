"""Field descriptions for the forms: one contact form serves add and edit; log and give forms.

Each parse function turns what was typed into a value for ``netui.core`` or raises ``ValueError``
with the message shown beside the field.
"""

from __future__ import annotations

import datetime as dt
import re

from netui.core import contacts
from netui.core.contacts import ContactInput, Method
from netui.core.dates import parse_birthday, parse_date, parse_datetime
from netui.core.text import sanitize
from netui.core.vocab import CIRCLES, GIVE_KINDS, INTERACTION_KINDS
from netui.tui.dialogs.form import Field, FormSpec


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _emails(text: str) -> list[str]:
    values = _split(text)
    for v in values:
        if "@" not in v or " " in v:
            raise ValueError(f"{v!r} does not look like an email address")
    return values


def _cadence(text: str) -> int:
    try:
        days = int(text.strip().removesuffix("d").strip())
    except ValueError:
        raise ValueError("a number of days, e.g. 30") from None
    if not 1 <= days <= 3650:
        raise ValueError("between 1 and 3650 days")
    return days


NEWLINE = "↵"


def note_to_line(note: str) -> str:
    """A multi-line note in a one-line field: line breaks shown as ↵ (and turned back on save)."""
    return sanitize(note, multiline=True).replace("\n", f" {NEWLINE} ")


def line_to_note(text: str) -> str:
    return "\n".join(part.strip() for part in text.split(NEWLINE)).strip()


def contact_form(now: dt.datetime, contact_id: int | None = None) -> FormSpec:
    """The add/edit contact form, prefilled when ``contact_id`` is given."""
    values = {"circle": "regular"}
    if contact_id is not None:
        d = contacts.contact_dict(contact_id, full=False)
        values = {
            "name": d["name"], "organization": d["organization"], "title": d["title"],
            "emails": ", ".join(m["value"] for m in d["emails"]), "phones": ", ".join(m["value"] for m in d["phones"]),
            "met_on": d["met_on"] or "", "how_met": d["how_met"], "reason": d["reason"], "birthday": d["birthday"] or "",
            "tags": ", ".join(d["tags"]), "circle": d["circle"], "cadence": str(d["cadence_days"] or ""),
            "note": note_to_line(d["note"]),
        }
        # Stored text is sanitised on write, but the file may have been written by another program.
        values = {k: sanitize(v) for k, v in values.items()}
    fields = [
        Field("name", "Name", values.get("name", ""), "Ada Lovelace", required=True),
        Field("organization", "Organisation", values.get("organization", "")),
        Field("title", "Title", values.get("title", "")),
        Field("emails", "Emails", values.get("emails", ""), "comma separated", parse=_emails),
        Field("phones", "Phones", values.get("phones", ""), "comma separated", parse=_split),
        Field("met_on", "Met on", values.get("met_on", ""), "today, yesterday, 2026-11-03",
              parse=lambda t: parse_date(t, now), help="sets the 48 h follow-up, 30-day call and 90-day plan"),
        Field("how_met", "Where/at", values.get("how_met", ""), "PyCon Lisbon, a friend's dinner"),
        Field("reason", "Why", values.get("reason", ""), "the specific reason, not \"networking\""),
        Field("birthday", "Birthday", values.get("birthday", ""), "1987-09-11, Sep 11, --09-11", parse=parse_birthday),
        Field("tags", "Interests", values.get("tags", ""), "chess, arsenal, le-guin", parse=_split),
        Field("circle", "Circle", values.get("circle", "regular"), options=CIRCLES),
        Field("cadence", "Cadence", values.get("cadence", ""), "days; empty = the circle's default", parse=_cadence),
        Field("note", "Note", values.get("note", ""), f"one line; {NEWLINE} starts a new one", parse=line_to_note),
    ]
    title = "New contact" if contact_id is None else f"Edit {contacts.get(contact_id).name}"
    return FormSpec(title, fields)


def contact_input(values: dict, *, editing: bool) -> ContactInput:
    """The form's values as a ContactInput; on edit, an emptied field clears it."""
    def text(name: str) -> str:
        return values.get(name) or ""

    emails = values.get("emails") or []
    phones = values.get("phones") or []
    return ContactInput(
        name=text("name"), organization=text("organization"), title=text("title"),
        emails=[Method("email", e) for e in emails] if editing or emails else None,
        phones=[Method("phone", p) for p in phones] if editing or phones else None,
        met_on=values.get("met_on") or (False if editing else None),
        how_met=text("how_met"), reason=text("reason"),
        birthday=values.get("birthday") or (False if editing else None),
        tags=values.get("tags") or [], circle=values.get("circle") or "regular",
        cadence_days=values.get("cadence") or (False if editing else None), note=text("note"),
    )


def log_form(now: dt.datetime, name: str, kind: str = "call") -> FormSpec:
    return FormSpec(
        f"Log an interaction with {name}",
        [
            Field("kind", "Kind", kind, options=INTERACTION_KINDS),
            Field("when", "When", "now", "now, yesterday, 3 days ago, 2026-11-03 14:00",
                  parse=lambda t: parse_datetime(t, now), help="when it happened: the cadence restarts from then"),
            Field("summary", "Summary", "", "what it was about"),
        ],
        submit="Log",
    )


def give_form(name: str) -> FormSpec:
    return FormSpec(
        f"Give note for {name}",
        [
            Field("direction", "Type", "idea", options=("idea", "given", "received")),
            Field("kind", "Kind", "other", options=GIVE_KINDS),
            Field("text", "What", "", "send her the Adichie interview", required=True),
        ],
    )
