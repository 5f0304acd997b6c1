"""merge: two contacts who are one person become one, field by field, keeping every record of both."""

from __future__ import annotations

from netui.cli import open_db
from netui.cli.common import now, say, who
from netui.core import merge_people
from netui.db import backups
from netui.locations import database_path


def register(sub, common) -> None:
    p = sub.add_parser("merge", parents=[common], help="merge B into A: one person, every record of both kept",
                       description="Merge B into A. Without --yes it shows both sides and what it would do, "
                                   "and changes nothing.")
    p.add_argument("a", metavar="A", help="the contact that stays")
    p.add_argument("b", metavar="B", help="the contact merged into A (deleted once everything is moved)")
    for c in merge_people.CHOOSABLE:
        p.add_argument(f"--keep-{c.key}", choices=c.sides, dest=f"keep_{c.key.replace('-', '_')}",
                       help=f"whose {c.label} to keep when both have one (default: {c.sides[0]})")
    p.add_argument("--yes", action="store_true", help="merge (without it: show what would happen)")
    p.set_defaults(func=cmd_merge)


def describe(preview: merge_people.Preview, keep: dict[str, str]) -> list[str]:
    """Both sides field by field, the side kept marked, and B's records that move to A."""
    lines = [f"merge #{preview.b_id} {preview.b_name} (B) into #{preview.a_id} {preview.a_name} (A):"]
    for f in preview.fields:
        if not f.a and not f.b:
            continue
        side = keep.get(f.key) or f.default
        if not f.differs:
            lines.append(f"  {f.label:<13} {(f.a or f.b).splitlines()[0]}")
            continue
        mark = {"a": ("*", " "), "b": (" ", "*"), "both": ("*", "*")}[side]
        lines.append(f"  {f.label:<13} {mark[0]} A: {f.a.splitlines()[0]}")
        lines.append(f"  {'':<13} {mark[1]} B: {f.b.splitlines()[0]}   (--keep-{f.key} {'/'.join(merge_people.SIDES[f.key])})")
    lines.append(f"  moves to A: {merge_people.moving_words(preview.moving)}")
    return lines


def cmd_merge(args) -> int:
    keep = {c.key: getattr(args, f"keep_{c.key.replace('-', '_')}") for c in merge_people.CHOOSABLE}
    keep = {k: v for k, v in keep.items() if v}
    open_db(args)
    a, b = who(args.a), who(args.b)
    preview = merge_people.preview(a, b)
    for line in describe(preview, keep):
        say(line)
    if not args.yes:
        say("not merged: add --yes to merge (* marks what is kept)")
        return 0
    copy = backups.take(database_path(getattr(args, "db", None)), "manual", now=now())
    done = merge_people.merge(a, b, now(), keep)
    say(f"merged into #{done.contact_id} {done.name}: {done.moved} records moved, {done.dropped} repeats dropped")
    say(f"the database as it was is kept in {copy} (netui restore puts it back)")
    return 0
