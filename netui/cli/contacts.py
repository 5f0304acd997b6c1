"""add, edit, delete, log, list, show."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from netui.cli import UsageError, open_db
from netui.cli.common import MAX_ID, Terminal, day, filled, now, number, print_json, say, when, who
from netui.core import (
    contacts,
    duplicates,
    formats,
    interactions,
    match_hints,
    names,
    reasons,
    relations,
    search,
    settings,
    strength,
    validate,
)
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
    p.add_argument("--introduced-by", metavar="WHO", help="the contact who introduced you (how met, as a person)")


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
    p.add_argument("who", nargs="+", help="one person, or several: one interaction with all of them (a dinner)")
    p.add_argument("--kind", required=True, help=", ".join(INTERACTION_KINDS))
    p.add_argument("--on", metavar="DATE", help="when it happened (default: now)")
    p.add_argument("--note", default="", metavar="TEXT", help="what it was about")
    p.set_defaults(func=cmd_log)

    p = sub.add_parser("unlog", parents=[common], help="delete a logged interaction (its id is in show --json)")
    p.add_argument("id", metavar="ID", help="the interaction's id (#12 or 12)")
    p.add_argument("--all", action="store_true",
                   help="an interaction with several people: delete it for everyone (default: only this person)")
    p.set_defaults(func=cmd_unlog)

    p = sub.add_parser("relog", parents=[common], help="correct a logged interaction")
    p.add_argument("id", metavar="ID", help="the interaction's id (#12 or 12)")
    p.add_argument("--kind", help=", ".join(INTERACTION_KINDS))
    p.add_argument("--on", metavar="DATE", help="when it happened")
    p.add_argument("--note", metavar="TEXT", help="what it was about (the summary, as log --note sets it)")
    p.add_argument("--summary", metavar="TEXT", help="the same as --note")
    p.set_defaults(func=cmd_relog)

    p = sub.add_parser("list", parents=[common], help="list or search contacts")
    p.add_argument("--search", type=filled("words to look for (netui list alone lists everyone)"), metavar="TEXT",
                   help="the same search as the TUI's filter: words, -word, \"a phrase\", tag:, circle:, org:, "
                        "title:, tier:, trend:, met:, last:, is:, has:, owes:, owed: (see the README)")
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
        birthday=parse_birthday(args.birthday, now().date()) if args.birthday else None,
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
    data = names.filled(_input(args, name=args.name))  # a card written later has a real N:
    open_db(args)
    if not args.allow_duplicate:
        same = duplicates.similar(data)
        if same:
            raise UsageError(f"not added: {duplicates.describe(same)}; add --allow-duplicate to add them anyway")
    introducer = who(args.introduced_by) if args.introduced_by else None
    cid = relations.with_introducer(lambda: contacts.create(data, now()), introducer, now())
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
    data = names.filled(data, cid)  # a renamed contact's guessed given/family names follow the name
    introducer = who(args.introduced_by) if args.introduced_by else None
    if introducer == cid:
        raise UsageError("--introduced-by names the contact being edited: who introduced you?")
    before = len(relations.of(cid))
    updated: list[bool] = []
    relations.with_introducer(lambda: updated.append(contacts.update(cid, data, now())) or cid, introducer, now())
    changed = updated[0] or len(relations.of(cid)) != before
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
    ids = list(dict.fromkeys(who(w) for w in args.who))
    done = interactions.log_with(ids, kind, occurred, now(), summary=args.note)
    people = [contacts.get(cid) for cid in ids]
    if len(people) > 1:
        say(f"logged one {kind} with {', '.join(c.name for c in people)} on {formats.moment(occurred)}")
    for c, logged in zip(people, done, strict=True):
        if len(people) == 1:
            say(f"logged {kind} with {c.name} on {formats.moment(occurred)}; next touch due {formats.day(c.next_due_at, empty='-')}")
        else:
            say(f"  {c.name}: next touch due {formats.day(c.next_due_at, empty='-')}")
        if logged.closed:
            say(("closed: " if len(people) == 1 else "    closed: ") + ", ".join(x.words for x in logged.closed))
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
    people = interactions.participants(iid)
    logged = interactions.delete(iid, now(), whole=args.all)
    c = contacts.get(row.contact_id)
    if len(people) > 1:
        others = ", ".join(contacts.get(p).name for p in people[1:])
        say(f"the {row.kind} was with {others} too: " + ("deleted for everyone" if args.all else
            f"they keep it (netui unlog {iid} --all deletes it for everyone)"))
    say(f"deleted {row.kind} with {c.name} on {formats.moment(row.occurred_at)}; "
          f"last contact {formats.day(c.last_contact_at, empty='never')}, next touch due {formats.day(c.next_due_at, empty='-')}")
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
    people = interactions.participants(iid)
    if len(people) > 1:  # one interaction with several people: changed for all of them
        c_names = ", ".join(contacts.get(p).name for p in people)
        say(f"changed #{iid} for everyone it was with: {c_names}")
    say(f"changed #{iid}: {row.kind} with {c.name} on {formats.moment(row.occurred_at)}; "
          f"next touch due {formats.day(c.next_due_at, empty='-')}")
    _say_changes(logged)
    return 0


def cmd_list(args) -> int:
    text = args.search or ""  # no --search: everyone (an empty one is refused: say what to look for)
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
        # Here, not at the top: the backup's reader and writer are for this output alone (start-up of the rest).
        from netui.interop import backup_export
        from netui.interop.backup_text import dumps

        # What print_json writes, from the backup's encoder (json's own indents in Python are several times
        # slower), a few thousand people at a time: 30,000 people held as dicts at once took 339 MB.
        out = Terminal(sys.stdout, json_escape=True)
        for n, start in enumerate(range(0, len(rows), JSON_CHUNK)):
            part = rows[start : start + JSON_CHUNK]
            cached = {r.id: {"strength": r.strength, "tier": r.strength_tier,
                             "trend": strength.trend_for(r.strength, r.strength_prev)} for r in part}
            related = relations.of_many([r.id for r in part])  # three queries per chunk, not three per row
            listing = [d | cached[d["id"]] | {"relations": [relations.as_dict(x) for x in related.get(d["id"], [])]}
                       for d in backup_export.contact_dicts([r.id for r in part])]
            out.write(("[\n  " if n == 0 else ",\n  ") + ",\n  ".join(dumps(item, "  ", step="  ") for item in listing))
        out.write("\n]\n" if rows else "[]\n")  # as the backup writes its contacts, item by item
        return 0
    if not rows:  # said on stderr: what a script reads from stdout stays empty
        say(_nobody_words(query), err=True)
        return 0
    today = now().date()
    id_width = max(len(f"#{r.id}") for r in rows)
    found = match_hints.hints([r.id for r in rows], text) if text.strip() else {}
    for r in rows:
        hint = found.get(r.id)
        say(_list_line(r, args.sort, today, id_width) + (f"  · {formats.clip(str(hint), HINT_COLUMNS)}" if hint else ""))
    return 0


JSON_CHUNK = 2000  # people read and written at a time by list --json
NAME_COLUMNS, ORG_COLUMNS = 26, 24  # with an id of 7 and the last contact: 79 columns
HINT_COLUMNS = 40  # where a search found someone, when not in the name ("email: ada@quartz.example")


def _list_line(r: search.ContactRow, sort: str, today, id_width: int) -> str:
    """One row of ``netui list``: columns by display width (CJK and emoji line up), cuts end in an
    ellipsis, two spaces between columns, and the value sorted on shown last."""
    org = " · ".join(part for part in (r.organization, r.title) if part)
    last = formats.day(r.last_contact_at, empty="never")
    cols = [f"#{r.id}".ljust(id_width), formats.fit(r.name, NAME_COLUMNS), formats.fit(org, ORG_COLUMNS),
            f"last {last}".ljust(16)]
    if sort == "strength":
        cols.append(f"strength {r.strength:>3} {r.strength_tier}")
    elif sort == "overdue":
        cols.append(_due_words(r.next_due_at, today))
    return "  ".join(cols).rstrip()


def _due_words(next_due: str | None, today) -> str:
    if not next_due:
        return "no cadence"
    due = dt.date.fromisoformat(next_due[:10])
    late = (today - due).days
    if late > 0:
        return f"overdue by {formats.days(late)}"
    return "due today" if late == 0 else f"due {formats.relative(due, today)}"


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
        say(f"    netui merge {p.a} {p.b}")
    if not found:
        say("no likely duplicates")
    else:
        say("netui merge A B shows both side by side and merges B into A with --yes")
    return 0


def cmd_show(args) -> int:
    open_db(args)
    cid = who(args.who)
    data = contacts.contact_dict(cid)
    if args.json:  # each interaction's id too: what unlog and relog take (a backup's ids would mean nothing)
        ids = interactions.recent(cid, limit=len(data["interactions"]))
        others = interactions.shared_with((row.share for row in ids), cid)
        data["interactions"] = [
            {"id": row.id} | i | {"with": [{"id": o, "name": n} for o, n in others.get(row.share or "", [])]}
            for row, i in zip(ids, data["interactions"], strict=True)
        ]
    s = strength.compute(cid, now())
    data["strength"] = {
        "score": s.score, "tier": s.tier, "trend": s.trend, "factors": s.factors,
        "parts": [{"label": p.label, "points": p.points} for p in s.parts],
    }
    data["tier"], data["trend"] = s.tier, s.trend  # as `list --json` has them
    if args.json:
        print_json(data)
        return 0
    say(format_contact(data, now().date(), _introductions(cid)))
    return 0


def _introductions(cid: int) -> list[str]:
    out = []
    for intro in contacts.introductions_of(cid):
        other = intro.b if intro.a_id == cid else intro.a
        what = "asked to introduce you to" if intro.kind == "ask" and intro.a_id == cid else "with"
        out.append(f"{what} {other.name}: {intro.status}, proposed {formats.day(intro.proposed_on)}"
                   + (f", made {formats.day(intro.made_on)}" if intro.made_on else ""))
    return out


SHOWN_INTERACTIONS = 10


def format_contact(data: dict, today: dt.date, introductions: list[str] = ()) -> str:  # type: ignore[assignment]
    """``netui show``: everything about one person, in sections, dates as ``09 Dec 2026``."""
    lines = [f"{data['name']}  (#{data['id']}, {data['circle']} circle"
             + (", archived" if data["archived"] else "") + (", organisation" if data["kind"] == "org" else "") + ")"]
    org = " · ".join(p for p in (data["title"], data["organization"]) if p)
    if org:
        lines.append(f"  {org}")

    def row(label: str, value: str) -> None:
        lines.append(f"  {label:<12} " + value.replace("\n", "\n" + " " * 15))

    if data["nickname"]:
        row("nickname", data["nickname"])
    for key, label in (("emails", "email"), ("phones", "phone"), ("urls", "link")):
        for m in data[key]:
            row(label, m["value"] + (f" ({m['label']})" if m["label"] else "") + (" *" if m["preferred"] else ""))
    for a in data["addresses"]:
        place = ", ".join(p for p in (a["street"], a["locality"], a["region"], a["postal_code"], a["country"]) if p)
        row("address", place + (f" ({a['label']})" if a["label"] else ""))
    for p in data["profiles"]:
        row("profile", f"{p['service']}: {p['value']}" if p["service"] else p["value"])
    if data["birthday"]:
        row("birthday", formats.yearly(data["birthday"]))
    for d in data["dates"]:
        row(d["label"] or "date", formats.yearly(d["date"]))
    for r in data["related"]:
        row(r["label"] or "related", r["name"] + (f" (#{r['contact_id']})" if r["contact_id"] else ""))
    if data["met_on"]:
        row("met on", formats.day(data["met_on"]))
    for label, key in (("how met", "how_met"), ("reason", "reason")):
        if data[key]:
            row(label, data[key])
    if data["tags"]:
        row("tags", ", ".join(data["tags"]))
    every = settings.current().cadence_for(data["circle"], data["cadence_days"])
    row("cadence", f"every {formats.days(every)}" + ("" if data["cadence_days"] else f" ({data['circle']} circle)"))
    last = data["last_contact"]
    row("last contact", f"{formats.moment(last)} ({formats.relative(dt.date.fromisoformat(last[:10]), today)})"
        if last else "never")
    due = data["next_due"]
    if due:
        row("next due", f"{formats.day(due)} ({formats.relative(dt.date.fromisoformat(due[:10]), today)})")
    s = data.get("strength")
    if s:
        row("strength", f"{s['score']}/100 ({s['tier']}, {s['trend']})")
        lines.extend(f"{' ' * 17}{f}" for f in s["factors"])
    for r in data.get("relations", []):
        row("people", f"{r['label'] if r['type'] == 'custom' else r['type'].replace('-', ' ')} {r['name']}"
            + (f" ({r['label']})" if r["label"] and r["type"] != "custom" else ""))
    if data["note"]:
        row("about", data["note"])
    _section(lines, "reminders", [
        f"{r['kind']}: due {formats.moment(r['next_due_at'] or r['due_at'])}"
        + (f", snoozed until {formats.moment(r['snoozed_until'])}" if r["snoozed_until"] else "")
        + (f" ({r['note']})" if r["note"] else "")
        for r in data["reminders"] if not r["done_at"]
    ])
    _section(lines, "give and take", [
        f"{g['direction']:<8} {g['text']}" + (f" ({formats.day(g['done_on'] or g['created_on'])})")
        + ("" if g["status"] == "open" or g["direction"] != "idea" else f", {g['status']}")
        for g in data["gives"] if g["direction"] != "idea" or g["status"] == "open"
    ])
    _section(lines, "introductions", list(introductions))
    history = [f"{h['title'] + ' · ' if h['title'] else ''}{h['organization']} (until {formats.day(h['until'])})"
               for h in data["org_history"]]
    _section(lines, "before", history)
    _section(lines, "journal", [f"{formats.day(e['on'])}  " + e["text"].replace("\n", "\n" + " " * 17)
                                for e in data.get("journal", [])[:SHOWN_INTERACTIONS]])
    shown = data["interactions"][:SHOWN_INTERACTIONS]
    more = len(data["interactions"]) - len(shown)
    _section(lines, "interactions", [
        f"{formats.moment(i['occurred_at']):<17}  {i['kind']:<9} {i['summary']}" for i in shown
    ] + ([f"... and {formats.count(more, 'earlier one')} (show --json lists them all)"] if more > 0 else []))
    return "\n".join(lines)


def _section(lines: list[str], title: str, items: list[str]) -> None:
    if items:
        lines.append(f"  {title}:")
        lines.extend(f"    {item}" for item in items)
