"""What an action may write: the rows a contact owns, found through the foreign keys, read raw.

Ownership is not listed by hand. ``owned_models()`` walks ``Contact._meta.backrefs`` recursively: every
table pointing at a contact, directly or through another owned table, belongs to that contact (methods,
tags, jobs, interactions, introductions as ``a``, ``b`` or ``requested_by``, gives, reminders, and any
table added later). ``shared_models()`` are the tables owned rows point at that belong to nobody (a tag).
Rows are kept as the raw values SQLite stores, so that putting one back writes the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from peewee import Model

from netui.core.vocab import PLAN_KINDS
from netui.db import db
from netui.db import models as models_mod
from netui.db.models import Contact, Reminder

Row = tuple  # one row's raw SQLite values, in the order of ``Snapshot.columns[table]``
Rows = dict[str, dict[int, Row]]  # table -> primary key (every owned and shared table has an integer id) -> row

CHUNK = 500  # ids per IN (...) list, well below SQLite's variable limit

# Values recomputed by ``derived.refresh`` (and the reminder tick): never compared, never put back.
DERIVED = {
    Contact: (
        Contact.last_contact_at, Contact.last_in_person_at, Contact.next_due_at, Contact.strength,
        Contact.strength_tier, Contact.strength_prev, Contact.strength_at,
    ),
    Reminder: (Reminder.notified_for,),
}
STRENGTH = ("strength", "strength_tier", "strength_prev", "strength_at")
_DATA_REMINDERS = (*PLAN_KINDS, "birthday", "anniversary")  # kinds that ``reminders.sync_contact`` keeps from the data


# --- what a contact owns, from the foreign keys --------------------------------------------------


def all_models() -> list[type[Model]]:
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
    known = all_models()
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
    return [m for m in all_models() if m not in owned and any(t is m for o in owned for t in o._meta.refs.values())]


def foreign_keys(model: type[Model]) -> list[tuple[str, type[Model]]]:
    """(column, table it points at) for each foreign key of ``model``."""
    return [(fk.column_name, target) for fk, target in model._meta.refs.items()]


def pk_column(model: type[Model]) -> str:
    key = model._meta.primary_key
    assert key, f"{model.__name__} has no primary key"
    return key.column_name


def chunks(values: Iterable) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def marks(values: list) -> str:
    return ",".join("?" * len(values))


def table_columns(model: type[Model]) -> tuple[str, ...]:
    """The table's columns as the database has them (not as the model says): nothing is left out."""
    return tuple(row[1] for row in db.execute_sql(f'PRAGMA table_info("{model._meta.table_name}")').fetchall())


def unique_columns(table: str) -> list[tuple[str, ...]]:
    """The columns of each UNIQUE index or constraint of ``table`` other than its row id."""
    out = []
    for _, name, unique, origin, *_ in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
        if unique and origin != "pk":
            out.append(tuple(row[2] for row in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall()))
    return out


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
        self.after = read_state(self, self.before)


def follows_from_data(row: Row | None, cols: tuple[str, ...]) -> bool:
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
        snap.columns[table] = table_columns(model)
    return snap.columns[table]


def read_owned(snap: Snapshot, ids: list[int]) -> Rows:
    """Every row the contacts ``ids`` own, and the shared rows those point at."""
    out: Rows = {}
    owned = owned_models()
    matched: dict[type[Model], set[int]] = {}
    for model in owned:
        table = model._meta.table_name
        cols = _cols(snap, model)
        rows = out.setdefault(table, {})
        pk_at = cols.index(pk_column(model))
        select = ", ".join(f'"{c}"' for c in cols)
        wheres: list[tuple[str, Iterable[int]]] = (
            [(pk_column(model), ids)] if model is Contact
            else [(col, matched.get(target, set())) for col, target in foreign_keys(model) if target in owned]
        )
        for col, values in wheres:
            for chunk in chunks(sorted(values)):
                for row in db.execute_sql(f'SELECT {select} FROM "{table}" WHERE "{col}" IN ({marks(chunk)})', chunk):
                    rows[row[pk_at]] = tuple(row)
        matched[model] = set(rows)
    for model in shared_models():
        wanted: set = set()
        for owner in owned:
            cols = snap.columns[owner._meta.table_name]
            for col, target in foreign_keys(owner):
                if target is model:
                    at = cols.index(col)
                    wanted.update(r[at] for r in out[owner._meta.table_name].values() if r[at] is not None)
        out[model._meta.table_name] = read_keys(snap, model, wanted)
    return out


def read_keys(snap: Snapshot, model: type[Model], keys: Iterable[int]) -> dict[int, Row]:
    table = model._meta.table_name
    cols = _cols(snap, model)
    pk_at = cols.index(pk_column(model))
    select = ", ".join(f'"{c}"' for c in cols)
    rows: dict[int, Row] = {}
    for chunk in chunks(sorted(set(keys))):
        for row in db.execute_sql(f'SELECT {select} FROM "{table}" WHERE "{pk_column(model)}" IN ({marks(chunk)})', chunk):
            rows[row[pk_at]] = tuple(row)
    return rows


def read_state(snap: Snapshot, also: Rows) -> Rows:
    """The rows the snapshot's contacts own now, plus the current state of every key in ``also``."""
    now_rows = read_owned(snap, snap.contact_ids)
    for model in owned_models() + shared_models():
        table = model._meta.table_name
        missing = set(also.get(table, {})) - set(now_rows.setdefault(table, {}))
        if missing:
            now_rows[table].update(read_keys(snap, model, missing))
    return now_rows


def largest_ids() -> dict[str, int]:
    return {
        m._meta.table_name: db.execute_sql(f'SELECT coalesce(max("{pk_column(m)}"), 0) FROM "{m._meta.table_name}"').fetchone()[0]
        for m in shared_models()
    }


def strengths(ids: Iterable[int]) -> dict[int, tuple]:
    out = {}
    cols = ", ".join(STRENGTH)
    for chunk in chunks(sorted(set(ids))):
        for cid, *values in db.execute_sql(f"SELECT id, {cols} FROM contact WHERE id IN ({marks(chunk)})", chunk):
            out[cid] = tuple(values)
    return out


def people_in(snap: Snapshot, rows: Rows) -> set[int]:
    """Every contact the rows point at (the snapshot's own and the other side of an introduction)."""
    out: set[int] = set()
    for model in owned_models():
        table = model._meta.table_name
        cols = snap.columns.get(table, ())
        at = [cols.index(col) for col, target in foreign_keys(model) if target is Contact and col in cols]
        for row in rows.get(table, {}).values():
            out.update(row[i] for i in at if row[i] is not None)
    return out


def capture(label: str, contact_ids: Iterable[int]) -> Snapshot:
    """Record the rows these contacts own, before an action; push the snapshot after the action."""
    snap = Snapshot(label, sorted(set(contact_ids)))
    with db.atomic():  # one consistent read
        snap.baseline = largest_ids()
        snap.before = read_owned(snap, snap.contact_ids)
        snap.strength_before = strengths(set(snap.contact_ids) | people_in(snap, snap.before))
    return snap


def blocked(label: str, why: str) -> Snapshot:
    """A step that cannot be undone: ``u`` says so (and why) instead of undoing an older action."""
    return Snapshot(label, [], blocked=f"{label} cannot be undone: {why}")
