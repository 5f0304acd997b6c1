"""tag, set: one change to everyone a search finds, from the shell (``netui.core.bulk``).

The people are chosen with the search language of ``netui list --search``; the change is one
transaction over all of them, and the line printed says who it changed. ``--dry-run`` says who it
would change and writes nothing.
"""

from __future__ import annotations

from netui.cli import UsageError, open_db
from netui.cli.common import now, say
from netui.core import bulk, formats, search

SEARCH_HELP = "who: the same search as netui list --search (tag:, circle:, org:, is:overdue, -word...)"


def register(sub, common) -> None:
    p = sub.add_parser("tag", parents=[common], help="tag (or untag) everyone a search finds")
    p.add_argument("tag", metavar="TAG")
    p.add_argument("--search", required=True, metavar="QUERY", help=SEARCH_HELP)
    p.add_argument("--remove", action="store_true", help="take the tag off instead")
    p.add_argument("--dry-run", action="store_true", help="say who it would change; change nothing")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("set", parents=[common], help="set the circle, cadence or archived for everyone a search finds")
    p.add_argument("field", metavar="FIELD", help=", ".join(bulk.FIELDS))
    p.add_argument("value", metavar="VALUE",
                   help="circle: ace, inner, regular, outer; cadence: days (30) or default; archived: yes or no")
    p.add_argument("--search", required=True, metavar="QUERY", help=SEARCH_HELP)
    p.add_argument("--dry-run", action="store_true", help="say who it would change; change nothing")
    p.set_defaults(func=cmd_set)


def cmd_tag(args) -> int:
    return _run(args, bulk.tagging(args.tag, remove=args.remove))


def cmd_set(args) -> int:
    return _run(args, bulk.setting(args.field, args.value))


def _run(args, change: bulk.Change) -> int:
    text = args.search.strip()
    if not text:
        raise UsageError("--search is empty: say who (an empty search would change everyone)")
    open_db(args)
    query = search.Query(text)
    found = [r.id for r in search.page(query, "name", 0, search.count(query))]
    if not found:
        raise UsageError(f"nobody matches \"{text}\": nothing changed")
    if args.dry_run:
        ids = bulk.pending(found, change)
    else:
        ids = bulk.apply(found, change, now())
    if not ids:
        say(f"nothing to change for {_already(change, len(found))}")
        return 0
    say(f"{bulk.describe(change, len(ids), done=not args.dry_run)}: {', '.join(bulk.names(ids))}")
    return 0


def _already(change: bulk.Change, count: int) -> str:
    """Why nobody of the ``count`` found needs the change: "they already have the tag vip"."""
    if change.field == "tag":
        state = f"{'none of them has' if change.remove else 'they already have'} the tag {bulk.tag_key(change)}"
    elif change.field == "archived":
        state = f"they are {'already' if change.value else 'not'} archived"
    else:
        state = f"they already have that {change.field}"
    return f"the {formats.count(count, 'person', 'people')} found ({state})"
