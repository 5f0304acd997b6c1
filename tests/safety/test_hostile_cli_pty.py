"""The command line in a pseudo-terminal, over a hostile JSON backup and a hostile vdir: check the bytes.

`show`, `due`, `gives`, `intros`, `import`, `sync` and `export --format ics` (to stdout) run as a user
runs them, each in its own process with a terminal; nothing a backup, a card or a file name carried may
reach that terminal as an escape sequence. The same commands run over a database written behind
netui's back (raw hostile rows), so the printing side is checked on its own too.
"""

from __future__ import annotations

import json
import os
import pty
import sys

import pytest

from netui.db import close_database

from . import hostile
from .conftest import ROOT, netui_env
from .test_hostile_pty import assert_inert
from .test_json_backup import hostile_backup, read_until

pytestmark = pytest.mark.slow  # each command in a real terminal, a process of its own

EVIL_FILE = f"evil{hostile.OSC_TITLE}{hostile.CSI_RED}\u202e.vcf"


def in_pty(db_path, tmp_path, *args: str) -> tuple[bytes, int]:
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(ROOT)
            env = {**netui_env(db_path, tmp_path), "TERM": "xterm-256color", "COLUMNS": "120"}
            os.execve(sys.executable, [sys.executable, "-m", "netui", *args], env)
        finally:
            os._exit(127)
    out = read_until(fd, None, limit=120)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return out, os.waitstatus_to_exitcode(status)


def hostile_vdir(folder) -> None:
    """Cards with hostile names and notes, one under a hostile file name, one broken (so reported)."""
    folder.mkdir()
    (folder / EVIL_FILE).write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:evil-1\r\nFN:Vee {hostile.OSC_CLIPBOARD}Card\r\n"
        f"NOTE:{hostile.CSI_RED}{hostile.DCS_QUERY}\r\nEMAIL:vee@x.org\r\nEND:VCARD\r\n"
    )
    (folder / f"broken{hostile.C1}.vcf").write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\n")
    (folder / "plain.vcf").write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:plain-1\r\nFN:Plain {hostile.OSC_TITLE}Person\r\nEND:VCARD\r\n"
    )


COMMANDS = [("show", "Ada"), ("due", "--within", "30"), ("gives",), ("gives", "--open"), ("intros",),
            ("intros", "--tree"), ("list",), ("export", "--format", "ics"), ("export", "--format", "vcard"),
            ("export", "--format", "csv"), ("stats",)]


def test_a_hostile_backup_and_vdir_never_reach_the_terminal(db_path, tmp_path, now):
    data = hostile_backup(now)
    data["contacts"][0]["name"] = f"Ada {hostile.OSC_TITLE}"
    close_database()
    saved = tmp_path / f"backup{hostile.CSI_RED}.json"
    saved.write_text(json.dumps(data))
    folder = tmp_path / "cards"
    hostile_vdir(folder)
    fresh = tmp_path / "fresh" / "netui.db"
    outputs = []
    for args in [("import", str(saved)), ("import", str(folder)), ("sync", "--contacts", str(folder)), *COMMANDS]:
        out, code = in_pty(fresh, tmp_path, *args)
        assert code in (0, 1), (args, out[-2000:])
        assert b"Traceback" not in out, out[-3000:]
        outputs.append(out)
        assert_inert(out)
    everything = b"".join(outputs).decode("utf-8", "replace")
    assert "Ada" in everything and "summary" in everything and "give" in everything and "ra " in everything
    assert "evil" in everything and "broken" in everything  # the file names are shown, made inert


@pytest.mark.parametrize("args", COMMANDS + [("show", "Oscar"), ("gives", "Rita"), ("show", "Clip", "--json")],
                         ids=lambda a: " ".join(a))
def test_raw_hostile_rows_are_printed_inert(db_path, tmp_path, now, args):
    hostile.populate(now)  # rows written behind netui's back, as another program could
    close_database()
    out, code = in_pty(db_path, tmp_path, *args)
    assert code in (0, 2), out[-2000:]
    assert b"Traceback" not in out
    assert_inert(out)


def test_a_backup_file_name_in_an_error_is_inert(tmp_path):
    bad = tmp_path / f"bad{hostile.OSC_TITLE}.json"
    bad.write_text("{not json")
    out, code = in_pty(tmp_path / "data" / "netui.db", tmp_path, "import", str(bad))
    assert code == 1 and b"not valid JSON" in out
    assert_inert(out)


def test_an_unknown_name_quoted_in_an_error_is_inert(tmp_path):
    out, code = in_pty(tmp_path / "data" / "netui.db", tmp_path, "show", f"Eve{hostile.OSC_CLIPBOARD}{hostile.C1}")
    assert code == 2 and b"no contact matches" in out
    assert_inert(out)


def test_json_output_keeps_the_data_and_escapes_what_a_terminal_would_act_on(db_path, tmp_path, now, capsys):
    from netui import cli

    hostile.populate(now)
    close_database()
    assert cli.main(["list", "--json"]) == 0
    close_database()
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x9b\x9c\x9d\u202e\u2066")
    names = [c["name"] for c in json.loads(out)]
    assert f"Oscar {hostile.OSC_TITLE}Title" in names  # exactly what is stored, as JSON escapes
