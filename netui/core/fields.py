"""The fields of a contact, described once: what each is called in JSON, vCard and CSV, how sync
merges it, how the form asks for it and how the detail pane shows it.

Every reader and writer of a contact (``contacts.contact_dict``, the vCard and CSV files, sync) walks
``FIELDS`` instead of naming fields, so adding a scalar field of a simple kind is one row here plus the
migration that adds its column (and its line in ``db/models.py``). Until it earns an attribute of its
own, such a field travels in the ``extra`` dict of ``ContactInput`` and ``Incoming``. A field's values
travel between the formats in one *plain* form, the one the JSON shows:

    text, multiline, name   str ("" when empty)
    birthday                "1987-09-11", or "--09-11" without a year; None
    date                    "2026-11-20"; None
    datetime                "2026-11-20 10:00:00"; None
    days                    int; None for the default (a cadence's: the circle's)
    choice                  one of ``choices``; None when a file did not say
    flag                    bool

Rows are in the JSON's order. ``emails``, ``phones``, ``urls`` and ``tags`` are rows too, so that the
order is written once, but their values are lists that each format handles itself (kind ``methods``
and ``tags``); ``addresses``, ``dates``, ``related``, ``profiles`` and ``photo`` (kind ``card``) are
``netui.core.cards``'s, which gives their plain values.

Consumers read ``FIELDS`` through the functions below at call time (not into constants of their
own at import), so a test can add a row with ``monkeypatch.setattr(fields, "FIELDS", ...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from netui.core.dates import Birthday, as_date, iso, make_birthday
from netui.core.text import sanitize
from netui.core.vocab import CIRCLES

# Kinds whose values each format reads and writes without knowing the field (a new row may use them).
SIMPLE_KINDS = ("text", "multiline", "date", "days", "choice", "flag")


@dataclass(frozen=True)
class VCard:
    """Where a field lives in a vCard.

    ``own``: a netui-only ``X-NETUI-*`` property, written and read by its kind (text escaped, days
    as a number, a date in ISO form, a flag as TRUE); a card without ``X-NETUI-CIRCLE`` was
    rewritten by a program that drops them. Otherwise a standard property the vCard module reads and
    writes itself. ``order``: where the property goes in a card netui writes.
    """

    prop: str
    order: int
    own: bool = False
    noun: str = ""  # in a warning about a bad value: "the {noun} 'x' (line 3) is not a date"


@dataclass(frozen=True)
class Csv:
    """The column a field is written to, and the headers (lower case, punctuation as spaces) that
    are read as it, each with a priority: of two columns for one field, the higher wins."""

    column: str
    headers: tuple[tuple[str, int], ...] = ()
    noun: str = ""


@dataclass(frozen=True)
class Form:
    """How the add/edit contact form asks for a field: fields with a ``Form`` are on it, by ``order``."""

    label: str
    order: int
    input: str = "text"  # text | date | birthday | days | choice | methods | tags | addresses | dates | related | profiles
    placeholder: str = ""
    help: str = ""
    multiline: bool = False  # one line on the form, line breaks typed as ↵
    required: bool = False
    name: str = ""  # the form field's id when it is not the field's key


@dataclass(frozen=True)
class Pane:
    """How the detail pane shows a field, by ``order``.

    ``place``: "header" (the lines above the fields: name, job, circle), "row" (a labelled line) or
    "section" (a headed block below the timeline, as the note). Fields sharing a label share a line,
    joined by ``join`` in order ("met 20 Nov 2026 at PyCon").
    """

    label: str
    order: int
    place: str = "row"
    join: str = " "


@dataclass(frozen=True)
class Field:
    """One field of a contact."""

    attr: str  # the attribute of Contact, ContactInput and Incoming
    key: str  # the JSON key, the sync record's key, and the CSV column unless ``csv`` says otherwise
    kind: str  # text | multiline | name | birthday | date | datetime | days | choice | flag | methods | tags | card | id
    words: str  # the field in words, for reports ("cadence (days)")
    vcard: VCard | None = None
    csv: Csv | None = None
    sync: str | None = None  # "single": merged as one value; "own": also kept when a card lacks netui's fields
    form: Form | None = None
    pane: Pane | None = None
    derived: bool = False  # kept by netui (ids, timestamps, cached dates), never typed or imported
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] = (1, 3650)  # of a ``days`` field
    columns: tuple[str, ...] = field(default=())  # the database columns, when not just ``attr``
    default: object = None  # what a new contact gets when nothing says (the column's default)

    @property
    def db_columns(self) -> tuple[str, ...]:
        """The columns of the ``contact`` table that hold it (none for lists: they have tables of their own)."""
        if self.kind in ("methods", "tags", "card"):
            return ()
        return self.columns or (self.attr,)

    @property
    def simple(self) -> bool:
        """Read and written by its kind alone: every format handles it without knowing it."""
        return self.kind in SIMPLE_KINDS


_MET_ON_HELP = "sets the 48 h follow-up, 30-day call and 90-day plan"
_METHODS_HELP = "one per line, * for the preferred; enter twice: next field"
_CARD_HELP = "one per line, label: first; enter twice: next field"

FIELDS: tuple[Field, ...] = (
    Field("id", "id", "id", "id", derived=True),
    Field("uid", "uid", "id", "uid", csv=Csv("uid", (("uid", 3),))),
    Field("name", "name", "name", "name", VCard("FN", 1), Csv("name", (
        ("name", 3), ("full name", 3), ("display name", 2), ("fn", 1), ("contact name", 2))),
        "single", Form("Name", 0, placeholder="Ada Lovelace", required=True), Pane("name", 0, "header")),
    Field("given_name", "given_name", "text", "given name", VCard("N", 2), Csv("given_name", (
        ("first name", 3), ("given name", 3), ("firstname", 2), ("forename", 1))),
        "single", Form("Given name", 15, placeholder="from the name when empty"), None),
    Field("family_name", "family_name", "text", "family name", VCard("N", 2), Csv("family_name", (
        ("last name", 3), ("family name", 3), ("surname", 2), ("lastname", 2))),
        "single", Form("Family name", 15, placeholder="from the name when empty"), None),
    Field("nickname", "nickname", "text", "nickname", VCard("NICKNAME", 3), Csv("nickname", (
        ("nickname", 3), ("nick name", 2))), "single", Form("Nickname", 15), None),
    Field("organization", "organization", "text", "organisation", VCard("ORG", 4), Csv("organization", (
        ("company", 3), ("organization", 3), ("organisation", 3), ("organization name", 3),
        ("organization 1 name", 3), ("company name", 2), ("employer", 1))),
        "single", Form("Organisation", 1), Pane("job", 3, "header", " · ")),
    Field("title", "title", "text", "title", VCard("TITLE", 5), Csv("title", (
        ("job title", 3), ("position", 3), ("organization title", 3), ("organization 1 title", 3),
        ("title", 1), ("role", 0), ("occupation", 0))), "single", Form("Title", 2), Pane("job", 2, "header", " · ")),
    Field("emails", "emails", "methods", "emails", VCard("EMAIL", 6), Csv("emails"), None,
          Form("Emails", 3, "methods", "work: ada@example.org *", _METHODS_HELP), Pane("email", 10)),
    Field("phones", "phones", "methods", "phones", VCard("TEL", 7), Csv("phones"), None,
          Form("Phones", 4, "methods", "mobile: +44 7700 900123"), Pane("phone", 11)),
    Field("urls", "urls", "methods", "links", VCard("URL", 8), Csv("urls"), None,
          Form("Links", 16, "methods", "web: https://ada.example", _METHODS_HELP), Pane("web", 12)),
    # What else a card holds (netui.core.cards: their own tables, written and read there).
    Field("addresses", "addresses", "card", "addresses", form=Form(
        "Addresses", 20, "addresses", "home: 1 Road; Town; Region; Postcode; Country *", _CARD_HELP)),
    Field("dates", "dates", "card", "dates", form=Form("Dates", 21, "dates", "anniversary: 1998-06-20 or --06-20", _CARD_HELP)),
    Field("related", "related", "card", "related people", form=Form(
        "Related", 22, "related", "spouse: Bob Smith", "one per line, label: first; a contact's name links")),
    Field("profiles", "profiles", "card", "profiles", form=Form("Profiles", 23, "profiles", "skype: ada.lovelace", _CARD_HELP)),
    Field("photo", "photo", "card", "photo"),
    Field("birthday", "birthday", "birthday", "birthday", VCard("BDAY", 9), Csv("birthday", (
        ("birthday", 3), ("birth date", 2), ("date of birth", 2), ("birthdate", 2), ("bday", 1))),
        "single", Form("Birthday", 8, "birthday", "1987-09-11, Sep 11, --09-11"), Pane("birthday", 13),
        columns=("birthday_month", "birthday_day", "birthday_year")),
    Field("met_on", "met_on", "date", "met on", VCard("X-NETUI-MET-ON", 16, own=True, noun="meeting date"),
          Csv("met_on", (("connected on", 3), ("met on", 3)), noun="date"),
          "own", Form("Met on", 5, "date", "today, yesterday, 2026-11-03", _MET_ON_HELP), Pane("met", 14, join=" at ")),
    Field("how_met", "how_met", "text", "how met", VCard("X-NETUI-HOW-MET", 12, own=True),
          Csv("how_met", (("how met", 3), ("how we met", 2))),
          "own", Form("Where/at", 6, placeholder="PyCon Lisbon, a friend's dinner"), Pane("met", 15, join=" at ")),
    Field("reason", "reason", "text", "reason", VCard("X-NETUI-REASON", 13, own=True), Csv("reason", (("reason", 3),)),
          "own", Form("Why", 7, placeholder='the specific reason, not "networking"',
          help="what you will talk about, or can do for them"), Pane("why", 16)),
    Field("circle", "circle", "choice", "circle", VCard("X-NETUI-CIRCLE", 14, own=True, noun="circle"),
          Csv("circle", (("circle", 3),), noun="circle"), "own", Form("Circle", 10, "choice"), Pane("circle", 4, "header"),
          choices=CIRCLES, default="regular"),
    Field("cadence_days", "cadence_days", "days", "cadence (days)",
          VCard("X-NETUI-CADENCE", 15, own=True, noun="cadence"),
          Csv("cadence_days", (("cadence days", 3), ("cadence", 2)), noun="cadence"),
          "own", Form("Cadence", 11, "days", "days; empty = the circle's default", name="cadence"), Pane("circle", 5, "header")),
    Field("tags", "tags", "tags", "tags", VCard("CATEGORIES", 11), Csv("tags", (
        ("labels", 3), ("group membership", 3), ("tags", 3), ("categories", 2), ("groups", 1))),
        None, Form("Interests", 9, "tags", "chess, arsenal, le-guin"), Pane("interests", 17, join=" · ")),
    Field("note", "note", "multiline", "note", VCard("NOTE", 10), Csv("note", (
        ("notes", 3), ("note", 3), ("comments", 1))), "single", Form("Note", 12, placeholder="one line; ↵ starts a new one", multiline=True), Pane("Note", 30, "section")),
    Field("archived", "archived", "flag", "archived", VCard("X-NETUI-ARCHIVED", 17, own=True),
          Csv("archived", (("archived", 3),)), "own", None, Pane("archived", 6, "header")),
    Field("kind", "kind", "choice", "kind (person or organisation)", choices=("person", "org"), default="person"),
    Field("created_at", "created_at", "datetime", "created", derived=True),
    Field("updated_at", "updated_at", "datetime", "updated", derived=True),
    Field("last_contact_at", "last_contact", "datetime", "last contact", derived=True),
    Field("next_due_at", "next_due", "datetime", "next due", derived=True),
)


# --- views of the registry, read at call time -------------------------------------------------------


def by_key() -> dict[str, Field]:
    return _index(FIELDS).keys


def sync_fields() -> tuple[Field, ...]:
    """The single-valued fields sync merges, in order (the order of the record's hash)."""
    return _index(FIELDS).sync


def own_vcard() -> dict[str, Field]:
    """``X-NETUI-*`` property name -> its field, for the fields written by their kind."""
    return _index(FIELDS).own


def vcard_order() -> tuple[Field, ...]:
    """Fields with a vCard property, in the order a card netui writes lists them."""
    return _index(FIELDS).vcard_order


def vcard_properties() -> frozenset[str]:
    """Every vCard property netui reads into a field (so nothing else need carry it over)."""
    return _index(FIELDS).vcard_properties


def csv_fields() -> tuple[Field, ...]:
    """Fields with a CSV column, in the order of the columns netui writes."""
    return _index(FIELDS).csv


def scalar_fields() -> tuple[Field, ...]:
    """The single-valued fields a person or a file says (not lists, ids or what netui derives)."""
    return _index(FIELDS).scalar


def form_fields() -> tuple[Field, ...]:
    """The fields of the add/edit contact form, in the order it asks for them."""
    return tuple(sorted((f for f in FIELDS if f.form), key=lambda f: f.form.order if f.form else 0))


def pane_fields() -> tuple[Field, ...]:
    """The fields the detail pane shows, in the order it shows them."""
    return tuple(sorted((f for f in FIELDS if f.pane), key=lambda f: f.pane.order if f.pane else 0))


def extra_fields(known: Mapping[str, object] | frozenset[str]) -> tuple[Field, ...]:
    """User fields of a simple kind whose ``attr`` is not in ``known``: the ones a class such as
    ContactInput carries in its ``extra`` dict rather than as an attribute of its own."""
    return tuple(f for f in FIELDS if f.simple and not f.derived and f.attr not in known)


class _Index(NamedTuple):
    keys: dict[str, Field]
    sync: tuple[Field, ...]
    own: dict[str, Field]
    vcard_order: tuple[Field, ...]
    vcard_properties: frozenset[str]
    csv: tuple[Field, ...]
    scalar: tuple[Field, ...]


_memo: list = [None, None]  # [the FIELDS it was built from, its _Index]: readers call these per card or row


def _index(rows: tuple[Field, ...]) -> _Index:
    if _memo[0] is rows:
        return _memo[1]
    index = _Index(
        {f.key: f for f in rows},
        tuple(f for f in rows if f.sync),
        {f.vcard.prop: f for f in rows if f.vcard and f.vcard.own and f.simple},
        tuple(sorted((f for f in rows if f.vcard), key=lambda f: f.vcard.order if f.vcard else 0)),
        frozenset(f.vcard.prop for f in rows if f.vcard),
        tuple(f for f in rows if f.csv),
        tuple(f for f in rows if not f.derived and f.kind not in ("id", "methods", "tags", "card")),
    )
    _memo[:] = [rows, index]
    return index


# --- plain values ------------------------------------------------------------------------------------


def stored(f: Field, raw: tuple) -> object:
    """A field's plain value from its database columns (a model's attributes or a raw SQL row)."""
    if f.kind == "birthday":
        month, day, year = raw
        return str(Birthday(month, day, year)) if month and day else None
    value = raw[0]
    if f.kind in ("text", "multiline"):
        return value or ""
    if f.kind == "date":
        return iso(as_date(value))
    if f.kind == "datetime":
        return iso(value)
    if f.kind == "flag":
        return bool(value)
    return value


def of_model(f: Field, row: object) -> object:
    """A field's plain value from a model object."""
    return stored(f, tuple(getattr(row, c) for c in f.db_columns))


def value_of(f: Field, item: object) -> object:
    """The value an object (ContactInput, Incoming) holds for a field: its attribute, or its ``extra``."""
    if hasattr(item, f.attr):
        return getattr(item, f.attr)
    extra = getattr(item, "extra", None) or {}
    return extra.get(f.attr)


def plain(f: Field, value: Any) -> object:
    """What a file said (as a reader read it into an Incoming) as the field's clean plain value."""
    if f.kind in ("text", "name"):
        return sanitize(str(value or ""))
    if f.kind == "multiline":
        return sanitize(str(value or ""), multiline=True)
    if f.kind in ("birthday",):
        return str(value) if value else None
    if f.kind == "date":
        return iso(as_date(value))
    if f.kind == "choice":
        return value if value in f.choices else None
    if f.kind == "flag":
        return bool(value)
    return value


def to_input(f: Field, value: object, *, new: bool) -> object:
    """A plain value as ContactInput takes it: a cleared date, birthday or cadence is ``False``."""
    if f.kind == "birthday":
        if not value:
            return False
        text = str(value)
        if text.startswith("--"):
            return make_birthday(int(text[2:4]), int(text[5:7]), None)
        return make_birthday(int(text[5:7]), int(text[8:10]), int(text[:4]))
    if f.kind == "date":
        return dt.date.fromisoformat(str(value)) if value else False
    if f.kind == "days":
        return value or False
    if f.kind == "choice":
        return value or (f.default if new else None)
    if f.kind == "flag":
        return bool(value)
    return value


def input_values(values: Mapping[str, Any], attrs: frozenset[str], *, new: bool) -> tuple[dict[str, Any], dict[str, object]]:
    """The scalar fields ``values`` holds (by key) as ContactInput takes them: (those whose attribute is
    in ``attrs``, the rest for its ``extra``)."""
    known: dict[str, Any] = {}
    extra: dict[str, object] = {}
    for f in scalar_fields():
        if f.key in values:
            (known if f.attr in attrs else extra)[f.attr] = to_input(f, values[f.key], new=new)
    return known, extra


def clean(f: Field, value: object) -> object:
    """A value from a ContactInput's ``extra`` as it is stored in the field's column."""
    if f.kind == "text":
        return sanitize(str(value or ""))
    if f.kind == "multiline":
        return sanitize(str(value or ""), multiline=True)
    if value is False:
        return None
    if f.kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if f.kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    return value
