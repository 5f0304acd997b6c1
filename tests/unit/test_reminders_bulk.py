"""bulk_sync after a bulk load: the same reminders as one-by-one sync, and no flood of ancient follow-ups."""

from __future__ import annotations

import datetime as dt

from netui.core import contacts, demo, derived, reminders
from netui.core.contacts import ContactInput
from netui.db import db
from netui.db.models import Contact, Interaction, Reminder

D = dt.timedelta


def snapshot() -> list[tuple]:
    return sorted(
        (r.contact_id, r.kind, r.note, r.rrule, str(r.due_at), str(r.next_due_at), str(r.done_at), str(r.snoozed_until))
        for r in Reminder.select().where(Reminder.introduction.is_null())
    )


def bulk_load(now: dt.datetime) -> int:
    """Insert people the way an importer or the demo does (no refresh per row); return the first id."""
    people = [
        # name, met_on (days ago), birthday (month, day, year), in-person meetings (days ago)
        ("Met Yesterday", 1, (2, 29, 1990), []),
        ("Met Yesterday, Seen Since", 1, None, [1, 0]),
        ("Met Ten Days Ago", 10, (11, 21, None), []),
        ("Met Forty Days Ago", 40, (3, 1, None), [2]),
        ("Met A Quarter Ago", 100, None, []),
        ("Met Long Ago", 700, (12, 31, 1975), [650]),
        ("Never Met, First Coffee Yesterday", None, None, [1]),
        ("Never Met, Coffee Every Year", None, None, [400, 30, 2]),
        ("Never Met", None, (7, 4, None), []),
    ]
    first = (db.execute_sql("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]) + 1
    for offset, (name, met, bday, meetings) in enumerate(people):
        cid = first + offset
        month, day, year = bday or (None, None, None)
        created = now - D(days=(met or 0) + 1)
        Contact.insert(
            id=cid, uid=f"uid-{cid}", name=name, sort_name=name.casefold(), birthday_month=month, birthday_day=day,
            birthday_year=year, met_on=(now - D(days=met)).date() if met is not None else None,
            created_at=created, updated_at=created,
        ).execute()
        for ago in meetings:
            Interaction.insert(contact=cid, occurred_at=now - D(days=ago, hours=3), kind="in-person", created_at=now).execute()
    return first


def test_bulk_sync_makes_what_sync_contact_makes(db_path, now):
    kept = contacts.create(ContactInput(name="Already Here", met_on=now.date()), now)
    before = snapshot()
    with db.atomic():
        first = bulk_load(now)
        derived.refresh_all(now)
        reminders.bulk_sync(now, first)
    bulk = snapshot()
    assert [r for r in bulk if r[0] == kept] == before  # people before first_id are left alone
    kinds = {}
    for cid, kind, *_ in bulk:
        kinds.setdefault(Contact.get_by_id(cid).name, set()).add(kind)
    assert kinds == {
        "Already Here": {"follow-up", "call", "face-to-face"},
        "Met Yesterday": {"follow-up", "call", "face-to-face", "birthday"},
        "Met Yesterday, Seen Since": {"follow-up", "call", "face-to-face"},
        "Met Ten Days Ago": {"follow-up", "call", "face-to-face", "birthday"},
        "Met Forty Days Ago": {"call", "face-to-face", "birthday"},
        "Met A Quarter Ago": {"face-to-face"},
        "Met Long Ago": {"birthday"},
        "Never Met, First Coffee Yesterday": {"follow-up", "call", "face-to-face"},
        "Never Met": {"birthday"},
    }

    # One by one, from scratch, at the same moment: the same rows.
    Reminder.delete().execute()
    with db.atomic():
        for (cid,) in Contact.select(Contact.id).tuples():
            reminders.sync_contact(cid, now)
    assert snapshot() == bulk

    # Running it again adds nothing.
    with db.atomic():
        reminders.bulk_sync(now, 0)
    assert snapshot() == bulk


def test_the_demo_network_does_not_drown_the_user(db_path, now):
    demo.generate(contacts=400, interactions=4000, seed=7, now=now)
    cutoff = now - D(days=reminders.PLAN_GRACE_DAYS)
    plan = Reminder.select().where(Reminder.kind.in_(reminders.PLAN_KINDS))
    assert plan.count() > 0
    assert all(reminders.deadline_of(r.kind, r.due_at) >= cutoff for r in plan)  # none already too late
    with_birthday = Contact.select().where(Contact.birthday_month.is_null(False)).count()
    assert Reminder.select().where(Reminder.kind == "birthday").count() == with_birthday
    overdue_reminders = [i for i in reminders.due(now) if i.reminder_id is not None]
    assert len(overdue_reminders) < 40
    # A second load adds people without touching the first ones' reminders.
    before = snapshot()
    demo.generate(contacts=50, interactions=200, seed=8, now=now)
    assert set(before) <= set(snapshot())


def test_a_keep_in_touch_snooze_survives_a_bulk_recompute(db_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi", circle="ace"), now - D(days=30))
    until = reminders.snooze_contact(ada, now, until=now + D(days=10))
    demo.generate(contacts=20, interactions=100, seed=3, now=now)  # recomputes every next_due_at
    assert Contact.get_by_id(ada).next_due_at == until
