"""Reading a JSON backup safely: every field checked, every string sanitised, before anything is written.

``load`` reads a file, ``validate`` checks what it holds: a wrong type, a missing key, a date out of
range or an unknown choice is one ``BackupError`` naming the contact (or introduction) and the field.
The single-valued fields of a contact are checked as the field registry (``core/fields.py``) describes
them, so a field added there is checked here with no other change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from netui.core import cards, fields, relations, reminders, scan
from netui.core.contacts import Method
from netui.core.dates import DateError, parse_birthday
from netui.core.text import sanitize
from netui.core.vocab import (
    GIVE_DIRECTIONS,
    GIVE_KINDS,
    GIVE_STATUSES,
    INTERACTION_KINDS,
    INTRO_ANSWERS,
    INTRO_KINDS,
    INTRO_OUTCOMES,
    INTRO_STATUSES,
    REMINDER_KINDS,
)

FORMAT = "netui-backup"
VERSION = 1


MAX_INT = 2**63 - 1  # SQLite's largest integer
FILE_LIMIT = 512 * 2**20  # bytes of JSON netui reads
EARLIEST, LATEST = 1800, 2300  # the years a stored date may fall in (room for the arithmetic on it)
_CHECKED = object()  # marks what ``validate`` returned (no JSON value can be it)


class BackupError(ValueError):
    pass


class _Field:
    """Where a value is in the backup, for messages: ``contact 3 ("Ada"), field "gives[1].text"``."""

    def __init__(self, owner: str):
        self.owner = owner

    def fail(self, key: str, problem: str) -> BackupError:
        return BackupError(f"{self.owner}, field {key!r}: {problem}")

    @staticmethod
    def shown(value: object) -> str:
        if isinstance(value, str):
            return f"the text {sanitize(value, limit=40)!r}"
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "null"
        if isinstance(value, dict):
            return "an object"
        if isinstance(value, list):
            return "a list"
        return sanitize(repr(value), limit=40)

    def text(self, item: dict, key: str, where: str = "", *, required: bool = False, multiline: bool = False) -> str:
        """The text at ``key``, sanitised ("" when it is missing or null, unless ``required``)."""
        name = where + key
        if item.get(key) is None:
            if required:
                raise self.fail(name, "is missing")
            return ""
        value = item[key]
        if not isinstance(value, str):
            raise self.fail(name, f"must be text, not {self.shown(value)}")
        clean = sanitize(value, multiline=multiline)
        if required and not clean:
            raise self.fail(name, "is empty")
        return clean

    def integer(self, item: dict, key: str, where: str = "", *, low: int = 1, high: int = MAX_INT) -> int | None:
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where + key, f"must be a whole number, not {self.shown(value)}")
        if not low <= value <= high:
            raise self.fail(where + key, f"{value} is out of range ({low} to {high})")
        return value

    def flag(self, item: dict, key: str, where: str = "") -> bool:
        value = item.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(where + key, f"must be true or false, not {self.shown(value)}")
        return value

    def choice(self, item: dict, key: str, choices: tuple[str, ...], where: str = "", *, default: str | None = None,
               blank: bool = False) -> str:
        value = item.get(key)
        if value is None or (blank and value == ""):
            if default is None and not blank:
                raise self.fail(where + key, "is missing")
            return default if default is not None else ""
        if not isinstance(value, str) or value not in choices:
            raise self.fail(where + key, f"must be one of {', '.join(choices)}, not {self.shown(value)}")
        return value

    def moment(self, item: dict, key: str, where: str = "", *, required: bool = False) -> dt.datetime | None:
        value = item.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(where + key, "is missing")
            return None
        if not isinstance(value, str):
            raise self.fail(where + key, f"must be a date and time as text (2026-11-21 10:00), not {self.shown(value)}")
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(where + key, f"{self.shown(value)} is not a date and time (2026-11-21 10:00)") from None
        if not EARLIEST <= parsed.year <= LATEST:
            raise self.fail(where + key, f"the year {parsed.year} is out of range ({EARLIEST} to {LATEST})")
        return parsed.replace(tzinfo=None, microsecond=0)

    def day(self, item: dict, key: str, where: str = "", *, required: bool = False) -> dt.date | None:
        value = item.get(key)
        if isinstance(value, str) and len(value.strip()) > 10:  # a date and time: its day
            moment = self.moment(item, key, where, required=required)
            return moment.date() if moment else None
        if value is None or value == "":
            if required:
                raise self.fail(where + key, "is missing")
            return None
        if not isinstance(value, str):
            raise self.fail(where + key, f"must be a date as text (2026-11-21), not {self.shown(value)}")
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(where + key, f"{self.shown(value)} is not a date (2026-11-21)") from None
        if not EARLIEST <= parsed.year <= LATEST:
            raise self.fail(where + key, f"the year {parsed.year} is out of range ({EARLIEST} to {LATEST})")
        return parsed

    def items(self, item: dict, key: str, where: str = "") -> list[tuple[str, dict]]:
        """The objects of a list field, each with where it is (``gives[2].``)."""
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where + key, f"must be a list, not {self.shown(value)}")
        out = []
        for n, element in enumerate(value):
            if not isinstance(element, dict):
                raise self.fail(f"{where}{key}[{n}]", f"must be an object, not {self.shown(element)}")
            out.append((f"{where}{key}[{n}].", element))
        return out

    def strings(self, item: dict, key: str) -> list[str]:
        value = item.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"must be a list, not {self.shown(value)}")
        for n, element in enumerate(value):
            if not isinstance(element, str):
                raise self.fail(f"{key}[{n}]", f"must be text, not {self.shown(element)}")
        return [clean for clean in (sanitize(t) for t in value) if clean]


def _reminder(f: _Field, where: str, r: dict) -> dict:
    rrule = f.text(r, "rrule", where) or None
    due_at = f.moment(r, "due_at", where, required=True)
    if rrule and due_at:
        try:
            reminders.next_occurrence(rrule, due_at, due_at, inc=True)
        except (ValueError, OverflowError, TypeError):
            raise f.fail(where + "rrule", f"{rrule!r} is not a recurrence rule netui can read") from None
    return {
        "kind": f.choice(r, "kind", REMINDER_KINDS, where), "note": f.text(r, "note", where, multiline=True),
        "rrule": rrule, "due_at": due_at, "next_due_at": f.moment(r, "next_due_at", where),
        "snoozed_until": f.moment(r, "snoozed_until", where), "done_at": f.moment(r, "done_at", where),
    }


def _contact(n: int, item: object) -> dict:
    if not isinstance(item, dict):
        raise BackupError(f"contact {n}: must be an object, not {_Field.shown(item)}")
    name = item.get("name")
    f = _Field(f"contact {n}" + (f" ({sanitize(name, limit=60)!r})" if isinstance(name, str) else ""))
    out: dict = {"uid": f.text(item, "uid", required=True)}
    for fld in fields.scalar_fields():  # every field of the registry, checked by its kind
        out[fld.key] = _scalar(f, item, fld)
    for kind in ("emails", "phones", "urls"):
        out[kind] = [
            Method(kind[:-1], f.text(m, "value", where, required=True), f.text(m, "label", where), f.flag(m, "preferred", where))
            for where, m in f.items(item, kind)
        ]
        if kind == "emails":
            for where, m in zip((w for w, _ in f.items(item, kind)), out[kind], strict=True):
                if "@" not in m.value:
                    raise f.fail(where + "value", f"{m.value!r} is not an email address")
    out["tags"] = f.strings(item, "tags")
    try:  # addresses, dates, related people, profiles, the photo (its bytes as base64)
        out["card"] = cards.from_plain(item)
    except ValueError as exc:
        raise BackupError(f"{f.owner}: {exc}") from None
    out["id"] = f.integer(item, "id")
    for key in ("created_at", "updated_at", "last_contact", "next_due"):
        out[key] = f.moment(item, key)
    out["org_history"] = [
        {"organization": f.text(h, "organization", w), "title": f.text(h, "title", w),
         "until": f.moment(h, "until", w, required=True)}
        for w, h in f.items(item, "org_history")
    ]
    out["interactions"] = [
        {"occurred_at": f.moment(i, "occurred_at", w, required=True), "kind": f.choice(i, "kind", INTERACTION_KINDS, w),
         "summary": f.text(i, "summary", w), "note": f.text(i, "note", w, multiline=True),
         "share": f.text(i, "share", w) or None}
        for w, i in f.items(item, "interactions")
    ]
    out["gives"] = [
        {"direction": f.choice(g, "direction", GIVE_DIRECTIONS, w), "kind": f.choice(g, "kind", GIVE_KINDS, w, default="other"),
         "text": f.text(g, "text", w, required=True), "status": f.choice(g, "status", GIVE_STATUSES, w, default="open"),
         "outcome": f.text(g, "outcome", w), "created_on": f.day(g, "created_on", w), "done_on": f.day(g, "done_on", w),
         "lead": f.integer(g, "lead", w), "introduction": f.integer(g, "introduction", w, low=-MAX_INT)}
        for w, g in f.items(item, "gives")
    ]
    out["reminders"] = [_reminder(f, w, r) for w, r in f.items(item, "reminders")]
    out["relations"] = [_relation(f, w, r) for w, r in f.items(item, "relations")]
    out["journal"] = [
        {"on": f.day(e, "on", w, required=True), "text": f.text(e, "text", w, required=True, multiline=True)}
        for w, e in f.items(item, "journal")
    ]
    return out


def _relation(f: _Field, where: str, r: dict) -> dict:
    """A relation as one side holds it: ``contact_id`` is the other person's id in the same backup."""
    out = {"type": f.choice(r, "type", relations.TYPES, where), "label": f.text(r, "label", where),
           "contact_id": f.integer(r, "contact_id", where), "name": f.text(r, "name", where)}
    if out["contact_id"] is None:
        raise f.fail(where + "contact_id", "is missing: the id of the related contact in this backup")
    if out["type"] == "custom" and not out["label"]:
        raise f.fail(where + "label", "is empty: a custom relation needs its words")
    return out


