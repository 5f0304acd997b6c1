"""Undoing one snapshot: compare BEFORE, AFTER and what is there now, then put back only the action's rows.

See ``netui.core.undo`` for the rules. One transaction: a conflict raises before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from peewee import IntegrityError

from netui.core import clock, derived, search
from netui.core.errors import CannotUndo, UndoConflict
from netui.core.undo.snapshot import (
    DERIVED,
    Row,
    Rows,
    Snapshot,
    all_models,
    chunks,
    follows_from_data,
    foreign_keys,
    marks,
    owned_models,
    pk_column,
    read_state,
    shared_models,
    strengths,
    table_columns,
    unique_columns,
)
from netui.db import db
from netui.db.models import Contact, Reminder


class _Tables:
    """Per table: the model, its columns, which of them are compared, and the foreign keys."""

    def __init__(self, snap: Snapshot):
        self.owned = owned_models()
        self.shared = shared_models()
        self.models = [m for m in all_models() if m in self.owned or m in self.shared]
        self.cols = {m._meta.table_name: snap.columns.get(m._meta.table_name) or table_columns(m) for m in self.models}
        for table, cols in self.cols.items():
            snap.columns.setdefault(table, cols)
        derived = {m._meta.table_name: {f.column_name for f in fields} for m, fields in DERIVED.items()}
        self.compared = {
            t: [i for i, c in enumerate(cols) if c not in derived.get(t, set())] for t, cols in self.cols.items()
        }
        self.unique = {m._meta.table_name: unique_columns(m._meta.table_name) for m in self.models}
        self.leaf = {m._meta.table_name: not m._meta.backrefs for m in self.models}

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
    people: set = field(default_factory=set)  # contacts a reverted row points at
    derives: set = field(default_factory=set)  # those whose derived values may move (the rest: a tag, a stamp)
    skipped: set = field(default_factory=set)  # (table, pk) changed elsewhere: left as they are
    kept: set = field(default_factory=set)  # (table, pk) the action added that others' rows now need
    merged: dict = field(default_factory=dict)  # (table, pk) changed elsewhere too: the row to write under force

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
            if model is Reminder and follows_from_data(b, cols) and follows_from_data(a, cols):
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
                merged = _merge(tables, table, b, a, c)
                if merged is None:
                    plan.skipped.add((table, pk))
                else:  # under force, the columns only this action changed go back beside the other writer's
                    plan.merged[(table, pk)] = merged
                    _schedule(plan, table, pk, b, a)
    _plan_people(snap, tables, plan, current)
    _referenced_elsewhere(snap, tables, plan, words)
    _keep_what_others_need(tables, plan, current)
    return plan


def _keep_what_others_need(tables: _Tables, plan: _Plan, current: Rows) -> None:
    """Rows the action added stay when another writer's work needs them (a contact someone logged a call
    with keeps what the action gave them): the rows they point at, and the rows that point at them."""
    going = {(t, pk) for t, pks in plan.deletes.items() for pk in pks}
    links = {m._meta.table_name: [(tables.cols[m._meta.table_name].index(col), target._meta.table_name)
                                  for col, target in foreign_keys(m) if target in tables.models] for m in tables.models}
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


def _merge(tables: _Tables, table: str, b: Row | None, a: Row | None, c: Row | None) -> Row | None:
    """The row as it is now with BEFORE's value in every column the action changed and nobody changed
    since (a title edited elsewhere stays beside the organisation this action puts back); None when
    there is no such column, or the row was added or removed on either side."""
    if b is None or a is None or c is None:
        return None
    cols = tables.cols[table]
    mine = {i for i in tables.compared[table] if b[i] != a[i] and c[i] == a[i] and cols[i] != "updated_at"}
    if not mine:
        return None
    return tuple(b[i] if i in mine else c[i] for i in range(len(cols)))


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
            at = [cols.index(col) for col, target in foreign_keys(model) if target is Contact]
            if model is Contact:
                at.append(cols.index(pk_column(model)))
            for pk in pks:
                derives = _derives(snap, tables, table, pk, kind is plan.updates)
                for state in (snap.before, after, current):
                    row = state.get(table, {}).get(pk)
                    if row is not None:
                        ids = {row[i] for i in at if row[i] is not None}
                        plan.people |= ids
                        if derives:
                            plan.derives |= ids


def _derives(snap: Snapshot, tables: _Tables, table: str, pk, updated: bool) -> bool:
    """Whether reverting this row may move its contact's cached dates, reminders or score: not a tag link, nor
    a contact row changed only in ``updated_at`` (a tag's undo for 20,000 people refreshed each: 38 s)."""
    if table == "contact_tag":
        return False
    if not updated or table != Contact._meta.table_name:
        return True
    return not set(tables.changed_columns(table, snap.before[table][pk], (snap.after or {})[table][pk])) <= {"updated_at"}


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
            for chunk in chunks(pks):
                for row in db.execute_sql(f'SELECT {select} FROM "{ctable}" WHERE "{col}" IN ({marks(chunk)})', chunk):
                    key = (ctable, row[cols.index(pk_column(child))])
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
    db.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks(list(row))})', list(row))


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
            for chunk in chunks(pks):
                used.update(v for (v,) in db.execute_sql(
                    f'SELECT DISTINCT "{fk.column_name}" FROM "{child._meta.table_name}" '
                    f'WHERE "{fk.column_name}" IN ({marks(chunk)})', chunk,
                ))
        go = [pk for pk in pks if pk not in used]
        for chunk in chunks(go):
            db.execute_sql(f'DELETE FROM "{table}" WHERE "{pk_column(model)}" IN ({marks(chunk)})', chunk)
        if used:
            kept[table] = [pk for pk in pks if pk in used]
    return kept


