"""Helpers shared by the command modules: the clock, WHO, dates and output."""

from __future__ import annotations

import json
import sys
from typing import Any

from netui.core import clock, contacts
from netui.core.dates import parse_datetime


def now():
    return clock.now()


def who(args_who: str) -> int:
    return contacts.resolve(args_who)


def when(text: str | None):
    return parse_datetime(text, now()) if text else now()


def print_json(value: Any) -> None:
    # One write: json.dump writes each token on its own (1.3 million writes for 10,000 contacts).
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


