"""vCard text cut into properties: bytes to lines, lines to properties, and the escapes of values.

Reading never trusts one parser with a whole file. The file is cut into cards here, each card is cut
into properties here (unfolding, quoted-printable soft line breaks, base64 blocks), and each property
line is parsed by vobject's content-line parser on its own. So a broken card is reported with its
file, number, line and reason while its neighbours come in, and a broken line costs only that line.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

import charset_normalizer
from vobject.base import ParseError, parseLine

from netui.core.text import sanitize

CARD_LIMIT = 1_000_000  # characters of one card, photos and keys not counted
FILE_LIMIT = 512 * 1024 * 1024  # bytes of one file
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}


class UnreadableFile(ValueError):
    """A file netui cannot read at all; nothing is imported from it."""




def quote(value: str, limit: int = 60) -> str:
    """A value from a file, made safe and short enough to show inside a report line."""
    text = sanitize(decoded(value), limit=limit + 1)
    return repr(text[: limit - 1] + "…" if len(text) > limit else text)


# --- bytes to lines ---------------------------------------------------------------------------------


def text_bytes(data: bytes) -> bytes:
    """The file as bytes in an ASCII-compatible encoding, or UnreadableFile for binary data."""
    if len(data) > FILE_LIMIT:
        raise UnreadableFile(f"it is {len(data) // 2**20} MB, more than the {FILE_LIMIT // 2**20} MB netui reads")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    elif len(data) >= 4 and data[0] and not data[1] and data[2] and not data[3]:
        data = data.decode("utf-16-le", errors="replace").encode("utf-8")
    elif len(data) >= 4 and not data[0] and data[1] and not data[2] and data[3]:
        data = data.decode("utf-16-be", errors="replace").encode("utf-8")
    if b"\x00" in data:
        raise UnreadableFile("it contains binary data, not text")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls * 10 > len(sample):  # text has a stray control character, not one in ten
        raise UnreadableFile("it contains binary data, not text")
    return data


_COMMON = [
    "cp1252", "cp1250", "cp1251", "cp932", "shift_jis", "gb18030", "gb2312", "big5", "cp949", "euc_kr", "euc_jp",
    "latin_1", "iso8859_15", "iso8859_2", "iso8859_5", "koi8_r", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
]


def detect_encoding(data: bytes) -> str:
    """The encoding text that is not UTF-8 is most likely in (a Python codec name), or "" when unknown.

    A short file fits several code pages equally well; of those, the one files are most often in wins."""
    results = list(charset_normalizer.from_bytes(data[:1_000_000]))
    if not results:
        return ""
    least = min(r.chaos for r in results)
    tied = [r.encoding for r in results if r.chaos <= least + 0.01]
    return min(tied, key=lambda e: _COMMON.index(e) if e in _COMMON else len(_COMMON))


def file_charset(data: bytes) -> str:
    """The charset of a vCard file's values that do not say theirs: a detected multi-byte one (a
    Shift_JIS phone export), else "" (UTF-8, and Windows-1252 where a line is not UTF-8). Single-byte
    code pages are not guessed: a few accented names fit too many of them equally well."""
    try:
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError:
        pass
    found = detect_encoding(data)
    return found if found in _MULTIBYTE else ""


_MULTIBYTE = {"cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "cp949", "euc_kr"}


def decode_line(raw: bytes) -> str:
    """One line as text: UTF-8 if it is, else Windows-1252 (Latin-1 for the bytes cp1252 lacks)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw)


def raw_text(raw: bytes) -> str:
    """A physical line as text that still holds its exact bytes (``surrogateescape``): a character
    split by a fold, or a value in another CHARSET, is decoded only once its logical line is whole."""
    return raw.decode("utf-8", errors="surrogateescape")


def decoded(text: str, charset: str = "") -> str:
    """Text from ``raw_text`` (joined into a logical line) decoded in its CHARSET, else UTF-8, else Windows-1252."""
    if not charset and not _ESCAPED.search(text):
        return text
    return _decode_bytes(text.encode("utf-8", errors="surrogateescape"), charset)


