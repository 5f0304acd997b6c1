"""The command line as a new user and a hostile tester met it: bad input is one line and exit 2."""

from __future__ import annotations

import json

import pytest

from netui.cli import main
from netui.core import contacts


@pytest.fixture
def cli(db_path, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    return run


@pytest.mark.parametrize("name", ["\u200b", "\ufeff", " \u200b\u2060 "])
def test_a_name_made_only_of_invisible_characters_is_no_name(cli, name):
    code, out, err = cli("add", name)
    assert code == 2 and err.strip().count("\n") == 0 and "needs a name" in err
    assert contacts.Contact.select().count() == 0


def test_invisible_characters_at_the_ends_of_a_name_or_tag_are_dropped(cli):
    assert cli("add", "\u200bAda Byron\u200b", "--tag", "\u200b", "--tag", "chess\u200b")[0] == 0
    code, out, _ = cli("show", "Ada Byron", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["name"] == "Ada Byron" and shown["tags"] == ["chess"]


def test_an_email_with_a_zero_width_space_is_refused(cli):
    # Copied from a web page, it reads "bob@example.org" but is another address: mail to it never arrives.
    code, _, err = cli("add", "Bob", "--email", "bob\u200b@example.org")
    assert code == 2 and "invisible" in err and err.strip().count("\n") == 0
    assert contacts.Contact.select().count() == 0


@pytest.mark.parametrize("typed", ["2027-01-01", "2030-06-15"])
def test_a_birthday_still_to_come_is_refused(cli, typed):
    # A typo for 1987 or 2020 made a "birthday, turns 0" reminder for someone not born yet.
    code, _, err = cli("add", "Bea Future", f"--birthday={typed}")
    assert code == 2 and "still to come" in err and err.strip().count("\n") == 0
    assert cli("add", "Bea Past", "--birthday=2026-11-21")[0] == 0  # born today (the fixed clock): fine
    assert cli("add", "Bea Yearless", "--birthday=--12-25")[0] == 0  # no year: nothing to come


def test_a_phone_with_its_country_is_not_told_to_add_its_country(cli):
    # The README's own example: +44 7700 900123 is in Ofcom's range for drama, which no phone has.
    code, _, err = cli("add", "Ada Byron", "--phone", "+44 7700 900123")
    assert code == 0 and "not a valid phone number" in err
    assert "+country" not in err and "region" not in err
    code, _, err = cli("add", "Bob Byte", "--phone", "020 7946 000")
    assert code == 0 and "write it with +country" in err  # without it, the hint is the way out
