"""Undo that reverses exactly the rows an action wrote, and nothing anybody else wrote.

``capture(label, contact_ids)`` before an action records every row those contacts own (BEFORE);
``UndoStack.push(snapshot)`` after it records the same rows again (AFTER). What a contact owns is not
listed by hand: it is read from the models' foreign keys (``Contact._meta.backrefs``, recursively), so
their methods, tags, jobs, interactions, introductions (as ``a``, ``b`` or ``requested_by``), gives and
reminders are covered, and so is any table added later. Rows of shared tables the owned rows point at
(a tag) are recorded too.

On undo every recorded row is compared three ways, BEFORE, AFTER, and what the database holds now
(CURRENT):

- BEFORE equals AFTER: the action did not write it; left alone, whoever changed it since.
- CURRENT equals AFTER: it is as the action left it and gets its BEFORE state back (deleted if the
  action added it, inserted again if the action removed it).
- CURRENT equals BEFORE: it is already back; nothing to do.
- Otherwise someone else changed it since the action: ``UndoConflict``, and nothing is changed.
  ``force=True`` then reverts only the rows still as the action left them and never deletes or
  overwrites another writer's row (nor a row another writer's rows now point at).

Rows the action never recorded (an interaction another process logged) are never touched. Derived
values are not compared and not put back: the cached columns of a contact (``DERIVED``), and the
reminders that follow from the data while the user has not touched them (the meeting plan and the
birthday). ``contacts.refresh`` recomputes them for every contact the undo changed. Everything happens
in one transaction.

An import is one step: a ``Journal`` records the contacts an import created and captures a contact's
rows just before the import first merges into it; ``finish()`` gives the snapshot to push.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from peewee import IntegrityError, Model

from netui.core import clock, contacts, search
from netui.core.reminders import PLAN_KINDS
from netui.db import db
from netui.db import models as models_mod
from netui.db.models import Contact, Reminder

Row = tuple  # one row's raw SQLite values, in the order of ``Snapshot.columns[table]``
Rows = dict[str, dict[int, Row]]  # table -> primary key (every owned and shared table has an integer id) -> row

MAX_JOURNAL = 20_000  # contacts an import may touch and still be undoable (both states stay in memory)
_CHUNK = 500  # ids per IN (...) list, well below SQLite's variable limit

# Values recomputed by ``contacts.refresh`` (and the reminder tick): never compared, never put back.
DERIVED = {
    Contact: (
        Contact.last_contact_at, Contact.last_in_person_at, Contact.next_due_at, Contact.strength,
        Contact.strength_tier, Contact.strength_prev, Contact.strength_at,
    ),
    Reminder: (Reminder.notified_for,),
}
_STRENGTH = ("strength", "strength_tier", "strength_prev", "strength_at")
_DATA_REMINDERS = (*PLAN_KINDS, "birthday")  # kinds that ``reminders.sync_contact`` keeps from the data


class UndoError(ValueError):
    """An undo that cannot be done, in words fit for the user."""


class UndoConflict(UndoError):
    """Another writer changed rows this action wrote, since the action; ``changes`` says what, in words."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        shown = changes[:6]
        more = f"; and {len(changes) - 6} more" if len(changes) > 6 else ""
        super().__init__("changed elsewhere since: " + "; ".join(shown) + more)


class CannotUndo(UndoError):
    """The newest step cannot be undone (it says why); older steps stay behind it."""


# --- what a contact owns, from the foreign keys --------------------------------------------------


def _all_models() -> list[type[Model]]:
    """Every table of ``netui.db.models``, each after the tables it points at."""
    found = [
        obj for obj in vars(models_mod).values()
        if isinstance(obj, type) and issubclass(obj, Model) and obj is not models_mod.BaseModel
        and obj.__module__ == models_mod.__name__
    ]
    ordered: list[type[Model]] = []

    def visit(model: type[Model], path: tuple = ()) -> None:
        if model in ordered or model in path:
            return
        for target in model._meta.refs.values():
            if target in found and target is not model:
                visit(target, (*path, model))
        ordered.append(model)

    for model in sorted(found, key=lambda m: m.__name__):
        visit(model)
    return ordered


def owned_models() -> list[type[Model]]:
    """The models whose rows belong to a contact: pointing at ``Contact`` directly or through another."""
    known = _all_models()
    owned = {Contact}
    todo = [Contact]
    while todo:
        for child in todo.pop()._meta.backrefs.values():
            if child in known and child not in owned:
                owned.add(child)
                todo.append(child)
    return [m for m in known if m in owned]


