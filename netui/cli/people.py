"""relate, unrelate, note, notes, org: people in context from the shell (relations, the dated journal,
everyone at one organisation)."""

from __future__ import annotations

from netui.cli import UsageError, open_db
from netui.cli.common import day, filled, now, print_json, say, who
from netui.core import contacts, formats, journal, orgs, relations

TYPES_HELP = ", ".join(relations.TYPES)


def register(sub, common) -> None:
    p = sub.add_parser("relate", parents=[common], help="link two contacts: B is A's TYPE (family, manager, introduced-by...)")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--as", dest="type", required=True, metavar="TYPE",
                   help=f"what B is to A: {TYPES_HELP} (sam gary --as introduced-by: Gary introduced Sam; "
                        "ada bob --as manager: Bob manages Ada)")
    p.add_argument("--label", metavar="TEXT", help="the words of a custom relation, or a note on any ('sister')")
    p.set_defaults(func=cmd_relate)

    p = sub.add_parser("unrelate", parents=[common], help="remove the link between two contacts")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--as", dest="type", metavar="TYPE", help="only this relation (default: every one between them)")
    p.add_argument("--label", metavar="TEXT", help="only the custom relation with these words")
    p.set_defaults(func=cmd_unrelate)

    p = sub.add_parser("note", parents=[common], help="add a dated journal entry about someone")
    p.add_argument("who")
    p.add_argument("text")
    p.add_argument("--on", metavar="DATE", help="the day it is about (default: today; not in the future)")
    p.set_defaults(func=cmd_note)

    p = sub.add_parser("notes", parents=[common], help="someone's journal, newest first")
    p.add_argument("who")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_notes)

    p = sub.add_parser("org", parents=[common], help="everyone at one organisation, past and present")
    p.add_argument("name", type=filled("words of the organisation's name"), help="the organisation, or words of its name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_org)


def cmd_relate(args) -> int:
    type_ = relations.parse_type(args.type)
    open_db(args)
    a, b = who(args.a), who(args.b)
    relations.add(a, b, type_, now(), label=args.label or "")
    seen = next(r for r in relations.of(a) if r.contact_id == b and r.type == type_)
    say(f"related: {contacts.get(a).name} — {seen.words} {seen.name}")
    return 0


def cmd_unrelate(args) -> int:
    type_ = relations.parse_type(args.type) if args.type else None
    if args.label is not None and type_ not in (None, "custom"):
        raise UsageError("--label picks a custom relation: use it with --as custom (or alone)")
    open_db(args)
    a, b = who(args.a), who(args.b)
    n = relations.remove(a, b, type_, label=args.label)
    say(f"removed {n} relation{'s' * (n != 1)} between {contacts.get(a).name} and {contacts.get(b).name}")
    return 0


def cmd_note(args) -> int:
    on = day(args.on, "--on") if args.on else None
    open_db(args)
    cid = who(args.who)
    entry = journal.get(journal.add(cid, args.text, now(), on=on))
    say(f"noted #{entry.id} about {contacts.get(cid).name} on {entry.on}: {entry.text}")
    return 0


def cmd_notes(args) -> int:
    open_db(args)
    cid = who(args.who)
    entries = journal.of(cid)
    if args.json:
        print_json([{"id": e.id} | journal.as_dict(e) for e in entries])
        return 0
    if not entries:
        say(f"nothing in {contacts.get(cid).name}'s journal yet: netui note WHO TEXT adds an entry")
    for e in entries:
        say(f"#{e.id:<5} {e.on}  " + e.text.replace("\n", "\n" + " " * 18))
    return 0


def cmd_org(args) -> int:
    open_db(args)
    found = orgs.members(args.name)
    if args.json:
        print_json([orgs.as_dict(m) for m in found])
        return 0
    if not found:
        say(f"nobody at {args.name.strip()!r}, now or before")
    for m in found:
        say(org_line(m))
    return 0


def org_line(m: orgs.Member) -> str:
    """One person of ``netui org``: name, job, now or until when, strength and last contact."""
    job = " · ".join(part for part in (m.organization, m.title) if part)
    was = "now" if m.current else f"until {formats.day(m.until)}"
    last = formats.day(m.last_contact_at, empty="never")
    cols = [f"#{m.contact_id}".ljust(5), formats.fit(m.name, 22), formats.fit(job, 20), was.ljust(17),
            f"{m.strength:>3} {formats.clip(m.tier, 6)}".ljust(10), f"last {last}", " (archived)" * m.archived]
    return "  ".join(cols[:-1]).rstrip() + cols[-1]
