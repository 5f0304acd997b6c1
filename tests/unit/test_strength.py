"""Relationship strength: the formula, tiers, configuration, words, and the cache kept on Contact."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from netui.core import contacts, demo, gives, interactions, settings, strength
from netui.core.contacts import ContactInput
from netui.db.models import Contact, Meta

DAY = dt.timedelta(days=1)


def expected(total: float) -> int:
    """The documented mapping, written out independently: round(100 * (1 - exp(-T / 30)))."""
    return math.floor(100 * (1 - math.exp(-total / 30)) + 0.5)


def person(name: str, now: dt.datetime, **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), now)


# --- tiers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score, tier",
    [(100, "strong"), (60, "strong"), (59, "warm"), (30, "warm"), (29, "weak"), (10, "weak"), (9, "cold"), (0, "cold")],
)
def test_default_tier_boundaries_are_lower_bounds(score, tier):
    assert strength.tier_for(score, settings.Settings()) == tier


def test_custom_tiers_and_their_order(db_path):
    settings.use(settings.Settings(tiers={"strong": 80, "warm": 50, "fading": 20}))
    assert [strength.tier_for(s) for s in (80, 79, 50, 49, 20, 19)] == ["strong", "warm", "warm", "fading", "fading", "cold"]
    settings.use(settings.Settings(tiers={"close": 90, "strong": 60, "warm": 30, "fading": 10}))
    assert strength.tier_for(95) == "close" and strength.tier_for(89) == "strong"
    assert strength.tier_names() == ["close", "strong", "warm", "fading", "cold"]


# --- the formula ------------------------------------------------------------------------------


def test_one_meeting_today_and_its_decay(now):
    cfg = settings.Settings()
    today = strength.score_of([("in-person", now)], [], now, cfg)
    assert today.score == expected(10) == 28 and today.tier == "weak"
    assert strength.score_of([("in-person", now - 90 * DAY)], [], now, cfg).score == expected(5)
    assert strength.score_of([("in-person", now - 180 * DAY)], [], now, cfg).score == expected(2.5)
    three = [("in-person", now - k * DAY) for k in (0, 0, 0)]
    assert strength.score_of(three, [], now, cfg).score == expected(30) == 63


def test_kinds_weigh_in_person_over_call_over_message_over_social(now):
    cfg = settings.Settings()
    scores = [strength.score_of([(kind, now)] * 2, [], now, cfg).score for kind in ("in-person", "call", "email", "message", "social")]
    assert scores == [expected(20), expected(12), expected(6), expected(4), expected(2)]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 5


def test_unknown_kinds_count_as_other(now):
    cfg = settings.Settings()
    assert strength.score_of([("carrier-pigeon", now)], [], now, cfg).score == expected(2)


def test_custom_weights_and_half_life(now):
    cfg = settings.Settings(half_life_days=30, weights={"in-person": 30, "message": 0, "other": 1})
    assert strength.score_of([("in-person", now)], [], now, cfg).score == expected(30) == 63
    assert strength.score_of([("in-person", now - 30 * DAY)], [], now, cfg).score == expected(15)
    assert strength.score_of([("message", now)] * 50, [], now, cfg).score == 0
    assert strength.score_of([("call", now)], [], now, cfg).score == expected(1)  # no weight: "other"


def test_nonsense_settings_are_clamped(now):
    cfg = settings.Settings(half_life_days=0, weights={"in-person": -5, "call": 10**9})
    assert strength.score_of([("in-person", now)], [], now, cfg).score == 0
    assert strength.score_of([("call", now - DAY)], [], now, cfg).score == expected(500)  # 1000 halved in a day


def test_reciprocity_counts_both_ways_extra(now):
    """Favours go through the curve but add at most GIVE_CAP points (the score is closeness)."""
    cfg = settings.Settings()
    custom = settings.Settings(weights={**cfg.weights, "give": 0.05})  # small enough to stay under the cap
    gave_two = strength.score_of([], [("given", now.date())] * 20, now, custom)
    assert gave_two.score == min(5, expected(0.05 * 20))
    both = strength.score_of([], [("given", now.date())] * 10 + [("received", now.date())] * 10, now, custom)
    assert both.score == min(5, expected(0.05 * 30)) and both.score > gave_two.score
    ideas_do_not_count = strength.score_of([], [("idea", now.date())] * 5, now, cfg)
    assert ideas_do_not_count.score == 0


def test_a_coffee_counts_for_more_than_favour_notes(now):
    cfg = settings.Settings()
    coffee = strength.score_of([("in-person", now)], [], now, cfg)
    favours = strength.score_of([], [("given", now.date())] * 4, now, cfg)
    assert coffee.score > favours.score


def test_gives_only_stays_below_weak_and_favours_are_capped(now):
    cfg = settings.Settings()
    lots = [("given", now.date())] * 50 + [("received", now.date())] * 50
    only_gives = strength.score_of([], lots, now, cfg)
    assert only_gives.score == strength.GIVE_CAP
    assert only_gives.score < min(cfg.tiers.values())
    call = strength.score_of([("call", now)], [], now, cfg)
    call_and_gives = strength.score_of([("call", now)], lots, now, cfg)
    assert call_and_gives.score == call.score + strength.GIVE_CAP
    assert sum(p.points for p in call_and_gives.parts) == call_and_gives.score


def test_only_the_day_counts_and_the_future_does_not(now):
    cfg = settings.Settings()
    early = strength.score_of([("call", now.replace(hour=0))], [], now, cfg)
    later_today = strength.score_of([("call", now.replace(hour=23))], [], now, cfg)
    assert early.score == later_today.score == expected(6)
    assert strength.score_of([("call", now + DAY)], [("given", now.date() + DAY)], now, cfg).score == 0


# --- the explanation --------------------------------------------------------------------------


def test_explanation_in_words_adds_up(now):
    cfg = settings.Settings()
    rows = [("in-person", now - k * DAY) for k in (3, 20, 40)] + [("call", now - 142 * DAY), ("call", now - 200 * DAY)]
    s = strength.score_of(rows, [("given", now.date() - 10 * DAY), ("given", now.date() - 5 * DAY)], now, cfg)
    assert sum(p.points for p in s.parts) == s.score
    labels = [p.label for p in s.parts]
    assert labels == ["3 in-person meetings in the last 90 days", "2 calls, the last 142 days ago", "you gave 2, received 0"]
    assert s.factors == [f"{p.label} (+{p.points})" for p in s.parts] + ["last contact 3 days ago"]
    points = {p.label: p.points for p in s.parts}
    assert points["3 in-person meetings in the last 90 days"] > points["2 calls, the last 142 days ago"] > 0


def test_explanation_mixed_recent_and_old_and_singulars(now):
    cfg = settings.Settings()
    rows = [("email", now - 10 * DAY), ("email", now - 300 * DAY), ("message", now - DAY), ("video", now - 100 * DAY)]
    s = strength.score_of(rows, [("given", now.date()), ("received", now.date())], now, cfg)
    labels = {p.label for p in s.parts}
    assert "2 emails, 1 in the last 90 days" in labels
    assert "1 message in the last 90 days" in labels
    assert "1 video call, 100 days ago" in labels
    assert "you gave 1, received 1; both ways counts extra" in labels
    assert s.factors[-1] == "last contact yesterday"
    assert sum(p.points for p in s.parts) == s.score


def test_explanation_without_real_contact(now):
    cfg = settings.Settings()
    assert strength.score_of([], [], now, cfg).factors == ["no interactions logged yet"]
    only_likes = strength.score_of([("social", now)], [], now, cfg)
    assert only_likes.factors[-1] == "no call, message or meeting yet: only social-media touches"
    assert only_likes.factors[0] == f"1 social-media touch in the last 90 days (+{only_likes.score})"


def test_points_are_allocated_by_largest_remainder_deterministically():
    assert strength._allocate(10, [1.0, 1.0, 1.0]) == [4, 3, 3]  # the tie goes to the first
    assert strength._allocate(7, [0.5, 0.3, 0.2]) == [4, 2, 1]
    assert strength._allocate(0, [1.0, 2.0]) == [0, 0]
    assert strength._allocate(5, [0.0, 0.0]) == [0, 0]


# --- the cache and the database ---------------------------------------------------------------


def cached(cid: int) -> tuple:
    c = Contact.get_by_id(cid)
    return c.strength, c.strength_tier, c.strength_prev


def test_every_write_keeps_the_cache_equal_to_compute(db_path, now):
    ada = person("Ada Obi", now)
    assert cached(ada) == (0, "cold", 0)
    interactions.log(ada, "in-person", now - 40 * DAY, now)
    interactions.log(ada, "call", now - 2 * DAY, now)
    s = strength.compute(ada, now)
    assert s.score == expected(10 * 0.5 ** (40 / 90) + 6 * 0.5 ** (2 / 90))
    prev = expected(10 * 0.5 ** (10 / 90))  # 30 days ago only the meeting had happened
    assert cached(ada) == (s.score, s.tier, prev)
    assert Contact.get_by_id(ada).strength_at == now
    gives.add(ada, "reviewed her CV", now, direction="given")
    assert cached(ada)[0] == strength.compute(ada, now).score > s.score
    iid = interactions.log(ada, "email", now, now).id
    interactions.delete(iid, now)
    assert cached(ada)[0] == strength.compute(ada, now).score


def test_explain_and_history(db_path, now):
    ada = person("Ada Obi", now)
    interactions.log(ada, "in-person", dt.datetime(2026, 6, 15, 12), now)
    assert strength.explain(ada, now) == strength.compute(ada, now).factors
    values = strength.history(ada, now)
    assert len(values) == 24
    assert values[:18] == [0] * 18  # Dec 2024 .. May 2026; index 18 is June 2026, 23 is November
    june, july = expected(10 * 0.5 ** (15 / 90)), expected(10 * 0.5 ** (46 / 90))  # at June 30, July 31
    assert values[18:20] == [june, july]
    assert values[-1] == strength.compute(ada, now).score
    assert values[18:] == sorted(values[18:], reverse=True)
    assert strength.history(ada, now, months=3) == values[-3:]


def test_refresh_all_equals_compute_on_the_demo_network(db_path, now):
    demo.generate(200, now=now)
    for day in (now, now + 45 * DAY):
        strength.refresh_all(day)
        for c in Contact.select():
            s = strength.compute(c.id, day)
            prev = strength.compute(c.id, day - 30 * DAY).score
            assert (c.strength, c.strength_tier, c.strength_prev) == (s.score, s.tier, prev), c.id
            assert sum(p.points for p in s.parts) == s.score
    tiers = {c.strength_tier for c in Contact.select()}
    assert tiers == {"strong", "warm", "weak", "cold"}  # the demo tells a varied story


def test_refresh_all_writes_only_what_changed(db_path, now):
    ada, bob = person("Ada Obi", now), person("Bob Li", now)
    interactions.log(ada, "call", now, now)
    assert strength.refresh_all(now) == 0
    Contact.update(strength=99, strength_tier="strong").where(Contact.id == bob).execute()
    assert strength.refresh_all(now) == 1 and cached(bob) == (0, "cold", 0)
    assert strength.refresh_all(now + 10 * DAY) == 1  # Ada decays; Bob stays at zero
    assert Contact.get_by_id(ada).strength_at == now + 10 * DAY


def test_decay_runs_once_a_day_and_when_settings_change(db_path, now):
    ada = person("Ada Obi", now)
    interactions.log(ada, "in-person", now, now)
    assert strength.decay_if_due(now) is True
    assert strength.decay_if_due(now + dt.timedelta(hours=5)) is False
    assert strength.decay_if_due(now + DAY) is True
    assert cached(ada)[0] == strength.compute(ada, now + DAY).score
    settings.use(settings.Settings(weights={**settings.Settings().weights, "in-person": 20}))
    assert strength.decay_if_due(now + DAY) is True
    assert cached(ada)[0] == strength.compute(ada, now + DAY).score
    Meta.update(value="not json").where(Meta.key == "strength_refreshed").execute()
    assert strength.decay_if_due(now + DAY) is True