def _scalar(f: _Field, item: dict, fld: fields.Field) -> object:
    """One single-valued field of a backed-up contact, checked as its kind in the registry says."""
    key, kind = fld.key, fld.kind
    if kind == "birthday":
        text = f.text(item, key)
        try:
            return parse_birthday(text) if text else None
        except DateError as exc:
            raise f.fail(key, str(exc)) from None
    if kind == "date":
        return f.day(item, key)
    if kind == "datetime":
        return f.moment(item, key)
    if kind == "days":
        return f.integer(item, key, low=fld.bounds[0], high=fld.bounds[1])
    if kind == "choice":
        return f.choice(item, key, fld.choices, default=fld.default if isinstance(fld.default, str) else None)
    if kind == "flag":
        return f.flag(item, key)
    return f.text(item, key, required=kind == "name", multiline=kind == "multiline")


def scalars(item: dict, attrs: frozenset[str]) -> tuple[dict[str, Any], dict[str, object]]:
    """A checked contact's single-valued fields by attribute: (those ``attrs`` names, the rest as ``extra``)."""
    known: dict[str, Any] = {}
    extra: dict[str, object] = {}
    for fld in fields.scalar_fields():
        (known if fld.attr in attrs else extra)[fld.attr] = item[fld.key]
    return known, extra


