"""Shared fixtures: a temporary database file (never :memory:, workers need real files) and a fixed clock."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from netui.core import settings
from netui.db import close_database, open_database
from netui.locations import ensure_private_dir

NOW = dt.datetime(2026, 11, 21, 10, 0, 0)

ROOT = Path(__file__).resolve().parents[1]
# Real-world vCard files, read in place from beside the project (never copied in). NETUI_TEST_CORPUS points
# elsewhere: a worktree whose ../shared is not there, or a missing folder to see every such test skip.
CORPUS = Path(os.environ.get("NETUI_TEST_CORPUS") or ROOT.parent / "shared" / "corpus")
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (NETUI_TEST_CORPUS points elsewhere)"
)


@pytest.fixture(scope="session", autouse=True)
def private_environment(tmp_path_factory):
    """No test reads the developer's config or touches their data, and parallel test processes share
    neither: XDG_CONFIG_HOME and XDG_DATA_HOME point into this process's temporary folder. COLUMNS and
    LINES go (pytest-xdist's workers set 80x24): an app started in a pseudo-terminal takes its size from
    the terminal, as it does for a user."""
    home = tmp_path_factory.mktemp("home")
    saved = {key: os.environ.get(key) for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "COLUMNS", "LINES")}
    os.environ.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    yield home
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    """A closed, migrated, empty database file, made once per test process: copying it is ten times
    cheaper than running every migration again for each test."""
    path = tmp_path_factory.mktemp("empty") / "netui.db"
    open_database(path)
    close_database()
    return path


@pytest.fixture
def db_path(tmp_path, monkeypatch, empty_template):
    """An opened, migrated, empty database in a temporary directory; the clock pinned to NOW."""
    path = tmp_path / "data" / "netui.db"
    monkeypatch.setenv("NETUI_DB", str(path))
    monkeypatch.setenv("NETUI_NOW", NOW.isoformat())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    settings.use(settings.Settings())
    ensure_private_dir(path.parent)
    shutil.copyfile(empty_template, path)
    os.chmod(path, 0o600)
    open_database(path)
    yield path
    close_database()
    settings.use(None)


@pytest.fixture
def db(db_path):
    from netui.db import db as database

    return database


def pytest_collection_modifyitems(config, items):
    """The long tests (marked slow) run first: with the suite spread over processes, a long test picked
    up last keeps one process busy after the others have finished. The order stays the same in every
    process (pytest-xdist requires it); the rest keep their order."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
