"""A field naming more people, separated by commas, that completes each name as it is typed.

The log form's "with" field: the right arrow takes the suggested name, a comma starts the next one.
Each name is found as the command line finds WHO (an id, an email, a name or a unique part of one); a
name that matches nobody or several people is said beside the field.
"""

from __future__ import annotations

from textual.suggester import Suggester

from netui.core import lookup


class PeopleSuggester(Suggester):
    """Completes the last name of a comma-separated list (never a name already in it, nor ``exclude``)."""

    def __init__(self, exclude: tuple[int, ...] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # the names change as people are added
        self.exclude = exclude

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        taken = list(self.exclude)
        for part in filter(str.strip, head.split(",")):
            try:
                taken.append(lookup.resolve(part))
            except ValueError:  # not (yet) one person: nothing to leave out
                continue
        name = lookup.complete(typed, taken)
        if name is None:
            return None
        # Drawn from the typed length on; taking it writes the name as it is spelt ("gr" -> "Grace Hopper").
        return value[: len(value) - len(typed)] + name


def parse_people(text: str, exclude: tuple[int, ...] = ()) -> list[int]:
    """The contacts ``text`` names, comma by comma, in order, each once (``exclude`` left out)."""
    out: list[int] = []
    for part in text.split(","):
        if not part.strip():
            continue
        cid = lookup.resolve(part)  # NotFound, Ambiguous: ValueErrors, said beside the field
        if cid not in out and cid not in exclude:
            out.append(cid)
    return out