def _introduction(n: int, item: object) -> dict:
    if not isinstance(item, dict):
        raise BackupError(f"introduction {n}: must be an object, not {_Field.shown(item)}")
    f = _Field(f"introduction {n}")
    out: dict[str, Any] = {
        "id": f.integer(item, "id", low=-MAX_INT), "a": f.text(item, "a", required=True), "b": f.text(item, "b", required=True),
        "requested_by": f.text(item, "requested_by") or None,
        "reason_a": f.text(item, "reason_a"), "reason_b": f.text(item, "reason_b"),
        "status": f.choice(item, "status", INTRO_STATUSES, default="proposed"),
        "outcome": f.choice(item, "outcome", INTRO_OUTCOMES, blank=True),
        "proposed_on": f.day(item, "proposed_on"), "made_on": f.day(item, "made_on"), "outcome_on": f.day(item, "outcome_on"),
        "note": f.text(item, "note", multiline=True),
        "kind": f.choice(item, "kind", INTRO_KINDS, default="connect"),
        "sides": [{"asked_on": None, "answer": "", "answered_on": None} for _ in range(2)],
        "history": None if item.get("history") is None else [],
        "reminders": [],
    }
    sides = f.items(item, "sides")
    if len(sides) not in (0, 2):
        raise f.fail("sides", f"must list two sides (A, then B), not {len(sides)}")
    for n, (w, s) in enumerate(sides):
        out["sides"][n] = {"asked_on": f.day(s, "asked_on", w), "answer": f.choice(s, "answer", INTRO_ANSWERS, w, blank=True),
                           "answered_on": f.day(s, "answered_on", w)}
    for w, h in f.items(item, "history"):
        out["history"].append({"on": f.day(h, "on", w, required=True), "note": f.text(h, "note", w, multiline=True)})
    for w, r in f.items(item, "reminders"):
        reminder = _reminder(f, w, r)
        reminder["contact"] = f.text(r, "contact", w) or None
        out["reminders"].append(reminder)
    return out


