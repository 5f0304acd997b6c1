"""Relationship strength: a decayed sum of real interactions and favours, that says why.

How the score is made (all of it configurable in ``config.toml``, section ``[strength]``):

- **Interactions.** Each interaction adds its kind's weight (``weights``; defaults: in-person 10,
  video 6, call 6, email 3, message 2, social 1, other 2), halved for every ``half_life_days``
  (default 90, the 90-day face-to-face rule) that has passed since it happened. A coffee today adds
  10, the same coffee 90 days ago adds 5, 180 days ago 2.5. A kind with no weight counts as ``other``.
- **Give and take.** Every favour given or received (a give marked done) adds ``weights.give``
  (default 4), decayed the same way from the day it was done. Reciprocity counts extra: the smaller of
  the two sides (what flowed both ways) is added once more, so 2 given and 2 received weigh 6 gives,
  while 4 given and nothing back weigh 4.
- **Score.** The sum ``T`` maps to 0-100 as ``round(100 * (1 - exp(-T / 30)))``: it rises quickly for
  the first few meetings and saturates, so no one reaches 100 by sheer volume of likes. Three
  in-person meetings this month score about 63; one call last week about 18. (Scaling all weights up
  or down moves everyone along the same curve.)
- **Tier.** The score's tier is the highest of ``tiers`` whose lower bound it reaches (defaults:
  strong 60, warm 30, fading 10); below the lowest it is ``cold``.
- **Trend.** ``strength_prev`` is the score 30 days earlier (interactions after then left out), so a
  contact who was warm and is dropping is *fading* in the overview.

Interactions and favours dated after ``now`` do not count yet. Negative weights count as 0 and a
half-life shorter than a day counts as one day. The score is a pure function (``score_of``) of the
rows and ``now``; the database keeps a cached copy on ``Contact`` (``refresh`` on every write,
``refresh_all`` after a bulk load and once a day for decay), so lists sort on an index.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
from collections import defaultdict
from typing import Iterable, NamedTuple

from netui.core import settings as settings_mod
from netui.db import db
from netui.db.models import INTERACTION_KINDS, Contact, Meta

GIVE_WEIGHT = 4.0  # weight of one favour given or received, unless ``weights.give`` says otherwise
SATURATION = 30.0  # the decayed sum at which the score reaches 63 (1 - 1/e)
TREND_DAYS = 30  # strength_prev is the score this many days earlier
COLD = "cold"

_EPOCH = dt.datetime(1970, 1, 1)
_DAY = 86400
_META_KEY = "strength_refreshed"

KIND_WORDS = {
    "in-person": ("in-person meeting", "in-person meetings"),
    "call": ("call", "calls"),
    "video": ("video call", "video calls"),
    "email": ("email", "emails"),
    "message": ("message", "messages"),
    "social": ("social-media touch", "social-media touches"),
    "other": ("other interaction", "other interactions"),
}


class Part(NamedTuple):
    """One line of the explanation with the points it contributes (the points of all parts add up to the score)."""

    label: str  # "3 in-person meetings in the last 90 days"
    points: int


class Strength(NamedTuple):
    score: int  # 0-100
    tier: str  # strong | warm | fading | cold (or the configured tier names)
    factors: list[str]  # the explanation in words, points first: "2 calls (+12)", then "last contact 3 days ago"
    parts: tuple[Part, ...] = ()  # the same points, structured, for the TUI and JSON


# --- the pure function ------------------------------------------------------------------------


def _cfg(settings: settings_mod.Settings | None) -> settings_mod.Settings:
    return settings if settings is not None else settings_mod.current()


def _as_dt(value) -> dt.datetime | None:
    """A datetime (dates are midnight, text is ISO) truncated to the second, the precision of the cache."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value.replace(microsecond=0, tzinfo=None)


def _seconds(when: dt.datetime) -> int:
    """Whole seconds since 1970 of a naive datetime, the same number SQLite's strftime('%s') gives."""
    return calendar.timegm(when.timetuple())


def _half_life_seconds(cfg: settings_mod.Settings) -> float:
    return _DAY * max(float(cfg.half_life_days), 1.0)