def _apply(snap: Snapshot, tables: _Tables, plan: _Plan, current: Rows, force: bool) -> set[int]:
    """Carry the plan out; returns the contacts removed. Under ``force`` a row that will not go back is skipped.

    In three steps, so that no row bumps into a UNIQUE slot (a tag link, a photo, a uid) or a row id
    that another of the action's rows holds until it is reverted: (1) the rows the action added go;
    (2) the rows it changed move aside, out of every unique slot (``_move_aside``); (3) parents first,
    every changed or removed row gets its BEFORE state back. What still collides then is another
    writer's row: a conflict.
    """
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
    aside = _move_aside(snap, tables, plan, current)
    for model in tables.models:  # parents first
        table = model._meta.table_name
        cols, pk_col = tables.cols[table], pk_column(model)
        links = [(cols.index(col), target._meta.table_name) for col, target in foreign_keys(model) if col in cols]
        moved = [pk for pk in plan.updates.get(table, []) if (table, pk) in aside]
        for pk in plan.updates.get(table, []):
            row = plan.merged.get((table, pk), snap.before[table][pk])
            if pk in moved and tables.leaf[table]:  # taken out: in again, derived values as they are now
                now_row = current[table][pk]
                row = tuple(row[i] if i in tables.compared[table] else now_row[i] for i in range(len(cols)))
                write = partial(_insert, table, cols, row)
            else:
                write = partial(_update, table, tables, pk_col, pk, row)
            attempt((table, pk), write, partial(words.row, table, row))
        if force and any((table, pk) in skipped for pk in moved):
            _keep_as_now(tables, model, moved, current)  # crossed with another writer's row: none of them moves
            skipped.update((table, pk) for pk in moved)
        for pk in plan.inserts.get(table, []):
            row = snap.before[table][pk]
            if any((target, row[i]) in skipped for i, target in links):
                skipped.add((table, pk))
                continue
            if (table, pk) in plan.slots and _slot_taken(cols, row, snap.before[table]):
                continue
            attempt((table, pk), partial(_insert, table, cols, row), partial(words.row, table, row))
    if failures:
        raise UndoConflict(failures)
    kept = _delete(tables, retry)
    shared = {m._meta.table_name for m in tables.shared}  # a tag still in use simply stays
    in_use = [words.row(t, (snap.after or {})[t][pk]) for t, pks in kept.items() if t not in shared for pk in pks]
    if in_use and not force:
        raise UndoConflict([f"{what} is still in use" for what in in_use])
    removed = set(plan.deletes.get("contact", [])) - set(kept.get("contact", []))
    return removed


