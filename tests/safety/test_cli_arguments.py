"""Arguments out of range, as a user would type them: one line naming the argument, exit 2, nothing stored.
Each case is a real process (the fuzz test covers the rest in-process)."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import run_netui


@pytest.fixture
def cli(tmp_path):
    path = tmp_path / "data" / "netui.db"

    def run(*args: str):
        return run_netui(path, tmp_path, *args)

    assert run("add", "Ada Lovelace").returncode == 0
    run.path = path
    return run


def count(path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def one_line(result, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("netui: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


CASES = [
    (("show", "99999999999999999999999"), ["there is no contact #99999999999999999999999"]),
    (("delete", "#9223372036854775808"), ["there is no contact"]),
    (("give-status", "99999999999999999999999", "done"), ["argument ID", "out of range"]),
    (("give-status", "-1", "done"), ["argument ID", "-1 is out of range"]),
    (("intro-status", "0", "made"), ["argument ID"]),
    (("gives", "--lead", "1e9"), ["--lead", "not an id"]),
    (("snooze", "r99999999999999999999"), ["is not a reminder id"]),
    (("snooze", "r1", "--until", "9999-12-31"), ["--until", "out of range", "1900 to 2200"]),
    (("add", "Babbage", "--met-on", "9999-12-31"), ["--met-on", "out of range"]),
    (("add", "Babbage", "--met-on", "in 99999 years"), ["in 99999 years"]),
    (("add", "Babbage", "--met-on", "in 3 days"), ["in the future"]),
    (("log", "ada", "--kind", "call", "--on", "0001-01-01"), ["--on", "out of range"]),
    (("remind", "ada", "--on", "in 99999 years"), ["in 99999 years"]),
    (("add", "Babbage", "--cadence", "99999999999"), ["--cadence", "out of range"]),
    (("list", "--limit", "99999999999999999999999"), ["--limit"]),
    (("due", "--within", "99999"), ["--within", "out of range"]),
    (("demo", "--contacts", "0"), ["--contacts", "0 is out of range"]),
    (("demo", "--contacts", "99999999999"), ["--contacts"]),
    (("demo", "--interactions", "-1"), ["--interactions"]),
    (("export", "--bogus"), ["unrecognized arguments: --bogus", "--help"]),
    (("show",), ["the following arguments are required: who"]),
]


@pytest.mark.parametrize("args, says", CASES, ids=[" ".join(a)[:50] for a, _ in CASES])
def test_out_of_range_arguments_are_one_line(cli, args, says):
    one_line(cli(*args), *says)
    assert count(cli.path, "contact") == 1 and count(cli.path, "interaction") == 0
    assert count(cli.path, "reminder WHERE kind = 'custom'") == 0


def test_a_demo_with_a_seed_already_used_is_refused(cli):
    assert cli("demo", "--contacts", "3", "--seed", "7").returncode == 0
    one_line(cli("demo", "--contacts", "3", "--seed", "7"), "seed 7 is already in this database")
    assert count(cli.path, "contact") == 4
    assert cli("demo", "--contacts", "3", "--seed", "8").returncode == 0


def test_a_demo_on_a_read_only_file_is_refused(tmp_path, small_disk):
    disk = small_disk(2048)
    path = disk.path / "netui.db"
    assert run_netui(path, tmp_path, "add", "Ada Lovelace").returncode == 0
    disk.remount_read_only()
    one_line(run_netui(path, tmp_path, "demo", "--contacts", "3"), "read-only", "nothing was added")
    assert count(path, "contact") == 1
