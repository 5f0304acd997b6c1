"""A corpus of hostile contacts, stored both ways: through netui (sanitised on the way in) and written
straight into the file, as an older netui or another program could have left them (raw)."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, gives, interactions
from netui.core.contacts import ContactInput, Method
from netui.db import db

# Sequences that would act on a terminal if they reached it, each with a payload the test looks for.
OSC_TITLE = "\x1b]0;PWNED\x07"
CSI_RED = "\x1b[31mINJ"
OSC_CLIPBOARD = "\x1b]52;c;UFdORUQ=\x07"
DCS_QUERY = "\x1bP+q544e\x1b\\"
CURSOR_REPORT = "\x1b[6n"
C1 = "\x9b31mC1INJ \x9d0;C1PWN\x9c"

NAMES = [
    "Eve [/]",
    "[@click=app.quit]Mallory[/]",
    "[link=https://evil.example]Trent[/link]",
    f"Oscar {OSC_TITLE}Title",
    f"Rita {CSI_RED}\x1b[0m Red",
    f"Clip {OSC_CLIPBOARD}board",
    f"Dee {DCS_QUERY}{CURSOR_REPORT}Query",
    f"Cee {C1} One",
    "Bidi \u202eevil\u202c \u2066Name\u2069",
    "Nul\x00Byte \x07Bell \x08Back",
    "Zoë 🎉 e\u0301 שלום עליכם",
    "$text-error ${danger} [bold red]Loud[/]",
]
LONG = "L" * 100_000
NOTE = f"[@click=app.quit]note[/]\n{OSC_TITLE}{CSI_RED}\n\x1b[2J\x1b[H{C1}\n" + "N" * 100_000


def populate(now: dt.datetime, *, raw: bool = True) -> list[int]:
    """Hostile contacts with interactions, gives and a due follow-up (so notifications name them too)."""
    met = (now - dt.timedelta(days=3)).date()
    ids = []
    for i, name in enumerate(NAMES + [LONG]):
        cid = contacts.create(ContactInput(
            name=name, organization=f"[b]Org[/b] {CSI_RED}", title=OSC_TITLE, note=NOTE, met_on=met,
            how_met=f"[link=x]{OSC_TITLE}", reason=CSI_RED, add_tags=["[red]tag[/red]", f"t{OSC_TITLE}"],
            add_methods=[Method("email", f"e{i}@x.org")],
        ), now)
        # Before the meeting, so the follow-up stays due (a call after it would answer it).
        interactions.log(cid, "call", now - dt.timedelta(days=4), now, summary=f"[red]summary[/red] {CSI_RED}")
        gives.add(cid, f"[@click=app.quit]give[/] {OSC_TITLE}", now, direction="idea", kind="article")
        ids.append(cid)
    if raw:
        # What sanitising on the way in removed, put back behind netui's back: the display must cope.
        with db.atomic():
            for cid, name in zip(ids, NAMES + [LONG], strict=False):
                db.execute_sql(
                    "UPDATE contact SET name = ?, organization = ?, title = ?, note = ?, how_met = ?, reason = ? "
                    "WHERE id = ?",
                    (name, f"[b]Org[/b] {CSI_RED}", OSC_TITLE, NOTE, f"[link=x]{OSC_TITLE}", CSI_RED, cid),
                )
                db.execute_sql("UPDATE interaction SET summary = ?, note = ? WHERE contact_id = ?",
                               (f"[red]summary[/red] {CSI_RED}{OSC_TITLE}", NOTE, cid))
                db.execute_sql("UPDATE give SET text = ? WHERE contact_id = ?", (f"give {OSC_TITLE}{C1}", cid))
                db.execute_sql("UPDATE reminder SET note = ? WHERE contact_id = ?", (f"rem {OSC_TITLE}{C1}", cid))
    return ids