def shared_models() -> list[type[Model]]:
    """Tables owned rows point at that belong to nobody in particular (a tag)."""
    owned = owned_models()
    return [m for m in _all_models() if m not in owned and any(t is m for o in owned for t in o._meta.refs.values())]


def _links(model: type[Model]) -> list[tuple[str, type[Model]]]:
    """(column, table it points at) for each foreign key of ``model``."""
    return [(fk.column_name, target) for fk, target in model._meta.refs.items()]


def _pk(model: type[Model]) -> str:
    key = model._meta.primary_key
    assert key, f"{model.__name__} has no primary key"
    return key.column_name


def _chunks(values: Iterable) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: list) -> str:
    return ",".join("?" * len(values))


def _columns(model: type[Model]) -> tuple[str, ...]:
    """The table's columns as the database has them (not as the model says): nothing is left out."""
    return tuple(row[1] for row in db.execute_sql(f'PRAGMA table_info("{model._meta.table_name}")').fetchall())


# --- snapshots -------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """What one action may have written: the rows before it and, once pushed, after it.

    A snapshot made directly (``Snapshot("add Ada", [cid])``, after the action) says that these
    contacts did not exist before: undoing it removes them.
    """

    label: str
    contact_ids: list[int]
    before: Rows = field(default_factory=dict)
    after: Rows | None = None
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    baseline: dict[str, int] | None = None  # each shared table's largest id at capture: newer rows are the action's
    strength_before: dict[int, tuple] = field(default_factory=dict)  # cached score columns at capture
    blocked: str = ""  # set when this step cannot be undone: why, in words

    @property
    def rows(self) -> Rows:
        return self.before

    def created(self, contact_id: int) -> None:
        """The action added this contact: undoing it removes them (unless someone wrote to them since)."""
        if contact_id not in self.contact_ids:
            self.contact_ids.append(contact_id)

    def record_after(self) -> None:
        """Record the AFTER state of the same rows (and of rows the contacts own now)."""
        self.after = _state(self, self.before)


def _follows_from_data(row: Row | None, cols: tuple[str, ...]) -> bool:
    """A reminder ``reminders.sync_contact`` creates, moves and closes by itself (None counts too)."""
    if row is None:
        return True
    get = dict(zip(cols, row, strict=True))
    return (
        get.get(Reminder.kind.column_name) in _DATA_REMINDERS
        and all(get.get(f.column_name) is None for f in (Reminder.introduction, Reminder.done_at, Reminder.snoozed_until))
    )


def _cols(snap: Snapshot, model: type[Model]) -> tuple[str, ...]:
    table = model._meta.table_name
    if table not in snap.columns:
        snap.columns[table] = _columns(model)
    return snap.columns[table]


def _read_owned(snap: Snapshot, ids: list[int]) -> Rows:
    """Every row the contacts ``ids`` own, and the shared rows those point at."""
    out: Rows = {}
    owned = owned_models()
    matched: dict[type[Model], set[int]] = {}
    for model in owned:
        table = model._meta.table_name
        cols = _cols(snap, model)
        rows = out.setdefault(table, {})
        pk_at = cols.index(_pk(model))
        select = ", ".join(f'"{c}"' for c in cols)
        wheres: list[tuple[str, Iterable[int]]] = (
            [(_pk(model), ids)] if model is Contact
            else [(col, matched.get(target, set())) for col, target in _links(model) if target in owned]
        )
        for col, values in wheres:
            for chunk in _chunks(sorted(values)):
                for row in db.execute_sql(f'SELECT {select} FROM "{table}" WHERE "{col}" IN ({_marks(chunk)})', chunk):
                    rows[row[pk_at]] = tuple(row)
        matched[model] = set(rows)
    for model in shared_models():
        wanted: set = set()
        for owner in owned:
            cols = snap.columns[owner._meta.table_name]
            for col, target in _links(owner):
                if target is model:
                    at = cols.index(col)
                    wanted.update(r[at] for r in out[owner._meta.table_name].values() if r[at] is not None)
        out[model._meta.table_name] = _read_keys(snap, model, wanted)
    return out


def _read_keys(snap: Snapshot, model: type[Model], keys: Iterable[int]) -> dict[int, Row]:
    table = model._meta.table_name
    cols = _cols(snap, model)
    pk_at = cols.index(_pk(model))
    select = ", ".join(f'"{c}"' for c in cols)
    rows: dict[int, Row] = {}
    for chunk in _chunks(sorted(set(keys))):
        for row in db.execute_sql(f'SELECT {select} FROM "{table}" WHERE "{_pk(model)}" IN ({_marks(chunk)})', chunk):
            rows[row[pk_at]] = tuple(row)
    return rows


def _state(snap: Snapshot, also: Rows) -> Rows:
    """The rows the snapshot's contacts own now, plus the current state of every key in ``also``."""
    now_rows = _read_owned(snap, snap.contact_ids)
    for model in owned_models() + shared_models():
        table = model._meta.table_name
        missing = set(also.get(table, {})) - set(now_rows.setdefault(table, {}))
        if missing:
            now_rows[table].update(_read_keys(snap, model, missing))
    return now_rows


