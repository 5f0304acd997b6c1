"""The cards of the Today screen: one per person, the folded "let these go?" entry, the unscheduled.

Each card is one option of a ``TodayList`` (an ``OptionList``: the queue is short by design, ten
people by default), built as ``Content`` from plain text so that names and notes are never markup. A
card the user has acted on folds to one line saying what was done ("✓ called · closed: 48 h
follow-up"), with what is still due for that person, if anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from netui.core import today as today_mod
from netui.core.lookup import Reach
from netui.tui.layout import hang
from netui.tui.safe import line

MUTED = "$text-muted"
REASON_ICON = {
    "follow-up": "✉", "call": "☎", "face-to-face": "●", "birthday": "🎂", "custom": "↻",
    "intro-follow-up": "↔", "keep-in-touch": "∿",
}
LET_GO_SHOWN = 6  # names written out on the "let these go?" card; the rest are counted


def reach_line(phone: str, email: str) -> Content:
    """ "☎ +44 20 7946 0000 · ✉ ada@example.org", or a muted "no phone or email" when there is neither."""
    parts: list = []
    if phone:
        parts += [("☎ ", MUTED), (phone, "bold")]
    if email:
        parts += [("   " if phone else "", ""), ("✉ ", MUTED), email]
    return line(*parts) if parts else line(("no phone or email on file", MUTED))


def reason_lines(r: today_mod.Reason, width: int) -> list[Content]:
    """One reason a person is due: what, how it stands ("36 h left"), and its note."""
    icon = REASON_ICON.get(r.kind, "·")
    snoozed = f" (snoozed until {r.snoozed_until:%d %b %Y})" if r.snoozed_until is not None else ""
    prefix = line((f"    {icon} ", "$text-accent"), (f"{r.kind:<15} ", "$text-secondary"))
    return hang(prefix, line((r.words + snoozed, "bold"), (f"  {r.note}" if r.note else "", MUTED)), width)


def done_line(mark: str, still: today_mod.Entry | None, width: int = 80) -> list[Content]:
    """A card acted on: what was done, and what stays due (a call does not answer the face-to-face check)."""
    skipped = mark.startswith("skipped")
    prefix = line(("    → " if skipped else "    ✓ ", MUTED if skipped else "bold $text-success"))
    out = hang(prefix, line((mark, MUTED if skipped else "$text-success")), width)
    if still is not None:
        kinds = ", ".join(f"{r.kind} {r.words}" for r in still.reasons)
        out += hang(line(("      still due: ", MUTED)), line((kinds, MUTED)), width)
    return out


def entry_card(n: int, entry: today_mod.Entry, mark: str | None, still: today_mod.Entry | None,
               width: int) -> Content:
    """A person of the day's queue: name and circle, how to reach them, every reason (or what was done)."""
    head = line((f"{n:>2}  ", MUTED), (entry.name, "bold" if mark is None else f"bold {MUTED}"),
                (f"  {entry.circle}", MUTED))
    if mark is not None:
        return Content("\n").join([head, *done_line(mark, still, width)])
    rows = [head, Content("    ") + reach_line(entry.phone, entry.email)]
    for r in entry.reasons:
        rows += reason_lines(r, width)
    return Content("\n").join(rows)


def let_go_card(people: list[today_mod.LetGo], mark: str | None, width: int) -> Content:
    """The folded entry: outer-circle people silent for more than a few cadences, one decision."""
    n = len(people)
    head = line((" ?  ", MUTED), (f"{n} outer-circle {'person' if n == 1 else 'people'}", "bold"),
                (f" silent for more than {today_mod.LET_GO_CADENCES} cadences", MUTED))
    if mark is not None:
        return Content("\n").join([head, *done_line(mark, None, width)])
    names = [f"{p.name} ({p.overdue_days} days)" for p in people[:LET_GO_SHOWN]]
    if n > LET_GO_SHOWN:
        names.append(f"and {n - LET_GO_SHOWN} more")
    return Content("\n").join([
        head,
        *hang(Content("    "), line(" · ".join(names)), width),
        *hang(Content("    "), line(("x archive them all · K keep them · s snooze them all (u undoes)", MUTED)), width),
    ])


def unscheduled_card(u: today_mod.Unscheduled, reach: Reach, mark: str | None, width: int) -> Content:
    """Someone imported and never contacted: to sort into a circle, log how you know them, or let go."""
    about = " · ".join(p for p in (u.organization, f"added {u.added:%d %b %Y}", "nothing logged yet") if p)
    head = line((" ·  ", MUTED), (u.name, "bold" if mark is None else f"bold {MUTED}"), (f"  {about}", MUTED))
    if mark is not None:
        return Content("\n").join([head, *done_line(mark, None, width)])
    return Content("\n").join([
        head,
        Content("    ") + reach_line(reach.phone, reach.email),
        *hang(Content("    "), line(("f sort into a circle · c m p @ log how you know them · x let go · s snooze", MUTED)),
              width),
    ])


def heading(text: str, count: str = "") -> Option:
    """A group's title line (not selectable)."""
    return Option(line((text.upper(), "bold $text-accent"), (f"  {count}" if count else "", MUTED)), disabled=True)


class TodayList(OptionList):
    """The day's cards; ``show`` replaces them and keeps the highlight on the same card (by id)."""

    def show(self, options: Iterable[Option | None], select: str | None = None) -> None:
        keep = select or self.current_id
        self.clear_options()
        self.add_options(list(options))
        target = None
        if keep is not None:
            try:
                target = self.get_option_index(keep)
            except OptionDoesNotExist:  # the card is gone: the first one
                target = None
        if target is None:
            target = next((i for i in range(self.option_count) if not self.get_option_at_index(i).disabled), None)
        self.highlighted = target

    @property
    def current_id(self) -> str | None:
        index = self.highlighted
        if index is None or index >= self.option_count:
            return None
        return self.get_option_at_index(index).id

    def ids(self) -> list[str]:
        """The selectable cards, top to bottom."""
        out = []
        for i in range(self.option_count):
            option = self.get_option_at_index(i)
            if not option.disabled and option.id:
                out.append(option.id)
        return out
