"""A property line's head is parsed once and kept: every line still reads as vobject's ``parseLine``
reads it, and a line it refuses is refused in the same words."""

from __future__ import annotations

import pytest
from vobject.base import ParseError, parseLine

from netui.interop.vcard import lines

LINES = [
    "FN:Ada Lovelace", "EMAIL;TYPE=INTERNET,WORK:ada@x.org", "EMAIL;TYPE=INTERNET,WORK:other@x.org",
    "item1.URL;TYPE=a=b,,c:http\\://x", "X-A_B;Q_R=1;PREF:v", "NOTE;X=:n", "TEL;CELL;PREF:+44 1",
    'EMAIL;TYPE="a,b":x@y.z', 'X-Q;P="a:b":value:with:colons', "NOTE:", "N:Lovelace;Ada;;;",
    "ADR;TYPE=WORK:;;1 High St;London;;N1;UK", "TEL;TYPE=WORK, VOICE:1", "NOTE;CHARSET=UTF-8:a\nb",
]
BAD = ["BAD LINE;X:y", "TEL;;TYPE=cell:1", "a.b.c:q", ":empty", "no colon at all", 'X;P="open:v']


@pytest.mark.parametrize("text", LINES)
def test_a_line_reads_as_vobject_reads_it_the_first_time_and_again(text):
    lines._HEADS.clear()
    for _ in range(2):  # parsed, then from what was kept
        assert lines.parse_line(text, 7) == parseLine(text, 7)


@pytest.mark.parametrize("text", BAD)
def test_a_line_vobject_refuses_is_refused_in_its_words(text):
    try:
        parseLine(text, 3)
    except ParseError as exc:
        expected = str(exc)
    else:
        assert lines.parse_line(text, 3) == parseLine(text, 3)
        return
    for _ in range(2):
        with pytest.raises(ParseError) as caught:
            lines.parse_line(text, 3)
        assert str(caught.value) == expected
