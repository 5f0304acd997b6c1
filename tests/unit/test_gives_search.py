"""Interests make give ideas findable: who would care about the article you just read?"""

from __future__ import annotations

from netui.core import contacts, search
from netui.core.contacts import ContactInput


def names(text: str) -> list[str]:
    query = search.Query(text)
    return [row.name for row in search.page(query, "name", 0, 100)]


def test_tag_search_finds_people_by_interest(db_path, now):
    contacts.create(ContactInput(name="Ada Obi", tags=["Arsenal", "chess"]), now)
    contacts.create(ContactInput(name="Sam Okafor", tags=["arsenal"]), now)
    contacts.create(ContactInput(name="Mira Li", tags=["tottenham"], note="hates Arsenal"), now)
    contacts.create(ContactInput(name="Ben Arsen", tags=["jazz"]), now)
    assert names("tag:arsenal") == ["Ada Obi", "Sam Okafor"]  # the tag, not a note or a name
    assert names("tag:ARSENAL tag:chess") == ["Ada Obi"]
    assert names("tag:cricket") == []


def test_an_authors_name_in_a_note_or_tag_is_found_by_plain_search(db_path, now):
    contacts.create(ContactInput(name="Ada Obi", note="Loved Chimamanda Ngozi Adichie's latest novel"), now)
    contacts.create(ContactInput(name="Sam Okafor", tags=["adichie"]), now)
    contacts.create(ContactInput(name="Mira Li", how_met="book club reading Ursula Le Guin"), now)
    contacts.create(ContactInput(name="Ben Chen", note="reads thrillers"), now)
    assert names("adichie") == ["Ada Obi", "Sam Okafor"]
    assert names("Adichie") == names("ADICHIE")
    assert names("le guin") == ["Mira Li"]
    assert names("ngozi adichie") == ["Ada Obi"]


def test_a_new_interest_is_searchable_at_once(db_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi"), now)
    assert names("tag:climbing") == []
    contacts.update(ada, ContactInput(add_tags=["climbing"]), now)
    assert names("tag:climbing") == ["Ada Obi"]
