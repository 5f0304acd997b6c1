"""The JSON backup: everything netui knows, in one documented, versioned object, restored exactly.

Shape (``version`` 1)::

    {"format": "netui-backup", "version": 1, "exported_at": "...",
     "contacts": [<contact as in `netui show --json`, keyed by uid>],
     "introductions": [{"a": uid, "b": uid, "reason_a", "reason_b", "status", "outcome",
                        "requested_by": uid|null, "proposed_on", "made_on", "outcome_on", "note",
                        "reminders": [...]}]}

Restoring merges by ``uid``: a contact already present is replaced by the backup's version, so
importing the same backup twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import IO

from netui.core import contacts, search
from netui.core.contacts import ContactInput, Method
from netui.core.dates import as_date, as_datetime, iso, parse_birthday
from netui.db import db
from netui.db.models import Contact, Give, Interaction, Introduction, Reminder

FORMAT = "netui-backup"
VERSION = 1


class BackupError(ValueError):
    pass


def _intro_dict(intro: Introduction) -> dict:
    uid = {cid: u for cid, u in Contact.select(Contact.id, Contact.uid).where(
        Contact.id.in_([x for x in (intro.a_id, intro.b_id, intro.requested_by_id) if x])
    ).tuples()}
    return {
        "id": intro.id, "a": uid.get(intro.a_id), "b": uid.get(intro.b_id), "reason_a": intro.reason_a, "reason_b": intro.reason_b,
        "status": intro.status, "outcome": intro.outcome, "requested_by": uid.get(intro.requested_by_id),
        "proposed_on": iso(intro.proposed_on), "made_on": iso(intro.made_on), "outcome_on": iso(intro.outcome_on),
        "note": intro.note,
        "reminders": [
            {"kind": r.kind, "note": r.note, "rrule": r.rrule, "due_at": iso(r.due_at), "next_due_at": iso(r.next_due_at),
             "snoozed_until": iso(r.snoozed_until), "done_at": iso(r.done_at), "contact": r.contact.uid if r.contact_id else None}
            for r in intro.reminders
        ],
    }


def export(now: dt.datetime) -> dict:
    ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(sep=" "),
        "contacts": [contacts.contact_dict(cid) for cid in ids],
        "introductions": [_intro_dict(i) for i in Introduction.select().order_by(Introduction.id)],
    }


def write(out: IO[str], now: dt.datetime) -> int:
    data = export(now)
    json.dump(data, out, indent=1, ensure_ascii=False)
    out.write("\n")
    return len(data["contacts"])


def restore(data: dict, now: dt.datetime) -> dict[str, int]:
    """Load a backup object; returns counts of new and replaced contacts."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this is not a netui backup (no \"format\": \"netui-backup\")")
    if data.get("version", 0) > VERSION:
        raise BackupError(f"this backup is version {data.get('version')}; this netui reads up to {VERSION}")
    stats = {"new": 0, "replaced": 0}
    with db.atomic():
        by_uid: dict[str, int] = {}
        links: list[tuple[int, int]] = []  # (restored give id, the backup's introduction id)
        uids = [item["uid"] for item in data.get("contacts", [])]
        leads = _lead_numbers(data, uids)
        for item in data.get("contacts", []):
            existing = Contact.get_or_none(Contact.uid == item["uid"])
            if existing:
                Contact.delete().where(Contact.id == existing.id).execute()
                search.unindex([existing.id])
                stats["replaced"] += 1
            else:
                stats["new"] += 1
            by_uid[item["uid"]] = _restore_contact(item, now, leads, links)

        def local(uid: str | None) -> int | None:
            if not uid:
                return None
            if uid in by_uid:
                return by_uid[uid]
            found = Contact.get_or_none(Contact.uid == uid)
            return found.id if found else None

        intro_ids: dict[int, int] = {}
        stats["skipped_introductions"] = 0
        for intro in data.get("introductions", []):
            a, b = local(intro.get("a")), local(intro.get("b"))
            if a is None or b is None:  # one side is in neither the backup nor this database
                stats["skipped_introductions"] += 1
                continue
            req_id = local(intro.get("requested_by"))
            row = Introduction.create(
                a=a, b=b, reason_a=intro.get("reason_a", ""), reason_b=intro.get("reason_b", ""),
                status=intro.get("status", "proposed"), outcome=intro.get("outcome", ""), requested_by=req_id,
                proposed_on=as_date(intro.get("proposed_on")) or now.date(), made_on=as_date(intro.get("made_on")),
                outcome_on=as_date(intro.get("outcome_on")), note=intro.get("note", ""),
            )
            if intro.get("id") is not None:
                intro_ids[intro["id"]] = row.id
            for r in intro.get("reminders", []):
                Reminder.create(
                    contact=local(r.get("contact")), kind=r["kind"], note=r.get("note", ""), rrule=r.get("rrule"),
                    due_at=as_datetime(r["due_at"]), next_due_at=as_datetime(r.get("next_due_at")), snoozed_until=as_datetime(r.get("snoozed_until")),
                    done_at=as_datetime(r.get("done_at")), introduction=row, created_at=now,
                )
        for give_id, old_intro in links:
            if old_intro in intro_ids:
                Give.update(introduction=intro_ids[old_intro]).where(Give.id == give_id).execute()
        if not stats["skipped_introductions"]:
            del stats["skipped_introductions"]
    return stats


