"""``netui stats`` as a user runs it: the command line (in process) on a database built in the test."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from netui.core import contacts, gives, interactions, stats, strength
from netui.core.contacts import ContactInput
from netui.db.models import Contact
from tests.helpers.cli import invoke

DAY = dt.timedelta(days=1)


def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
    # db_path has put NETUI_DB, NETUI_NOW and XDG_CONFIG_HOME in the environment.
    result = invoke(args)
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def network(db_path, now):
    ada = contacts.create(ContactInput(name="Ada Obi", circle="ace"), now - 400 * DAY)
    bob = contacts.create(ContactInput(name="Bob Li", circle="inner"), now - 400 * DAY)
    cy = contacts.create(ContactInput(name="Cy Twombly", circle="outer"), now - 400 * DAY)
    for k in (1, 5, 9):
        interactions.log(ada, "in-person", now - k * DAY, now)
    for k in (31, 33):
        interactions.log(bob, "in-person", now - k * DAY, now)
    interactions.log(cy, "message", now - 100 * DAY, now)
    gives.add(ada, "intro to her VC", now, direction="received")
    gives.add(bob, "send the article", now)
    # A cache last refreshed yesterday, and wrong: the command must bring it up to date before counting.
    strength.refresh_all(now - DAY)
    Contact.update(strength=99, strength_tier="strong").where(Contact.id == cy).execute()
    return {"ada": ada, "bob": bob, "cy": cy}


def test_stats_json_is_the_overview_of_today(network, now):
    data = json.loads(run("stats", "--json").stdout)
    assert data == stats.stats_dict(now)  # computed here after the command refreshed the cache
    assert data["contacts"] == 3 and data["deep"] == 2
    assert [t["count"] for t in data["tiers"]] == [1, 1, 0, 1]
    assert [p["name"] for p in data["fading"]] == ["Bob Li"]
    assert data["aces"][0]["score"] == strength.compute(network["ada"], now).score
    assert data["balance"] == {"given": 0, "received": 1, "open_ideas": 1}
    assert data["owed_count"] == 1 and [(o["name"], o["last"]) for o in data["owed"]] == [("Ada Obi", "intro to her VC")]
    assert [m["count"] for m in data["months"]][-4:] == [1, 0, 2, 3]
    assert Contact.get_by_id(network["cy"]).strength == strength.compute(network["cy"], now).score < 10


def test_stats_text_is_a_compact_summary(network, now):
    out = run("stats").stdout
    lines = out.splitlines()
    assert lines[0] == "Network on 2026-11-21: 3 people"
    assert lines[1] == "Wide vs deep: 2 of 3 are warm or stronger (67%)"
    assert lines[2] == "Tiers: strong 1 · warm 1 · weak 0 · cold 1"
    bob = strength.compute(network["bob"], now).score
    bob_prev = strength.compute(network["bob"], now - 30 * DAY).score
    assert "Fading (warm or stronger 30 days ago, dropping): 1" in lines
    assert any(line.startswith(f"  #{network['bob']:<7} Bob Li") and f"{bob_prev:>3} -> {bob:<3} warm" in line for line in lines)
    assert any("Ada Obi" in line and "on track" in line for line in lines)
    assert "Give and take: you gave 0, received 1; 1 open ideas" in lines
    owe = lines.index("You owe (they did something for you, nothing given back since): 1")
    assert lines[owe + 1].startswith(f"  #{network['ada']:<7} Ada Obi") and lines[owe + 1].endswith("intro to her VC")
    assert "Most overdue: 1" in lines
    assert any("Bob Li" in line and "overdue 1 day " in line for line in lines)
    assert "Introductions: 0 (made 0)" in lines
    assert max(len(line) for line in lines) <= 80


def test_stats_on_an_empty_database_and_bad_limit(db_path):
    out = run("stats").stdout
    assert out.startswith("Network on 2026-11-21: 0 people")
    assert "--limit: 0 is out of range: a limit goes from 1 to" in run("stats", "--limit", "0", code=2).stderr