def _baseline() -> dict[str, int]:
    return {
        m._meta.table_name: db.execute_sql(f'SELECT coalesce(max("{_pk(m)}"), 0) FROM "{m._meta.table_name}"').fetchone()[0]
        for m in shared_models()
    }


def _strengths(ids: Iterable[int]) -> dict[int, tuple]:
    out = {}
    cols = ", ".join(_STRENGTH)
    for chunk in _chunks(sorted(set(ids))):
        for cid, *values in db.execute_sql(f"SELECT id, {cols} FROM contact WHERE id IN ({_marks(chunk)})", chunk):
            out[cid] = tuple(values)
    return out


def _people(snap: Snapshot, rows: Rows) -> set[int]:
    """Every contact the rows point at (the snapshot's own and the other side of an introduction)."""
    out: set[int] = set()
    for model in owned_models():
        table = model._meta.table_name
        cols = snap.columns.get(table, ())
        at = [cols.index(col) for col, target in _links(model) if target is Contact and col in cols]
        for row in rows.get(table, {}).values():
            out.update(row[i] for i in at if row[i] is not None)
    return out


def capture(label: str, contact_ids: Iterable[int]) -> Snapshot:
    """Record the rows these contacts own, before an action; push the snapshot after the action."""
    snap = Snapshot(label, sorted(set(contact_ids)))
    with db.atomic():  # one consistent read
        snap.baseline = _baseline()
        snap.before = _read_owned(snap, snap.contact_ids)
        snap.strength_before = _strengths(set(snap.contact_ids) | _people(snap, snap.before))
    return snap


def blocked(label: str, why: str) -> Snapshot:
    """A step that cannot be undone: ``u`` says so (and why) instead of undoing an older action."""
    return Snapshot(label, [], blocked=f"{label} cannot be undone: {why}")


# --- undoing ---------------------------------------------------------------------------------------


