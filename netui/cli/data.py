"""demo, export, import."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
from pathlib import Path

from peewee import IntegrityError

from netui.cli import UsageError, open_db
from netui.cli.common import Terminal, filled, now, number, say, writing
from netui.core import search
from netui.core.text import sanitize
from netui.db import open_database
from netui.interop import files
from netui.locations import database_path

EXPORT_FORMATS = ("json", "vcard", "vdir", "csv", "ics")
PART = ".netui-part"  # the suffix of a file being written next to its target


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="fill the database with a sample network")
    p.add_argument("--contacts", type=number(1, 100_000, "a number of contacts"), default=200, metavar="N")
    p.add_argument("--interactions", type=number(0, 1_000_000, "a number of interactions"), default=None, metavar="M",
                   help="default: 10 per contact")
    p.add_argument("--seed", type=number(0, 2**31 - 1, "a seed"), default=1, metavar="S")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("export", parents=[common], help="write everything out (json, vcard, vdir, csv, ics)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    p.add_argument("-o", "--output", metavar="FILE", type=filled("a file name"),
                   help="file (folder for vdir); - or nothing: standard output")
    p.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0",
                   help="vcard and vdir: the vCard version to write (default 3.0)")
    p.add_argument("--search", metavar="QUERY",
                   help="only the people this finds (as netui list --search); vcard, csv, or json as list --json")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", parents=[common], help="read contacts: .vcf, vdir folder, LinkedIn/Google CSV, JSON backup")
    p.add_argument("paths", nargs="+", metavar="PATH", type=filled("a file name"))
    p.add_argument("--dry-run", action="store_true", help="report what would happen, write nothing")
    p.add_argument("--replace", action="store_true",
                   help="JSON backup: restore its contacts exactly, replacing the database's version of each")
    p.add_argument("--yes", action="store_true", help="with --replace: do not ask first")
    p.set_defaults(func=cmd_import)


def cmd_demo(args) -> int:
    from netui.core import demo
    from netui.db.database import state

    open_db(args)
    if state.read_only:
        raise UsageError(f"{state.path} is read-only ({state.reason}): nothing was added")
    try:
        demo.generate(args.contacts, args.interactions, args.seed, now())
    except (IntegrityError, sqlite3.IntegrityError):  # the seed's UIDs are taken
        raise UsageError(
            f"the sample network of seed {args.seed} is already in this database: choose another --seed"
        ) from None
    say(f"added a sample network of {args.contacts} contacts")
    return 0


# --- export ---------------------------------------------------------------------------------------


def _clean_leftovers(target: Path) -> None:
    """Remove partial files an earlier export to ``target`` left behind when it was killed."""
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f".{target.name}.*{PART}"):
            pid = leftover.name[len(target.name) + 2 : -len(PART)]
            if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
                leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def _output(path: str | None, *, json: bool = False):
    """Where an export goes (see ``_into``); a file that cannot be written is named in one line."""
    if not path or path == "-":
        out = Terminal(sys.stdout, json_escape=json)
        yield out
        out.flush()
        return
    with writing(path), _into(path) as handle:
        yield handle


@contextlib.contextmanager
def _into(path: str):
    """A private file an export is written into.

    A regular file is written beside the target and renamed over it, 0600 (also when it replaces one);
    a symlink is written through (the file it points to is replaced, the link stays); a device or a pipe
    (``/dev/stdout``) is written into as it is; anything else is refused. The partial file is removed if
    the export fails, and one left by a killed export is removed on the next run."""
    given = Path(path).expanduser()
    target = Path(os.path.realpath(given))  # through symlinks, to the file they name
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    if mode is not None and not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise UsageError(f"{sanitize(str(given))} is {kind}: export to a file")
    if not target.parent.exists():
        files.private_folder(target.parent)
    _clean_leftovers(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}{PART}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            os.fchmod(handle.fileno(), 0o600)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def cmd_export(args) -> int:
    if args.search is not None:
        return _export_found(args)
    open_db(args)
    if args.format == "json":
        from netui.interop import backup

        with _output(args.output, json=True) as out:
            n = backup.write(out, now())
    elif args.format == "vdir":
        if not args.output or args.output == "-":
            raise UsageError("--format vdir needs -o FOLDER")
        from netui.interop import vdir

        folder = Path(args.output).expanduser()
        with writing(args.output):
            if not folder.exists() and not folder.is_symlink():
                files.private_folder(folder)
            n = vdir.export(folder, now(), args.vcard_version)
    elif args.format == "ics":
        from netui.interop import ics

        with _output(args.output) as out:
            n = ics.write(out, now())
    else:
        from netui.interop import csvfiles, vcard

        with _output(args.output) as out:
            n = vcard.write(out, now(), args.vcard_version) if args.format == "vcard" else csvfiles.write(out, now())
    if args.output and args.output != "-":
        say(f"exported {n} item{'s' * (n != 1)} to {args.output}", err=True)
    return 0


def _export_found(args) -> int:
    """``export --search``: the people a search finds, as vCard, CSV or JSON (``netui.interop.selection``)."""
    from netui.interop import selection  # as the other writers: loaded by the export that needs it

    text = args.search.strip()
    if not text:
        raise UsageError("--search is empty: say who (netui export without --search writes everyone)")
    if args.format not in selection.FORMATS:
        raise UsageError(f"--search exports {', '.join(selection.FORMATS)}, not {args.format}")
    open_db(args)
    found = search.ids(search.Query(text))
    if not found:
        raise UsageError(f"nobody matches \"{sanitize(text)}\": nothing exported")
    with _output(args.output, json=args.format == "json") as out:
        n = selection.write(out, found, args.format, now(), args.vcard_version)
    if args.output and args.output != "-":
        say(f"exported {n} {'person' if n == 1 else 'people'} to {args.output}", err=True)
    return 0


# --- import ---------------------------------------------------------------------------------------


def _confirm(statement: str) -> bool:
    """Ask on the terminal whether to go ahead with what ``statement`` says; refuse without one."""
    if not sys.stdin.isatty():
        raise UsageError(f"{statement}; add --yes to go ahead (there is no terminal to ask on)")
    say(f"{statement}. Go ahead? [y/N] ", err=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes")


def _restore_json(args, path: str) -> int:
    """One JSON backup: merged (the default) or restored exactly (--replace), a safety copy first."""
    from netui.core.contacts import count as contact_count
    from netui.interop import backup

    try:
        data = backup.load(Path(path))
    except backup.BackupError as exc:
        say(f"netui: {exc}", err=True)
        return 1
    people = len(data["contacts"])
    if args.dry_run:
        how = "replace" if args.replace else "merge"
        say(f"{path}: a JSON backup of {people} contacts (dry run: nothing to {how})")
        return 0
    if args.replace:
        replaced = backup.count_replaced(data)
        statement = (f"{path}: this replaces {replaced} of your {contact_count()} contacts with the backup's version "
                     f"(what was added to them since is lost) and adds {people - replaced}")
        if not args.yes and not _confirm(statement):
            say("nothing was restored", err=True)
            return 1
    n = now()
    copy = backup.safety_copy(n)
    if copy is not None:
        say(f"a copy of the database as it was is kept as {copy}", err=True)
    stats = backup.restore(data, n, replace=args.replace)
    say(backup.summary(path, stats))
    return 0


def cmd_import(args) -> int:
    json_paths = [p for p in args.paths if p.lower().endswith(".json")]
    other = [p for p in args.paths if p not in json_paths]
    for p in args.paths:
        if not Path(p).exists():
            raise UsageError(f"{p}: no such file or folder")
    if (args.replace or args.yes) and not json_paths:
        raise UsageError("--replace and --yes are for a JSON backup")
    if args.dry_run and not database_path(getattr(args, "db", None)).exists():
        # Nothing to merge into, and a dry run writes nothing: not even a new folder or empty database.
        open_database(":memory:")
    else:
        open_db(args)
    code = 0
    for p in json_paths:
        code = _restore_json(args, p) or code
    if other:
        from netui.interop import importer

        report = importer.import_paths([Path(p) for p in other], now(), dry_run=args.dry_run)
        say(report.text())
        code = code or (1 if report.failed_files else 0)
    return code