def _weight(cfg: settings_mod.Settings, kind: str) -> float:
    weights = cfg.weights
    return max(float(weights.get(kind, weights.get("other", 1.0))), 0.0)


def _give_weight(cfg: settings_mod.Settings) -> float:
    return max(float(cfg.weights.get("give", GIVE_WEIGHT)), 0.0)


def _decay(age_seconds: int, half_life_seconds: float) -> float:
    # refresh_all inlines this expression: keep the two identical so the cache equals compute().
    return 0.5 ** (age_seconds / half_life_seconds)


def _give_term(given: list[float], received: list[float], weight: float) -> float:
    g, r = math.fsum(given), math.fsum(received)
    return weight * (g + r + min(g, r))


def _total(terms: list[float], given: list[float], received: list[float], give_weight: float) -> float:
    # fsum is exactly rounded, so the total does not depend on the order rows arrive in, and adding a
    # term can never lower it: the properties the tests check hold for the floats too.
    return math.fsum(terms) + _give_term(given, received, give_weight)


def _score(total: float) -> int:
    return min(100, max(0, math.floor(100 * -math.expm1(-total / SATURATION) + 0.5)))


def tier_for(score: int, settings: settings_mod.Settings | None = None) -> str:
    """The tier a score falls in: the highest configured lower bound it reaches, else ``cold``."""
    for name, bound in sorted(_cfg(settings).tiers.items(), key=lambda kv: -kv[1]):
        if score >= bound:
            return name
    return COLD


def tier_names(settings: settings_mod.Settings | None = None) -> list[str]:
    """The tiers from strongest to coldest (what the overview counts by)."""
    names = [name for name, _ in sorted(_cfg(settings).tiers.items(), key=lambda kv: -kv[1])]
    return names + ([COLD] if COLD not in names else [])


def _plural(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def _days_ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def _allocate(score: int, shares: list[float]) -> list[int]:
    """Split ``score`` into integers proportional to ``shares`` (largest remainder, ties to the first)."""
    whole = math.fsum(shares)
    if score <= 0 or whole <= 0:
        return [0] * len(shares)
    exact = [score * s / whole for s in shares]
    points = [math.floor(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - points[i]), i))
    left = score - sum(points)
    for i in order[: max(left, 0)]:
        points[i] += 1
    return points


def _kind_label(kind: str, ages: list[int], window_days: int) -> str:
    words = KIND_WORDS.get(kind, (f"{kind} interaction", f"{kind} interactions"))
    n = len(ages)
    recent = sum(1 for a in ages if a <= window_days)
    window = f"in the last {window_days} days"
    if recent == n:
        return f"{_plural(n, words)} {window}"
    if recent == 0:
        last = min(ages)
        return f"{_plural(n, words)}, {_days_ago(last)}" if n == 1 else f"{_plural(n, words)}, the last {_days_ago(last)}"
    return f"{_plural(n, words)}, {recent} {window}"


