"""A tier names a level (strong, warm, weak, cold) and the trend a direction (rising, steady, fading):
two words, never one for both. Old config keys and old databases read under today's names."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from netui.core import contacts, interactions, settings, strength
from netui.core.contacts import ContactInput
from netui.db import db
from netui.db.models import Contact, Meta

DAY = dt.timedelta(days=1)


def test_the_trend_is_the_score_against_a_month_earlier():
    assert [strength.trend_for(s, p) for s, p in ((16, 0), (12, 12), (12, 15))] == ["rising", "steady", "fading"]


def test_a_relationship_that_grew_reads_weak_and_rising_not_fading(db_path, now):
    """The issue's case: 16 points gained read as a low level and a rising trend."""
    cid = contacts.create(ContactInput(name="Mary Jones"), now - 90 * DAY)
    interactions.log(cid, "call", now - 2 * DAY, now)
    s = strength.compute(cid, now)
    assert (s.tier, s.trend) == ("weak", "rising")
    row = Contact.get_by_id(cid)
    assert (row.strength_tier, strength.trend_for(row.strength, row.strength_prev)) == ("weak", "rising")


def test_a_relationship_left_alone_is_fading_at_its_level(db_path, now):
    cid = contacts.create(ContactInput(name="Bob Li"), now - 400 * DAY)
    for k in (31, 33):
        interactions.log(cid, "in-person", now - k * DAY, now)
    s = strength.compute(cid, now)
    assert s.tier == "warm" and s.trend == "fading"


def test_the_old_tier_name_in_the_config_means_weak(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[strength]\ntiers = { strong = 70, fading = 15 }\n")
    s = settings.load(path)
    assert s.tiers == {"strong": 70, "warm": 30, "weak": 15}
    assert strength.tier_for(15, s) == "weak" and strength.tier_for(14, s) == "cold"


@pytest.mark.parametrize("text, says", [
    ("[strength]\ntiers = { weak = 5, fading = 15 }\n",
     "strength.tiers.fading is the old name of weak, which is set too: keep only weak"),
    ("[strength]\ntiers = { fading = \"ten\" }\n", "strength.tiers.fading must be a whole number"),
    ("[strength]\ntiers = { faded = 10 }\n", "strength.tiers.faded is not a setting netui knows"),
])
def test_a_bad_tier_is_one_line_naming_the_key_as_written(tmp_path, text, says):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(path)
    assert str(caught.value) == f"{path}: {says}" or str(caught.value).startswith(f"{path}: {says}")


def _old_database(now) -> tuple[int, int]:
    """Two contacts cached as an older netui wrote them: the lowest tier called ``fading``."""
    weak = contacts.create(ContactInput(name="Ada Obi"), now - 90 * DAY)
    interactions.log(weak, "call", now - 2 * DAY, now)
    cold = contacts.create(ContactInput(name="Cy Twombly"), now - 90 * DAY)
    db.execute_sql("UPDATE contact SET strength_tier = 'fading' WHERE id = ?", (weak,))
    Meta.delete().where(Meta.key.in_(["strength_tiers", "strength_refreshed"])).execute()
    # What the older version's daily refresh left: the day, and the weights and bounds it counted with.
    old = [90.0, sorted(settings.Settings().weights.items()), [["fading", 10], ["strong", 60], ["warm", 30]]]
    Meta.create(key="strength_refreshed", value=json.dumps({"on": (now - DAY).date().isoformat(), "settings": old}))
    return weak, cold


def test_relabelling_names_old_tiers_once(db_path, now):
    weak, cold = _old_database(now)
    assert strength.relabel_if_due() is True
    assert Contact.get_by_id(weak).strength_tier == "weak" and Contact.get_by_id(cold).strength_tier == "cold"
    assert strength.relabel_if_due() is False  # the next run reads one row of meta and stops
    settings.use(settings.Settings(tiers={"strong": 60, "warm": 10, "weak": 5}))
    try:
        assert strength.relabel_if_due() is True  # other bounds: the cached names follow them
        assert Contact.get_by_id(weak).strength_tier == "warm"
    finally:
        settings.use(None)


def test_a_database_that_never_named_tiers_otherwise_is_left_alone(db_path, now):
    """No record of other bounds (only this version's writes named them): nothing to do, nothing written."""
    contacts.create(ContactInput(name="Ada Obi"), now)
    Meta.delete().execute()
    assert strength.relabel_if_due() is False
    assert Meta.select().count() == 0


def test_the_daily_refresh_relabels_an_old_database_too(db_path, now):
    weak, _ = _old_database(now)
    assert strength.decay_if_due(now) is True
    assert Contact.get_by_id(weak).strength_tier == "weak"
    assert strength.relabel_if_due() is False


def _run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "netui", *args], capture_output=True, text=True, env=dict(os.environ))
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_command_line_reads_an_old_database_under_todays_names(db_path, now):
    """list and show --json say the level (``tier``) and the direction (``trend``); ``tier:weak`` finds
    a contact an older netui had cached as ``fading``, without opening the app first."""
    weak, cold = _old_database(now)
    listed = json.loads(_run("list", "--search", "tier:weak", "--json").stdout)
    assert [(d["id"], d["strength"] > 0, d["tier"], d["trend"]) for d in listed] == [(weak, True, "weak", "rising")]
    everyone = {d["id"]: (d["tier"], d["trend"]) for d in json.loads(_run("list", "--json").stdout)}
    assert everyone == {weak: ("weak", "rising"), cold: ("cold", "steady")}
    shown = json.loads(_run("show", str(weak), "--json").stdout)
    assert (shown["tier"], shown["trend"]) == ("weak", "rising")
    assert (shown["strength"]["tier"], shown["strength"]["trend"]) == ("weak", "rising")
    assert "strength  " in _run("show", str(weak)).stdout and "(weak, rising)" in _run("show", str(weak)).stdout
    assert [d["id"] for d in json.loads(_run("list", "--search", "trend:rising", "--json").stdout)] == [weak]
