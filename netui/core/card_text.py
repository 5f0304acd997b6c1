"""Card data as the add/edit form shows and reads it: one item per line, its label before a colon.

    addresses   home: 12 St James's Square; London; Greater London; SW1Y 4JH; UK *
                (street; locality; region; postal code; country, a star for the preferred one)
    dates       anniversary: 1998-06-20     (or --06-20 without a year)
    profiles    skype: ada.lovelace

A line break inside a street is shown as ↵. ``parse`` raises ``ValueError`` naming the line at fault.
"""

from __future__ import annotations

from netui.core import cards
from netui.core.cards import ADDRESS_PARTS, Address, CardDate, Profile
from netui.core.text import sanitize

KINDS = ("addresses", "dates", "profiles")
_NEWLINE = "↵"


def _label_and_rest(line: str) -> tuple[str, str]:
    label, colon, rest = line.partition(":")
    if not colon or rest.startswith("//") or "@" in label or " " in label.strip(" "):  # a URL, a handle: no label
        return "", line.strip()
    return label.strip(), rest.strip()


def text(kind: str, items: list | None) -> str:
    """The items of one kind as the form's lines."""
    lines = []
    for item in items or []:
        if kind == "addresses":
            parts = [sanitize(p, multiline=True).replace("\n", f" {_NEWLINE} ") for p in item.parts()]
            while parts and not parts[-1]:
                parts.pop()
            body = "; ".join(parts) + (" *" if item.preferred else "")
            lines.append(f"{sanitize(item.label)}: {body}" if item.label else body)
        elif kind == "dates":
            lines.append(f"{sanitize(item.label)}: {item.date}" if item.label else item.date)
        else:
            lines.append(f"{sanitize(item.service)}: {sanitize(item.value)}" if item.service else sanitize(item.value))
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


def _item(kind: str, line: str) -> Address | CardDate | Profile:
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
    if not rest:
        raise ValueError("the handle is missing")
    return Profile(label, rest)
