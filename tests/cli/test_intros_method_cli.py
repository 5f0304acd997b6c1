"""The method's own example from the shell: ask Gary to introduce you to Mary, record each answer and
note, make it, follow up; a silent side comes up in Today; Gary is owed until you give back."""

from __future__ import annotations

import json

from tests.cli.test_gives_cli import run  # noqa: F401 - the fixture: the command line in process, a pinned clock

REASON = "I am moving into HR and she runs hiring at XYZ Corp"


def test_ask_gary_to_introduce_me_to_mary(run):  # noqa: F811
    run("add", "Gary Stone", "--tag", "sailing")
    run("add", "Mary Jones", "--org", "XYZ Corp")
    out = run("intro-ask", "Gary", "Mary", "--reason", REASON).stdout
    assert out.startswith("asked Gary Stone to introduce you to Mary Jones (#1)\n")

    # Gary answers: great potential; a day later Mary accepts, and Gary makes the introduction.
    run("intro-answer", "1", "A", "accepted", "--note", "Gary: great potential", now="2026-11-22T09:00:00")
    run("intro-answer", "1", "B", "accepted", now="2026-11-23T09:00:00")
    out = run("intro-status", "1", "made", "--note", "Gary sent the email", now="2026-11-24T09:00:00").stdout
    assert "follow up with Mary Jones by 26 Nov 2026 09:00" in out
    [intro] = json.loads(run("intros", "--json").stdout)
    assert intro["kind"] == "ask" and intro["status"] == "made" and intro["reason_a"] == REASON
    assert [(s["contact_id"], s["name"], s["asked_on"], s["answer"], s["answered_on"]) for s in intro["sides"]] == [
        (1, "Gary Stone", "2026-11-21", "accepted", "2026-11-22"),
        (2, "Mary Jones", "2026-11-23", "accepted", "2026-11-23"),
    ]
    assert intro["history"] == [
        {"on": "2026-11-22", "note": "Gary: great potential"}, {"on": "2026-11-24", "note": "Gary sent the email"},
    ]
    assert intro["follow_up_due"] == "2026-11-26 09:00:00"

    # The follow-up comes up with Mary; saying how it went answers it and keeps every note.
    day = json.loads(run("today", "--json", now="2026-11-26T10:00:00").stdout)
    assert [(e["name"], [r["kind"] for r in e["reasons"]]) for e in day["items"] if e["name"] == "Mary Jones"] == [
        ("Mary Jones", ["intro-follow-up"])]
    run("intro-status", "1", "--outcome", "helpful", "--note", "coffee with Mary, she will call", now="2026-11-26T10:00:00")
    [intro] = json.loads(run("intros", "--json").stdout)
    assert [h["note"] for h in intro["history"]] == [
        "Gary: great potential", "Gary sent the email", "coffee with Mary, she will call"]
    assert intro["follow_up_due"] is None and intro["outcome"] == "helpful"

    # Gary helped: you owe him, with an idea from his interests, until you give something back.
    owed = json.loads(run("gives", "--owed", "--json").stdout)
    assert [(o["contact"], o["last"]) for o in owed] == [("Gary Stone", "introduced me to Mary Jones")]
    assert "send something about sailing" in owed[0]["ideas"]
    assert "Gary Stone: a favour since you last gave" in run("gives", "--owed").stdout
    run("give", "Gary", "a ticket to the regatta", "--done", now="2026-11-27T10:00:00")
    assert json.loads(run("gives", "--owed", "--json", now="2026-11-27T10:00:00").stdout) == []


def test_a_side_silent_for_five_days_comes_up_in_today_as_chase(run):  # noqa: F811
    run("add", "Gary Stone")
    run("add", "Mary Jones")
    run("intro-ask", "Gary", "Mary", "--reason", REASON)
    four = json.loads(run("today", "--json", now="2026-11-25T10:00:00").stdout)
    assert all(r["kind"] != "chase" for e in four["items"] for r in e["reasons"])
    five = json.loads(run("today", "--json", now="2026-11-26T10:00:00").stdout)
    [gary] = [e for e in five["items"] if e["name"] == "Gary Stone"]
    assert gary["group"] == "introductions"
    [chase] = [r for r in gary["reasons"] if r["kind"] == "chase"]
    assert chase["when"] == "asked 5 days ago, no answer"
    assert "Gary Stone has not said whether they can introduce you to Mary Jones" in chase["note"]
    # His answer ends the chase.
    run("intro-answer", "1", "A", "declined", now="2026-11-26T10:00:00")
    after = json.loads(run("today", "--json", now="2026-11-26T10:00:00").stdout)
    assert all(r["kind"] != "chase" for e in after["items"] for r in e["reasons"])


