"""Field descriptions for the forms: one contact form serves add and edit; log and give forms.

Each parse function turns what was typed into a value for ``netui.core`` or raises ``ValueError``
with the message shown beside the field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from netui.core import card_text, cards, contacts, fields, lookup, names, validate
from netui.core.contacts import ContactInput, Method
from netui.core.dates import parse_birthday, parse_datetime, parse_met_on
from netui.core.text import sanitize
from netui.core.vocab import GIVE_KINDS, INTERACTION_KINDS
from netui.tui.dialogs.form import Field, FormSpec
from netui.tui.people_field import PeopleSuggester, parse_people


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()]


def _cadence(text: str) -> int:
    try:
        days = int(text.strip().removesuffix("d").strip())
    except ValueError:
        raise ValueError("a number of days, e.g. 30") from None
    if not 1 <= days <= 3650:
        raise ValueError("between 1 and 3650 days")
    return days


NEWLINE = "↵"


def note_to_line(note: str) -> str:
    """A multi-line note in a one-line field: line breaks shown as ↵ (and turned back on save)."""
    return sanitize(note, multiline=True).replace("\n", f" {NEWLINE} ")


def line_to_note(text: str) -> str:
    return "\n".join(part.strip() for part in text.split(NEWLINE)).strip()


# --- emails and phones as text ----------------------------------------------------------------
#
# One per line: ``work: ada@example.org *``, the label before a colon, a star at the end for the
# preferred one; a bare ``ada@example.org`` has no label. A label holding a colon, or a value that
# could be mistaken for one (a colon with no label before it, a star at its end, a leading quote),
# is written in double quotes with \" and \\ escaped, so every stored method reads back exactly.

PREFERRED = "*"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(text: str) -> tuple[str, str]:
    """A leading quoted string and what follows it."""
    out = []
    i = 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), text[i + 1 :]
        out.append(ch)
        i += 1
    raise ValueError(f"a quote is not closed in {text!r}")


def method_line(m: Method) -> str:
    """One email or phone as the form shows it, e.g. ``work: ada@example.org *``."""
    label, value = sanitize(m.label), sanitize(m.value)
    if ":" in label or label.startswith('"'):
        label = _quote(label)
    if value.startswith('"') or value.endswith(PREFERRED) or (not label and ":" in value):
        value = _quote(value)
    return (f"{label}: " if label else "") + value + (f" {PREFERRED}" if m.preferred else "")


def methods_text(methods: list[Method]) -> str:
    return "\n".join(method_line(m) for m in methods)


def _parse_method(kind: str, line: str) -> Method:
    rest = line.strip()
    preferred = rest.endswith(PREFERRED)
    if preferred:
        rest = rest[: -len(PREFERRED)].rstrip()
    label = ""
    if rest.startswith('"'):
        text, after = _unquote(rest)
        after = after.strip()
        if after.startswith(":"):
            label, rest = text, after[1:].strip()
        elif after:
            raise ValueError(f"{after!r} after a quoted value")
        else:
            return _checked(Method(kind, text, "", preferred))
    elif ":" in rest:
        label, rest = (part.strip() for part in rest.split(":", 1))
    value = rest
    if rest.startswith('"'):
        value, after = _unquote(rest)
        if after.strip():
            raise ValueError(f"{after.strip()!r} after a quoted value")
    return _checked(Method(kind, value, label, preferred))


def _checked(m: Method) -> Method:
    if m.kind == "url" and m.label and _SCHEME.match(f"{m.label}:{m.value}"):  # "https://…": no label
        m = Method(m.kind, f"{m.label}:{m.value}", "", m.preferred)
    if not m.value.strip():
        raise ValueError(f"an {m.kind} is missing" if m.kind == "email" else f"a {m.kind} is missing")
    problem = validate.email_problem(m.value) if m.kind == "email" else None
    if problem:
        raise ValueError(problem)
    return m


METHOD_KINDS = {"emails": "email", "phones": "phone", "urls": "url"}  # a form's methods field: its kind
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def parse_methods(kind: str, text: str) -> list[Method]:
    """The form's lines as methods (blank lines skipped); ``ValueError`` names the line at fault."""
    lines = [line for line in text.splitlines() if line.strip()]
    out = []
    for number, line in enumerate(lines, 1):
        try:
            out.append(_parse_method(kind, line))
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}" if len(lines) > 1 else str(exc)) from None
    return out


