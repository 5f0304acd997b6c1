"""The filter's org:NAME as an organisation: which search asks for one, and which organisation is closest
to what was typed when several match."""

from __future__ import annotations

from netui.core import contacts, orgs
from netui.core.contacts import ContactInput


def test_only_one_org_term_alone_asks_for_an_organisation():
    assert orgs.asked_for("org:quartz") == "quartz"
    assert orgs.asked_for('  org:"Quartz Labs" ') == "Quartz Labs"
    assert orgs.asked_for("ORG:Acme") == "Acme"
    for text in ("", "org:", "org:  ", "-org:quartz", "org:quartz ada", "ada", "tag:quartz", "org:quartz org:labs",
                 "org:...", '"org:quartz"'):
        assert orgs.asked_for(text) is None, text


def test_the_closest_organisation_is_the_exact_name_then_a_start_then_the_most_people(db, now):
    for name, org in (("Ada", "Rose Quartz"), ("Bob", "Rose Quartz"), ("Cal", "Rose Quartz"),
                      ("Dee", "Quartz Labs"), ("Eve", "quartz labs"), ("Fay", "Quartz"), ("Gus", "Acme")):
        contacts.create(ContactInput(name=name, organization=org), now)
    assert orgs.closest("quartz") == orgs.Pick("Quartz", 1, ("Quartz Labs", "Rose Quartz"))
    pick = orgs.closest("quartz l")  # words begin words of the name, as the filter reads them
    assert pick is not None and pick.name in ("Quartz Labs", "quartz labs") and pick.people == 2 and not pick.others
    assert orgs.closest("rose") == orgs.Pick("Rose Quartz", 3, ())
    assert orgs.closest("QUARTZ") is not None and orgs.closest("QUARTZ").name == "Quartz"
    assert orgs.closest("uartz") is None and orgs.closest("") is None and orgs.closest("!!") is None


def test_the_most_people_wins_and_history_counts(db, now):
    ada = contacts.create(ContactInput(name="Ada", organization="Big Quartz"), now)
    contacts.update(ada, ContactInput(organization="Acme"), now)  # Ada was at Big Quartz
    contacts.create(ContactInput(name="Bob", organization="Big Quartz"), now)
    contacts.create(ContactInput(name="Cal", organization="Small Quartz"), now)
    assert orgs.closest("quartz") == orgs.Pick("Big Quartz", 2, ("Small Quartz",))
    # The view of the one picked lists that organisation alone, past and present.
    assert [m.name for m in orgs.members("big quartz", exact=True)] == ["Bob", "Ada"]
    assert [m.name for m in orgs.members("quartz")] == ["Bob", "Cal", "Ada"]
    assert orgs.members("quartz", exact=True) == []
