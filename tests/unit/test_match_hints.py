"""Where a search found someone when not in their name: the hint beside a list row (app and CLI)."""

from __future__ import annotations

import argparse

from netui.cli.contacts import cmd_list
from netui.core import cards, contacts, journal, match_hints, search
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


def test_city_title_and_circle_say_where_too(db, now):
    towns = cards.CardData(addresses=[cards.Address(label="work", locality="Porto"),
                                      cards.Address(label="home", street="Rua 1", locality="Lisbon", country="PT")])
    ana = contacts.create(ContactInput(name="Ana Lisboa", title="Lisbon correspondent", card=towns, circle="inner"), now)
    bea = contacts.create(ContactInput(name="Bea Costa", organization="Acme", title="Chief Engineer",
                                       card=cards.CardData(addresses=[cards.Address(locality="Lisbon")])), now)
    ids = [ana, bea]
    found = match_hints.hints(ids, "city:lis")
    assert str(found[ana]) == "city: Lisbon" and str(found[bea]) == "city: Lisbon"  # the town, not the other
    assert str(match_hints.hints(ids, "city:port")[ana]) == "city: Porto"
    assert match_hints.hints(ids, "city:paris") == {} and match_hints.hints(ids, "-city:lis") == {}
    assert str(match_hints.hints(ids, "title:chief")[bea]) == "title: Chief Engineer"
    # A word found in the job title says "title", not "org" (the index keeps them in one column).
    assert str(match_hints.hints(ids, "engineer")[bea]) == "title: Chief Engineer"
    assert str(match_hints.hints(ids, "acme")[bea]) == "org: Acme"
    assert str(match_hints.hints(ids, "circle:in")[ana]) == "circle: inner" and bea not in match_hints.hints(ids, "circle:in")
    # Each hint is for a row the search finds.
    assert {r.id for r in search.page(search.Query("city:lis title:chief"), "name", 0, 10)} == {bea}
    assert str(match_hints.hints(ids, "city:lis title:chief")[bea]) == "city: Lisbon"


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
