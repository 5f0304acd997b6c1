"""Relationship strength: a decayed sum of real interactions and favours, that says why.

How the score is made (configurable in ``config.toml``, section ``[strength]``):

- **Interactions.** Each interaction adds its kind's weight (``weights``; defaults: in-person 10,
  video 6, call 6, email 3, message 2, social 1, other 2), halved for every ``half_life_days``
  (default 90, the 90-day face-to-face rule) since the day it happened. A coffee today adds 10, the
  same coffee 90 days ago adds 5, 180 days ago 2.5. A kind without a weight counts as ``other``.
- **Give and take.** Every favour given or received (a give marked done) weighs ``weights.give``
  (default 4), decayed the same way from the day it was done. Reciprocity counts extra: the smaller
  side (what flowed both ways) is added once more, so 2 given and 2 received weigh as 6 favours,
  while 4 given and nothing back weigh as 4. Favours are not closeness: their sum goes through the
  same curve but adds at most ``GIVE_CAP`` (5) points, so a person you only did favours for stays
  below ``weak`` and a coffee outweighs a favour note.
- **Score.** The interactions' sum ``T`` maps to 0-100 as ``round(100 * (1 - exp(-T / 30)))``, plus
  the favours' bonus (capped at 5, and the total at 100): it rises quickly
  for the first few meetings and then saturates, so nobody reaches 100 by a pile of likes. Three
  in-person meetings today score 63, one call today 18, one coffee 90 days ago 15. Scaling every
  weight up or down moves everyone along the same curve.
- **Tier** names a level: the highest of ``tiers`` whose lower bound the score reaches (defaults:
  strong 60, warm 30, weak 10); below the lowest bound the tier is ``cold``.
- **Trend** names a direction, apart from the level: the cache keeps the score 30 days earlier
  (``strength_prev``, counting only what had happened by then), and the score against it is
  *rising*, *steady* or *fading*. Someone who was warm or stronger and is fading is in the overview's
  fading list; a relationship that grew by 16 points reads ``16/100 weak, rising``.

Time counts in whole days: a score changes at midnight, not during the day, so one refresh a day
keeps the cache exact. Anything dated after today does not count yet. Weights are clamped to 0-1000
and a half-life shorter than one day counts as one day.

The score is a pure function (``score_of``) of the rows and ``now``. Each day's decayed weight is
rounded to a millionth and summed as an integer, so the sum is exact, independent of the order of
rows, and the cached copy on ``Contact`` (``refresh`` on every write, ``refresh_all`` after a bulk
load and once a day) always equals ``compute()``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from typing import NamedTuple

from netui.core import settings as settings_mod
from netui.core.dates import as_date, iso
from netui.core.vocab import INTERACTION_KINDS
from netui.db import db
from netui.db.models import Contact, Meta

GIVE_WEIGHT = 4.0  # one favour given or received, unless ``weights.give`` says otherwise
GIVE_CAP = 5  # favours add at most this many points: the score is closeness, not a ledger
SATURATION = 30.0  # the decayed sum at which the score reaches 63 (1 - 1/e)
TREND_DAYS = 30  # ``strength_prev`` is the score this many days earlier
MAX_WEIGHT = 1000.0
QUANT = 1_000_000  # decayed weights are counted in millionths: integer sums are exact
COLD = "cold"
TRENDS = ("rising", "steady", "fading")

_META_KEY = "strength_refreshed"
_TIERS_KEY = "strength_tiers"  # the tier bounds the cached ``strength_tier`` names were given by
_PACK = 64  # refresh_all sums now and 30-days-ago in one integer: now in the low 64 bits

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
    """One line of the explanation and its points; the points of all parts add up to the score."""

    label: str  # "3 in-person meetings in the last 90 days"
    points: int


class Strength(NamedTuple):
    score: int  # 0-100
    tier: str  # strong | warm | weak | cold (or the configured tier names): a level
    factors: list[str]  # in words, biggest first: "2 calls (+12)", ..., "last contact 3 days ago"
    parts: tuple[Part, ...] = ()  # the same points, structured, for the TUI and JSON
    trend: str = "steady"  # rising | steady | fading against 30 days earlier (``compute`` says it)


# --- the pure function ------------------------------------------------------------------------


def _cfg(settings: settings_mod.Settings | None) -> settings_mod.Settings:
    return settings if settings is not None else settings_mod.current()


def _half_life(cfg: settings_mod.Settings) -> float:
    return max(float(cfg.half_life_days), 1.0)


def _weight(cfg: settings_mod.Settings, kind: str) -> float:
    weights = cfg.weights
    return min(max(float(weights.get(kind, weights.get("other", 1.0))), 0.0), MAX_WEIGHT)


def _give_weight(cfg: settings_mod.Settings) -> float:
    return min(max(float(cfg.weights.get("give", GIVE_WEIGHT)), 0.0), MAX_WEIGHT)


def _decayed(weight: float, age_days: int, half_life: float) -> int:
    """``weight`` halved every ``half_life`` days, in millionths (0 for the future)."""
    if age_days < 0:
        return 0
    return math.floor(weight * 0.5 ** (age_days / half_life) * QUANT + 0.5)


def _give_sum(given: int, received: int, give_weight: float) -> float:
    return give_weight * (given + received + min(given, received))


def _curve(total: float) -> int:
    return min(100, max(0, math.floor(100 * (1 - math.exp(-total / SATURATION)) + 0.5)))


def _points(interactions: int, given: int, received: int, give_weight: float) -> tuple[int, int]:
    """Closeness points (interactions only) and the favours' bonus (at most ``GIVE_CAP``)."""
    close = _curve(interactions / QUANT)
    bonus = min(GIVE_CAP, _curve(_give_sum(given, received, give_weight) / QUANT), 100 - close)
    return close, bonus


