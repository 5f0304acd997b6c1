"""A config file of the wrong shape: the command line refuses it in one line naming the file and the key
(exit 2); the app shows the same line and starts with the defaults."""

from __future__ import annotations

import pytest

from netui.core import settings

from .conftest import run_netui

BAD = [
    ("cadence = 5\n", "cadence must be a table"),
    ("[strength]\nweights = [1, 2]\n", "strength.weights must be a table"),
    ("[cadence]\nregular = 99999999999\n", "cadence.regular must be from 1 to 3650, not 99999999999"),
    ("[cadence]\nregular = \"90\"\n", "cadence.regular must be a whole number"),
    ("[cadence]\nregular = true\n", "cadence.regular must be a whole number"),
    ("[sync]\nauto = \"false\"\n", "sync.auto must be true or false"),
    ("[sync]\nevery_minutes = 0\n", "sync.every_minutes must be from 1"),
    ("[strength]\nhalf_life_days = \"long\"\n", "strength.half_life_days must be a number"),
    ("[strength]\ntiers = { strong = 1000 }\n", "strength.tiers.strong must be from 0 to 100"),
    ("[strength.weights]\ntelepathy = 3\n", "strength.weights.telepathy is not a setting netui knows"),
    ("[reminders]\ncall_days = -1\n", "reminders.call_days must be from 1"),
    ("[keys]\nlog = 5\n", "keys.log must be a key or keys in quotes"),
    ("[cadance]\nace = 3\n", "cadance is not a section netui knows"),
    ("[cadence]\nace = 14\nace = 15\n", "line 3"),
    ("[cadence\n", "line 1"),
    ("x = \n", "not valid TOML"),
]


@pytest.mark.parametrize("text, says", BAD, ids=[t.split("\n")[0][:30] for t, _ in BAD])
def test_a_bad_value_names_the_file_and_the_key(tmp_path, text, says):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(settings.SettingsError) as caught:
        settings.load(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert says in str(caught.value)


def test_a_good_file_is_read_and_defaults_fill_the_rest(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[cadence]\nace = 7\n[strength]\nweights = { call = 5.5 }\n[sync]\nauto = true\n[keys]\nlog = \"L\"\n")
    s = settings.load(path)
    assert s.cadence["ace"] == 7 and s.cadence["regular"] == 90
    assert s.weights["call"] == 5.5 and s.weights["email"] == 3
    assert s.sync_auto is True and s.keys == {"log": "L"}


def test_the_defaults_are_used_and_the_problem_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "netui").mkdir()
    (tmp_path / "netui" / "config.toml").write_text("[sync]\nauto = \"false\"\n")
    settings.use(None)
    try:
        assert settings.current().sync_auto is False  # a quoted "false" never turns sync on
        assert "sync.auto must be true or false" in settings.problem()
    finally:
        settings.use(None)


@pytest.mark.parametrize("text, says", [BAD[0], BAD[2], BAD[5], BAD[14]], ids=["cadence", "regular", "auto", "syntax"])
def test_the_command_line_refuses_a_bad_config_in_one_line(tmp_path, text, says):
    (tmp_path / "cfg" / "netui").mkdir(parents=True)
    config = tmp_path / "cfg" / "netui" / "config.toml"
    config.write_text(text)
    result = run_netui(tmp_path / "data" / "netui.db", tmp_path, "list")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"netui: {config}: ") and says in result.stderr
    assert not (tmp_path / "data" / "netui.db").exists()  # refused before anything was opened


@pytest.mark.slow  # the app in a real terminal
def test_the_app_shows_a_bad_config_and_starts_with_the_defaults(tmp_path):
    """The real app in a pseudo-terminal: it draws the main screen with the problem in a notification."""
    from .conftest import netui_env
    from .test_hostile_pty import plain, run_in_pty

    (tmp_path / "cfg" / "netui").mkdir(parents=True)
    (tmp_path / "cfg" / "netui" / "config.toml").write_text("cadence = 5\n")
    db_path = tmp_path / "data" / "netui.db"
    assert run_netui(db_path, tmp_path, "add", "Ada Lovelace").returncode == 2  # the command line refuses it
    env = {**netui_env(db_path, tmp_path), "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    out, code = run_in_pty(env, [], drawn=b"Config not used")
    assert code == 0, out[-2000:]
    text = plain(out)
    # the toast wraps its sentence: each word is looked for, not the line breaks between them
    assert "Config not used" in text and "cadence" in text and "default" in text and "settings." in text
