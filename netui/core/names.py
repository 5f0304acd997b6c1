"""A display name in its parts, for a card's ``N:`` when nobody typed them: "Ada King Lovelace" is
given "Ada King", family "Lovelace"; "Lovelace, Ada" is family first; one word is a given name."""

from __future__ import annotations

from netui.core.text import sanitize


def split_name(name: str) -> tuple[str, str]:
    """(given, family) read from ``name``."""
    text = sanitize(name)
    if "," in text:
        family, _, given = text.partition(",")
        return " ".join(given.split()), " ".join(family.split())
    words = text.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]
