from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from netui.core import contacts, interactions
from netui.core.contacts import Ambiguous, ContactError, ContactInput, Method, NotFound
from netui.core.dates import Birthday
from netui.db.models import Contact, OrgHistory


def test_database_file_and_folder_are_private(db_path):
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(db_path.parent).st_mode) == 0o700


def test_create_stores_every_field(db, now):
    cid = contacts.create(
        ContactInput(
            name="  Ada   Lovelace ", organization="Analytical", title="Programmer", birthday=Birthday(12, 10),
            met_on=dt.date(2026, 11, 20), how_met="PyCon", reason="hiring", circle="inner", cadence_days=21,
            note="likes\npoetry", add_methods=[Method("email", "Ada@X.org", "work", True), Method("phone", "+44 7700 900123")],
            add_tags=["Math", "poetry", "#math"],
        ),
        now,
    )
    d = contacts.contact_dict(cid)
    assert d["name"] == "Ada Lovelace"
    assert d["birthday"] == "--12-10"
    assert d["met_on"] == "2026-11-20"
    assert d["emails"] == [{"value": "Ada@X.org", "label": "work", "preferred": True}]
    assert d["phones"][0]["value"] == "+44 7700 900123"
    assert d["tags"] == ["Math", "poetry"]  # shown as first written; "#math" is the same tag
    assert d["note"] == "likes\npoetry"
    assert d["cadence_days"] == 21
    # keep-in-touch clock starts at the meeting when nothing was logged yet
    assert d["next_due"] == "2026-12-11 00:00:00"


@pytest.mark.parametrize(
    "data, message",
    [
        (ContactInput(name="   "), "needs a name"),
        (ContactInput(name="X", circle="best"), "unknown circle"),
        (ContactInput(name="X", cadence_days=0), "cadence"),
        (ContactInput(name="X", add_methods=[Method("email", "not-an-email")]), "email"),
    ],
)
def test_invalid_input_is_refused_with_a_reason(db, now, data, message):
    with pytest.raises(ContactError, match=message):
        contacts.create(data, now)
    assert Contact.select().count() == 0


def test_interactions_drive_last_contact_and_cadence_from_when_they_happened(db, now):
    cid = contacts.create(ContactInput(name="Ada", circle="inner"), now)
    week_ago = now - dt.timedelta(days=7)
    call = interactions.log(cid, "call", week_ago, now).id
    c = contacts.get(cid)
    assert c.last_contact_at == week_ago
    assert c.next_due_at == week_ago + dt.timedelta(days=30)
    interactions.log(cid, "social", now, now)  # a like does not count as keeping in touch
    assert contacts.get(cid).last_contact_at == week_ago
    interactions.delete(call, now)
    c = contacts.get(cid)
    assert c.last_contact_at is None
    assert c.next_due_at == now + dt.timedelta(days=30)  # back to creation + cadence


def test_future_interactions_are_refused(db, now):
    cid = contacts.create(ContactInput(name="Ada"), now)
    with pytest.raises(ContactError):
        interactions.log(cid, "call", now + dt.timedelta(days=3), now)


def test_changing_organisation_keeps_history(db, now):
    cid = contacts.create(ContactInput(name="Ada", organization="Old Co", title="Dev"), now)
    later = now + dt.timedelta(days=1)
    assert contacts.update(cid, ContactInput(organization="New Co", title="CTO"), later)
    history = list(OrgHistory.select().where(OrgHistory.contact == cid))
    assert [(h.organization, h.title, h.until) for h in history] == [("Old Co", "Dev", later)]
    assert not contacts.update(cid, ContactInput(organization="New Co"), later)  # no change, no history


def test_cadence_state_in_words(db, now):
    cid = contacts.create(ContactInput(name="Ada", circle="ace"), now - dt.timedelta(days=20))
    state = contacts.cadence_state(contacts.get(cid), now)
    assert (state.state, state.days, state.words) == ("overdue", 6, "overdue by 6 days")
    contacts.set_archived(cid, True, now)
    assert contacts.cadence_state(contacts.get(cid), now).state == "archived"


def test_resolve_by_id_email_name_and_unique_part(db, now):
    ada = contacts.create(ContactInput(name="Ada Lovelace", add_methods=[Method("email", "ada@x.org")]), now)
    alan = contacts.create(ContactInput(name="Alan Turing"), now)
    contacts.create(ContactInput(name="Alan Kay"), now)
    assert contacts.resolve(str(ada)) == ada
    assert contacts.resolve(f"#{alan}") == alan
    assert contacts.resolve("ADA@x.org") == ada
    assert contacts.resolve("alan turing") == alan
    assert contacts.resolve("love") == ada
    with pytest.raises(Ambiguous) as err:
        contacts.resolve("alan")
    assert {name for _, name in err.value.candidates} == {"Alan Turing", "Alan Kay"}
    with pytest.raises(NotFound):
        contacts.resolve("nobody")
    with pytest.raises(NotFound):
        contacts.resolve("100%_")  # LIKE wildcards are literal


def test_delete_removes_everything(db, now):
    cid = contacts.create(ContactInput(name="Ada", add_tags=["x"], add_methods=[Method("email", "a@x.org")]), now)
    interactions.log(cid, "call", now, now)
    contacts.delete(cid)
    with pytest.raises(NotFound):
        contacts.get(cid)
    from netui.db.models import ContactMethod, Interaction

    assert Interaction.select().count() == 0 and ContactMethod.select().count() == 0
