"""Reminders from the shell, as a user (or a cron job) would drive them: due, remind, snooze, done, export ics."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import vobject

from tests.helpers.cli import invoke

NOW = "2026-11-21T10:00:00"


@pytest.fixture
def run(tmp_path):
    env = dict(os.environ)
    env.update(
        NETUI_DB=str(tmp_path / "netui.db"), NETUI_NOW=NOW, XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )

    def netui(*args: str, code: int = 0, now: str = NOW, stderr: str = "") -> subprocess.CompletedProcess:
        result = invoke(args, env | {"NETUI_NOW": now})
        assert result.returncode == code, (args, result.stdout, result.stderr)
        if code == 0:
            assert result.stderr == stderr
        else:
            assert "Traceback" not in result.stderr and result.stderr.startswith("netui: ")
        return result

    return netui


def due(run, now: str = NOW, *extra: str) -> list[dict]:
    return json.loads(run("due", "--json", *extra, now=now).stdout)


def test_done_when_met_yesterday_call_in_a_month_and_a_backdated_call(run):
    # Adding someone met "yesterday" shows a follow-up due since the meeting, with the time it has left.
    run("add", "Ada Obi", "--met-on", "yesterday", "--how-met", "PyCon Lisbon",
        "--reason", "hiring data engineers next year", "--circle", "inner")
    out = run("due").stdout
    assert out.startswith("r1      14 h left             Ada Obi                   follow-up      follow up on meeting at PyCon Lisbon")
    assert "(hiring data engineers next year)" in out
    (item,) = due(run)
    assert (item["id"], item["kind"], item["due"], item["when"]) == ("r1", "follow-up", "2026-11-20 00:00:00", "14 h left")
    assert due(run, NOW, "--within", "0") == [item]

    # What she could be given is noted along the way...
    run("give", "Ada", "send her the Adichie interview", "--kind", "article")
    run("give", "Ada", "intro to the Lumen data team")

    # ...and 31 days later the call reminder shows it (the follow-up, never done, is overdue).
    later = "2026-12-22T09:00:00"
    items = {i["kind"]: i for i in due(run, later, "--within", "0")}
    assert items["call"]["gives"] == ["send her the Adichie interview", "intro to the Lumen data team"]
    assert items["call"]["due"] == "2026-12-20 00:00:00" and items["call"]["when"] == "overdue by 2 days"
    assert items["follow-up"]["when"] == "overdue by 30 days"
    text = run("due", "--within", "0", now=later).stdout
    assert "give ideas: send her the Adichie interview; intro to the Lumen data team" in text

    # Logging a call dated last week moves the cadence from last week, not from today.
    out = run("log", "Ada", "--kind", "call", "--on", "7 days ago", now=later).stdout
    assert out == (
        "logged call with Ada Obi on 15 Dec 2026; next touch due 14 Jan 2027\n"
        "closed: 48 h follow-up, 30-day call\n"  # a call after the meeting answers both
    )
    shown = json.loads(run("show", "Ada", "--json", now=later).stdout)
    assert (shown["last_contact"], shown["next_due"]) == ("2026-12-15 00:00:00", "2027-01-14 00:00:00")
    keep = [i for i in due(run, "2027-01-14T08:00:00", "--within", "0") if i["kind"] == "keep-in-touch"]
    assert [(i["id"], i["name"], i["due"]) for i in keep] == [("c1", "Ada Obi", "2027-01-14 00:00:00")]


def test_remind_snooze_and_done(run):
    run("add", "Sam Okafor")
    out = run("remind", "Sam", "--rule", "every 3 months", "--note", "ask about the data team").stdout
    assert out == "reminder r1 for Sam Okafor: due 21 Feb 2027; repeats every 3 months\n"
    out = run("remind", "Sam", "--on", "2026-11-25 09:30", "--note", "send the deck").stdout
    assert out == "reminder r2 for Sam Okafor: due 25 Nov 2026 09:30\n"
    out = run("remind", "Sam", "--on", "2027-01-12 09:00", "--rule", "FREQ=MONTHLY;BYDAY=2TU").stdout
    assert out == "reminder r3 for Sam Okafor: due 12 Jan 2027 09:00; repeats monthly on the 2nd Tuesday\n"

    assert run("snooze", "r2", "--by", "1w").stdout == "snoozed r2 until 02 Dec 2026 09:30\n"
    assert run("snooze", "2", "--until", "2026-12-24").stdout == "snoozed r2 until 24 Dec 2026\n"
    assert run("done", "r3", now="2027-01-12T10:00:00").stdout == "done r3; next due 09 Feb 2027 09:00\n"
    assert run("done", "r2").stdout == "done r2; closed\n"
    assert [i["id"] for i in due(run, "2027-02-21T12:00:00", "--within", "0") if i["kind"] != "keep-in-touch"] == ["r3", "r1"]


def test_snoozing_a_contact_keep_in_touch(run):
    run("add", "Vera Stale", "--circle", "ace")
    stale = "2026-12-10T10:00:00"
    assert [i["id"] for i in due(run, stale, "--within", "0")] == ["c1"]
    assert run("snooze", "c1", "--by", "3d", now=stale).stdout == (
        "snoozed keep-in-touch with Vera Stale until 13 Dec 2026 10:00\n"
    )
    assert due(run, stale, "--within", "0") == []
    err = run("done", "c1", code=2).stderr
    assert "netui log 1 --kind call" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (("remind", "Sam"), "say when"),
        (("remind", "Sam", "--rule", "FREQ=SECONDLY"), "too often"),
        (("remind", "Sam", "--rule", "every blue moon"), "not a recurrence rule"),
        (("remind", "Sam", "--on", "last tuesday of never"), "not a date"),
        (("remind", "Sam", "--on", "2020-01-01"), "in the past"),
        (("remind", "Nobody", "--on", "tomorrow"), "no contact matches"),
        (("snooze", "r99"), "there is no reminder #99"),
        (("snooze", "oops"), "not a reminder id"),
        (("snooze", "r1", "--by", "soon"), "1d, 1w or 1m"),
        (("done", "r99"), "there is no reminder #99"),
        (("due", "--within", "-1"), "--within"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(run, args, message):
    run("add", "Sam Okafor")
    run("remind", "Sam", "--on", "tomorrow")
    err = run(*args, code=2).stderr
    assert message in err and err.count("\n") == 1
    assert [i["id"] for i in due(run, "2026-11-22T10:00:00", "--within", "0")] == ["r1"]  # nothing else stored


def test_an_empty_database_has_nothing_due(run):
    assert run("due").stdout == "nothing due in the next 1 day\n"
    assert run("due", "--within", "0").stdout == "nothing due\n"
    assert due(run) == []


def test_export_ics_to_a_file_and_again(run, tmp_path):
    run("add", "Ada Obi", "--met-on", "today", "--birthday", "02-29")
    target = tmp_path / "netui.ics"
    run("export", "--format", "ics", "-o", str(target), stderr=f"exported 4 items to {target}\n")
    first = vobject.readOne(target.read_text(encoding="utf-8"))
    uids = sorted(c.uid.value for c in first.getChildren() if c.name in ("VTODO", "VEVENT"))
    assert len(uids) == 4 and [u.rsplit(".", 1)[1] for u in uids] == [
        "birthday@netui", "call@netui", "face-to-face@netui", "follow-up@netui",
    ]
    run("done", "r1", now="2026-11-23T08:00:00")
    again = vobject.readOne(run("export", "--format", "ics", now="2026-11-23T08:00:00").stdout)
    assert sorted(c.uid.value for c in again.getChildren() if c.name in ("VTODO", "VEVENT")) == [
        u for u in uids if not u.endswith("follow-up@netui")
    ]
