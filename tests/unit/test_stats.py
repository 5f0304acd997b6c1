"""The network overview's figures, checked against the same figures counted one by one in Python."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from netui.core import contacts, demo, gives, interactions, stats, strength
from netui.core.contacts import ContactInput
from netui.core.vocab import CIRCLES
from netui.db.models import Contact, Give, Interaction, Introduction

DAY = dt.timedelta(days=1)


def person(name: str, now: dt.datetime, **fields) -> int:
    return contacts.create(ContactInput(name=name, **fields), now)


def day_of(value) -> dt.date:
    return contacts.as_datetime(value).date()


def test_overview_of_the_demo_network_matches_independent_counts(db_path, now):
    demo.generate(200, now=now)
    for cid in (3, 7, 11):
        contacts.set_archived(cid, True, now)
    Introduction.create(a=1, b=2, status="made", outcome="wasted-time", proposed_on=now.date(), made_on=now.date())
    Introduction.create(a=4, b=5, status="declined", proposed_on=now.date())
    today = now.date()

    o = stats.overview(now, limit=10)

    everyone = list(Contact.select())
    active = [c for c in everyone if not c.archived]
    score = {c.id: strength.compute(c.id, now).score for c in active}
    prev = {c.id: strength.compute(c.id, now - 30 * DAY).score for c in active}
    assert (o.on, o.contacts, o.archived) == ("2026-11-21", 197, 3)
    tiers = Counter(strength.tier_for(score[c.id]) for c in active)
    assert o.tiers == [stats.TierCount(t, tiers[t]) for t in ("strong", "warm", "weak", "cold")]
    assert o.deep == sum(1 for c in active if score[c.id] >= 30) == tiers["strong"] + tiers["warm"]
    for circle in o.circles:
        members = [c for c in active if c.circle == circle.circle]
        assert circle.count == len(members)
        assert circle.deep == sum(1 for c in members if score[c.id] >= 30)
        assert circle.average == (round(sum(score[c.id] for c in members) / len(members)) if members else 0)
        assert circle.tiers == {t: sum(1 for c in members if strength.tier_for(score[c.id]) == t) for t in circle.tiers}
    assert [c.circle for c in o.circles] == list(CIRCLES)

    fading = sorted(
        (c for c in active if prev[c.id] >= 30 and score[c.id] < prev[c.id]),
        key=lambda c: (CIRCLES.index(c.circle), score[c.id] - prev[c.id], c.sort_name, c.id),
    )
    assert o.fading_count == len(fading) > 10
    assert [p.id for p in o.fading] == [c.id for c in fading[:10]]
    assert all(p.prev > p.score for p in o.fading)

    aces = sorted((c for c in active if c.circle == "ace"), key=lambda c: (day_of(c.next_due_at), c.sort_name, c.id))
    assert [p.id for p in o.aces] == [c.id for c in aces] and aces
    for p in o.aces:
        c = Contact.get_by_id(p.id)
        assert (p.score, p.tier) == (score[c.id], strength.tier_for(score[c.id]))
        assert p.overdue_days == max(0, (today - day_of(c.next_due_at)).days)

    overdue = sorted(
        (c for c in active if c.next_due_at and day_of(c.next_due_at) < today),
        key=lambda c: (contacts.as_datetime(c.next_due_at), c.sort_name, c.id),
    )
    assert o.overdue_count == len(overdue) > 10
    assert [p.id for p in o.overdue] == [c.id for c in overdue[:10]]
    assert [p.overdue_days for p in o.overdue] == [(today - day_of(c.next_due_at)).days for c in overdue[:10]]

    per_month = Counter(
        f"{contacts.as_datetime(i.occurred_at):%Y-%m}" for i in Interaction.select()
        if dt.date(2025, 12, 1) <= day_of(i.occurred_at) <= today
    )
    months = [f"{2025 + (11 + k) // 12}-{(11 + k) % 12 + 1:02d}" for k in range(12)]
    assert [m.month for m in o.months] == months and months[0] == "2025-12" and months[-1] == "2026-11"
    assert [m.count for m in o.months] == [per_month[m] for m in months]
    assert sum(m.count for m in o.months) > 0

    rows = list(Give.select())
    assert o.balance == stats.Balance(
        sum(1 for g in rows if g.direction == "given" and g.status == "done"),
        sum(1 for g in rows if g.direction == "received" and g.status == "done"),
        sum(1 for g in rows if g.direction == "idea" and g.status == "open"),
    )

    intros = list(Introduction.select())
    assert o.intros.total == len(intros)
    assert o.intros.by_status == {s: sum(1 for i in intros if i.status == s) for s in stats.INTRO_STATUSES}
    made = [i for i in intros if i.status == "made"]
    assert o.intros.outcomes == {k: sum(1 for i in made if (i.outcome or "pending") == k) for k in stats.INTRO_OUTCOMES}
    assert o.intros.outcomes["wasted-time"] == 1 and o.intros.by_status["declined"] >= 1
    newest = sorted(made, key=lambda i: (i.made_on, i.id), reverse=True)
    assert [r.id for r in o.intros.recent] == [i.id for i in newest[:10]]


def test_a_small_network_in_figures(db_path, now):
    ada = person("Ada Obi", now - 400 * DAY, circle="ace")
    bob = person("Bob Li", now - 400 * DAY, circle="inner")
    cy = person("Cy Twombly", now - 400 * DAY, circle="outer")
    person("Dee Let-go", now - 400 * DAY, circle="regular")
    contacts.set_archived(4, True, now)
    for k in (1, 5, 9):
        interactions.log(ada, "in-person", now - k * DAY, now)
    for k in (31, 33):
        interactions.log(bob, "in-person", now - k * DAY, now)  # warm a month ago, nothing since
    interactions.log(cy, "message", now - 100 * DAY, now)
    gives.add(ada, "intro to her VC", now, direction="received")
    gives.add(bob, "send the article", now)
    o = stats.overview(now)
    assert (o.contacts, o.archived) == (3, 1)
    ada_s, bob_s, cy_s = (strength.compute(c, now) for c in (ada, bob, cy))
    assert ada_s.tier == "strong" and bob_s.tier == "warm" and cy_s.tier == "cold"
    assert o.tiers == [stats.TierCount("strong", 1), stats.TierCount("warm", 1), stats.TierCount("weak", 0), stats.TierCount("cold", 1)]
    assert (o.deep, o.fading_count, [p.name for p in o.fading]) == (2, 1, ["Bob Li"])
    assert o.fading[0].prev == strength.score_of([("in-person", now - k * DAY) for k in (31, 33)], [], now - 30 * DAY).score
    assert [(p.name, p.score, p.overdue_days) for p in o.aces] == [("Ada Obi", ada_s.score, 0)]
    # Cy's outer cadence is 180 days: due in 80. Bob's inner 30 days ran out 1 day ago.
    assert [(p.name, p.overdue_days) for p in o.overdue] == [("Bob Li", 1)] and o.overdue_count == 1
    assert o.balance == stats.Balance(given=0, received=1, open_ideas=1)
    assert [m.count for m in o.months][-4:] == [1, 0, 2, 3]  # Aug: Cy; Oct: Bob; Nov: Ada
    assert o.intros == stats.Intros(0, {s: 0 for s in stats.INTRO_STATUSES}, {k: 0 for k in stats.INTRO_OUTCOMES}, [])


def test_stats_dict_is_plain_json(db_path, now):
    ada = person("Ada Obi", now, circle="ace")
    interactions.log(ada, "call", now, now)
    data = stats.stats_dict(now)
    assert json.loads(json.dumps(data)) == data
    assert data["tiers"][0] == {"tier": "strong", "count": 0}
    assert data["aces"][0]["name"] == "Ada Obi" and data["aces"][0]["score"] == strength.compute(ada, now).score
    assert data["circles"][0]["tiers"] == {"strong": 0, "warm": 0, "weak": 1, "cold": 0}
    assert set(data) == {
        "on", "contacts", "archived", "deep", "tiers", "circles", "fading_count", "fading", "aces", "months",
        "balance", "overdue_count", "overdue", "intros", "owed_count", "owed",
    }


def test_empty_database(db_path, now):
    o = stats.overview(now)
    assert (o.contacts, o.deep, o.fading, o.aces, o.overdue) == (0, 0, [], [], [])
    assert [m.count for m in o.months] == [0] * 12
    assert all(c.count == 0 and c.average == 0 for c in o.circles)
