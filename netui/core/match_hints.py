"""Where a search found someone, when it was not their name: "email: ada@quartz.example", "tag: chess",
"note: …moved to the London office…". The list shows it beside the row, so a person found by a word
of their note or an old email is not a mystery.

Only the rows shown are read (a page), from the full-text index's own text (``contact_fts``): the
words and phrases typed, and ``tag:``, ``org:`` and ``title:``, each compared as the index does
(case and accents ignored, a word a prefix). A term the name answers needs no hint; the first term
that matched elsewhere gives it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from netui.core.searchlang import tokenize
from netui.db import db

_WORD = re.compile(r"\w+", re.UNICODE)
COLUMNS = ("organization", "emails", "tags", "note")
LABELS = {"organization": "org", "emails": "email", "tags": "tag", "note": "note"}
FIELDS = {"tag": "tags", "org": "organization", "title": "organization"}
CONTEXT = 24  # characters of a note kept either side of the word found


class Hint(NamedTuple):
    """Where a row matched: ``label`` ("email", "tag", "org", "note") and the text there."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


def _plain(text: str) -> str:
    """Casefolded, accents dropped: as the index's tokenizer compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    return _WORD.findall(_plain(text))


def _found(words: list[str], text: str) -> int | None:
    """Where in ``text`` the words typed (each a prefix, in a row for a phrase) start; None if not."""
    plain = _plain(text)
    spans = [(m.start(), m.group()) for m in _WORD.finditer(plain)]
    for i in range(len(spans) - len(words) + 1):
        if all(spans[i + k][1].startswith(w) if k == len(words) - 1 else spans[i + k][1] == w
               for k, w in enumerate(words)):
            return spans[i][0]
    return None


def _searched(text: str) -> list[tuple[list[str], tuple[str, ...]]]:
    """The positive terms a hint can come from: their words, and the columns they are looked for in."""
    out: list[tuple[list[str], tuple[str, ...]]] = []
    for term in tokenize(text):
        if term.negated:
            continue
        if term.kind in ("word", "phrase"):
            words = _words(term.value)
            if words:
                out.append((words, COLUMNS))
        elif term.kind == "field" and term.name in FIELDS:
            words = _words(term.value)
            if words:
                out.append((words, (FIELDS[term.name],)))
    return out


def _snippet(column: str, text: str, at: int, words: list[str]) -> str:
    """The piece of ``text`` to show: the one email or tag found, or a few words of a note around it."""
    if column in ("emails", "tags"):
        return next((part for part in text.split(" ") if _found(words, part) is not None), text)
    if column == "organization" or len(text) <= 2 * CONTEXT:
        return text
    start = max(0, text.rfind(" ", 0, max(at - CONTEXT, 0)) + 1) if at > CONTEXT else 0
    end = text.find(" ", at + CONTEXT)
    end = len(text) if end < 0 else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def hints(ids: Iterable[int], text: str) -> dict[int, Hint]:
    """For each of ``ids`` (the rows shown) found by ``text`` elsewhere than the name: where."""
    searched = _searched(text)
    ids = list(ids)
    if not searched or not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute_sql(f"SELECT rowid, name, organization, emails, tags, note FROM contact_fts WHERE rowid IN ({marks})",
                          ids).fetchall()
    out: dict[int, Hint] = {}
    for cid, name, *values in rows:
        columns = dict(zip(COLUMNS, (v or "" for v in values), strict=True))
        for words, where in searched:
            if where == COLUMNS and _found(words, name or "") is not None:
                continue
            for column in where:
                at = _found(words, columns[column])
                if at is not None:
                    out[cid] = Hint(LABELS[column], _snippet(column, columns[column], at, words))
                    break
            if cid in out:
                break
    return out
