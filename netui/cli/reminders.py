"""due, remind, snooze, done.

Reminders are named ``r12`` (``12`` works too); a contact's keep-in-touch date is ``c5`` (contact #5),
as ``netui due`` prints them.
"""

from __future__ import annotations

import re

from netui.cli import UsageError, open_db
from netui.cli.common import MAX_ID, moment, now, number, print_json, say, who
from netui.core import contacts, formats, lookup, reminders
from netui.core.dates import iso
from netui.core.errors import NotDueYet
from netui.core.vocab import CIRCLES, KEEP_IN_TOUCH, REMINDER_KINDS


def register(sub, common) -> None:
    p = sub.add_parser("due", parents=[common], help="what is due: reminders and keep-in-touch (exit 0)")
    p.add_argument("--within", type=number(0, 3650, "a number of days"), default=1, metavar="DAYS",
                   help="also what comes due in the next DAYS days (default 1; 0: only what is due now)")
    p.add_argument("--limit", type=number(1, 1_000_000, "a number of items"), metavar="N", help="at most N items")
    p.add_argument("--kind", action="append", default=[], metavar="K",
                   help=f"only this kind (repeatable): {', '.join((*REMINDER_KINDS, KEEP_IN_TOUCH))}")
    p.add_argument("--circle", action="append", default=[], choices=CIRCLES, help="only this circle (repeatable)")
    p.add_argument("--who", metavar="WHO", help="only this person")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("remind", parents=[common], help="set a reminder about someone, once or repeating")
    p.add_argument("who")
    p.add_argument("--on", metavar="DATE", help="when: 2026-12-01, 'in 2 weeks', 'friday 09:00' (first date of a rule)")
    p.add_argument("--rule", metavar="RULE",
                   help="repeat: 'every 3 months', monthly, or an RRULE like FREQ=MONTHLY;BYDAY=2TU")
    p.add_argument("--note", default="", metavar="TEXT", help="what to do")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("snooze", parents=[common], help="put a reminder (r12) or keep-in-touch (c5) off")
    p.add_argument("id", metavar="ID")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--by", metavar="1d|1w|1m", help="how long (default 1d; 3d, 2w also work)")
    group.add_argument("--until", metavar="DATE", help="until when")
    p.set_defaults(func=cmd_snooze)

    p = sub.add_parser("done", parents=[common], help="mark a reminder done (a repeating one moves on)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--force", action="store_true", help="a repeating reminder not due yet: skip that occurrence")
    p.set_defaults(func=cmd_done)


def parse_key(text: str) -> tuple[str, int]:
    """("reminder", 12) for ``r12``/``12``/``#12``; ("contact", 5) for ``c5``."""
    match = re.fullmatch(r"\s*([rc#]?)(\d{1,30})\s*", text.lower())
    if not match or not 1 <= int(match.group(2)) <= MAX_ID:
        raise UsageError(f"{text!r} is not a reminder id (r12, or c5 for a contact's keep-in-touch)")
    return ("contact" if match.group(1) == "c" else "reminder"), int(match.group(2))


def _json(item: reminders.DueItem, n, reach: lookup.Reach) -> dict:
    return {
        "id": item.key, "reminder_id": item.reminder_id, "contact_id": item.contact_id, "name": item.name,
        "kind": item.kind, "due": item.due.isoformat(sep=" "), "overdue": item.due <= n,
        "when": reminders.due_words(item, n), "why": item.why, "gives": list(item.gives), "rule": item.rule,
        "note": item.note, "phone": reach.phone, "email": reach.email, "snoozed_until": iso(item.snoozed_until),
    }


def _kinds(texts: list[str]) -> tuple[str, ...]:
    known = (*REMINDER_KINDS, KEEP_IN_TOUCH)
    for text in texts:
        if text not in known:
            raise UsageError(f"--kind {text!r}: use one of {', '.join(known)}")
    return tuple(texts)


def cmd_due(args) -> int:
    if not 0 <= args.within <= 3650:
        raise UsageError("--within is a number of days from 0 to 3650")
    kinds = _kinds(args.kind)
    open_db(args)
    n = now()
    only = reminders.Filter(kinds, tuple(args.circle), who(args.who) if args.who else None)
    items = reminders.due(n, args.within, limit=args.limit, only=only)
    reach = lookup.reach(i.contact_id for i in items if i.contact_id is not None)
    nobody = lookup.Reach()
    if args.json:
        print_json([_json(i, n, reach.get(i.contact_id or 0, nobody)) for i in items])
        return 0
    if not items:
        say("nothing due" + (f" in the next {args.within} day{'s' * (args.within != 1)}" if args.within else ""))
        return 0
    for i in items:
        say(f"{i.key:<7} {formats.fit(reminders.due_words(i, n), 20)}  {formats.fit(i.name, 24)}  {i.kind:<14} {i.why}")
        phone = reach.get(i.contact_id or 0, nobody).phone if i.kind in ("call", "follow-up", KEEP_IN_TOUCH) else ""
        if phone:
            say(f"{'':<7} {'':<20} phone {phone}")
    return 0


def cmd_remind(args) -> int:
    if not args.on and not args.rule:
        raise UsageError("say when: --on DATE, --rule RULE, or both")
    n = now()
    on = moment(args.on, "--on") if args.on else None
    open_db(args)
    cid = who(args.who)
    rid = reminders.add_custom(cid, n, on=on, rule=args.rule, note=args.note)
    item = reminders.item(rid)
    repeats = f"; repeats {reminders.describe_rule(item.rule)}" if item.rule else ""
    say(f"reminder r{rid} for {contacts.get(cid).name}: due {formats.moment(item.due)}{repeats}")
    return 0


def cmd_snooze(args) -> int:
    kind, number = parse_key(args.id)
    n = now()
    until = moment(args.until, "--until") if args.until else None
    open_db(args)
    if kind == "contact":
        target = reminders.snooze_contact(number, n, by=args.by, until=until)
        say(f"snoozed keep-in-touch with {contacts.get(number).name} until {formats.moment(target)}")
    else:
        target = reminders.snooze(number, n, by=args.by, until=until)
        say(f"snoozed r{number} until {formats.moment(target)}")
    return 0


def cmd_done(args) -> int:
    kind, number = parse_key(args.id)
    if kind == "contact":
        raise UsageError(
            f"keep-in-touch is done by getting in touch: netui log {number} --kind call (or snooze c{number})"
        )
    open_db(args)
    try:
        upcoming = reminders.done(number, now(), force=args.force)
    except NotDueYet as exc:
        raise UsageError(
            f"r{number} is not due until {formats.moment(exc.due)}; done now would skip that occurrence "
            f"(netui done r{number} --force to skip it)"
        ) from None
    say(f"done r{number}" + (f"; next due {formats.moment(upcoming)}" if upcoming else "; closed"))
    return 0