_ESCAPED = re.compile("[\udc80-\udcff]")
_BEGIN = re.compile(rb"^\s*(?:[A-Za-z0-9-]+\.)?BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*(?:[A-Za-z0-9-]+\.)?END\s*:\s*VCARD\s*$", re.IGNORECASE)


def split_cards(data: bytes, *, raw: bool = False) -> list[tuple[int, list[tuple[int, str]], bool]]:
    """The cards of a file: (first line number, its lines between BEGIN and END, whether END was seen).

    Each line is decoded on its own, unless ``raw``: then it is ``raw_text``, decoded once unfolded."""
    return [(start, lines, closed) for start, lines, closed, _ in noted_cards(data, raw=raw)]


def noted_cards(data: bytes, *, raw: bool = True) -> list[tuple[int, list[tuple[int, str]], bool, list[str]]]:
    """``split_cards`` with what was noticed about each card's bounds (a card nested in another)."""
    data = text_bytes(data)
    lines = re.split(rb"\r\r\n|\r\n|\r|\n", data)
    cards: list[tuple[int, list[tuple[int, str]], bool, list[str]]] = []
    current: list[tuple[int, str]] | None = None
    notes: list[str] = []
    parents: list[tuple[int, list[tuple[int, str]], list[str]]] = []  # cards a nested one (2.1 AGENT) is inside
    start = 0
    for number, line in enumerate(lines, 1):
        if _BEGIN.match(line):
            if current is not None:
                parents.append((start, current, notes))
            current, start, notes = [], number, []
        elif _END.match(line):
            if current is None:
                continue
            cards.append((start, current, True, notes))
            current = None
            if parents:
                following = next((x for x in lines[number:] if x.strip()), b"")
                if following and not _BEGIN.match(following):
                    # Its parent goes on after it: a card nested inside another, as 2.1 allows.
                    start, current, notes = parents.pop()
                    notes.append(f"lines {cards[-1][0]} to {number} are a vCard nested inside this one; "
                                 f"read as card of its own, and the rest of this card read as usual")
                else:  # the parent really had no END: the file was cut short there
                    cards.extend((s, c, False, n) for s, c, n in parents)
                    parents.clear()
        elif current is not None:
            current.append((number, raw_text(line) if raw else decode_line(line)))
    if current is not None:
        cards.append((start, current, False, notes))
    cards.extend((s, c, False, n) for s, c, n in parents)
    if not cards:
        raise UnreadableFile("there is no vCard in it (no BEGIN:VCARD line)")
    cards.sort(key=lambda card: card[0])
    return cards


# --- lines to properties ----------------------------------------------------------------------------

HEAD = re.compile(r'^((?:[^:"]|"[^"]*")*):')
_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?[A-Za-z0-9_-]+(?:;[^:]*)?:")
_QP = re.compile(r"[;=]\s*QUOTED-PRINTABLE\s*(?:[;:]|$)", re.IGNORECASE)
_B64 = re.compile(r"[;=]\s*(?:B|BASE64)\s*(?:[;:,]|$)", re.IGNORECASE)


@dataclass
class Prop:
    name: str  # upper case, without its group
    group: str  # lower case, "" when none
    params: dict[str, list[str]]  # upper-case names
    bare: list[str]  # 2.1's parameters without a name (TEL;CELL;PREF), lower case
    value: str  # still backslash-escaped unless ``raw``
    line: int
    raw: bool = False  # decoded from quoted-printable/base64: no backslash escapes to undo
    legacy: bool = False  # a vCard 2.1 card: a backslash escapes only ``; , : \\`` and ``\\n``

    def param(self, name: str) -> str:
        values = self.params.get(name)
        return values[0] if values else ""

    def named_types(self) -> list[str]:
        """TYPE=a,b and TYPE="a,b" values, lower case."""
        return [t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",") if t.strip()]


def prop_name(head: str) -> str:
    name = head.split(";", 1)[0]
    return name.rsplit(".", 1)[-1].strip().upper()


_FREE_TEXT = {"NOTE", "LABEL", "ADR"}


