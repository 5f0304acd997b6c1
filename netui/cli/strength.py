"""stats: the network overview's figures, as text or JSON."""

from __future__ import annotations

from netui.cli import UsageError, open_db
from netui.cli.common import now, number, print_json, say
from netui.core import formats


def register(sub, common) -> None:
    """Add this module's sub-commands."""
    p = sub.add_parser("stats", parents=[common], help="the shape of your network: tiers, fading, aces, balance")
    p.add_argument("--limit", type=number(1, 10_000, "a limit"), default=10, metavar="N", help="people per list (default 10)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)


def cmd_stats(args) -> int:
    from netui.core import stats, strength

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    open_db(args)
    n = now()
    strength.decay_if_due(n)  # the cached scores must be today's before they are counted
    if args.json:
        print_json(stats.stats_dict(n, args.limit))
        return 0
    say(format_overview(stats.overview(n, args.limit)))
    return 0


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def format_overview(o) -> str:
    """A compact, readable summary in 80 columns."""
    lines = [f"Network on {o.on}: {o.contacts:,} people" + (f" ({o.archived:,} archived)" if o.archived else "")]
    lines.append(f"Wide vs deep: {o.deep:,} of {o.contacts:,} are warm or stronger ({_pct(o.deep, o.contacts)})")
    lines.append("Tiers: " + " · ".join(f"{t.tier} {t.count:,}" for t in o.tiers))
    lines.append("Circles:")
    for c in o.circles:
        lines.append(f"  {c.circle:<8} {c.count:>7,}   {c.deep:>7,} warm or stronger   average {c.average}")

    lines.append("")
    lines.append(f"Fading (warm or stronger 30 days ago, dropping): {o.fading_count:,}")
    for p in o.fading:
        lines.append(f"  #{p.id:<7} {formats.fit(p.name, 30)} {p.prev:>3} -> {p.score:<3} {p.tier}")

    ace_count = next((c.count for c in o.circles if c.circle == "ace"), len(o.aces))
    lines.append(f"Ace connections: {ace_count:,}")
    for p in o.aces:
        state = f"overdue {formats.days(p.overdue_days)}" if p.overdue_days else "on track"
        lines.append(f"  #{p.id:<7} {formats.fit(p.name, 30)} {p.score:>3} {p.tier:<7} {state}")

    lines.append("Interactions per month:")
    top = max((m.count for m in o.months), default=0)
    for m in o.months:
        bar = "█" * round(40 * m.count / top) if top else ""
        lines.append(f"  {m.month}  {m.count:>8,}  {bar}")

    b = o.balance
    lines.append(f"Give and take: you gave {b.given:,}, received {b.received:,}; {b.open_ideas:,} open ideas")
    if o.owed_count:
        lines.append(f"You owe (they did something for you, nothing given back since): {o.owed_count:,}")
        for w in o.owed:
            lines.append(f"  #{w.contact_id:<7} {formats.fit(w.name, 30)} {w.last}")
            lines.extend(f"            give back? {idea}" for idea in w.ideas[:2])

    lines.append(f"Most overdue: {o.overdue_count:,}")
    for p in o.overdue:
        lines.append(f"  #{p.id:<7} {formats.fit(p.name, 30)} overdue {formats.days(p.overdue_days):<10} {p.circle}, score {p.score}")

    i = o.intros
    made = i.by_status.get("made", 0)
    outcomes = ", ".join(f"{k} {v}" for k, v in i.outcomes.items() if v)
    others = ", ".join(f"{k} {v}" for k, v in i.by_status.items() if v and k != "made")
    line = f"Introductions: {i.total} (made {made}" + (f": {outcomes}" if outcomes else "") + ")"
    lines.append(line + (f"; {others}" if others else ""))
    for r in i.recent:
        pair = f"{r.a_name} <-> {r.b_name}"
        lines.append(f"  {formats.day(r.made_on):<11}  {formats.fit(pair, 48)} {r.outcome or 'pending'}")
    return "\n".join(lines)