class _Tables:
    """Per table: the model, its columns, which of them are compared, and the foreign keys."""

    def __init__(self, snap: Snapshot):
        self.owned = owned_models()
        self.shared = shared_models()
        self.models = [m for m in _all_models() if m in self.owned or m in self.shared]
        self.cols = {m._meta.table_name: snap.columns.get(m._meta.table_name) or _columns(m) for m in self.models}
        for table, cols in self.cols.items():
            snap.columns.setdefault(table, cols)
        derived = {m._meta.table_name: {f.column_name for f in fields} for m, fields in DERIVED.items()}
        self.compared = {
            t: [i for i, c in enumerate(cols) if c not in derived.get(t, set())] for t, cols in self.cols.items()
        }

    def same(self, table: str, a: Row | None, b: Row | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return all(a[i] == b[i] for i in self.compared[table])

    def changed_columns(self, table: str, a: Row, b: Row) -> list[str]:
        cols = self.cols[table]
        return [cols[i] for i in self.compared[table] if a[i] != b[i]]


@dataclass
class _Plan:
    conflicts: list[str] = field(default_factory=list)
    deletes: dict[str, list] = field(default_factory=dict)
    inserts: dict[str, list] = field(default_factory=dict)
    updates: dict[str, list] = field(default_factory=dict)
    slots: set = field(default_factory=set)  # (table, pk) of data-driven reminders: only into an empty slot
    people: set = field(default_factory=set)  # contacts whose derived values need a refresh
    skipped: set = field(default_factory=set)  # (table, pk) changed elsewhere: left as they are
    kept: set = field(default_factory=set)  # (table, pk) the action added that others' rows now need

    def add(self, kind: dict, table: str, pk) -> None:
        kind.setdefault(table, []).append(pk)


class _Words:
    """Rows described for a person to read: "the call with Ada on 2026-11-20"."""

    def __init__(self, tables: _Tables, *states: Rows):
        self.tables = tables
        self.names: dict[int, str] = {}
        at = tables.cols["contact"].index("name")
        for state in states:
            for cid, row in state.get("contact", {}).items():
                self.names.setdefault(cid, row[at])

    def who(self, cid) -> str:
        if cid is None:
            return "nobody"
        if cid not in self.names:
            row = db.execute_sql("SELECT name FROM contact WHERE id = ?", (cid,)).fetchone()
            self.names[cid] = row[0] if row else f"contact #{cid}"
        return self.names[cid]

    def row(self, table: str, row: Row) -> str:
        r = dict(zip(self.tables.cols[table], row, strict=True))
        who = self.who(r.get("contact_id"))
        if table == "contact":
            return str(r.get("name"))
        if table == "interaction":
            return f"the {r.get('kind')} with {who} on {str(r.get('occurred_at'))[:10]}"
        if table == "give":
            return f"the give note “{str(r.get('text'))[:40]}” for {who}"
        if table == "reminder":
            return f"a {r.get('kind')} reminder for {who}"
        if table == "introduction":
            return f"the introduction of {self.who(r.get('a_id'))} to {self.who(r.get('b_id'))}"
        if table == "contact_method":
            return f"{who}'s {r.get('kind')} {r.get('value')}"
        if table == "contact_tag":
            return f"a tag of {who}"
        if table == "org_history":
            return f"{who}'s past job at {r.get('organization') or r.get('title')}"
        if table == "tag":
            return f"the tag {r.get('name')}"
        noun = table.replace("_", " ")
        return f"a {noun} of {who}" if "contact_id" in r else f"a {noun} (#{row[0]})"


def _plan(snap: Snapshot, tables: _Tables, current: Rows) -> _Plan:
    plan = _Plan()
    after = snap.after or {}
    words = _Words(tables, snap.before, after, current)
    for model in tables.models:
        table = model._meta.table_name
        cols = tables.cols[table]
        before_rows, after_rows, now_rows = snap.before.get(table, {}), after.get(table, {}), current.get(table, {})
        for pk in sorted(set(before_rows) | set(after_rows)):
            b, a, c = before_rows.get(pk), after_rows.get(pk), now_rows.get(pk)
            if tables.same(table, b, a):
                continue  # not this action's row
            if model is Reminder and _follows_from_data(b, cols) and _follows_from_data(a, cols):
                if tables.same(table, c, a):  # as the action left it: put back exactly; else refresh decides
                    _schedule(plan, table, pk, b, a)
                    if a is None:
                        plan.slots.add((table, pk))
                continue
            if model in tables.shared:
                # Without a baseline (a snapshot made after the action) a new tag the undo leaves unused goes.
                existed = snap.baseline is not None and pk <= snap.baseline.get(table, 0)
                if not (b is None and existed) and tables.same(table, c, a):
                    _schedule(plan, table, pk, b, a)
                continue  # a shared row is never a conflict: in use elsewhere, it stays
            if tables.same(table, c, a):
                _schedule(plan, table, pk, b, a)
            elif not tables.same(table, c, b):
                plan.conflicts.append(_conflict(tables, words, table, b, a, c))
                plan.skipped.add((table, pk))
    _plan_people(snap, tables, plan, current)
    _referenced_elsewhere(snap, tables, plan, words)
    _keep_what_others_need(tables, plan, current)
    return plan


def _keep_what_others_need(tables: _Tables, plan: _Plan, current: Rows) -> None:
    """Rows the action added stay when another writer's work needs them (a contact someone logged a call
    with keeps what the action gave them): the rows they point at, and the rows that point at them."""
    going = {(t, pk) for t, pks in plan.deletes.items() for pk in pks}
    links = {m._meta.table_name: [(tables.cols[m._meta.table_name].index(col), target._meta.table_name)
                                  for col, target in _links(m) if target in tables.models] for m in tables.models}
    kept = set(plan.kept)
    todo = list(plan.kept | plan.skipped)
    while todo:  # up: what a kept or changed-elsewhere row points at
        table, pk = todo.pop()
        row = current.get(table, {}).get(pk)
        if row is None:
            continue
        for at, target in links.get(table, []):
            key = (target, row[at])
            if key in going and key not in kept:
                kept.add(key)
                todo.append(key)
    for model in tables.models:  # down, parents first: what points at a kept row
        table = model._meta.table_name
        for pk in plan.deletes.get(table, []):
            row = current.get(table, {}).get(pk)
            if row is not None and any((target, row[at]) in kept for at, target in links[table]):
                kept.add((table, pk))
    for table, pks in plan.deletes.items():
        pks[:] = [pk for pk in pks if (table, pk) not in kept]
    plan.kept = kept


def _schedule(plan: _Plan, table: str, pk, b: Row | None, a: Row | None) -> None:
    if b is None:
        plan.add(plan.deletes, table, pk)
    elif a is None:
        plan.add(plan.inserts, table, pk)
    else:
        plan.add(plan.updates, table, pk)


def _conflict(tables: _Tables, words: _Words, table: str, b: Row | None, a: Row | None, c: Row | None) -> str:
    if c is None:
        gone = a or b
        assert gone is not None  # the action wrote the row: it exists before or after it
        return f"{words.row(table, gone)} was deleted"
    if a is None:
        assert b is not None
        return f"{words.row(table, b)} cannot come back: its number now belongs to {words.row(table, c)}, added since"
    cols = [col for col in tables.changed_columns(table, a, c) if col != "updated_at"]
    what = ", ".join(col.removesuffix("_id").replace("_", " ") for col in cols)
    return f"{words.row(table, c)} was changed" + (f" ({what})" if what else "")


def _plan_people(snap: Snapshot, tables: _Tables, plan: _Plan, current: Rows) -> None:
    """The contacts whose derived values may move: every contact a reverted row points at."""
    after = snap.after or {}
    for kind in (plan.deletes, plan.inserts, plan.updates):
        for table, pks in kind.items():
            cols = tables.cols[table]
            model = next(m for m in tables.models if m._meta.table_name == table)
            at = [cols.index(col) for col, target in _links(model) if target is Contact]
            if model is Contact:
                at.append(cols.index(_pk(model)))
            for pk in pks:
                for state in (snap.before, after, current):
                    row = state.get(table, {}).get(pk)
                    if row is not None:
                        plan.people.update(row[i] for i in at if row[i] is not None)


def _referenced_elsewhere(snap: Snapshot, tables: _Tables, plan: _Plan, words: _Words) -> None:
    """A row the action added that another writer's rows now point at is theirs to keep: a conflict."""
    going = {(t, pk) for t, pks in plan.deletes.items() for pk in pks}
    repointed = {(t, pk) for t, pks in plan.updates.items() for pk in pks}
    for model in tables.models:
        table = model._meta.table_name
        pks = plan.deletes.get(table)
        if not pks:
            continue
        for fk, child in model._meta.backrefs.items():
            ctable, col = child._meta.table_name, fk.column_name
            if ctable not in tables.cols:
                continue
            cols = tables.cols[ctable]
            select = ", ".join(f'"{c}"' for c in cols)
            for chunk in _chunks(pks):
                for row in db.execute_sql(f'SELECT {select} FROM "{ctable}" WHERE "{col}" IN ({_marks(chunk)})', chunk):
                    key = (ctable, row[cols.index(_pk(child))])
                    if key in going:
                        continue
                    if key in repointed and snap.before[ctable][key[1]][cols.index(col)] != row[cols.index(col)]:
                        continue
                    parent = (snap.after or {}).get(table, {}).get(row[cols.index(col)])
                    if model in tables.shared:
                        continue  # a tag in use elsewhere simply stays
                    plan.kept.add((table, row[cols.index(col)]))
                    if key in plan.skipped:
                        continue  # already told: this action's row, changed elsewhere
                    plan.conflicts.append(
                        f"{words.row(ctable, tuple(row))} was added to {words.row(table, parent)}"
                        if parent is not None else f"{words.row(ctable, tuple(row))} was added"
                    )


def _quoted(names: Iterable[str]) -> list[str]:
    return ['"' + name + '"' for name in names]


def _insert(table: str, cols: tuple[str, ...], row: Row) -> None:
    names = ", ".join(_quoted(cols))
    db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({_marks(list(row))})', list(row))


def _update(table: str, tables: _Tables, pk_col: str, pk, row: Row) -> None:
    cols = tables.cols[table]
    names = [cols[i] for i in tables.compared[table] if cols[i] != pk_col]
    values = [row[cols.index(n)] for n in names]
    sets = ", ".join(f"{q} = ?" for q in _quoted(names))
    db.execute_sql(f'UPDATE "{table}" SET {sets} WHERE "{pk_col}" = ?', [*values, pk])


def _delete(tables: _Tables, pending: dict[str, list]) -> dict[str, list]:
    """Delete children first; a row some other row still points at stays (returned, to retry or keep)."""
    kept: dict[str, list] = {}
    for model in reversed(tables.models):
        table = model._meta.table_name
        pks = pending.get(table)
        if not pks:
            continue
        used: set = set()
        for fk, child in model._meta.backrefs.items():
            for chunk in _chunks(pks):
                used.update(v for (v,) in db.execute_sql(
                    f'SELECT DISTINCT "{fk.column_name}" FROM "{child._meta.table_name}" '
                    f'WHERE "{fk.column_name}" IN ({_marks(chunk)})', chunk,
                ))
        go = [pk for pk in pks if pk not in used]
        for chunk in _chunks(go):
            db.execute_sql(f'DELETE FROM "{table}" WHERE "{_pk(model)}" IN ({_marks(chunk)})', chunk)
        if used:
            kept[table] = [pk for pk in pks if pk in used]
    return kept


def _apply(snap: Snapshot, tables: _Tables, plan: _Plan, force: bool) -> set[int]:
    """Carry the plan out; returns the contacts removed. Under ``force`` a row that will not go back is skipped."""
    words = _Words(tables, snap.before, snap.after or {})
    skipped: set[tuple[str, object]] = set(plan.skipped)
    failures: list[str] = []

    def attempt(key: tuple[str, object], write, describe) -> None:
        try:
            if force:
                with db.atomic():  # a savepoint: a row that does not fit is left out alone
                    write()
            else:
                write()
        except IntegrityError as exc:
            skipped.add(key)
            if not force:
                why = "what it belongs to was deleted" if "FOREIGN KEY" in str(exc) else "something in its place was added"
                failures.append(f"{describe()} cannot be put back: {why}")

    retry = _delete(tables, plan.deletes)
    for model in tables.models:  # parents first
        table = model._meta.table_name
        cols, pk_col = tables.cols[table], _pk(model)
        links = [(cols.index(col), target._meta.table_name) for col, target in _links(model) if col in cols]
        for pk in plan.inserts.get(table, []):
            row = snap.before[table][pk]
            if any((target, row[i]) in skipped for i, target in links):
                skipped.add((table, pk))
                continue
            if (table, pk) in plan.slots and _slot_taken(cols, row):
                continue
            attempt((table, pk), partial(_insert, table, cols, row), partial(words.row, table, row))
        for pk in plan.updates.get(table, []):
            row = snap.before[table][pk]
            attempt((table, pk), partial(_update, table, tables, pk_col, pk, row), partial(words.row, table, row))
    if failures:
        raise UndoConflict(failures)
    kept = _delete(tables, retry)
    shared = {m._meta.table_name for m in tables.shared}  # a tag still in use simply stays
    in_use = [words.row(t, (snap.after or {})[t][pk]) for t, pks in kept.items() if t not in shared for pk in pks]
    if in_use and not force:
        raise UndoConflict([f"{what} is still in use" for what in in_use])
    removed = set(plan.deletes.get("contact", [])) - set(kept.get("contact", []))
    return removed


def _slot_taken(cols: tuple[str, ...], row: Row) -> bool:
    """A data-driven reminder of this kind already exists for the contact (refresh made a new one)."""
    r = dict(zip(cols, row, strict=True))
    return db.execute_sql(
        "SELECT 1 FROM reminder WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL LIMIT 1",
        (r["contact_id"], r["kind"]),
    ).fetchone() is not None


def _refresh(snap: Snapshot, people: set[int], removed: set[int], now: dt.datetime) -> None:
    """Recompute the derived values of every contact the undo changed (``contacts.refresh``)."""
    present = set(_strengths(people))
    search.unindex(sorted((people | removed) - present))
    for cid in sorted(present):
        contacts.refresh(cid, now)
    # A score that comes out as it was keeps the time it was computed, as the daily refresh does.
    for cid, values in _strengths(present).items():
        was = snap.strength_before.get(cid)
        if was is not None and values[:3] == was[:3] and values[3] != was[3]:
            db.execute_sql("UPDATE contact SET strength_at = ? WHERE id = ?", (was[3], cid))


def restore(snap: Snapshot, *, force: bool = False, now: dt.datetime | None = None) -> None:
    """Undo the action ``snap`` describes, as one transaction (see the module's docstring).

    Raises ``UndoConflict`` (changing nothing) when another writer changed the action's rows since;
    ``force=True`` reverts only the rows still as the action left them.
    """
    if snap.blocked:
        raise CannotUndo(snap.blocked)
    if snap.after is None:
        snap.record_after()
    now = now or clock.now()
    with db.atomic():
        tables = _Tables(snap)
        current = _state(snap, _union(snap.before, snap.after or {}))
        plan = _plan(snap, tables, current)
        if plan.conflicts and not force:
            raise UndoConflict(list(dict.fromkeys(plan.conflicts)))
        removed = _apply(snap, tables, plan, force)
        _refresh(snap, plan.people, removed, now)


def _union(a: Rows, b: Rows) -> Rows:
    out: Rows = {t: dict(rows) for t, rows in a.items()}
    for t, rows in b.items():
        out.setdefault(t, {}).update(rows)
    return out


class UndoStack:
    """The session's undo history: ``capture`` before an action, ``push`` after it, ``undo`` the newest."""

    def __init__(self, limit: int = 200):
        self._stack: list[Snapshot] = []
        self.limit = limit

    def push(self, snap: Snapshot) -> None:
        """Keep ``snap``, recording the AFTER state of its rows (unless it carries it already, as a journal's does)."""
        if snap.after is None and not snap.blocked:
            snap.record_after()
        self._stack.append(snap)
        del self._stack[: -self.limit]

    def __len__(self) -> int:
        return len(self._stack)

    def peek(self) -> Snapshot | None:
        return self._stack[-1] if self._stack else None

    def undo(self, *, force: bool = False, now: dt.datetime | None = None) -> Snapshot | None:
        """Undo the newest step; returns it (its label says what was undone) or None when there is none.

        On ``UndoConflict`` or ``CannotUndo`` the step stays on the stack (``undo(force=True)`` may follow).
        """
        snap = self.peek()
        if snap is None:
            return None
        restore(snap, force=force, now=now)
        self._stack.pop()
        return snap


# --- imports ---------------------------------------------------------------------------------------


class Journal:
    """One import as one undoable step: what it created, and what it merged into (captured first).

    ``touch(cid)`` just before the import first writes to an existing contact; ``created(cid)`` after
    it adds one; ``finish()`` returns the snapshot to push (a blocked one when the import was too large).
    """

    def __init__(self, label: str = "import", limit: int | None = None):
        self.label = label
        self.limit = MAX_JOURNAL if limit is None else limit
        self.snapshot = Snapshot(label, [], baseline=_baseline())
        self._known: set[int] = set()
        self.too_large = False

    def _room(self, cid: int) -> bool:
        if self.too_large or cid in self._known:
            return False
        if len(self._known) >= self.limit:
            self.too_large = True
            self.snapshot = Snapshot(self.label, [])  # let the memory go: this import cannot be undone
            return False
        self._known.add(cid)
        return True

    def touch(self, contact_id: int) -> None:
        """Capture a contact's rows before the import first changes it (once per contact)."""
        if not self._room(contact_id):
            return
        snap = self.snapshot
        part = Snapshot(snap.label, [contact_id])
        part.columns = snap.columns
        rows = _read_owned(part, [contact_id])
        for table, table_rows in rows.items():
            mine = snap.before.setdefault(table, {})
            for pk, row in table_rows.items():
                mine.setdefault(pk, row)
        snap.strength_before.update(_strengths({contact_id} | _people(part, rows)))
        snap.contact_ids.append(contact_id)

    def created(self, contact_id: int) -> None:
        """The import added this contact: undoing it removes them (unless someone wrote to them since)."""
        if self._room(contact_id):
            self.snapshot.created(contact_id)

    def finish(self, label: str | None = None) -> Snapshot:
        """The import's undo step, with its AFTER state recorded here (where the import ran)."""
        label = label or self.label
        if self.too_large:
            return blocked(label, f"it changed more than {self.limit:,} contacts, too many to keep a copy of")
        self.snapshot.label = label
        self.snapshot.contact_ids.sort()
        self.snapshot.record_after()
        return self.snapshot
