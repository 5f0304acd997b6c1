"""Writing some people out (netui.interop.selection): by name, the format a file name says, and a
default file name that never names a file already there."""

from __future__ import annotations

import io
from pathlib import Path

from netui.core import bulk, contacts
from netui.core.contacts import ContactInput
from netui.interop import selection


def test_by_name_orders_once_each_and_leaves_out_nobody(db_path, now):
    b = contacts.create(ContactInput(name="Bea Li"), now)
    a = contacts.create(ContactInput(name="ada Chen"), now)
    assert selection.by_name([b, a, b, 999]) == [a, b]
    out = io.StringIO()
    assert selection.write(out, [b], "vcard", now) == 1
    assert "FN:Bea Li" in out.getvalue() and "ada Chen" not in out.getvalue()


def test_format_of_a_file_name():
    assert [selection.format_of(Path(n)) for n in ("a.VCF", "a.vcard", "b.csv", "c.json", "d.txt", "e")] \
        == ["vcard", "vcard", "csv", "json", None, None]


def test_free_name_takes_the_next_number_when_a_name_is_taken_in_any_format(tmp_path, now):
    assert selection.free_name(tmp_path, "vcard", now) == tmp_path / "marked-2026-11-21.vcf"
    (tmp_path / "marked-2026-11-21.csv").write_text("")
    assert selection.free_name(tmp_path, "json", now) == tmp_path / "marked-2026-11-21-2.json"


def test_many_people_are_put_in_order_by_walking_the_list_the_same_as_a_few(db_path, now, monkeypatch):
    ids = [contacts.create(ContactInput(name=name), now) for name in ("Cy", "ada", "Bea", "Dan", "Eve")]
    marked = [ids[0], ids[2], ids[3], ids[4]]
    few = (selection.by_name(marked), bulk.first_names(marked, 3))
    monkeypatch.setattr(selection, "WALK_FROM", 2)
    monkeypatch.setattr(bulk, "WALK_FROM", 2)
    assert (selection.by_name(marked), bulk.first_names(marked, 3)) == few == ([ids[2], ids[0], ids[3], ids[4]],
                                                                                ["Bea", "Cy", "Dan"])
