"""add, edit, delete, log, list, show."""

from __future__ import annotations

import argparse

from netui.cli import UsageError, open_db
from netui.cli.common import MAX_ID, day, now, number, print_json, say, when, who
from netui.core import contacts, duplicates, interactions, reasons, search, settings, validate, views
from netui.core.contacts import ContactInput, Method
from netui.core.dates import parse_birthday
from netui.core.vocab import CIRCLES, INTERACTION_KINDS


def _contact_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--email", action="append", default=[], metavar="E")
    p.add_argument("--phone", action="append", default=[], metavar="P")
    p.add_argument("--url", action="append", default=[], metavar="U")
    p.add_argument("--org", metavar="O")
    p.add_argument("--title", metavar="T")
    p.add_argument("--met-on", metavar="DATE", help="when you met: 2026-11-03, yesterday, '3 days ago'")
    p.add_argument("--how-met", metavar="TEXT", help="where / at what you met")
    p.add_argument("--reason", metavar="TEXT", help="the specific reason for this connection")
    p.add_argument("--birthday", metavar="DATE", help="1987-09-11, 09-11, --09-11 or 'Sep 11'")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="an interest (repeatable)")
    p.add_argument("--circle", choices=CIRCLES)
    p.add_argument("--cadence", type=number(1, 3650, "a cadence in days"), metavar="DAYS", help="keep-in-touch cadence (default: by circle)")
    p.add_argument("--note", metavar="TEXT")


def register(sub, common) -> None:
    p = sub.add_parser("add", parents=[common], help="add a contact")
    p.add_argument("name")
    _contact_options(p)
    p.add_argument("--allow-duplicate", action="store_true",
                   help="add even if someone with the same email, phone, or name and organisation is there")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("duplicates", parents=[common], help="list pairs of contacts that look like one person")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_duplicates)

    p = sub.add_parser("edit", parents=[common], help="change a contact (emails, phones and tags are added)")
    p.add_argument("who")
    p.add_argument("--name")
    _contact_options(p)
    p.add_argument("--archive", action="store_true", help="let go: no more reminders")
    p.add_argument("--unarchive", action="store_true")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", parents=[common], help="delete a contact and everything about them")
    p.add_argument("who")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("log", parents=[common], help="log an interaction")
    p.add_argument("who")
    p.add_argument("--kind", required=True, help=", ".join(INTERACTION_KINDS))
    p.add_argument("--on", metavar="DATE", help="when it happened (default: now)")
    p.add_argument("--note", default="", metavar="TEXT", help="what it was about")
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("unlog", parents=[common], help="delete a logged interaction (its id is in show --json)")
    p.add_argument("id", metavar="ID", help="the interaction's id (#12 or 12)")
    p.set_defaults(func=cmd_unlog)

    p = sub.add_parser("relog", parents=[common], help="correct a logged interaction")
    p.add_argument("id", metavar="ID", help="the interaction's id (#12 or 12)")
    p.add_argument("--kind", help=", ".join(INTERACTION_KINDS))
    p.add_argument("--on", metavar="DATE", help="when it happened")
    p.add_argument("--note", metavar="TEXT", help="what it was about (the summary, as log --note sets it)")
    p.add_argument("--summary", metavar="TEXT", help="the same as --note")
    p.set_defaults(func=cmd_relog)

    p = sub.add_parser("list", parents=[common], help="list or search contacts")
    p.add_argument("--search", default="", metavar="TEXT",
                   help="the same search as the TUI's filter: words, -word, \"a phrase\", tag:, circle:, org:, "
                        "title:, tier:, met:, last:, is:, has:, owes:, owed: (see the README)")
    p.add_argument("--saved", metavar="NAME", help="a saved search from config.toml [searches]")
    p.add_argument("--sort", choices=search.SORTS, default="name")
    p.add_argument("--limit", type=number(0, 10**9, "a limit"), default=0, metavar="N")
    p.add_argument("--archived", action="store_true", help="list archived contacts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help="everything about one contact")
    p.add_argument("who")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)


