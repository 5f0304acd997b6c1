"""Shared fixtures: a temporary database file (never :memory:, workers need real files) and a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import settings
from netui.db import close_database, open_database

NOW = dt.datetime(2026, 11, 21, 10, 0, 0)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """An opened, migrated, empty database in a temporary directory; the clock pinned to NOW."""
    path = tmp_path / "data" / "netui.db"
    monkeypatch.setenv("NETUI_DB", str(path))
    monkeypatch.setenv("NETUI_NOW", NOW.isoformat())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings.use(settings.Settings())
    open_database(path)
    yield path
    close_database()
    settings.use(None)


@pytest.fixture
def db(db_path):
    from netui.db import db as database

    return database