def _lead_numbers(data: dict, uids: list[str]) -> dict[int, int]:
    """Keep the backup's lead numbers unless this database already uses one for other people."""
    wanted = sorted({g["lead"] for c in data.get("contacts", []) for g in c.get("gives", []) if g.get("lead") is not None})
    if not wanted:
        return {}
    taken = {
        lead for (lead,) in Give.select(Give.lead).join(Contact)
        .where(Give.lead.is_null(False) & Contact.uid.not_in(uids)).distinct().tuples()
    }
    top = max([0, *taken, *wanted])
    out = {}
    for lead in wanted:
        if lead in taken:
            top += 1
            out[lead] = top
        else:
            out[lead] = lead
    return out


def _restore_contact(item: dict, now: dt.datetime, leads: dict[int, int], links: list[tuple[int, int]]) -> int:
    def methods(kind: str) -> list[Method]:
        return [Method(kind, m["value"], m.get("label", ""), bool(m.get("preferred"))) for m in item.get(f"{kind}s", [])]

    bday = item.get("birthday")
    data = ContactInput(
        uid=item["uid"], name=item["name"], given_name=item.get("given_name", ""), family_name=item.get("family_name", ""),
        nickname=item.get("nickname", ""), organization=item.get("organization", ""), title=item.get("title", ""),
        birthday=parse_birthday(bday) if bday else None, met_on=as_date(item.get("met_on")),
        how_met=item.get("how_met", ""), reason=item.get("reason", ""), circle=item.get("circle", "regular"),
        cadence_days=item.get("cadence_days"), note=item.get("note", ""), archived=bool(item.get("archived")),
        emails=methods("email"), phones=methods("phone"), urls=methods("url"), tags=list(item.get("tags", [])),
    )
    contact = Contact(uid=item["uid"], name="", sort_name="", created_at=as_datetime(item.get("created_at")) or now,
                      updated_at=as_datetime(item.get("updated_at")) or now)
    contacts._apply(contact, data, now)
    if item.get("id") and not Contact.select().where(Contact.id == item["id"]).exists():
        contact.id = item["id"]
        contact.save(force_insert=True)
    else:
        contact.save()
    contacts._write_children(contact, data)
    from netui.db.models import OrgHistory

    for h in item.get("org_history", []):
        OrgHistory.create(contact=contact, organization=h.get("organization", ""), title=h.get("title", ""), until=as_datetime(h["until"]))
    for i in item.get("interactions", []):
        Interaction.create(contact=contact, occurred_at=as_datetime(i["occurred_at"]), kind=i["kind"], summary=i.get("summary", ""),
                           note=i.get("note", ""), created_at=now)
    for g in item.get("gives", []):
        row = Give.create(contact=contact, direction=g["direction"], kind=g.get("kind", "other"), text=g["text"],
                          status=g.get("status", "open"), outcome=g.get("outcome", ""),
                          created_on=as_date(g.get("created_on")) or now.date(), done_on=as_date(g.get("done_on")),
                          lead=leads.get(g.get("lead"), g.get("lead")))
        if g.get("introduction") is not None:
            links.append((row.id, g["introduction"]))
    for r in item.get("reminders", []):
        Reminder.create(contact=contact, kind=r["kind"], note=r.get("note", ""), rrule=r.get("rrule"), due_at=as_datetime(r["due_at"]),
                        next_due_at=as_datetime(r.get("next_due_at")), snoozed_until=as_datetime(r.get("snoozed_until")),
                        done_at=as_datetime(r.get("done_at")), created_at=now)
    # Derived columns, exactly as they were computed (a restore must not fire new reminders).
    Contact.update(
        last_contact_at=as_datetime(item.get("last_contact")), next_due_at=as_datetime(item.get("next_due")),
    ).where(Contact.id == contact.id).execute()
    from netui.core import strength

    strength.refresh(contact.id, now)
    search.reindex([contact.id])
    return contact.id


def read(path: Path, now: dt.datetime) -> dict[str, int]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path}: not valid JSON ({exc})") from exc
    return restore(data, now)
