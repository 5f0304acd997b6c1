"""relate, unrelate, note, notes and add --introduced-by as a user runs them: the command line (in process), exit codes."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.helpers.cli import invoke


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = invoke(args, env)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        if code == 2:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one line saying what
        return result

    return run


def test_relate_shows_on_both_sides_and_unrelate_takes_it_away(run):
    run("add", "Gary Stone")
    run("add", "Sam Hiring", "--introduced-by", "gary")  # how met, as a person
    run("add", "Ada Obi")
    assert "Ada Obi — manager Gary Stone" in run("relate", "ada", "gary", "--as", "manager").stdout
    sam = json.loads(run("show", "sam", "--json").stdout)
    assert sam["relations"] == [{"type": "introduced-by", "label": "", "contact_id": 1, "name": "Gary Stone"}]
    gary = json.loads(run("show", "gary", "--json").stdout)
    assert {(r["type"], r["name"]) for r in gary["relations"]} == {("introduced", "Sam Hiring"), ("report", "Ada Obi")}
    listed = {c["name"]: c for c in json.loads(run("list", "--json").stdout)}
    assert [r["type"] for r in listed["Ada Obi"]["relations"]] == ["manager"]
    assert "people       introduced Sam Hiring" in run("show", "gary").stdout
    err = run("relate", "gary", "ada", "--as", "report", code=2).stderr  # the same link, from the other side
    assert "already recorded" in err
    run("relate", "sam", "ada", "--as", "custom", "--label", "tennis partner")
    assert "removed 1 relation between Gary Stone and Ada Obi" in run("unrelate", "gary", "ada").stdout
    run("unrelate", "sam", "ada", "--as", "friend", code=2)
    run("unrelate", "sam", "ada", "--label", "tennis partner")
    assert json.loads(run("show", "ada", "--json").stdout)["relations"] == []


@pytest.mark.parametrize("args, says", [
    (("relate", "sam", "nobody", "--as", "friend"), "no contact matches 'nobody'"),
    (("relate", "s", "gary", "--as", "friend"), "matches several contacts"),
    (("relate", "sam", "sam", "--as", "friend"), "themselves"),
    (("relate", "sam", "gary", "--as", "nemesis"), "unknown relation 'nemesis'"),
    (("relate", "sam", "gary", "--as", "custom"), "needs words"),
    (("unrelate", "sam", "gary"), "not related"),
    (("note", "sam", "later", "--on", "tomorrow"), "in the future"),
    (("note", "sam", "x", "--on", "someday"), "someday"),
    (("note", "sam", "   "), "needs some text"),
    (("add", "Bo", "--introduced-by", "nobody"), "no contact matches"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, says):
    run("add", "Sam Hiring")
    run("add", "Gary Stone")
    run("add", "Sara Lee")
    assert says in run(*args, code=2).stderr
    assert [c["name"] for c in json.loads(run("list", "--json").stdout)] == ["Gary Stone", "Sam Hiring", "Sara Lee"]


def test_note_and_notes(run):
    run("add", "Sam Hiring")
    assert "noted #1 about Sam Hiring on 2026-11-20: moved to the London office" in run(
        "note", "sam", "moved to the London office", "--on", "yesterday").stdout
    run("note", "sam", "kids: Ana 7, Leo 4", "--on", "2026-10-01")
    run("note", "sam", "marathon in April")
    assert json.loads(run("notes", "sam", "--json").stdout) == [
        {"id": 3, "on": "2026-11-21", "text": "marathon in April"},
        {"id": 1, "on": "2026-11-20", "text": "moved to the London office"},
        {"id": 2, "on": "2026-10-01", "text": "kids: Ana 7, Leo 4"},
    ]
    assert run("notes", "sam").stdout.splitlines()[0] == "#3     2026-11-21  marathon in April"
    show = json.loads(run("show", "sam", "--json").stdout)
    assert show["journal"][1] == {"on": "2026-11-20", "text": "moved to the London office"}
    assert "01 Oct 2026  kids: Ana 7, Leo 4" in run("show", "sam").stdout
    assert [c["name"] for c in json.loads(run("list", "--search", "london", "--json").stdout)] == ["Sam Hiring"]
