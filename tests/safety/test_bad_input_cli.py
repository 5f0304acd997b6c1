"""Malformed dates and rules wherever a user types them on the command line: one clear line, exit 2,
nothing stored. Each case is a real process, as a user (or a script) would run it."""

from __future__ import annotations

import json
import sqlite3

import pytest

from .conftest import run_netui


@pytest.fixture
def cli(tmp_path):
    path = tmp_path / "data" / "netui.db"

    def run(*args: str):
        return run_netui(path, tmp_path, *args)

    assert run("add", "Ada Lovelace").returncode == 0
    run.path = path
    return run


def rows(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def refused(result, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netui: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert result.stdout == ""


BAD_BIRTHDAYS = [
    ("02-30", "February has no day 30"),
    ("--02-30", "February has no day 30"),
    ("Feb 30", "Feb 30"),
    ("0000-01-01", "year 0"),
    ("2026-13-01", "month 13 does not exist"),
    ("1987-02-29", "February has no day 29 in 1987"),
    ("yesterday-ish", "yesterday-ish"),
]


@pytest.mark.parametrize("value, says", BAD_BIRTHDAYS)
def test_bad_birthdays_are_refused(cli, value, says):
    refused(cli("add", "Babbage", f"--birthday={value}"), says)
    refused(cli("edit", "ada", f"--birthday={value}"), says)
    assert rows(cli.path, "SELECT name, birthday_month, birthday_day, birthday_year FROM contact") == [
        ("Ada Lovelace", None, None, None)
    ]


BAD_DATES = ["Feb 30", "2026-02-30", "0000-01-01", "year 0", "99999-01-01", "2026-11-31 10:00", "32 days agoo"]


@pytest.mark.parametrize("value", BAD_DATES)
def test_bad_dates_for_a_meeting_or_an_interaction_are_refused(cli, value):
    refused(cli("add", "Babbage", "--met-on", value), repr(value))
    refused(cli("log", "ada", "--kind", "call", "--on", value), repr(value))
    refused(cli("remind", "ada", "--on", value), repr(value))
    assert rows(cli.path, "SELECT count(*) FROM contact") == [(1,)]
    assert rows(cli.path, "SELECT count(*) FROM interaction") == [(0,)]
    assert rows(cli.path, "SELECT count(*) FROM reminder WHERE kind = 'custom'") == [(0,)]


BAD_RULES = [
    ("FREQ=SECONDLY", "too often"),
    ("FREQ=MINUTELY;INTERVAL=1", "too often"),
    ("FREQ=HOURLY", "too often"),
    ("FREQ=DAILY;COUNT=0", "COUNT=0"),
    ("FREQ=DAILY;COUNT=100000", "COUNT must be between 1 and 10000"),  # 100,000 occurrences
    ("FREQ=DAILY;COUNT=-1", "COUNT"),
    ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "can never happen"),
    ("FREQ=DAILY;UNTIL=20200101", "no occurrence left"),
    ("FREQ=DAILY;BYDAY=XX", "BYDAY"),
    ("FREQ=DAILY;COUNT=3;UNTIL=20300101", "not both"),
    ("every 0 days", "interval"),
    ("garbage", "garbage"),
]


@pytest.mark.parametrize("rule, says", BAD_RULES)
def test_bad_recurrence_rules_are_refused(cli, rule, says):
    refused(cli("remind", "ada", "--rule", rule, "--on", "tomorrow"), says)
    assert rows(cli.path, "SELECT count(*) FROM reminder WHERE kind = 'custom'") == [(0,)]


def test_a_rule_with_a_hundred_thousand_occurrences_by_date_is_never_expanded(cli):
    """Daily until 2299 is about 100,000 occurrences: stored as the rule it is, answered at once."""
    result = cli("remind", "ada", "--rule", "FREQ=DAILY;UNTIL=22991231", "--on", "tomorrow")
    assert result.returncode == 0, result.stderr
    assert "repeats daily, until 2299-12-31" in result.stdout
    shown = json.loads(cli("show", "ada", "--json").stdout)
    custom = [r for r in shown["reminders"] if r["kind"] == "custom"]
    assert [r["rrule"] for r in custom] == ["FREQ=DAILY;UNTIL=22991231T235959"]
    due = cli("due", "--within", "3650", "--json")  # ten years ahead: one row per reminder, not per day
    assert due.returncode == 0
    assert sum(1 for item in json.loads(due.stdout) if item.get("kind") == "custom") == 1