def _input(args, *, name: str | None) -> ContactInput:
    methods = [Method("email", validate.check_email(e)) for e in args.email]
    region = settings.current().phone_region
    for typed in args.phone:
        phone = validate.normalise_phone(typed, region)
        if phone.warning:
            say(f"--phone: {phone.warning}", err=True)
        methods.append(Method("phone", phone.value))
    methods += [Method("url", u) for u in args.url]
    return ContactInput(
        name=name,
        organization=args.org,
        title=args.title,
        met_on=_met_on(args.met_on) if args.met_on else None,
        how_met=args.how_met,
        reason=args.reason,
        birthday=parse_birthday(args.birthday) if args.birthday else None,
        circle=args.circle,
        cadence_days=args.cadence,
        note=args.note,
        add_methods=methods,
        add_tags=list(args.tag),
    )


def _met_on(text: str):
    met = day(text, "--met-on")
    if met > now().date():
        raise UsageError(f"--met-on {met} is in the future: when did you meet?")
    return met


def cmd_add(args) -> int:
    data = _input(args, name=args.name)
    open_db(args)
    if not args.allow_duplicate:
        same = duplicates.similar(data)
        if same:
            raise UsageError(f"not added: {duplicates.describe(same)}; add --allow-duplicate to add them anyway")
    cid = contacts.create(data, now())
    if args.json:
        print_json(contacts.contact_dict(cid))
        return 0
    name = contacts.get(cid).name
    say(f"added #{cid} {name}")
    nudge = reasons.why_nudge(data.reason or "", name)
    if nudge:  # a nudge, never a refusal: the reason can come later (netui edit WHO --reason TEXT)
        say(f"  {nudge}; add it with netui edit {cid} --reason TEXT")
    return 0


def cmd_edit(args) -> int:
    if args.archive and args.unarchive:
        raise UsageError("--archive and --unarchive contradict each other")
    data = _input(args, name=args.name)
    if args.archive or args.unarchive:
        data.archived = bool(args.archive)
    open_db(args)
    cid = who(args.who)
    changed = contacts.update(cid, data, now())
    say(f"{'updated' if changed else 'unchanged'} #{cid} {contacts.get(cid).name}")
    return 0


def cmd_delete(args) -> int:
    open_db(args)
    cid = who(args.who)
    name = contacts.get(cid).name
    contacts.delete(cid)
    say(f"deleted #{cid} {name}")
    return 0


def cmd_log(args) -> int:
    kind = interactions.parse_kind(args.kind)
    occurred = when(args.on, "--on")
    open_db(args)
    cid = who(args.who)
    logged = interactions.log(cid, kind, occurred, now(), summary=args.note)
    c = contacts.get(cid)
    say(f"logged {kind} with {c.name} on {occurred:%Y-%m-%d %H:%M}; next touch due {str(c.next_due_at)[:10]}")
    if logged.closed:
        say("closed: " + ", ".join(x.words for x in logged.closed))
    return 0


def _interaction_id(text: str) -> int:
    digits = text.strip().lstrip("#")
    if not digits.isdigit() or len(digits) > 30 or not 1 <= int(digits) <= MAX_ID:
        raise UsageError(f"{text!r} is not an interaction id (a number, as show --json gives it)")
    return int(digits)


def _say_changes(logged: interactions.Logged) -> None:
    if logged.closed:
        say("closed: " + ", ".join(x.words for x in logged.closed))
    if logged.reopened:
        say("reopened: " + ", ".join(x.words for x in logged.reopened))


def cmd_unlog(args) -> int:
    iid = _interaction_id(args.id)
    open_db(args)
    row = interactions.get(iid)
    logged = interactions.delete(iid, now())
    c = contacts.get(row.contact_id)
    say(f"deleted {row.kind} with {c.name} on {row.occurred_at:%Y-%m-%d %H:%M}; "
          f"last contact {str(c.last_contact_at or 'never')[:10]}, next touch due {str(c.next_due_at)[:10]}")
    _say_changes(logged)
    return 0


def cmd_relog(args) -> int:
    iid = _interaction_id(args.id)
    if args.note is not None and args.summary is not None and args.note != args.summary:
        raise UsageError("--note and --summary are the same field: give one")
    summary = args.summary if args.summary is not None else args.note
    kind = interactions.parse_kind(args.kind) if args.kind else None
    occurred = when(args.on, "--on") if args.on else None
    if kind is None and occurred is None and summary is None:
        raise UsageError("say what to change: --kind, --on, --note or --summary")
    open_db(args)
    logged = interactions.edit(iid, now(), kind=kind, occurred_at=occurred, summary=summary)
    row = interactions.get(iid)
    c = contacts.get(row.contact_id)
    say(f"changed #{iid}: {row.kind} with {c.name} on {row.occurred_at:%Y-%m-%d %H:%M}; "
          f"next touch due {str(c.next_due_at)[:10]}")
    _say_changes(logged)
    return 0


