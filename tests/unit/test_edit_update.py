"""contacts.update writes only what changes, and with ``expected`` refuses to overwrite a change made elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import contacts
from netui.core.contacts import ContactError, ContactInput, EditConflict, Method
from netui.core.dates import Birthday
from netui.db.models import Contact, ContactMethod

LATER = dt.datetime(2026, 11, 22, 9, 30)
EMAILS = [Method("email", "ada@example.org", "work", True), Method("email", "ada@home.example", "home")]
PHONES = [Method("phone", "+44 7700 900123", "mobile")]


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table: what "nothing was written" is checked against."""
    tables = [name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: sorted(db.execute_sql(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def method_rows(cid: int) -> list[dict]:
    return list(ContactMethod.select().where(ContactMethod.contact == cid).order_by(ContactMethod.id).dicts())


@pytest.fixture
def ada(db, now) -> int:
    return contacts.create(ContactInput(
        name="Ada Lovelace", organization="Analytical", title="Mathematician", note="likes\npoetry",
        met_on=dt.date(2026, 11, 1), birthday=Birthday(12, 10, 1815), cadence_days=21,
        add_methods=EMAILS + PHONES, add_tags=["math", "poetry"],
    ), now)


def everything(cid: int) -> ContactInput:
    """What an old edit form wrote: every field, as it was shown."""
    v = contacts.edit_values(cid)
    return ContactInput(**{name: v[name] for name in contacts.EDIT_FIELDS})


def test_writing_every_field_unchanged_writes_nothing(db, ada):
    before = dump(db)
    changes = db.connection().total_changes
    assert contacts.update(ada, everything(ada), LATER, expected=contacts.edit_values(ada)) is False
    assert db.connection().total_changes == changes
    assert dump(db) == before


def test_labels_and_preferred_flags_survive_an_edit_of_another_field(db, ada):
    assert contacts.update(ada, ContactInput(title="Countess"), LATER)
    assert contacts.edit_values(ada)["emails"] == EMAILS
    assert contacts.edit_values(ada)["phones"] == PHONES
    assert str(contacts.get(ada).updated_at) == "2026-11-22 09:30:00"


def test_changing_one_label_changes_that_row_only(db, ada):
    before = method_rows(ada)
    emails = [EMAILS[0]._replace(label="office"), EMAILS[1]]
    assert contacts.update(ada, ContactInput(emails=emails), LATER)
    after = method_rows(ada)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    changed = [(b, a) for b, a in zip(before, after, strict=True) if a != b]
    assert changed == [(before[0], {**before[0], "label": "office"})]


def test_methods_added_removed_and_reordered(db, ada):
    rows = {r["value"]: r for r in method_rows(ada)}
    new = [EMAILS[1], Method("email", "ada@rs.example", "", False), EMAILS[0]]
    contacts.update(ada, ContactInput(emails=new), LATER)
    assert contacts.edit_values(ada)["emails"] == new
    after = {r["value"]: r for r in method_rows(ada)}
    assert after["ada@home.example"]["id"] == rows["ada@home.example"]["id"]  # the row stays, moved
    contacts.update(ada, ContactInput(emails=[EMAILS[0]]), LATER)
    assert contacts.edit_values(ada)["emails"] == [EMAILS[0]]
    assert [r["id"] for r in method_rows(ada) if r["kind"] == "email"] == [rows["ada@example.org"]["id"]]
    assert contacts.edit_values(ada)["phones"] == PHONES  # another kind is never touched


def test_a_field_changed_elsewhere_and_not_here_is_kept(db, ada):
    opened = contacts.edit_values(ada)
    contacts.update(ada, ContactInput(title="Countess", add_tags=["chess"]), LATER)  # meanwhile, elsewhere
    assert contacts.update(ada, ContactInput(organization="Royal Society"), LATER,
                           expected={"organization": opened["organization"]})
    now = contacts.edit_values(ada)
    assert (now["organization"], now["title"], now["tags"]) == ("Royal Society", "Countess", ["chess", "math", "poetry"])


def test_a_field_changed_elsewhere_and_here_is_a_conflict_and_nothing_is_written(db, ada):
    opened = contacts.edit_values(ada)
    contacts.update(ada, ContactInput(title="Countess", note="met at the RS"), LATER)  # meanwhile, elsewhere
    before = dump(db)
    mine = ContactInput(title="Analyst", note="likes\npoetry\nand engines", organization="Royal Society")
    with pytest.raises(EditConflict) as caught:
        contacts.update(ada, mine, LATER, expected={k: opened[k] for k in ("title", "note", "organization")})
    assert isinstance(caught.value, ContactError)
    assert [(c.field, c.theirs, c.mine) for c in caught.value.conflicts] == [
        ("title", "Countess", "Analyst"), ("note", "met at the RS", "likes\npoetry\nand engines"),
    ]
    assert "title, note" in str(caught.value)
    assert dump(db) == before  # not even the organisation, which had no conflict


def test_both_sides_making_the_same_change_is_no_conflict(db, ada):
    opened = contacts.edit_values(ada)
    contacts.update(ada, ContactInput(title="Countess"), LATER)
    assert not contacts.update(ada, ContactInput(title="Countess"), LATER, expected={"title": opened["title"]})


def test_conflicts_on_lists_dates_and_clearing(db, ada):
    opened = contacts.edit_values(ada)
    contacts.update(ada, ContactInput(add_methods=[Method("email", "ada@new.example")], met_on=False,
                                      cadence_days=30), LATER)
    with pytest.raises(EditConflict) as caught:
        contacts.update(
            ada, ContactInput(emails=[EMAILS[0]._replace(label="office"), EMAILS[1]],
                              met_on=dt.date(2026, 11, 2), cadence_days=False),
            LATER, expected={k: opened[k] for k in ("emails", "met_on", "cadence_days")},
        )
    got = {c.field: (c.theirs, c.mine) for c in caught.value.conflicts}
    assert got["emails"][0] == EMAILS + [Method("email", "ada@new.example")]
    assert got["met_on"] == (None, dt.date(2026, 11, 2))
    assert got["cadence_days"] == (30, None)
    # Standing on the new state (expected = theirs), the same write goes through.
    theirs = contacts.edit_values(ada)
    contacts.update(ada, ContactInput(cadence_days=False), LATER, expected={"cadence_days": theirs["cadence_days"]})
    assert contacts.get(ada).cadence_days is None


def test_tags_in_another_order_or_spelling_are_no_change(db, ada):
    before = dump(db)
    assert not contacts.update(ada, ContactInput(tags=["Poetry", "#math"]), LATER)
    assert dump(db) == before


def test_org_history_and_sort_name_still_follow_a_change(db, ada):
    contacts.update(ada, ContactInput(name="Ada King", organization="Royal Society"), LATER)
    c = Contact.get_by_id(ada)
    assert (c.sort_name, c.organization) == ("ada king", "Royal Society")
    assert contacts.contact_dict(ada)["org_history"][0]["organization"] == "Analytical"


def test_text_written_raw_by_another_program_is_no_false_conflict(db, ada):
    db.execute_sql("UPDATE contact SET title = ?, note = ? WHERE id = ?", ("Count\x1b[31mess", "a\x07b", ada))
    opened = contacts.edit_values(ada)
    assert (opened["title"], opened["note"]) == ("Countess", "ab")  # as the form shows it
    assert contacts.update(ada, ContactInput(title="Analyst"), LATER, expected={"title": opened["title"]})
    assert contacts.get(ada).title == "Analyst"
    assert contacts.get(ada).note == "a\x07b"  # not written: not changed
