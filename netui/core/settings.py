"""Tunable defaults, overridable in ``config.toml`` (see the README's Configuration section).

```toml
[cadence]          # keep-in-touch cadence by circle, in days
ace = 14
inner = 30
regular = 90
outer = 180

[strength]
half_life_days = 90
weights = { in-person = 10, video = 6, call = 6, email = 3, message = 2, social = 1, other = 2, give = 4 }
tiers = { strong = 60, warm = 30, fading = 10 }   # lower bounds; below the last is "cold"

[keys]             # remap any command by its name (see `?` in the app), e.g.
log = "L"
triage = "t,T"

[sync]             # run `netui sync` from the app's background tick (folders as set by `netui sync`)
auto = false
every_minutes = 15

[reminders]
follow_up_hours = 48
call_days = 30
face_to_face_days = 90

[scan]             # your own addresses: `netui scan` never takes them for a contact
me = ["you@example.com"]
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from netui.locations import config_path


def _default_cadence() -> dict[str, int]:
    return {"ace": 14, "inner": 30, "regular": 90, "outer": 180}


def _default_weights() -> dict[str, float]:
    return {"in-person": 10, "video": 6, "call": 6, "email": 3, "message": 2, "social": 1, "other": 2, "give": 4}


def _default_tiers() -> dict[str, int]:
    return {"strong": 60, "warm": 30, "fading": 10}


@dataclass(frozen=True)
class Settings:
    cadence: dict[str, int] = field(default_factory=_default_cadence)
    half_life_days: float = 90.0
    weights: dict[str, float] = field(default_factory=_default_weights)
    tiers: dict[str, int] = field(default_factory=_default_tiers)
    follow_up_hours: int = 48
    call_days: int = 30
    face_to_face_days: int = 90
    keys: dict[str, str] = field(default_factory=dict)  # command (binding id) -> key(s)
    sync_auto: bool = False
    sync_every_minutes: int = 15
    scan_me: tuple[str, ...] = ()  # [scan] me = [...]: your own addresses, never taken for a contact

    def cadence_for(self, circle: str, override: int | None) -> int:
        if override:
            return override
        return self.cadence.get(circle, self.cadence.get("regular", 90))


def load(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: the user's config file); missing keys keep defaults."""
    if path is None:
        path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        return Settings()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    base = Settings()
    strength = data.get("strength", {})
    reminders = data.get("reminders", {})
    return Settings(
        cadence={**base.cadence, **{k: int(v) for k, v in data.get("cadence", {}).items()}},
        half_life_days=float(strength.get("half_life_days", base.half_life_days)),
        weights={**base.weights, **{k: float(v) for k, v in strength.get("weights", {}).items()}},
        tiers={**base.tiers, **{k: int(v) for k, v in strength.get("tiers", {}).items()}},
        follow_up_hours=int(reminders.get("follow_up_hours", base.follow_up_hours)),
        call_days=int(reminders.get("call_days", base.call_days)),
        face_to_face_days=int(reminders.get("face_to_face_days", base.face_to_face_days)),
        keys={str(k): str(v) for k, v in data.get("keys", {}).items()},
        sync_auto=bool(data.get("sync", {}).get("auto", False)),
        sync_every_minutes=max(1, int(data.get("sync", {}).get("every_minutes", 15))),
        scan_me=tuple(str(a) for a in data.get("scan", {}).get("me", ())),
    )


_current: Settings | None = None


def current() -> Settings:
    """The settings in force (loaded once per process; tests may ``use()`` their own)."""
    global _current
    if _current is None:
        try:
            _current = load()
        except ValueError:
            _current = Settings()
    return _current


def use(settings: Settings | None) -> None:
    global _current
    _current = settings
