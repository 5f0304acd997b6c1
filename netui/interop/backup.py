"""The JSON backup: everything netui knows, in one documented, versioned object, restored exactly.

Shape (``version`` 1)::

    {"format": "netui-backup", "version": 1, "exported_at": "...",
     "contacts": [<contact as in `netui show --json`, keyed by uid; its "relations" name the other
                   person by their "id" in the same backup, and its "journal" is [{"on", "text"}]>],
     "introductions": [{"a": uid, "b": uid, "reason_a", "reason_b", "status", "outcome",
                        "requested_by": uid|null, "proposed_on", "made_on", "outcome_on", "note",
                        "kind": "connect"|"ask", "sides": [{"asked_on", "answer", "answered_on"} for A, for B],
                        "history": [{"on", "note"}], "reminders": [...]}],
     "scan_seen": [{"source", "contact": uid|null, "outcome", "seen_at"}]}

``scan_seen`` is what scans of mail and calendar files already offered (a Message-ID or event
occurrence, per contact, accepted or skipped) and the never-list (``outcome`` "never", the address
as ``source``, no contact), so a restored database proposes nothing twice either; older backups
without it are read as before.

(A backup written before introductions had sides and a history restores with its one note as the
history and its sides unasked, as the schema-5 upgrade does.)

Restoring merges by ``uid``, the way a vCard import does, and drops nothing: a contact the database
does not have comes back exactly as it was; one it has keeps everything added since the backup, takes
the backup's emails, phones, tags, interactions, gives, reminders and past jobs it lacks, fills its
empty fields, and takes the backup's values where the backup's copy is the newer one. Importing the
same backup twice changes nothing the second time. ``replace=True`` restores the backup's contacts
exactly instead: the database's version of each is deleted first (``count_replaced`` says how many).

Every field is checked before anything is written (``validate``): a value of the wrong type, a bad date,
a number out of range or a missing key is refused with the contact and the field it is in, and every
string passes ``sanitize`` like everything else netui stores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace as dc_replace
from pathlib import Path

from netui.core import cards, contacts, derived, merge, relations, reminders, search, strength
from netui.core.contacts import ContactInput
from netui.core.dates import as_date
from netui.db import backups, db
from netui.db.database import state
from netui.db.models import Contact, Give, Interaction, Introduction, IntroNote, Journal, OrgHistory, Reminder, ScanSeen
from netui.interop.backup_check import (
    FORMAT,
    VERSION,
    BackupError,
    checked,
    load,
    scalars,
    validate,
)
from netui.interop.backup_export import export
from netui.interop.backup_write import write

__all__ = ["FORMAT", "VERSION", "BackupError", "load", "validate", "export", "write", "restore", "read", "summary"]


# --- checking a backup ----------------------------------------------------------------------------


def count_replaced(data: dict) -> int:
    """How many of the database's contacts a ``replace`` restore of ``data`` would replace."""
    uids = [c["uid"] for c in checked(data)["contacts"]]
    return sum(
        Contact.select().where(Contact.uid.in_(uids[i : i + 500])).count() for i in range(0, len(uids), 500)
    )


def safety_copy(now: dt.datetime) -> Path | None:
    """Back up the open database before a restore changes it (into its backups folder)."""
    path = state.path
    if path is None or state.read_only or not Path(path).exists():
        return None
    try:
        return backups.take(Path(path), "pre-restore", now=now)
    except backups.BackupError as exc:
        raise BackupError(f"no safety copy could be taken first, so nothing was restored: {exc}") from exc


# --- restoring ------------------------------------------------------------------------------------


