"""A second import of the same file changes nothing: every corpus file and every card-data fixture,
each imported twice into an empty database, and the whole database compared table by table."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.db.models import db
from netui.interop import importer
from tests.conftest import CORPUS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted(CORPUS.glob("*/*.vcf")) + sorted(FIXTURES.glob("card-data-*"))


def dump() -> dict[str, list[tuple]]:
    """Every row of every table (sorted: some tables have no rowid)."""
    tables = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(db.execute_sql(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_a_second_import_changes_nothing(path, db_path, now):
    first = importer.import_paths([path], now)
    assert first.failed_files == []
    before = dump()
    second = importer.import_paths([path], now)
    assert (second.new, second.updated) == (0, 0)
    after = dump()
    assert {t: rows for t, rows in after.items() if rows != before[t]} == {}
