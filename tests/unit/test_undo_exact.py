"""Undo is exact by construction: what a contact owns comes from the foreign keys, and undo puts every
table back byte for byte (derived values recomputed, the search index included)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from peewee import ForeignKeyField, IntegrityError, Model, TextField

from netui.core import cards, contacts, gives, interactions, introductions, reminders, search, triage, undo
from netui.core.contacts import ContactError, ContactInput, Method
from netui.core.dates import Birthday
from netui.db import close_database, open_database
from netui.db import db as database
from netui.db import models as models_mod
from netui.db.models import Contact


def dump(database) -> dict[str, list]:
    """Every table of the file, read generically from sqlite_master as SQL literals (type and bytes).

    A full-text table is read through a query: its shadow tables hold the index's internal layout,
    which a delete and re-insert may pack differently while it answers exactly the same.
    """
    master = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [name for name, sql in master if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    out: dict[str, list] = {}
    for name, _ in master:
        if name.startswith("sqlite_") or any(name.startswith(v + "_") for v in virtual):
            continue
        if name in virtual:
            out[name] = database.execute_sql(f'SELECT rowid, * FROM "{name}" ORDER BY rowid').fetchall()
            continue
        cols = [row[1] for row in database.execute_sql(f'PRAGMA table_info("{name}")')]
        quoted = ", ".join(f'quote("{c}")' for c in cols)
        out[name] = database.execute_sql(f'SELECT {quoted} FROM "{name}" ORDER BY rowid').fetchall()
    assert "contact_fts" in out and "contact" in out
    return out


def _models() -> list[type[Model]]:
    return [
        obj for obj in vars(models_mod).values()
        if isinstance(obj, type) and issubclass(obj, models_mod.BaseModel) and obj is not models_mod.BaseModel
    ]


def _points_at_contact(model: type[Model], seen: tuple = ()) -> bool:
    for target in model._meta.refs.values():
        if target is Contact or (target not in seen and _points_at_contact(target, (*seen, model))):
            return True
    return False


def test_every_table_that_points_at_a_contact_is_captured(db, now):
    """Nothing is listed by hand: each model pointing at Contact, directly or through another, is owned."""
    pointing = [m for m in _models() if _points_at_contact(m)]
    assert {m.__name__ for m in pointing} >= {
        "ContactMethod", "ContactTag", "OrgHistory", "Interaction", "Introduction", "Give", "Reminder",
    }
    owned = undo.owned_models()
    for model in pointing:
        assert model in owned, f"{model.__name__} points at Contact but undo does not capture it"
    # And capture really reads each of them (the shared tables they point at as well).
    ada = contacts.create(ContactInput(name="Ada", add_tags=["chess"]), now)
    snap = undo.capture("x", [ada])
    for model in pointing + undo.shared_models():
        assert model._meta.table_name in snap.before


def test_a_table_added_later_is_captured_without_a_list(db, now):
    """A new model pointing at an owned table is covered the moment it is defined."""
    class Memo(models_mod.BaseModel):  # defined here, as a future table would be in models.py
        interaction = ForeignKeyField(models_mod.Interaction, backref="memos", on_delete="CASCADE")
        text = TextField()

    Memo.__module__ = models_mod.__name__
    models_mod.Memo = Memo
    try:
        db.create_tables([Memo])
        ada = contacts.create(ContactInput(name="Ada"), now)
        iid = interactions.log(ada, "call", now, now).id
        Memo.create(interaction=iid, text="she is moving to Lyon")
        before = dump(db)
        stack = undo.UndoStack()
        snap = undo.capture("delete Ada", [ada])
        contacts.delete(ada)
        stack.push(snap)
        assert Memo.select().count() == 0  # gone with the interaction
        stack.undo(now=now)
        assert dump(db) == before
    finally:
        del models_mod.Memo
        for fk in list(models_mod.Interaction._meta.backrefs):
            if fk.model is Memo:
                del models_mod.Interaction._meta.backrefs[fk]


def test_delete_and_undo_of_someone_who_asked_for_an_introduction_restores_who_asked(db, now):
    ada = contacts.create(ContactInput(name="Ada"), now)
    bob = contacts.create(ContactInput(name="Bob"), now)
    cy = contacts.create(ContactInput(name="Cy"), now)
    intro = introductions.propose(bob, cy, "Cy is hiring a data engineer", "Bob builds data pipelines", now, requested_by=ada)
    before = dump(db)
    stack = undo.UndoStack()
    snap = undo.capture("delete Ada", [ada])
    contacts.delete(ada)
    stack.push(snap)
    assert models_mod.Introduction.get_by_id(intro).requested_by_id is None  # SET NULL by the delete
    stack.undo(now=now)
    assert models_mod.Introduction.get_by_id(intro).requested_by_id == ada
    assert dump(db) == before


def test_undo_of_an_edit_that_replaced_tags_and_emails(db, now):
    ada = contacts.create(ContactInput(name="Ada", add_tags=["chess", "go"], add_methods=[Method("email", "a@x.org", "work", True)]), now)
    before = dump(db)
    stack = undo.UndoStack()
    snap = undo.capture("edit Ada", [ada])
    contacts.update(ada, ContactInput(tags=["chess", "golf"], emails=[Method("email", "a@x.org"), Method("email", "b@y.org")]), now)
    stack.push(snap)
    stack.undo(now=now)
    assert dump(db) == before


def test_undo_of_an_add_made_after_the_fact_removes_the_contact_and_its_new_tag(db, now):
    contacts.create(ContactInput(name="Bob", add_tags=["chess"]), now)
    before = dump(db)
    stack = undo.UndoStack()
    cid = contacts.create(ContactInput(name="Ada", add_tags=["chess", "golf"], met_on=now.date()), now)
    stack.push(undo.Snapshot("add Ada", [cid]))  # as the add form does: after the action
    stack.undo(now=now)
    assert dump(db) == before


# --- the property: random networks, random actions, every table back as it was ---------------------

NAMES = ("Ada Byron", "Bob Stone", "Cy Twombly", "Dee Vance", "Eve Ortiz")
TAGS = ("chess", "golf", "jazz")
ACTIONS = (
    "create", "edit", "log", "give", "remind", "introduce", "delete", "archive", "snooze", "done",
    # the ones that move rows between UNIQUE slots (a tag link, a photo, a uid) and reminder slots
    "tags", "emails", "photo", "uid", "birthday", "met", "put-off",
)

person = st.fixed_dictionaries({
    "tags": st.lists(st.sampled_from(TAGS), max_size=2),
    "email": st.booleans(),
    "birthday": st.none() | st.tuples(st.integers(1, 12), st.integers(1, 28)),
    "met_days_ago": st.none() | st.integers(0, 40),
    "logs": st.lists(st.tuples(st.sampled_from(("in-person", "call", "email")), st.integers(0, 120)), max_size=3),
    "give": st.none() | st.sampled_from(("idea", "given", "received")),
    "remind": st.booleans(),
    "org": st.sampled_from(("", "Acme", "Globex")),
})
network = st.fixed_dictionaries({
    "people": st.lists(person, min_size=2, max_size=4),
    "intros": st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.none() | st.integers(0, 9)), max_size=2),
})
action = st.tuples(st.sampled_from(ACTIONS), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9), st.integers(0, 5))

_files = itertools.count()


def _build(net: dict, now: dt.datetime) -> list[int]:
    ids = []
    for i, p in enumerate(net["people"]):
        cid = contacts.create(ContactInput(
            name=NAMES[i], add_tags=p["tags"], organization=p["org"],
            add_methods=[Method("email", f"p{i}@example.org", "work", True)] if p["email"] else [],
            birthday=Birthday(*p["birthday"]) if p["birthday"] else None,
            met_on=(now - dt.timedelta(days=p["met_days_ago"])).date() if p["met_days_ago"] is not None else None,
        ), now)
        for kind, days in p["logs"]:
            interactions.log(cid, kind, now - dt.timedelta(days=days), now)
        if p["give"]:
            gives.add(cid, f"the book about {NAMES[i]}", now, direction=p["give"])
        if p["remind"]:
            reminders.add_custom(cid, now, on=(now + dt.timedelta(days=3)).date(), note="ask about the move")
        ids.append(cid)
    for a, b, asked in net["intros"]:
        a, b = ids[a % len(ids)], ids[b % len(ids)]
        if a != b:
            introductions.propose(
                a, b, "she is hiring a data engineer", "he builds data pipelines", now,
                requested_by=ids[asked % len(ids)] if asked is not None else None,
            )
    return ids


def _act(name: str, i: int, j: int, k: int, n: int, now: dt.datetime, stack: undo.UndoStack) -> bool:
    """Do one action the way the app does (capture, act, push); False when it does not apply."""
    ids = [row.id for row in Contact.select(Contact.id).order_by(Contact.id)]
    if name == "create":
        snap = undo.capture("add", [])
        cid = contacts.create(ContactInput(
            name=f"New {n}", add_tags=[TAGS[i % 3], "fresh"], add_methods=[Method("email", f"new{n}@example.org")],
            met_on=now.date() if j % 2 else None, birthday=Birthday(3, 1 + k) if k % 2 else None,
        ), now)
        snap.created(cid)
        stack.push(snap)
        return True
    if not ids:
        return False
    cid, other, third = ids[i % len(ids)], ids[j % len(ids)], ids[k % len(ids)]
    targets = {
        "introduce": [cid, other, third], "done": [cid], "snooze": [cid],
    }.get(name, [cid])
    snap = undo.capture(name, targets)
    try:
        if name == "edit":
            contacts.update(cid, ContactInput(
                name=f"Renamed {n}", organization=("Initech", "", "Acme")[n % 3], title="CTO" if n % 2 else "",
                tags=[TAGS[(i + n) % 3], "edited"] if n % 3 else [], emails=[Method("email", f"e{n}@x.org")] if n % 2 else [],
                birthday=Birthday(5, 5 + n) if n % 2 else False, met_on=now.date() if n % 3 == 1 else False,
                circle=("ace", "inner", "regular", "outer")[n % 4], cadence_days=30 if n % 2 else False,
                note=f"note {n}",
            ), now)
        elif name == "log":
            interactions.log(cid, ("in-person", "call", "social")[n % 3], now - dt.timedelta(days=n * 7), now, "coffee")
        elif name == "give":
            gives.add(cid, f"an article {n}", now, direction=("idea", "given", "received")[n % 3])
        elif name == "remind":
            reminders.add_custom(cid, now, rule="every 3 months" if n % 2 else None,
                                 on=None if n % 2 else (now + dt.timedelta(days=n + 1)).date())
        elif name == "introduce":
            introductions.propose(cid, other, "she is hiring a data engineer", "he builds data pipelines", now,
                                  requested_by=third if n % 2 else None)
        elif name == "delete":
            contacts.delete(cid)
        elif name == "archive":
            contacts.set_archived(cid, not contacts.get(cid).archived, now)
        elif name == "snooze":
            triage.snooze(cid, now, by="1w")
        elif name in ("done", "put-off"):
            due = [item for item in reminders.upcoming_for(cid, now + dt.timedelta(days=400), 5) if item.reminder_id]
            if not due:
                return False
            if name == "done":
                reminders.done(due[j % len(due)].reminder_id, now, force=True)
            else:
                reminders.snooze(due[j % len(due)].reminder_id, now, by=("1d", "1w", "1m")[n % 3])
        elif name == "tags":  # replace or add: the links are deleted and made again, reusing freed row ids
            if n % 2:
                contacts.update(cid, ContactInput(tags=[TAGS[k % 3], TAGS[(k + n) % 3]]), now)
            else:
                contacts.update(cid, ContactInput(add_tags=[TAGS[(k + n) % 3]]), now)
        elif name == "emails":  # a kept address keeps its row; a new order renumbers them
            emails = [f"p{x}@example.org" for x in (i, j, k)[: 1 + n % 3]]
            contacts.update(cid, ContactInput(emails=[Method("email", e) for e in (emails[::-1] if n % 2 else emails)]), now)
        elif name == "photo":  # one photo per contact (a UNIQUE index), replaced by delete and insert
            cards.write(cid, cards.CardData(photo=False if n == 0 else cards.PhotoData("image/png", bytes([n, j]))))
        elif name == "uid":  # a UNIQUE column of a table others point at
            contacts.set_uid(cid, f"uid-{n % 3}")
        elif name == "birthday":  # its reminder is deleted, moved or made again
            contacts.update(cid, ContactInput(birthday=Birthday(1 + n, 1 + j) if n else False), now)
        elif name == "met":  # the meeting plan's reminders come and go with it
            contacts.update(cid, ContactInput(met_on=(now - dt.timedelta(days=n * 9)).date() if n else False), now)
    except (ContactError, ValueError, IntegrityError):
        return False
    stack.push(snap)
    return True


# derandomize: the same examples in every run, so a red run is reproduced by running it again; the
# known failure below is pinned as its own test until it is fixed.
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(net=network, steps=st.lists(action, min_size=1, max_size=6))
def test_any_sequence_of_actions_undoes_to_the_same_bytes(db_path, now, net, steps):
    close_database()
    open_database(db_path.parent / f"example-{next(_files)}.db")
    _build(net, now)
    stack = undo.UndoStack()
    states = []
    for name, i, j, k, n in steps:
        state = dump(database)
        if _act(name, i, j, k, n, now, stack):
            event(f"did {name}")
            states.append((name, state))
    for name, state in reversed(states):
        assert stack.undo(now=now).label in (name, "add")
        assert dump(database) == state, f"undo of {name} left a difference"
    assert len(stack) == 0


SLOT_ACTIONS = ("tags", "emails", "photo", "uid", "birthday", "met", "done", "put-off", "snooze", "delete", "edit")
slot_action = st.tuples(st.sampled_from(SLOT_ACTIONS), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 5))


# The same property over the actions that move rows between slots (a UNIQUE index, a freed row id, a
# reminder's kind), among few people, so that their rows keep meeting in the same slots.
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(net=network, steps=st.lists(slot_action, min_size=2, max_size=7))
def test_any_sequence_of_slot_actions_undoes_to_the_same_bytes(db_path, now, net, steps):
    test_any_sequence_of_actions_undoes_to_the_same_bytes.hypothesis.inner_test(db_path, now, net, steps)


def test_dump_sees_a_difference_in_any_byte(db, now):
    """The comparison is strict: the same text stored as another type differs."""
    cid = contacts.create(ContactInput(name="Ada"), now)
    before = dump(db)
    db.execute_sql("UPDATE contact SET cadence_days = '30' WHERE id = ?", (cid,))
    db.execute_sql("UPDATE contact SET cadence_days = 30 WHERE id = ?", (cid,))
    assert dump(db) != before
    assert search.count(search.Query("ada")) == 1


_PLAIN = {"tags": [], "email": False, "birthday": None, "met_days_ago": None, "logs": [], "give": None,
          "remind": False, "org": ""}


def test_undo_of_an_edit_after_a_delete_is_not_a_conflict(db_path, now):
    """Found by the property test above: three people, the first tagged chess; edit, delete, edit, then undo.

    The second edit of the third person reuses tag link 1 (freed by the delete) and leaves link 2 holding
    the (person, "edited") slot that link 3 held before: link 3 cannot come back until link 2 moves.
    """
    net = {"people": [dict(_PLAIN, tags=["chess"]), _PLAIN, _PLAIN], "intros": []}
    steps = [("edit", 2, 0, 0, 1), ("delete", 0, 0, 0, 0), ("edit", 1, 0, 0, 1)]
    _build(net, now)
    stack = undo.UndoStack()
    states = []
    for name, i, j, k, n in steps:
        state = dump(database)
        if _act(name, i, j, k, n, now, stack):
            states.append((name, state))
    for name, state in reversed(states):
        assert stack.undo(now=now).label in (name, "add")
        assert dump(database) == state, f"undo of {name} left a difference"
