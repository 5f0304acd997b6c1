"""sync: keep the database in step with vdir folders that vdirsyncer syncs with a server.

The folders are remembered in the database (its ``Meta`` table), so after the first
``netui sync --contacts DIR --reminders DIR`` a plain ``netui sync`` does the same again. Run it
between two ``vdirsyncer sync`` (see the README's "Sync across devices").
"""

from __future__ import annotations

from pathlib import Path

from netui.cli import UsageError, open_db
from netui.cli.common import filled, now, print_json, say


def register(sub, common) -> None:
    p = sub.add_parser("sync", parents=[common], help="two-way contacts and reminders with vdir folders")
    p.add_argument("--contacts", metavar="DIR", type=filled("a folder name"), help="vdir folder of .vcf files, two-way (remembered)")
    p.add_argument("--reminders", metavar="DIR", type=filled("a folder name"), help="folder for .ics reminders, two-way (remembered)")
    p.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    p.add_argument("--conflicts", action="store_true", help="list the conflicts earlier syncs found, and stop")
    p.add_argument("--clear-conflicts", action="store_true", help="forget the listed conflicts")
    p.add_argument("--status", action="store_true", help="when the last sync ran, whether it failed, and what it wrote")
    p.add_argument("--json", action="store_true", help="the counts and conflicts as JSON")
    p.add_argument("--merge", nargs=2, metavar=("A", "B"),
                   help="merge two versions of a card into both files (vdirsyncer's conflict_resolution command)")
    p.set_defaults(func=cmd_sync)


def cmd_sync(args) -> int:
    from netui.interop import sync

    if args.merge:
        for path in args.merge:
            if not Path(path).is_file():
                raise UsageError(f"{path}: no such file")
        try:
            aside = sync.merge_files(Path(args.merge[0]), Path(args.merge[1]), now())
        except sync.SyncError as exc:
            raise UsageError(str(exc)) from None
        for line in aside:
            say(f"from sync conflict: {line}", err=True)
        return 0
    open_db(args)
    if args.status:
        state = sync.status()
        if args.json:
            print_json(state)
        else:
            for line in sync.status_lines(state):
                say(line)
        return 0
    if args.conflicts or args.clear_conflicts:
        listed = sync.conflicts()
        if args.json:
            print_json(listed)
        else:
            for c in listed:
                say(f"{c.get('at', '')}  {c.get('name', '')}: {c.get('what', '')}")
            if not listed:
                say("no sync conflicts")
        if args.clear_conflicts:
            n = sync.clear_conflicts()
            say(f"forgot {n} conflict{'s' * (n != 1)}", err=True)
        return 0
    remembered = sync.folders()
    contacts_dir = args.contacts or remembered["contacts"]
    reminders_dir = args.reminders or remembered["reminders"]
    if not contacts_dir and not reminders_dir:
        raise UsageError(
            "no folder to sync with: give --contacts DIR (and --reminders DIR) once; they are remembered"
        )
    n = now()
    out: dict = {"dry_run": args.dry_run}
    contacts_report = reminders_report = None
    try:
        if contacts_dir:
            contacts_report = sync.sync_contacts(Path(contacts_dir), n, dry_run=args.dry_run)
        if reminders_dir:
            reminders_report = sync.sync_reminders(Path(reminders_dir), n, dry_run=args.dry_run)
    except (OSError, ValueError) as exc:  # remembered for `netui sync --status` and the app's header
        if not args.dry_run:
            sync.record_failure(n, str(exc))
        if isinstance(exc, sync.SyncError):
            raise
        raise UsageError(f"sync failed: {exc}") from None
    if contacts_report is not None:
        out["contacts"] = {**contacts_report.counts(), "folder": str(contacts_report.folder),
                           "conflicts": [{"uid": c.uid, "name": c.name, "what": c.what} for c in contacts_report.conflicts],
                           "problems": contacts_report.problems}
    if reminders_report is not None:
        out["reminders"] = {"folder": str(reminders_report.folder), "written": reminders_report.written,
                            "deleted": reminders_report.deleted, "unchanged": reminders_report.unchanged,
                            "closed": len(reminders_report.closed), "moved": len(reminders_report.moved),
                            "asked": len(reminders_report.asked), "problems": reminders_report.problems}
    if not args.dry_run:
        sync.record_last(n, contacts_report, reminders_report)
    if args.json:
        print_json(out)
        return 0
    for report in (contacts_report, reminders_report):
        if report is not None:
            say(report.text())
    if args.dry_run:
        say("Dry run: nothing was written.")
    return 0