def _scan_seen(n: int, item: object) -> dict:
    """One row of what scans already offered (``scan_seen``), or one address of the never-list."""
    if not isinstance(item, dict):
        raise BackupError(f"scan_seen {n}: must be an object, not {_Field.shown(item)}")
    f = _Field(f"scan_seen {n}")
    out = {
        "source": f.text(item, "source", required=True), "contact": f.text(item, "contact") or None,
        "outcome": f.choice(item, "outcome", scan.OUTCOMES), "seen_at": f.moment(item, "seen_at", required=True),
    }
    if (out["contact"] is None) != (out["outcome"] == scan.NEVER):
        raise f.fail("contact", "names the contact of an accepted or skipped row, and no one for a never-list address")
    return out


def validate(data: object) -> dict:
    """The backup, checked field by field, with every string sanitised and every date parsed.

    Raises ``BackupError`` naming the contact (or introduction) and the field for the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this is not a netui backup (no \"format\": \"netui-backup\")")
    version = data.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int):
        raise BackupError(f"the backup's \"version\" must be a whole number, not {_Field.shown(version)}")
    if version > VERSION:
        raise BackupError(f"this backup is version {version}; this netui reads up to {VERSION}")
    for key in ("contacts", "introductions", "scan_seen"):
        if not isinstance(data.get(key, []), list):
            raise BackupError(f"the backup's {key!r} must be a list, not {_Field.shown(data.get(key))}")
    people = [_contact(n, item) for n, item in enumerate(data.get("contacts", []), 1)]
    seen: dict[str, int] = {}
    for n, person in enumerate(people, 1):
        if person["uid"] in seen:
            raise BackupError(f"contact {n} ({person['name']!r}), field 'uid': contact {seen[person['uid']]} has the same uid")
        seen[person["uid"]] = n
    return {
        "format": FORMAT, "version": version, "checked": _CHECKED, "contacts": people,
        "introductions": [_introduction(n, item) for n, item in enumerate(data.get("introductions", []), 1)],
        "scan_seen": [_scan_seen(n, item) for n, item in enumerate(data.get("scan_seen", []), 1)],
    }


def checked(data: dict) -> dict:
    """``data`` as ``validate`` returns it (checked once, whoever asks again)."""
    return data if isinstance(data, dict) and data.get("checked") is _CHECKED else validate(data)


def load(path: Path) -> dict:
    """Read and check a backup file (nothing is written)."""
    path = Path(path)
    try:
        if path.stat().st_size > FILE_LIMIT:
            raise BackupError(f"{path}: larger than the {FILE_LIMIT // 2**20} MB netui reads")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BackupError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise BackupError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BackupError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError:
        raise BackupError(f"{path}: nested too deeply to be a netui backup") from None
    try:
        return validate(data)
    except BackupError as exc:
        raise BackupError(f"{path}: {exc}") from exc


