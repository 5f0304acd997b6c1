"""`netui list --json` writes its JSON with the backup's encoder and reads contacts as the backup does:
the same text as ``print_json`` of ``views.contact_dicts``, also for text a terminal would act on."""

from __future__ import annotations

import argparse
import io

from netui.cli.common import Terminal, print_json
from netui.cli.contacts import cmd_list
from netui.core import contacts, relations, strength, views
from netui.core.cards import Address, CardData
from netui.core.contacts import ContactInput, Method
from netui.db import db
from netui.db.models import Contact

HOSTILE = 'Zoë "quoted" {0} %s \\ tab\there ☃ 𝄞 \u202eevil\u202c \u0085 \x7f'


def test_list_json_is_print_json_of_the_contact_dicts(db_path, now, capsys, monkeypatch):
    ids = [contacts.create(ContactInput(
        name=f"Person {i} {HOSTILE}", note=HOSTILE * (i % 2), tags=["chess", f"t{i % 3}"], archived=i == 4,
        emails=[Method("email", f"p{i}@x.org", "work", preferred=i % 2 == 0)],
        card=CardData(addresses=[Address("home", HOSTILE, "London")]) if i % 2 else None,
    ), now) for i in range(6)]
    relations.add(ids[0], ids[1], "colleague", now)
    # Stored as another program might have left it: the JSON escapes what a terminal would act on.
    db.execute_sql("UPDATE contact SET title = ? WHERE id = ?", ["\x1b[31mred\x1b[0m \x9b2J \u202eevil", ids[2]])
    monkeypatch.setattr("netui.cli.contacts.open_db", lambda args: None)
    for archived in (False, True):
        args = argparse.Namespace(db=str(db_path), search="", saved=None, archived=archived, sort="name", limit=0, json=True)
        cmd_list(args)
        written = capsys.readouterr().out
        shown = [cid for cid in sorted(ids, key=lambda c: Contact.get_by_id(c).sort_name)
                 if Contact.get_by_id(cid).archived == archived]
        rows = {c.id: c for c in Contact.select()}
        print_json([d | {"strength": rows[d["id"]].strength, "tier": rows[d["id"]].strength_tier,
                         "trend": strength.trend_for(rows[d["id"]].strength, rows[d["id"]].strength_prev),
                         "relations": [relations.as_dict(r) for r in relations.of(d["id"])]}
                    for d in views.contact_dicts(shown)])
        assert written == capsys.readouterr().out
        if not archived:
            assert "\\u001b[31mred" in written and "\\u202eevil" in written
            assert not {"\x1b", "\x9b", "\u202e"} & set(written)


def test_a_line_written_in_parts_is_cleaned_whole():
    """A terminal stream writes text with nothing to clean as it is, but a line begun with an escape
    sequence is cleaned when it ends, whatever the rest of it holds."""
    out = io.StringIO()
    stream = Terminal(out)
    stream.write("plain line\nstarts \x1b[31mred")
    stream.write(" and ends plain\nanother\n")
    stream.write("last, unfinished")
    stream.flush()
    assert out.getvalue() == "plain line\nstarts red and ends plain\nanother\nlast, unfinished"