def logical_lines(lines: list[tuple[int, str]], warnings: list[str]) -> Iterator[tuple[int, str]]:
    """Unfold a card's lines into properties (line number, text)."""
    out: list[list] = []  # [number, pieces of text (joined once: a 5 MB photo has 70,000 folds), is_qp]
    i, n = 0, len(lines)
    while i < n:
        number, line = lines[i]
        i += 1
        if not line.strip():
            continue
        if line[0] in " \t":
            if out:
                out[-1][1].append(line[1:])
            continue
        if line.lstrip().startswith("#"):
            warnings.append(f"line {number} is a comment and was ignored")
            continue
        head = HEAD.match(line)
        is_property = head is not None and _PROPERTY.match(line) is not None
        while not is_property and i < n and lines[i][1][:1] in (" ", "\t"):
            # Folded before its colon (RFC 6350 allows a fold anywhere, even inside TYPE="..."):
            # only the unfolded line says whether it is a property.
            line += lines[i][1][1:]
            i += 1
            head = HEAD.match(line)
            is_property = head is not None and _PROPERTY.match(line) is not None
        if head is None or not is_property:
            if out and prop_name(out[-1][1][0].split(":", 1)[0]) in _FREE_TEXT:
                # A writer that put a raw line break in a note: the line belongs to it.
                warnings.append(f"line {number} is not a property; read as part of line {out[-1][0]}")
                out[-1][1].append(("\n" if out[-1][2] else "\\n") + line)
            else:
                warnings.append(f"line {number} is not a property and was ignored: {quote(line)}")
            continue
        head_text = head.group(1)
        text = line
        encoded = ";" in head_text or "=" in head_text  # where an ENCODING could be said (most heads have neither)
        qp = encoded and bool(_QP.search(head_text + ":"))
        if qp:  # pieces joined once, as below: adding to one long string copies it every time
            block = [text]
            while block[-1].endswith("=") and i < n:
                following = lines[i][1]
                if not following.strip():  # a soft break before a blank line: the value ends here
                    block[-1] = block[-1][:-1]
                    break
                block.append("\n" + following)
                i += 1
            text = "".join(block)
        elif encoded and _B64.search(head_text + ":") and prop_name(head_text) in BINARY:
            # 2.1 base64 blocks run to a blank line and need not be indented.
            block = [text]
            while i < n and lines[i][1].strip() and not _PROPERTY.match(lines[i][1]):
                block.append(lines[i][1].strip())  # a photo's bytes are kept (``extras.photo``)
                i += 1
            text = "".join(block)
        out.append([number, [text], qp])
    for number, pieces, _ in out:
        yield number, "".join(pieces)


def _charset(name: str) -> str:
    """A CHARSET as Python names it; UTF-16/32 files were turned into UTF-8 when they were read."""
    name = name.strip().strip('"').lower().replace("_", "-")
    if name.startswith(("utf-16", "utf16", "utf-32", "ucs-2", "unicode")):
        return "utf-8"
    return {"x-sjis": "shift_jis", "sjis": "shift_jis", "windows-31j": "cp932", "x-mac-roman": "mac-roman"}.get(name, name)