def restore(data: dict, now: dt.datetime, *, replace: bool = False) -> dict[str, int]:
    """Load a backup object into the open database (see the module's docstring), in one transaction.

    Returns counts: ``new``, ``updated`` and ``unchanged`` contacts (merging), or ``new`` and
    ``replaced`` (with ``replace``), and ``skipped_introductions`` when an introduction names someone
    in neither the backup nor the database."""
    data = checked(data)
    stats = {"new": 0, "replaced": 0} if replace else {"new": 0, "updated": 0, "unchanged": 0}
    with db.atomic():
        by_uid: dict[str, int] = {}
        links: list[tuple[int, int]] = []  # (restored give id, the backup's introduction id)
        leads = _lead_numbers(data, [c["uid"] for c in data["contacts"]] if replace else [])
        restored: list[dict] = []
        for item in data["contacts"]:
            existing = Contact.get_or_none(Contact.uid == item["uid"])
            if existing and replace:
                derived.forget([existing.id])
                Contact.delete().where(Contact.id == existing.id).execute()
                stats["replaced"] += 1
                existing = None
            elif existing is None:
                stats["new"] += 1
            if existing is None:
                by_uid[item["uid"]] = _restore_contact(item, now, leads, links)
                restored.append(item)
            else:
                changed = _merge_contact(existing.id, item, now, leads, links)
                stats["updated" if changed else "unchanged"] += 1
                by_uid[item["uid"]] = existing.id

        _link_related(data, restored, by_uid)
        _link_relations(data, by_uid, now)

        def local(uid: str | None) -> int | None:
            if not uid:
                return None
            if uid in by_uid:
                return by_uid[uid]
            found = Contact.get_or_none(Contact.uid == uid)
            return found.id if found else None

        intro_ids: dict[int, int] = {}
        skipped = 0
        for intro in data["introductions"]:
            a, b = local(intro["a"]), local(intro["b"])
            if a is None or b is None:  # one side is in neither the backup nor this database
                skipped += 1
                continue
            proposed = intro["proposed_on"] or now.date()
            same = Introduction.get_or_none(
                (Introduction.a == a) & (Introduction.b == b) & (Introduction.proposed_on == proposed)
                & (Introduction.reason_a == intro["reason_a"]) & (Introduction.reason_b == intro["reason_b"])
            )
            if same is not None:  # already here (a merge of the same backup again)
                if intro["id"] is not None:
                    intro_ids[intro["id"]] = same.id
                continue
            row = Introduction.create(
                a=a, b=b, reason_a=intro["reason_a"], reason_b=intro["reason_b"], status=intro["status"],
                outcome=intro["outcome"], requested_by=local(intro["requested_by"]), proposed_on=proposed,
                made_on=intro["made_on"], outcome_on=intro["outcome_on"], note=intro["note"], kind=intro["kind"],
                **{f"{side}_{key}": value for side, got in zip(("a", "b"), intro["sides"], strict=True)
                   for key, value in got.items()},
            )
            history = intro["history"]
            if history is None:  # a backup from before the history: its one note starts it
                day = intro["outcome_on"] or intro["made_on"] or proposed
                history = [{"on": day, "note": intro["note"]}] if intro["note"] else []
            for h in history:
                IntroNote.create(introduction=row, noted_on=h["on"], note=h["note"])
            if intro["id"] is not None:
                intro_ids[intro["id"]] = row.id
            for r in intro["reminders"]:
                _create_reminder(r, local(r["contact"]), now, introduction=row)
        for give_id, old_intro in links:
            if old_intro in intro_ids:
                Give.update(introduction=intro_ids[old_intro]).where(Give.id == give_id).execute()
        _restore_scan_seen(data["scan_seen"], local)
        if skipped:
            stats["skipped_introductions"] = skipped
    return stats


def _restore_scan_seen(rows: list[dict], local) -> None:
    """Add the backup's ``scan_seen`` rows this database lacks (a row about someone missing is left out)."""
    wanted = []
    for row in rows:
        contact_id = 0 if row["contact"] is None else local(row["contact"])
        if contact_id is not None:
            wanted.append({"source": row["source"], "contact_id": contact_id, "outcome": row["outcome"],
                           "seen_at": row["seen_at"]})
    for i in range(0, len(wanted), 200):
        ScanSeen.insert_many(wanted[i:i + 200]).on_conflict_ignore().execute()


def _link_related(data: dict, restored: list[dict], by_uid: dict[str, int]) -> None:
    """Links between restored contacts, once all of them are in: the backup's ids, through their UIDs."""
    uid_of = {c["id"]: c["uid"] for c in data["contacts"] if c["id"] is not None}
    for item in restored:
        card = item.get("card")
        if card is None or not any(r.contact_id for r in card.related or []):
            continue
        related = [dc_replace(r, contact_id=by_uid.get(uid_of.get(r.contact_id, ""))) if r.contact_id else r
                   for r in card.related]
        cards.write(by_uid[item["uid"]], cards.CardData(related=related))


def _link_relations(data: dict, by_uid: dict[str, int], now: dt.datetime) -> None:
    """The backup's relations between its contacts, once all of them are in; each is held by both sides
    and by the database when merging, so one already here is left as it is."""
    uid_of = {c["id"]: c["uid"] for c in data["contacts"] if c["id"] is not None}
    for item in data["contacts"]:
        for r in item["relations"]:
            other = by_uid.get(uid_of.get(r["contact_id"], ""))
            if other is not None:
                relations.restore(by_uid[item["uid"]], other, r["type"], r["label"], now)


