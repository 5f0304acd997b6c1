"""The morning loop from the shell (issue 15): a log closes what it answers, unlog and relog, today, due."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke

NOW = "2026-11-21T10:00:00"


@pytest.fixture
def env(tmp_path):
    out = dict(os.environ)
    out.update(
        NETUI_DB=str(tmp_path / "netui.db"), NETUI_NOW=NOW, XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return out


@pytest.fixture
def run(env):
    def netui(*args: str, code: int = 0, now: str = NOW) -> subprocess.CompletedProcess:
        result = invoke(args, env | {"NETUI_NOW": now})
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        if code:
            assert result.stderr.startswith("netui: ") and result.stderr.count("\n") == 1
        return result

    return netui


def due(run, *extra: str, now: str = NOW) -> list[dict]:
    return json.loads(run("due", "--json", *extra, now=now).stdout)


def test_done_when_an_email_after_meeting_yesterday_closes_the_follow_up(run):
    run("add", "Mary Meyer", "--met-on", "yesterday", "--how-met", "the climate meetup", "--phone", "+44 7700 900123")
    (follow_up,) = due(run, "--within", "0")
    assert (follow_up["kind"], follow_up["when"], follow_up["phone"]) == ("follow-up", "14 h left", "+44 7700 900123")
    shown = json.loads(run("show", "mary", "--json").stdout)
    assert shown["last_contact"] == "2026-11-20 00:00:00" and shown["strength"]["score"] > 0  # the meeting is logged
    out = run("log", "mary", "--kind", "email").stdout
    assert out.splitlines()[1] == "closed: 48 h follow-up"
    assert [i["kind"] for i in due(run, "--within", "0")] == []


def test_done_when_unlog_of_the_only_later_meeting_brings_the_face_to_face_check_back(run):
    run("add", "Mary Meyer", "--met-on", "40 days ago")
    out = run("log", "mary", "--kind", "in-person", "--on", "10 days ago", "--note", "coffee").stdout
    assert "90-day face-to-face check" in out.splitlines()[1]
    assert not [i for i in due(run, "--within", "30") if i["kind"] == "face-to-face"]
    shown = json.loads(run("show", "mary", "--json").stdout)
    (coffee,) = [i for i in shown["interactions"] if i["summary"] == "coffee"]
    out = run("unlog", str(coffee["id"])).stdout
    assert out.startswith("deleted in-person with Mary Meyer on 11 Nov 2026")
    assert "reopened: 30-day call, 90-day face-to-face check" in out
    (check,) = [i for i in due(run, "--within", "30") if i["kind"] == "face-to-face"]
    assert check["due"] == "2026-12-11 00:00:00"  # day 60 of 90: time to arrange a meeting
    assert check["when"] == "due in 20 days"
    assert due(run, "--within", "0", now="2026-12-11T09:00:00")[-1]["when"] == "30 days left to meet"
    shown = json.loads(run("show", "mary", "--json").stdout)
    assert [i["summary"] for i in shown["interactions"]] == ["met"]  # the meeting itself stays


def test_relog_corrects_an_interaction_and_everything_follows(run):
    run("add", "Mary Meyer", "--met-on", "3 days ago")
    run("log", "mary", "--kind", "social", "--note", "liked her post", "--on", "yesterday")
    iid = json.loads(run("show", "mary", "--json").stdout)["interactions"][0]["id"]
    out = run("relog", str(iid), "--kind", "call", "--summary", "a long call").stdout
    assert out.startswith(f"changed #{iid}: call with Mary Meyer on 20 Nov 2026")
    assert "closed: 48 h follow-up, 30-day call" in out
    first = json.loads(run("show", "mary", "--json").stdout)["interactions"][0]
    assert (first["kind"], first["summary"]) == ("call", "a long call")
    out = run("relog", str(iid), "--on", "5 days ago").stdout  # before the meeting: it answers nothing
    assert "reopened: 48 h follow-up, 30-day call" in out
    run("relog", str(iid), "--on", "tomorrow", code=2)
    run("relog", str(iid), code=2)
    assert "no interaction #999" in run("unlog", "999", code=2).stderr
    assert "not an interaction id" in run("unlog", "last", code=2).stderr


def test_a_log_in_the_future_is_refused(run):
    run("add", "Mary Meyer")
    err = run("log", "mary", "--kind", "call", "--on", "tomorrow", code=2).stderr
    assert "2026-11-22 00:00 is in the future" in err
    assert json.loads(run("show", "mary", "--json").stdout)["interactions"] == []


def test_done_on_a_repeating_reminder_not_due_asks_for_force(run):
    run("add", "Mary Meyer")
    run("remind", "mary", "--rule", "monthly", "--on", "2026-12-01", "--note", "ask about the move")
    err = run("done", "r1", code=2).stderr
    assert "r1 is not due until 01 Dec 2026" in err and "--force" in err
    assert run("done", "r1", "--force").stdout == "done r1; next due 01 Jan 2027\n"
    assert run("done", "r1", now="2027-01-02T09:00:00").stdout == "done r1; next due 01 Feb 2027\n"


def test_due_limit_and_filters(run):
    run("add", "Ada Ace", "--circle", "ace", "--met-on", "20 days ago", "--phone", "+44 7700 900001")
    run("add", "Rex Regular", "--met-on", "2 days ago")
    run("remind", "rex", "--on", "today", "--note", "send the deck")
    everything = due(run, "--within", "0")
    assert len(everything) > 2
    assert len(due(run, "--within", "0", "--limit", "2")) == 2
    assert {i["name"] for i in due(run, "--within", "0", "--circle", "ace")} == {"Ada Ace"}
    assert {i["kind"] for i in due(run, "--within", "0", "--who", "rex")} == {"follow-up", "custom"}
    (custom,) = due(run, "--within", "0", "--kind", "custom")
    assert custom["note"] == "send the deck"
    assert "--kind 'nap'" in run("due", "--kind", "nap", code=2).stderr
    text = run("due", "--within", "0", "--who", "ada").stdout
    assert "phone +44 7700 900001" in text


def test_a_snoozed_keep_in_touch_says_until_when(run):
    run("add", "Ada Ace", "--circle", "ace", "--met-on", "20 days ago")
    run("snooze", "c1", "--by", "3d")
    (item,) = [i for i in due(run, "--within", "5") if i["kind"] == "keep-in-touch"]
    assert item["snoozed_until"] == "2026-11-24 10:00:00" and item["when"] == "snoozed until Tue 24 Nov 10:00"


def test_today_json_and_its_limit(run, env, tmp_path):
    run("add", "Mary Meyer", "--met-on", "yesterday", "--phone", "+44 7700 900123", "--email", "mary@example.com")
    run("add", "Ada Ace", "--circle", "ace", "--met-on", "20 days ago")
    run("remind", "ada", "--on", "today", "--note", "ask about the move")
    day = json.loads(run("today", "--json").stdout)
    assert set(day) == {"items", "more", "let_go", "unscheduled"}
    mary, ada = day["items"]
    assert (mary["name"], mary["phone"], mary["email"]) == ("Mary Meyer", "+44 7700 900123", "mary@example.com")
    assert [(r["kind"], r["due"]) for r in mary["reasons"]] == [("follow-up", "2026-11-20 00:00:00")]
    assert [(r["kind"], r["note"]) for r in ada["reasons"]] == [("custom", "ask about the move"), ("keep-in-touch", ada["reasons"][1]["note"])]
    assert day["more"] == 0
    limited = json.loads(run("today", "--json", "--limit", "1").stdout)
    assert [i["name"] for i in limited["items"]] == ["Mary Meyer"] and limited["more"] == 1
    (tmp_path / "config" / "netui").mkdir(parents=True)
    (tmp_path / "config" / "netui" / "config.toml").write_text("[today]\nlimit = 1\n")
    assert len(json.loads(run("today", "--json").stdout)["items"]) == 1
    text = run("today").stdout
    assert text.startswith("Today, Sat 21 Nov: 1 of 2 people; 1 more (netui today --limit 2)")
    assert "14 h left" in text and "+44 7700 900123" in text
    run("today", "--limit", "0", code=2)


def test_done_when_today_on_the_500_contact_demo(run):
    run("demo", "--contacts", "500", "--seed", "1")
    day = json.loads(run("today", "--json").stdout)
    items = day["items"]
    assert 0 < len(items) <= 10 and day["more"] > 0
    # This week's new contacts come first: their follow-ups before anything else.
    week_ago = (dt.datetime.fromisoformat(NOW) - dt.timedelta(days=7)).date().isoformat()
    people = json.loads(run("list", "--json").stdout)
    met_this_week = {c["id"] for c in people if c["met_on"] and c["met_on"] >= week_ago}
    assert met_this_week
    follow_ups = [i for i in items if "follow-up" in [r["kind"] for r in i["reasons"]]]
    assert items[: len(follow_ups)] == follow_ups
    assert met_this_week <= {i["contact_id"] for i in follow_ups}
    assert all(i["phone"] or i["email"] for i in items)
    # The long-cold outer circle is folded into let_go, not listed.
    assert day["let_go"]
    circles = {c["id"]: c["circle"] for c in people}
    assert {circles[p["contact_id"]] for p in day["let_go"]} == {"outer"}
    assert all(p["overdue_days"] > 360 for p in day["let_go"])
    assert not {p["contact_id"] for p in day["let_go"]} & {i["contact_id"] for i in items}
    assert len(day["unscheduled"]) <= 3
