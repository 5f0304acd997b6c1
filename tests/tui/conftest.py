from __future__ import annotations

import datetime as dt

import pytest

from netui.tui.app import NetuiApp


class Clock:
    """A clock the test can move while the app runs."""

    def __init__(self, start: dt.datetime):
        self.value = start

    def __call__(self) -> dt.datetime:
        return self.value

    def advance(self, **delta) -> None:
        self.value += dt.timedelta(**delta)


@pytest.fixture
def clock(now):
    return Clock(now)


@pytest.fixture
def make_app(db_path, clock):
    def make(**kwargs) -> NetuiApp:
        return NetuiApp(db_path=db_path, now=clock, **kwargs)

    return make
