"""`netui add` and `netui edit --name` give a contact the name's parts as the form does: split from the
name when not typed, split again on a rename when they were only the old split."""

from __future__ import annotations

import pytest

from netui.cli import main
from netui.core import contacts, search
from netui.core.contacts import ContactInput
from netui.db.models import Contact


@pytest.fixture
def cli(db, monkeypatch):
    monkeypatch.setattr("netui.cli.contacts.open_db", lambda args: None)  # the test's open database


def parts(name: str) -> tuple[str, str]:
    c = Contact.get(Contact.name == name)
    return c.given_name, c.family_name


def test_add_splits_the_name_and_a_rename_follows_it(cli, capsys):
    assert main(["add", "Grace Hopper"]) == 0
    assert parts("Grace Hopper") == ("Grace", "Hopper")
    assert main(["edit", "Grace Hopper", "--name", "Grace Brewster Murray"]) == 0
    assert parts("Grace Brewster Murray") == ("Grace Brewster", "Murray")


def test_a_rename_keeps_parts_that_were_typed(cli, now, capsys):
    cid = contacts.create(ContactInput(name="Bo Li", given_name="Bo", family_name="Li Wei"), now)
    assert main(["edit", str(cid), "--name", "Li Wei Bo"]) == 0
    assert parts("Li Wei Bo") == ("Bo", "Li Wei")
    assert search.count(search.Query("bo")) == 1
