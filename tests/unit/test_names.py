"""A display name's parts: split when nobody typed them, and split again when the name changes, unless
the parts were typed."""

from __future__ import annotations

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.core.names import filled, resplit, split_name
from netui.tui import forms


def test_split_and_resplit():
    assert split_name("Ada King Lovelace") == ("Ada King", "Lovelace")
    assert split_name("Lovelace, Ada") == ("Ada", "Lovelace") and split_name("Ada") == ("Ada", "")
    assert resplit("Ada Lovelace", "Ada", "Lovelace", "Ada King") == ("Ada", "King")  # the old split
    assert resplit("Ada Lovelace", "", "", "Ada King") == ("Ada", "King")  # none
    assert resplit("Ada", "Ada", "", "Ada Byron") == ("Ada", "Byron")
    assert resplit("Ada Lovelace", "Augusta Ada", "Lovelace", "Ada King") is None  # typed: kept
    assert resplit("Ada Lovelace", "", "Byron", "Ada King") is None


def test_the_edit_form_resplits_a_guessed_pair_and_keeps_a_typed_one(db, now):
    ada = contacts.create(ContactInput(name="Ada Lovelace", given_name="Ada", family_name="Lovelace"), now)
    original = contacts.edit_values(ada)
    data, expected = forms.contact_changes({"name": "Ada King"}, original)
    assert (data.given_name, data.family_name) == ("Ada", "King")
    assert expected["family_name"] == "Lovelace"
    contacts.update(ada, data, now, expected=expected)
    assert contacts.contact_dict(ada)["family_name"] == "King"
    data, _ = forms.contact_changes({"name": "Ada Byron", "family_name": "Lovelace"}, contacts.edit_values(ada))
    assert (data.given_name, data.family_name) == (None, "Lovelace")  # the user typed a part: theirs
    typed = contacts.create(ContactInput(name="Bo Li", given_name="Bo", family_name="Li Wei"), now)
    data, _ = forms.contact_changes({"name": "Bo Li Wei"}, contacts.edit_values(typed))
    assert data.given_name is None and data.family_name is None


def test_filled_gives_a_command_the_parts(db, now):
    assert (filled(ContactInput(name="Ada King Lovelace")).given_name, filled(ContactInput(name="Ada")).family_name) == (
        "Ada King", "")
    typed = ContactInput(name="Ada Lovelace", family_name="Byron")
    assert filled(typed) is typed
    ada = contacts.create(filled(ContactInput(name="Ada Lovelace")), now)
    renamed = filled(ContactInput(name="Ada Byron"), ada)
    assert (renamed.given_name, renamed.family_name) == ("Ada", "Byron")
    assert filled(ContactInput(organization="Acme"), ada).given_name is None  # no new name: nothing to follow
