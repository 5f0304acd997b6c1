"""intro, intro-ask, intro-request, intro-answer, intro-status, intros: introductions from the shell.

The double opt-in, side by side: ``intro-status ID asked-a`` dates the request to A, ``intro-answer ID
A accepted`` records what A said; every ``--note`` is added to the introduction's dated history.
"""

from __future__ import annotations

from netui.cli import UsageError, open_db
from netui.cli.common import filled, id_number, now, print_json, say, who
from netui.core import formats, intro_network, introductions
from netui.db import db


def register(sub, common) -> None:
    p = sub.add_parser("intro", parents=[common], help="propose introducing A to B, with a specific reason for each")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--reason-a", required=True, metavar="TEXT", help="what A gains from meeting B")
    p.add_argument("--reason-b", required=True, metavar="TEXT", help="what B gains from meeting A")
    p.add_argument("--requested-by", metavar="WHO", help="who asked you for this introduction")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_intro)

    p = sub.add_parser("intro-request", parents=[common], help="record that someone asked you to introduce them")
    p.add_argument("asker", metavar="ASKER")
    p.add_argument("target", metavar="TARGET", help="who they want to meet")
    p.add_argument("--reason", required=True, metavar="TEXT", help="the reason they gave")
    p.add_argument("--note", default="", metavar="TEXT")
    p.set_defaults(func=cmd_intro_request)

    p = sub.add_parser("intro-status", parents=[common], help="move an introduction on, or say how it turned out")
    p.add_argument("id", type=id_number, metavar="ID", help="the introduction's number (see `netui intros`)")
    p.add_argument("status", nargs="?", metavar="STATUS", help=", ".join(introductions.STATUSES[1:]))
    p.add_argument("--outcome", metavar="O", help=", ".join(introductions.OUTCOMES))
    p.add_argument("--reason-a", metavar="TEXT", help="change what A gains")
    p.add_argument("--reason-b", metavar="TEXT", help="change what B gains")
    p.add_argument("--note", metavar="TEXT", help="added to the dated notes (earlier ones stay)")
    p.set_defaults(func=cmd_intro_status)

    p = sub.add_parser("intros", parents=[common], help="introductions you made, proposed or were asked for")
    p.add_argument("who", nargs="?", type=filled("a name or #id (leave it out for everyone)"), help="one person (default: everyone)")
    p.add_argument("--tree", action="store_true", help="who you introduced to whom, as a tree")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_intros)
    p = sub.add_parser("intro-ask", parents=[common], help="ask someone to introduce you to a person they know")
    p.add_argument("via", metavar="VIA", help="who you ask to make the introduction")
    p.add_argument("target", metavar="TARGET", help="who you would like to meet")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why you want to meet them: specific, not 'networking'")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_intro_ask)

    p = sub.add_parser("intro-answer", parents=[common], help="record what one side said: accepted or declined")
    p.add_argument("id", type=id_number, metavar="ID", help="the introduction's number (see `netui intros`)")
    p.add_argument("side", metavar="A|B", help="which side answered")
    p.add_argument("answer", metavar="ANSWER", help=", ".join(introductions.ANSWERS))
    p.add_argument("--note", metavar="TEXT", help="what they said (added to the history)")
    p.set_defaults(func=cmd_intro_answer)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _warn_declined(a: int, b: int, exclude: int) -> None:
    before = intro_network.declined_before(a, b, exclude=exclude)
    if before is not None:
        say(f"note: {intro_network.declined_words(before)}; make sure things have changed before asking again")


def intro_dict(row: introductions.IntroRow) -> dict:
    reminder = introductions.follow_up(row.id)
    return {
        "id": row.id,
        "a": {"id": row.a_id, "name": row.a_name},
        "b": {"id": row.b_id, "name": row.b_name},
        "reason_a": row.reason_a, "reason_b": row.reason_b, "status": row.status, "outcome": row.outcome,
        "requested_by": {"id": row.requested_by_id, "name": row.requested_by_name} if row.requested_by_id else None,
        "proposed_on": _iso(row.proposed_on), "made_on": _iso(row.made_on), "outcome_on": _iso(row.outcome_on),
        "note": row.note,
        "follow_up_due": str(reminder.next_due_at) if reminder else None,
        "kind": row.kind,
        "sides": [
            {"side": s.side, "contact_id": s.contact_id, "name": s.name, "asked_on": _iso(s.asked_on),
             "answer": s.answer or None, "answered_on": _iso(s.answered_on), "state": s.state}
            for s in row.sides
        ],
        "history": [{"on": _iso(h.on), "note": h.note} for h in row.history],
    }


def _intro_lines(row: introductions.IntroRow) -> list[str]:
    state = row.status + (f" · {row.outcome}" if row.outcome else "")
    dates = f"proposed {row.proposed_on}" + (f", made {row.made_on}" if row.made_on else "")
    if row.is_ask:
        lines = [f"#{row.id:<5} you → {row.b_name}, asked {row.a_name} to introduce you  {state}  ({dates})",
                 f"         why: {row.reason_a}"]
    else:
        lines = [f"#{row.id:<5} {row.a_name} ↔ {row.b_name}  {state}  ({dates})"]
        if row.requested_by_id:
            lines.append(f"         asked by {row.requested_by_name}")
        lines.append(f"         {row.a_name}: {row.reason_a or '(no reason yet)'}")
        lines.append(f"         {row.b_name}: {row.reason_b or '(no reason yet)'}")
    for s in row.sides:
        if s.asked_on or s.answer:
            when = f" on {s.answered_on}" if s.answer and s.answered_on else f" on {s.asked_on}" if s.asked_on else ""
            lines.append(f"         {s.side} {s.name}: {s.state}{when}")
    for h in row.history:
        lines.append(f"         {h.on}  {h.note}")
    return lines