def _lead_numbers(data: dict, replaced: list[str]) -> dict[int, int]:
    """Keep the backup's lead numbers unless this database already uses one for other people."""
    wanted = sorted({g["lead"] for c in data["contacts"] for g in c["gives"] if g["lead"] is not None})
    if not wanted:
        return {}
    mine = {lead for (lead,) in Give.select(Give.lead).join(Contact).where(
        Give.lead.in_(wanted) & Contact.uid.in_([c["uid"] for c in data["contacts"]])
    ).tuples()} if not replaced else set()
    taken = {
        lead for (lead,) in Give.select(Give.lead).join(Contact)
        .where(Give.lead.is_null(False) & Contact.uid.not_in(replaced)).distinct().tuples()
    } - mine  # a merge: a lead the backup's own people already hold here is the same lead
    top = max([0, *taken, *wanted])
    out = {}
    for lead in wanted:
        if lead in taken:
            top += 1
            out[lead] = top
        else:
            out[lead] = lead
    return out


def _create_reminder(r: dict, contact_id: int | None, now: dt.datetime, introduction=None) -> None:
    Reminder.create(
        contact=contact_id, kind=r["kind"], note=r["note"], rrule=r["rrule"], due_at=r["due_at"],
        next_due_at=r["next_due_at"], snoozed_until=r["snoozed_until"], done_at=r["done_at"],
        introduction=introduction, created_at=now,
    )


def _create_give(g: dict, contact_id: int, now: dt.datetime, leads: dict[int, int], links: list[tuple[int, int]]) -> None:
    row = Give.create(contact=contact_id, direction=g["direction"], kind=g["kind"], text=g["text"], status=g["status"],
                      outcome=g["outcome"], created_on=g["created_on"] or now.date(), done_on=g["done_on"],
                      lead=leads.get(g["lead"], g["lead"]))
    if g["introduction"] is not None:
        links.append((row.id, g["introduction"]))


def _input(item: dict) -> ContactInput:
    known, extra = scalars(item, frozenset(ContactInput.__dataclass_fields__))
    return ContactInput(
        uid=item["uid"], emails=item["emails"], phones=item["phones"], urls=item["urls"], tags=item["tags"],
        extra=extra, card=item.get("card"), **known,
    )


def _restore_contact(item: dict, now: dt.datetime, leads: dict[int, int], links: list[tuple[int, int]]) -> int:
    """A contact the database does not have, exactly as the backup holds it."""
    cid = contacts.create(_input(item), now, as_is=(item["created_at"] or now, item["updated_at"] or now, item["id"]))
    for h in item["org_history"]:
        OrgHistory.create(contact=cid, organization=h["organization"], title=h["title"], until=h["until"])
    for i in item["interactions"]:
        Interaction.create(contact=cid, occurred_at=i["occurred_at"], kind=i["kind"], summary=i["summary"],
                           note=i["note"], created_at=now, share=i["share"])
    for g in item["gives"]:
        _create_give(g, cid, now, leads, links)
    for r in item["reminders"]:
        _create_reminder(r, cid, now)
    for e in item["journal"]:
        Journal.create(contact=cid, noted_on=e["on"], text=e["text"], created_at=now)
    reminders.answer_plan(cid)  # the plan steps its interactions answer are closed (the one rule)
    # Derived columns, exactly as they were computed (a restore must not fire new reminders).
    Contact.update(last_contact_at=item["last_contact"], next_due_at=item["next_due"]).where(Contact.id == cid).execute()
    strength.refresh(cid, now)
    search.reindex([cid])
    return cid


