"""A second import of the same file changes nothing: every file of the shared corpus and every vCard
and CSV fixture, each imported twice into an empty database, and the whole database compared table
by table. Only bookkeeping is left out of the comparison (``BOOKKEEPING``): undo is kept in memory
and an import writes no log table, so today that is just the list of applied migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.db.models import db
from netui.interop import importer
from tests.conftest import CORPUS, ROOT, needs_corpus

FIXTURES = sorted(p for ext in ("vcf", "csv") for p in (ROOT / "tests" / "fixtures").glob(f"*.{ext}"))
CORPUS_FILES = sorted(p for ext in ("vcf", "csv") for p in CORPUS.rglob(f"*.{ext}")) if CORPUS.is_dir() else []
BOOKKEEPING = {"migration"}


def dump() -> dict[str, list[tuple]]:
    """Every row of every table but the bookkeeping (sorted: some tables have no rowid)."""
    tables = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted(db.execute_sql(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables if t not in BOOKKEEPING}


def import_twice(path: Path, now) -> None:
    first = importer.import_paths([path], now)
    assert first.failed_files == []
    before = dump()
    assert before["contact"], f"{path.name} brought nobody in"
    second = importer.import_paths([path], now)
    assert (second.new, second.updated) == (0, 0)
    after = dump()
    assert {t: rows for t, rows in after.items() if rows != before[t]} == {}


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[str(p.relative_to(CORPUS)) for p in CORPUS_FILES])
def test_a_corpus_file_imported_again_changes_nothing(path, db_path, now):
    import_twice(path, now)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_a_fixture_imported_again_changes_nothing(path, db_path, now):
    import_twice(path, now)


def test_the_comparison_sees_a_change(db_path, now):
    """The dump is not blind: a row changed between two dumps shows up as a difference."""
    importer.import_paths([FIXTURES[0]], now)
    before = dump()
    db.execute_sql("UPDATE contact SET note = note || 'x'")
    assert dump()["contact"] != before["contact"]