def _score(interactions: int, given: int, received: int, give_weight: float) -> int:
    return sum(_points(interactions, given, received, give_weight))


def tier_for(score: int, settings: settings_mod.Settings | None = None) -> str:
    """The tier a score falls in: the highest configured lower bound it reaches, else ``cold``."""
    for name, bound in sorted(_cfg(settings).tiers.items(), key=lambda kv: -kv[1]):
        if score >= bound:
            return name
    return COLD


def trend_for(score: int, prev: int) -> str:
    """The direction of a relationship: the score against the one ``TREND_DAYS`` earlier."""
    return "rising" if score > prev else "fading" if score < prev else "steady"


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
    for i in order[: max(score - sum(points), 0)]:
        points[i] += 1
    return points


def _kind_label(kind: str, ages: list[int], window: int) -> str:
    words = KIND_WORDS.get(kind, (f"{kind} interaction", f"{kind} interactions"))
    n, recent = len(ages), sum(1 for a in ages if a <= window)
    if recent == n:
        return f"{_plural(n, words)} in the last {window} days"
    if recent == 0:
        last = _days_ago(min(ages))
        return f"{_plural(n, words)}, {last}" if n == 1 else f"{_plural(n, words)}, the last {last}"
    return f"{_plural(n, words)}, {recent} in the last {window} days"


