"""scan: interactions found in your own mail and calendar files, reviewed before they are logged."""

from __future__ import annotations

import sys
from itertools import chain, groupby
from pathlib import Path

from netui.cli import open_db
from netui.cli.common import UsageError, day, filled, now, print_json, say
from netui.core import formats, scan, settings
from netui.interop import mailscan


def register(sub, common) -> None:
    p = sub.add_parser(
        "scan", parents=[common],
        help="propose interactions from mail (mbox, Maildir, .eml) and calendar (.ics) files",
        description="Read mail and calendar files on this machine (headers only; nothing is sent anywhere), "
        "match their addresses to your contacts and propose the interactions. Without --yes you are asked "
        "(at a terminal) or shown the list and nothing is written.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", type=filled("a file name"), help="an mbox file, a Maildir folder, a folder of .eml files or an .ics file")
    p.add_argument("--since", metavar="DATE", help="only messages and events from this day on")
    p.add_argument("--dry-run", action="store_true", help="show what would be logged; write nothing")
    p.add_argument("--yes", action="store_true", help="accept every proposal without asking")
    p.add_argument("--json", action="store_true", help="print the proposals as JSON")
    p.add_argument("--never", action="append", default=[], metavar="ADDRESS",
                   help="never propose anything through ADDRESS again, in this scan and every later one "
                   "(a shared inbox, an assistant, an old address); repeatable; --never-list shows them")
    p.add_argument("--never-list", action="store_true", help="print the addresses on the never-list and stop")
    p.set_defaults(func=cmd_scan)


def cmd_scan(args) -> int:
    open_db(args)
    at = now()
    since = day(args.since, "--since") if args.since else None
    bad = [a for a in args.never if "@" not in a]
    if bad:
        raise UsageError(f"--never {bad[0]!r}: not an email address")
    if args.never_list:
        for address in sorted(scan.never_list()):
            say(address)
        return 0
    if args.never and not args.dry_run:
        added = scan.never(args.never, at)
        if added and not args.json:
            say(f"Never proposed again: {', '.join(added)}")
    if not args.paths:
        if args.never:
            return 0
        raise UsageError("scan: give at least one PATH (an mbox, a Maildir or .eml folder, an .ics file)")
    paths = [Path(p) for p in args.paths]
    for path in paths:  # refuse a wrong path before reading any
        mailscan.kind_of(path)
    items = chain.from_iterable(mailscan.read(path, at, since=since) for path in paths)
    result = scan.propose(items, at, me=settings.current().scan_me, since=since,
                          never=args.never if args.dry_run else ())
    for damaged in result.damaged:
        say(f"netui: skipped {damaged.where}: {damaged.reason}", err=True)
    if args.json:
        print_json({
            "proposals": [p.as_dict() for p in result.proposals],
            "new_people": [{"name": n.name, "address": n.address, "messages": n.count} for n in result.new_people],
            "damaged": [{"where": d.where, "reason": d.reason} for d in result.damaged],
        })
    else:
        _show(result)
    if args.dry_run or not result.proposals:
        return 0
    if args.yes:
        accepted, skipped = result.proposals, []
    elif sys.stdin.isatty() and not args.json:
        accepted, skipped = _ask(result.proposals)
        if not accepted and not skipped:
            say("Stopped: nothing written.")
            return 0
    else:
        if not args.json:
            say("Nothing written: run again with --yes to log these, or at a terminal to choose.")
        return 0
    logged = scan.accept(accepted, at)
    scan.skip(skipped, at)
    closed = sum(len(entry.closed) for entry in logged)
    if not args.json:
        say(f"Logged {len(logged)} interaction{'s' if len(logged) != 1 else ''}; {len(skipped)} skipped; "
            f"{closed} reminder{'s' if closed != 1 else ''} answered.")
    return 0


def _show(result: scan.ScanResult) -> None:
    say(f"Scanned {result.messages} message(s) and {result.events} event occurrence(s); "
          f"{result.left_out} from lists, no-reply or bulk senders left out; "
          f"{result.already_seen} already seen" + (f"; {result.never} through addresses on the never-list" if result.never else "")
          + ".")
    if result.me and result.learnt_me:
        say(f"Taken for your address: {', '.join(result.me)} (on the most messages; set [scan] me in config.toml)")
    for (contact_id, name), group in groupby(result.proposals, key=lambda p: (p.contact_id, p.name)):
        rows = list(group)
        say(f"\n{name} (#{contact_id}): {len(rows)}")
        for p in rows:
            say(f"  {formats.moment(p.occurred_at):<17}  {p.kind:<9}  {p.summary}")
    if not result.proposals:
        say("Nothing new to log.")
    if result.new_people:
        say("\nNew people? (frequent correspondents who are not contacts; add them with `netui add`)")
        for person in result.new_people:
            say(f"  {person.name or '-'} <{person.address}>: {person.count} messages")


def _ask(proposals: list[scan.Proposal]) -> tuple[list[scan.Proposal], list[scan.Proposal]]:
    """Person by person: y logs their proposals, n skips them (for good), a logs everyone's from here."""
    accepted: list[scan.Proposal] = []
    skipped: list[scan.Proposal] = []
    groups = [list(g) for _, g in groupby(proposals, key=lambda p: p.contact_id)]
    for i, group in enumerate(groups):
        while True:
            try:
                answer = input(f"Log {len(group)} for {group[0].name}? [y/n/a/q] ").strip().lower()
            except EOFError:
                answer = "q"
            if answer in ("y", "n", "a", "q"):
                break
            say("y: log these, n: skip them (not offered again), a: log all that remain, q: stop here")
        if answer == "q":
            break
        if answer == "a":
            accepted.extend(chain.from_iterable(groups[i:]))
            break
        (accepted if answer == "y" else skipped).extend(group)
    return accepted, skipped
