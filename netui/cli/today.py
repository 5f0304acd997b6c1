"""today: the day's queue, one entry per person, in the method's order (see netui.core.today)."""

from __future__ import annotations

from netui.cli import open_db
from netui.cli.common import now, number, print_json, say
from netui.core import formats
from netui.core import today as today_mod
from netui.core.dates import iso


def register(sub, common) -> None:
    p = sub.add_parser("today", parents=[common], help="who needs you today: at most N people, the most urgent first")
    p.add_argument("--limit", type=number(1, 100_000, "a number of people"), metavar="N",
                   help="how many people (default 10, or [today] limit in the config)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_today)


def reason_json(r: today_mod.Reason) -> dict:
    return {
        "kind": r.kind, "due": iso(r.due), "note": r.note, "when": r.words, "reminder_id": r.reminder_id,
        "snoozed_until": iso(r.snoozed_until), "deadline": iso(r.deadline),
    }


def entry_json(e: today_mod.Entry) -> dict:
    return {
        "contact_id": e.contact_id, "name": e.name, "circle": e.circle, "group": e.group,
        "reasons": [reason_json(r) for r in e.reasons], "phone": e.phone, "email": e.email,
    }


def cmd_today(args) -> int:
    open_db(args)
    n = now()
    day = today_mod.today(n, args.limit)
    if args.json:
        print_json({
            "items": [entry_json(e) for e in day.items],
            "more": day.more,
            "let_go": [{"contact_id": p.contact_id, "name": p.name, "overdue_days": p.overdue_days} for p in day.let_go],
            "unscheduled": [
                {"contact_id": u.contact_id, "name": u.name, "organization": u.organization, "added": iso(u.added)}
                for u in day.unscheduled
            ],
        })
        return 0
    say(format_today(day, n))
    return 0


def format_today(day: today_mod.Today, n) -> str:
    total = len(day.items) + day.more
    if not total:
        lines = [f"Today, {n:%a %d %b}: nobody is due."]
    else:
        more = f"; {day.more} more (netui today --limit {total})" if day.more else ""
        lines = [f"Today, {n:%a %d %b}: {len(day.items)} of {total} {'person' if total == 1 else 'people'}{more}"]
    for i, e in enumerate(day.items, 1):
        reach = " · ".join(x for x in (e.phone, e.email) if x)
        lines.append(f"{i:>2}. {e.name} (#{e.contact_id}, {e.circle})" + (f"  {reach}" if reach else ""))
        for r in e.reasons:
            lines.append(f"      {r.kind:<15} {r.words}: {r.note}")
    if day.let_go:
        names = ", ".join(f"{p.name} (#{p.contact_id}, {formats.days(p.overdue_days)} overdue)" for p in day.let_go[:10])
        extra = f" and {len(day.let_go) - 10} more" if len(day.let_go) > 10 else ""
        lines.append(f"Let these go? {len(day.let_go)} outer-circle people long overdue: {names}{extra}")
    if day.unscheduled:
        names = ", ".join(f"{u.name} (#{u.contact_id})" for u in day.unscheduled)
        lines.append(f"Not scheduled yet (nothing logged): {names}: log how you know them, snooze, or let go")
    return "\n".join(lines)
