"""Likely duplicates (on add and as a list), and the checks on typed emails and phones."""

from __future__ import annotations

import pytest

from netui.core import contacts, duplicates, settings, validate
from netui.core.contacts import ContactInput, Method


@pytest.mark.parametrize(("a", "b", "close"), [
    ("Grace Hopper", "grace hopper", True),
    ("Grace Hopper", "Grace B. Hopper", True),
    ("Grace Hopper", "Hopper, Grace", True),
    ("Grace Hopper", "Grace Brewster Murray Hopper", True),
    ("Grace Hopper", "Grace Kelly", False),
    ("Cher", "Cher", True),
    ("", "", False),
])
def test_close_names(a, b, close):
    assert (duplicates.name_key(a) == duplicates.name_key(b) != "") is close


def test_similar_finds_by_email_phone_and_close_name_at_the_same_organisation(db_path, now):
    grace = contacts.create(ContactInput(name="Grace Hopper", organization="Navy",
                                         emails=[Method("email", "grace@navy.example")],
                                         phones=[Method("phone", "+1 202 555 0100")]), now)
    contacts.create(ContactInput(name="Grace Hopper", organization="Yale"), now)
    assert duplicates.similar(ContactInput(name="Someone", add_methods=[Method("email", "Grace@Navy.example")])) == [
        duplicates.Match(grace, "Grace Hopper", "same email", "Grace@Navy.example")]
    assert [m.reason for m in duplicates.similar(ContactInput(name="X", phones=[Method("phone", "(202) 555-0100")]))] == [
        "same phone"]
    assert duplicates.similar(ContactInput(name="Hopper, Grace", organization="NAVY")) == [
        duplicates.Match(grace, "Grace Hopper", "a close name", "at Navy")]
    assert duplicates.similar(ContactInput(name="Grace Hopper", organization="Elsewhere")) == []
    assert duplicates.similar(ContactInput(name="Grace Hopper", phones=[Method("phone", "123")])) == []
    assert duplicates.similar(ContactInput(name='"*" ( )', organization="")) == []  # nothing FTS5 could choke on


def test_second_save_warns_once_for_the_same_people(db_path, now):
    contacts.create(ContactInput(name="Grace Hopper", emails=[Method("email", "grace@navy.example")]), now)
    check = duplicates.SecondSave()
    data = ContactInput(name="Grace Hopper", emails=[Method("email", "grace@navy.example")])
    with pytest.raises(contacts.ContactError, match=r"looks like #1 Grace Hopper \(same email\)"):
        check.check(data)
    check.check(data)  # seen: goes through
    check.check(ContactInput(name="Nobody New"))


def test_pairs_group_in_sql_and_a_big_group_is_a_star(db_path, now):
    ids = [contacts.create(ContactInput(name=f"Pat Doe {i}" if i % 2 else "Pat Doe", organization="Acme",
                                        emails=[Method("email", "office@acme.example")]), now)
           for i in range(duplicates.MAX_GROUP + 2)]
    found = duplicates.pairs()
    star = {(ids[0], other) for other in ids[1:]}  # a shared office address: each with the first, not every pair
    namesakes = {(a, b) for a in ids[::2] for b in ids[::2] if a < b}  # seven "Pat Doe" at Acme: every pair
    assert {(p.a, p.b) for p in found} == star | namesakes
    both = next(p for p in found if p.b == ids[2])  # same email, and the same name at the same organisation
    assert both.reasons == ("same email office@acme.example", "a close name at Acme")


@pytest.mark.parametrize("email", ["@x.com", "foo@", "foo bar@x.com", "foo", "a@b", "a@@b.com", "a@.com", "a@b..com",
                                   ".a@b.com", "a.@b.com", ""])
def test_implausible_emails_are_refused(email):
    assert validate.email_problem(email)
    with pytest.raises(contacts.ContactError):
        validate.check_email(email)


@pytest.mark.parametrize("email", ["ada@example.org", "a.b+tag@sub.example.co.uk", "ÅSA@exämple.se", "x@y.io"])
def test_plausible_emails_pass(email):
    assert validate.email_problem(email) is None


def test_phones_are_normalised_or_kept_as_typed_with_a_warning():
    assert validate.normalise_phone("020 7946 0000", "GB") == validate.Phone("+44 20 7946 0000")
    assert validate.normalise_phone("+1 (202) 555-0100") == validate.Phone("+1 202-555-0100")
    kept = validate.normalise_phone("020 7946 0000")
    assert kept.value == "020 7946 0000" and "no [phone] region is set" in kept.warning
    assert validate.normalise_phone("not a phone", "GB").warning.startswith("kept 'not a phone' as typed")
    assert validate.normalise_phone("020 7946 0000", "ZZ").value == "020 7946 0000"  # an unknown region is none
    phones, warnings = validate.normalise_phones([Method("phone", "+44 20 7946 0000", "work", True)], "")
    assert phones == [Method("phone", "+44 20 7946 0000", "work", True)] and warnings == []


def test_the_config_holds_saved_searches_and_the_phone_region(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[searches]\n"due inner" = " circle:inner is:due "\n[phone]\nregion = "gb"\n')
    loaded = settings.load(path)
    assert loaded.searches == {"due inner": "circle:inner is:due"} and loaded.phone_region == "GB"
    for text, problem in (('[searches]\nx = ""\n', "searches.x must be a search in quotes"),
                          ("[searches]\nx = [1]\n", "searches.x must be a search in quotes"),
                          ('[phone]\nregion = "GBR"\n', "phone.region must be a two-letter country code"),
                          ('[phone]\ncountry = "GB"\n', "phone.country is not a setting netui knows")):
        path.write_text(text)
        with pytest.raises(settings.SettingsError, match=problem):
            settings.load(path)
