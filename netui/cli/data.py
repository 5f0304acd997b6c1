"""demo, export, import."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from netui.cli import UsageError, open_db
from netui.cli.common import now
from netui.interop import files

EXPORT_FORMATS = ("json", "vcard", "vdir", "csv", "ics")


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="fill the database with a sample network")
    p.add_argument("--contacts", type=int, default=200, metavar="N")
    p.add_argument("--interactions", type=int, default=None, metavar="M", help="default: 10 per contact")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("export", parents=[common], help="write everything out (json, vcard, vdir, csv, ics)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", metavar="FILE", help="file (folder for vdir); default: standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[common], help="read contacts: .vcf, vdir folder, LinkedIn/Google CSV, JSON backup")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    p.set_defaults(func=cmd_import)


def cmd_demo(args) -> int:
    if args.contacts < 0 or (args.interactions is not None and args.interactions < 0):
        raise UsageError("--contacts and --interactions must not be negative")
    from netui.core import demo

    open_db(args)
    demo.generate(args.contacts, args.interactions, args.seed, now())
    print(f"added a sample network of {args.contacts} contacts")
    return 0


@contextlib.contextmanager
def _output(path: str | None):
    if not path or path == "-":
        yield sys.stdout
        return
    with files.atomic_text(Path(path)) as handle:  # 0600, and the old file stays if the export fails
        yield handle


def cmd_export(args) -> int:
    open_db(args)
    if args.format == "json":
        from netui.interop import backup

        with _output(args.output) as out:
            n = backup.write(out, now())
    elif args.format == "vdir":
        if not args.output:
            raise UsageError("--format vdir needs -o FOLDER")
        from netui.interop import vdir

        n = vdir.export(Path(args.output), now())
    elif args.format == "ics":
        from netui.interop import ics

        with _output(args.output) as out:
            n = ics.write(out, now())
    else:
        from netui.interop import csvfiles, vcard

        writer = vcard.write if args.format == "vcard" else csvfiles.write
        with _output(args.output) as out:
            n = writer(out, now())
    if args.output:
        print(f"exported {n} item{'s' * (n != 1)} to {args.output}", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    json_paths = [p for p in args.paths if p.lower().endswith(".json")]
    other = [p for p in args.paths if p not in json_paths]
    for p in args.paths:
        if not Path(p).exists():
            raise UsageError(f"{p}: no such file or folder")
    from netui.locations import database_path  # here, as open_db does: peewee is not loaded for --help

    if args.dry_run and not database_path(getattr(args, "db", None)).exists():
        from netui.db import open_database

        # Nothing to merge into, and a dry run writes nothing: not even a new folder or empty database.
        open_database(":memory:")
    else:
        open_db(args)
    code = 0
    for p in json_paths:
        from netui.interop import backup

        if args.dry_run:
            print(f"{p}: a JSON backup (dry run: nothing restored)")
            continue
        try:
            stats = backup.read(Path(p), now())
        except backup.BackupError as exc:
            print(f"netui: {exc}", file=sys.stderr)
            code = 1
            continue
        print(f"{p}: restored {stats['new']} new and {stats['replaced']} replaced contacts")
    if other:
        from netui.interop import importer

        report = importer.import_paths([Path(p) for p in other], now(), dry_run=args.dry_run)
        print(report.text())
        code = code or (1 if report.failed_files else 0)
    return code
