"""Relationship strength: a decayed sum of real interactions, cached on the contact (see issue #4)."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from netui.core import settings as settings_mod
from netui.db.models import Contact, Interaction


class Strength(NamedTuple):
    score: int
    tier: str
    factors: list[str]


def tier_for(score: int) -> str:
    tiers = settings_mod.current().tiers
    for name in ("strong", "warm", "fading"):
        if score >= tiers[name]:
            return name
    return "cold"


def compute(contact_id: int, now: dt.datetime) -> Strength:
    cfg = settings_mod.current()
    total = 0.0
    for kind, when in Interaction.select(Interaction.kind, Interaction.occurred_at).where(
        Interaction.contact == contact_id
    ).tuples():
        if isinstance(when, str):
            when = dt.datetime.fromisoformat(when)
        age = max((now - when).total_seconds() / 86400, 0)
        total += cfg.weights.get(kind, 1) * 0.5 ** (age / cfg.half_life_days)
    score = round(100 * (1 - math.exp(-total / 30)))
    return Strength(score, tier_for(score), [])


def refresh(contact_id: int, now: dt.datetime) -> Strength:
    s = compute(contact_id, now)
    Contact.update(strength=s.score, strength_tier=s.tier, strength_at=now).where(Contact.id == contact_id).execute()
    return s


def refresh_all(now: dt.datetime) -> None:
    """Recompute the cached score of every contact (after a bulk load, and once a day for decay)."""
    from netui.db import db

    cfg = settings_mod.current()
    totals: dict[int, float] = {}
    for cid, kind, when in db.execute_sql("SELECT contact_id, kind, occurred_at FROM interaction"):
        age = max((now - dt.datetime.fromisoformat(when)).total_seconds() / 86400, 0)
        totals[cid] = totals.get(cid, 0.0) + cfg.weights.get(kind, 1) * 0.5 ** (age / cfg.half_life_days)
    rows = []
    for cid, total in totals.items():
        score = round(100 * (1 - math.exp(-total / 30)))
        rows.append((score, tier_for(score), now.isoformat(sep=" "), cid))
    db.cursor().executemany("UPDATE contact SET strength = ?, strength_tier = ?, strength_at = ? WHERE id = ?", rows)