def score_of(
    interactions: Iterable[tuple[str, object]],
    gives: Iterable[tuple[str, object]],
    now: dt.datetime,
    settings: settings_mod.Settings | None = None,
) -> Strength:
    """The strength at ``now`` of a relationship with these interactions and favours, explained.

    ``interactions`` are ``(kind, occurred_at)``; ``gives`` are ``(direction, done_on)`` of the gives
    marked done, where only ``given`` and ``received`` count. Rows dated after ``now`` are left out.
    """
    cfg = _cfg(settings)
    now = _as_dt(now)
    now_s = _seconds(now)
    half = _half_life_seconds(cfg)
    terms: dict[str, list[float]] = {}
    ages: dict[str, list[int]] = {}
    last_real: dt.datetime | None = None
    for kind, when in interactions:
        when = _as_dt(when)
        if when is None or when > now:
            continue
        terms.setdefault(kind, []).append(_weight(cfg, kind) * _decay(now_s - _seconds(when), half))
        ages.setdefault(kind, []).append((now.date() - when.date()).days)
        if kind != "social" and (last_real is None or when > last_real):
            last_real = when
    sides: dict[str, list[float]] = {"given": [], "received": []}
    for direction, when in gives:
        when = _as_dt(when)
        if direction in sides and when is not None and when <= now:
            sides[direction].append(_decay(now_s - _seconds(when), half))
    give_weight = _give_weight(cfg)
    total = _total([t for ts in terms.values() for t in ts], sides["given"], sides["received"], give_weight)
    score = _score(total)

    kinds = [k for k in INTERACTION_KINDS if k in terms] + sorted(k for k in terms if k not in INTERACTION_KINDS)
    window = round(max(float(cfg.half_life_days), 1.0))
    labels = [_kind_label(k, ages[k], window) for k in kinds]
    shares = [math.fsum(terms[k]) for k in kinds]
    if sides["given"] or sides["received"]:
        label = f"you gave {len(sides['given'])}, received {len(sides['received'])}"
        if sides["given"] and sides["received"]:
            label += ": both ways counts extra"
        labels.append(label)
        shares.append(_give_term(sides["given"], sides["received"], give_weight))
    points = _allocate(score, shares)
    order = sorted(range(len(labels)), key=lambda i: (-points[i], -shares[i], i))
    parts = tuple(Part(labels[i], points[i]) for i in order)
    factors = [f"{p.label} (+{p.points})" for p in parts]
    if last_real is not None:
        factors.append(f"last contact {_days_ago((now.date() - last_real.date()).days)}")
    elif terms:
        factors.append("no call, message or meeting yet: only social-media touches")
    else:
        factors.append("no interactions logged yet")
    return Strength(score, tier_for(score, cfg), factors, parts)


# --- the database -------------------------------------------------------------------------------

# Both the single-contact and the bulk paths read times through SQLite's strftime('%s'), so they see
# exactly the same seconds and the cache always equals compute().
_INTERACTIONS_SQL = "SELECT kind, CAST(strftime('%s', occurred_at) AS INTEGER) FROM interaction WHERE contact_id = ?"
_GIVES_SQL = (
    "SELECT direction, CAST(strftime('%s', coalesce(done_on, created_on)) AS INTEGER) FROM give "
    "WHERE contact_id = ? AND status = 'done' AND direction IN ('given', 'received')"
)


def _from_seconds(seconds: int | None) -> dt.datetime | None:
    return None if seconds is None else _EPOCH + dt.timedelta(seconds=seconds)


def _load(contact_id: int) -> tuple[list[tuple[str, dt.datetime | None]], list[tuple[str, dt.datetime | None]]]:
    rows = db.execute_sql(_INTERACTIONS_SQL, (contact_id,)).fetchall()
    gives = db.execute_sql(_GIVES_SQL, (contact_id,)).fetchall()
    return [(k, _from_seconds(s)) for k, s in rows], [(d, _from_seconds(s)) for d, s in gives]


def compute(contact_id: int, now: dt.datetime) -> Strength:
    """A contact's strength at ``now``, from the rows (not the cache), with its explanation."""
    interactions, gives = _load(contact_id)
    return score_of(interactions, gives, now)


def explain(contact_id: int, now: dt.datetime) -> list[str]:
    """Why a contact's score is what it is, in plain words."""
    return compute(contact_id, now).factors


def history(contact_id: int, now: dt.datetime, months: int = 24) -> list[int]:
    """The score at the end of each of the last ``months`` months, oldest first; the last one is now."""
    interactions, gives = _load(contact_id)
    now = _as_dt(now)
    out = []
    for back in range(months - 1, -1, -1):
        year, month = divmod(now.year * 12 + now.month - 1 - back + 1, 12)  # the month after
        end = min(now, dt.datetime(year, month + 1, 1) - dt.timedelta(seconds=1))
        out.append(score_of(interactions, gives, end).score)
    return out


def refresh(contact_id: int, now: dt.datetime) -> Strength:
    """Recompute one contact's cached score and trend, in the caller's transaction."""
    interactions, gives = _load(contact_id)
    now = _as_dt(now)
    s = score_of(interactions, gives, now)
    prev = score_of(interactions, gives, now - dt.timedelta(days=TREND_DAYS)).score
    Contact.update(strength=s.score, strength_tier=s.tier, strength_at=now, strength_prev=prev).where(
        Contact.id == contact_id
    ).execute()
    return s


