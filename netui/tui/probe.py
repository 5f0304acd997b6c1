"""In-app probes for the benchmarks: from a key to the frame that shows what it did.

Off unless ``NETUI_PROBE`` names a file, and decided once, at import: when off, ``install`` and
``mark`` are empty functions, so the hook points in the app cost one call and nothing else.

When on, ``install`` wraps three things of one app instance: its event handler (each key, with the
time the terminal driver read it), ``post_display_hook`` (Textual calls it when a frame has been handed
to the terminal) and the UI-thread half of the reminder tick. ``mark(what)`` is called by the code a key
sets off (``filter``, ``scroll``, ``open`` with the pane); the first frame written after a key's first
mark ends that key's measurement. ``later(what)``, called when the key's work goes on after that
frame (the pane drawn after the list's frame), records the next frame too, ``after`` naming the first.
Each record is appended to the file as one JSON line as soon as it is complete, after the frame it
measures (so the write is never inside a measurement): the bench waits for a key's line before it
sends the next key, so a mark always belongs to the latest key.
"""

from __future__ import annotations

import json
import os
import sys
import time

PATH = os.environ.get("NETUI_PROBE", "")
ENABLED = bool(PATH)

if not ENABLED:

    def install(app) -> None:
        """Probes are off: nothing to wrap."""

    def mark(what: str, detail: str = "") -> None:
        """Probes are off: nothing to record."""

    def later(what: str, detail: str = "") -> None:
        """Probes are off: nothing to record."""

else:
    # Textual stamps events with its own clock: monotonic, except perf_counter on Windows.
    _clock = time.perf_counter if sys.platform == "win32" else time.monotonic
    _pending: list[dict] = []  # keys read and not yet shown; marks go to the latest

    def _record(what: str, ms: float, **extra) -> None:
        with open(PATH, "a", encoding="utf-8") as out:
            out.write(json.dumps({"what": what, "ms": round(ms, 3), **extra}) + "\n")

    def install(app) -> None:
        """Wrap this app's key handling, frame hook and tick so that each key's latency is recorded."""
        from textual import events

        on_event, after_display, after_tick = app.on_event, app.post_display_hook, getattr(app, "_after_tick", None)

        async def probed_event(event) -> None:
            if isinstance(event, events.Key):
                # A key that set nothing off is dropped, and so is one whose frames are all recorded.
                _pending[:] = [p for p in _pending if p["marks"] and not p["framed"] or p["later"]]
                _pending.append({"key": event.key, "at": event.time, "marks": [], "framed": False, "later": []})
            await on_event(event)

        def probed_display() -> None:
            after_display()
            if _pending:
                done = _clock()
                for p in [p for p in _pending if p["marks"]]:
                    if not p["framed"]:
                        _record(p["marks"][0], (done - p["at"]) * 1000, key=p["key"], marks=p["marks"])
                        p["framed"] = True
                    for what in p["later"]:
                        _record(what, (done - p["at"]) * 1000, key=p["key"], after=p["marks"][0])
                    p["later"].clear()
                    if p is not _pending[-1]:  # the latest key stays: its work may go on (``later``)
                        _pending.remove(p)

        app.on_event = probed_event
        app.post_display_hook = probed_display
        if after_tick is not None:

            def probed_tick(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return after_tick(*args, **kwargs)
                finally:
                    _record("tick-ui", (time.perf_counter() - start) * 1000, items=len(args[0]) if args else None)

            app._after_tick = probed_tick

    def mark(what: str, detail: str = "") -> None:
        """The latest key set off ``what`` (``detail``: which one): its next frame ends its measurement."""
        if _pending:
            _pending[-1]["marks"].append(f"{what}:{detail}" if detail else what)

    def later(what: str, detail: str = "") -> None:
        """The latest key's work goes on after its first frame (a pane drawn once the list is out):
        the next frame is recorded too, as ``what``, with the key's first mark as ``after``."""
        if _pending and _pending[-1]["marks"]:
            _pending[-1]["later"].append(f"{what}:{detail}" if detail else what)
