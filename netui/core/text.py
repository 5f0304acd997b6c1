"""Untrusted text made inert.

Names and notes come from files netui did not write. ``sanitize`` is the one function that removes what
could act on a terminal: escape sequences (CSI, OSC, DCS and friends), C0 and C1 control characters,
and bidirectional overrides that can disguise text. It runs on import, on every write and again before
display. Rich/Textual markup needs no escaping here because the UI never parses stored text as markup.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST), and
# two-character escapes. The 8-bit forms (0x9B CSI, 0x9D OSC ...) are covered the same way.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                  # CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)  # OSC, DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                                  # other escapes
    """,
    re.VERBOSE | re.DOTALL,
)
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
_CONTROLS = {c: None for c in range(0x00, 0x20)} | {0x7F: None} | {c: None for c in range(0x80, 0xA0)}
_KEEP_LINES = dict(_CONTROLS)
del _KEEP_LINES[0x0A]  # newline
del _KEEP_LINES[0x09]  # tab

# Invisible characters that no name, tag or address needs at its ends (zero-width space, joiners, word
# joiner, a stray byte order mark): at the edges of a value they are stripped like spaces, so a value
# made of nothing else is empty. Inside text they stay (joiners shape emoji and Persian, Indic scripts).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")

MAX_FIELD = 20_000  # characters kept of any one field; the rest is cut with a marker


def sanitize(value: object, *, multiline: bool = False, limit: int = MAX_FIELD, strip: bool = True) -> str:
    """Return ``value`` as plain, inert text.

    Single-line fields turn line breaks and tabs into spaces and (with ``strip``) lose surrounding and
    repeated whitespace; ``multiline`` keeps newlines (notes). Display code passes ``strip=False`` to
    keep its own padding.
    """
    if value is None:
        return ""
    text = str(value)
    if len(text) > limit * 4:
        text = text[: limit * 4]
    if not (text.isascii() and text.isprintable()):  # printable ASCII (most text) has nothing to remove
        text = _ESCAPES.sub("", text)
        if multiline:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            text = text.translate(_KEEP_LINES).translate(_BIDI)
            text = text.replace("\t", "    ")
        else:
            text = re.sub(r"[\r\n\t]+", " ", text)
            text = text.translate(_CONTROLS).translate(_BIDI)
        # Unpaired surrogates (from broken decoders) cannot be encoded for the terminal.
        text = text.encode("utf-8", "replace").decode("utf-8")
        text = unicodedata.normalize("NFC", text)
    if strip:
        if not text.isascii():
            text = _INVISIBLE_EDGES.sub("", text)
        text = text.strip() if multiline else " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def fold(value: str) -> str:
    """The key netui sorts and compares names by: casefolded, accents kept."""
    return " ".join(value.casefold().split())