def _stats_words(s: intro_network.IntroStats) -> str:
    outcomes = [f"{n} {label}" for n, label in ((s.helpful, "helpful"), (s.neutral, "neutral"),
                (s.wasted_time, "wasted time"), (s.awaiting_outcome, "awaiting outcome")) if n]
    made = f"{s.made} made" + (f" ({', '.join(outcomes)})" if outcomes else "")
    return f"{s.total} introduction{'s' * (s.total != 1)}: {made}, {s.in_progress} in progress, {s.declined} declined"


def cmd_intro(args) -> int:
    open_db(args)
    a, b = who(args.a), who(args.b)
    asker = who(args.requested_by) if args.requested_by else None
    iid = introductions.propose(a, b, args.reason_a, args.reason_b, now(), requested_by=asker, note=args.note)
    row = introductions.get(iid)
    if args.json:
        print_json(intro_dict(row))
        return 0
    say(f"proposed introduction #{iid}: {row.a_name} ↔ {row.b_name}")
    _warn_declined(a, b, iid)
    say(f"next: ask each of them (netui intro-status {iid} asked-a), record each answer "
        f"(netui intro-answer {iid} A accepted), then netui intro-status {iid} made")
    return 0


def cmd_intro_ask(args) -> int:
    open_db(args)
    via, target = who(args.via), who(args.target)
    iid = introductions.ask(via, target, args.reason, now(), note=args.note)
    row = introductions.get(iid)
    if args.json:
        print_json(intro_dict(row))
        return 0
    say(f"asked {row.a_name} to introduce you to {row.b_name} (#{iid})")
    _warn_declined(via, target, iid)
    days = intro_network.chase_days()
    say(f"next: their answer (netui intro-answer {iid} A accepted --note TEXT); no answer in {days} days "
        f"and Today will say so; then netui intro-status {iid} made")
    return 0


def cmd_intro_answer(args) -> int:
    side, answer = introductions.parse_side(args.side), introductions.parse_answer(args.answer)
    open_db(args)
    introductions.answer(args.id, side, answer, now(), note=args.note)
    row = introductions.get(args.id)
    s = row.sides[0 if side == "a" else 1]
    say(f"introduction #{row.id}: {s.name} {s.state}" + (f" ({row.status})" if row.status == "declined" else ""))
    return 0


def cmd_intro_request(args) -> int:
    open_db(args)
    iid = introductions.request(who(args.asker), who(args.target), args.reason, now(), note=args.note)
    row = introductions.get(iid)
    say(f"recorded request #{iid}: {row.a_name} would like to meet {row.b_name}")
    return 0


def cmd_intro_status(args) -> int:
    if not (args.status or args.outcome or args.reason_a is not None or args.reason_b is not None or args.note):
        raise UsageError("say a STATUS, --outcome, --reason-a, --reason-b or --note")
    status = introductions.parse_status(args.status) if args.status else None
    outcome = introductions.parse_outcome(args.outcome) if args.outcome else None
    open_db(args)
    n = now()
    with db.atomic():  # reasons, status, outcome and note together, or none of them
        if args.reason_a is not None or args.reason_b is not None:
            introductions.set_reasons(args.id, n, reason_a=args.reason_a, reason_b=args.reason_b)
        if status:
            introductions.advance(args.id, status, n, note=args.note)
        if outcome:
            introductions.set_outcome(args.id, outcome, n, note=None if status else args.note)
        elif args.note is not None and not status:
            introductions.add_note(args.id, args.note, n)
    row = introductions.get(args.id)
    line = f"introduction #{row.id} {row.a_name} ↔ {row.b_name}: {row.status}"
    if row.outcome:
        line += f" · {row.outcome}"
    say(line)
    reminder = introductions.follow_up(row.id)
    if status == "made" and reminder and row.is_ask:
        say(f"logged an email with {row.b_name} and a favour from {row.a_name}; "
            f"follow up with {row.b_name} by {formats.moment(reminder.next_due_at)}")
    elif status == "made" and reminder:
        say(f"logged an email with both; I will ask how it went on {formats.day(reminder.next_due_at)}")
    return 0


def cmd_intros(args) -> int:
    open_db(args)
    if args.tree:
        if args.who:
            raise UsageError("--tree shows everyone: leave out WHO")
        root = intro_network.tree()
        if args.json:
            print_json(_tree_dict(root))
        else:
            say("\n".join(intro_network.render_tree(root)))
        return 0
    rows = introductions.for_contact(who(args.who)) if args.who else introductions.all_intros()
    if args.json:
        print_json([intro_dict(r) for r in rows])
        return 0
    if not args.who:
        say(_stats_words(intro_network.stats()))
    if not rows:
        say("no introductions yet: netui intro A B --reason-a TEXT --reason-b TEXT")
    for r in rows:
        say("\n".join(_intro_lines(r)))
    return 0


def _tree_dict(node: intro_network.TreeNode) -> dict:
    return {"label": node.label, "contact_id": node.contact_id, "intro_id": node.intro_id,
            "children": [_tree_dict(c) for c in node.children]}