def score_of(
    interactions: Iterable[tuple[str, dt.date | str | None]],
    gives: Iterable[tuple[str, dt.date | str | None]],
    now: dt.datetime | dt.date,
    settings: settings_mod.Settings | None = None,
) -> Strength:
    """The strength on ``now``'s day of a relationship with these interactions and favours, explained.

    ``interactions`` are ``(kind, when)``; ``gives`` are ``(direction, done_on)`` of the gives marked
    done, of which only ``given`` and ``received`` count. ``when`` is a date, datetime or ISO text.
    """
    cfg = _cfg(settings)
    today = as_date(now)
    half = _half_life(cfg)
    sums: dict[str, int] = {}
    ages: dict[str, list[int]] = {}
    last_real: int | None = None
    for kind, when in interactions:
        day = as_date(when, strict=False)
        if day is None or day > today:
            continue
        age = (today - day).days
        sums[kind] = sums.get(kind, 0) + _decayed(_weight(cfg, kind), age, half)
        ages.setdefault(kind, []).append(age)
        if kind != "social" and (last_real is None or age < last_real):
            last_real = age
    sides = {"given": 0, "received": 0}
    counts = {"given": 0, "received": 0}
    for direction, when in gives:
        day = as_date(when, strict=False)
        if direction in sides and day is not None and day <= today:
            sides[direction] += _decayed(1.0, (today - day).days, half)
            counts[direction] += 1
    give_weight = _give_weight(cfg)
    close, bonus = _points(sum(sums.values()), sides["given"], sides["received"], give_weight)
    score = close + bonus

    kinds = [k for k in INTERACTION_KINDS if k in sums] + sorted(k for k in sums if k not in INTERACTION_KINDS)
    window = round(half)
    labels = [_kind_label(k, ages[k], window) for k in kinds]
    shares = [float(sums[k]) for k in kinds]
    points = _allocate(close, shares)
    if counts["given"] or counts["received"]:
        label = f"you gave {counts['given']}, received {counts['received']}"
        labels.append(label + ("; both ways counts extra" if counts["given"] and counts["received"] else ""))
        shares.append(_give_sum(sides["given"], sides["received"], give_weight))
        points.append(bonus)
    order = sorted(range(len(labels)), key=lambda i: (-points[i], -shares[i], i))
    parts = tuple(Part(labels[i], points[i]) for i in order)
    factors = [f"{p.label} (+{p.points})" for p in parts]
    if last_real is not None:
        factors.append(f"last contact {_days_ago(last_real)}")
    elif sums:
        factors.append("no call, message or meeting yet: only social-media touches")
    else:
        factors.append("no interactions logged yet")
    return Strength(score, tier_for(score, cfg), factors, parts)


# --- the database -------------------------------------------------------------------------------

# Only the day of each row matters; both the single-contact and the bulk path read it the same way.
_INTERACTIONS_SQL = "SELECT kind, substr(occurred_at, 1, 10) FROM interaction WHERE contact_id = ?"
_GIVES_SQL = (
    "SELECT direction, substr(coalesce(done_on, created_on), 1, 10) FROM give "
    "WHERE contact_id = ? AND status = 'done' AND direction IN ('given', 'received')"
)


