"""Where a search found someone when not in their name: the hint beside a list row (app and CLI)."""

from __future__ import annotations

import argparse

from netui.cli.contacts import cmd_list
from netui.core import contacts, journal, match_hints, search
from netui.core.contacts import ContactInput, Method


def people(now) -> dict[str, int]:
    return {
        "ada": contacts.create(ContactInput(name="Ada Lovelace", organization="Quartz", emails=[
            Method("email", "countess@analytical.example")], tags=["chess"]), now),
        "bob": contacts.create(ContactInput(name="Bob Chess", note="Met at the analytical engines meetup in Zürich, "
                                            "a long evening about punch cards and looms"), now),
        "cal": contacts.create(ContactInput(name="Cal Moss", organization="Analytical Engines Ltd"), now),
    }


def test_a_hint_says_where_a_non_name_match_was_found(db, now):
    ids = people(now)
    journal.add(ids["cal"], "moved to the London office", now)
    found = match_hints.hints(ids.values(), "analyt")
    assert str(found[ids["ada"]]) == "email: countess@analytical.example"
    assert found[ids["bob"]].label == "note" and "analytical engines" in found[ids["bob"]].text
    assert found[ids["bob"]].text.endswith("…")
    assert str(found[ids["cal"]]) == "org: Analytical Engines Ltd"
    hints = match_hints.hints(ids.values(), "chess")
    assert str(hints[ids["ada"]]) == "tag: chess" and ids["bob"] not in hints  # Bob's name says it
    assert str(match_hints.hints(ids.values(), '"london off"')[ids["cal"]]) == "note: moved to the London office"
    assert str(match_hints.hints(ids.values(), "zurich")[ids["bob"]]).startswith("note: …")  # accents as the index
    assert match_hints.hints(ids.values(), "-analyt") == {} and match_hints.hints(ids.values(), "is:due") == {}
    assert str(match_hints.hints(ids.values(), "tag:che")[ids["ada"]]) == "tag: chess"
    assert {r.id for r in search.page(search.Query("analyt"), "name", 0, 10)} == set(ids.values())


def test_list_search_shows_the_hint_on_each_row(db_path, now, capsys, monkeypatch):
    people(now)
    monkeypatch.setattr("netui.cli.contacts.open_db", lambda args: None)
    args = argparse.Namespace(db=str(db_path), search="analyt", saved=None, archived=False, sort="name", limit=0, json=False)
    assert cmd_list(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("#1") and lines[0].endswith("· email: countess@analytical.example")
    assert "· note: Met at the analytical engines mee…" in lines[1] and lines[1].endswith("…")
    assert lines[2].endswith("· org: Analytical Engines Ltd")
    args.search = "ada"
    assert cmd_list(args) == 0
    assert "·" not in capsys.readouterr().out.split("Quartz", 1)[1]  # found by the name: no hint