def _move_aside(snap: Snapshot, tables: _Tables, plan: _Plan, current: Rows) -> set[tuple[str, object]]:
    """Free every unique slot the action's changed rows hold, before any of them gets its BEFORE state.

    Two changed rows may trade places (an edit that gave row 2 the tag row 3 had), so no order of plain
    updates fits. A row nothing points at (a tag link, a photo) is taken out, to be inserted again with
    its BEFORE values; a row others point at (a contact, a tag) keeps its id and has its unique values
    set to a mark no input can hold (control characters never pass ``sanitize``) until its update.
    Only rows whose unique values the action changed move (one that kept its slot is in nobody's way:
    every other row's BEFORE stood beside it); returns them.
    """
    aside: set[tuple[str, object]] = set()
    for model in reversed(tables.models):
        table = model._meta.table_name
        cols, before, now_rows = tables.cols[table], snap.before.get(table, {}), current.get(table, {})
        at = sorted({cols.index(col) for names in tables.unique[table] for col in names})
        goal = {pk: plan.merged.get((table, pk), before[pk]) for pk in plan.updates.get(table, [])}
        pks = [pk for pk, row in goal.items() if pk in now_rows and any(row[i] != now_rows[pk][i] for i in at)]
        if pks:
            _set_aside(tables, model, pks)
            aside.update((table, pk) for pk in pks)
    return aside


def _set_aside(tables: _Tables, model, pks: list) -> None:
    table, pk_col = model._meta.table_name, pk_column(model)
    if tables.leaf[table]:
        for chunk in chunks(pks):
            db.execute_sql(f'DELETE FROM "{table}" WHERE "{pk_col}" IN ({marks(chunk)})', chunk)
        return
    keys = {col for col, _ in foreign_keys(model)}
    cols = sorted(set().union(*tables.unique[table]))
    assert not keys & set(cols), f"{table}: a unique foreign key on a table others point at cannot move aside"
    sets = ", ".join(f'"{col}" = ?' for col in cols)
    for pk in pks:
        db.execute_sql(f'UPDATE "{table}" SET {sets} WHERE "{pk_col}" = ?', [*(f"\x00undo {table} {pk} {col}" for col in cols), pk])


def _keep_as_now(tables: _Tables, model, pks: list, current: Rows) -> None:
    """Under ``force``, when one of a table's moved rows cannot go back: all of them stay as they are now
    (as they were together a moment ago, they fit together again, whatever went back around them)."""
    table, pk_col = model._meta.table_name, pk_column(model)
    _set_aside(tables, model, pks)
    for pk in pks:
        if tables.leaf[table]:
            _insert(table, tables.cols[table], current[table][pk])
        else:
            _update(table, tables, pk_col, pk, current[table][pk])


def _slot_taken(cols: tuple[str, ...], row: Row, before: dict[int, Row]) -> bool:
    """A data-driven reminder of this kind exists for the contact that was not there before the action
    (refresh made a new one). One that was there before stood beside this row then, and may again."""
    r = dict(zip(cols, row, strict=True))
    found = db.execute_sql(
        "SELECT id FROM reminder WHERE contact_id = ? AND kind = ? AND introduction_id IS NULL",
        (r["contact_id"], r["kind"]),
    ).fetchall()
    return any(pk not in before for (pk,) in found)


def _refresh(snap: Snapshot, plan: _Plan, removed: set[int], now: dt.datetime) -> None:
    """Recompute the derived values of the contacts the undo changed; of those it moved none of, the search rows."""
    present = set(strengths(plan.people))
    derived.forget(sorted((plan.people | removed) - present))
    for cid in sorted(present & plan.derives):
        derived.refresh(cid, now)
    search.reindex(sorted(present - plan.derives))
    # A score that comes out as it was keeps the time it was computed, as the daily refresh does.
    for cid, values in strengths(present).items():
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
        current = read_state(snap, _union(snap.before, snap.after or {}))
        plan = _plan(snap, tables, current)
        if plan.conflicts and not force:
            raise UndoConflict(list(dict.fromkeys(plan.conflicts)))
        removed = _apply(snap, tables, plan, current, force)
        _refresh(snap, plan, removed, now)


def _union(a: Rows, b: Rows) -> Rows:
    out: Rows = {t: dict(rows) for t, rows in a.items()}
    for t, rows in b.items():
        out.setdefault(t, {}).update(rows)
    return out
