"""Two netui databases in one test: each plays a machine; the open one is the one being used."""

from __future__ import annotations

import pytest

from netui.db import open_database


class Machine:
    """A database file standing for one device; ``use()`` makes it the open database."""

    def __init__(self, name: str, path):
        self.name, self.path = name, path

    def use(self) -> Machine:
        open_database(self.path)
        return self


@pytest.fixture
def machines(db_path, tmp_path):
    """Machines A and B (fresh databases beside the fixture's), A open first."""
    a = Machine("A", tmp_path / "a" / "netui.db")
    b = Machine("B", tmp_path / "b" / "netui.db")
    b.use()
    a.use()
    return a, b
