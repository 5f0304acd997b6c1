"""The network overview: how wide and how deep the network is, who is fading, and where effort goes.

Every figure is one SQL query over the cached columns on ``Contact`` (``strength``, ``strength_prev``,
``strength_tier``, ``next_due_at``), so the overview costs a few table scans at 100,000 contacts and
never recomputes a score. Contacts that were let go (archived) are left out of the people figures;
the interactions, gives and introductions keep their whole history. Scores decay by the day, so the
caller runs ``strength.decay_if_due(now)`` first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

from netui.core import karma, strength
from netui.core import settings as settings_mod
from netui.core.dates import as_date, iso
from netui.core.vocab import CIRCLES, INTRO_STATUSES
from netui.core.vocab import INTRO_OUTCOMES as _OUTCOMES
from netui.db import db

INTRO_OUTCOMES = (*_OUTCOMES, "pending")  # pending: no outcome recorded yet
ACES_SHOWN = 50  # the ace circle is small by design: the overview lists it whole, up to this
FADING_SHOWN = 1000  # the overview lists everyone fading up to this (its triage walks them all)


class Person(NamedTuple):
    """One person in a list of the overview; ``id`` is where the item jumps to."""

    id: int
    name: str
    circle: str
    score: int
    tier: str
    prev: int  # the score 30 days ago
    overdue_days: int  # days past the keep-in-touch due date, 0 if not overdue
    last_contact: str | None  # "YYYY-MM-DD HH:MM:SS"


class TierCount(NamedTuple):
    tier: str
    count: int  # type: ignore[assignment]  # the JSON key; shadows tuple.count on purpose


class CircleCount(NamedTuple):
    circle: str
    count: int  # type: ignore[assignment]  # the JSON key; shadows tuple.count on purpose
    deep: int  # of them warm or stronger
    average: int  # mean score, rounded
    tiers: dict[str, int]


class MonthCount(NamedTuple):
    month: str  # "YYYY-MM"
    count: int  # type: ignore[assignment]  # the JSON key; shadows tuple.count on purpose


class Balance(NamedTuple):
    """The karma bank: favours done each way, and ideas not yet acted on."""

    given: int
    received: int
    open_ideas: int


class IntroRow(NamedTuple):
    id: int
    a_id: int
    a_name: str
    b_id: int
    b_name: str
    status: str
    outcome: str
    made_on: str | None


class Intros(NamedTuple):
    total: int
    by_status: dict[str, int]
    outcomes: dict[str, int]  # of the introductions made, by outcome (``pending``: none recorded yet)
    recent: list[IntroRow]  # the last ones made, newest first


@dataclasses.dataclass(frozen=True)
class Overview:
    on: str  # the day the figures describe, "YYYY-MM-DD"
    contacts: int  # active (not archived): how wide the network is
    archived: int
    deep: int  # active and warm or stronger: how deep it is
    tiers: list[TierCount]
    circles: list[CircleCount]
    fading_count: int
    fading: list[Person]  # closest circle first, then the most points lost
    aces: list[Person]  # most overdue first
    months: list[MonthCount]  # the last 12 months, oldest first, the current one last
    balance: Balance
    overdue_count: int
    overdue: list[Person]  # most overdue first
    intros: Intros
    owed_count: int = 0  # people you owe: they did something for you, nothing given back since
    owed: list[karma.Owed] = dataclasses.field(default_factory=list)  # the latest favour first, with ideas


_PERSON = (
    "SELECT id, name, circle, strength, strength_tier, strength_prev, next_due_at, last_contact_at FROM contact"
)


def _people(where: str, order: str, params: list, today: dt.date, limit: int) -> list[Person]:
    rows = db.execute_sql(f"{_PERSON} WHERE {where} ORDER BY {order} LIMIT ?", params + [limit]).fetchall()
    out = []
    for cid, name, circle, score, tier, prev, due, last in rows:
        overdue = 0
        if due:
            overdue = max(0, (today - as_date(due)).days)
        out.append(Person(cid, name, circle, score, tier, prev, overdue, iso(last)))
    return out


def _warm_bound(cfg: settings_mod.Settings) -> int:
    """The score from which a relationship counts as deep: the ``warm`` bound (or the lowest but one)."""
    if "warm" in cfg.tiers:
        return cfg.tiers["warm"]
    bounds = sorted(cfg.tiers.values(), reverse=True)
    return bounds[-2] if len(bounds) > 1 else (bounds[0] if bounds else 0)


def _months(today: dt.date, count: int = 12) -> list[MonthCount]:
    out = []
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    for back in range(count - 1, -1, -1):
        year, month0 = divmod(today.year * 12 + today.month - 1 - back, 12)
        start = dt.date(year, month0 + 1, 1)
        ny, nm0 = divmod(year * 12 + month0 + 1, 12)
        end = min(dt.date(ny, nm0 + 1, 1).isoformat(), tomorrow)
        # A range count on the occurred_at index: no table lookups, whatever the size. An interaction
        # with several people is one row each; it counts once (its other rows, from the share index).
        n = db.execute_sql(
            "SELECT (SELECT count(*) FROM interaction WHERE occurred_at >= ?1 AND occurred_at < ?2) - "
            "(SELECT count(*) - count(DISTINCT share) FROM interaction "
            "WHERE share IS NOT NULL AND occurred_at >= ?1 AND occurred_at < ?2)", (start.isoformat(), end)
        ).fetchone()[0]
        out.append(MonthCount(f"{start:%Y-%m}", n))
    return out


# The fading list puts the closest circles first (ace, inner, ...), then the most points lost: the
# first names are the ones worth calling.
_CIRCLE_RANK = "CASE circle " + " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(CIRCLES)) + " ELSE 99 END"
_FADING = "archived = 0 AND strength_prev >= ? AND strength < strength_prev"
_FADING_ORDER = _CIRCLE_RANK + ", strength_prev - strength DESC, sort_name, id"


def fading_ids(settings: settings_mod.Settings | None = None) -> list[int]:
    """Everyone fading (warm or stronger 30 days ago and lower now), in the overview's order: what
    its triage walks. Reads the cached scores, as the overview does."""
    warm = _warm_bound(settings or settings_mod.current())
    return [cid for (cid,) in db.execute_sql(f"SELECT id FROM contact WHERE {_FADING} ORDER BY {_FADING_ORDER}", [warm])]


def _balance() -> Balance:
    counts = dict(
        ((d, s), n) for d, s, n in db.execute_sql("SELECT direction, status, count(*) FROM give GROUP BY 1, 2")
    )
    return Balance(counts.get(("given", "done"), 0), counts.get(("received", "done"), 0), counts.get(("idea", "open"), 0))


def _intros(limit: int) -> Intros:
    by_status: dict[str, int] = {s: 0 for s in INTRO_STATUSES}
    outcomes: dict[str, int] = {o: 0 for o in INTRO_OUTCOMES}
    total = 0
    for status, outcome, n in db.execute_sql("SELECT status, outcome, count(*) FROM introduction GROUP BY 1, 2"):
        total += n
        by_status[status] = by_status.get(status, 0) + n
        if status == "made":
            key = outcome or "pending"
            outcomes[key] = outcomes.get(key, 0) + n
    recent = [
        IntroRow._make((*row[:7], iso(row[7])))
        for row in db.execute_sql(
            "SELECT i.id, a.id, a.name, b.id, b.name, i.status, i.outcome, i.made_on FROM introduction i "
            "JOIN contact a ON a.id = i.a_id JOIN contact b ON b.id = i.b_id WHERE i.status = 'made' "
            "ORDER BY i.made_on DESC, i.id DESC LIMIT ?",
            (limit,),
        )
    ]
    return Intros(total, by_status, outcomes, recent)


def overview(now: dt.datetime, limit: int = 10, settings: settings_mod.Settings | None = None,
             fading_limit: int | None = None) -> Overview:
    """The figures of the network overview on ``now``'s day; lists hold at most ``limit`` people
    (the fading list ``fading_limit``, if given: the screen shows it whole)."""
    cfg = settings or settings_mod.current()
    today = now.date() if isinstance(now, dt.datetime) else now
    warm = _warm_bound(cfg)
    # One scan of the contacts gives the tiers, the circles, and how many are fading or overdue.
    tiers = {name: 0 for name in strength.tier_names(cfg)}
    circles: dict[str, dict] = {c: {"count": 0, "deep": 0, "sum": 0, "tiers": {}} for c in CIRCLES}
    fading_count = overdue_count = active = 0
    for circle, tier, n, deep, total, fading, overdue in db.execute_sql(
        "SELECT circle, strength_tier, count(*), sum(strength >= ?), sum(strength), "
        "sum(strength_prev >= ? AND strength < strength_prev), sum(next_due_at < ?) "
        "FROM contact WHERE archived = 0 GROUP BY 1, 2",
        (warm, warm, today.isoformat()),
    ):
        active += n
        tiers[tier] = tiers.get(tier, 0) + n
        c = circles.setdefault(circle, {"count": 0, "deep": 0, "sum": 0, "tiers": {}})
        c["count"] += n
        c["deep"] += deep
        c["sum"] += total
        c["tiers"][tier] = n
        fading_count += fading
        overdue_count += overdue or 0
    archived = db.execute_sql("SELECT count(*) FROM contact WHERE archived != 0").fetchone()[0]
    return Overview(
        on=today.isoformat(),
        contacts=active,
        archived=archived,
        deep=sum(c["deep"] for c in circles.values()),
        tiers=[TierCount(t, n) for t, n in tiers.items()],
        circles=[
            CircleCount(name, c["count"], c["deep"], round(c["sum"] / c["count"]) if c["count"] else 0,
                        {t: c["tiers"].get(t, 0) for t in tiers})
            for name, c in circles.items()
        ],
        fading_count=fading_count,
        fading=_people(_FADING, _FADING_ORDER, [warm], today, fading_limit or limit),
        aces=_people(
            "archived = 0 AND circle = 'ace'", "next_due_at IS NULL, next_due_at, sort_name, id", [], today, ACES_SHOWN
        ),
        months=_months(today),
        balance=_balance(),
        overdue_count=overdue_count,
        overdue=_people("archived = 0 AND next_due_at < ?", "next_due_at, sort_name, id", [today.isoformat()], today, limit),
        intros=_intros(limit),
        owed_count=len(karma.owed_ids()),
        owed=karma.owed(limit=limit),
    )


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def stats_dict(now: dt.datetime, limit: int = 10) -> dict:
    """The overview as plain JSON values (``netui stats --json``)."""
    return _plain(overview(now, limit))
