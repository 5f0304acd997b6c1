"""The command line's one output path: text made inert, layout kept, JSON exact."""

from __future__ import annotations

import io
import json

from netui.cli.common import Terminal, clean, json_text


def test_clean_keeps_layout_and_drops_what_acts_on_a_terminal():
    assert clean("#1     Ada\tLovelace\nnext") == "#1     Ada\tLovelace\nnext"
    assert clean("Eve \x1b]0;PWNED\x07x\x1b[31mred\x9b31m \u202eevil\r") == "Eve xred evil "
    assert clean("two\nlines \x1b[2J") == "two\nlines "


def test_a_terminal_stream_keeps_crlf_and_tabs_and_partial_lines():
    out = io.StringIO()
    t = Terminal(out)
    t.write("BEGIN:VCARD\r\nFN:A\x1b[31m")
    t.write("da\tx\r\nEND")
    t.flush()
    assert out.getvalue() == "BEGIN:VCARD\r\nFN:Ada\tx\r\nEND"


def test_json_escapes_instead_of_dropping():
    value = {"name": "Oscar \x1b]0;T\x07 \x9b \u202e \ud800"}
    text = json_text(value)
    assert not any(c in text for c in "\x1b\x07\x9b\u202e\ud800")
    assert json.loads(text) == value
