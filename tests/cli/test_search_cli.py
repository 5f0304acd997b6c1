"""The search language, saved searches, validation and duplicates from the command line, as a user runs it."""

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
        return result

    return run


@pytest.fixture
def config(tmp_path):
    def write(text: str) -> None:
        folder = tmp_path / "cfg" / "netui"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        (folder / "config.toml").write_text(text)

    return write


def _names(result) -> list[str]:
    return [row["name"] for row in json.loads(result.stdout)]


def test_list_search_and_saved_searches(run, config):
    run("add", "Ada Lovelace", "--circle", "inner", "--org", "Analytical Engines", "--tag", "math")
    run("add", "Alan Turing", "--circle", "inner", "--org", "Acme", "--tag", "math")
    run("add", "Grace Hopper", "--circle", "ace", "--org", "Navy")
    assert _names(run("list", "--search", "circle:inner -org:acme", "--json")) == ["Ada Lovelace"]
    assert _names(run("list", "--search", 'tag:math -"alan"', "--json")) == ["Ada Lovelace"]
    assert _names(run("list", "--search", 'nowhere:x "unclosed', "--json")) == []
    config('[searches]\n"inner circle" = "circle:inner"\n')
    assert _names(run("list", "--saved", "inner circle", "--json")) == ["Ada Lovelace", "Alan Turing"]
    assert _names(run("list", "--saved", "inner circle", "--search", "-tag:none org:acme", "--json")) == ["Alan Turing"]
    refused = run("list", "--saved", "outer", code=2)
    assert refused.stderr.strip() == "netui: --saved 'outer' is not a saved search (known: inner circle)"
    config('[searches]\ninner = 3\n')
    bad = run("list", code=2)
    assert bad.stderr.strip().endswith(
        'config.toml: searches.inner must be a search in quotes, like "circle:inner is:due", not 3')


def test_typed_emails_are_checked_and_phones_normalised(run, config):
    for email, why in (("@x.com", "nothing before the @"), ("foo@", "it needs one @ with a domain after it"),
                       ("foo bar@x.com", "it has a space")):
        result = run("add", "Foo", "--email", email, code=2)
        assert result.stderr.strip() == f"netui: {email!r} does not look like an email address ({why})"
    run("edit", "nobody", code=2)
    assert run("list", "--json").stdout.strip() == "[]"
    config('[phone]\nregion = "GB"\n')
    added = run("add", "Pat Phone", "--phone", "020 7946 0000", "--phone", "not a phone", "--json")
    assert [p["value"] for p in json.loads(added.stdout)["phones"]] == ["+44 20 7946 0000", "not a phone"]
    assert added.stderr.strip() == (
        "--phone: kept 'not a phone' as typed: it is not a phone number netui can read for region GB")
    config('[phone]\nregion = "Britain"\n')
    assert "phone.region must be a two-letter country code" in run("list", code=2).stderr


def test_add_refuses_a_likely_duplicate_unless_asked_and_duplicates_lists_them(run):
    run("add", "Grace Hopper", "--email", "grace@navy.example", "--org", "Navy")
    refused = run("add", "Grace Hopper", "--email", "GRACE@navy.example", code=2)
    assert refused.stderr.strip() == (
        "netui: not added: looks like #1 Grace Hopper (same email GRACE@navy.example); "
        "add --allow-duplicate to add them anyway")
    refused = run("add", "Hopper, Grace", "--org", "navy", code=2)
    assert "looks like #1 Grace Hopper (a close name at Navy)" in refused.stderr
    run("add", "Grace Kelly", "--org", "Navy")  # not close: added
    run("add", "Grace Hopper", "--email", "grace@navy.example", "--allow-duplicate")
    run("add", "G. B. Hopper", "--org", "Elsewhere", "--phone", "+1 202 555 0100")
    run("add", "Someone Else", "--phone", "+1 (202) 555-0100", "--allow-duplicate")
    assert run("duplicates").stdout.splitlines() == [
        "#1 Grace Hopper  ~  #3 Grace Hopper: same email grace@navy.example",
        "    netui merge 1 3",
        "#4 G. B. Hopper  ~  #5 Someone Else: same phone +1 202-555-0100",
        "    netui merge 4 5",
        "netui merge A B shows both side by side and merges B into A with --yes",
    ]
    assert json.loads(run("duplicates", "--json").stdout)[0] == {
        "a": {"id": 1, "name": "Grace Hopper"}, "b": {"id": 3, "name": "Grace Hopper"},
        "reasons": ["same email grace@navy.example"],
    }


def test_list_json_written_a_few_people_at_a_time_is_the_same_document(run, monkeypatch):
    """list --json writes its people a chunk at a time (memory); the text is what one chunk wrote."""
    from netui.cli import contacts as cli_contacts

    run("add", "Ada Lovelace", "--tag", "math", "--email", "ada@example.org")
    run("add", "Alan Turing", "--org", "Acme")
    run("add", "Grace Hopper", "--circle", "ace")
    run("relate", "Ada Lovelace", "Alan Turing", "--as", "colleague")
    whole = run("list", "--json").stdout
    for size in (1, 2):
        monkeypatch.setattr(cli_contacts, "JSON_CHUNK", size)
        assert run("list", "--json").stdout == whole
    assert [row["name"] for row in json.loads(whole)] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert run("list", "--search", "nobody-here", "--json").stdout == "[]\n"
