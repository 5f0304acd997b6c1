"""Where a search found someone, when it was not their name: "email: ada@quartz.example", "tag: chess",
"note: …moved to the London office…", "city: Lisbon". The list shows it beside the row, so a person
found by a word of their note, an old email or the town of an address is not a mystery.

Only the rows shown are read (a page), from the full-text index's own text (``contact_fts``) and the
contact's organisation, title and circle: the words and phrases typed, and ``tag:``, ``org:``,
``title:``, each compared as the index does (case and accents ignored, a word a prefix); ``circle:`` as
the search reads it (a prefix of the circle's name) and ``city:`` from the towns of the addresses (the
start of one). A term the name answers needs no hint; the first term that matched elsewhere gives it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from netui.core.searchlang import tokenize
from netui.db import db

_WORD = re.compile(r"\w+", re.UNICODE)
COLUMNS = ("organization", "title", "emails", "tags", "note")  # where a word or a phrase may be found
LABELS = {"organization": "org", "title": "title", "emails": "email", "tags": "tag", "note": "note",
          "circle": "circle", "city": "city"}
FIELDS = {"tag": "tags", "org": "organization", "title": "title", "circle": "circle", "city": "city"}
CONTEXT = 24  # characters of a note kept either side of the word found


class Hint(NamedTuple):
    """Where a row matched: ``label`` ("email", "tag", "org", "title", "note", "circle", "city") and the
    text there."""

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


def _found(words: list[str], text: str, column: str = "") -> int | None:
    """Where in ``text`` the words typed (each a prefix, in a row for a phrase) start; None if not.
    A circle and a town are found by their start, as ``circle:`` and ``city:`` search them."""
    plain = _plain(text)
    if column in ("circle", "city"):  # the towns of a row are one a line
        wanted = " ".join(words)
        return 0 if words and any(" ".join(_words(part)).startswith(wanted) for part in text.split("\n")) else None
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
    if column == "city":
        return next((town for town in text.split("\n") if _found(words, town, column) is not None), text)
    if column in ("organization", "title", "circle") or len(text) <= 2 * CONTEXT:
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
    rows = db.execute_sql(
        "SELECT f.rowid, f.name, c.organization, c.title, f.emails, f.tags, f.note, c.circle FROM contact_fts f "
        f"JOIN contact c ON c.id = f.rowid WHERE f.rowid IN ({marks})", ids).fetchall()
    towns: dict[int, list[str]] = {}
    if any("city" in where for _words, where in searched):
        for cid, town in db.execute_sql(f"SELECT contact_id, locality FROM address WHERE contact_id IN ({marks}) "
                                        "AND locality != '' ORDER BY preferred DESC, position, id", ids):
            towns.setdefault(cid, []).append(town)
    out: dict[int, Hint] = {}
    for cid, name, *values in rows:
        columns = dict(zip((*COLUMNS, "circle"), (v or "" for v in values), strict=True))
        columns["city"] = "\n".join(towns.get(cid, ()))
        for words, where in searched:
            if where == COLUMNS and _found(words, name or "") is not None:
                continue
            for column in where:
                at = _found(words, columns[column], column)
                if at is not None:
                    out[cid] = Hint(LABELS[column], _snippet(column, columns[column], at, words))
                    break
            if cid in out:
                break
    return out