def refresh_all(now: dt.datetime) -> int:
    """Recompute the cached score and trend of every contact in bulk; returns how many were updated.

    Used after a bulk load and once a day for decay. One pass over the interactions, grouped in
    memory, computing the same floats as ``score_of`` (100,000 contacts / 1,000,000 interactions in a
    few seconds).
    """
    cfg = settings_mod.current()
    now = _as_dt(now)
    now_s = _seconds(now)
    prev_s = now_s - TREND_DAYS * _DAY
    half = _half_life_seconds(cfg)
    weights: dict[str, float] = defaultdict(lambda: _weight(cfg, "other"))
    weights.update({kind: _weight(cfg, kind) for kind in cfg.weights})
    terms: dict[int, list[float]] = defaultdict(list)
    prev_terms: dict[int, list[float]] = defaultdict(list)
    cursor = db.execute_sql(
        "SELECT contact_id, kind, CAST(strftime('%s', occurred_at) AS INTEGER) FROM interaction"
    )
    for cid, kind, t in cursor:
        if t is None or t > now_s:
            continue
        w = weights[kind]
        terms[cid].append(w * 0.5 ** ((now_s - t) / half))
        if t <= prev_s:
            prev_terms[cid].append(w * 0.5 ** ((prev_s - t) / half))
    sides: dict[tuple[int, str], list[float]] = defaultdict(list)
    prev_sides: dict[tuple[int, str], list[float]] = defaultdict(list)
    cursor = db.execute_sql(
        "SELECT contact_id, direction, CAST(strftime('%s', coalesce(done_on, created_on)) AS INTEGER) FROM give "
        "WHERE status = 'done' AND direction IN ('given', 'received')"
    )
    for cid, direction, t in cursor:
        if t is None or t > now_s:
            continue
        sides[cid, direction].append(_decay(now_s - t, half))
        if t <= prev_s:
            prev_sides[cid, direction].append(_decay(prev_s - t, half))
    give_weight = _give_weight(cfg)
    ids = set(terms) | {cid for cid, _ in sides}
    stamp = str(now)
    rows = []
    for cid in ids:
        score = _score(_total(terms.get(cid, []), sides.get((cid, "given"), []), sides.get((cid, "received"), []), give_weight))
        prev = _score(
            _total(prev_terms.get(cid, []), prev_sides.get((cid, "given"), []), prev_sides.get((cid, "received"), []), give_weight)
        )
        rows.append((score, tier_for(score, cfg), prev, stamp, cid))
    with db.atomic():
        db.execute_sql(
            "UPDATE contact SET strength = 0, strength_tier = ?, strength_prev = 0, strength_at = ?",
            (tier_for(0, cfg), stamp),
        )
        db.cursor().executemany(
            "UPDATE contact SET strength = ?, strength_tier = ?, strength_prev = ?, strength_at = ? WHERE id = ?", rows
        )
        Meta.replace(key=_META_KEY, value=json.dumps({"at": stamp, "settings": _fingerprint(cfg)})).execute()
    return len(rows)


def _fingerprint(cfg: settings_mod.Settings) -> list:
    return [float(cfg.half_life_days), sorted(cfg.weights.items()), sorted(cfg.tiers.items())]


def decay_if_due(now: dt.datetime) -> bool:
    """Run ``refresh_all`` if it has not run today or the strength settings changed; True if it ran.

    Scores decay with time and the cache does not, so the app calls this at start and once a day.
    """
    row = Meta.get_or_none(Meta.key == _META_KEY)
    cfg = settings_mod.current()
    if row is not None:
        try:
            last = json.loads(row.value)
            fresh = _as_dt(last["at"]).date() == _as_dt(now).date() and last["settings"] == json.loads(
                json.dumps(_fingerprint(cfg))
            )
        except (ValueError, KeyError, TypeError):
            fresh = False
        if fresh:
            return False
    refresh_all(now)
    return True