def test_the_chase_days_are_a_setting(run, tmp_path):  # noqa: F811
    config = tmp_path / "config" / "netui"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("[introductions]\nchase_days = 2\n", encoding="utf-8")
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    run("intro", "Ada", "Sam", "--reason-a", "Sam runs the data team she wants to join",
        "--reason-b", "Ada is the data engineer he is hiring")
    run("intro-status", "1", "asked-b")
    day = json.loads(run("today", "--json", now="2026-11-23T10:00:00").stdout)
    assert [(e["name"], r["kind"]) for e in day["items"] for r in e["reasons"]] == [("Sam Okafor", "chase")]


def test_proposing_a_pair_declined_before_warns_but_proposes(run):  # noqa: F811
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    args = ("--reason-a", "Sam runs the data team she wants to join", "--reason-b", "Ada is the data engineer he is hiring")
    run("intro", "Ada", "Sam", *args)
    run("intro-answer", "1", "B", "declined", "--note", "not hiring this year")
    assert "(declined)" in run("intros").stdout or "declined" in run("intros").stdout
    out = run("intro", "Sam", "Ada", *reversed_reasons(args), now="2026-12-05T10:00:00").stdout
    assert "note: Ada Obi and Sam Okafor were proposed before (#1, 2026-11-21) and Sam Okafor declined on 2026-11-21" in out
    assert out.startswith("proposed introduction #2")
    fresh = run("intro", "Ada", "Sam", *args).stdout
    assert "were proposed before (#1" in fresh


def reversed_reasons(args: tuple[str, ...]) -> tuple[str, ...]:
    return ("--reason-a", args[3], "--reason-b", args[1])


def test_intro_status_note_adds_to_the_history(run):  # noqa: F811
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    run("intro", "Ada", "Sam", "--reason-a", "Sam runs the data team she wants to join",
        "--reason-b", "Ada is the data engineer he is hiring", "--note", "met both at PyCon")
    run("intro-status", "1", "asked-a", "--note", "Mary said: great potential")
    run("intro-status", "1", "--note", "Sam is back from leave on Monday", now="2026-11-23T10:00:00")
    [intro] = json.loads(run("intros", "--json").stdout)
    assert intro["history"] == [
        {"on": "2026-11-21", "note": "met both at PyCon"},
        {"on": "2026-11-21", "note": "Mary said: great potential"},
        {"on": "2026-11-23", "note": "Sam is back from leave on Monday"},
    ]
    assert intro["note"] == "Sam is back from leave on Monday"
    assert intro["sides"][0]["asked_on"] == "2026-11-21" and intro["sides"][1]["asked_on"] is None
    text = run("intros").stdout
    assert "2026-11-21  Mary said: great potential" in text and "A Ada Obi: asked on 2026-11-21" in text


def test_answer_mistakes_are_one_clear_line(run):  # noqa: F811
    run("add", "Ada Obi")
    run("add", "Sam Okafor")
    assert run("intro-answer", "1", "C", "accepted", code=2).stderr == "netui: unknown side 'C' (use A or B)\n"
    assert "unknown answer 'maybe'" in run("intro-answer", "1", "A", "maybe", code=2).stderr
    assert "too generic" in run("intro-ask", "Ada", "Sam", "--reason", "networking", code=2).stderr
    assert "no introduction #7" in run("intro-answer", "7", "A", "accepted", code=2).stderr


def test_a_lead_passed_now_is_given_to_each(run):  # noqa: F811
    for name in ("Mary Chen", "Sam Okafor"):
        run("add", name)
    out = run("lead", "head of HR role at Lumen", "Mary", "Sam", "--passed").stdout
    assert out.startswith("lead 1: passed on head of HR role at Lumen → Mary Chen (#1), Sam Okafor (#2)")
    lead = json.loads(run("gives", "--lead", "1", "--json").stdout)
    assert [(t["direction"], t["status"], t["done_on"]) for t in lead["targets"]] == [
        ("given", "done", "2026-11-21"), ("given", "done", "2026-11-21")]
    run("give-status", "1", "--outcome", "got the interview")
    assert json.loads(run("gives", "--lead", "1", "--json").stdout)["targets"][0]["outcome"] == "got the interview"
    run("lead", "staff role at Acme", "Mary", "--idea")
    assert json.loads(run("gives", "--lead", "2", "--json").stdout)["targets"][0]["status"] == "open"


def test_a_generic_why_gets_a_nudge_never_a_refusal(run):  # noqa: F811
    out = run("add", "Ada Obi", "--reason", "networking").stdout
    assert out.startswith("added #1 Ada Obi\n  the reason 'networking' is generic")
    assert "no reason to connect yet" in run("add", "Bo Li").stdout
    assert run("add", "Cy Rao", "--reason", "runs the robotics meetup I want to speak at").stdout == "added #3 Cy Rao\n"
    assert json.loads(run("show", "1", "--json").stdout)["reason"] == "networking"
