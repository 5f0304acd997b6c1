"""Card data as the add/edit form shows and reads it: one item per line, its label before a colon.

    addresses   home: 12 St James's Square; London; Greater London; SW1Y 4JH; UK *
                (street; locality; region; postal code; country, a star for the preferred one)
    dates       anniversary: 1998-06-20     (or --06-20 without a year)
    related     spouse: Bob Smith           (linked to that contact when one person has the name)
    profiles    skype: ada.lovelace

A line break inside a street is shown as ↵. Every label reads back as written: a label may hold
spaces (``home office:``); one holding a colon is written in double quotes, and an item without a
label whose text would read as one starts with ``: ``. ``parse`` raises ``ValueError`` naming the line
at fault.
"""

from __future__ import annotations

from netui.core import cards
from netui.core.cards import ADDRESS_PARTS, Address, CardDate, Profile, RelatedPerson
from netui.core.text import sanitize

KINDS = ("addresses", "dates", "related", "profiles")
_NEWLINE = "↵"


def _label_and_rest(line: str) -> tuple[str, str]:
    line = line.strip()
    if line.startswith('"'):  # a quoted label (one holding a colon)
        label, after = _unquote(line)
        after = after.strip()
        if not after.startswith(":"):
            raise ValueError("a quoted label is followed by a colon")
        return label, after[1:].strip()
    label, colon, rest = line.partition(":")
    if not colon or rest.startswith("//") or "@" in label:  # a URL, a handle: no label
        return "", line
    return label.strip(), rest.strip()


def _unquote(text: str) -> tuple[str, str]:
    out, i = [], 1
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if text[i] == '"':
            return "".join(out), text[i + 1 :]
        out.append(text[i])
        i += 1
    raise ValueError("a quote is not closed")


def _line(label: str, body: str) -> str:
    """One item's line, its label before a colon, so that ``_label_and_rest`` gives both back."""
    label, body = sanitize(label).strip(), body.strip()
    if not label:
        plain = not body.startswith(('"', ":")) and _label_and_rest(body) == ("", body)
        return body if plain else f": {body}"
    line = f"{label}: {body}"
    if label.startswith('"') or _label_and_rest(line) != (label, body):
        line = '"' + label.replace("\\", "\\\\").replace('"', '\\"') + f'": {body}'
    return line


def text(kind: str, items: list | None) -> str:
    """The items of one kind as the form's lines."""
    lines = []
    for item in items or []:
        if kind == "addresses":
            parts = [sanitize(p, multiline=True).replace("\n", f" {_NEWLINE} ") for p in item.parts()]
            while parts and not parts[-1]:
                parts.pop()
            body = "; ".join(parts) + (" *" if item.preferred else "")
            lines.append(_line(item.label, body))
        elif kind == "dates":
            lines.append(_line(item.label, item.date))
        elif kind == "related":
            lines.append(_line(item.label, sanitize(item.name)))
        else:
            lines.append(_line(item.service, sanitize(item.value)))
    return "\n".join(lines)


def parse(kind: str, typed: str) -> list:
    """The form's lines as items of ``kind`` (blank lines skipped)."""
    lines = [line for line in typed.splitlines() if line.strip()]
    out: list = []
    for number, line in enumerate(lines, 1):
        try:
            out.append(_item(kind, line))
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}" if len(lines) > 1 else str(exc)) from None
    return out


def _item(kind: str, line: str) -> Address | CardDate | RelatedPerson | Profile:
    label, rest = _label_and_rest(line)
    if kind == "addresses":
        preferred = rest.endswith("*")
        parts = [p.strip().replace(f" {_NEWLINE} ", "\n").replace(_NEWLINE, "\n")
                 for p in rest.rstrip("*").split(";")]
        if len(parts) > len(ADDRESS_PARTS):
            raise ValueError("an address has at most 5 parts: street; town; region; postal code; country")
        if not any(parts):
            raise ValueError("the address is empty")
        parts += [""] * (len(ADDRESS_PARTS) - len(parts))
        return Address(label, preferred=preferred, **dict(zip(ADDRESS_PARTS, parts, strict=True)))
    if kind == "dates":
        date = cards.clean_date(rest)
        if date is None:
            raise ValueError(f"{rest!r} is not a date (1998-06-20, or --06-20 without a year)")
        return CardDate(label, date)
    if kind == "related":
        if not rest:
            raise ValueError("the name is missing")
        return RelatedPerson(label, rest)
    if not rest:
        raise ValueError("the handle is missing")
    return Profile(label, rest)