# --- the contact form ---------------------------------------------------------------------------

def contact_fields() -> dict[str, str]:
    """Each field of the contact form (its id on the form) and the ContactInput field it edits: the
    registry's, read when asked (a field added to the registry is on the next form)."""
    return {(f.form.name or f.key): f.attr for f in fields.form_fields() if f.form}


def form_name(attr: str) -> str:
    """The form field that edits ContactInput's ``attr``."""
    return {attr: name for name, attr in contact_fields().items()}[attr]


_INPUT_ATTRS = frozenset(ContactInput.__dataclass_fields__)


def field_text(name: str, value: object) -> str:
    """A contact's value (as ``contacts.edit_values`` gives it) as the form field ``name`` shows it."""
    if value is None or value == "":
        return ""
    if name in METHOD_KINDS and isinstance(value, list):
        return methods_text(value)
    if name in card_text.KINDS and isinstance(value, list):
        return card_text.text(name, value)
    if name == "tags" and isinstance(value, list):
        return ", ".join(sanitize(t) for t in value)
    if name == "note":
        return note_to_line(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    # Stored text is sanitised on write, but the file may have been written by another program.
    return sanitize(value)


def contact_form(now: dt.datetime, contact_id: int | None = None, original: dict | None = None) -> FormSpec:
    """The add/edit contact form, prefilled when ``contact_id`` is given (from ``original`` if given)."""
    values = {"circle": "regular"}
    if contact_id is not None:
        if original is None:
            original = contacts.edit_values(contact_id)
        row = contacts.get(contact_id)  # fields the edit does not compare (new ones): as the row holds them
        card = cards.card_of(contact_id)  # addresses, dates, related, profiles: their own tables
        values = {
            name: field_text(name, original[attr] if attr in original else getattr(
                card if attr in card_text.KINDS else row, attr, ""))
            for name, attr in contact_fields().items()
        }
    form = [_form_field(f, values, now) for f in fields.form_fields()]
    if contact_id is None:  # how met, as a person: the introduced-by relation (netui relate changes it later)
        at = next((n + 1 for n, f in enumerate(form) if f.name == "reason"), len(form))
        form.insert(at, Field("introduced_by", "Introduced by", "", "who introduced you: a contact's name",
                              parse=lookup.resolve, help="links them: introduced by that person"))
    name = original["name"] if original is not None else ""
    title = "New contact" if contact_id is None else f"Edit {name}"
    return FormSpec(title, form)


def _form_field(f: fields.Field, values: dict, now: dt.datetime) -> Field:
    """The form's field for one registry row: the row says its label, hints and kind of input."""
    assert f.form is not None
    name = f.form.name or f.key
    kind = f.form.input
    parse: Callable[[str], object] | None = {
        "methods": lambda t: parse_methods(METHOD_KINDS.get(f.key, "phone"), t),
        "date": lambda t: parse_met_on(t, now),  # the one date field: the day you met, never to come
        "birthday": lambda t: parse_birthday(t, now.date()),
        "days": _cadence,
        "tags": _split,
        **{k: (lambda t, k=k: card_text.parse(k, t)) for k in card_text.KINDS},
    }.get(kind)
    if f.form.multiline:
        parse = line_to_note
    extra = {"parse": parse} if parse is not None else {}
    return Field(
        name, f.form.label, values.get(name, f.default if isinstance(f.default, str) else ""),
        f.form.placeholder, required=f.form.required, help=f.form.help,
        options=f.choices if kind == "choice" else None, lines=kind in ("methods", *card_text.KINDS), **extra,
    )


# What an emptied field writes on edit (text fields: "").
_CLEARED = {"emails": [], "phones": [], "urls": [], "tags": [], "met_on": False, "birthday": False, "cadence": False}


def contact_input(values: dict, *, editing: bool = False) -> ContactInput:
    """Every value of the form as a ContactInput (the add form); with ``editing``, an emptied field
    clears it. The edit form writes only what changed, through ``contact_changes``."""
    def text(name: str) -> str:
        return values.get(name) or ""

    def cleared(name: str):
        return values.get(name) or (_CLEARED[name] if editing else None)

    extra = {attr: values.get(name) for name, attr in contact_fields().items()
             if attr not in _INPUT_ATTRS and attr not in card_text.KINDS}
    card = {kind: values.get(kind) or ([] if editing else None) for kind in card_text.KINDS}
    return ContactInput(card=cards.CardData(**card),
        name=text("name"), organization=text("organization"), title=text("title"),
        emails=cleared("emails"), phones=cleared("phones"), urls=cleared("urls"), met_on=cleared("met_on"),
        how_met=text("how_met"), **_name_parts(values, editing),
        reason=text("reason"), birthday=cleared("birthday"), tags=values.get("tags") or [],
        circle=values.get("circle") or "regular", cadence_days=cleared("cadence"), note=text("note"),
        extra={attr: value for attr, value in extra.items() if value is not None},
    )


# --- the name's parts (nickname, given and family name) ------------------------------------------


def _name_parts(values: dict, editing: bool) -> dict[str, str]:
    """The nickname and the given and family names as typed; on the add form, when neither part was
    typed, read from the name (so a card written later has a real ``N:``)."""
    given, family = values.get("given_name") or "", values.get("family_name") or ""
    if not editing and not given and not family:
        given, family = names.split_name(values.get("name") or "")
    return {"given_name": given, "family_name": family, "nickname": values.get("nickname") or ""}


def contact_changes(values: dict, original: dict) -> tuple[ContactInput, dict]:
    """What the edit form writes: the fields in ``values`` (those the user changed, parsed), and what
    each held when the form was opened (``expected`` for ``contacts.update``). An emptied field clears."""
    data = ContactInput()
    expected = {}
    attrs = contact_fields()
    for name, value in values.items():
        attr = attrs[name]
        if attr in card_text.KINDS:  # addresses, dates, related, profiles: replaced as the form holds them
            data.card = data.card or cards.CardData()
            setattr(data.card, attr, value or [])
            continue
        if attr not in _INPUT_ATTRS:  # a registry field without an attribute of its own
            data.extra[attr] = value if value is not None else ""
            continue
        setattr(data, attr, value if value is not None else _CLEARED.get(name, ""))
        expected[attr] = original[attr]
    _follow_name(data, expected, original)
    return data, expected


def _follow_name(data: ContactInput, expected: dict, original: dict) -> None:
    """A new name takes new given and family names, when the old ones were only split from the old name
    and the user changed neither here."""
    if not data.name or data.given_name is not None or data.family_name is not None:
        return
    parts = names.resplit(str(original["name"]), str(original["given_name"]), str(original["family_name"]), data.name)
    if parts is not None and parts != (original["given_name"], original["family_name"]):
        data.given_name, data.family_name = parts
        expected.update(given_name=original["given_name"], family_name=original["family_name"])


def log_form(now: dt.datetime, name: str, kind: str = "call", contact_id: int | None = None) -> FormSpec:
    """Kind, when, what; with ``contact_id``, a "with" field too: more people, one interaction with all."""
    fields_ = [
        Field("kind", "Kind", kind, options=INTERACTION_KINDS),
        Field("when", "When", "now", "now, yesterday, 3 days ago, 2026-11-03 14:00",
              parse=lambda t: parse_datetime(t, now), help="when it happened: the cadence restarts from then"),
        Field("summary", "Summary", "", "what it was about"),
    ]
    if contact_id is not None:
        me = (contact_id,)
        fields_.append(Field("with", "With", "", "more people: Ada, Bob", parse=lambda t: parse_people(t, me),
                                suggester=PeopleSuggester(me), help="→ takes the suggested name; a comma adds another"))
    return FormSpec(f"Log an interaction with {name}", fields_, submit="Log")


def give_form(name: str) -> FormSpec:
    return FormSpec(
        f"Give note for {name}",
        [
            Field("text", "What", "", "send her the Adichie interview", required=True),  # first: typing starts here
            Field("direction", "Type", "idea", options=("idea", "given", "received")),
            Field("kind", "Kind", "other", options=GIVE_KINDS),
        ],
    )
