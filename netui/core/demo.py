"""A realistic, reproducible sample network: the first-run "load a sample" and the benchmarks' data.

Bulk-loaded with ``executemany`` in one transaction, then derived columns are computed in bulk
(``derived.refresh_bulk``), so 100,000 contacts and 1,000,000 interactions take well under a minute. The output for a seed is fixed:
the benchmarks cache databases by seed and size, so a faster generator must draw the same numbers in the
same order (the interaction loop calls what ``random.choices``, ``expovariate`` and ``randint`` call).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import uuid
from bisect import bisect

from netui.core import derived
from netui.core import settings as settings_mod
from netui.core.text import fold
from netui.db import db

FIRST = (
    "Ada Alan Amara Ana Anders Aisha Ben Bianca Carlos Chen Chiara Chloe Dan Daria Diego Elena Emeka Emma Erik "
    "Fatima Felix Grace Hana Hugo Ines Ivan Jada James Jonas Julia Kai Kenji Lara Leila Liam Lina Luca Maya "
    "Mateo Mei Mira Nadia Noah Nora Olga Omar Paula Priya Rafael Rosa Sam Sara Sofia Tariq Tomas Uma Vera "
    "Victor Wei Yara Yusuf Zoe Ingrid Kwame Aroha Sione Mariam Pedro Astrid Dmitri Nomvula"
).split()
LAST = (
    "Abebe Adeyemi Almeida Andersson Bauer Becker Chen Costa Dubois Eriksen Fischer Garcia Gupta Haddad "
    "Hansen Ito Jansen Kim Kowalski Larsen Li Lopez Martin Meyer Moreau Muller Nakamura Nguyen Novak Okafor "
    "Olsen Patel Pereira Rossi Sato Schmidt Silva Singh Smith Suzuki Tanaka Torres Usman Varga Wagner "
    "Wang Weber Yamamoto Zhang Zimmermann O'Brien Fernandes Mbeki Horvat Lindqvist"
).split()
ORGS = (
    "Acme Analytics|Blue Harbor Capital|Cobalt Health|Delta Robotics|Evergreen Labs|Fjord Software|"
    "Granite Partners|Helix Bio|Indigo Media|Juniper Energy|Kestrel Logistics|Lumen Design|Meridian Bank|"
    "Northwind Traders|Orbit Space|Pioneer Schools|Quartz Legal|Redwood Ventures|Summit Consulting|"
    "Tidal Foods|Umbra Security|Vertex AI|Willow Architects|Xenon Games|Yonder Travel|Zephyr Mobility"
).split("|")
TITLES = (
    "Engineer|Senior Engineer|Product Manager|Head of Sales|CTO|CEO|Founder|Designer|Data Scientist|"
    "Recruiter|Head of HR|Marketing Lead|Investor|Partner|Researcher|Consultant|Teacher|Journalist"
).split("|")
INTERESTS = (
    "arsenal chess climbing jazz running photography cooking sci-fi le-guin adichie murakami cycling "
    "sailing wine gardening ai climate startups design typography rust python board-games poetry tennis "
    "football yoga podcasts history astronomy"
).split()
PLACES = (
    "PyCon Lisbon|a friend's wedding|the Berlin climate meetup|Web Summit|a hackathon in Oslo|"
    "the school parents' evening|a dinner at Maya's|the product conference in Austin|a flight to Tokyo|"
    "the co-working space|an alumni reunion|a LinkedIn post|the running club|a customer workshop"
).split("|")
REASONS = (
    "hiring data engineers next year|knows the climate-tech investors|could mentor me on pricing|"
    "wants an intro to a design agency|building a similar product|great writer, potential co-author|"
    "runs the meetup I want to speak at|her team uses our API|moving to Lisbon, needs contacts|"
    "shares my love of chess openings"
).split("|")
SUMMARIES = {
    "in-person": ["coffee", "lunch near the office", "met at the conference", "dinner", "walk in the park"],
    "call": ["catch-up call", "phone call about the role", "quick call"],
    "video": ["video call", "zoom catch-up"],
    "email": ["sent the article", "thank-you email", "intro email", "followed up by email"],
    "message": ["texted congratulations", "WhatsApp chat", "message about the meetup"],
    "social": ["liked their post", "commented on their launch"],
    "other": ["sent a card"],
}
GIVE_TEXTS = (
    "send the Adichie interview|intro to a hiring manager|share the pricing deck|recommend a climbing gym|"
    "review their CV|lend 'The Dispossessed'|tickets for the Arsenal game|advice on fundraising|"
    "referral for the data role|article about their team"
).split("|")
CIRCLE_WEIGHTS = [("ace", 2), ("inner", 8), ("regular", 40), ("outer", 50)]
KIND_WEIGHTS = [("in-person", 15), ("call", 15), ("video", 10), ("email", 25), ("message", 25), ("social", 8), ("other", 2)]


def _choice(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    names, weights = zip(*weighted, strict=False)
    return rng.choices(names, weights)[0]


def generate(contacts: int = 200, interactions: int | None = None, seed: int = 1, now: dt.datetime | None = None) -> None:
    """Fill the (open) database with a sample network. ``interactions`` defaults to 10 per contact."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    rng = random.Random(seed)
    if interactions is None:
        interactions = contacts * 10
    cfg = settings_mod.current()
    start_id = (db.execute_sql("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]) + 1
    with db.atomic():
        cur = db.cursor()
        contact_rows, method_rows = [], []
        circles: list[str] = []
        for i in range(contacts):
            cid = start_id + i
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}"
            org, title = rng.choice(ORGS), rng.choice(TITLES)
            circle = _choice(rng, CIRCLE_WEIGHTS)
            circles.append(circle)
            created = now - dt.timedelta(days=rng.randint(30, 900))
            met = (created - dt.timedelta(days=rng.randint(0, 10))).date() if rng.random() < 0.7 else None
            bday = (rng.randint(1, 12), rng.randint(1, 28), rng.choice([None, rng.randint(1960, 2000)])) if rng.random() < 0.4 else (None, None, None)
            contact_rows.append((
                cid, str(uuid.UUID(int=rng.getrandbits(128), version=4)), name, fold(name), first, last, org, title,
                *bday, met.isoformat() if met else None,
                rng.choice(PLACES) if met else "", rng.choice(REASONS) if rng.random() < 0.6 else "",
                circle, rng.choice([None, None, None, 7, 21, 60]) if circle != "outer" else None,
                "", 0, created.isoformat(sep=" "), created.isoformat(sep=" "),
            ))
            slug = f"{first}.{last}".lower().replace("'", "")
            method_rows.append((cid, "email", f"{slug}{cid}@{org.split()[0].lower()}.example", f"{slug}{cid}@{org.split()[0].lower()}.example", "work", 1, 0))
            if rng.random() < 0.5:
                phone = f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
                method_rows.append((cid, "phone", phone, "".join(ch for ch in phone if ch.isdigit())[-9:], "mobile", 0, 1))
        cur.executemany(
            "INSERT INTO contact (id, uid, name, sort_name, given_name, family_name, organization, title, "
            "birthday_month, birthday_day, birthday_year, met_on, how_met, reason, circle, cadence_days, note, "
            "archived, created_at, updated_at, nickname, strength, strength_tier, strength_prev) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, 'cold', 0)",
            contact_rows,
        )
        cur.executemany(
            "INSERT INTO contact_method (contact_id, kind, value, norm, label, preferred, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            method_rows,
        )
        for name in INTERESTS:
            cur.execute("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
        tag_ids = {name: tid for tid, name in db.execute_sql("SELECT id, name FROM tag")}
        links = []
        for i in range(contacts):
            for name in rng.sample(INTERESTS, rng.randint(0, 3)):
                links.append((start_id + i, tag_ids[name]))
        cur.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", links)

        # Interactions: closer circles see more of them, spread over the last two years.
        circle_bias = {"ace": 6.0, "inner": 3.0, "regular": 1.0, "outer": 0.4}
        weights = [circle_bias[c] for c in circles]
        who = rng.choices(range(contacts), weights, k=interactions)
        # A million rows: the loop inlines rng.choices(kinds, weights)[0], rng.expovariate(1 / 200),
        # rng.randint(0, 12) and rng.choice(texts) exactly as random.py computes them (same draws, same
        # floats), and "seconds" isoformat truncates as replace(microsecond=0) did.
        kinds, kind_w = zip(*KIND_WEIGHTS, strict=False)
        kind_cum = list(itertools.accumulate(kind_w))
        kind_total, kind_hi = kind_cum[-1] + 0.0, len(kinds) - 1
        summaries = {kind: (texts, len(texts)) for kind, texts in SUMMARIES.items()}
        below = rng._randbelow  # type: ignore[attr-defined]  # the very draws randrange makes, without its checks
        draw, log, lambd, days = rng.random, math.log, 1 / 200, dt.timedelta
        stamp = now.isoformat(sep=" ")
        # Indexes are cheaper built once from the loaded rows than kept up to date row by row (three
        # indexes on a million rows in random order); recreated from their own SQL, same transaction.
        indexes = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interaction' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        batch: list[tuple] = []
        append = batch.append
        for i in range(interactions):
            kind = kinds[bisect(kind_cum, draw() * kind_total, 0, kind_hi)]
            when = now - days(days=-log(1.0 - draw()) / lambd % 730, hours=below(13))
            texts, n = summaries[kind]
            append((start_id + who[i], when.isoformat(" ", "seconds"), kind, texts[below(n)], "", stamp))
            if len(batch) >= 50_000:
                cur.executemany("INSERT INTO interaction (contact_id, occurred_at, kind, summary, note, created_at) VALUES (?, ?, ?, ?, ?, ?)", batch)
                batch.clear()
        if batch:
            cur.executemany("INSERT INTO interaction (contact_id, occurred_at, kind, summary, note, created_at) VALUES (?, ?, ?, ?, ?, ?)", batch)
        for _, sql in indexes:
            cur.execute(sql)

        gives = []
        for i in range(contacts):
            if rng.random() < 0.25:
                direction = rng.choice(["idea", "idea", "given", "received"])
                status = "open" if direction == "idea" else "done"
                created_on = (now - dt.timedelta(days=rng.randint(1, 400))).date()
                gives.append((start_id + i, direction, rng.choice(["favor", "introduction", "referral", "advice", "gift", "article"]),
                              rng.choice(GIVE_TEXTS), status, created_on.isoformat(), created_on.isoformat() if status == "done" else None))
        cur.executemany(
            "INSERT INTO give (contact_id, direction, kind, text, status, outcome, created_on, done_on) VALUES (?, ?, ?, ?, ?, '', ?, ?)",
            gives,
        )
        intros = []
        for _ in range(max(1, contacts // 40)):
            a, b = rng.sample(range(contacts), 2) if contacts > 1 else (0, 0)
            if a == b:
                continue
            day = (now - dt.timedelta(days=rng.randint(5, 300))).date()
            status = rng.choice(["proposed", "made", "made"])
            intros.append((start_id + a, start_id + b, rng.choice(REASONS), rng.choice(REASONS), status,
                           rng.choice(["", "helpful", "neutral"]) if status == "made" else "", day.isoformat(),
                           day.isoformat() if status == "made" else None))
        cur.executemany(
            "INSERT INTO introduction (a_id, b_id, reason_a, reason_b, status, outcome, proposed_on, made_on, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')",
            intros,
        )
        _met_this_week(cur, contacts, start_id, seed, now)
        derived.refresh_bulk(now, start_id, cfg)


def _met_this_week(cur, contacts: int, start_id: int, seed: int, now: dt.datetime) -> None:
    """Make a few people ones you met this week (one a day): the morning's 48 h follow-ups.

    Drawn from a generator of their own, after everything else, so the rest of a seed's network is
    what it always was. Their earlier history goes (you just met) and the meeting is logged, as adding
    someone you met does.
    """
    rng = random.Random(seed * 7919 + 1)
    stamp = now.isoformat(sep=" ")
    for k, i in enumerate(rng.sample(range(contacts), min(contacts, max(1, contacts // 100)))):
        cid = start_id + i
        created = now - dt.timedelta(days=k % 7)
        met = created.date()
        place, reason = rng.choice(PLACES), rng.choice(REASONS)
        cur.execute("DELETE FROM interaction WHERE contact_id = ?", (cid,))
        cur.execute(
            "UPDATE contact SET met_on = ?, how_met = ?, reason = ?, circle = 'regular', cadence_days = NULL, "
            "created_at = ?, updated_at = ? WHERE id = ?",
            (met.isoformat(), place, reason, created.isoformat(sep=" "), created.isoformat(sep=" "), cid),
        )
        cur.execute(
            "INSERT INTO interaction (contact_id, occurred_at, kind, summary, note, created_at) VALUES (?, ?, ?, ?, '', ?)",
            (cid, f"{met.isoformat()} 00:00:00", "in-person", f"met at {place}", stamp),
        )
