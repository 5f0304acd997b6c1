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
tiers = { strong = 60, warm = 30, weak = 10 }   # lower bounds; below the last is "cold"
                                                 # ("fading", the old name of weak, still reads as weak)

[keys]             # remap any command by its name (see `?` in the app), e.g.
log = "L"
triage = "t,T"

[sync]             # run `netui sync` from the app's background tick (folders as set by `netui sync`)
auto = false
every_minutes = 15

[today]            # how many people the day's queue holds
limit = 10

[reminders]
follow_up_hours = 48
call_days = 30
face_to_face_days = 90

[scan]             # your own addresses: `netui scan` never takes them for a contact
me = ["you@example.com"]

[searches]         # saved searches: `netui list --saved NAME`, and "Saved: NAME" in the palette
"due inner" = "circle:inner is:due"

[phone]            # numbers typed without +country are read as this country's (ISO code)
region = "GB"
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from netui.core.errors import SettingsError as SettingsError
from netui.locations import config_path


def _default_cadence() -> dict[str, int]:
    return {"ace": 14, "inner": 30, "regular": 90, "outer": 180}


def _default_weights() -> dict[str, float]:
    return {"in-person": 10, "video": 6, "call": 6, "email": 3, "message": 2, "social": 1, "other": 2, "give": 4}


def _default_tiers() -> dict[str, int]:
    return {"strong": 60, "warm": 30, "weak": 10}


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
    scan_me: tuple[str, ...] = ()  # [scan] me: your own addresses, never taken for a contact
    today_limit: int = 10
    intro_chase_days: int = 5  # [introductions] chase_days: a side asked and silent this long comes up in Today
    searches: dict[str, str] = field(default_factory=dict)  # [searches]: saved search name -> search text
    phone_region: str = ""  # [phone] region: an ISO country code, "" for none (then +country is needed)

    def cadence_for(self, circle: str, override: int | None) -> int:
        if override:
            return override
        return self.cadence.get(circle, self.cadence.get("regular", 90))


CIRCLE_NAMES = ("ace", "inner", "regular", "outer")
WEIGHT_NAMES = ("in-person", "video", "call", "email", "message", "social", "other", "give")
TIER_NAMES = ("strong", "warm", "weak")
OLD_TIER_NAMES = {"fading": "weak"}  # a tier's name before it named a level apart from the trend
SECTIONS = ("cadence", "strength", "keys", "sync", "reminders", "today", "scan", "introductions", "searches", "phone")


class _Reader:
    """Type-checks one config file's values, each error naming the file and the key."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data

    def fail(self, key: str, problem: str) -> SettingsError:
        return SettingsError(f"{self.path}: {key} {problem}")

    @staticmethod
    def _shown(value: object) -> str:
        if isinstance(value, str):
            return f"the text {value!r}"[:80]
        if isinstance(value, dict):
            return "a table"
        if isinstance(value, list):
            return "a list"
        return repr(value)[:80]

    def table(self, parent: dict, name: str, key: str, known: tuple[str, ...] | None = None) -> dict:
        value = parent.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table (like [{key}] or {key} = {{ ... }}), not {self._shown(value)}")
        if known is not None:
            for k in value:
                if k not in known:
                    raise self.fail(f"{key}.{k}", f"is not a setting netui knows (known: {', '.join(known)})")
        return value

    def integer(self, table: dict, name: str, key: str, low: int, high: int, default: int) -> int:
        value = table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, f"must be a whole number from {low} to {high}, not {self._shown(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"must be from {low} to {high}, not {value}")
        return value

    def real(self, table: dict, name: str, key: str, low: float, high: float, default: float) -> float:
        value = table.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise self.fail(key, f"must be a number from {low:g} to {high:g}, not {self._shown(value)}")
        if not low <= value <= high:
            raise self.fail(key, f"must be from {low:g} to {high:g}, not {value}")
        return float(value)

    def boolean(self, table: dict, name: str, key: str, default: bool) -> bool:
        value = table.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"must be true or false (without quotes), not {self._shown(value)}")
        return value

    def addresses(self, table: dict, name: str, key: str) -> tuple[str, ...]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and "@" in v for v in value):
            raise self.fail(key, f"must be a list of email addresses in quotes, like [\"you@example.com\"], "
                                 f"not {self._shown(value)}")
        return tuple(v.strip() for v in value)

    def search(self, table: dict, name: str, key: str) -> str:
        value = table[name]
        if not isinstance(value, str) or not value.strip() or not str(name).strip():
            raise self.fail(key, f"must be a search in quotes, like \"circle:inner is:due\", not {self._shown(value)}")
        return value.strip()

    def region(self, table: dict, name: str, key: str) -> str:
        value = table.get(name, "")
        if not isinstance(value, str) or (value and not re.fullmatch(r"[A-Za-z]{2}", value.strip())):
            raise self.fail(key, f"must be a two-letter country code in quotes, like \"GB\" or \"US\", "
                                 f"not {self._shown(value)}")
        code = value.strip().upper()
        if code:
            import phonenumbers  # start-up: its metadata is loaded only when a region is set

            if code not in phonenumbers.SUPPORTED_REGIONS:
                hint = " (the United Kingdom is \"GB\")" if code == "UK" else ""
                raise self.fail(key, f"{value.strip()!r} is not a country code phone numbers know{hint}; "
                                     f"use one like \"GB\" or \"US\"")
        return code

    def text(self, table: dict, name: str, key: str) -> str:
        value = table[name]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a key or keys in quotes, like \"L\" or \"t,T\", not {self._shown(value)}")
        return value


def _tiers(r: _Reader, table: dict) -> dict[str, int]:
    """The tier bounds under today's names: ``fading = 10``, written before tiers named a level, means ``weak``."""
    out = {}
    for name in table:
        new = OLD_TIER_NAMES.get(name, name)
        if new != name and new in table:
            raise r.fail(f"strength.tiers.{name}", f"is the old name of {new}, which is set too: keep only {new}")
        out[new] = r.integer(table, name, f"strength.tiers.{name}", 0, 100, 0)
    return out


