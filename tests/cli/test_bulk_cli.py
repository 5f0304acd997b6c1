"""netui tag and netui set as a user runs them: the command line (in process) over people a search finds, exit codes."""

from __future__ import annotations

import pytest

from netui.core import contacts
from netui.core.contacts import ContactInput
from netui.db.models import Contact
from tests.helpers.cli import invoke

NAMES = ("Ada Lovelace", "Bea Li", "Cy Twombly")


@pytest.fixture
def run(db_path, now):
    """Three people at Quartz (Ada already tagged vip) and one elsewhere, written in process; the
    commands run (in process, tests/helpers/cli.py) on the same file."""
    for name in NAMES:
        contacts.create(ContactInput(name=name, organization="Quartz", tags=["vip"] if name == "Ada Lovelace" else []), now)
    contacts.create(ContactInput(name="Dan Acme", organization="Acme"), now)

    def netui(*args: str, code: int = 0) -> str:
        done = invoke(args)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        if code == 2:
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr  # one line saying what
            return done.stderr
        return done.stdout

    return netui


def _tags() -> dict[str, list[str]]:
    return {c.name: contacts.tags_of(c.id) for c in Contact.select()}


def test_tag_says_who_changed_and_untag_takes_it_off(run):
    assert run("tag", "vip", "--search", "org:quartz", "--dry-run") == "Would tag 2 people with vip: Bea Li, Cy Twombly\n"
    assert _tags()["Bea Li"] == []  # a dry run writes nothing
    assert run("tag", "vip", "--search", "org:quartz") == "Tagged 2 people with vip: Bea Li, Cy Twombly\n"
    assert _tags() == {"Ada Lovelace": ["vip"], "Bea Li": ["vip"], "Cy Twombly": ["vip"], "Dan Acme": []}
    assert "nothing to change for the 3 people found" in run("tag", "VIP", "--search", "org:quartz")
    assert run("tag", "vip", "--remove", "--search", "bea") == "Untagged 1 person from vip: Bea Li\n"
    assert _tags()["Bea Li"] == []


def test_set_circle_cadence_and_archived(run):
    assert run("set", "circle", "inner", "--search", "org:quartz -ada") == "Set the circle of 2 people to inner: Bea Li, Cy Twombly\n"
    assert run("set", "cadence", "30d", "--search", "circle:inner").startswith("Set the cadence of 2 people to every 30 days")
    assert run("set", "archived", "yes", "--search", "dan") == "Archived 1 person: Dan Acme\n"
    assert run("set", "archived", "no", "--search", "is:archived") == "Unarchived 1 person: Dan Acme\n"
    assert {(c.name, c.circle, c.cadence_days, c.archived) for c in Contact.select().where(Contact.circle == "inner")} \
        == {("Bea Li", "inner", 30, False), ("Cy Twombly", "inner", 30, False)}


@pytest.mark.parametrize("args, says", [
    (("set", "name", "x", "--search", "ada"), "'name' cannot be set for many people at once"),
    (("set", "circle", "best", "--search", "ada"), "unknown circle 'best'"),
    (("set", "cadence", "often", "--search", "ada"), "'often' is not a cadence"),
    (("tag", "vip", "--search", "nobody-here"), 'nobody matches "nobody-here": nothing changed'),
    (("tag", "vip", "--search", "  "), "--search is empty"),
])
def test_refusals_are_one_line_and_change_nothing(run, args, says):
    assert says in run(*args, code=2)
    assert len({c.circle for c in Contact.select()}) == 1 and {c.cadence_days for c in Contact.select()} == {None}
    assert _tags()["Bea Li"] == []
