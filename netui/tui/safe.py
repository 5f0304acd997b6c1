"""Showing untrusted text safely.

Stored text is already sanitised, but the UI sanitises again and never lets a string be parsed as
markup: everything on screen is built as ``Content`` from plain text plus styles. Use these helpers
instead of passing a ``str`` to a widget (``Static("...")``, ``notify("...")``, palette hits and
titles parse markup by default).
"""

from __future__ import annotations

from textual.content import Content

from netui.core.text import sanitize


def plain(value: object, style: str = "", *, multiline: bool = False) -> Content:
    """``value`` as inert text, optionally styled."""
    text = sanitize(value, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def line(*parts: str | Content | tuple[str, str]) -> Content:
    """Assemble a line from parts; ``str`` parts and ``(text, style)`` tuples are sanitised first."""
    clean: list = []
    for part in parts:
        if isinstance(part, str):
            clean.append(sanitize(part, strip=False))
        elif isinstance(part, tuple):
            clean.append((sanitize(part[0], strip=False), part[1]))
        else:
            clean.append(part)
    return Content.assemble(*clean)


def notify(app, message: str, *, severity: str = "information", title: str = "", timeout: float | None = None) -> None:
    """``app.notify`` with markup off and the message sanitised."""
    app.notify(sanitize(message, multiline=True), title=sanitize(title), severity=severity, markup=False, timeout=timeout)
