from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core.text import fold, sanitize


def test_escape_sequences_and_controls_are_removed():
    assert sanitize("Eve\x1b[31mRed\x1b[0m") == "EveRed"
    assert sanitize("a\x1b]0;pwned\x07b") == "ab"  # OSC title change
    assert sanitize("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b") == "alinkb"  # OSC 8 hyperlink
    assert sanitize("x\x9b2Jy") == "xy"  # 8-bit CSI
    assert sanitize("nul\x00byte\x07bell") == "nulbytebell"
    assert sanitize("\u202eevil\u202c") == "evil"  # bidi override
    assert sanitize("line\nbreak\ttab") == "line break tab"


def test_markup_is_kept_as_text():
    assert sanitize("Eve [/]") == "Eve [/]"
    assert sanitize("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_multiline_keeps_newlines_only():
    assert sanitize("one\r\ntwo\x1b[2Kthree", multiline=True) == "one\ntwothree"


def test_unicode_is_kept_and_normalised():
    assert sanitize("Zoë 🎉 שלום") == "Zoë 🎉 שלום"
    assert sanitize("Zoe\u0308") == "Zoë"


def test_huge_fields_are_capped():
    assert len(sanitize("x" * 100_000)) == 20_000


@settings(max_examples=300)
@given(st.text())
def test_sanitized_text_has_no_control_characters(text):
    out = sanitize(text, strip=False)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in out)
    assert sanitize(out, strip=False) == out  # idempotent


def test_fold_is_the_sort_key():
    assert fold("  Ada   LOVELACE ") == "ada lovelace"