def _merge_contact(cid: int, item: dict, now: dt.datetime, leads: dict[int, int], links: list[tuple[int, int]]) -> bool:
    """Bring what the backup knows into a contact the database has; nothing of the database's is dropped.

    The database's fields stay unless empty, or unless the backup's copy is the newer one; emails,
    phones, tags and every dated record the database lacks are added. True if anything changed."""
    current = contacts.get(cid)
    known, extra = scalars(item, frozenset(merge.Incoming.__dataclass_fields__))
    incoming = merge.Incoming(
        uid=item["uid"], emails=item["emails"], phones=item["phones"], urls=item["urls"], tags=item["tags"],
        extra=extra, card=item.get("card"), **{k: v for k, v in known.items() if k not in ("circle", "archived")},
    )
    change = merge.plan(cid, incoming) or ContactInput()
    newer = item["updated_at"] is not None and item["updated_at"] > contacts.as_datetime(current.updated_at)
    if newer:  # the backup's copy was changed last: its values win where it has one
        for key in ("name", "given_name", "family_name", "nickname", "how_met", "reason"):
            if item[key] and item[key] != getattr(current, key):
                setattr(change, key, item[key])
        if item["circle"] != current.circle:
            change.circle = item["circle"]
        if item["cadence_days"] and item["cadence_days"] != current.cadence_days:
            change.cadence_days = item["cadence_days"]
        if item["birthday"] is not None and item["birthday"] != contacts.birthday_of(current):
            change.birthday = item["birthday"]
        if item["met_on"] is not None and item["met_on"] != current.met_on:
            change.met_on = item["met_on"]
        if item["archived"] != bool(current.archived):
            change.archived = item["archived"]
    changed = contacts.update(cid, change, now)
    added = _add_records(cid, item, now, leads, links)
    if added:
        Contact.update(updated_at=now).where(Contact.id == cid).execute()
        contacts.refresh(cid, now)
    return changed or added


def _add_records(cid: int, item: dict, now: dt.datetime, leads: dict[int, int], links: list[tuple[int, int]]) -> bool:
    """Add the backup's past jobs, interactions, gives, own reminders and journal entries that the contact lacks."""
    added = False
    history = {(h.organization, h.title, contacts.as_datetime(h.until))
               for h in OrgHistory.select().where(OrgHistory.contact == cid)}
    for h in item["org_history"]:
        if (h["organization"], h["title"], h["until"]) not in history:
            OrgHistory.create(contact=cid, organization=h["organization"], title=h["title"], until=h["until"])
            added = True
    logged = {(contacts.as_datetime(i.occurred_at), i.kind, i.summary)
              for i in Interaction.select().where(Interaction.contact == cid)}
    for i in item["interactions"]:
        if (i["occurred_at"], i["kind"], i["summary"]) not in logged:
            Interaction.create(contact=cid, occurred_at=i["occurred_at"], kind=i["kind"], summary=i["summary"],
                               note=i["note"], created_at=now, share=i["share"])
            logged.add((i["occurred_at"], i["kind"], i["summary"]))
            added = True
    known = {(g.direction, g.kind, g.text) for g in Give.select().where(Give.contact == cid)}
    for g in item["gives"]:
        if (g["direction"], g["kind"], g["text"]) not in known:
            _create_give(g, cid, now, leads, links)
            known.add((g["direction"], g["kind"], g["text"]))
            added = True
    # Reminders that follow from the data (the meeting plan, birthdays) are netui's to set; a person's
    # own reminders come back unless the contact has the same one.
    own = {(r.rrule, contacts.as_datetime(r.due_at), r.note)
           for r in Reminder.select().where((Reminder.contact == cid) & (Reminder.kind == "custom"))}
    for r in item["reminders"]:
        if r["kind"] == "custom" and (r["rrule"], r["due_at"], r["note"]) not in own:
            _create_reminder(r, cid, now)
            own.add((r["rrule"], r["due_at"], r["note"]))
            added = True
    noted = {(as_date(e.noted_on), e.text) for e in Journal.select().where(Journal.contact == cid)}
    for e in item["journal"]:
        if (e["on"], e["text"]) not in noted:
            Journal.create(contact=cid, noted_on=e["on"], text=e["text"], created_at=now)
            noted.add((e["on"], e["text"]))
            added = True
    return added


def summary(path: Path | str, stats: dict[str, int]) -> str:
    """One line saying what a restore did (``stats`` as ``restore`` returns them)."""
    if "replaced" in stats:
        line = f"{path}: restored {stats['new']} new and {stats['replaced']} replaced contacts"
    else:
        line = f"{path}: merged {stats['new']} new, {stats['updated']} updated and {stats['unchanged']} unchanged contacts"
    skipped = stats.get("skipped_introductions")
    return line + (f"; {skipped} introductions skipped (someone in them is missing)" if skipped else "")


def read(path: Path, now: dt.datetime, *, replace: bool = False) -> dict[str, int]:
    """Check a backup file, take a safety copy of the database, then restore (merging unless ``replace``)."""
    data = load(path)
    safety_copy(now)
    return restore(data, now, replace=replace)
