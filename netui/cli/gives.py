"""give, give-status, gives, lead, send-interest: the karma bank from the shell (introductions are in
``netui.cli.intros``)."""

from __future__ import annotations

from netui.cli import UsageError, open_db
from netui.cli.common import filled, id_number, now, number, print_json, say, who
from netui.core import contacts, formats, gives, interests, karma
from netui.core.vocab import GIVE_KINDS

GIVE_STATUSES = {"done": "done", "given": "done", "dropped": "dropped", "drop": "dropped"}


def register(sub, common) -> None:
    p = sub.add_parser("give", parents=[common], help="note what you could give someone, or a favour given or received")
    p.add_argument("who")
    p.add_argument("text")
    p.add_argument("--kind", default="other", help=", ".join(GIVE_KINDS))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--idea", action="store_true", help="an idea of what to give (the default)")
    which.add_argument("--done", action="store_true", help="a favour you already gave")
    which.add_argument("--received", action="store_true", help="a favour they did for you")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_give)

    p = sub.add_parser(
        "give-status", parents=[common], help="mark a give idea done (given) or dropped, or say how it went"
    )
    p.add_argument("id", type=id_number, metavar="ID", help="the give note's number (see `netui gives`)")
    p.add_argument("status", nargs="?", metavar="STATUS", help="done (given) or dropped")
    p.add_argument("--outcome", metavar="TEXT", help="how it turned out")
    p.set_defaults(func=cmd_give_status)

    p = sub.add_parser("gives", parents=[common], help="give notes and the give/receive balance")
    p.add_argument("who", nargs="?", type=filled("a name or #id (leave it out for everyone)"), help="one person (default: everyone)")
    p.add_argument("--open", action="store_true", help="open ideas only; across everyone, neediest first")
    p.add_argument("--lead", type=id_number, metavar="N", help="where job lead or referral N went")
    p.add_argument("--owed", action="store_true",
                   help="people you owe: they did something for you, nothing given back since")
    p.add_argument("--limit", type=number(0, 10**9, "a limit"), default=0, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_gives)

    p = sub.add_parser("lead", parents=[common], help="pass a job lead or referral to one or more people")
    p.add_argument("text")
    p.add_argument("who", nargs="+", metavar="WHO")
    p.add_argument("--kind", default="job-lead", help="job-lead (default), referral, ...")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--idea", action="store_true", help="ideas to pass on, each marked given later (the default)")
    how.add_argument("--passed", action="store_true", help="you passed it on now: a favour given to each")
    p.set_defaults(func=cmd_lead)

    p = sub.add_parser("send-interest", parents=[common],
                       help="send an item to everyone interested in TAG: a message logged and a favour given each")
    p.add_argument("tag", metavar="TAG", help="the interest (a tag, any case)")
    p.add_argument("--what", metavar="TEXT", help="what you send: the article, the link, the event")
    to = p.add_mutually_exclusive_group()
    to.add_argument("--to", nargs="+", metavar="WHO", help="only these of them (names or ids)")
    to.add_argument("--all", action="store_true", help="everyone who has the interest")
    p.add_argument("--kind", default="email", choices=interests.SEND_KINDS, help="how it went out (default email)")
    p.add_argument("--dry-run", action="store_true", help="say who would get it; change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send_interest)


# --- gives ------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def give_dict(row: gives.GiveRow) -> dict:
    return {
        "id": row.id, "contact_id": row.contact_id, "contact": row.contact_name, "direction": row.direction,
        "kind": row.kind, "text": row.text, "status": row.status, "outcome": row.outcome,
        "created_on": _iso(row.created_on), "done_on": _iso(row.done_on), "lead": row.lead,
        "introduction": row.introduction_id,
    }


def _balance_dict(b: gives.Balance) -> dict:
    return {"given": b.given, "received": b.received, "open_ideas": b.open_ideas}


def _balance_words(b: gives.Balance) -> str:
    return f"you gave {b.given}, received {b.received}; {b.open_ideas} open idea{'s' * (b.open_ideas != 1)}"


ARROWS = {"idea": "idea ", "given": "gave ", "received": "got  "}


def _give_line(row: gives.GiveRow, *, name: bool) -> str:
    when = row.done_on or row.created_on
    status = "" if row.status == "done" or (row.status == "open" and row.direction == "idea") else f" [{row.status}]"
    who_ = f"{row.contact_name}: " if name else ""
    extra = f" ({row.kind})" if row.kind != "other" else ""
    outcome = f" → {row.outcome}" if row.outcome else ""
    return f"#{row.id:<5} {when}  {ARROWS.get(row.direction, '')} {who_}{row.text}{extra}{status}{outcome}"


def cmd_give(args) -> int:
    direction = "received" if args.received else "given" if args.done else "idea"
    kind = gives.parse_kind(args.kind)
    open_db(args)
    cid = who(args.who)
    gid = gives.add(cid, args.text, now(), direction=direction, kind=kind)
    row = gives.get(gid)
    if args.json:
        print_json(give_dict(row))
        return 0
    words = {"idea": "noted idea", "given": "noted favour given", "received": "noted favour received"}[direction]
    say(f"{words} #{gid} for {row.contact_name}: {row.text}")
    if direction == "received" and gives.only_takes(cid):
        say(f"so far you have only received from {row.contact_name}: what could you give?")
    return 0


def cmd_give_status(args) -> int:
    status = None
    if args.status:
        status = GIVE_STATUSES.get(args.status.strip().lower())
        if status is None:
            raise UsageError(f"unknown give status {args.status!r} (use done or dropped)")
    if status is None and args.outcome is None:
        raise UsageError("say done, dropped or --outcome TEXT")
    open_db(args)
    n = now()
    if status == "done":
        gives.mark_done(args.id, n, outcome=args.outcome or "")
    elif status == "dropped":
        gives.drop(args.id, n, outcome=args.outcome or "")
    else:
        gives.set_outcome(args.id, args.outcome, n)
    row = gives.get(args.id)
    verb = {"done": "gave", "dropped": "dropped"}.get(status, "noted the outcome of")
    say(f"{verb} #{row.id} for {row.contact_name}: {row.text}" + (f" → {row.outcome}" if row.outcome else ""))
    return 0


def cmd_gives(args) -> int:
    if args.lead is not None and (args.who or args.open):
        raise UsageError("--lead lists one lead: leave out WHO and --open")
    if args.owed and (args.who or args.open or args.lead is not None):
        raise UsageError("--owed lists everyone you owe: leave out WHO, --open and --lead")
    if args.limit < 0:
        raise UsageError("--limit must not be negative")
    open_db(args)
    if args.lead is not None:
        return _show_lead(args)
    if args.owed:
        return _owed(args)
    if args.who:
        cid = who(args.who)
        rows = gives.open_ideas(cid) if args.open else gives.for_contact(cid)
        rows = rows[: args.limit] if args.limit else rows
        b = gives.balance(cid)
        if args.json:
            print_json({"balance": _balance_dict(b), "only_takes": gives.only_takes(cid),
                        "gives": [give_dict(r) for r in rows]})
            return 0
        say(f"{contacts.get(cid).name}: {_balance_words(b)}")
        if gives.only_takes(cid):
            say("  so far you have only received from them: what could you give?")
        for r in rows:
            say("  " + _give_line(r, name=False))
        return 0
    if args.open:
        return _give_list(args)
    rows = gives.all_gives(limit=args.limit)
    b = gives.balance()
    if args.json:
        print_json({"balance": _balance_dict(b), "gives": [give_dict(r) for r in rows]})
        return 0
    say(f"everyone: {_balance_words(b)}")
    for r in rows:
        say("  " + _give_line(r, name=True))
    return 0


def _give_list(args) -> int:
    n = now()
    limit = args.limit or gives.give_list_count()
    rows = gives.give_list(n, limit=limit) if limit else []
    if args.json:
        print_json([
            {"id": r.give_id, "contact_id": r.contact_id, "contact": r.contact_name, "kind": r.kind, "text": r.text,
             "created_on": _iso(r.created_on), "circle": r.circle, "strength": r.strength,
             "next_due": r.next_due_at.isoformat(sep=" ") if r.next_due_at else None, "why": r.why}
            for r in rows
        ])
        return 0
    if not rows:
        say("no open give ideas: note one with `netui give WHO TEXT`")
    for r in rows:
        extra = f" ({r.kind})" if r.kind != "other" else ""
        say(f"#{r.give_id:<5} {formats.fit(r.contact_name, 24)}  {formats.fit(r.why, 28)}  {r.text}{extra}")
    return 0


def _owed(args) -> int:
    rows = karma.owed(limit=args.limit)
    if args.json:
        print_json([
            {"contact_id": r.contact_id, "contact": r.name, "received": r.received, "last_on": _iso(r.last_on),
             "last": r.last, "ideas": list(r.ideas)}
            for r in rows
        ])
        return 0
    if not rows:
        say("you owe nobody: everyone who did something for you has had something back since")
    for r in rows:
        times = f"{r.received} favours" if r.received > 1 else "a favour"
        say(f"#{r.contact_id:<5} {r.name}: {times} since you last gave, latest {r.last_on}: {r.last}")
        for idea in r.ideas:
            say(f"         ○ {idea}")
    return 0


def _show_lead(args) -> int:
    lead = gives.lead_status(args.lead)
    if args.json:
        print_json({"lead": lead.lead, "kind": lead.kind, "text": lead.text, "created_on": _iso(lead.created_on),
                    "targets": [give_dict(t) for t in lead.targets]})
        return 0
    say(f"lead {lead.lead} ({lead.kind}, {lead.created_on}): {lead.text}")
    for t in lead.targets:
        state = {"open": "to pass on", "done": f"passed on {t.done_on}", "dropped": "dropped"}.get(t.status, t.status)
        say(f"  #{t.id:<5} {formats.fit(t.contact_name, 24)}  {state}" + (f" → {t.outcome}" if t.outcome else ""))
    return 0


def cmd_lead(args) -> int:
    kind = gives.parse_kind(args.kind)
    open_db(args)
    ids = [who(w) for w in args.who]
    lead = gives.add_lead(ids, args.text, now(), kind=kind, passed=args.passed)
    status = gives.lead_status(lead)
    names = ", ".join(f"{t.contact_name} (#{t.id})" for t in status.targets)
    if args.passed:
        say(f"lead {lead}: passed on {status.text} → {names} (recorded as given; netui give-status ID --outcome TEXT later)")
    else:
        say(f"lead {lead}: {status.text} → to pass on to {names} (netui give-status ID done once passed)")
    return 0


def cmd_send_interest(args) -> int:
    """Without --to or --all it lists who has the interest (nothing is sent); with them it sends."""
    open_db(args)
    people = interests.interested(args.tag)
    if not people:
        raise UsageError(f"nobody has the interest {args.tag!r} (netui list --search tag:NAME finds tags by their start)")
    chosen = people
    if args.to:
        by_id = {p.contact_id: p for p in people}
        chosen = []
        for name in args.to:
            cid = who(name)
            if cid not in by_id:
                raise UsageError(f"{contacts.get(cid).name} (#{cid}) does not have the interest {args.tag!r}")
            chosen.append(by_id[cid])
        chosen = list(dict.fromkeys(chosen))
    sending = bool(args.to or args.all)
    if sending and not (args.what or "").strip():
        raise UsageError("say what you are sending: --what TEXT")
    if sending and not args.dry_run:
        interests.send([p.contact_id for p in chosen], args.what, now(), kind=args.kind)
    sent = sending and not args.dry_run
    if args.json:
        print_json({"tag": args.tag, "what": args.what, "kind": args.kind, "sent": sent,
                    "people": [{"contact_id": p.contact_id, "name": p.name} for p in chosen]})
        return 0
    names = ", ".join(f"{p.name} (#{p.contact_id})" for p in chosen)
    if sent:
        logged = "an email" if args.kind == "email" else "a message"
        say(f"sent {args.what!r} to {len(chosen)} interested in {args.tag}: {names} "
            f"({logged} logged and a favour given for each)")
    elif sending:
        say(f"would send {args.what!r} to {len(chosen)} interested in {args.tag}: {names} (dry run: nothing changed)")
    else:
        say(f"{len(people)} interested in {args.tag}: {names}")
        say("nothing sent: --what TEXT --all sends it to them all, --to WHO... to some")
    return 0
