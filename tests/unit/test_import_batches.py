"""How an import writes: dry runs write nothing, batches are whole, a re-run completes, progress is told."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from peewee import IntegrityError

from netui.core import cards as card_data
from netui.core import merge
from netui.db.models import Contact, ContactMethod, ContactTag, Tag
from netui.interop import importer


def cards(n: int, start: int = 0) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:person{i}@example.com\r\nCATEGORIES:batch\r\nEND:VCARD\r\n"
        for i in range(start, start + n)
    )


def test_a_dry_run_reports_the_same_and_writes_nothing(db_path, tmp_path, now):
    path = tmp_path / "people.vcf"
    path.write_text(cards(12) + cards(3) + "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n")
    dry = importer.import_paths([path], now, dry_run=True, batch_size=5)
    assert (dry.new, dry.unchanged, dry.skipped) == (12, 3, 1)
    assert dry.text().endswith("Total: 12 new, 0 updated, 3 unchanged, 1 skipped.\nDry run: nothing was written.")
    assert (Contact.select().count(), ContactMethod.select().count(), Tag.select().count()) == (0, 0, 0)
    real = importer.import_paths([path], now, batch_size=5)
    assert dry.text().replace("\nDry run: nothing was written.", "") == real.text()
    assert Contact.select().count() == 12


def test_an_interrupted_import_leaves_whole_batches_and_a_rerun_completes(db_path, tmp_path, now, monkeypatch):
    path = tmp_path / "people.vcf"
    path.write_text(cards(12))
    real_merge = merge.bring_in
    calls = []

    def crash_on_the_eighth(incoming, match, when, new=None):
        calls.append(incoming.name)
        if len(calls) == 8:
            raise KeyboardInterrupt
        return real_merge(incoming, match, when, new)

    monkeypatch.setattr(merge, "bring_in", crash_on_the_eighth)
    with pytest.raises(KeyboardInterrupt):
        importer.import_paths([path], now, batch_size=5)
    # The first batch of five is in; the second batch (cards 6-8) was rolled back whole.
    assert sorted(n for (n,) in Contact.select(Contact.name).tuples()) == [f"Person {i}" for i in range(5)]
    monkeypatch.setattr(merge, "bring_in", real_merge)
    again = importer.import_paths([path], now, batch_size=5)
    assert (again.new, again.unchanged) == (7, 5)
    assert Contact.select().count() == 12 and ContactMethod.select().count() == 12


def test_one_person_that_cannot_be_stored_is_skipped_alone(db_path, tmp_path, now, monkeypatch):
    path = tmp_path / "people.vcf"
    path.write_text(cards(3) + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person 1\r\nEMAIL:person1@example.com\r\nNOTE:more\r\nEND:VCARD\r\n")
    real_merge = merge.bring_in

    def refuse_person_1(incoming, match, when, new=None):
        if incoming.name == "Person 1" and match is not None:
            real_merge(incoming, match, when, new)  # writes, then fails: its savepoint must undo the write
            raise ValueError("the database refused it")
        return real_merge(incoming, match, when, new)

    monkeypatch.setattr(merge, "bring_in", refuse_person_1)
    # The second card of Person 1 matches the first (new in the same batch): the savepoint of a merge
    # undoes it. A new person is written whole or not at all (below).
    report = importer.import_paths([path], now)
    assert [(p.position, p.line, p.reason) for p in report.files[0].skipped] == [(4, 19, "the database refused it")]
    assert sorted(n for (n,) in Contact.select(Contact.name).tuples()) == ["Person 0", "Person 1", "Person 2"]
    assert ContactMethod.select().count() == 3 and Contact.get(Contact.name == "Person 1").note == ""


@pytest.mark.parametrize("bulk", [True, False])
def test_a_new_person_that_cannot_be_stored_is_skipped_alone(db_path, tmp_path, now, monkeypatch, bulk):
    path = tmp_path / "people.vcf"
    path.write_text(cards(3).replace("END:VCARD", "RELATED;TYPE=friend:Someone\r\nEND:VCARD"))
    real_write = card_data.write

    def write(contact_id, card):  # fails once the person's own row is written
        if Contact.get_by_id(contact_id).name == "Person 1":
            raise IntegrityError("the database refused it")
        return real_write(contact_id, card)

    monkeypatch.setattr(card_data, "write", write)
    report = importer.import_paths([path], now, bulk=bulk)
    assert [(p.position, p.line, p.reason) for p in report.files[0].skipped] == [(2, 8, "the database refused it")]
    assert sorted(n for (n,) in Contact.select(Contact.name).tuples()) == ["Person 0", "Person 2"]
    assert ContactMethod.select().count() == 2 and ContactTag.select().count() == 2


def test_progress_follows_every_person_to_the_total(db_path, tmp_path, now):
    a, b = tmp_path / "a.vcf", tmp_path / "b.vcf"
    a.write_text(cards(3))
    b.write_text(cards(4, start=3))
    seen = []
    importer.import_paths([a, b], now, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 7)] + [(i, 7) for i in range(1, 8)]


def test_progress_on_a_big_import_is_told_a_few_hundred_times_at_most(db_path, tmp_path, now, monkeypatch):
    path = tmp_path / "many.vcf"
    path.write_text(cards(450))
    monkeypatch.setattr(merge, "bring_in", lambda incoming, match, when, new=None: merge.Outcome("new", 0, None))  # only the counting matters
    seen = []
    importer.import_paths([path], now, progress=lambda done, total: seen.append(done))
    assert seen[0] == 0 and seen[-1] == 450 and len(seen) <= 230 and seen == sorted(seen)


def test_structured_counts_for_a_tui(db_path, tmp_path, now):
    good, bad = tmp_path / "good.vcf", tmp_path / "bad.vcf"
    good.write_text(cards(2) + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Odd\r\nBDAY:never\r\nEND:VCARD\r\n")
    bad.write_bytes(b"\x00\x01\x02" * 100)
    report = importer.import_paths([good, bad], now)
    assert report.counts() == {"read": 3, "new": 3, "updated": 0, "unchanged": 0, "skipped": 0, "warnings": 1, "failed_files": 1}
    assert report.files[0].counts()["new"] == 3 and report.files[1].error
    assert report.failed_files == [bad]


def test_a_dry_run_without_a_database_creates_no_folder_and_no_file(tmp_path):
    path = tmp_path / "cards.vcf"
    path.write_text(cards(2))
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k != "NETUI_DB"}
    env.update(XDG_DATA_HOME=str(data), XDG_CONFIG_HOME=str(tmp_path / "cfg"), NETUI_NOW="2026-11-21T10:00")
    result = subprocess.run([sys.executable, "-m", "netui", "import", "--dry-run", str(path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["Total: 2 new, 0 updated, 0 unchanged, 0 skipped.", "Dry run: nothing was written."]
    assert not data.exists()
