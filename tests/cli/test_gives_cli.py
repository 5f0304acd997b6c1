"""The karma bank from the shell, as a user would drive it: give, gives, lead, intro, intro-status, intros."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke

NOW = "2026-11-21T10:00:00"


@pytest.fixture
def run(tmp_path):
    env = dict(os.environ)
    env.update(
        NETUI_DB=str(tmp_path / "netui.db"), NETUI_NOW=NOW, XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )

    def netui(*args: str, code: int = 0, now: str = NOW) -> subprocess.CompletedProcess:
        result = invoke(args, env | {"NETUI_NOW": now})
        assert result.returncode == code, (args, result.stdout, result.stderr)
        if code == 0:
            assert result.stderr == ""
        return result

    return netui


def test_done_when_note_give_introduce_and_see_it_everywhere(run):
    run("add", "Ada Obi", "--tag", "adichie", "--email", "ada@example.com")
    run("add", "Sam Okafor", "--title", "Head of Data")

    # Note "send her the Adichie interview"...
    out = run("give", "Ada", "send her the Adichie interview", "--kind", "article").stdout
    assert out == "noted idea #1 for Ada Obi: send her the Adichie interview\n"
    ideas = json.loads(run("gives", "--open", "--json").stdout)
    assert [(g["id"], g["contact"], g["text"], g["kind"]) for g in ideas] == [
        (1, "Ada Obi", "send her the Adichie interview", "article")
    ]

    # ...later mark it given...
    out = run("give-status", "1", "done", "--outcome", "she loved it", now="2026-11-24T09:00:00").stdout
    assert out == "gave #1 for Ada Obi: send her the Adichie interview → she loved it\n"
    assert json.loads(run("gives", "--open", "--json").stdout) == []

    # ...introduce her to a hiring manager with a reason for each...
    out = run("intro", "Ada", "Sam", "--reason-a", "Sam is hiring a head of data",
              "--reason-b", "Ada led the data team at Lumen").stdout
    assert out.startswith("proposed introduction #1: Ada Obi ↔ Sam Okafor\n")
    run("intro-status", "1", "asked-a")
    run("intro-status", "1", "asked-b")
    out = run("intro-status", "1", "made", now="2026-11-25T12:00:00").stdout
    assert out == (
        "introduction #1 Ada Obi ↔ Sam Okafor: made\n"
        "logged an email with both; I will ask how it went on 09 Dec 2026\n"
    )

    # ...and see all of it in her panes (show/gives/intros)...
    mine = json.loads(run("gives", "ada@example.com", "--json").stdout)
    assert mine["balance"] == {"given": 2, "received": 0, "open_ideas": 0}
    assert [(g["direction"], g["text"], g["done_on"]) for g in mine["gives"]] == [
        ("given", "introduced to Sam Okafor", "2026-11-25"),
        ("given", "send her the Adichie interview", "2026-11-24"),
    ]
    shown = json.loads(run("show", "Ada", "--json").stdout)
    assert [(i["kind"], i["summary"]) for i in shown["interactions"]] == [("email", "introduced to Sam Okafor")]
    sam = json.loads(run("show", "Sam", "--json").stdout)
    assert [(i["kind"], i["summary"]) for i in sam["interactions"]] == [("email", "introduced to Ada Obi")]
    (intro,) = json.loads(run("intros", "Ada", "--json").stdout)
    assert (intro["a"]["name"], intro["b"]["name"], intro["status"], intro["made_on"]) == (
        "Ada Obi", "Sam Okafor", "made", "2026-11-25"
    )
    assert (intro["reason_a"], intro["reason_b"]) == ("Sam is hiring a head of data", "Ada led the data team at Lumen")
    assert intro["follow_up_due"] == "2026-12-09 12:00:00"

    # ...in the overview (how it turned out, the tree)...
    run("intro-status", "1", "--outcome", "helpful", now="2026-12-09T12:00:00")
    out = run("intros").stdout
    assert out.splitlines()[0] == "1 introduction: 1 made (1 helpful), 0 in progress, 0 declined"
    assert "#1     Ada Obi ↔ Sam Okafor  made · helpful  (proposed 2026-11-21, made 2026-11-25)" in out
    assert run("intros", "--tree").stdout == "You\n└─ Ada Obi\n   └─ Ada Obi ↔ Sam Okafor (helpful)\n"
    assert json.loads(run("gives", "--json").stdout)["balance"] == {"given": 3, "received": 0, "open_ideas": 0}

    # ...and in the export.
    backup = json.loads(run("export", "--format", "json").stdout)
    ada = next(c for c in backup["contacts"] if c["name"] == "Ada Obi")
    assert {g["text"]: (g["direction"], g["status"], g["outcome"]) for g in ada["gives"]} == {
        "send her the Adichie interview": ("given", "done", "she loved it"),
        "introduced to Sam Okafor": ("given", "done", "helpful"),
    }
    (exported,) = backup["introductions"]
    assert (exported["a"], exported["status"], exported["outcome"], exported["made_on"]) == (
        ada["uid"], "made", "helpful", "2026-11-25"
    )
    assert [(r["kind"], r["due_at"], r["done_at"]) for r in exported["reminders"]] == [
        ("intro-follow-up", "2026-12-09 12:00:00", "2026-12-09 12:00:00")
    ]


def test_received_favours_balance_and_the_gentle_nudge(run):
    run("add", "Sam Okafor")
    out = run("give", "Sam", "introduced me to his CTO", "--received", "--kind", "intro").stdout
    assert out == (
        "noted favour received #1 for Sam Okafor: introduced me to his CTO\n"
        "so far you have only received from Sam Okafor: what could you give?\n"
    )
    out = run("gives", "Sam").stdout
    assert out.splitlines()[:2] == [
        "Sam Okafor: you gave 0, received 1; 0 open ideas",
        "  so far you have only received from them: what could you give?",
    ]
    run("give", "Sam", "reviewed his pitch deck", "--done", "--kind", "advice")
    mine = json.loads(run("gives", "Sam", "--json").stdout)
    assert (mine["balance"], mine["only_takes"]) == ({"given": 1, "received": 1, "open_ideas": 0}, False)


def test_a_job_lead_to_several_people(run):
    for name in ("Mary Chen", "Sam Okafor"):
        run("add", name)
    out = run("lead", "head of HR role at Lumen", "Mary", "Sam").stdout
    assert out == ("lead 1: head of HR role at Lumen → to pass on to Mary Chen (#1), Sam Okafor (#2) "
                   "(netui give-status ID done once passed)\n")
    run("give-status", "1", "done", "--outcome", "interview on Monday")
    run("give-status", "2", "dropped")
    lead = json.loads(run("gives", "--lead", "1", "--json").stdout)
    assert [(t["contact"], t["status"], t["outcome"]) for t in lead["targets"]] == [
        ("Mary Chen", "done", "interview on Monday"), ("Sam Okafor", "dropped", ""),
    ]
    out = run("gives", "--lead", "1").stdout
    assert "Mary Chen                 passed on 2026-11-21 → interview on Monday" in out


def test_a_request_made_to_you_then_declined(run):
    run("add", "Mira Li")
    run("add", "Sam Okafor")
    out = run("intro-request", "Mira", "Sam", "--reason", "wants to pitch her climate startup to his fund").stdout
    assert out == "recorded request #1: Mira Li would like to meet Sam Okafor\n"
    err = run("intro-status", "1", "made", code=2).stderr
    assert err.startswith("netui: say why Sam Okafor should meet Mira Li")
    run("intro-status", "1", "declined", "--note", "his fund does not do climate")
    (intro,) = json.loads(run("intros", "--json").stdout)
    assert (intro["status"], intro["requested_by"]["name"], intro["note"]) == (
        "declined", "Mira Li", "his fund does not do climate"
    )


MISTAKES = [
    (["give", "Nobody", "x"], "netui: no contact matches 'Nobody'"),
    (["give", "Ada", "x", "--kind", "bribe"], "netui: unknown give kind 'bribe'"),
    (["give", "Ada", "   "], "netui: a give note needs some text"),
    (["give-status", "99", "done"], "netui: there is no give note #99"),
    (["give-status", "1", "maybe"], "netui: unknown give status 'maybe' (use done or dropped)"),
    (["intro", "Ada", "Ada", "--reason-a", "hiring", "--reason-b", "job hunting"],
     "netui: an introduction needs two different people"),
    (["intro", "Ada", "Sam", "--reason-a", "you should meet", "--reason-b", "Ada is hiring"],
     "netui: the reason for Ada Obi ('you should meet') is too generic"),
    (["intro-status", "5", "made"], "netui: there is no introduction #5"),
    (["intro-status", "1"], "netui: say a STATUS, --outcome, --reason-a, --reason-b or --note"),
    (["intro-status", "1", "married"], "netui: unknown introduction status 'married'"),
    (["intros", "Ada", "--tree"], "netui: --tree shows everyone: leave out WHO"),
]


def test_mistakes_are_one_clear_line_and_status_2(run):
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    for args, message in MISTAKES:  # one database for all: each case is one process, not three
        result = run(*args, code=2)
        assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == "", args
    assert json.loads(run("gives", "--json").stdout)["gives"] == []
    assert json.loads(run("intros", "--json").stdout) == []


def test_an_intro_status_change_that_fails_changes_nothing(run):
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    run("intro-request", "Ada", "Sam", "--reason", "wants advice on hiring")
    # The new reason is fine but the outcome is not allowed before the introduction is made.
    err = run("intro-status", "1", "--reason-b", "Ada knows the Berlin market", "--outcome", "helpful", code=2).stderr
    assert "only a made introduction has an outcome" in err
    (intro,) = json.loads(run("intros", "--json").stdout)
    assert intro["reason_b"] == ""
