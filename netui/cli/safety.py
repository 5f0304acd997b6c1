"""backup, restore, check: keeping the one file safe.

None of these opens the database the usual way (no migration, no pragma that writes): a backup and
a check read through their own read-only connection, so they work on a read-only, newer or damaged
file and never change it. ``check`` remembers damage it finds, so later commands refuse to write to
the file until it is restored or repaired (``check --repair``); ``restore`` and ``--repair`` refuse
while a netui has the database open.
"""

from __future__ import annotations

from pathlib import Path

from netui.cli.common import UsageError, filled, now, writing
from netui.core import search
from netui.db import backups, check, close_database, db, open_database, repair
from netui.locations import NotNetuiDatabase, database_path


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help="copy the database now (into backups/ beside it, or to PATH)")
    p.add_argument("path", nargs="?", metavar="PATH", type=filled("a file name"), help="a file or folder to write the copy to")
    p.add_argument("--list", action="store_true", help="list the backups kept beside the database")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="put a backup in place of the database (backs up the current file first)")
    p.add_argument("backup", metavar="BACKUP", type=filled("a backup file or its name"), help="a backup file, or the name of one in the backups folder")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", parents=[common], help="check the database for damage (changes nothing; exit 1 if damaged)")
    p.add_argument("--repair", action="store_true",
                   help="copy what can be read from a damaged database into a new one (the damaged file is kept aside)")
    p.set_defaults(func=cmd_check)


def _db(args) -> Path:
    return database_path(getattr(args, "db", None))


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, size // 1024)} KB"


def cmd_backup(args) -> int:
    db_path = _db(args)
    if args.list:
        found = backups.list_backups(db_path)
        if not found:
            print(f"no backups of {db_path} yet (they are kept in {backups.folder(db_path)})")
            return 0
        for b in found:
            print(f"{b.describe():<34} {_size(b.path):>9}  {b.path}")
        return 0
    target = Path(args.path).expanduser() if args.path else None
    check.refuse_foreign(db_path)
    if target is None:
        written = backups.take(db_path, "manual", now=now())
    else:  # the file the user named: one that cannot be written is a mistake to fix (exit 2), named
        with writing(args.path):
            try:
                written = backups.take(db_path, "manual", now=now(), target=target)
            except backups.BackupError as exc:
                raise UsageError(str(exc)) from None
    print(f"backed up {db_path} to {written}")
    info = backups.parse_name(written)
    if info is not None and info.kind == "damaged":
        print("The database fails its check: the copy is kept as a damaged one and does not replace a good backup. "
              "Run `netui check`.")
        return 1
    return 0


def _find(name: str, db_path: Path) -> Path:
    path = Path(name).expanduser()
    if path.exists() or path.parent != Path("."):
        return path
    return backups.folder(db_path) / name


def cmd_restore(args) -> int:
    db_path = _db(args)
    source = _find(args.backup, db_path)
    previous = backups.restore(source, db_path, now())
    print(f"restored {db_path} from {source}")
    if previous is not None:
        print(f"the file it replaced is kept as {previous}")
    return 0


def cmd_check(args) -> int:
    db_path = _db(args)
    if args.repair:
        check.refuse_foreign(db_path)
        return _repair(db_path, check.integrity_check(db_path))
    result = check.integrity_check(db_path)
    print(result.text())
    if result.ok:
        check.clear_damage(db_path)
        return 0
    if db_path.exists() and not result.broken_links and _ours(db_path):
        check.record_damage(db_path, result.summary)
        print("Until it is restored or repaired (netui check --repair), netui refuses to write to it.")
    if db_path.exists():
        good = backups.newest_good(db_path)
        if good is None:
            print(f"No good backup was found in {backups.folder(db_path)}.")
        else:
            print(f"The newest good backup is from {good.describe()}: {good.path}")
            print(f"Restore it with: netui restore {good.path}")
    return 1


def _ours(db_path: Path) -> bool:
    """Is ``db_path`` netui's, as far as can be told (damage is recorded only beside netui's files)?"""
    try:
        check.refuse_foreign(db_path)
    except NotNetuiDatabase:
        return False
    return True


def _repair(db_path: Path, result: check.CheckResult) -> int:
    if result.ok:
        check.clear_damage(db_path)
        print(f"{result.summary} Nothing to repair.")
        return 0
    if not db_path.exists():
        print(result.summary)
        return 1
    report = repair.repair(db_path, now())
    open_database(db_path)  # the repaired file at the latest schema; the search index is derived data
    try:
        with db.atomic():
            search.rebuild()
    finally:
        close_database()
    print(report.text())
    return 0
