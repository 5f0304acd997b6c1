"""The bulk import path makes the same database as bringing people in one at a time.

Each case imports the same files twice on the same starting database, rolled back in between: once
one person at a time (``bulk=False``: ``contacts.create`` and ``merge.merge`` for each) and once in
batches (``NewContacts``, ``merge.Batch``); every table's rows and the reports must be the same. Rows
are compared without their own ids except where ids mean something (contacts, methods, tags), since
reminders of one batch may be numbered in another order. New UIDs are drawn from a counter.
"""

from __future__ import annotations

import io
import itertools
import types

import pytest

from netui.core import contacts, demo
from netui.db import db
from netui.interop import importer
from netui.interop.vcard import writing
from tests.conftest import CORPUS, ROOT, needs_corpus

FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("card-data-*"))
KEEP_IDS = {"contact", "contact_method", "tag"}

TRICKY = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Ann Lee\r
ORG:Acme\r
EMAIL:ann@acme.example\r
TEL:+44 20 7946 0001\r
BDAY:1980-02-29\r
CATEGORIES:Chess,vip\r
ADR;TYPE=HOME:;;1 Main St;Leeds;;LS1;UK\r
X-ANNIVERSARY:2005-06-20\r
RELATED;TYPE=spouse:Bo Lee\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Bo Chan\r
TEL:020 7946 0001\r
NOTE:same phone, another name: another person\r
CATEGORIES:VIP\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:A. Lee\r
TEL:020 7946 0001\r
NOTE:same phone, names share a word\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:ann lee\r
ORG:ACME\r
TITLE:Chair\r
NOTE:same name and organisation\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Ann Lee\r
EMAIL:other@elsewhere.example\r
NOTE:same name, another email: another person\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Cy Dee\r
EMAIL:ANN@acme.example\r
NOTE:same email\r
CATEGORIES:chess\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:cy-1\r
FN:Cy Dee\r
EMAIL:cy@dee.example\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
UID:cy-1\r
FN:Someone Else\r
TEL:555 0100 999\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:No Email\r
EMAIL:not-an-address\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
N:;;;;\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
KIND:group\r
FN:Chess club\r
MEMBER:urn:uuid:cy-1\r
MEMBER:mailto:ann@acme.example\r
END:VCARD\r
"""


def _dump() -> dict[str, list]:
    tables = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'contact_fts_%' ORDER BY name").fetchall()]
    out = {}
    for table in tables:
        cursor = db.execute_sql(f'SELECT {"rowid, " if table == "contact_fts" else ""}* FROM "{table}"')
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        if table not in KEEP_IDS and "id" in names:
            at = names.index("id")
            rows = [row[:at] + row[at + 1 :] for row in rows]
        out[table] = sorted(rows, key=repr)
    return out


def _run(monkeypatch, paths, now, batch_size: int, bulk: bool) -> tuple[dict, str]:
    counter = itertools.count(1)
    monkeypatch.setattr(contacts, "uuid", types.SimpleNamespace(uuid4=lambda: f"uid-{next(counter)}"))
    with db.atomic() as txn:
        report = importer.import_paths(paths, now, batch_size=batch_size, bulk=bulk)
        again = importer.import_paths(paths, now, batch_size=batch_size, bulk=bulk)  # everything matches now
        state = _dump()
        txn.rollback()
    return state, report.text() + "\n" + again.text()


def _same(monkeypatch, paths, now, batch_size: int = 7) -> str:
    one, one_report = _run(monkeypatch, paths, now, batch_size, bulk=False)
    many, many_report = _run(monkeypatch, paths, now, batch_size, bulk=True)
    assert many_report == one_report
    for table in one:
        assert many[table] == one[table], table
    return one_report


def test_the_fixtures_and_tricky_matches(db_path, tmp_path, now, monkeypatch):
    tricky = tmp_path / "tricky.vcf"
    tricky.write_text(TRICKY, encoding="utf-8")
    report = _same(monkeypatch, [*FIXTURES, tricky], now, batch_size=4)
    assert "same phone and the names agree" in report and "same name, and no organisation" in report
    assert "same email" in report and "same UID" in report and "skipped" in report


def test_a_network_exported_and_brought_into_part_of_itself(db_path, tmp_path, now, monkeypatch):
    """netui's own cards (met on a day, past jobs, tags, dates) into a database that has some of them."""
    demo.generate(contacts=60, seed=3, now=now)
    out = io.StringIO()
    writing.write(out, now)
    path = tmp_path / "network.vcf"
    path.write_text(out.getvalue(), encoding="utf-8")
    db.execute_sql("DELETE FROM contact WHERE id % 3 = 0")
    _same(monkeypatch, [path], now, batch_size=16)


@needs_corpus
@pytest.mark.parametrize("batch_size", [500, 3])
def test_the_corpus(db_path, now, monkeypatch, batch_size):
    files = sorted(CORPUS.rglob("*.vcf"))
    assert files
    _same(monkeypatch, files, now, batch_size=batch_size)