def load(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (default: the user's config file); missing keys keep defaults.

    Every value is type-checked: a value of the wrong type or out of range, an unknown key, or a
    syntax error (with its line) raises ``SettingsError`` naming the file and the key.
    """
    if path is None:
        path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):
        return Settings()
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise SettingsError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        try:
            path.stat()
        except OSError:  # a folder on the way is closed to this user: there is no file to see
            return Settings()
        raise SettingsError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    base = Settings()
    r = _Reader(path, data)
    for name in data:
        if name not in SECTIONS:
            raise r.fail(name, f"is not a section netui knows (known: {', '.join(SECTIONS)})")
    cadence_t = r.table(data, "cadence", "cadence", CIRCLE_NAMES)
    strength = r.table(data, "strength", "strength", ("half_life_days", "weights", "tiers"))
    weights_t = r.table(strength, "weights", "strength.weights", WEIGHT_NAMES)
    tiers_t = _tiers(r, r.table(strength, "tiers", "strength.tiers", TIER_NAMES + tuple(OLD_TIER_NAMES)))
    reminders = r.table(data, "reminders", "reminders", ("follow_up_hours", "call_days", "face_to_face_days"))
    sync = r.table(data, "sync", "sync", ("auto", "every_minutes"))
    today = r.table(data, "today", "today", ("limit",))
    keys = r.table(data, "keys", "keys")
    scan = r.table(data, "scan", "scan", ("me",))
    intros = r.table(data, "introductions", "introductions", ("chase_days",))
    searches = r.table(data, "searches", "searches")
    phone = r.table(data, "phone", "phone", ("region",))
    return Settings(
        cadence={**base.cadence, **{k: r.integer(cadence_t, k, f"cadence.{k}", 1, 3650, 0) for k in cadence_t}},
        half_life_days=r.real(strength, "half_life_days", "strength.half_life_days", 1, 3650, base.half_life_days),
        weights={**base.weights, **{k: r.real(weights_t, k, f"strength.weights.{k}", 0, 1000, 0) for k in weights_t}},
        tiers={**base.tiers, **tiers_t},
        follow_up_hours=r.integer(reminders, "follow_up_hours", "reminders.follow_up_hours", 1, 24 * 365,
                                  base.follow_up_hours),
        call_days=r.integer(reminders, "call_days", "reminders.call_days", 1, 3650, base.call_days),
        face_to_face_days=r.integer(reminders, "face_to_face_days", "reminders.face_to_face_days", 1, 3650,
                                    base.face_to_face_days),
        keys={str(k): r.text(keys, k, f"keys.{k}") for k in keys},
        sync_auto=r.boolean(sync, "auto", "sync.auto", base.sync_auto),
        sync_every_minutes=r.integer(sync, "every_minutes", "sync.every_minutes", 1, 7 * 24 * 60,
                                     base.sync_every_minutes),
        scan_me=r.addresses(scan, "me", "scan.me"),
        today_limit=r.integer(today, "limit", "today.limit", 1, 100_000, base.today_limit),
        intro_chase_days=r.integer(intros, "chase_days", "introductions.chase_days", 1, 365, base.intro_chase_days),
        searches={str(k).strip(): r.search(searches, k, f"searches.{k}") for k in searches},
        phone_region=r.region(phone, "region", "phone.region"),
    )


_current: Settings | None = None
_problem: str | None = None


def current() -> Settings:
    """The settings in force (loaded once per process; tests may ``use()`` their own).

    A config file netui cannot use gives the defaults; ``problem()`` says why."""
    global _current, _problem
    if _current is None:
        try:
            _current = load()
        except SettingsError as exc:
            _current, _problem = Settings(), str(exc)
    return _current


def problem() -> str | None:
    """Why the config file was not used (one line naming the file and the key), or None."""
    current()
    return _problem


def use(settings: Settings | None) -> None:
    global _current, _problem
    _current, _problem = settings, None