def cmd_list(args) -> int:
    text = args.search
    if args.saved is not None:
        saved = settings.current().searches
        if args.saved not in saved:
            known = ", ".join(sorted(saved)) or "none yet: add them under [searches] in config.toml"
            raise UsageError(f"--saved {args.saved!r} is not a saved search (known: {known})")
        text = f"{saved[args.saved]} {text}"
    open_db(args)
    query = search.Query(text, archived=args.archived)
    limit = args.limit if args.limit > 0 else search.count(query)
    rows = search.page(query, args.sort, 0, limit) if limit else []
    if args.json:
        strengths = {r.id: r.strength for r in rows}  # three queries per few thousand rows, not three per row
        print_json([d | {"strength": strengths[d["id"]]} for d in views.contact_dicts([r.id for r in rows])])
        return 0
    for r in rows:
        org = " · ".join(part for part in (r.organization, r.title) if part)
        last = (r.last_contact_at or "never")[:10]
        say(f"#{r.id:<6} {r.name:<32.32} {org:<34.34} last {last}")
    if not rows:  # said on stderr: what a script reads from stdout stays empty
        say(_nobody_words(query), err=True)
    return 0


def _nobody_words(query: search.Query) -> str:
    """One line for an empty list: what happened and what to do."""
    if contacts.count() == 0:
        return ("no contacts yet: netui add NAME adds one, netui import FILE reads vCard, LinkedIn or Google CSV "
                "(netui demo fills a database with a sample network)")
    if query.text.strip():
        return f"nobody{' archived' if query.archived else ''} matches \"{query.text.strip()}\""
    return "nobody is archived" if query.archived else "everyone is archived: netui list --archived lists them"


def cmd_duplicates(args) -> int:
    open_db(args)
    found = duplicates.pairs()
    if args.json:
        print_json([{"a": {"id": p.a, "name": p.a_name}, "b": {"id": p.b, "name": p.b_name}, "reasons": list(p.reasons)}
                    for p in found])
        return 0
    for p in found:
        say(f"#{p.a} {p.a_name}  ~  #{p.b} {p.b_name}: {'; '.join(p.reasons)}")
    if not found:
        say("no likely duplicates")
    return 0


def cmd_show(args) -> int:
    open_db(args)
    cid = who(args.who)
    data = contacts.contact_dict(cid)
    if args.json:  # each interaction's id too: what unlog and relog take (a backup's ids would mean nothing)
        ids = interactions.recent(cid, limit=len(data["interactions"]))
        data["interactions"] = [{"id": row.id} | i for row, i in zip(ids, data["interactions"], strict=True)]
    from netui.core import strength

    s = strength.compute(cid, now())
    data["strength"] = {
        "score": s.score, "tier": s.tier, "factors": s.factors,
        "parts": [{"label": p.label, "points": p.points} for p in s.parts],
    }
    if args.json:
        print_json(data)
        return 0
    say(format_contact(data))
    return 0


def format_contact(data: dict) -> str:
    lines = [f"{data['name']}  (#{data['id']}, {data['circle']})"]
    org = " · ".join(p for p in (data["title"], data["organization"]) if p)
    if org:
        lines.append(f"  {org}")
    for key in ("emails", "phones", "urls"):
        for m in data[key]:
            lines.append(f"  {key[:-1]:<6} {m['value']}" + (f" ({m['label']})" if m["label"] else ""))
    for label, key in (("birthday", "birthday"), ("met on", "met_on"), ("how met", "how_met"), ("reason", "reason")):
        if data[key]:
            lines.append(f"  {label:<9} {data[key]}")
    if data["tags"]:
        lines.append("  tags      " + ", ".join(data["tags"]))
    lines.append(f"  last contact {data['last_contact'] or 'never'}; next due {data['next_due'] or '-'}")
    s = data.get("strength")
    if s:
        lines.append(f"  strength  {s['score']} ({s['tier']})")
        lines.extend(f"    {f}" for f in s["factors"])
    if data["note"]:
        lines.append("  note      " + data["note"].replace("\n", "\n            "))
    if data["interactions"]:
        lines.append("  interactions:")
        for i in data["interactions"][:10]:
            lines.append(f"    {i['occurred_at'][:16]}  {i['kind']:<9} {i['summary']}")
    return "\n".join(lines)
