"""The JSON backup's text: ``json.dumps(value, indent=1, ensure_ascii=False)``, made several times quicker.

json's own encoder is written in Python whenever it indents, and a backup of 100,000 people holds a
million small objects. ``dumps`` writes any value as ``json.dumps`` would, handing dicts and lists of
plain values to the C encoder and laying its output out after. ``Listing`` goes further for the rows
read from the database: it writes the lists of objects of many owners (every contact's interactions
of a chunk) from the rows themselves, with no dict per row: one call of the C encoder gives every
value's text, and one ``%`` template per length of list lays out an owner's list.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

__all__ = ["Listing", "dumps", "encoded", "string"]

string: Callable[[str], str] = json.encoder.encode_basestring  # the C one: a string as JSON, non-ASCII kept

_SCALAR_TYPES = frozenset({str, int, bool, type(None)})
_STR = frozenset({str})


def _flat_encoder(item_separator: str) -> Callable:
    """``json.JSONEncoder(ensure_ascii=False, separators=(item_separator, ": "))`` made once: its C
    encoder, which ``encode`` would make again at every call."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # a Python without the C accelerator
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(item_separator, ": "))
        return lambda value, _level: encoder.encode(value)
    return c_make_encoder(None, None, string, None, ": ", item_separator, False, False, True)


_FLAT: dict[str, Callable] = {}  # by indent
# What comes before each value of a dict, by the dict's indent and keys (a backup has a few shapes of dict).
_PREFIXES: dict[tuple, list[str]] = {}


def _flat(value: dict) -> bool:
    """True when ``value`` maps text to scalars only (the C encoder writes it as ``dumps`` would)."""
    return _SCALAR_TYPES.issuperset(map(type, value.values())) and _STR.issuperset(map(type, value))


def _encoder(indent: str) -> Callable:
    encode = _FLAT.get(indent)
    if encode is None:
        encode = _FLAT[indent] = _flat_encoder(",\n" + indent)
    return encode


def dumps(value, indent: str = "", step: str = " ") -> str:
    """``json.dumps(value, indent=len(step), ensure_ascii=False)`` nested at ``indent``."""
    if isinstance(value, str):
        return string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + step
    if isinstance(value, dict):
        if not value:
            return "{}"
        if _flat(value):
            # A dict of scalars (most of them): the C encoder cannot indent, but it can separate.
            return "{\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + f"\n{indent}}}"
        shape = (indent, step, *value)
        prefixes = _PREFIXES.get(shape)
        if prefixes is None:
            prefixes = [f"{inner}{string(k)}: " for k in value]
            if len(_PREFIXES) < 1000:
                _PREFIXES[shape] = prefixes
        parts = []
        for prefix, v in zip(prefixes, value.values(), strict=True):
            kind = type(v)  # the scalars inline: most values are, and a call each is most of the time
            if kind is str:
                text = string(v)
            elif v is None:
                text = "null"
            elif kind is bool:
                text = "true" if v else "false"
            elif kind is int:
                text = int.__repr__(v)
            else:
                text = dumps(v, inner, step)
            parts.append(prefix + text)
        return "{\n" + ",\n".join(parts) + f"\n{indent}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if _SCALAR_TYPES.issuperset(map(type, value)):  # tags, and other lists of plain values
            return "[\n" + inner + "".join(_encoder(inner)(value, 0))[1:-1] + f"\n{indent}]"
        if all(type(v) is dict and v and _flat(v) for v in value):
            # A list of dicts of scalars (interactions, reminders...) in one call of the C encoder, its
            # items apart at the one place a raw line break follows a closing brace (a string has none).
            deeper = inner + step
            body = "".join(_encoder(deeper)(value, 0))[2:-2].replace(f"}},\n{deeper}{{", f"\n{inner}}},\n{inner}{{\n{deeper}")
            return f"[\n{inner}{{\n{deeper}{body}\n{inner}}}\n{indent}]"
        return "[\n" + ",\n".join(inner + dumps(v, inner, step) for v in value) + f"\n{indent}]"
    return json.dumps(value)  # a float, or what JSON refuses (TypeError), as json.dumps has it


# --- rows -----------------------------------------------------------------------------------------

# Between two values in the C encoder's output: JSON text never holds one raw (a string's is \u0000).
_SEP = "\x00"
_ROWS = _flat_encoder(_SEP)


def encoded(rows: Sequence[Sequence]) -> list[str]:
    """The JSON text of every value of ``rows`` (tuples of plain values: text, numbers, None), row
    after row, in one call of the C encoder; TypeError for a value JSON cannot hold (bytes)."""
    if not rows:
        return []
    if not _SCALAR_TYPES.issuperset(type(v) for v in rows[0]):
        raise TypeError("only plain values are laid out row by row")  # a list inside would cut wrongly
    # "[[a\0b]\0[c\0d]]": a value's text never ends in "]" nor starts with "[" (no lists: see above,
    # and every row of a query has the same kinds of values or text, numbers and None).
    text = "".join(_ROWS(rows, 0))
    return text[2:-2].replace(f"]{_SEP}[", _SEP).split(_SEP)


class Listing:
    """The JSON text of the lists of objects of many owners, from the rows of one query: each row the
    owner (its first ``keyed`` values: a contact id, or a contact id and a kind), then the values of
    ``keys``, ordered by owner. The text is that of ``dumps`` of the list of dicts, where the list is
    the value of a key at ``indent``."""

    def __init__(self, keys: Sequence[str], indent: str, keyed: int = 1):
        self.keys = tuple(keys)
        self.keyed = keyed
        self.width = keyed + len(self.keys)
        item, deeper = indent + " ", indent + "  "
        body = ",\n".join(f"{deeper}{string(k).replace('%', '%%')}: %s" for k in self.keys)
        self._row = "%.0s" * keyed + "{\n" + body + f"\n{item}}}"  # the owner's values are not written
        self._open, self._between, self._close = f"[\n{item}", f",\n{item}", f"\n{indent}]"
        self._templates: dict[int, str] = {}
        self._owner = itemgetter(0) if keyed == 1 else itemgetter(*range(keyed))

    def _template(self, n: int) -> str:
        template = self._templates.get(n)
        if template is None:
            template = self._open + self._between.join([self._row] * n) + self._close
            if n < 1000:
                self._templates[n] = template
        return template

    def texts(self, rows: Sequence[Sequence], values: list[str] | None = None) -> dict[Any, str]:
        """Each owner's list, by owner (an owner without rows has none: its list is ``[]``).
        ``values``: ``encoded(rows)``, when the caller has it already."""
        values = encoded(rows) if values is None else values
        out: dict[Any, str] = {}
        start, width = 0, self.width
        for owner, n in Counter(map(self._owner, rows)).items():  # in order: rows come by owner
            end = start + n * width
            out[owner] = self._template(n) % tuple(values[start:end])
            start = end
        return out


def scalar_lists(rows: Sequence[Sequence], indent: str) -> dict[Any, str]:
    """Lists of plain values (a contact's tags) from rows of (owner, value) ordered by owner, as ``dumps``
    writes each list as the value of a key at ``indent``."""
    values = encoded(rows)
    item = indent + " "
    out: dict[Any, str] = {}
    start = 0
    for owner, n in Counter(map(itemgetter(0), rows)).items():
        end = start + 2 * n
        out[owner] = f"[\n{item}" + f",\n{item}".join(values[start + 1 : end : 2]) + f"\n{indent}]"
        start = end
    return out
