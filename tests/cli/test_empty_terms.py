"""An empty or blank name, search or file name is one line and exit 2, never "nobody", "everyone" or ".".

``netui org ''`` once answered "nobody at ''" with exit 0, ``list --search ''`` listed everyone,
``import ''`` read the current folder as a vdir and ``export -o ''`` wrote to the terminal.
"""

from __future__ import annotations

import pytest

BLANK_ARGS = [
    ("org", "{}"),
    ("list", "--search", "{}"),
    ("gives", "{}"),
    ("intros", "{}"),
    ("show", "{}"),
    ("log", "{}", "--kind", "call"),
    ("relate", "{}", "Ada", "--as", "family"),
    ("relate", "Ada", "{}", "--as", "family"),
    ("remind", "{}", "--on", "tomorrow"),
    ("note", "{}", "met at a fair"),
    ("tag", "--search", "{}", "vip"),
    ("tag", "--search", "Ada", "{}"),
    ("export", "-o", "{}"),
    ("import", "{}"),
    ("backup", "{}"),
    ("restore", "{}"),
    ("scan", "{}"),
    ("sync", "--contacts", "{}"),
]


@pytest.mark.parametrize("blank", ["", "  \t"])
def test_a_blank_name_term_or_file_is_one_line_and_exit_2(run, blank):
    run("add", "Ada")
    for args in BLANK_ARGS:
        result = run(*(a.format(blank) for a in args), code=2)
        assert result.stdout == "", args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("netui: "), (args, result.stderr)


def test_org_says_what_is_missing(run):
    err = run("org", "", code=2).stderr
    assert "empty: give words of the organisation's name" in err
    assert "netui org --help" in err


def test_list_without_search_still_lists_everyone(run):
    run("add", "Ada")
    run("add", "Bob")
    out = run("list").stdout
    assert "Ada" in out and "Bob" in out
    assert "Bob" not in run("list", "--search", "Ada").stdout