def _load(contact_id: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return (
        db.execute_sql(_INTERACTIONS_SQL, (contact_id,)).fetchall(),
        db.execute_sql(_GIVES_SQL, (contact_id,)).fetchall(),
    )


def compute(contact_id: int, now: dt.datetime) -> Strength:
    """A contact's strength at ``now``, from the rows (not the cache), with its explanation and trend."""
    interactions, gives = _load(contact_id)
    s = score_of(interactions, gives, now)
    prev = score_of(interactions, gives, as_date(now) - dt.timedelta(days=TREND_DAYS)).score
    return s._replace(trend=trend_for(s.score, prev))


def explain(contact_id: int, now: dt.datetime) -> list[str]:
    """Why a contact's score is what it is, in plain words."""
    return compute(contact_id, now).factors


def history(contact_id: int, now: dt.datetime, months: int = 24) -> list[int]:
    """The score at the end of each of the last ``months`` months, oldest first; the last one is today's."""
    interactions, gives = _load(contact_id)
    today = as_date(now)
    out = []
    for back in range(months - 1, -1, -1):
        year, month0 = divmod(today.year * 12 + today.month - back, 12)  # the month after, 0-based
        end = min(today, dt.date(year, month0 + 1, 1) - dt.timedelta(days=1))
        out.append(score_of(interactions, gives, end).score)
    return out


def refresh(contact_id: int, now: dt.datetime) -> Strength:
    """Recompute one contact's cached score, tier and trend, in the caller's transaction."""
    interactions, gives = _load(contact_id)
    s = score_of(interactions, gives, now)
    prev = score_of(interactions, gives, as_date(now) - dt.timedelta(days=TREND_DAYS)).score
    s = s._replace(trend=trend_for(s.score, prev))
    Contact.update(strength=s.score, strength_tier=s.tier, strength_prev=prev, strength_at=now).where(
        Contact.id == contact_id
    ).execute()
    return s


class _Decays(dict):
    """Key "kind<US>day" -> its decayed weight today + (its decayed weight 30 days ago << 64).

    There are only a few thousand distinct days, so each power is computed once, not once per row.
    """

    def __init__(self, weight, today: dt.date, half: float):
        super().__init__()
        self.weight, self.today, self.half = weight, today, half
        self.before = today - dt.timedelta(days=TREND_DAYS)

    def __missing__(self, key: str) -> int:
        kind, _, text = key.partition("\x1f")
        day = as_date(text, strict=False)
        if day is None:
            value = 0
        else:
            w = self.weight(kind)
            value = _decayed(w, (self.today - day).days, self.half)
            value += _decayed(w, (self.before - day).days, self.half) << _PACK
        self[key] = value
        return value


def refresh_all(now: dt.datetime) -> int:
    """Recompute every contact's cached score, tier and trend in bulk; returns how many changed.

    After a bulk load and once a day for decay. One pass over the interactions, the same integer
    sums as ``score_of``; only rows whose values changed are written.
    """
    # One IMMEDIATE transaction from the first read to the last write: a contact written meanwhile by
    # another process cannot get an outdated score back. Other writers wait (busy_timeout) a few seconds.
    with db.atomic("IMMEDIATE"):
        changed = _refresh_all(now)
    return changed


def _refresh_all(now: dt.datetime) -> int:
    cfg = settings_mod.current()
    today = as_date(now)
    half = _half_life(cfg)
    mask = (1 << _PACK) - 1
    size = (db.execute_sql("SELECT max(id) FROM contact").fetchone()[0] or 0) + 1
    # The per-row loop is the hot path (1,000,000 rows): a list indexed by contact id, one addition.
    acc = [0] * size
    decays = _Decays(lambda kind: _weight(cfg, kind), today, half)
    for cid, key in db.execute_sql(
        "SELECT contact_id, kind || char(31) || substr(occurred_at, 1, 10) FROM interaction"
    ):
        acc[cid] += decays[key]
    sides: dict[tuple[int, str], int] = {}
    unit = _Decays(lambda _: 1.0, today, half)
    for cid, direction, day in db.execute_sql(
        "SELECT contact_id, direction, substr(coalesce(done_on, created_on), 1, 10) FROM give "
        "WHERE status = 'done' AND direction IN ('given', 'received')"
    ):
        sides[cid, direction] = sides.get((cid, direction), 0) + unit[f"{direction}\x1f{day}"]
    give_weight = _give_weight(cfg)
    tiers = [tier_for(score, cfg) for score in range(101)]
    rows = []
    for cid in {cid for cid, value in enumerate(acc) if value} | {cid for cid, _ in sides}:
        packed, given, received = acc[cid], sides.get((cid, "given"), 0), sides.get((cid, "received"), 0)
        score = _score(packed & mask, given & mask, received & mask, give_weight)
        prev = _score(packed >> _PACK, given >> _PACK, received >> _PACK, give_weight)
        rows.append((cid, score, tiers[score], prev))
    stamp = iso(now)
    db.execute_sql("DROP TABLE IF EXISTS temp.strength_new")
    db.execute_sql(
        "CREATE TEMP TABLE strength_new (id INTEGER PRIMARY KEY, strength INTEGER, tier TEXT, prev INTEGER)"
    )
    db.cursor().executemany("INSERT INTO temp.strength_new VALUES (?, ?, ?, ?)", rows)
    # Unchanged rows keep their strength_at: their cached values are as true now as then.
    changed = db.execute_sql(
        "UPDATE contact SET strength = n.strength, strength_tier = n.tier, strength_prev = n.prev, "
        "strength_at = ? FROM temp.strength_new n WHERE n.id = contact.id "
        "AND (contact.strength, contact.strength_tier, contact.strength_prev) IS NOT (n.strength, n.tier, n.prev)",
        (stamp,),
    ).rowcount
    changed += db.execute_sql(
        "UPDATE contact SET strength = 0, strength_tier = ?, strength_prev = 0, strength_at = ? "
        "WHERE id NOT IN (SELECT id FROM temp.strength_new) "
        "AND (strength, strength_tier, strength_prev) IS NOT (0, ?, 0)",
        (tiers[0], stamp, tiers[0]),
    ).rowcount
    db.execute_sql("DROP TABLE temp.strength_new")
    Meta.replace(key=_TIERS_KEY, value=_tier_fingerprint(cfg)).execute()
    Meta.replace(key=_META_KEY, value=json.dumps({"on": today.isoformat(), "settings": _fingerprint(cfg)})).execute()
    return changed


def _fingerprint(cfg: settings_mod.Settings) -> list:
    """What the cached scores depend on besides the rows: when it changes, the cache is redone."""
    return json.loads(json.dumps([float(cfg.half_life_days), sorted(cfg.weights.items()), sorted(cfg.tiers.items())]))


def decay_if_due(now: dt.datetime) -> bool:
    """Run ``refresh_all`` unless it already ran today with the same settings; True if it ran.

    Scores decay day by day and the cache does not, so the app calls this at start and after midnight.
    """
    row = Meta.get_or_none(Meta.key == _META_KEY)
    if row is not None:
        try:
            last = json.loads(row.value)
            if last["on"] == as_date(now).isoformat() and last["settings"] == _fingerprint(settings_mod.current()):
                return False
        except (ValueError, KeyError, TypeError):
            pass
    refresh_all(now)
    return True


def _tier_fingerprint(cfg: settings_mod.Settings) -> str:
    return json.dumps(sorted(cfg.tiers.items()))


def _labelled_by() -> str | None:
    """The tier bounds the cached names were given by, as ``_tier_fingerprint`` writes them; None when
    the database does not say (nothing was ever counted in bulk: only this version's writes named them)."""
    row = Meta.get_or_none(Meta.key == _TIERS_KEY)
    if row is not None:
        return row.value
    row = Meta.get_or_none(Meta.key == _META_KEY)  # older versions kept the bounds with the daily refresh
    try:
        return json.dumps(sorted((str(k), v) for k, v in json.loads(row.value)["settings"][2])) if row else None
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def relabel_if_due() -> bool:
    """Name every cached tier by today's bounds unless they already are; True if it relabelled.

    A tier is a function of the cached score alone, so this is one UPDATE, not a recount: a database
    whose lowest tier was called ``fading`` (or that was counted under other bounds) reads ``weak`` at
    once, in the CLI as in the app. Costs one or two reads of ``meta`` when nothing changed (and writes
    nothing then); the caller skips it on a read-only database.
    """
    cfg = settings_mod.current()
    want = _tier_fingerprint(cfg)
    had = _labelled_by()
    if had is None or had == want:
        return False
    bounds = sorted(cfg.tiers.items(), key=lambda kv: -kv[1])
    case = "CASE " + " ".join("WHEN strength >= ? THEN ?" for _ in bounds) + " ELSE ? END"
    params = [v for name, bound in bounds for v in (bound, name)] + [COLD]
    with db.atomic():
        db.execute_sql(f"UPDATE contact SET strength_tier = {case} WHERE strength_tier IS NOT ({case})", params + params)
        Meta.replace(key=_TIERS_KEY, value=want).execute()
    return True
