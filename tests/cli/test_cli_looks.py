"""The CLI's human output: columns by display width, ellipses, the sorted value, a complete show."""

from __future__ import annotations

import json
import os
import re

import pytest

from netui.core import formats
from tests.helpers.cli import invoke


@pytest.fixture
def run(tmp_path):
    env = {**os.environ, "NETUI_DB": str(tmp_path / "cli.db"), "NETUI_NOW": "2026-11-21T10:00",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str, code: int = 0) -> str:
        result = invoke(args, env)
        assert result.returncode == code, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    return run


def test_list_columns_line_up_by_display_width_and_cut_with_an_ellipsis(run):
    run("add", "安藤ハナコ", "--org", "東京データ株式会社 · 研究開発部門の責任者", "--allow-duplicate")
    run("add", "Zoë 🎉 Okafor", "--org", "Quartz Legal", "--title", "Head of Sales and Business Development")
    run("add", "Ada Lovelace", "--org", "Analytical")
    lines = run("list").splitlines()
    assert len(lines) == 3
    # the last-contact column starts at the same display column on every row, whatever the script
    starts = [formats.cells(line[: line.index("last ")]) for line in lines]
    assert len(set(starts)) == 1, lines
    sales = next(line for line in lines if "Okafor" in line)
    assert re.search(r"Quartz Legal · Head of…  +last never", sales)  # cut with an ellipsis, a gap after it
    assert max(formats.cells(line) for line in lines) <= 80


def test_list_shows_the_value_it_is_sorted_on(run):
    run("add", "Ada Lovelace", "--circle", "inner")
    run("add", "Alan Turing", "--circle", "outer")
    run("log", "ada", "--kind", "in-person", "--on", "2 days ago")
    by_strength = run("list", "--sort", "strength").splitlines()
    assert "Ada Lovelace" in by_strength[0] and "strength" in by_strength[0]
    score = json.loads(run("show", "ada", "--json"))["strength"]["score"]
    assert f"strength {score:>3} " in by_strength[0]
    overdue = run("list", "--sort", "overdue", "--search", "Alan").splitlines()
    assert overdue[0].endswith("due in 180 days")  # outer circle: 180 days from when he was added


def test_an_empty_list_leaves_stdout_empty_and_json_stays_empty(run):
    assert run("list") == "" and json.loads(run("list", "--json")) == []


def test_show_is_complete_and_reads_dates_as_people_do(run):
    run("add", "Ada Lovelace", "--email", "ada@x.org", "--birthday=--12-10", "--met-on", "yesterday",
        "--how-met", "PyCon", "--reason", "hiring compiler people", "--tag", "math", "--circle", "inner")
    run("add", "Sam Okafor", "--email", "sam@x.org")
    run("remind", "Ada", "--on", "2026-12-01 09:30", "--note", "send the deck")
    run("give", "Ada", "an intro to a compiler team")
    run("intro", "Ada", "Sam", "--reason-a", "Sam hires compiler people", "--reason-b", "Ada builds compilers")
    out = run("show", "ada")
    assert "--12-10" not in out and "birthday     10 Dec" in out
    assert "met on       20 Nov 2026" in out
    assert "last contact 20 Nov 2026 (yesterday)" in out
    assert "cadence      every 30 days (inner circle)" in out
    assert "send the deck" in out and "01 Dec 2026 09:30" in out  # reminders
    assert "an intro to a compiler team" in out  # give ideas
    assert "with Sam Okafor: proposed, proposed 21 Nov 2026" in out  # introductions
    assert ":00:00" not in out and "2026-11" not in out  # no raw timestamps anywhere
