"""The search language: what the filter box and ``netui list --search`` understand, compiled to SQL.

A search is a list of terms, all of which must hold:

    ada lov          words: each a prefix of a word in the name, organisation, emails, tags or notes
    "exact phrase"   these words, next to each other (an unclosed quote runs to the end)
    -word            leave out who matches (any term can be negated: -tag:work, -"big co", -is:due)
    tag:NAME         a tag (prefix)          circle:inner     a circle (prefix: circle:in)
    org:NAME         the organisation        title:NAME       the job title
    tier:warm        the strength tier       met:2026         met in 2026 (met:2026-03, met:2026-03-05,
                                                              a range met:2026-01..2026-03, met:..2025)
    last:>90d        last contact longer ago than 90 days (never counts); last:<2w within two weeks
                     (units d, w, m, y); last:never; or a date or range as met: takes
    is:overdue       the keep-in-touch date is before today;  is:due: today or before
    is:archived      archived people (the list otherwise shows only active ones)
    has:email        has:phone, has:url, has:tag, has:note, has:birthday
    trend:fading     the score against 30 days earlier: rising, steady, fading (tier:fading means
                     trend:fading, as it did when fading was a tier)
    owes:me          has received more favours from you than given back (owes:3: by three or more);
                     owed:me the other way round

Any text is a search and never an error: a field netui does not know, or a value it cannot read
(``circle:nowhere``, ``met:someday``), is searched as plain words, and an empty value (``tag:`` while
typing) is skipped. ``city:`` reads the towns of the contact's postal addresses.

Words, phrases, tags and the organisation and title go to the FTS5 index (one MATCH); the rest are
WHERE clauses on indexed columns of ``contact``, so a search costs the same at 100,000 people as at
ten and no row is ever filtered in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from netui.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
CIRCLE_WORDS = ("ace", "inner", "regular", "outer")
TIER_WORDS = ("strong", "warm", "weak", "cold")
TREND_WORDS = ("rising", "steady", "fading")  # the score against 30 days earlier: >, =, <
_TREND_SQL = {"rising": "c.strength > c.strength_prev", "steady": "c.strength = c.strength_prev",
              "fading": "c.strength < c.strength_prev"}


class Term(NamedTuple):
    """One piece of a search as typed: a word, a "phrase" or field:value, perhaps negated."""

    kind: str  # word | phrase | field
    value: str
    negated: bool = False
    name: str = ""  # the field's name (lower case) for kind "field"
    quoted: bool = False  # the field's value was in quotes: a phrase, not prefixes


def tokenize(text: str) -> list[Term]:
    """Split a search into terms. Quotes group words; an unclosed quote runs to the end."""
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            terms.append(Term("phrase", text[i + 1 : end], negated))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        name, colon, value = word.partition(":")
        if colon and name and i < n and text[i] == '"' and not value:  # field:"a value with spaces"
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            terms.append(Term("field", text[i + 1 : end], negated, name.lower(), quoted=True))
            i = end + 1
        elif colon and name:
            terms.append(Term("field", value, negated, name.lower()))
        else:
            terms.append(Term("word", word, negated))
    return terms


# --- compiling ---------------------------------------------------------------------------------


@dataclass
class Compiled:
    """A search as SQL: an FTS5 expression the row must match, and WHERE clauses on ``contact c``."""

    fts: list[str] = field(default_factory=list)  # ANDed into one MATCH
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    archived: bool | None = None  # is:archived / -is:archived: overrides the list's own choice

    def where(self, archived: bool) -> tuple[str, list]:
        """The whole WHERE, with ``archived`` (the list's view) unless the search said otherwise."""
        show = archived if self.archived is None else self.archived
        clauses = ["c.archived = ?"]
        params: list = [1 if show else 0]
        if self.fts:
            clauses.append("c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)")
            params.append(self.match())
        return " AND ".join(clauses + self.clauses), params + self.params

    def match(self) -> str | None:
        return " AND ".join(self.fts) or None

    @property
    def only_fts(self) -> bool:
        return not self.clauses and self.archived is None


def _prefixes(value: str, column: str = "") -> list[str]:
    target = f"{column} : " if column else ""
    return [f'{target}"{w}"*' for w in _WORD.findall(fold(value))]


def _phrase(value: str, column: str = "") -> list[str]:
    words = _WORD.findall(fold(value))
    target = f"{column} : " if column else ""
    return [f'{target}"{" ".join(words)}"'] if words else []


def _fts_clause(expr: list[str]) -> tuple[str, list]:
    return "c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", [" AND ".join(expr)]


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _Rule(NamedTuple):
    """What a field term becomes: FTS parts, and a WHERE clause with its parameters (either may be empty)."""

    fts: list[str]
    clause: str = ""
    params: list = []


def _org_or_title(mine: str, other: str) -> Callable[[Term, dt.datetime], _Rule | None]:
    """org: and title: share one FTS column ("organization title"): the index finds the words, and a
    row whose match plainly came from the other column (the text is there and not in this one) is left
    out."""

    def rule(term: Term, now: dt.datetime) -> _Rule | None:
        fts = (_phrase if term.quoted else _prefixes)(term.value, "organization")
        if not fts:
            return None
        text = " ".join(_WORD.findall(fold(term.value)))
        return _Rule(fts, f"(c.{mine} LIKE ? ESCAPE '\\' OR c.{other} NOT LIKE ? ESCAPE '\\')",
                     [_like(text), _like(text)])

    return rule


def _choice(column: str, words: tuple[str, ...]) -> Callable[[Term, dt.datetime], _Rule | None]:
    def rule(term: Term, now: dt.datetime) -> _Rule | None:
        wanted = fold(term.value).strip()
        picked = [w for w in words if w.startswith(wanted)] if wanted else []
        if not picked:
            return None
        return _Rule([], f"c.{column} IN ({', '.join('?' * len(picked))})", picked)

    return rule


def _trend(term: Term, now: dt.datetime) -> _Rule | None:
    wanted = fold(term.value).strip()
    picked = [w for w in TREND_WORDS if w.startswith(wanted)] if wanted else []
    return _Rule([], "(" + " OR ".join(_TREND_SQL[w] for w in picked) + ")") if picked else None


def _tier(term: Term, now: dt.datetime) -> _Rule | None:
    """A level (strong, warm, weak, cold); ``tier:fading``, from when fading was a tier, is the trend."""
    rule = _choice("strength_tier", TIER_WORDS)(term, now)
    if rule is None and "fading".startswith(fold(term.value).strip()):
        return _trend(term, now)
    return rule


def _tag(term: Term, now: dt.datetime) -> _Rule | None:
    fts = (_phrase if term.quoted else _prefixes)(term.value, "tags")
    return _Rule(fts) if fts else None


_DAY = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _span(text: str) -> tuple[dt.date, dt.date] | None:
    """A year, month or day as the first and last day it covers."""
    m = _DAY.match(text.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, int(month), 1), dt.date(year, int(month), monthrange(year, int(month))[1])
        one = dt.date(year, int(month), int(day))
        return one, one
    except ValueError:
        return None


def date_range(text: str) -> tuple[dt.date | None, dt.date | None] | None:
    """``2026``, ``2026-03``, ``2026-03-05``, ``A..B``, ``..B`` or ``A..``: first and last day (None: open)."""
    if ".." not in text:
        return _span(text)
    left, _, right = text.partition("..")
    first = _span(left) if left.strip() else (None, None)
    last = _span(right) if right.strip() else (None, None)
    if first is None or last is None or (first[0] is None and last[1] is None):
        return None
    return first[0], last[1]


def _dates(column: str, *, as_datetime: bool) -> Callable[[str], _Rule | None]:
    def rule(text: str) -> _Rule | None:
        span = date_range(text)
        if span is None:
            return None
        clauses, params = [], []
        if span[0] is not None:
            clauses.append(f"c.{column} >= ?")
            params.append(span[0].isoformat())
        if span[1] is not None:
            end = span[1] + dt.timedelta(days=1)
            clauses.append(f"c.{column} < ?")
            params.append(end.isoformat() if not as_datetime else f"{end.isoformat()} 00:00:00")
        return _Rule([], "(" + " AND ".join(clauses) + ")", params)

    return rule


def _met(term: Term, now: dt.datetime) -> _Rule | None:
    return _dates("met_on", as_datetime=False)(term.value)


_AGO = re.compile(r"^([<>])\s*(\d{1,5})\s*([dwmy]?)$")
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def _last(term: Term, now: dt.datetime) -> _Rule | None:
    text = fold(term.value).strip()
    if text == "never":
        return _Rule([], "c.last_contact_at IS NULL")
    m = _AGO.match(text)
    if m is None:
        return _dates("last_contact_at", as_datetime=True)(text)
    since = (now - dt.timedelta(days=int(m[2]) * _UNIT_DAYS[m[3]])).isoformat(sep=" ")
    if m[1] == ">":  # longer ago than that, or never
        return _Rule([], "(c.last_contact_at IS NULL OR c.last_contact_at < ?)", [since])
    return _Rule([], "c.last_contact_at >= ?", [since])


def _today(now: dt.datetime, days: int = 0) -> str:
    return f"{(now.date() + dt.timedelta(days=days)).isoformat()} 00:00:00"


_HAS = {
    "email": "EXISTS (SELECT 1 FROM contact_method m WHERE m.contact_id = c.id AND m.kind = 'email')",
    "phone": "EXISTS (SELECT 1 FROM contact_method m WHERE m.contact_id = c.id AND m.kind = 'phone')",
    "url": "EXISTS (SELECT 1 FROM contact_method m WHERE m.contact_id = c.id AND m.kind = 'url')",
    "tag": "EXISTS (SELECT 1 FROM contact_tag t WHERE t.contact_id = c.id)",
    "note": "c.note != ''",
    "birthday": "c.birthday_month IS NOT NULL",
    "address": "EXISTS (SELECT 1 FROM address a WHERE a.contact_id = c.id)",
}


def _has(term: Term, now: dt.datetime) -> _Rule | None:
    wanted = fold(term.value).strip()
    picked = [w for w in _HAS if w.startswith(wanted)] if wanted else []
    return _Rule([], _HAS[picked[0]]) if picked else None


def _is(term: Term, now: dt.datetime) -> _Rule | None:
    wanted = fold(term.value).strip()
    if wanted and "overdue".startswith(wanted) and len(wanted) >= 2:
        return _Rule([], "c.next_due_at < ?", [_today(now)])
    if wanted == "due":
        return _Rule([], "c.next_due_at < ?", [_today(now, 1)])
    return None  # is:archived is the compiler's: it changes which list is searched


# The favour balance as gives.balance counts it: given = gives done, received = any not dropped.
_BALANCE = (
    "c.id IN (SELECT contact_id FROM give GROUP BY contact_id HAVING "
    "sum(direction = 'given' AND status = 'done') - sum(direction = 'received' AND status != 'dropped') {op} ?)"
)


def _owes(sign: int) -> Callable[[Term, dt.datetime], _Rule | None]:
    def rule(term: Term, now: dt.datetime) -> _Rule | None:
        text = fold(term.value).strip()
        if text.isdigit() and len(text) < 7:
            least = max(1, int(text))
        elif text in ("me", "yes", "any"):
            least = 1
        else:
            return None
        return _Rule([], _BALANCE.format(op=">=" if sign > 0 else "<="), [least * sign])

    return rule


def _city(term: Term, now: dt.datetime) -> _Rule | None:
    """``city:lon`` finds people with an address whose town or city starts with the text (any case)."""
    text = term.value.strip()
    if not text:
        return None
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ("" if term.quoted else "%")
    return _Rule([], "EXISTS (SELECT 1 FROM address a WHERE a.contact_id = c.id AND a.locality LIKE ? ESCAPE '\\')",
                 [pattern])


FIELDS: dict[str, Callable[[Term, dt.datetime], _Rule | None]] = {
    "tag": _tag,
    "circle": _choice("circle", CIRCLE_WORDS),
    "org": _org_or_title("organization", "title"),
    "title": _org_or_title("title", "organization"),
    "tier": _tier,
    "trend": _trend,
    "met": _met,
    "last": _last,
    "is": _is,
    "has": _has,
    "owes": _owes(1),
    "owed": _owes(-1),
    "city": _city,
}


def _as_word(term: Term) -> Term:
    return Term("word", f"{term.name}:{term.value}", term.negated)


def compile_search(text: str, now: dt.datetime) -> Compiled:
    """The search ``text`` as SQL. Never raises: what cannot be read as a field is a word."""
    out = Compiled()
    for term in tokenize(text):
        rule: _Rule | None = None
        if term.kind == "field":
            value = fold(term.value).strip()
            if not value:
                continue  # "tag:" while typing: nothing asked yet
            if term.name == "is" and "archived".startswith(value) and len(value) >= 2:
                out.archived = not term.negated
                continue
            handler = FIELDS.get(term.name)
            rule = handler(term, now) if handler is not None else None
            if rule is None:
                term = _as_word(term)
        if rule is None:
            fts = _phrase(term.value) if term.kind == "phrase" else _prefixes(term.value)
            if not fts:
                continue
            rule = _Rule(fts)
        if not term.negated:
            out.fts += rule.fts
            if rule.clause:
                out.clauses.append(rule.clause)
                out.params += rule.params
            continue
        parts, params = [], []
        if rule.fts:
            clause, p = _fts_clause(rule.fts)
            parts.append(clause)
            params += p
        if rule.clause:
            parts.append(rule.clause)
            params += rule.params
        # NOT over a NULL (a never-met person for -met:2026) must keep the row: coalesce to "not matched".
        out.clauses.append(f"NOT coalesce(({' AND '.join(parts)}), 0)")
        out.params += params
    return out
