"""The demo network, built once per test process and copied into each snapshot test's database."""

from __future__ import annotations

import os
import shutil

import pytest

from bench.screenshots import make_database
from netui.core import settings
from netui.db import close_database, open_database


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A closed database file holding the demo network at the pinned clock (default settings)."""
    path = tmp_path_factory.mktemp("demo") / "netui.db"
    settings.use(settings.Settings())
    try:
        make_database(path)
    finally:
        close_database()
        settings.use(None)
    return path


@pytest.fixture
def demo_db(db_path, demo_template):
    """``db_path`` (environment, clock, settings) with a fresh copy of the demo network in it, opened."""
    close_database()
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(demo_template, db_path)
    os.chmod(db_path, 0o600)
    open_database(db_path)
    return db_path
