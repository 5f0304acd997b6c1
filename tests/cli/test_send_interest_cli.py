"""netui send-interest: "send this to everyone interested in X" from the shell, as a user drives it."""

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

    def netui(*args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = invoke(args, env)
        assert result.returncode == code, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    run_ = netui
    run_("add", "Ada Obi", "--tag", "Rowing")
    run_("add", "Bea Li", "--tag", "rowing", "--tag", "jazz")
    run_("add", "Cy Twombly", "--tag", "jazz")
    return netui


def _show(run, who: str) -> dict:
    return json.loads(run("show", who, "--json").stdout)


def test_listing_sends_nothing(run):
    out = run("send-interest", "ROWING").stdout
    assert "2 interested in ROWING: Ada Obi (#1), Bea Li (#2)" in out and "nothing sent" in out
    assert _show(run, "Ada Obi")["interactions"] == [] and _show(run, "Ada Obi")["gives"] == []


def test_all_logs_a_message_and_a_favour_given_for_each(run):
    out = run("send-interest", "rowing", "--what", "the Boat Race article", "--all").stdout
    assert out.startswith("sent 'the Boat Race article' to 2 interested in rowing: Ada Obi (#1), Bea Li (#2)")
    for who in ("Ada Obi", "Bea Li"):
        data = _show(run, who)
        assert [(i["kind"], i["summary"], i["occurred_at"][:16]) for i in data["interactions"]] == \
            [("email", "sent: the Boat Race article", "2026-11-21 10:00")]
        assert [(g["direction"], g["kind"], g["text"], g["status"], g["done_on"]) for g in data["gives"]] == \
            [("given", "article", "the Boat Race article", "done", "2026-11-21")]
    assert _show(run, "Cy Twombly")["interactions"] == []


def test_to_some_of_them_as_a_message_and_json(run):
    data = json.loads(run("send-interest", "jazz", "--what", "a gig on Friday", "--to", "Cy", "--kind", "message",
                          "--json").stdout)
    assert data == {"tag": "jazz", "what": "a gig on Friday", "kind": "message", "sent": True,
                    "people": [{"contact_id": 3, "name": "Cy Twombly"}]}
    assert [i["kind"] for i in _show(run, "Cy Twombly")["interactions"]] == ["message"]
    assert _show(run, "Bea Li")["interactions"] == []


def test_dry_run_changes_nothing(run):
    out = run("send-interest", "rowing", "--what", "x", "--all", "--dry-run").stdout
    assert "would send 'x' to 2 interested in rowing" in out and "nothing changed" in out
    assert _show(run, "Ada Obi")["interactions"] == []


@pytest.mark.parametrize("args, says", [
    (("chess", "--all", "--what", "x"), "nobody has the interest 'chess'"),
    (("rowing", "--all"), "say what you are sending: --what TEXT"),
    (("rowing", "--to", "Cy", "--what", "x"), "Cy Twombly (#3) does not have the interest 'rowing'"),
    (("rowing", "--to", "Zed", "--what", "x"), "Zed"),
    (("rowing", "--all", "--what", "x", "--kind", "call"), "invalid choice"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, says):
    result = run("send-interest", *args, code=2)
    assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _show(run, "Ada Obi")["interactions"] == []
