"""Write screenshots/*.svg from the demo network: `make screenshots`.

The app runs headless at 100x30 (and the main screen also at 80x24) on a fresh demo database with the
clock pinned, so the pictures are reproducible.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
from pathlib import Path

NOW = dt.datetime(2026, 11, 21, 10, 0)
OUT = Path(__file__).resolve().parent.parent / "screenshots"

# (file name, size, keys to press after start); keys run on the main screen.
SHOTS = [
    ("main", (100, 30), ["down", "down", "down"]),
    ("main-80x24", (80, 24), ["down", "down", "down"]),
    ("filter", (100, 30), ["slash", *"mei", "enter"]),
    ("strength", (100, 30), ["down", "down", "down", "2"]),
    ("give", (100, 30), ["down", "down", "down", "3"]),
    ("help", (100, 30), ["question_mark"]),
    ("form-add", (100, 30), ["a"]),
    ("welcome", (80, 24), None),
]
EXTRA: list[tuple[str, tuple[int, int], list[str] | None]] = [
    ("agenda", (100, 30), ["r"]),
    ("overview", (100, 30), ["o"]),
    ("triage", (100, 30), ["t"]),
]


async def shoot(name: str, size: tuple[int, int], keys: list[str] | None, folder: Path) -> Path:
    from netui.core import demo
    from netui.db import close_database, open_database
    from netui.tui.app import NetuiApp

    path = folder / f"{name}.db"
    open_database(path)
    if keys is not None:
        demo.generate(300, seed=1, now=NOW)
    app = NetuiApp(db_path=path, now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys or []:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.2)
        if keys and name in {n for n, _, _ in EXTRA} and type(app.screen).__name__ == "MainScreen":
            raise RuntimeError("that screen does not exist yet")
        target = OUT / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(OUT))
    close_database()
    return target


def main() -> None:
    os.environ["NETUI_NOW"] = NOW.isoformat()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, keys in SHOTS + EXTRA:
            try:
                target = asyncio.run(shoot(name, size, keys, Path(tmp)))
            except Exception as exc:  # a screen not built yet should not stop the others
                print(f"skipped {name}: {exc}")
                continue
            print(f"wrote {target.relative_to(OUT.parent)}")


if __name__ == "__main__":
    main()