def _decode_bytes(data: bytes, charset: str) -> str:
    for name in (_charset(charset), "utf-8"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (LookupError, UnicodeError):  # UnicodeError: a charset name that is not ASCII
            continue
    return decode_line(data)


_HEADS: dict[str, tuple[str, list[list[str]], str | None]] = {}  # parsed heads, by their text
_HEADS_KEPT = 10_000


def parse_line(text: str, number: int) -> tuple[str, list[list[str]], str, str | None]:
    """vobject's ``parseLine``: (name, parameters, value, group), or ParseError. A head without quotes
    (the text before the first colon) ends at that colon, so its parse is kept and used again: a file
    repeats a few dozen heads (``EMAIL;TYPE=INTERNET,WORK``) thousands of times."""
    head, colon, value = text.partition(":")
    if not colon or '"' in head:
        return parseLine(text, number)
    parsed = _HEADS.get(head)
    if parsed is None:
        try:
            name, params, _, group = parseLine(head + ":", number)
        except ParseError:
            return parseLine(text, number)  # refused in vobject's words, about the whole line
        if len(_HEADS) >= _HEADS_KEPT:
            _HEADS.clear()
        parsed = _HEADS[head] = (name, params, group)
    name, params, group = parsed
    return name, params, value, group


def to_prop(number: int, text: str, default_charset: str = "") -> Prop:
    """One logical line as a property, its value decoded (CHARSET, else the file's ``default_charset``)."""
    name, params_list, value, group = parse_line(text, number)
    if not params_list:  # most lines: nothing to decode but the value
        return Prop(name.upper(), (group or "").lower(), {}, [], decoded(value, default_charset), number)
    params: dict[str, list[str]] = {}
    bare: list[str] = []
    for item in params_list:
        if len(item) == 1:  # a bare 2.1 parameter: TEL;CELL, or QUOTED-PRINTABLE, BASE64
            bare.append(item[0].strip().lower())
        else:
            params.setdefault(item[0].upper(), []).extend(item[1:])
    encodings = [e.strip().upper() for e in params.get("ENCODING", [])] + [t.upper() for t in bare]
    prop = Prop(name.upper(), (group or "").lower(), params, bare, value, number)
    charset = prop.param("CHARSET") or default_charset
    for key, values in prop.params.items():
        prop.params[key] = [decoded(v) for v in values]
    if "QUOTED-PRINTABLE" in encodings:
        qp = value.replace("\r", "").encode("utf-8", errors="surrogateescape")
        prop.value = _decode_bytes(binascii.a2b_qp(qp), charset)
        prop.raw = True
    elif ("B" in encodings or "BASE64" in encodings) and prop.name not in BINARY:
        try:
            prop.value = _decode_bytes(base64.b64decode(re.sub(r"\s+", "", value), validate=False), charset)
        except (binascii.Error, ValueError):
            raise ParseError("its base64 value cannot be decoded", number) from None
        prop.raw = True
    else:
        prop.value = decoded(value, charset)
    if prop.raw:
        prop.params.pop("ENCODING", None)
        prop.bare = [t for t in prop.bare if t not in ("quoted-printable", "base64", "b")]
    return prop


# --- value helpers ----------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str, legacy: bool = False) -> str:
    r"""Undo vCard text escapes: ``\n`` is a line break, ``\x`` is ``x`` (``\, \; \\``, Apple's ``\:``, Google's ``\"``).

    Under 2.1 (``legacy``) a backslash escapes only ``; , : \`` and ``n``; before anything else it is
    the writer's own (``C:\Users``) and kept."""
    if "\\" not in text:  # most values: nothing to undo
        return text

    def one(m: re.Match) -> str:
        ch = m.group(1)
        if ch in "nN":
            return "\n"
        return m.group(0) if legacy and ch not in ";,:\\" else ch
    return _ESCAPE.sub(one, text)


def split_escaped(text: str, sep: str) -> list[str]:
    """Split at ``sep`` where it is not escaped; the parts keep their other escapes."""
    if "\\" not in text:  # nothing escaped (most values): every ``sep`` splits
        return text.split(sep)
    parts, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def text_of(prop: Prop) -> str:
    return prop.value if prop.raw else unescape(prop.value, prop.legacy)


def items_of(prop: Prop) -> list[str]:
    """A comma list (NICKNAME, CATEGORIES): its non-empty items, unescaped."""
    parts = prop.value.split(",") if prop.raw else [unescape(p, prop.legacy) for p in split_escaped(prop.value, ",")]
    return [p.strip() for p in parts if p.strip()]


def components_of(prop: Prop, *, lists: bool = False) -> list[str]:
    """The parts of a structured value (N, ORG), unescaped; with ``lists`` a part's comma list is joined by spaces."""
    out = []
    for part in split_escaped(prop.value, ";"):
        if prop.raw:
            out.append(part.replace("\\;", ";").strip())
        elif lists:
            out.append(" ".join(unescape(p, prop.legacy).strip() for p in split_escaped(part, ",") if p.strip()))
        else:
            out.append(unescape(part, prop.legacy).strip())
    return out
