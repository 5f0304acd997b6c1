"""The one place netui reads the time.

``NETUI_NOW`` (an ISO date or datetime) pins the clock for every command and the TUI, so that demos,
tests and bug reports are reproducible. Times are naive local datetimes, truncated to the second.
"""

from __future__ import annotations

import datetime as dt
import os

from netui.core.errors import ClockError


def pinned() -> dt.datetime | None:
    value = os.environ.get("NETUI_NOW", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
    except ValueError as exc:
        raise ClockError(f"NETUI_NOW={value!r} is not an ISO date or datetime") from exc


def now() -> dt.datetime:
    return pinned() or dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()
