"""What the timeline's dialogs share (an interaction, a journal entry, a relation): read the item again
when a key asks for it, saying so when it went elsewhere meanwhile; open its form; ask before deleting
it, in the same words and layout (what it is, what happens, that u undoes it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.content import Content

from netui.core import contacts
from netui.tui.dialogs.confirm import ConfirmScreen
from netui.tui.dialogs.form import FormScreen, FormSpec
from netui.tui.safe import line, notify

T = TypeVar("T")


def read(app, get: Callable[[], T], contact_of: Callable[[T], int]) -> tuple[T, str] | None:
    """The item ``get`` reads and its person's name, or None (said, and the screens follow the
    database) when it or they were deleted elsewhere meanwhile."""
    try:
        item = get()
        return item, contacts.get(contact_of(item)).name
    except contacts.NotFound as exc:
        notify(app, f"Not done: {exc} (changed elsewhere).", severity="warning")
        app.follow()
        return None


def open_form(app, spec: FormSpec, save: Callable[[dict], object]) -> None:
    """The form of ``spec``; ``save`` gets its values (on edit, only those changed) and writes them."""
    spec.save = save
    app.push_screen(FormScreen(spec))


def question(*lines: Content, after: str) -> Content:
    """A question before a delete: its lines, then ``after`` (what follows; that u undoes it), muted."""
    return Content("\n").join([*lines, line((after, "$text-muted"))])


def confirm(app, asked: Content, yes: str, do: Callable[[], object]) -> None:
    """Ask ``asked`` with ``yes`` on the button; ``do`` runs when the answer is yes."""

    def answer(ok: bool | None) -> None:
        if ok:
            do()

    app.push_screen(ConfirmScreen(asked, yes=yes), answer)
